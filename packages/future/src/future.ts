import { CancelledError, InvalidStateError, RuntimeError } from "./exceptions.js";
import type { AbstractEventLoop } from "./loop-interface.js";
import { _getEventLoop } from "./running-loop.js";
import { _forgetUnretrieved, _trackUnretrieved } from "./unretrieved.js";

const PENDING = 0;
const CANCELLED = 1;
const FINISHED = 2;

// Bits of `_flags`. A future's booleans share one field: programs keep a million futures and
// tasks alive at once, and every field costs each of them 8 bytes (and the garbage collector the
// time to copy them). Bits 0-7 are the Future's; subclasses (Task) use bits 8 and up.
/** Python's `_asyncio_future_blocking`: the future was yielded by `yield*`. @internal */
export const _F_BLOCKING = 1;
/** Python's `__log_traceback`: the exception is unretrieved so far. @internal */
export const _F_LOG_TRACEBACK = 2;

/**
 * The rarely used state of a future, allocated on first use (mostly when it is cancelled), so
 * that the common future stays small. Subclasses extend it (see `_newRare`).
 * @internal
 */
export class _FutureRare {
  /** The message `cancel(msg)` was given. */
  cancelMessage: string | undefined = undefined;
  /** The CancelledError to raise, when one was caught (a task's coroutine raised it). */
  cancelledExc: CancelledError | undefined = undefined;
}

/**
 * A future's state, as `Future._state` names it in Python: what the `state` getter returns.
 * A plain string type; it throws nothing.
 *
 * @example
 * ```ts
 * const fut = new Future<number>();
 * const state: FutureState = fut.state; // "PENDING"
 * fut.setResult(1);
 * fut.state; // "FINISHED"
 * ```
 */
export type FutureState = "PENDING" | "CANCELLED" | "FINISHED";
const STATE_NAMES: readonly FutureState[] = ["PENDING", "CANCELLED", "FINISHED"];

/** Brand that marks futures across copies of this module (Python duck-types the same way). */
const FUTURE_BRAND = Symbol.for("tsio.future");

/**
 * A done callback: receives the future, as in asyncio. `addDoneCallback` schedules it through
 * the loop's `callSoon` once the future is done; what it throws goes to the loop's exception
 * handler, not to the code that completed the future.
 *
 * @typeParam F - the future type it receives.
 * @example
 * ```ts
 * const report: DoneCallback<Future<number>> = (f) => console.log("done:", f.result());
 * const fut = new Future<number>();
 * fut.addDoneCallback(report);
 * fut.setResult(3); // logs "done: 3" on the next loop iteration
 * ```
 */
export type DoneCallback<F> = (future: F) => void;

type InternalCallback = (arg: never) => void;

interface ThenRecord {
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

/** Settles a native Promise waiting on a future; runs directly when the future completes. */
function settleThen(this: void, record: ThenRecord, fut: Future<unknown>): void {
  if (fut._state === FINISHED) {
    if ((fut._flags & _F_LOG_TRACEBACK) !== 0) fut._clearLogTraceback();
    if (fut._exception !== undefined) record.reject(fut._exception);
    else record.resolve(fut._result);
  } else {
    record.reject(fut._makeCancelledError());
  }
}

/**
 * Options of the Future constructor: the loop it belongs to. Without `loop`, the constructor
 * takes the running loop, else the policy's loop; it throws RuntimeError when there is neither
 * (no running loop and `@tsio/loop` not imported).
 *
 * @example
 * ```ts
 * const options: FutureOptions = { loop: getRunningLoop() };
 * const fut = new Future<string>(options);
 * ```
 */
export interface FutureOptions {
  /** The loop the future belongs to (default: the running loop, or the policy's loop). */
  loop?: AbstractEventLoop;
}

/**
 * asyncio.Future: the result of an operation that completes later. Pending, then cancelled or
 * finished with a result or an exception. Done callbacks are always called through the loop's
 * `callSoon`, in registration order, never synchronously.
 *
 * A Future is awaited with `yield*` in a coroutine (`const v = yield* fut`) and with `await`
 * in native async code (it is PromiseLike).
 *
 * @typeParam T - the result type.
 * @example
 * ```ts
 * function* main() {
 *   const loop = getRunningLoop();
 *   const fut = loop.createFuture<string>();
 *   loop.callLater(0.1, () => fut.setResult("done"));
 *   console.log(yield* fut); // "done"
 * }
 * ```
 */
export class Future<T = unknown> implements PromiseLike<T>, Iterator<Future<unknown>, T, unknown> {
  // Every field is initialized here, in this order, for every future and task: one shape (hidden
  // class) per class keeps property access monomorphic. Keep the field count low (see _flags).
  /** @internal */ _state: number = PENDING;
  /** Bits: _F_BLOCKING, _F_LOG_TRACEBACK, and a subclass's own. @internal */
  _flags = 0;
  /** @internal */ _result: T | undefined = undefined;
  /** @internal */ _exception: unknown = undefined;
  /** @internal */ _loop: AbstractEventLoop;
  // The first callback is kept inline: most futures have exactly one (the task waiting on them).
  /** @internal */ _cbFn: InternalCallback | null = null;
  /** @internal */ _cbArg: unknown = undefined;
  /** @internal */ _cbRest: unknown[] | null = null;
  /** Rarely used state (the cancel message...), null until needed. @internal */
  _rare: _FutureRare | null = null;

  /**
   * @param options - `{ loop }`: the loop to bind to; the running loop when omitted.
   * @example
   * ```ts
   * const fut = new Future<number>();
   * ```
   */
  constructor(options?: FutureOptions) {
    this._loop = options?.loop ?? _getEventLoop();
  }

  /** @internal */
  get [FUTURE_BRAND](): true {
    return true;
  }

  /** The rarely used state, allocated now if needed. @internal */
  _getRare(): _FutureRare {
    let rare = this._rare;
    if (rare === null) {
      rare = this._newRare();
      this._rare = rare;
    }
    return rare;
  }

  /** Makes the rarely used state; a subclass with more of it overrides this. @internal */
  _newRare(): _FutureRare {
    return new _FutureRare();
  }

  /** The message `cancel(msg)` was given (Python's `_cancel_message`). @internal */
  get _cancelMessage(): string | undefined {
    return this._rare === null ? undefined : this._rare.cancelMessage;
  }
  set _cancelMessage(msg: string | undefined) {
    // Nothing to allocate to store "no message" when there is no rare state yet.
    if (msg !== undefined || this._rare !== null) this._getRare().cancelMessage = msg;
  }

  /** @internal */
  get _cancelledExc(): CancelledError | undefined {
    return this._rare === null ? undefined : this._rare.cancelledExc;
  }
  set _cancelledExc(exc: CancelledError | undefined) {
    if (exc !== undefined || this._rare !== null) this._getRare().cancelledExc = exc;
  }

  /**
   * Set when the future is yielded by `yield*`: tells the task that the yield was a proper await
   * (Python's `_asyncio_future_blocking`).
   * @internal
   */
  get _asyncioFutureBlocking(): boolean {
    return (this._flags & _F_BLOCKING) !== 0;
  }
  set _asyncioFutureBlocking(value: boolean) {
    this._flags = value ? this._flags | _F_BLOCKING : this._flags & ~_F_BLOCKING;
  }

  /** The exception is not retrieved yet (Python's `__log_traceback`). @internal */
  get _logTraceback(): boolean {
    return (this._flags & _F_LOG_TRACEBACK) !== 0;
  }
  set _logTraceback(value: boolean) {
    this._flags = value ? this._flags | _F_LOG_TRACEBACK : this._flags & ~_F_LOG_TRACEBACK;
  }

  /**
   * The loop this future is bound to.
   * @example
   * ```ts
   * fut.getLoop().callSoon(() => {});
   * ```
   */
  getLoop(): AbstractEventLoop {
    return this._loop;
  }

  /**
   * True when the future was cancelled.
   * @example
   * ```ts
   * fut.cancel(); fut.cancelled(); // true
   * ```
   */
  cancelled(): boolean {
    return this._state === CANCELLED;
  }

  /**
   * True when the future is done: it has a result or an exception, or was cancelled.
   * @example
   * ```ts
   * fut.setResult(1); fut.done(); // true
   * ```
   */
  done(): boolean {
    return this._state !== PENDING;
  }

  /**
   * The future's state name: "PENDING", "CANCELLED" or "FINISHED".
   * @example
   * ```ts
   * fut.state; // "PENDING"
   * ```
   */
  get state(): FutureState {
    return STATE_NAMES[this._state] as FutureState;
  }

  /**
   * The result. Throws the future's exception if it has one.
   *
   * @throws {CancelledError} if the future was cancelled.
   * @throws {InvalidStateError} "Result is not ready." if it is still pending.
   * @example
   * ```ts
   * fut.setResult(5); fut.result(); // 5
   * ```
   */
  result(): T {
    if (this._state === CANCELLED) throw this._makeCancelledError();
    if (this._state !== FINISHED) throw new InvalidStateError("Result is not ready.");
    if (this._exception !== undefined) {
      if ((this._flags & _F_LOG_TRACEBACK) !== 0) this._clearLogTraceback();
      throw this._exception;
    }
    return this._result as T;
  }

  /**
   * The exception set on the future, or undefined when it finished with a result.
   *
   * @throws {CancelledError} if the future was cancelled.
   * @throws {InvalidStateError} "Exception is not set." if it is still pending.
   * @example
   * ```ts
   * fut.setException(new Error("x")); fut.exception(); // Error: x
   * ```
   */
  exception(): unknown {
    if (this._state === CANCELLED) throw this._makeCancelledError();
    if (this._state !== FINISHED) throw new InvalidStateError("Exception is not set.");
    if ((this._flags & _F_LOG_TRACEBACK) !== 0) this._clearLogTraceback();
    return this._exception;
  }

  /**
   * Marks the future done with a result and schedules its callbacks.
   *
   * @throws {InvalidStateError} when the future is already done.
   * @example
   * ```ts
   * fut.setResult(42);
   * ```
   */
  setResult(result: T): void {
    if (this._state !== PENDING) {
      throw new InvalidStateError(`invalid state: ${this.state}: ${this._repr()} is already done`);
    }
    this._result = result;
    this._state = FINISHED;
    this._scheduleCallbacks();
  }

  /**
   * Marks the future done with an exception and schedules its callbacks.
   *
   * @throws {InvalidStateError} when the future is already done.
   * @throws {TypeError} when given undefined (an exception must be a value), or a
   *   StopIteration-like value.
   * @example
   * ```ts
   * fut.setException(new ValueError("bad"));
   * ```
   */
  setException(exception: unknown): void {
    if (this._state !== PENDING) {
      throw new InvalidStateError(`invalid state: ${this.state}: ${this._repr()} is already done`);
    }
    if (exception === undefined) {
      throw new TypeError("setException() needs an exception: pass an Error, not undefined");
    }
    if (typeof exception === "function") {
      throw new TypeError(
        "setException() got a class or function: pass an instance, e.g. new ValueError('...')",
      );
    }
    this._exception = exception;
    this._state = FINISHED;
    this._flags |= _F_LOG_TRACEBACK;
    // Reported if nobody looks at it (asyncio's "exception was never retrieved").
    _trackUnretrieved(this as Future<unknown>);
    this._scheduleCallbacks();
  }

  /**
   * Cancels the future: if it is pending, marks it cancelled with the message and schedules its
   * callbacks, returning true; returns false when it is already done.
   * @example
   * ```ts
   * fut.cancel("no longer needed"); // true
   * ```
   */
  cancel(msg?: string): boolean {
    if ((this._flags & _F_LOG_TRACEBACK) !== 0) this._clearLogTraceback();
    if (this._state !== PENDING) return false;
    this._state = CANCELLED;
    this._cancelMessage = msg;
    this._scheduleCallbacks();
    return true;
  }

  /**
   * The exception was looked at: it will not be reported as never retrieved.
   * @internal
   */
  _clearLogTraceback(): void {
    this._flags &= ~_F_LOG_TRACEBACK;
    _forgetUnretrieved(this as Future<unknown>);
  }

  /**
   * Adds a callback called with the future once it is done, through the loop's `callSoon`
   * (also when the future is already done).
   * @example
   * ```ts
   * fut.addDoneCallback((f) => console.log("done:", f.result()));
   * ```
   */
  addDoneCallback(fn: DoneCallback<this>): void {
    this._addCallback(fn as InternalCallback, this);
  }

  /**
   * Removes every registration of `fn` from the callbacks; returns how many were removed.
   * @example
   * ```ts
   * fut.removeDoneCallback(cb); // 1
   * ```
   */
  removeDoneCallback(fn: DoneCallback<this>): number {
    let removed = 0;
    const rest = this._cbRest;
    if (rest !== null) {
      let j = 0;
      for (let i = 0; i < rest.length; i += 2) {
        if (rest[i] === fn && rest[i + 1] === this) {
          removed++;
        } else {
          rest[j++] = rest[i];
          rest[j++] = rest[i + 1];
        }
      }
      rest.length = j;
    }
    if (this._cbFn === (fn as unknown) && this._cbArg === this) {
      removed++;
      this._shiftFirstCallback();
    }
    return removed;
  }

  /**
   * Adds an internal callback `fn(arg)`; scheduled through the loop like done callbacks.
   * @internal
   */
  _addCallback(fn: InternalCallback, arg: unknown): void {
    if (this._state !== PENDING) {
      if ((fn as unknown) === settleThen) settleThen(arg as ThenRecord, this as Future<unknown>);
      else this._loop._enqueue(fn, arg);
      return;
    }
    if (this._cbFn === null) {
      this._cbFn = fn;
      this._cbArg = arg;
    } else if (this._cbRest === null) {
      this._cbRest = [fn, arg];
    } else {
      this._cbRest.push(fn, arg);
    }
  }

  /**
   * Whether `fn(arg)` is among the callbacks of this pending future (searched from the last
   * added, where a caller checking for its own recent registration finds it first).
   * @internal
   */
  _hasCallback(fn: unknown, arg: unknown): boolean {
    const rest = this._cbRest;
    if (rest !== null) {
      for (let i = rest.length - 2; i >= 0; i -= 2) {
        if (rest[i] === fn && rest[i + 1] === arg) return true;
      }
    }
    return this._cbFn === fn && this._cbArg === arg;
  }

  /**
   * Removes one internal callback registration `fn(arg)`.
   * @internal
   */
  _removeCallback(fn: InternalCallback, arg: unknown): void {
    if (this._cbFn === fn && this._cbArg === arg) {
      this._shiftFirstCallback();
      return;
    }
    const rest = this._cbRest;
    if (rest === null) return;
    for (let i = 0; i < rest.length; i += 2) {
      if (rest[i] === fn && rest[i + 1] === arg) {
        rest.splice(i, 2);
        return;
      }
    }
  }

  private _shiftFirstCallback(): void {
    const rest = this._cbRest;
    if (rest === null || rest.length === 0) {
      this._cbFn = null;
      this._cbArg = undefined;
      this._cbRest = null;
    } else {
      this._cbFn = rest.shift() as InternalCallback;
      this._cbArg = rest.shift();
    }
  }

  private _scheduleCallbacks(): void {
    const fn = this._cbFn;
    if (fn === null) return;
    const loop = this._loop;
    const arg = this._cbArg;
    const rest = this._cbRest;
    this._cbFn = null;
    this._cbArg = undefined;
    this._cbRest = null;
    if ((fn as unknown) === settleThen) settleThen(arg as ThenRecord, this as Future<unknown>);
    else loop._enqueue(fn, arg);
    if (rest !== null) {
      for (let i = 0; i < rest.length; i += 2) {
        const f = rest[i] as InternalCallback;
        if ((f as unknown) === settleThen) {
          settleThen(rest[i + 1] as ThenRecord, this as Future<unknown>);
        } else loop._enqueue(f, rest[i + 1]);
      }
    }
  }

  /**
   * The CancelledError to raise for this cancelled future, carrying the cancel message.
   * @internal
   */
  _makeCancelledError(): CancelledError {
    const rare = this._rare;
    if (rare === null) return new CancelledError("");
    const saved = rare.cancelledExc;
    if (saved !== undefined) {
      rare.cancelledExc = undefined;
      return saved;
    }
    return new CancelledError(rare.cancelMessage ?? "");
  }

  // ---- awaiting: the iterator protocol is what `yield*` uses --------------------------------

  /**
   * Makes the future awaitable with `yield*` in a coroutine.
   * @example
   * ```ts
   * const value = yield* fut;
   * ```
   */
  [Symbol.iterator](): Iterator<Future<unknown>, T, unknown> {
    return this;
  }

  /**
   * Iterator step used by `yield*`: yields the future itself while it is pending (the task then
   * waits for it), returns the result once it is done. Stateless, so one future can be awaited
   * by many coroutines at once.
   * @internal
   */
  next(): IteratorResult<Future<unknown>, T> {
    if (this._state === PENDING) {
      if ((this._flags & _F_BLOCKING) !== 0) {
        // Yielded already and nobody took it: iterated by hand, not awaited by a task.
        throw new RuntimeError(
          "await wasn't used with future: await a future with `yield*` inside a coroutine run by a Task",
        );
      }
      this._flags |= _F_BLOCKING;
      return { done: false, value: this as Future<unknown> };
    }
    return { done: true, value: this.result() };
  }

  /**
   * Lets an exception thrown into the awaiting coroutine (a cancellation) surface at its
   * `yield*`.
   * @internal
   */
  throw(e?: unknown): IteratorResult<Future<unknown>, T> {
    throw e;
  }

  /** @internal */
  return(value?: unknown): IteratorResult<Future<unknown>, T> {
    return { done: true, value: value as T };
  }

  /**
   * Makes the future awaitable from native async code. The returned Promise settles when the
   * future is done (rejecting with CancelledError when it was cancelled), also when the loop
   * has stopped by then.
   * @example
   * ```ts
   * const value = await task;
   * ```
   */
  // biome-ignore lint/suspicious/noThenProperty: a Future is PromiseLike on purpose, so that native code can `await` it
  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    const p = new Promise<T>((resolve, reject) => {
      this._addCallback(settleThen as unknown as InternalCallback, {
        resolve: resolve as (v: unknown) => void,
        reject,
      } satisfies ThenRecord);
    });
    return p.then(onfulfilled, onrejected);
  }

  /**
   * Promise-style catch, for native async code.
   * @example
   * ```ts
   * await task.catch((e) => console.error(e));
   * ```
   */
  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.then(undefined, onrejected);
  }

  /** @internal */
  _repr(): string {
    // Tasks awaiting each other would recurse through wait_for=: Python's reprlib.recursive_repr.
    if (reprRunning.has(this)) return "...";
    reprRunning.add(this);
    try {
      return `<${this.constructor.name} ${this._reprInfo().join(" ")}>`;
    } finally {
      reprRunning.delete(this);
    }
  }

  /** The parts of the repr, as asyncio's `_future_repr_info`. @internal */
  _reprInfo(): string[] {
    const info = [this.state.toLowerCase()];
    if (this._state === FINISHED) {
      if (this._exception !== undefined) info.push(`exception=${describe(this._exception)}`);
      else info.push(`result=${describe(this._result)}`);
    }
    if (this._cbFn !== null) info.push(this._formatCallbacks());
    return info;
  }

  /** `cb=[first(), <N more>, last()]`, as asyncio's `_format_callbacks`. */
  private _formatCallbacks(): string {
    const names = [callbackName(this._cbFn)];
    const rest = this._cbRest;
    if (rest !== null) for (let i = 0; i < rest.length; i += 2) names.push(callbackName(rest[i]));
    if (names.length > 2) {
      return `cb=[${names[0]}, <${names.length - 2} more>, ${names[names.length - 1]}]`;
    }
    return `cb=[${names.join(", ")}]`;
  }

  /**
   * asyncio's repr: `<Future pending>`, `<Future finished result=42>`.
   * @example
   * ```ts
   * String(fut); // "<Future pending>"
   * ```
   */
  toString(): string {
    return this._repr();
  }

  /** @internal */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this._repr();
  }
}

/** The futures whose repr is being built, to cut a cycle short. */
const reprRunning = new Set<Future<unknown>>();

function callbackName(fn: unknown): string {
  return `${(typeof fn === "function" && fn.name) || "<anonymous>"}()`;
}

/** Python's repr of a str: single quotes unless the text holds one and no double quote. */
function reprString(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  const body = text
    .replace(/\\/g, "\\\\")
    .replace(/\n/g, "\\n")
    .replace(/\r/g, "\\r")
    .replace(/\t/g, "\\t");
  return quote + (quote === "'" ? body.replace(/'/g, "\\'") : body) + quote;
}

/** A short repr of a result, in the spirit of Python's `reprlib.repr`. */
function describe(value: unknown, depth = 0): string {
  if (value instanceof Error) {
    return `${value.name}(${value.message ? reprString(value.message) : ""})`;
  }
  if (typeof value === "string") return reprString(value);
  if (Array.isArray(value)) {
    if (depth > 2) return "[...]";
    const items = value.slice(0, 6).map((v) => describe(v, depth + 1));
    if (value.length > 6) items.push("...");
    return `[${items.join(", ")}]`;
  }
  if (typeof value === "object" && value !== null) return Object.prototype.toString.call(value);
  const text = String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * True for a Future of any copy of this package (or any object with the same brand): what
 * Python's `asyncio.isfuture` checks.
 * @example
 * ```ts
 * isFuture(loop.createFuture()); // true
 * ```
 */
export function isFuture(value: unknown): value is Future<unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<symbol, unknown>)[FUTURE_BRAND] === true
  );
}

/**
 * Sets the result unless the future was cancelled meanwhile (asyncio's
 * `_set_result_unless_cancelled`, used by sleep).
 * @example
 * ```ts
 * loop.callLater(1, setResultUnlessCancelled, fut, "late");
 * ```
 */
export function setResultUnlessCancelled<T>(fut: Future<T>, result: T): void {
  if (fut.cancelled()) return;
  fut.setResult(result);
}
