import type { AnyFunction, Callable } from "./callable.js";
import { TimeoutError, ValueError } from "./errors.js";
import type { Future } from "./future.js";

/**
 * Options of `Executor.map`.
 *
 * @example
 * ```ts
 * pool.map(work, items, { timeout: 30, chunksize: 100 });
 * ```
 */
export interface MapOptions {
  /** Seconds, from the call to `map`, after which iterating throws `TimeoutError`. */
  timeout?: number | null;
  /**
   * How many calls travel to a worker together (default 1). Larger chunks cut the per-call
   * message cost for many small calls. Python honours it only in ProcessPoolExecutor; here both
   * pools do.
   */
  chunksize?: number;
}

/**
 * Options of `Executor.shutdown`.
 *
 * @example
 * ```ts
 * await pool.shutdown({ wait: true, cancelFutures: true });
 * ```
 */
export interface ShutdownOptions {
  /** Resolve only once every worker has finished and exited (default true). */
  wait?: boolean;
  /** Cancel the calls that have not started (default false). */
  cancelFutures?: boolean;
}

/**
 * A function's result once awaited (workers await what a call returns).
 *
 * @example
 * ```ts
 * type R = ResultOf<(n: number) => Promise<string>>; // string
 * ```
 */
export type ResultOf<F extends AnyFunction> = Awaited<ReturnType<F>>;

/**
 * `concurrent.futures.Executor`: the abstract base of ThreadPoolExecutor and ProcessPoolExecutor.
 * Subclasses implement `submit` (and usually `shutdown`); `map` and `Symbol.asyncDispose` come
 * from here.
 *
 * @example
 * ```ts
 * await using pool = new ThreadPoolExecutor({ maxWorkers: 4 });
 * const fut = pool.submit((n: number) => n * 2, 21);
 * for await (const r of pool.map((x: number) => x * x, [1, 2, 3])) console.log(r);
 * ```
 */
export abstract class Executor {
  /**
   * Schedules `fn(...args)` and returns a Future for its result. `fn` is a self-contained
   * function (its source is sent to the worker) or a `task(module, name)`.
   *
   * @throws {RuntimeError} after `shutdown()`.
   * @throws {BrokenExecutor} once the executor is broken.
   * @example
   * ```ts
   * const fut = pool.submit((a: number, b: number) => a + b, 1, 2);
   * ```
   */
  abstract submit<F extends AnyFunction>(
    fn: Callable<F>,
    ...args: Parameters<F>
  ): Future<ResultOf<F>>;

  /**
   * Cleans up: no new calls are accepted; with `wait` (default true) the promise resolves once
   * the calls already submitted have run and the workers have exited; with `cancelFutures` the
   * calls that have not started are cancelled. Safe to call several times.
   *
   * @example
   * ```ts
   * await pool.shutdown({ cancelFutures: true });
   * ```
   */
  abstract shutdown(options?: ShutdownOptions): Promise<void>;

  /**
   * Submits a chunk of calls as one (for `map` with a chunksize); undefined when the executor
   * does not chunk. @internal
   */
  _submitChunk(_fn: Callable, _calls: unknown[][]): Future<unknown[]> | undefined {
    return undefined;
  }

  /**
   * Python's `Executor.map`: submits `fn` over the items of the iterables, zipped (shortest
   * wins), all at once, and returns an async iterator of the results **in order**. Iterating
   * rethrows the first exception of a call; `timeout` (seconds, from this call) makes it throw
   * `TimeoutError`. Leaving the loop early (break, an exception, a timeout) cancels the calls
   * that have not started.
   *
   * @throws {ValueError} if chunksize < 1.
   * @example
   * ```ts
   * for await (const r of pool.map((a: number, b: number) => a ** b, [2, 3], [10, 2])) console.log(r); // 1024, 9
   * ```
   */
  map<A, R>(
    fn: Callable<(a: A) => R>,
    items: Iterable<A>,
    options?: MapOptions,
  ): MapIterator<Awaited<R>>;
  map<A, B, R>(
    fn: Callable<(a: A, b: B) => R>,
    a: Iterable<A>,
    b: Iterable<B>,
    options?: MapOptions,
  ): MapIterator<Awaited<R>>;
  map<A, B, C, R>(
    fn: Callable<(a: A, b: B, c: C) => R>,
    a: Iterable<A>,
    b: Iterable<B>,
    c: Iterable<C>,
    options?: MapOptions,
  ): MapIterator<Awaited<R>>;
  map(fn: Callable, ...rest: (Iterable<unknown> | MapOptions | undefined)[]): MapIterator<unknown>;
  map(fn: Callable, ...rest: (Iterable<unknown> | MapOptions | undefined)[]): MapIterator<unknown> {
    let options: MapOptions = {};
    const last = rest[rest.length - 1];
    if (last === undefined || !isIterable(last)) {
      options = (rest.pop() as MapOptions | undefined) ?? {};
    }
    const iterables = rest as Iterable<unknown>[];
    const chunksize = options.chunksize ?? 1;
    if (!(chunksize >= 1)) throw new ValueError("chunksize must be >= 1.");
    const deadline = options.timeout == null ? null : performance.now() + options.timeout * 1000;
    const calls = zip(iterables);
    const futures: Future<unknown>[] = [];
    let chunked = false;
    if (chunksize > 1) {
      for (let i = 0; i < calls.length; i += chunksize) {
        const fut = this._submitChunk(fn, calls.slice(i, i + chunksize));
        if (fut === undefined) break;
        chunked = true;
        futures.push(fut);
      }
    }
    if (!chunked)
      for (const args of calls) futures.push(this.submit(fn as Callable<AnyFunction>, ...args));
    return new MapIterator(futures, chunked, deadline);
  }

  /**
   * `await using pool = new ThreadPoolExecutor()`: `shutdown({ wait: true })` at the end of the
   * block (Python's `with` statement).
   *
   * @example
   * ```ts
   * {
   *   await using pool = new ProcessPoolExecutor();
   *   await pool.submit(work);
   * } // the pool is shut down here
   * ```
   */
  [Symbol.asyncDispose](): Promise<void> {
    return this.shutdown({ wait: true });
  }
}

function isIterable(value: unknown): value is Iterable<unknown> {
  return (
    value !== null &&
    (typeof value === "object" || typeof value === "string") &&
    typeof (value as Iterable<unknown>)[Symbol.iterator] === "function"
  );
}

/** Python's zip(*iterables): argument lists, as long as the shortest iterable. */
function zip(iterables: Iterable<unknown>[]): unknown[][] {
  if (iterables.length === 0) return [];
  const iterators = iterables.map((it) => it[Symbol.iterator]());
  const calls: unknown[][] = [];
  for (;;) {
    const args = new Array(iterators.length);
    for (let i = 0; i < iterators.length; i++) {
      const r = (iterators[i] as Iterator<unknown>).next();
      if (r.done) {
        for (let j = 0; j < i; j++) (iterators[j] as Iterator<unknown>).return?.();
        return calls;
      }
      args[i] = r.value;
    }
    calls.push(args);
  }
}

/**
 * The async iterator `Executor.map` returns: results in order. Leaving early (`return()`, which
 * `break` calls) cancels the calls that have not started, as closing Python's result iterator
 * does.
 *
 * @example
 * ```ts
 * const it: MapIterator<number> = pool.map((x: number) => x * 2, [1, 2]);
 * for await (const r of it) console.log(r);
 * ```
 */
export class MapIterator<R> implements AsyncIterableIterator<R> {
  private index = 0;
  private buffer: unknown[] = [];
  private bufferIndex = 0;

  /** @internal */
  constructor(
    private futures: Future<unknown>[],
    private readonly chunked: boolean,
    private readonly deadline: number | null,
  ) {}

  /**
   * The next result, in submission order.
   *
   * @example
   * ```ts
   * const it = pool.map(square, [1, 2]);
   * (await it.next()).value; // 1
   * ```
   */
  async next(): Promise<IteratorResult<R, undefined>> {
    if (this.bufferIndex < this.buffer.length) {
      const value = this.buffer[this.bufferIndex] as R;
      this.buffer[this.bufferIndex++] = undefined;
      return { value, done: false };
    }
    if (this.index >= this.futures.length) return { value: undefined, done: true };
    const fut = this.futures[this.index] as Future<unknown>;
    this.futures[this.index++] = undefined as unknown as Future<unknown>;
    let value: unknown;
    try {
      const remaining = this.deadline === null ? null : (this.deadline - performance.now()) / 1000;
      if (remaining !== null && remaining <= 0 && !fut.done()) throw new TimeoutError();
      await fut._whenDone(remaining);
      value = fut.result();
    } catch (e) {
      fut.cancel();
      this.cancelRest();
      throw e;
    }
    if (!this.chunked) return { value: value as R, done: false };
    this.buffer = value as unknown[];
    this.bufferIndex = 0;
    return this.next();
  }

  /**
   * Stops early: cancels the calls that have not started.
   *
   * @example
   * ```ts
   * for await (const r of pool.map(slow, items)) if (r === target) break; // the rest is cancelled
   * ```
   */
  async return(): Promise<IteratorResult<R, undefined>> {
    this.cancelRest();
    return { value: undefined, done: true };
  }

  private cancelRest(): void {
    for (let i = this.index; i < this.futures.length; i++) this.futures[i]?.cancel();
    this.futures = [];
    this.index = 0;
    this.buffer = [];
    this.bufferIndex = 0;
  }

  /** @internal */
  [Symbol.asyncIterator](): this {
    return this;
  }
}
