import type { Coroutine } from "@tsio/future";
import type { Task } from "@tsio/task";
import { LoopBound } from "./loop-bound.js";
import { eager } from "./native.js";

/** What the `async with` helpers need: an acquire coroutine and a synchronous release. */
export interface Acquirable {
  acquire(): Coroutine<unknown>;
  release(): void;
}

/**
 * The value `hold()` returns: a Disposable that releases the primitive once, for TypeScript's
 * `using` declaration. A second dispose does nothing.
 *
 * @example
 * ```ts
 * function* worker() {
 *   using _held = yield* lock.hold();
 *   yield* sleep(1); // released on leaving the block, on every path
 * }
 * ```
 */
export class Held implements Disposable {
  private _primitive: Acquirable | null;

  /** @internal */
  constructor(primitive: Acquirable) {
    this._primitive = primitive;
  }

  /**
   * True until the hold is disposed (the primitive released).
   * @example
   * ```ts
   * using h = yield* lock.hold();
   * h.held; // true
   * ```
   */
  get held(): boolean {
    return this._primitive !== null;
  }

  /**
   * Releases the primitive (the first time only).
   * @example
   * ```ts
   * const h = yield* lock.hold();
   * h[Symbol.dispose]();
   * ```
   */
  [Symbol.dispose](): void {
    const primitive = this._primitive;
    if (primitive === null) return;
    this._primitive = null;
    primitive.release();
  }
}

function isCoroutineLike(value: unknown): value is Coroutine<unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Coroutine<unknown>).next === "function" &&
    typeof (value as Coroutine<unknown>).throw === "function"
  );
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as PromiseLike<unknown>).then === "function"
  );
}

function refusePromise(result: unknown): void {
  if (isThenable(result)) {
    throw new TypeError(
      "the body of with() returned a Promise, which would run outside the block: " +
        "use a coroutine function (function* () { ... yield* ... }) or, in native code, withAsync()",
    );
  }
}

/**
 * Runs what a `with()` body returned: a coroutine is awaited, a plain value returned. A
 * Promise is refused: it would go on running after the block (use `withAsync()`).
 * @internal
 */
export function* runBody<R>(result: Coroutine<R> | R): Coroutine<R> {
  if (isCoroutineLike(result)) return (yield* result) as R;
  refusePromise(result);
  return result;
}

const NOT_STARTED = 0;
const ACQUIRING = 1;
const RUNNING = 2;
const FINISHED = 3;

/**
 * `async with primitive:` for coroutines: acquires, runs the body, releases on every path
 * (return, error, cancellation) and returns the body's result. The body is a coroutine function
 * (`function* () { ... }`, awaited) or a plain function (run as is, for a critical section that
 * does not wait). A body returning a Promise is refused: the lock would be released before the
 * promise settles (use `withAsync()` in native async code).
 *
 * Written as an iterator object that forwards to the acquire coroutine, then to the body, as
 * `yield*` would: a generator here would be one more frame to resume at every step of the body
 * (30% of a contended `lock.with(() => sleep(0))`). It is the generator
 * `yield* acquire(); try { return yield* body(); } finally { release(); }`, step by step.
 * @internal
 */
export class WithAcquired<R> implements Coroutine<R> {
  private _state = NOT_STARTED;
  private _inner: Coroutine<unknown> | null = null;

  constructor(
    private readonly _primitive: Acquirable,
    private readonly _body: () => Coroutine<R> | R,
  ) {
    if (typeof _body !== "function") {
      throw new TypeError(
        `with() needs a function (function* () { ... } or () => ...), got ${_body === null ? "null" : typeof _body}`,
      );
    }
  }

  next(value?: unknown): IteratorResult<unknown, R> {
    const state = this._state;
    if (state === RUNNING) {
      let r: IteratorResult<unknown, unknown>;
      try {
        r = (this._inner as Coroutine<unknown>).next(value);
      } catch (e) {
        this._finish();
        throw e;
      }
      return this._afterBody(r);
    }
    if (state === NOT_STARTED) {
      this._state = ACQUIRING;
      this._inner = this._primitive.acquire();
    } else if (state !== ACQUIRING) {
      return { done: true, value: undefined as R };
    }
    let r: IteratorResult<unknown, unknown>;
    try {
      r = (this._inner as Coroutine<unknown>).next(value);
    } catch (e) {
      this._state = FINISHED; // the acquire coroutine cleaned up: not held
      throw e;
    }
    return r.done === true ? this._enterBody() : (r as IteratorResult<unknown, R>);
  }

  throw(e?: unknown): IteratorResult<unknown, R> {
    const state = this._state;
    if (state !== ACQUIRING && state !== RUNNING) {
      this._state = FINISHED;
      throw e;
    }
    let r: IteratorResult<unknown, unknown>;
    try {
      r = (this._inner as Coroutine<unknown>).throw(e);
    } catch (err) {
      if (state === RUNNING) this._finish();
      else this._state = FINISHED; // the acquire coroutine cleaned up: not held
      throw err;
    }
    if (state === RUNNING) return this._afterBody(r);
    return r.done === true ? this._enterBody() : (r as IteratorResult<unknown, R>);
  }

  return(value?: unknown): IteratorResult<unknown, R> {
    const state = this._state;
    if (state !== ACQUIRING && state !== RUNNING) {
      this._state = FINISHED;
      return { done: true, value: value as R };
    }
    let r: IteratorResult<unknown, unknown>;
    try {
      r = (this._inner as Coroutine<unknown>).return(value);
    } catch (err) {
      if (state === RUNNING) this._finish();
      else this._state = FINISHED;
      throw err;
    }
    if (state === RUNNING) return this._afterBody(r);
    // Returned out of the acquire coroutine: held only if it had acquired meanwhile.
    if (r.done === true) this._state = FINISHED;
    return r as IteratorResult<unknown, R>;
  }

  [Symbol.iterator](): this {
    return this;
  }

  [Symbol.dispose](): void {
    this.return();
  }

  /** Acquired: call the body, and take its first step if it is a coroutine. */
  private _enterBody(): IteratorResult<unknown, R> {
    this._state = RUNNING;
    let result: Coroutine<R> | R;
    let r: IteratorResult<unknown, unknown>;
    try {
      result = this._body();
      if (!isCoroutineLike(result)) {
        refusePromise(result);
        this._finish();
        return { done: true, value: result };
      }
      this._inner = result;
      r = result.next();
    } catch (e) {
      this._finish();
      throw e;
    }
    return this._afterBody(r);
  }

  /** After a step of the body: release once it is complete. */
  private _afterBody(r: IteratorResult<unknown, unknown>): IteratorResult<unknown, R> {
    if (r.done === true) this._finish();
    return r as IteratorResult<unknown, R>;
  }

  private _finish(): void {
    this._state = FINISHED;
    this._inner = null;
    this._primitive.release();
  }
}

/**
 * Python's `_ContextManagerMixin`: what Lock, Semaphore and Condition share, the `async with`
 * forms (`with`, `hold`) and their native async twins.
 */
export abstract class ContextManagerMixin extends LoopBound implements Acquirable {
  /** Acquires the primitive (a coroutine); see the subclass. */
  abstract acquire(): Coroutine<boolean>;
  /** Releases the primitive; see the subclass. */
  abstract release(): void;

  /**
   * Python's `async with primitive:` — acquires, runs the body, releases on every path
   * (return, error, cancellation), and returns the body's result. The body is a coroutine
   * function (`function* () { ... }`) or, for a section that does not wait, a plain function.
   *
   * @throws {TypeError} when the body returns a Promise (it would run outside the lock): use
   *   `withAsync()` in native async code.
   * @example
   * ```ts
   * yield* lock.with(function* () {
   *   const data = yield* load();
   *   yield* save(data);
   * });
   * const n = yield* lock.with(() => ++counter);
   * ```
   */
  with<R>(body: () => Coroutine<R>): Coroutine<R>;
  with<R>(body: () => R): Coroutine<R>;
  with<R>(body: () => Coroutine<R> | R): Coroutine<R> {
    return new WithAcquired(this, body);
  }

  /**
   * Acquires, then returns a Disposable that releases: the form for TypeScript's `using`,
   * which releases when the block is left by any path (return, error, cancellation).
   * @example
   * ```ts
   * function* critical() {
   *   using _held = yield* lock.hold();
   *   yield* sleep(0.1);
   * } // released here
   * ```
   */
  hold(): Coroutine<Held> {
    return holdAcquired(this);
  }

  /**
   * `acquire()` for native async code: a Task (PromiseLike, cancellable), started eagerly.
   * @throws {RuntimeError} outside a running loop.
   * @example
   * ```ts
   * await lock.acquireAsync();
   * try { await work(); } finally { lock.release(); }
   * ```
   */
  acquireAsync(): Task<boolean> {
    return eager(this.acquire());
  }

  /**
   * `with()` for native async code: acquires, awaits `body()`, releases on every path.
   * @throws {RuntimeError} outside a running loop.
   * @example
   * ```ts
   * const text = await lock.withAsync(async () => (await fetch(url)).text());
   * ```
   */
  async withAsync<R>(body: () => R | PromiseLike<R>): Promise<R> {
    if (typeof body !== "function") {
      throw new TypeError(`withAsync() needs a function, got ${typeof body}`);
    }
    await this.acquireAsync();
    try {
      return await body();
    } finally {
      this.release();
    }
  }
}

/**
 * `yield* primitive.hold()`: acquires, then returns a Disposable that releases.
 * @internal
 */
export function* holdAcquired(primitive: Acquirable): Coroutine<Held> {
  yield* primitive.acquire();
  return new Held(primitive);
}
