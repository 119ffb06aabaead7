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

  /** True until the hold is disposed (the primitive released). */
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

/**
 * Runs what a `with()` body returned: a coroutine is awaited, a plain value returned. A
 * Promise is refused: it would go on running after the block (use `withAsync()`).
 * @internal
 */
export function* runBody<R>(result: Coroutine<R> | R): Coroutine<R> {
  if (isCoroutineLike(result)) return (yield* result) as R;
  if (isThenable(result)) {
    throw new TypeError(
      "the body of with() returned a Promise, which would run outside the block: " +
        "use a coroutine function (function* () { ... yield* ... }) or, in native code, withAsync()",
    );
  }
  return result;
}

/**
 * `async with primitive:` for coroutines: acquires, runs the body, releases on every path
 * (return, error, cancellation). The body is a coroutine function (`function* () { ... }`,
 * awaited) or a plain function (run as is, for a critical section that does not wait); its
 * result is returned. A body returning a Promise is refused: the lock would be released before
 * the promise settles (use `withAsync()` in native async code).
 * @internal
 */
export function* withAcquired<R>(
  primitive: Acquirable,
  body: () => Coroutine<R> | R,
): Coroutine<R> {
  if (typeof body !== "function") {
    throw new TypeError(
      `with() needs a function (function* () { ... } or () => ...), got ${body === null ? "null" : typeof body}`,
    );
  }
  yield* primitive.acquire();
  try {
    return yield* runBody(body());
  } finally {
    primitive.release();
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
    return withAcquired(this, body);
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
