import { Future } from "./future.js";
import type { AbstractEventLoop } from "./loop-interface.js";
import { _getEventLoop } from "./running-loop.js";

/**
 * Options of {@link fromPromise}: the loop the new future belongs to. Without `loop` and with
 * no running loop, fromPromise uses the policy's loop as getEventLoop does.
 *
 * @example
 * ```ts
 * const options: FromPromiseOptions = { loop: getRunningLoop() };
 * function* main() {
 *   const text = yield* fromPromise(Promise.resolve("hi"), options);
 * }
 * ```
 */
export interface FromPromiseOptions {
  /** The loop the future belongs to (default: the running loop). */
  loop?: AbstractEventLoop;
}

/**
 * Turns native asynchronous work into a Future that a coroutine can `yield*`.
 *
 * Given a Promise (or any thenable), the future settles with it; cancelling the future cannot stop
 * the promise, whose outcome is then ignored (and a later rejection is not reported as unhandled).
 * Given a function of an AbortSignal, it is called at once with a fresh signal and cancelling the
 * future aborts that signal, so the cancellation reaches `fetch`, timers and fs calls that accept
 * one.
 *
 * @example
 * ```ts
 * function* main() {
 *   const res = yield* fromPromise((signal) => fetch("http://127.0.0.1:8000/", { signal }));
 *   const text = yield* fromPromise(res.text());
 * }
 * ```
 */
export function fromPromise<T>(
  source: PromiseLike<T> | ((signal: AbortSignal) => PromiseLike<T>),
  options?: FromPromiseOptions,
): Future<T> {
  const loop = options?.loop ?? _getEventLoop();
  const fut = new Future<T>({ loop });
  let promise: PromiseLike<T>;
  if (typeof source === "function") {
    const controller = new AbortController();
    fut.addDoneCallback((f) => {
      if (f.cancelled()) controller.abort(f._makeCancelledError());
    });
    try {
      promise = source(controller.signal);
    } catch (e) {
      fut.setException(e);
      return fut;
    }
  } else {
    promise = source;
  }
  if (promise === null || typeof (promise as { then?: unknown })?.then !== "function") {
    throw new TypeError(
      `fromPromise() needs a Promise or a function returning one, got ${typeof promise}`,
    );
  }
  // An outcome that arrives after the loop closed is dropped, as CPython's _chain_future does;
  // calling into a closed loop would throw inside the promise reaction (an unhandled rejection).
  promise.then(
    (value) => {
      if (!fut.done() && !loop.isClosed()) loop.callSoonThreadsafe(settleValue, fut, value);
    },
    (error: unknown) => {
      if (!fut.done() && !loop.isClosed()) loop.callSoonThreadsafe(settleError, fut, error);
    },
  );
  return fut;
}

function settleValue<T>(fut: Future<T>, value: T): void {
  if (!fut.done()) fut.setResult(value);
}

function settleError(fut: Future<unknown>, error: unknown): void {
  if (!fut.done())
    fut.setException(error === undefined ? new Error("promise rejected with undefined") : error);
}
