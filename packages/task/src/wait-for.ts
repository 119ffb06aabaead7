import { CancelledError, type Coroutine, TimeoutError } from "@tsio/future";
import { _checkTimeout } from "./awaitable.js";
import { type AwaitableLike, ensureFuture } from "./ensure-future.js";
import { Timeout } from "./timeouts.js";
import { _cancelAndWait } from "./wait.js";

/**
 * Options of {@link waitFor}: `{ timeout }`, as Python's keyword argument. waitFor throws
 * TypeError for a timeout that is not a number (ValueError for NaN), and TimeoutError when
 * the time is up.
 *
 * @example
 * ```ts
 * function* slow(): Coroutine<string> { yield* sleep(60); return "late"; }
 * const options: WaitForOptions = { timeout: 1 };
 * function* main() {
 *   const r = yield* waitFor(slow(), options); // TimeoutError after 1 second
 * }
 * ```
 */
export interface WaitForOptions {
  /** Seconds (null: no limit; zero or negative: already expired). */
  timeout: number | null;
}

/**
 * asyncio.wait_for: awaits `aw` with a time limit and returns its result. When the time is up it
 * cancels `aw`, waits until it has really finished, and raises TimeoutError (with the
 * CancelledError as `cause`), so the total wait may exceed the timeout. If `aw` swallows the
 * cancellation and returns a value, that value is returned (Python 3.12+, which builds wait_for
 * on `timeout()`). Cancelling the caller cancels `aw` too; to protect it, wrap it in
 * {@link shield}.
 *
 * A coroutine runs inline in the caller's task, as `await` would; with a timeout of zero or less
 * it is wrapped in a task and cancelled before it starts.
 *
 * @param aw - a coroutine, Future, Task or Promise-like.
 * @param timeout - seconds, null for none, or `{ timeout }`.
 * @throws {TimeoutError} when the time is up.
 * @throws {ValueError} for a NaN timeout.
 * @example
 * ```ts
 * function* main() {
 *   try {
 *     yield* waitFor(eternity(), 1.0); // or waitFor(eternity(), { timeout: 1.0 })
 *   } catch (e) {
 *     if (e instanceof TimeoutError) console.log("timeout!");
 *   }
 * }
 * ```
 */
export function waitFor<T>(
  aw: AwaitableLike<T>,
  timeout: number | null | undefined | WaitForOptions,
): Coroutine<T> {
  let seconds: number | null;
  try {
    seconds = _checkTimeout(
      typeof timeout === "object" && timeout !== null ? timeout.timeout : timeout,
    );
  } catch (e) {
    // Raised when awaited, as from Python's coroutine.
    return raiseWhenAwaited(e);
  }
  if (seconds === null) return new Timeout(null).run(aw);
  if (seconds <= 0) return waitForExpired(aw);
  return Timeout._after(seconds).run(aw);
}

function* raiseWhenAwaited(error: unknown): Coroutine<never> {
  throw error;
}

/** Python's `timeout <= 0` branch: cancel `aw` before it starts, or take its outcome. */
function* waitForExpired<T>(aw: AwaitableLike<T>): Coroutine<T> {
  const fut = ensureFuture(aw);
  if (fut.done()) return fut.result();
  yield* _cancelAndWait(fut);
  try {
    return fut.result();
  } catch (e) {
    if (e instanceof CancelledError) throw new TimeoutError("", { cause: e });
    throw e;
  }
}
