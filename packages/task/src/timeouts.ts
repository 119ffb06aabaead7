import {
  type AbstractEventLoop,
  CancelledError,
  type Coroutine,
  getRunningLoop,
  type Handle,
  RuntimeError,
  TimeoutError,
} from "@tsio/future";
import { _awaitable, _checkTimeout, _closeCoroutine } from "./awaitable.js";
import type { AwaitableLike } from "./ensure-future.js";
import type { Task } from "./task.js";

/**
 * The states of a Timeout, named as Python's `_State` values (what repr shows): created,
 * active inside the block, expiring (its deadline passed and the task is being cancelled),
 * expired, or finished without expiring. A plain string type; it throws nothing.
 *
 * @example
 * ```ts
 * function isOver(state: TimeoutState): boolean {
 *   return state === "expired" || state === "finished";
 * }
 * isOver("active"); // false
 * ```
 */
export type TimeoutState = "created" | "active" | "expiring" | "expired" | "finished";

/**
 * The block a Timeout runs: an awaitable (a coroutine runs inline, as `await` would), or a
 * function of the Timeout returning one (a `function*`, so that the block can call
 * `cm.reschedule()` or read `cm.expired()`). The Timeout throws TimeoutError when the deadline
 * cut the block short, and whatever the block throws otherwise.
 *
 * @typeParam T - the block's result type.
 * @example
 * ```ts
 * const body: TimeoutBody<number> = function* (cm) {
 *   yield* sleep(1);
 *   cm.reschedule(null); // no deadline any more
 *   return 1;
 * };
 * function* main() {
 *   const n = yield* timeout(5).run(body);
 * }
 * ```
 */
export type TimeoutBody<T> = AwaitableLike<T> | ((cm: Timeout) => AwaitableLike<T>);

function onTimeout(cm: Timeout): void {
  cm._onTimeout();
}

function formatWhen(when: number | null): string {
  if (when === null) return "None";
  const r = Math.round(when * 1000) / 1000;
  return Number.isInteger(r) ? `${r}.0` : String(r);
}

/**
 * asyncio.Timeout: a deadline for a block of a coroutine. When the deadline passes, the task
 * running the block is cancelled; the CancelledError is turned into a TimeoutError on the way out
 * of the block (only by the outermost Timeout that expired; a cancellation from elsewhere passes
 * through unchanged, as in Python 3.11+).
 *
 * Python writes `async with asyncio.timeout(10) as cm:`; a generator coroutine has no
 * `async with`, so the block is given to {@link Timeout.run}, which enters, runs the block and
 * exits on every path (return, error, cancellation): the timer cannot outlive the block.
 * `enter()` / `exit()` are the two halves for code that manages the context by hand.
 *
 * Make one with {@link timeout} or {@link timeoutAt}.
 *
 * @example
 * ```ts
 * function* main() {
 *   try {
 *     yield* timeout(10).run(function* (cm) {
 *       yield* longRunningTask();
 *       cm.reschedule(cm.when()! + 5); // more time
 *     });
 *   } catch (e) {
 *     if (e instanceof TimeoutError) console.log("took too long");
 *     else throw e;
 *   }
 * }
 * ```
 */
export class Timeout {
  /** @internal */ _state: TimeoutState = "created";
  private _when: number | null;
  private _handle: Handle | null = null;
  private _task: Task<unknown> | null = null;
  private _loop: AbstractEventLoop | null = null;
  private _cancelling = 0;
  /** For waitFor: the deadline is `delay` seconds after entering (> 0). */
  private _delay: number | null = null;

  /**
   * A Timeout whose deadline is `delay` (> 0) seconds after it is entered, as Python's wait_for
   * computes it when awaited.
   * @internal
   */
  static _after(delay: number): Timeout {
    const cm = new Timeout(null);
    cm._delay = delay;
    return cm;
  }

  /**
   * A timeout at loop time `when` (null: never). Prefer {@link timeout} / {@link timeoutAt}.
   * @throws {ValueError} for NaN. {@link TypeError} for something not a number or null.
   * @example
   * ```ts
   * const cm = new Timeout(getRunningLoop().time() + 5);
   * ```
   */
  constructor(when: number | null) {
    this._when = _checkTimeout(when, "when");
  }

  /**
   * The deadline, in loop time (seconds), or null when the timeout is disabled.
   * @example
   * ```ts
   * cm.when(); // 12.5
   * ```
   */
  when(): number | null {
    return this._when;
  }

  /**
   * Moves the deadline to loop time `when` (null disables it). A deadline already passed
   * expires at the next loop iteration.
   *
   * @throws {RuntimeError} "Timeout has not been entered" before the block starts, or "Cannot
   *   change state of expiring/expired/finished Timeout" once the deadline passed or the block
   *   ended.
   * @example
   * ```ts
   * cm.reschedule(getRunningLoop().time() + 30);
   * ```
   */
  reschedule(when: number | null): void {
    if (this._state !== "active") {
      if (this._state === "created") {
        throw new RuntimeError(
          "Timeout has not been entered: reschedule it inside its block (timeout(d).run(...))",
        );
      }
      throw new RuntimeError(`Cannot change state of ${this._state} Timeout`);
    }
    this._schedule(_checkTimeout(when, "when"));
  }

  private _schedule(when: number | null): void {
    this._when = when;
    if (this._handle !== null) this._handle.cancel();
    if (when === null) {
      this._handle = null;
      return;
    }
    const loop = this._loop as AbstractEventLoop;
    this._handle =
      when <= loop.time() ? loop.callSoon(onTimeout, this) : loop.callAt(when, onTimeout, this);
  }

  /**
   * True once the deadline passed while the block ran.
   * @example
   * ```ts
   * cm.expired(); // false
   * ```
   */
  expired(): boolean {
    return this._state === "expiring" || this._state === "expired";
  }

  /**
   * Enters the timeout in the current task and arms its timer: Python's `__aenter__`. Pair it
   * with {@link Timeout.exit}; {@link Timeout.run} does both.
   *
   * @throws {RuntimeError} "Timeout has already been entered" (a Timeout is used once), or
   *   "Timeout should be used inside a task".
   * @example
   * ```ts
   * const cm = timeout(5).enter();
   * try { yield* work(); } catch (e) { cm.exit(e); throw e; }
   * cm.exit();
   * ```
   */
  enter(): this {
    if (this._state !== "created") {
      throw new RuntimeError(
        "Timeout has already been entered: create a new one with timeout() for each block",
      );
    }
    const loop = getRunningLoop();
    const task = loop._currentTask as Task<unknown> | null;
    if (task === null) {
      throw new RuntimeError(
        "Timeout should be used inside a task: run the block in a coroutine driven by a Task",
      );
    }
    this._state = "active";
    this._task = task;
    this._loop = loop;
    this._cancelling = task.cancelling();
    const delay = this._delay;
    if (delay !== null) {
      const when = loop.time() + delay;
      this._when = when;
      this._handle = loop.callAt(when, onTimeout, this);
    } else {
      this._schedule(this._when);
    }
    return this;
  }

  /**
   * Leaves the timeout: Python's `__aexit__`. Call it with the error the block raised, if any.
   * Throws a TimeoutError (its `cause` the CancelledError) when this timeout expired and the
   * error is the cancellation it caused; otherwise returns, and the caller re-throws its error.
   *
   * @throws {TimeoutError} as above.
   * @throws {RuntimeError} when the timeout was not entered or was already left.
   * @example
   * ```ts
   * cm.exit(err); // throws TimeoutError, or returns so that you re-throw err
   * ```
   */
  exit(...error: [] | [unknown]): void {
    this._exit(error.length > 0, error[0]);
  }

  /** @internal */
  _exit(hasExc: boolean, exc: unknown): void {
    if (this._state !== "active" && this._state !== "expiring") {
      throw new RuntimeError(
        `Cannot exit a ${this._state} Timeout: exit() must follow enter(), once`,
      );
    }
    if (this._handle !== null) {
      this._handle.cancel();
      this._handle = null;
    }
    if (this._state === "expiring") {
      this._state = "expired";
      if ((this._task as Task<unknown>).uncancel() <= this._cancelling && hasExc) {
        // No new cancellation requests since we entered: this one is ours.
        if (exc instanceof CancelledError) throw new TimeoutError("", { cause: exc });
      }
    } else {
      this._state = "finished";
    }
  }

  /**
   * Runs `body` under this timeout and returns its result: Python's
   * `async with cm: return await body`. Enters, runs, and exits on every path, so the timer
   * never outlives the block. `body` is a coroutine or awaitable, or a function of this Timeout
   * returning one.
   *
   * @throws {TimeoutError} when the deadline passed and the block ended by the cancellation.
   * @throws {RuntimeError} when the Timeout was already used, or outside a task.
   * @example
   * ```ts
   * const page = yield* timeout(5).run(fetchPage(url));
   * yield* timeoutAt(loop.time() + 5).run(function* (cm) { ... });
   * ```
   */
  *run<T>(body: TimeoutBody<T>): Coroutine<T> {
    try {
      this.enter();
    } catch (e) {
      _closeCoroutine(body);
      throw e;
    }
    let threw = false;
    try {
      return yield* _awaitable(typeof body === "function" ? body(this) : body);
    } catch (e) {
      threw = true;
      this._exit(true, e);
      throw e;
    } finally {
      if (!threw) this._exit(false, undefined);
    }
  }

  /** Python's `_on_timeout`. @internal */
  _onTimeout(): void {
    (this._task as Task<unknown>).cancel();
    this._state = "expiring";
    this._handle = null;
  }

  /**
   * asyncio's repr: `<Timeout [active] when=12.5>`, `<Timeout [expired]>`.
   * @example
   * ```ts
   * String(cm);
   * ```
   */
  toString(): string {
    const info = this._state === "active" ? ` when=${formatWhen(this._when)}` : "";
    return `<Timeout [${this._state}]${info}>`;
  }

  /** @internal */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/**
 * asyncio.timeout: a {@link Timeout} that expires `delay` seconds from now (null: never; zero or
 * negative: at the next loop iteration). Run the block with `.run(...)`.
 *
 * @param delay - seconds, or null for no deadline.
 * @throws {RuntimeError} outside a running loop.
 * @throws {ValueError} for a NaN delay.
 * @example
 * ```ts
 * function* main() {
 *   try {
 *     yield* timeout(1).run(eternity());
 *   } catch (e) {
 *     if (e instanceof TimeoutError) console.log("timeout!");
 *   }
 * }
 * ```
 */
export function timeout(delay: number | null): Timeout {
  const checked = _checkTimeout(delay, "delay");
  const loop = getRunningLoop();
  return new Timeout(checked === null ? null : loop.time() + checked);
}

/**
 * asyncio.timeout_at: a {@link Timeout} that expires at loop time `when` (`loop.time()`'s clock,
 * not the wall clock), or never for null.
 *
 * @param when - a loop time in seconds, or null.
 * @throws {ValueError} for NaN.
 * @example
 * ```ts
 * const loop = getRunningLoop();
 * yield* timeoutAt(loop.time() + 10).run(longRunningTask());
 * ```
 */
export function timeoutAt(when: number | null): Timeout {
  return new Timeout(_checkTimeout(when, "when"));
}
