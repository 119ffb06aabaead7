import { type Coroutine, type Future, ValueError } from "@tsio/future";
import { ContextManagerMixin } from "./context.js";
import { Deque } from "./deque.js";

function checkValue(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new ValueError(`${what} initial value must be >= 0 (an integer), got ${String(value)}`);
  }
  return value;
}

/**
 * asyncio.Semaphore: a counter of permits. `acquire()` takes one, waiting while there is none;
 * `release()` gives one back. Fair: waiters get permits in FIFO order, and a task that arrives
 * while woken waiters have not run yet waits its turn. A waiter cancelled after it was woken
 * gives its permit to the next one.
 *
 * `async with sem:` is `yield* sem.with(function* () { ... })`, or
 * `using _permit = yield* sem.hold();`.
 *
 * @example
 * ```ts
 * const sem = new Semaphore(10); // at most 10 downloads at once
 * function* download(url: string) {
 *   return yield* sem.with(function* () {
 *     return yield* fetchOne(url);
 *   });
 * }
 * ```
 */
export class Semaphore extends ContextManagerMixin {
  /** @internal */ _waiters: Deque<Future<boolean>> | null = null;
  /** @internal */ _value: number;

  /**
   * @param value - the initial number of permits (default 1).
   * @throws {ValueError} when value is negative or not an integer.
   * @example
   * ```ts
   * const sem = new Semaphore(3);
   * ```
   */
  constructor(value = 1) {
    super();
    this._value = checkValue(value, new.target.name);
  }

  /**
   * True when `acquire()` would wait: no permit is left, or tasks already wait (FIFO).
   * @example
   * ```ts
   * new Semaphore(0).locked(); // true
   * ```
   */
  locked(): boolean {
    if (this._value === 0) return true;
    const waiters = this._waiters;
    if (waiters === null) return false;
    for (let i = 0; i < waiters.length; i++) if (!waiters.at(i).cancelled()) return true;
    return false;
  }

  /**
   * Takes a permit, waiting (FIFO) while none is free; returns true.
   * @throws {CancelledError} when cancelled while waiting; no permit is then kept.
   * @example
   * ```ts
   * yield* sem.acquire();
   * try { ... } finally { sem.release(); }
   * ```
   */
  override *acquire(): Coroutine<boolean> {
    if (!this.locked()) {
      // FIFO: only when nobody waits, even if permits are free.
      this._value--;
      return true;
    }
    if (this._waiters === null) this._waiters = new Deque();
    const waiters = this._waiters;
    const fut = this._getLoop().createFuture<boolean>();
    waiters.push(fut);
    let acquired = false;
    try {
      try {
        yield* fut;
      } finally {
        waiters.remove(fut);
      }
      acquired = true;
    } finally {
      // Woken by _wakeUpNext() (which took the permit for us) but not acquiring after all:
      // give the permit back.
      if (!acquired && fut.done() && !fut.cancelled()) this._value++;
      // New waiters may have arrived and had to wait for FIFO: wake as many as allowed.
      while (this._value > 0) {
        if (!this._wakeUpNext()) break;
      }
    }
    return true;
  }

  /**
   * Gives a permit back and wakes the first waiter, if any.
   * @example
   * ```ts
   * sem.release();
   * ```
   */
  override release(): void {
    this._value++;
    this._wakeUpNext();
  }

  /** Wakes the first waiter that is not done, taking a permit for it. @internal */
  _wakeUpNext(): boolean {
    const waiters = this._waiters;
    if (waiters === null) return false;
    for (let i = 0; i < waiters.length; i++) {
      const fut = waiters.at(i);
      if (!fut.done()) {
        this._value--;
        fut.setResult(true);
        return true;
      }
    }
    return false;
  }

  /**
   * asyncio's repr: `<Semaphore [unlocked, value:2]>`, `<Semaphore [locked, waiters:1]>`.
   * @example
   * ```ts
   * String(new Semaphore(2)); // "<Semaphore [unlocked, value:2]>"
   * ```
   */
  override toString(): string {
    let extra = this.locked() ? "locked" : `unlocked, value:${this._value}`;
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

/**
 * asyncio.BoundedSemaphore: a Semaphore whose `release()` refuses to raise the count above
 * the initial value, catching a release without a matching acquire.
 *
 * @example
 * ```ts
 * const sem = new BoundedSemaphore(2);
 * sem.release(); // ValueError: BoundedSemaphore released too many times
 * ```
 */
export class BoundedSemaphore extends Semaphore {
  /** @internal */ readonly _boundValue: number;

  /**
   * @param value - the initial and maximum number of permits (default 1).
   * @throws {ValueError} when value is negative or not an integer.
   * @example
   * ```ts
   * const sem = new BoundedSemaphore(5);
   * ```
   */
  constructor(value = 1) {
    super(value);
    this._boundValue = value;
  }

  /**
   * Gives a permit back.
   * @throws {ValueError} "BoundedSemaphore released too many times" when every permit is
   *   already free; the semaphore is left unchanged.
   * @example
   * ```ts
   * sem.release();
   * ```
   */
  override release(): void {
    if (this._value >= this._boundValue) {
      throw new ValueError(
        "BoundedSemaphore released too many times: release() once per acquire()",
      );
    }
    super.release();
  }
}
