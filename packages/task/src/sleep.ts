import {
  type Coroutine,
  type Future,
  getRunningLoop,
  setResultUnlessCancelled,
  type TimerHandle,
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
 * memory and a million tasks may sleep at once.
 */
class SleepFor<T> implements Coroutine<T> {
  private future: Future<T> | null = null;
  private handle: TimerHandle | null = null;
  constructor(
    private readonly delay: number,
    private readonly value: T,
  ) {}
  next(): IteratorResult<unknown, T> {
    let future = this.future;
    if (future === null) {
      if (Number.isNaN(this.delay)) throw new ValueError("Invalid delay: NaN (not a number)");
      const loop = getRunningLoop();
      future = loop.createFuture<T>();
      this.future = future;
      this.handle = loop.callLater(this.delay, setResultUnlessCancelled<T>, future, this.value);
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
  private finish(): void {
    this.handle?.cancel();
    this.handle = null;
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
 * asyncio.sleep: a coroutine that completes after `delay` seconds, returning `result`.
 * `sleep(0)` (or a negative delay) gives up exactly one loop iteration, letting every other
 * ready task run a step.
 *
 * @param delay - seconds (fractions allowed).
 * @param result - what the sleep returns (default undefined).
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
