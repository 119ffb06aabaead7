import {
  _getEventLoop,
  type AbstractEventLoop,
  type Coroutine,
  type Future,
  fromPromise,
  isFuture,
  ValueError,
} from "@tsio/future";
import { isCoroutine } from "@tsio/generator-utils";

/**
 * Anything a coroutine can await and gather can take: a Future (or Task), a coroutine, a
 * Promise-like, or any iterable whose iterator speaks the coroutine protocol (an object with
 * `[Symbol.iterator]` returning a coroutine: Python's `__await__`). ensureFuture and gather
 * throw TypeError for anything else.
 *
 * @typeParam T - the result type.
 * @example
 * ```ts
 * function* fetchOne(): Coroutine<number> { yield* sleep(0.1); return 1; }
 * const inputs: AwaitableLike<number>[] = [fetchOne(), Promise.resolve(2)];
 * function* main() {
 *   const results = yield* gatherAll(inputs); // [1, 2]
 * }
 * ```
 */
export type AwaitableLike<T = unknown> =
  | Future<T>
  | Coroutine<T>
  | PromiseLike<T>
  | { [Symbol.iterator](): Iterator<unknown, T, unknown> };

/**
 * The result type of an awaitable: what `yield*`-ing it (after ensureFuture, for a
 * Promise-like) gives. A type-level function; `never` for what is not awaitable.
 *
 * @typeParam A - the awaitable type.
 * @example
 * ```ts
 * type N = ResultOf<Future<number>>; // number
 * type S = ResultOf<Coroutine<string>>; // string
 * type B = ResultOf<Promise<boolean>>; // boolean
 * const n: N = 42;
 * ```
 */
export type ResultOf<A> =
  A extends Future<infer T>
    ? T
    : A extends Generator<unknown, infer R, unknown>
      ? R
      : A extends PromiseLike<infer T>
        ? T
        : A extends { [Symbol.iterator](): Iterator<unknown, infer R, unknown> }
          ? R
          : never;

function* awaitIterable<T>(aw: {
  [Symbol.iterator](): Iterator<unknown, T, unknown>;
}): Coroutine<T> {
  return (yield* aw as unknown as Iterable<unknown>) as T;
}

/**
 * Options of ensureFuture (Python's `loop` keyword argument): the loop for a new task.
 * ensureFuture throws ValueError when a given future belongs to another loop.
 *
 * @example
 * ```ts
 * function* job(): Coroutine<string> { return "done"; }
 * const options: EnsureFutureOptions = { loop: getRunningLoop() };
 * const fut = ensureFuture(job(), options);
 * ```
 */
export interface EnsureFutureOptions {
  /** The loop for a new task (default: the running loop). */
  loop?: AbstractEventLoop;
}

/**
 * asyncio.ensure_future: returns a Future as is, wraps a coroutine in a Task, and a
 * Promise-like or other awaitable in a Task awaiting it.
 *
 * @throws {TypeError} for anything that cannot be awaited.
 * @throws {ValueError} when a Future belongs to another loop than `options.loop`.
 * @example
 * ```ts
 * const fut = ensureFuture(main()); // a Task
 * ```
 */
export function ensureFuture<T>(aw: AwaitableLike<T>, options?: EnsureFutureOptions): Future<T> {
  return _ensureFutureOn(aw, options?.loop);
}

/**
 * ensureFuture with the loop passed as is (undefined: the running loop), for callers that call
 * it once per awaitable (gather): no options object each time.
 * @internal
 */
export function _ensureFutureOn<T>(
  aw: AwaitableLike<T>,
  loop: AbstractEventLoop | undefined,
): Future<T> {
  if (isFuture(aw)) {
    if (loop !== undefined && loop !== aw._loop) {
      throw new ValueError(
        "The future belongs to a different loop than the one specified as the loop argument",
      );
    }
    return aw as Future<T>;
  }
  let coro: Coroutine<T>;
  if (isCoroutine(aw)) {
    coro = aw as Coroutine<T>;
  } else if (
    typeof aw === "object" &&
    aw !== null &&
    typeof (aw as PromiseLike<T>).then === "function"
  ) {
    const theLoop = loop ?? _getEventLoop();
    coro = awaitIterable(fromPromise(aw as PromiseLike<T>, { loop: theLoop }));
    return theLoop.createTask(coro);
  } else if (
    typeof aw === "object" &&
    aw !== null &&
    typeof (aw as Iterable<unknown>)[Symbol.iterator] === "function"
  ) {
    coro = awaitIterable(aw as { [Symbol.iterator](): Iterator<unknown, T, unknown> });
  } else {
    throw new TypeError(
      `An asyncio.Future, a coroutine or an awaitable is required, got ${typeof aw === "object" ? Object.prototype.toString.call(aw) : String(aw)}`,
    );
  }
  return (loop ?? _getEventLoop()).createTask(coro);
}
