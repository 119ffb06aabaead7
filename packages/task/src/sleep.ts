import {
  type _TimerEntry,
  type Coroutine,
  type Future,
  getRunningLoop,
  setResultUnlessCancelled,
  ValueError,
} from "@tsio/future";
import { RESUME, SLEEP0 } from "./tokens.js";

/**
 * The coroutine `sleep(0)` returns: yields SLEEP0 once, returns `result` when resumed with
 * RESUME. Stateless, so one object serves every caller of sleep(0) without a result.
 */
class Sleep0<T> implements Coroutine<T> {
  constructor(private readonly value: T) {}
  next(arg?: unknown): IteratorResult<unknown, T> {
    if (arg === RESUME) return { done: true, value: this.value };
    return { done: false, value: SLEEP0 };
  }
  throw(e?: unknown): IteratorResult<unknown, T> {
    throw e;
  }
  return(value: T): IteratorResult<unknown, T> {
    return { done: true, value };
  }
  [Symbol.iterator](): Sleep0<T> {
    return this;
  }
  [Symbol.dispose](): void {}
  get [Symbol.toStringTag](): string {
    return "Generator";
  }
}

const SLEEP0_UNDEFINED = new Sleep0<undefined>(undefined);

/**
 * The coroutine `sleep(delay > 0)` returns: Python's
 * `future = loop.create_future(); h = loop.call_later(delay, ...); try: return await future
 * finally: h.cancel()`, written as an iterator object because a generator costs twice the
 * memory and a million tasks may sleep at once. For the same reason it is its own timer: the
 * loop's heap holds it (see `_TimerEntry`) where Python's holds a TimerHandle with an arguments
 * tuple. The future stays a plain Future, the one the task waits on.
 */
class SleepFor<T> implements Coroutine<T>, _TimerEntry {
  /** The future the task waits on; null until the sleep starts (its first `next()`). */
  private _future: Future<T> | null = null;
  private readonly _value: T;
  // The timer entry's fields (set by the loop once scheduled).
  /** The delay until the sleep starts, then the loop time it ends. @internal */
  _when: number;
  /** @internal */ _seq = 0;
  /** @internal */ _cancelled = false;
  /** @internal */ _scheduled = false;

  constructor(delay: number, value: T) {
    this._value = value;
    this._when = delay;
  }
  next(): IteratorResult<unknown, T> {
    let future = this._future;
    if (future === null) {
      if (Number.isNaN(this._when)) throw new ValueError("Invalid delay: NaN (not a number)");
      const loop = getRunningLoop();
      future = loop.createFuture<T>();
      this._future = future;
      loop._callLaterEntry(this._when, this);
    }
    try {
      const r = future.next();
      if (r.done === true) this.finish();
      return r;
    } catch (e) {
      this.finish();
      throw e;
    }
  }
  throw(e?: unknown): IteratorResult<unknown, T> {
    this.finish();
    throw e;
  }
  return(value: T): IteratorResult<unknown, T> {
    this.finish();
    return { done: true, value };
  }
  /** The timer is due: Python's `futures._set_result_unless_cancelled(future, result)`. @internal */
  _run(): void {
    const future = this._future as Future<T>;
    try {
      setResultUnlessCancelled(future, this._value);
    } catch (exc) {
      // Only if the future was completed by hand; reported as a failing TimerHandle would be.
      future._loop.callExceptionHandler({
        message: "Exception in callback setResultUnlessCancelled()",
        exception: exc,
      });
    }
  }
  /** Python's `h.cancel()` in sleep's `finally`. */
  private finish(): void {
    if (this._future === null || this._cancelled) return;
    this._future._loop._timerHandleCancelled(this);
    this._cancelled = true;
  }
  [Symbol.iterator](): SleepFor<T> {
    return this;
  }
  [Symbol.dispose](): void {}
  get [Symbol.toStringTag](): string {
    return "Generator";
  }
}

/**
 * asyncio.sleep: a coroutine that completes after `delay` seconds, returning `result` (the
 * optional second argument; default undefined). `sleep(0)` (or a negative delay) gives up
 * exactly one loop iteration, letting every other ready task run a step.
 *
 * @param delay - seconds (fractions allowed).
 * @throws {ValueError} "Invalid delay: NaN (not a number)" when awaited with NaN.
 * @example
 * ```ts
 * function* main() {
 *   yield* sleep(0.5);
 *   const v = yield* sleep(1, "done"); // "done"
 * }
 * ```
 */
export function sleep(delay: number): Coroutine<undefined>;
export function sleep<T>(delay: number, result: T): Coroutine<T>;
export function sleep<T>(delay: number, result?: T): Coroutine<T | undefined> {
  if (delay <= 0) return result === undefined ? SLEEP0_UNDEFINED : new Sleep0(result);
  return new SleepFor(delay, result as T);
}
