import type { AbstractEventLoop, Future } from "@tsio/future";
import { RuntimeError } from "@tsio/future";

/** What the registry needs of a task. */
export interface RegisteredTask extends Future<unknown> {
  _loop: AbstractEventLoop;
}

/**
 * Tasks that are scheduled and not done yet, in creation order (Python's `_scheduled_tasks`).
 * A task leaves when it finishes, so this holds only live work.
 */
const scheduled = new Set<RegisteredTask>();
/** Tasks running their first step eagerly inside createTask (Python's `_eager_tasks`). */
const eager = new Set<RegisteredTask>();

/** Registers a task as scheduled. @internal */
export function _registerTask(task: RegisteredTask): void {
  scheduled.add(task);
}

/** Removes a task from the scheduled set (when it finishes). @internal */
export function _unregisterTask(task: RegisteredTask): void {
  scheduled.delete(task);
}

/** Registers a task that runs its first step eagerly. @internal */
export function _registerEagerTask(task: RegisteredTask): void {
  eager.add(task);
}

/** Removes an eager task after its first step. @internal */
export function _unregisterEagerTask(task: RegisteredTask): void {
  eager.delete(task);
}

/**
 * Marks `task` as the one running on `loop` (asyncio's `_enter_task`).
 * @throws {RuntimeError} when another task is running on that loop.
 * @internal
 */
export function _enterTask(loop: AbstractEventLoop, task: Future<unknown>): void {
  const current = loop._currentTask;
  if (current !== null) {
    throw new RuntimeError(
      `Cannot enter into task ${String(task)} while another task ${String(current)} is being executed.`,
    );
  }
  loop._currentTask = task;
}

/**
 * Clears the running task of `loop` (asyncio's `_leave_task`).
 * @internal
 */
export function _leaveTask(loop: AbstractEventLoop, task: Future<unknown>): void {
  const current = loop._currentTask;
  if (current !== task) {
    throw new RuntimeError(
      `Leaving task ${String(task)} does not match the current task ${String(current)}.`,
    );
  }
  loop._currentTask = null;
}

/**
 * Sets the running task of `loop` and returns the previous one (asyncio's `_swap_current_task`).
 * @internal
 */
export function _swapCurrentTask(
  loop: AbstractEventLoop,
  task: Future<unknown> | null,
): Future<unknown> | null {
  const prev = loop._currentTask;
  loop._currentTask = task;
  return prev;
}

/**
 * Every task of `loop` that is not done yet, scheduled ones and eager ones in their first step.
 * @internal
 */
export function _tasksOf(loop: AbstractEventLoop): Set<RegisteredTask> {
  const result = new Set<RegisteredTask>();
  for (const t of scheduled) if (t._loop === loop && !t.done()) result.add(t);
  for (const t of eager) if (t._loop === loop && !t.done()) result.add(t);
  return result;
}
