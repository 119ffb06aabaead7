import {
  _getRunningLoop,
  type AbstractEventLoop,
  type Coroutine,
  type CreateTaskOptions,
  getRunningLoop,
} from "@tsio/future";
import { _tasksOf } from "./registry.js";
import type { Task } from "./task.js";

/**
 * asyncio.create_task: wraps the coroutine in a Task scheduled on the running loop and returns
 * it. Its first step runs when the creator next yields to the loop (or at once with
 * `{ eagerStart: true }`, Python 3.12's eager start).
 *
 * Keep a reference to the task (or await it): the loop keeps only running tasks.
 *
 * @throws {RuntimeError} "no running event loop" outside a running loop.
 * @throws {TypeError} "a coroutine was expected, got ..." for anything else.
 * @example
 * ```ts
 * function* main() {
 *   const task1 = createTask(sayAfter(1, "hello"));
 *   const task2 = createTask(sayAfter(2, "world"), { name: "second" });
 *   yield* task1;
 *   yield* task2; // about 2 s in all, not 3
 * }
 * ```
 */
export function createTask<T>(coro: Coroutine<T>, options?: CreateTaskOptions): Task<T> {
  return getRunningLoop().createTask(coro, options) as Task<T>;
}

/**
 * asyncio.current_task: the task running now on `loop` (default: the running loop), or null
 * outside of any task (in a plain callback).
 *
 * @throws {RuntimeError} when no loop is given and none runs.
 * @example
 * ```ts
 * function* main() { console.log(currentTask()?.getName()); } // "Task-1"
 * ```
 */
export function currentTask(loop?: AbstractEventLoop): Task<unknown> | null {
  const l = loop ?? getRunningLoop();
  return l._currentTask as Task<unknown> | null;
}

/**
 * asyncio.all_tasks: the set of tasks of `loop` (default: the running loop) not done yet.
 *
 * @throws {RuntimeError} when no loop is given and none runs.
 * @example
 * ```ts
 * for (const t of allTasks()) if (t !== currentTask()) t.cancel();
 * ```
 */
export function allTasks(loop?: AbstractEventLoop): Set<Task<unknown>> {
  const l = loop ?? _getRunningLoop() ?? getRunningLoop();
  return _tasksOf(l) as Set<Task<unknown>>;
}
