import {
  _getEventLoop,
  type AbstractEventLoop,
  CancelledError,
  Future,
  isFuture,
} from "@tsio/future";
import { _ensureFutureOn, type AwaitableLike, type ResultOf } from "./ensure-future.js";
import type { Task } from "./task.js";

/**
 * Options of gather (Python's `return_exceptions` keyword argument). A plain options object;
 * with `returnExceptions: true`, gather does not throw a child's error, it returns it.
 *
 * @example
 * ```ts
 * function* fails(): Coroutine<number> { throw new ValueError("no"); }
 * const options: GatherOptions = { returnExceptions: true };
 * function* main() {
 *   const [r] = yield* gather(fails(), options); // r is the ValueError
 * }
 * ```
 */
export interface GatherOptions {
  /**
   * When true, exceptions (and cancellations, as CancelledError) are returned in the result
   * list instead of failing the gather. Default false.
   */
  returnExceptions?: boolean;
}

/**
 * Results of `gather(...aws)`: a typed tuple, one {@link ResultOf} per awaitable. A type only;
 * it throws nothing.
 *
 * @typeParam A - the tuple of awaitable types.
 * @example
 * ```ts
 * type R = GatherResults<[Coroutine<number>, Future<string>]>; // [number, string]
 * const results: R = [1, "one"];
 * ```
 */
export type GatherResults<A extends readonly unknown[]> = {
  -readonly [K in keyof A]: ResultOf<A[K]>;
};
/**
 * Results of `gather(...aws, { returnExceptions: true })`: for each awaitable, its result or
 * the Error it failed with. A type only; it throws nothing.
 *
 * @typeParam A - the tuple of awaitable types.
 * @example
 * ```ts
 * type R = GatherResultsOrErrors<[Coroutine<number>, Coroutine<string>]>;
 * const results: R = [1, new ValueError("bad")]; // [number | Error, string | Error]
 * ```
 */
export type GatherResultsOrErrors<A extends readonly unknown[]> = {
  -readonly [K in keyof A]: ResultOf<A[K]> | Error;
};

/**
 * The future gather returns (Python's `_GatheringFuture`): cancelling it cancels every child
 * that is not done yet.
 *
 * @example
 * ```ts
 * const g = gather(download(a), download(b));
 * loop.callLater(10, () => g.cancel("too slow")); // cancels both downloads
 * const [ra, rb] = yield* g;
 * ```
 */
export class GatheringFuture<T> extends Future<T> {
  /** @internal */ _children: Future<unknown>[];
  /** @internal */ _cancelRequested = false;

  /** @internal */
  constructor(children: Future<unknown>[], loop: AbstractEventLoop) {
    super({ loop });
    this._children = children;
  }

  /**
   * Cancels every child not done yet; the gather then fails with CancelledError whatever
   * `returnExceptions` says. Returns true when at least one child was cancelled.
   * @example
   * ```ts
   * const g = gather(a(), b()); g.cancel();
   * ```
   */
  override cancel(msg?: string): boolean {
    if (this.done()) return false;
    let ret = false;
    for (const child of this._children) {
      if (child.cancel(msg)) ret = true;
    }
    if (ret) this._cancelRequested = true;
    return ret;
  }
}

function isOptions(value: unknown): value is GatherOptions {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  return (
    typeof (value as { then?: unknown }).then !== "function" &&
    typeof (value as Record<symbol, unknown>)[Symbol.iterator] !== "function"
  );
}

const futureAddDoneCallback = Future.prototype.addDoneCallback;

function gatherImpl(
  aws: Iterable<AwaitableLike<unknown>>,
  returnExceptions: boolean,
  dedupeAll: boolean,
): GatheringFuture<unknown[]> {
  let loop: AbstractEventLoop | undefined;
  let outer: GatheringFuture<unknown[]> | null = null;
  const children: Future<unknown>[] = [];
  let nfuts = 0;
  let nfinished = 0;
  const doneFuts: Future<unknown>[] = [];

  const doneCallback = (fut: Future<unknown>): void => {
    nfinished++;
    if (outer === null || outer.done()) {
      if (!fut.cancelled()) fut.exception(); // mark the exception retrieved
      return;
    }
    if (!returnExceptions) {
      if (fut.cancelled()) {
        outer.setException(fut._makeCancelledError());
        return;
      }
      const exc = fut.exception();
      if (exc !== undefined) {
        outer.setException(exc);
        return;
      }
    }
    if (nfinished === nfuts) {
      const results = new Array<unknown>(children.length);
      for (let i = 0; i < children.length; i++) {
        const child = children[i] as Future<unknown>;
        if (child.cancelled()) {
          results[i] = new CancelledError(child._cancelMessage ?? "");
        } else {
          const exc = child.exception();
          results[i] = exc === undefined ? child._result : exc;
        }
      }
      if (outer._cancelRequested) {
        outer.setException(fut._makeCancelledError());
      } else {
        outer.setResult(results);
      }
    }
  };

  // The same future (or, in gather's spread form, coroutine) passed twice is awaited once and
  // its result used twice (Python's arg_to_fut). The spread form has few arguments and keys
  // them all in a Map. gatherAll may have a million: it keys futures only, and without a Map
  // while it can: a pending future seen before already carries this gather's done callback.
  // From the first future that is done (or keeps its callbacks elsewhere), a Set of the futures
  // given takes over, filled with those seen so far (one of them may have finished meanwhile).
  let argToFut: Map<unknown, Future<unknown>> | null = null;
  const given: Future<unknown>[] = [];
  let givenSet: Set<Future<unknown>> | null = null;
  const isRepeat = (fut: Future<unknown>): boolean => {
    if (givenSet === null) {
      if (fut._state === 0 && fut.addDoneCallback === futureAddDoneCallback) {
        return fut._hasCallback(doneCallback, fut);
      }
      givenSet = new Set(given);
    }
    if (givenSet.has(fut)) return true;
    givenSet.add(fut);
    return false;
  };

  for (const arg of aws) {
    let fut: Future<unknown> | undefined;
    if (dedupeAll) {
      fut = argToFut?.get(arg);
      if (fut !== undefined) {
        children.push(fut);
        continue;
      }
    } else if (isFuture(arg)) {
      if (isRepeat(arg)) {
        children.push(arg);
        continue;
      }
      if (givenSet === null) given.push(arg);
    }
    fut = _ensureFutureOn(arg, loop);
    if (loop === undefined) loop = fut._loop;
    if (fut !== arg) (fut as Task<unknown>)._logDestroyPending = false;
    nfuts++;
    if (dedupeAll) {
      argToFut ??= new Map();
      argToFut.set(arg, fut);
    }
    if (fut.done()) doneFuts.push(fut);
    else fut.addDoneCallback(doneCallback);
    children.push(fut);
  }
  if (loop === undefined) {
    const empty = new GatheringFuture<unknown[]>([], _getEventLoop());
    empty.setResult([]);
    return empty;
  }
  outer = new GatheringFuture<unknown[]>(children, loop);
  for (const fut of doneFuts) doneCallback(fut);
  return outer;
}

/**
 * asyncio.gather: runs the awaitables concurrently (coroutines are wrapped in tasks) and
 * returns a future of their results, in argument order, typed as a tuple. The first exception
 * fails the gather unless `{ returnExceptions: true }` is given last, in which case exceptions
 * take their place in the results. Cancelling the gather cancels the children. For very many
 * awaitables (a spread of 200k arguments overflows V8's stack) use {@link gatherAll}.
 *
 * @example
 * ```ts
 * function* main() {
 *   const [a, b] = yield* gather(factorial("A", 2), factorial("B", 3)); // [2, 6]
 *   const r = yield* gather(ok(), fails(), { returnExceptions: true }); // [1, Error]
 * }
 * ```
 */
export function gather<const A extends readonly AwaitableLike<unknown>[]>(
  ...aws: A
): GatheringFuture<GatherResults<A>>;
export function gather<const A extends readonly AwaitableLike<unknown>[]>(
  ...args: [...A, GatherOptions & { returnExceptions: true }]
): GatheringFuture<GatherResultsOrErrors<A>>;
export function gather<const A extends readonly AwaitableLike<unknown>[]>(
  ...args: [...A, GatherOptions]
): GatheringFuture<GatherResults<A> | GatherResultsOrErrors<A>>;
export function gather(...args: unknown[]): GatheringFuture<unknown[]> {
  let returnExceptions = false;
  if (args.length > 0 && isOptions(args[args.length - 1])) {
    returnExceptions = (args.pop() as GatherOptions).returnExceptions === true;
  }
  return gatherImpl(args as AwaitableLike<unknown>[], returnExceptions, true);
}

/**
 * gather over an array or any iterable, for any number of awaitables (gather's spread form
 * overflows the stack past about 100k arguments). Results come in iteration order. A future
 * given twice is awaited once; a coroutine object must appear only once (gather's spread form
 * also accepts a repeated coroutine, as Python does).
 *
 * @example
 * ```ts
 * function* main() {
 *   const results = yield* gatherAll(urls.map((u) => fetchOne(u)));
 *   const settled = yield* gatherAll(jobs(), { returnExceptions: true });
 * }
 * ```
 */
export function gatherAll<T>(
  aws: Iterable<AwaitableLike<T>>,
  options: GatherOptions & { returnExceptions: true },
): GatheringFuture<(T | Error)[]>;
export function gatherAll<T>(
  aws: Iterable<AwaitableLike<T>>,
  options?: GatherOptions,
): GatheringFuture<T[]>;
export function gatherAll<T>(
  aws: Iterable<AwaitableLike<T>>,
  options?: GatherOptions,
): GatheringFuture<unknown[]> {
  if (aws === null || typeof (aws as Iterable<unknown>)?.[Symbol.iterator] !== "function") {
    throw new TypeError("gatherAll() needs an array or iterable of awaitables");
  }
  return gatherImpl(
    aws as Iterable<AwaitableLike<unknown>>,
    options?.returnExceptions === true,
    false,
  );
}
