import type { AbstractEventLoop, Coroutine, CreateTaskOptions } from "@tsio/future";
import { Task, type TaskOptions } from "./task.js";

/**
 * A Task class (or a function with the same call shape) that an eager task factory builds with;
 * it must honour `eagerStart`. {@link createEagerTaskFactory} takes one (default: Task).
 *
 * @example
 * ```ts
 * class NamedTask<T> extends Task<T> {}
 * const custom: TaskConstructor = NamedTask;
 * const loop = newEventLoop(); // from @tsio/loop
 * loop.setTaskFactory(createEagerTaskFactory(custom));
 * ```
 */
export type TaskConstructor = new <T>(coro: Coroutine<T>, options?: TaskOptions) => Task<T>;

/**
 * What `loop.setTaskFactory` takes: Python's `factory(loop, coro, **kwargs)`, as
 * {@link createEagerTaskFactory} returns it. Calling it throws what the Task constructor
 * throws (TypeError for something that is not a coroutine).
 *
 * @example
 * ```ts
 * const factory: EagerTaskFactory = createEagerTaskFactory();
 * const loop = newEventLoop(); // from @tsio/loop
 * loop.setTaskFactory(factory);
 * ```
 */
export type EagerTaskFactory = <T>(
  loop: AbstractEventLoop,
  coro: Coroutine<T>,
  options?: CreateTaskOptions,
) => Task<T>;

/**
 * asyncio.create_eager_task_factory (Python 3.12): a task factory for `loop.setTaskFactory` that
 * builds tasks with `custom` and `eagerStart: true`. Such a task runs its first step at once,
 * inside `createTask`, while the loop runs: a coroutine that finishes without suspending never
 * goes through the loop at all, and `createTask` returns a task already done.
 *
 * @param custom - the Task class to build (default Task); it must accept `eagerStart`.
 * @example
 * ```ts
 * loop.setTaskFactory(createEagerTaskFactory(MyTask));
 * ```
 */
export function createEagerTaskFactory(custom: TaskConstructor = Task): EagerTaskFactory {
  return function eagerFactory<T>(
    loop: AbstractEventLoop,
    coro: Coroutine<T>,
    options?: CreateTaskOptions,
  ): Task<T> {
    return new custom(coro, { loop, name: options?.name, eagerStart: true });
  };
}

/**
 * asyncio.eager_task_factory: the eager factory for the plain Task class.
 *
 * @example
 * ```ts
 * function* main() {
 *   getRunningLoop().setTaskFactory(eagerTaskFactory);
 *   const t = createTask(cached()); // may already be done here
 * }
 * // or: run(main(), { loopFactory: () => { const l = newEventLoop(); l.setTaskFactory(eagerTaskFactory); return l; } })
 * ```
 */
export const eagerTaskFactory: EagerTaskFactory = createEagerTaskFactory(Task);
