import { CancelledError, type Coroutine, type Future, RuntimeError } from "@tsio/future";
import type { Task } from "@tsio/task";
import { ContextManagerMixin } from "./context.js";
import { Deque } from "./deque.js";
import { Lock } from "./lock.js";
import { eager } from "./native.js";

/** Marks "the wait raised nothing" (undefined can be thrown). */
const NO_ERROR: unique symbol = Symbol("no error");

/**
 * asyncio.Condition: lets tasks wait until another task notifies them, around a Lock (the one
 * given, or its own). `wait()` releases the lock while it waits and re-acquires it before it
 * returns, also when cancelled. A waiter cancelled after it was notified passes the
 * notification on to the next one (a spurious wake-up, which the protocol allows: re-check
 * your predicate, or use `waitFor`).
 *
 * `async with cond:` is `yield* cond.with(function* () { ... })`, or
 * `using _held = yield* cond.hold();`.
 *
 * @example
 * ```ts
 * const cond = new Condition();
 * const items: number[] = [];
 * function* consumer() {
 *   return yield* cond.with(function* () {
 *     yield* cond.waitFor(() => items.length > 0);
 *     return items.shift();
 *   });
 * }
 * function* producer() {
 *   yield* cond.with(function* () {
 *     items.push(1);
 *     cond.notify();
 *   });
 * }
 * ```
 */
export class Condition extends ContextManagerMixin {
  /** @internal */ readonly _lock: Lock;
  /** @internal */ _waiters = new Deque<Future<boolean>>();

  /**
   * @param lock - the Lock to use (default: a new one). Several conditions may share a lock.
   * @throws {TypeError} when `lock` is not a Lock.
   * @example
   * ```ts
   * const lock = new Lock();
   * const notEmpty = new Condition(lock);
   * const notFull = new Condition(lock);
   * ```
   */
  constructor(lock?: Lock) {
    super();
    if (lock !== undefined && !(lock instanceof Lock)) {
      throw new TypeError("Condition(lock) needs a Lock (or nothing, to make its own)");
    }
    this._lock = lock ?? new Lock();
  }

  /**
   * True when the underlying lock is held.
   * @example
   * ```ts
   * cond.locked();
   * ```
   */
  locked(): boolean {
    return this._lock.locked();
  }

  /**
   * Acquires the underlying lock (see {@link Lock.acquire}).
   * @example
   * ```ts
   * yield* cond.acquire();
   * ```
   */
  override acquire(): Coroutine<boolean> {
    return this._lock.acquire();
  }

  /**
   * Releases the underlying lock.
   * @throws {RuntimeError} "Lock is not acquired." when it is not held.
   * @example
   * ```ts
   * cond.release();
   * ```
   */
  override release(): void {
    this._lock.release();
  }

  /**
   * Releases the lock, waits until notified, re-acquires the lock and returns true. The lock
   * is re-acquired on every path, cancellation included. May wake spuriously: re-check the
   * state after it returns, or use {@link Condition.waitFor}.
   *
   * @throws {RuntimeError} "cannot wait on un-acquired lock" when the lock is not held.
   * @throws {CancelledError} when cancelled (the lock is held again when it is thrown).
   * @example
   * ```ts
   * while (!ready) yield* cond.wait();
   * ```
   */
  *wait(): Coroutine<true> {
    if (!this.locked()) {
      throw new RuntimeError("cannot wait on un-acquired lock: acquire the condition first");
    }
    const fut = this._getLoop().createFuture<boolean>();
    this.release();
    let notified = false;
    try {
      let waitError: unknown = NO_ERROR;
      this._waiters.push(fut);
      try {
        yield* fut;
      } catch (e) {
        waitError = e;
      } finally {
        this._waiters.remove(fut);
      }
      // Re-acquire the lock even if the wait was cancelled. Only cancellations are caught:
      // another error from acquire() must not make us spin.
      let cancelled: CancelledError | null = null;
      for (;;) {
        try {
          yield* this.acquire();
          break;
        } catch (e) {
          if (!(e instanceof CancelledError)) throw e;
          cancelled = e;
        }
      }
      if (cancelled !== null) throw cancelled; // the most recent cancellation
      if (waitError !== NO_ERROR) throw waitError;
      notified = true;
    } finally {
      // Whatever went wrong may have happened after this task was notified: pass the
      // notification on (a spurious wake-up, which the protocol allows).
      if (!notified) this._notify(1);
    }
    return true;
  }

  /**
   * Waits until `predicate()` is truthy (calling `wait()` between checks) and returns its
   * final value. The lock must be held unless the predicate is true at once.
   *
   * @throws {RuntimeError} when the lock is not held and the predicate is false.
   * @example
   * ```ts
   * const item = yield* cond.waitFor(() => items.shift());
   * ```
   */
  *waitFor<R>(predicate: () => R): Coroutine<R> {
    let result = predicate();
    while (!result) {
      yield* this.wait();
      result = predicate();
    }
    return result;
  }

  /**
   * Wakes up to `n` tasks waiting on this condition (default 1). They return from `wait()`
   * once they get the lock back, so release it after notifying.
   *
   * @throws {RuntimeError} "cannot notify on un-acquired lock" when the lock is not held.
   * @example
   * ```ts
   * cond.notify(2);
   * ```
   */
  notify(n = 1): void {
    if (!this.locked()) {
      throw new RuntimeError("cannot notify on un-acquired lock: acquire the condition first");
    }
    this._notify(n);
  }

  /** @internal */
  _notify(n: number): void {
    let idx = 0;
    const waiters = this._waiters;
    for (let i = 0; i < waiters.length && idx < n; i++) {
      const fut = waiters.at(i);
      if (!fut.done()) {
        idx++;
        fut.setResult(false);
      }
    }
  }

  /**
   * Wakes every task waiting on this condition (Python's `notify_all`).
   * @throws {RuntimeError} "cannot notify on un-acquired lock" when the lock is not held.
   * @example
   * ```ts
   * cond.notifyAll();
   * ```
   */
  notifyAll(): void {
    this.notify(this._waiters.length);
  }

  /**
   * `wait()` for native async code (the lock must be held).
   * @throws {RuntimeError} outside a running loop.
   * @example
   * ```ts
   * await cond.waitAsync();
   * ```
   */
  waitAsync(): Task<true> {
    return eager(this.wait());
  }

  /**
   * `waitFor()` for native async code.
   * @throws {RuntimeError} outside a running loop.
   * @example
   * ```ts
   * await cond.waitForAsync(() => ready);
   * ```
   */
  waitForAsync<R>(predicate: () => R): Task<R> {
    return eager(this.waitFor(predicate));
  }

  /**
   * asyncio's repr: `<Condition [locked, waiters:1]>`.
   * @example
   * ```ts
   * String(cond); // "<Condition [unlocked]>"
   * ```
   */
  override toString(): string {
    let extra = this.locked() ? "locked" : "unlocked";
    if (this._waiters.length > 0) extra = `${extra}, waiters:${this._waiters.length}`;
    return `<${this.constructor.name} [${extra}]>`;
  }

  /** @internal */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}
