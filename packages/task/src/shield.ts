import type { Future } from "@tsio/future";
import { type AwaitableLike, ensureFuture } from "./ensure-future.js";

/** What each pending shield's outer future protects, for the call graph. @internal */
export const _shielded = new WeakMap<Future<unknown>, Future<unknown>>();

/**
 * asyncio.shield: protects `aw` from cancellation. Returns a Future that follows `aw`'s outcome;
 * cancelling that Future (for instance because the task awaiting it is cancelled) does not
 * cancel `aw`, which keeps running. A coroutine is wrapped in a Task: keep a reference to it if
 * you need its result after a cancellation.
 *
 * @example
 * ```ts
 * function* main() {
 *   const task = createTask(saveToDisk(data));
 *   try {
 *     yield* shield(task); // our cancellation does not interrupt the save
 *   } catch (e) {
 *     if (e instanceof CancelledError) console.log("cancelled; the save goes on");
 *     throw e;
 *   }
 * }
 * ```
 */
export function shield<T>(aw: AwaitableLike<T>): Future<T> {
  const inner = ensureFuture(aw);
  if (inner.done()) return inner;
  const outer = inner.getLoop().createFuture<T>();

  const innerDone = (f: Future<T>): void => {
    if (outer.cancelled()) {
      if (!f.cancelled()) f.exception(); // mark the inner outcome retrieved
      return;
    }
    if (f.cancelled()) {
      outer.cancel();
      return;
    }
    const exc = f.exception();
    if (exc !== undefined) outer.setException(exc);
    else outer.setResult(f.result());
  };
  const outerDone = (): void => {
    if (!inner.done()) inner.removeDoneCallback(innerDone);
  };

  inner.addDoneCallback(innerDone);
  outer.addDoneCallback(outerDone);
  _shielded.set(outer, inner);
  return outer;
}
