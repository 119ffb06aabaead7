import { BrokenBarrierError, type Coroutine, ValueError } from "@tsio/future";
import type { Task } from "@tsio/task";
import { Condition } from "./condition.js";
import { runBody } from "./context.js";
import { LoopBound } from "./loop-bound.js";
import { eager } from "./native.js";

/**
 * The states of a Barrier, as Python's `_BarrierState` names them: "filling" while tasks
 * arrive, "draining" while the round's tasks leave, "resetting" after `reset()` until the
 * waiting tasks have left, and "broken" after `abort()`. A plain string type; it throws nothing.
 *
 * @example
 * ```ts
 * function describe(state: BarrierState): string {
 *   return state === "broken" ? "aborted: wait() raises BrokenBarrierError" : `ok (${state})`;
 * }
 * describe("filling"); // "ok (filling)"
 * ```
 */
export type BarrierState = "filling" | "draining" | "resetting" | "broken";

/**
 * asyncio.Barrier (Python 3.11): `parties` tasks meet. Each `wait()` blocks until `parties`
 * tasks are waiting, then all of them go on, each with a distinct index from 0 to parties - 1.
 * The barrier then refills for the next round. `reset()` and `abort()` break the waiting tasks
 * out with BrokenBarrierError.
 *
 * `async with barrier as i:` is `yield* barrier.with(function* (i) { ... })`.
 *
 * @example
 * ```ts
 * const barrier = new Barrier(3);
 * function* worker(name: string) {
 *   const i = yield* barrier.wait(); // all three arrive, then all go on
 *   if (i === 0) console.log("everyone is here");
 * }
 * ```
 */
export class Barrier extends LoopBound {
  /** @internal */ readonly _cond = new Condition(); // notify every task when the state changes
  /** @internal */ readonly _parties: number;
  /** @internal */ _state: BarrierState = "filling";
  /** Tasks inside the barrier. @internal */ _count = 0;

  /**
   * @param parties - how many tasks must wait before all of them go on.
   * @throws {ValueError} "parties must be > 0" when parties is less than 1 or not an integer.
   * @example
   * ```ts
   * const barrier = new Barrier(5);
   * ```
   */
  constructor(parties: number) {
    super();
    if (typeof parties !== "number" || !Number.isInteger(parties) || parties < 1) {
      throw new ValueError(`parties must be > 0 (an integer), got ${String(parties)}`);
    }
    this._parties = parties;
  }

  /**
   * Waits until `parties` tasks wait, then returns this task's index (0 to parties - 1).
   * @throws {BrokenBarrierError} when the barrier is (or gets) aborted or reset.
   * @throws {CancelledError} when cancelled while waiting; the others keep waiting.
   * @example
   * ```ts
   * const index = yield* barrier.wait();
   * ```
   */
  *wait(): Coroutine<number> {
    yield* this._cond.acquire();
    try {
      yield* this._block(); // while the barrier drains or resets
      const index = this._count;
      this._count++;
      try {
        if (index + 1 === this._parties) this._release();
        else yield* this._wait();
        return index;
      } finally {
        this._count--;
        this._exit(); // wake the tasks waiting for the barrier to drain
      }
    } finally {
      this._cond.release();
    }
  }

  /** Blocks while draining or resetting; raises if broken. @internal */
  *_block(): Coroutine<void> {
    yield* this._cond.waitFor(() => this._state !== "draining" && this._state !== "resetting");
    if (this._state === "broken") throw new BrokenBarrierError("Barrier aborted");
  }

  /** The last task in: release the others by entering the draining state. @internal */
  _release(): void {
    this._state = "draining";
    this._cond.notifyAll();
  }

  /** Waits until released; raises if reset or broken meanwhile. @internal */
  *_wait(): Coroutine<void> {
    yield* this._cond.waitFor(() => this._state !== "filling");
    if (this._state === "broken" || this._state === "resetting") {
      throw new BrokenBarrierError("Abort or reset of barrier");
    }
  }

  /** The last task out refills the barrier and wakes the tasks blocked on draining. @internal */
  _exit(): void {
    if (this._count === 0) {
      if (this._state === "resetting" || this._state === "draining") this._state = "filling";
      this._cond.notifyAll();
    }
  }

  /**
   * Returns the barrier to its initial state; tasks waiting in it get BrokenBarrierError.
   * @example
   * ```ts
   * yield* barrier.reset();
   * ```
   */
  *reset(): Coroutine<void> {
    yield* this._cond.acquire();
    try {
      if (this._count > 0) {
        if (this._state !== "resetting") this._state = "resetting"; // wake the waiting tasks
      } else {
        this._state = "filling";
      }
      this._cond.notifyAll();
    } finally {
      this._cond.release();
    }
  }

  /**
   * Breaks the barrier: waiting tasks, and tasks that wait later, get BrokenBarrierError.
   * Useful when a party fails. `reset()` makes it usable again.
   * @example
   * ```ts
   * yield* barrier.abort();
   * ```
   */
  *abort(): Coroutine<void> {
    yield* this._cond.acquire();
    try {
      this._state = "broken";
      this._cond.notifyAll();
    } finally {
      this._cond.release();
    }
  }

  /**
   * Python's `async with barrier as i:` — waits at the barrier, then runs the body with the
   * index (a coroutine function, or a plain function) and returns its result. Leaving the block
   * does nothing, as in Python.
   * @throws {TypeError} when the body returns a Promise: use `waitAsync()` in native code.
   * @example
   * ```ts
   * yield* barrier.with(function* (i) {
   *   console.log(`passed as ${i}`);
   *   yield* sleep(0.1);
   * });
   * ```
   */
  with<R>(body: (index: number) => Coroutine<R>): Coroutine<R>;
  with<R>(body: (index: number) => R): Coroutine<R>;
  *with<R>(body: (index: number) => Coroutine<R> | R): Coroutine<R> {
    if (typeof body !== "function") {
      throw new TypeError(`with() needs a function, got ${body === null ? "null" : typeof body}`);
    }
    const index = yield* this.wait();
    return yield* runBody(body(index));
  }

  /**
   * `wait()` for native async code.
   * @throws {RuntimeError} outside a running loop.
   * @example
   * ```ts
   * const i = await barrier.waitAsync();
   * ```
   */
  waitAsync(): Task<number> {
    return eager(this.wait());
  }

  /**
   * `reset()` for native async code.
   * @example
   * ```ts
   * await barrier.resetAsync();
   * ```
   */
  resetAsync(): Task<void> {
    return eager(this.reset());
  }

  /**
   * `abort()` for native async code.
   * @example
   * ```ts
   * await barrier.abortAsync();
   * ```
   */
  abortAsync(): Task<void> {
    return eager(this.abort());
  }

  /**
   * The number of tasks required to trip the barrier.
   * @example
   * ```ts
   * new Barrier(3).parties; // 3
   * ```
   */
  get parties(): number {
    return this._parties;
  }

  /**
   * The number of tasks waiting in the barrier while it fills (Python's `n_waiting`).
   * @example
   * ```ts
   * barrier.nWaiting; // 2
   * ```
   */
  get nWaiting(): number {
    return this._state === "filling" ? this._count : 0;
  }

  /**
   * True when the barrier is broken (aborted).
   * @example
   * ```ts
   * if (barrier.broken) yield* barrier.reset();
   * ```
   */
  get broken(): boolean {
    return this._state === "broken";
  }

  /**
   * asyncio's repr: `<Barrier [filling, waiters:2/5]>`.
   * @example
   * ```ts
   * String(new Barrier(5)); // "<Barrier [filling, waiters:0/5]>"
   * ```
   */
  override toString(): string {
    let extra: string = this._state;
    if (!this.broken) extra += `, waiters:${this.nWaiting}/${this.parties}`;
    return `<${this.constructor.name} [${extra}]>`;
  }

  /** @internal */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}
