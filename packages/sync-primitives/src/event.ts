import type { Coroutine, Future } from "@tsio/future";
import type { Task } from "@tsio/task";
import { Deque } from "./deque.js";
import { LoopBound } from "./loop-bound.js";
import { eager } from "./native.js";

/**
 * asyncio.Event: a flag that tasks wait for. `set()` wakes every waiter; tasks that wait while
 * it is set do not block; `clear()` resets it.
 *
 * @example
 * ```ts
 * const ready = new Event();
 * function* waiter() {
 *   yield* ready.wait();
 *   console.log("go");
 * }
 * createTask(waiter());
 * ready.set();
 * ```
 */
export class Event extends LoopBound {
  /** @internal */ _waiters = new Deque<Future<boolean>>();
  /** @internal */ _value = false;

  /**
   * True when the flag is set (Python's `is_set`).
   * @example
   * ```ts
   * if (!event.isSet()) yield* event.wait();
   * ```
   */
  isSet(): boolean {
    return this._value;
  }

  /**
   * Sets the flag and wakes every task waiting for it.
   * @example
   * ```ts
   * event.set();
   * ```
   */
  set(): void {
    if (this._value) return;
    this._value = true;
    const waiters = this._waiters;
    for (let i = 0; i < waiters.length; i++) {
      const fut = waiters.at(i);
      if (!fut.done()) fut.setResult(true);
    }
  }

  /**
   * Resets the flag: later `wait()` calls block until `set()` is called again.
   * @example
   * ```ts
   * event.clear();
   * ```
   */
  clear(): void {
    this._value = false;
  }

  /**
   * Waits until the flag is set; returns true (at once when it is set already).
   * @throws {CancelledError} when the task is cancelled while waiting.
   * @example
   * ```ts
   * yield* event.wait();
   * ```
   */
  *wait(): Coroutine<true> {
    if (this._value) return true;
    const fut = this._getLoop().createFuture<boolean>();
    this._waiters.push(fut);
    try {
      yield* fut;
      return true;
    } finally {
      this._waiters.remove(fut);
    }
  }

  /**
   * `wait()` for native async code: a Task (PromiseLike, cancellable), started eagerly.
   * @throws {RuntimeError} outside a running loop.
   * @example
   * ```ts
   * await event.waitAsync();
   * ```
   */
  waitAsync(): Task<true> {
    return eager(this.wait());
  }

  /**
   * asyncio's repr: `<Event [unset, waiters:1]>`.
   * @example
   * ```ts
   * String(new Event()); // "<Event [unset]>"
   * ```
   */
  override toString(): string {
    let extra = this._value ? "set" : "unset";
    if (this._waiters.length > 0) extra = `${extra}, waiters:${this._waiters.length}`;
    return `<${this.constructor.name} [${extra}]>`;
  }

  /** @internal */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}
