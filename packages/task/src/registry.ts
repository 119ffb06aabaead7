import type { AbstractEventLoop, Future } from "@tsio/future";
import { RuntimeError } from "@tsio/future";

/**
 * What the registry needs of a task: its loop and two link fields for the intrusive list. Task
 * implements it; a {@link TaskTracker} receives values of this type. A structural type; it
 * throws nothing.
 *
 * @example
 * ```ts
 * function loopOf(task: RegisteredTask): AbstractEventLoop {
 *   return task._loop;
 * }
 * ```
 */
export interface RegisteredTask extends Future<unknown> {
  _loop: AbstractEventLoop;
  _prevTask: RegisteredTask | null;
  _nextTask: RegisteredTask | null;
}

/**
 * Tasks that are scheduled and not done yet, in creation order (Python's `_scheduled_tasks`):
 * an intrusive doubly linked list through the tasks' own link fields, so that registering and
 * unregistering cost two pointer writes, not a hash-table update. A task leaves when it finishes.
 */
let head: RegisteredTask | null = null;
let tail: RegisteredTask | null = null;
/** Tasks running their first step eagerly inside createTask (Python's `_eager_tasks`). */
const eager = new Set<RegisteredTask>();

/**
 * Where tasks of debug-mode loops are registered instead of the list: it holds them weakly, so
 * that a pending task nobody references can be collected and reported ("Task was destroyed but
 * it is pending!"), as Python's WeakSet allows. Installed by `@tsio/loop` once debug mode is used.
 * An implementation's methods should not throw: they run inside task creation and completion.
 *
 * @example
 * ```ts
 * const seen = new Set<RegisteredTask>();
 * const tracker: TaskTracker = {
 *   add: (task) => (seen.add(task), true),
 *   delete: (task) => void seen.delete(task),
 *   tasks: () => seen,
 * };
 * ```
 */
export interface TaskTracker {
  /** Takes the task (returns true), or declines it (false: it goes to the list). */
  add(task: RegisteredTask): boolean;
  /** Forgets the task (it finished). */
  delete(task: RegisteredTask): void;
  /** The live tracked tasks. */
  tasks(): Iterable<RegisteredTask>;
}
let tracker: TaskTracker | null = null;

/** Installs (or removes, with null) the debug-mode task tracker. @internal */
export function _setTaskTracker(t: TaskTracker | null): void {
  tracker = t;
}

/** Registers a task as scheduled. @internal */
export function _registerTask(task: RegisteredTask): void {
  if (task._prevTask !== null || head === task) return;
  if (tracker?.add(task)) return;
  task._prevTask = tail;
  task._nextTask = null;
  if (tail === null) head = task;
  else tail._nextTask = task;
  tail = task;
}

/** Removes a task from the scheduled set (when it finishes). @internal */
export function _unregisterTask(task: RegisteredTask): void {
  const prev = task._prevTask;
  const next = task._nextTask;
  if (prev === null && head !== task) {
    // Not in the list: tracked weakly (debug mode), or not registered.
    if (tracker !== null) tracker.delete(task);
    return;
  }
  if (prev === null) head = next;
  else prev._nextTask = next;
  if (next === null) tail = prev;
  else next._prevTask = prev;
  task._prevTask = null;
  task._nextTask = null;
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
  for (let t = head; t !== null; t = t._nextTask) if (t._loop === loop && !t.done()) result.add(t);
  for (const t of eager) if (t._loop === loop && !t.done()) result.add(t);
  if (tracker !== null)
    for (const t of tracker.tasks()) if (t._loop === loop && !t.done()) result.add(t);
  return result;
}

/**
 * Drops the tasks of `loop` that are still registered (its loop closes: they can never run
 * again) and returns the pending ones.
 * @internal
 */
export function _forgetTasksOf(loop: AbstractEventLoop): RegisteredTask[] {
  const pending = [..._tasksOf(loop)];
  for (let t = head; t !== null; ) {
    const next = t._nextTask;
    if (t._loop === loop) _unregisterTask(t);
    t = next;
  }
  if (tracker !== null)
    for (const t of [...tracker.tasks()]) if (t._loop === loop) tracker.delete(t);
  return pending;
}
