import { EventLoop, type EventLoopOptions } from "./event-loop.js";

function noop(): void {}

/**
 * Options of {@link TestLoop}: those of EventLoop except the clock, plus the virtual start
 * time and whether the clock jumps by itself. A plain options object; it throws nothing.
 *
 * @example
 * ```ts
 * const options: TestLoopOptions = { start: 100, autoJump: false };
 * const loop = new TestLoop(options);
 * loop.time(); // 100
 * ```
 */
export interface TestLoopOptions extends Omit<EventLoopOptions, "clock"> {
  /** The virtual time to start at (default 0). */
  start?: number;
  /**
   * When nothing is ready, jump the clock to the next timer at once (default true). With false,
   * time moves only through {@link TestLoop.advanceTime}.
   */
  autoJump?: boolean;
}

/**
 * An event loop on a virtual clock, for tests about time (CPython's test_utils.TestLoop): time
 * stands still while callbacks run, and when nothing is ready it jumps to the next timer, so a
 * program that sleeps an hour finishes at once and `loop.time()` reads exactly 3600.
 *
 * Real I/O still works, but while the loop waits for it with a timer pending the clock jumps:
 * keep tests on the TestLoop about scheduling and time.
 *
 * @example
 * ```ts
 * const loop = new TestLoop();
 * await loop.runUntilComplete(sleep(3600));
 * loop.time(); // 3600
 * loop.close();
 * ```
 */
export class TestLoop extends EventLoop {
  private _now: number;
  private readonly _autoJump: boolean;
  private _activity = false;

  /**
   * @param options - `{ start, autoJump, timeBudgetMs, debug }`.
   * @example
   * ```ts
   * const loop = new TestLoop({ start: 10 });
   * ```
   */
  constructor(options?: TestLoopOptions) {
    super({ ...options, clock: () => this._now });
    this._now = options?.start ?? 0;
    this._autoJump = options?.autoJump ?? true;
    this._realTimers = false;
  }

  /**
   * Moves the virtual clock forward by `seconds`; due timers run at the loop's next iteration.
   * @throws {RangeError} for a negative or NaN amount.
   * @example
   * ```ts
   * loop.advanceTime(5);
   * ```
   */
  advanceTime(seconds: number): void {
    if (!(seconds >= 0)) throw new RangeError(`advanceTime needs seconds >= 0, got ${seconds}`);
    this._now += seconds;
    this.callSoon(() => {});
  }

  /** @internal */
  override _enqueue(fn: (arg: never) => void, arg: unknown): void {
    this._activity = true;
    super._enqueue(fn, arg);
  }

  /** @internal */
  protected override _idleAdvance(when: number): boolean {
    if (!this._autoJump) return false;
    if (this._activity) {
      // Something ran since the last look: give Node a turn first, so that native code resumed
      // by microtasks (an `await` on a future, a settled Promise) runs at the current time,
      // before the clock jumps.
      this._activity = false;
      super._enqueue(noop, undefined);
      return false;
    }
    if (when > this._now) this._now = when;
    return true;
  }
}
