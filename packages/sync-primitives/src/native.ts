import type { Coroutine } from "@tsio/future";
import { createTask, type Task } from "@tsio/task";

/**
 * Runs a primitive's coroutine for native async code: an eagerly started Task (Python 3.12's
 * eager_start), so that a call that does not have to wait completes at once, as an `async`
 * function would, and one that waits does so with the same fairness as a coroutine. The Task
 * is PromiseLike (`await` it) and can be cancelled.
 * @throws {RuntimeError} "no running event loop" outside a running loop.
 * @internal
 */
export function eager<T>(coro: Coroutine<T>): Task<T> {
  return createTask(coro, { eagerStart: true });
}
