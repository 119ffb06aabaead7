import { type AnyFunction, type Callable, Future as ConcurrentFuture } from "@tsio/executors";
import {
  type AbstractEventLoop,
  type Coroutine,
  type Future,
  getRunningLoop,
  isFuture,
} from "@tsio/future";
import { ensureFuture } from "@tsio/task";

/**
 * Copies the outcome of a concurrent.futures Future into an asyncio Future (Python's
 * `_copy_future_state`).
 */
function copyToAsyncio<T>(source: ConcurrentFuture<T>, dest: Future<T>): void {
  if (dest.cancelled()) return;
  if (source.cancelled()) {
    dest.cancel();
    return;
  }
  const exc = source.exception();
  if (exc !== undefined) dest.setException(exc);
  else dest.setResult(source.result());
}

/** Copies an asyncio Future's outcome into a concurrent.futures Future. */
function copyToConcurrent<T>(source: Future<T>, dest: ConcurrentFuture<T>): void {
  if (source.cancelled()) {
    dest.cancel();
    return;
  }
  if (!dest.setRunningOrNotifyCancel()) return;
  const exc = source.exception();
  if (exc !== undefined) dest.setException(exc);
  else dest.setResult(source.result());
}

/**
 * Options of {@link wrapFuture}: Python's `loop` keyword argument. wrapFuture throws
 * TypeError for what is neither a concurrent nor an asyncio Future.
 *
 * @example
 * ```ts
 * const options: WrapFutureOptions = { loop: getRunningLoop() };
 * function* main() {
 *   const cf = pool.submit((n: number) => n * 6, 7); // pool: a ThreadPoolExecutor
 *   console.log(yield* wrapFuture(cf, options)); // 42
 * }
 * ```
 */
export interface WrapFutureOptions {
  /** The loop of the new asyncio Future (default: the running loop). */
  loop?: AbstractEventLoop;
}

/**
 * asyncio.wrap_future: an asyncio Future that follows a concurrent.futures Future (from an
 * executor). Cancelling the asyncio Future cancels the concurrent one if it has not started.
 * An asyncio Future is returned as is.
 *
 * @throws {TypeError} for anything else.
 * @example
 * ```ts
 * function* main() {
 *   const cf = pool.submit((n: number) => n * n, 7);
 *   console.log(yield* wrapFuture(cf)); // 49
 * }
 * ```
 */
export function wrapFuture<T>(
  future: ConcurrentFuture<T> | Future<T>,
  options?: WrapFutureOptions,
): Future<T> {
  if (isFuture(future)) return future as Future<T>;
  if (!(future instanceof ConcurrentFuture)) {
    throw new TypeError(
      `concurrent.futures.Future is expected, got ${String(future)}: pass what executor.submit() returns`,
    );
  }
  const loop = options?.loop ?? getRunningLoop();
  const dest = loop.createFuture<T>();
  dest.addDoneCallback((d) => {
    if (d.cancelled()) future.cancel();
  });
  future.addDoneCallback((src) => {
    if (loop.isClosed()) return;
    loop.callSoonThreadsafe(copyToAsyncio<T>, src, dest);
  });
  return dest;
}

/**
 * asyncio.run_coroutine_threadsafe: submits a coroutine to `loop` from outside it (a Node
 * callback, another loop's code, a worker's message handler) and returns a concurrent.futures
 * Future for its result. Cancelling that future cancels the task.
 *
 * @throws {TypeError} for anything but a coroutine.
 * @example
 * ```ts
 * server.on("request", (req, res) => {
 *   const cf = runCoroutineThreadsafe(handle(req), loop);
 *   cf.then((body) => res.end(body));
 * });
 * ```
 */
export function runCoroutineThreadsafe<T>(
  coro: Coroutine<T>,
  loop: AbstractEventLoop,
): ConcurrentFuture<T> {
  if (typeof coro !== "object" || coro === null || typeof coro.next !== "function") {
    throw new TypeError("A coroutine object is required: pass main(), not main");
  }
  const future = new ConcurrentFuture<T>();
  loop.callSoonThreadsafe(() => {
    let task: Future<T>;
    try {
      task = ensureFuture(coro, { loop });
    } catch (exc) {
      if (future.setRunningOrNotifyCancel()) future.setException(exc);
      throw exc;
    }
    task.addDoneCallback((t) => copyToConcurrent(t, future));
    future.addDoneCallback((f) => {
      if (f.cancelled()) loop.callSoonThreadsafe(() => task.cancel());
    });
  });
  return future;
}

/**
 * asyncio.to_thread: runs `fn(...args)` in the running loop's default executor (a
 * ThreadPoolExecutor on worker threads) and returns a Future of its result, to `yield*`.
 * `fn` runs in a worker: it must be self-contained, or a `task(module, name)` reference (see
 * @tsio/executors).
 *
 * @throws {RuntimeError} outside a running loop, or after the default executor was shut down.
 * @example
 * ```ts
 * function* main() {
 *   const bytes = yield* toThread(() => require("node:fs").readFileSync("/dev/urandom").subarray(0, 100));
 * }
 * ```
 */
export function toThread<F extends AnyFunction>(
  fn: Callable<F>,
  ...args: Parameters<F>
): Future<Awaited<ReturnType<F>>> {
  const loop = getRunningLoop() as AbstractEventLoop & {
    runInExecutor: <G extends AnyFunction>(
      executor: null,
      fn: Callable<G>,
      ...args: Parameters<G>
    ) => Future<Awaited<ReturnType<G>>>;
  };
  return loop.runInExecutor(null, fn, ...args);
}
