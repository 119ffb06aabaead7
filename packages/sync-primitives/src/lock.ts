import { CancelledError, type Coroutine, type Future, RuntimeError } from "@tsio/future";
import { ContextManagerMixin } from "./context.js";
import { Deque } from "./deque.js";

/**
 * asyncio.Lock: a mutual-exclusion lock for coroutines, not owned by a task (any task may
 * release it). Fair: waiters acquire in FIFO order, and a task that arrives while a woken
 * waiter has not run yet waits its turn. A waiter cancelled after it was woken passes the lock
 * on to the next one.
 *
 * `async with lock:` is `yield* lock.with(function* () { ... })`, or
 * `using _held = yield* lock.hold();` in a block.
 *
 * @example
 * ```ts
 * const lock = new Lock();
 * function* worker() {
 *   yield* lock.with(function* () {
 *     // one task at a time here
 *     yield* sleep(0.1);
 *   });
 * }
 * ```
 */
export class Lock extends ContextManagerMixin {
  /** @internal */ _waiters: Deque<Future<boolean>> | null = null;
  /** @internal */ _locked = false;

  /**
   * True when the lock is held.
   * @example
   * ```ts
   * if (!lock.locked()) yield* lock.acquire();
   * ```
   */
  locked(): boolean {
    return this._locked;
  }

  /**
   * Acquires the lock, waiting (FIFO) while it is held; returns true. Prefer {@link Lock.with}
   * or {@link Lock.hold}, which cannot forget the release.
   *
   * @throws {CancelledError} when the task is cancelled while waiting; the lock is then not
   *   held by it, and the next waiter is woken if the lock is free.
   * @example
   * ```ts
   * yield* lock.acquire();
   * try { ... } finally { lock.release(); }
   * ```
   */
  override *acquire(): Coroutine<boolean> {
    // Fair scheduling: jump the queue only if every waiter was cancelled.
    if (!this._locked && (this._waiters === null || allCancelled(this._waiters))) {
      this._locked = true;
      return true;
    }
    if (this._waiters === null) this._waiters = new Deque();
    const waiters = this._waiters;
    const fut = this._getLoop().createFuture<boolean>();
    waiters.push(fut);
    try {
      try {
        yield* fut;
      } finally {
        waiters.remove(fut);
      }
    } catch (e) {
      // Keep the invariant: if the lock is free and a task waits, the first waiter will run.
      if (e instanceof CancelledError && !this._locked) this._wakeUpFirst();
      throw e;
    }
    this._locked = true;
    return true;
  }

  /**
   * Releases the lock and wakes the first waiter, if any.
   * @throws {RuntimeError} "Lock is not acquired." when the lock is not held; it stays usable.
   * @example
   * ```ts
   * lock.release();
   * ```
   */
  override release(): void {
    if (!this._locked) throw new RuntimeError("Lock is not acquired.");
    this._locked = false;
    this._wakeUpFirst();
  }

  /** Wakes the first waiter unless it is already set to wake up. @internal */
  _wakeUpFirst(): void {
    const fut = this._waiters?.peekFirst();
    if (fut !== undefined && !fut.done()) fut.setResult(true);
  }

  /**
   * asyncio's repr: `<Lock [locked, waiters:2]>`.
   * @example
   * ```ts
   * String(lock); // "<Lock [unlocked]>"
   * ```
   */
  override toString(): string {
    let extra = this._locked ? "locked" : "unlocked";
    if (this._waiters !== null && this._waiters.length > 0) {
      extra = `${extra}, waiters:${this._waiters.length}`;
    }
    return `<${this.constructor.name} [${extra}]>`;
  }

  /** @internal */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

function allCancelled(waiters: Deque<Future<unknown>>): boolean {
  for (let i = 0; i < waiters.length; i++) if (!waiters.at(i).cancelled()) return false;
  return true;
}
