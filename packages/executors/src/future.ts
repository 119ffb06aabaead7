import { CancelledError, InvalidStateError, RuntimeError, TimeoutError } from "./errors.js";
import { LOGGER } from "./logger.js";
import { SLOT_QUEUED, SLOT_STARTED, SLOT_TAKEN } from "./slots.js";

// Python's states, as small integers (for internal use by this package, as in _base.py).
/** @internal */ export const PENDING = 0;
/** @internal */ export const RUNNING = 1;
/** The future was cancelled by the user... @internal */ export const CANCELLED = 2;
/** ...and the executor noticed (`setRunningOrNotifyCancel()`), waiters were told. @internal */
export const CANCELLED_AND_NOTIFIED = 3;
/** @internal */ export const FINISHED = 4;

/**
 * A future's state, named as `Future._state` is in Python's concurrent.futures.
 *
 * @example
 * ```ts
 * if (fut.state === "RUNNING") console.log("a worker is on it");
 * ```
 */
export type FutureState =
  | "PENDING"
  | "RUNNING"
  | "CANCELLED"
  | "CANCELLED_AND_NOTIFIED"
  | "FINISHED";
const STATE_NAMES: readonly FutureState[] = [
  "PENDING",
  "RUNNING",
  "CANCELLED",
  "CANCELLED_AND_NOTIFIED",
  "FINISHED",
];
const STATE_DESCRIPTIONS = ["pending", "running", "cancelled", "cancelled", "finished"];

/**
 * What `wait()` and `asCompleted()` install on futures (Python's `_Waiter`): told when a future
 * finishes, fails, or is cancelled and noticed by its executor.
 * @internal
 */
export interface Waiter {
  addResult(future: Future<unknown>): void;
  addException(future: Future<unknown>): void;
  addCancelled(future: Future<unknown>): void;
}

/**
 * Options of `resultAsync` and `exceptionAsync`.
 *
 * @example
 * ```ts
 * await fut.resultAsync({ timeout: 2.5 });
 * ```
 */
export interface WaitOptions {
  /** Seconds to wait at most (default: no limit). 0 means "only if already done". */
  timeout?: number | null;
}

let nextId = 1;

/**
 * `concurrent.futures.Future`: the result of a call submitted to an executor. Pending, running,
 * then cancelled or finished with a result or an exception. **Not** asyncio's Future (that one is
 * in `@tsio/future`); this one has no event loop: done callbacks run synchronously, at the moment
 * the result arrives, in the order they were added, as in Python.
 *
 * JavaScript cannot block, so Python's `result(timeout)` is split in two:
 * - `result()` / `exception()` answer at once: the value, or they throw `InvalidStateError` when
 *   the future is not done yet;
 * - `resultAsync({ timeout })` / `exceptionAsync({ timeout })` return Promises that wait, and
 *   reject with this package's `TimeoutError` when the timeout passes first.
 *
 * The future is also PromiseLike: `await fut` gives the result or throws the call's exception
 * (`CancelledError` when cancelled).
 *
 * @typeParam T - the result type.
 * @example
 * ```ts
 * const pool = new ThreadPoolExecutor({ maxWorkers: 2 });
 * const fut = pool.submit((a: number, b: number) => a * b, 6, 7);
 * fut.addDoneCallback((f) => console.log("done:", f.result()));
 * console.log(await fut); // 42
 * ```
 */
export class Future<T = unknown> implements PromiseLike<T> {
  /** @internal */ _state: number = PENDING;
  /** @internal */ _result: T | undefined = undefined;
  /** @internal */ _exception: unknown = undefined;
  /** @internal */ _hasException = false;
  /** @internal */ _waiters: Waiter[] | null = null;
  /** Typed loosely so that Future<T> stays assignable to Future<unknown>. @internal */
  _callbacks: ((future: never) => void)[] | null = null;
  /**
   * While a thread pool has handed this future's call to a worker that has not started it yet,
   * the shared cell the worker claims it through (see slots.ts): `cancel()` races the worker for
   * it, so a future stays cancellable until its call really starts, as in Python.
   * @internal
   */
  _cells: Int32Array | null = null;
  /** @internal */ _slot = 0;
  /** @internal */ readonly _id = nextId++;

  /**
   * Creates a pending future. Executors create them; create one yourself to hand a result over
   * from callback code, or in tests.
   *
   * @example
   * ```ts
   * const fut = new Future<number>();
   * setTimeout(() => fut.setResult(1), 10);
   * await fut; // 1
   * ```
   */
  // biome-ignore lint/complexity/noUselessConstructor: documented entry point
  constructor() {}

  /** Reads the claim of a worker that started the call (thread pools). @internal */
  _sync(): number {
    if (this._state === PENDING && this._cells !== null) {
      if (Atomics.load(this._cells, this._slot) === SLOT_STARTED) this._state = RUNNING;
    }
    return this._state;
  }

  /**
   * The state, as Python names it (`"PENDING"`, `"RUNNING"`, `"CANCELLED"`,
   * `"CANCELLED_AND_NOTIFIED"`, `"FINISHED"`).
   *
   * @example
   * ```ts
   * new Future().state; // "PENDING"
   * ```
   */
  get state(): FutureState {
    return STATE_NAMES[this._sync()] as FutureState;
  }

  /**
   * Cancels the future if it has not started: returns true if it is now cancelled (or already
   * was), false if it is running or done. Done callbacks run at once.
   *
   * @example
   * ```ts
   * const fut = pool.submit(slow);
   * fut.cancel(); // true while it waits in the queue, false once a worker started it
   * ```
   */
  cancel(): boolean {
    const state = this._sync();
    if (state === RUNNING || state === FINISHED) return false;
    if (state === CANCELLED || state === CANCELLED_AND_NOTIFIED) return true;
    if (this._cells !== null) {
      // The worker may start it right now: whoever swaps the cell first wins.
      if (
        Atomics.compareExchange(this._cells, this._slot, SLOT_QUEUED, SLOT_TAKEN) !== SLOT_QUEUED
      ) {
        this._state = RUNNING;
        return false;
      }
      this._cells = null;
    }
    this._state = CANCELLED;
    this._invokeCallbacks();
    return true;
  }

  /**
   * True if the future was cancelled.
   *
   * @example
   * ```ts
   * fut.cancel(); fut.cancelled(); // true
   * ```
   */
  cancelled(): boolean {
    return this._state === CANCELLED || this._state === CANCELLED_AND_NOTIFIED;
  }

  /**
   * True while a worker is running the call.
   *
   * @example
   * ```ts
   * pool.submit(slow).running(); // false: not started yet
   * ```
   */
  running(): boolean {
    return this._sync() === RUNNING;
  }

  /**
   * True if the future was cancelled or finished.
   *
   * @example
   * ```ts
   * await fut; fut.done(); // true
   * ```
   */
  done(): boolean {
    const s = this._state;
    return s === CANCELLED || s === CANCELLED_AND_NOTIFIED || s === FINISHED;
  }

  /**
   * Adds a callback called with this future when it finishes or is cancelled, synchronously, by
   * whatever sets the result (the message handler that receives it from the worker); at once if
   * the future is already done. Callbacks run in the order they were added; an exception in one
   * is logged (`LOGGER.exception`) and the others still run.
   *
   * @example
   * ```ts
   * fut.addDoneCallback((f) => console.log(f.cancelled() ? "cancelled" : f.result()));
   * ```
   */
  addDoneCallback(fn: (future: Future<T>) => void): void {
    if (!this.done()) {
      if (this._callbacks === null) this._callbacks = [fn];
      else this._callbacks.push(fn);
      return;
    }
    try {
      fn(this);
    } catch (e) {
      LOGGER.exception(`exception calling callback for ${this}`, e);
    }
  }

  /**
   * The result, at once: returns it, throws the call's exception, throws `CancelledError` if
   * cancelled, or `InvalidStateError` if not done yet (use `await fut` or `resultAsync` to wait).
   *
   * @example
   * ```ts
   * await fut;
   * fut.result(); // the value, synchronously
   * ```
   */
  result(): T {
    const s = this._state;
    if (s === CANCELLED || s === CANCELLED_AND_NOTIFIED) throw new CancelledError();
    if (s !== FINISHED) throw new InvalidStateError("Result is not ready.");
    if (this._hasException) throw this._exception;
    return this._result as T;
  }

  /**
   * The exception the call threw, at once: undefined if it returned, `CancelledError` thrown if
   * cancelled, `InvalidStateError` thrown if not done yet.
   *
   * @example
   * ```ts
   * await fut.catch(() => {});
   * fut.exception(); // the Error, or undefined
   * ```
   */
  exception(): unknown {
    const s = this._state;
    if (s === CANCELLED || s === CANCELLED_AND_NOTIFIED) throw new CancelledError();
    if (s !== FINISHED) throw new InvalidStateError("Exception is not set.");
    return this._exception;
  }

  /**
   * Waits for the result: Python's `result(timeout)`. Resolves with it, rejects with the call's
   * exception, `CancelledError`, or `TimeoutError` after `timeout` seconds.
   *
   * @example
   * ```ts
   * const value = await fut.resultAsync({ timeout: 5 });
   * ```
   */
  resultAsync(options: WaitOptions = {}): Promise<T> {
    return this._whenDone(options.timeout).then(() => this.result());
  }

  /**
   * Waits for the exception: Python's `exception(timeout)`. Resolves with it (undefined if the
   * call returned), rejects with `CancelledError` or `TimeoutError`.
   *
   * @example
   * ```ts
   * const err = await fut.exceptionAsync({ timeout: 5 });
   * ```
   */
  exceptionAsync(options: WaitOptions = {}): Promise<unknown> {
    return this._whenDone(options.timeout).then(() => this.exception());
  }

  /** Resolves when done, rejects with TimeoutError after `timeout` seconds. @internal */
  _whenDone(timeout: number | null | undefined): Promise<void> {
    if (this.done()) return Promise.resolve();
    if (timeout != null && timeout <= 0) return Promise.reject(new TimeoutError());
    return new Promise<void>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      if (timeout != null) timer = setTimeout(() => reject(new TimeoutError()), timeout * 1000);
      this.addDoneCallback(() => {
        if (timer !== undefined) clearTimeout(timer);
        resolve();
      });
    });
  }

  /**
   * Promise interop: `await fut` resolves with the result or rejects with the call's exception
   * (`CancelledError` when cancelled).
   *
   * @example
   * ```ts
   * const n = await pool.submit(() => 6 * 7);
   * ```
   */
  // biome-ignore lint/suspicious/noThenProperty: a Future is PromiseLike on purpose (await fut)
  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    // One promise per call: `await fut` calls this once per future, so it is on the hot path.
    return new Promise<R1 | R2>((resolve, reject) => {
      this.addDoneCallback((f) => {
        let value: T;
        try {
          value = f.result();
        } catch (e) {
          if (typeof onrejected !== "function") return reject(e);
          try {
            resolve(onrejected(e));
          } catch (e2) {
            reject(e2);
          }
          return;
        }
        if (typeof onfulfilled !== "function") return resolve(value as unknown as R1);
        try {
          resolve(onfulfilled(value));
        } catch (e) {
          reject(e);
        }
      });
    });
  }

  /**
   * Promise-style catch.
   *
   * @example
   * ```ts
   * await fut.catch((e) => console.error(e));
   * ```
   */
  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.then(undefined, onrejected);
  }

  /**
   * Promise-style finally.
   *
   * @example
   * ```ts
   * await fut.finally(() => console.log("settled"));
   * ```
   */
  finally(onfinally?: (() => void) | null): Promise<T> {
    return this.then().finally(onfinally);
  }

  // ---- for executors (and tests), as in Python ------------------------------------------------

  /**
   * For executors: marks the future running before its call starts, and returns true; or, if it
   * was cancelled, tells the waiters of `wait()`/`asCompleted()` so and returns false (then the
   * call must not run). Throws `RuntimeError` in any other state.
   *
   * @example
   * ```ts
   * if (fut.setRunningOrNotifyCancel()) {
   *   try { fut.setResult(work()); } catch (e) { fut.setException(e); }
   * }
   * ```
   */
  setRunningOrNotifyCancel(): boolean {
    const state = this._sync();
    if (state === CANCELLED) {
      this._state = CANCELLED_AND_NOTIFIED;
      const waiters = this._waiters;
      if (waiters !== null) for (const w of waiters.slice()) w.addCancelled(this);
      return false;
    }
    if (state === PENDING) {
      this._state = RUNNING;
      return true;
    }
    LOGGER.critical(`Future ${this._id} in unexpected state: ${STATE_NAMES[state]}`);
    throw new RuntimeError("Future in unexpected state");
  }

  /**
   * For executors: finishes the future with a result; runs the done callbacks.
   *
   * @throws {InvalidStateError} if the future is already cancelled or finished.
   * @example
   * ```ts
   * const fut = new Future<number>();
   * fut.setResult(5);
   * ```
   */
  setResult(result: T): void {
    this._checkNotDone();
    this._cells = null;
    this._result = result;
    this._state = FINISHED;
    const waiters = this._waiters;
    if (waiters !== null) for (const w of waiters.slice()) w.addResult(this);
    this._invokeCallbacks();
  }

  /**
   * For executors: finishes the future with an exception; runs the done callbacks.
   *
   * @throws {InvalidStateError} if the future is already cancelled or finished.
   * @example
   * ```ts
   * const fut = new Future<number>();
   * fut.setException(new Error("failed"));
   * ```
   */
  setException(exception: unknown): void {
    this._checkNotDone();
    this._cells = null;
    this._exception = exception;
    this._hasException = true;
    this._state = FINISHED;
    const waiters = this._waiters;
    if (waiters !== null) for (const w of waiters.slice()) w.addException(this);
    this._invokeCallbacks();
  }

  private _checkNotDone(): void {
    const s = this._state;
    if (s === CANCELLED || s === CANCELLED_AND_NOTIFIED || s === FINISHED) {
      throw new InvalidStateError(`${STATE_NAMES[s]}: ${this}`);
    }
  }

  private _invokeCallbacks(): void {
    const callbacks = this._callbacks;
    if (callbacks === null) return;
    this._callbacks = null;
    for (const fn of callbacks) {
      try {
        (fn as (future: Future<T>) => void)(this);
      } catch (e) {
        LOGGER.exception(`exception calling callback for ${this}`, e);
      }
    }
  }

  /**
   * Python's repr: `<Future at #12 state=finished returned number>`.
   *
   * @example
   * ```ts
   * String(new Future()); // "<Future at #1 state=pending>"
   * ```
   */
  toString(): string {
    const state = this._sync();
    const head = `<${this.constructor.name} at #${this._id} state=${STATE_DESCRIPTIONS[state]}`;
    if (state !== FINISHED) return `${head}>`;
    if (this._hasException) return `${head} raised ${typeName(this._exception)}>`;
    return `${head} returned ${typeName(this._result)}>`;
  }

  /** @internal */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/** The class name Python's repr would show for a value. */
function typeName(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "object" || typeof value === "function") {
    const name = (value as { constructor?: { name?: string } }).constructor?.name;
    return name || "Object";
  }
  return typeof value;
}
