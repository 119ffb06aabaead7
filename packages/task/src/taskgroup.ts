import {
  type AbstractEventLoop,
  BaseExceptionGroup,
  CancelledError,
  type Coroutine,
  type CreateTaskOptions,
  type Future,
  getRunningLoop,
  KeyboardInterrupt,
  RuntimeError,
} from "@tsio/future";
import { _awaitable, _closeCoroutine } from "./awaitable.js";
import type { AwaitableLike } from "./ensure-future.js";
import type { Task } from "./task.js";

/**
 * The message of the CancelledError a TaskGroup sends its tasks when it aborts (another task
 * of the group failed, or the block was cancelled). A string constant; it throws nothing.
 *
 * @example
 * ```ts
 * function* child() {
 *   try {
 *     yield* sleep(10);
 *   } catch (e) {
 *     const aborted = e instanceof CancelledError && e.message === TASKGROUP_ABORT_MESSAGE;
 *     if (aborted) console.log("the group is shutting down");
 *     throw e;
 *   }
 * }
 * ```
 */
export const TASKGROUP_ABORT_MESSAGE =
  "TaskGroup is shutting down: another task of the group failed, or the block was cancelled; " +
  "the error the group raised carries the failures";

/** TaskGroups between enter and the end of exit, for the call graph. @internal */
export const _activeGroups = new Set<TaskGroup>();

/** Python's `_is_base_error`: errors that leave a TaskGroup as they are (SystemExit, KeyboardInterrupt). */
function isBaseError(exc: unknown): boolean {
  return exc instanceof KeyboardInterrupt;
}

/**
 * asyncio.TaskGroup (Python 3.13): structured concurrency. Tasks created with
 * {@link TaskGroup.createTask} belong to the group, and the group is not left until every one of
 * them is done. When a task fails (with anything but CancelledError), the group cancels the
 * others and the block, waits for them, and raises an ExceptionGroup (from `@tsio/future`)
 * carrying every failure (a BaseExceptionGroup when one is a KeyboardInterrupt-like base
 * exception). When the task running the block is cancelled, the group cancels its tasks too,
 * waits, and lets the CancelledError through.
 *
 * Python writes `async with asyncio.TaskGroup() as tg:`; here the block is a function given to
 * {@link taskGroup} (or {@link TaskGroup.run}), which enters and exits on every path, so no
 * child can outlive the block. `enter()` / `exit()` are the two halves for code that manages
 * the context by hand.
 *
 * @example
 * ```ts
 * function* main() {
 *   const [a, b] = yield* taskGroup(function* (tg) {
 *     const t1 = tg.createTask(fetchOne("a"));
 *     const t2 = tg.createTask(fetchOne("b"));
 *     return [t1, t2] as const;
 *   });
 *   console.log(a.result(), b.result()); // both done here
 * }
 * ```
 */
export class TaskGroup {
  private _entered = false;
  private _exiting = false;
  private _aborting = false;
  private _loop: AbstractEventLoop | null = null;
  /** @internal */ _parentTask: Task<unknown> | null = null;
  private _parentCancelRequested = false;
  // The tasks of the group in an array (compacted as they finish) and a count of those not
  // done: cheaper than a Set when a group spawns many short tasks.
  private _taskList: Task<unknown>[] = [];
  private _pending = 0;
  private _errors: unknown[] | null = [];
  private _baseError: { error: unknown } | null = null;
  private _onCompletedFut: Future<boolean> | null = null;
  private readonly _onTaskDone = (task: Task<unknown>): void => {
    this._pending--;
    const list = this._taskList;
    if (list.length > 64 && this._pending * 2 < list.length) {
      this._taskList = list.filter((t) => !t.done());
    }
    const completed = this._onCompletedFut;
    if (completed !== null && this._pending === 0 && !completed.done()) completed.setResult(true);
    this._taskDone(task);
  };

  /**
   * The tasks of the group that are not done yet (Python's `_tasks`).
   * @internal
   */
  get _tasks(): Set<Task<unknown>> {
    return new Set(this._taskList.filter((t) => !t.done()));
  }
  /**
   * asyncio's repr: `<TaskGroup tasks=2 entered>`, `<TaskGroup tasks=1 errors=1 cancelling>`.
   * @example
   * ```ts
   * String(tg);
   * ```
   */
  toString(): string {
    let info = "";
    if (this._pending > 0) info += ` tasks=${this._pending}`;
    if (this._errors !== null && this._errors.length > 0) info += ` errors=${this._errors.length}`;
    if (this._aborting) info += " cancelling";
    else if (this._entered) info += " entered";
    return `<TaskGroup${info}>`;
  }

  /** @internal */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  /**
   * Enters the group in the current task (Python's `__aenter__`). Pair it with
   * {@link TaskGroup.exit}; {@link TaskGroup.run} and {@link taskGroup} do both.
   *
   * @throws {RuntimeError} "TaskGroup ... has already been entered" (a group is used once), or
   *   "... cannot determine the parent task" outside a task.
   * @example
   * ```ts
   * const tg = new TaskGroup().enter();
   * ```
   */
  enter(): this {
    if (this._entered) {
      throw new RuntimeError(
        `TaskGroup ${this} has already been entered: create a new TaskGroup for each block`,
      );
    }
    if (this._loop === null) this._loop = getRunningLoop();
    const parent = this._loop._currentTask as Task<unknown> | null;
    if (parent === null) {
      throw new RuntimeError(
        `TaskGroup ${this} cannot determine the parent task: use it in a coroutine driven by a Task`,
      );
    }
    this._parentTask = parent;
    this._entered = true;
    _activeGroups.add(this);
    return this;
  }

  /**
   * Leaves the group (Python's `__aexit__`): waits until every task of the group is done
   * (cancelling them all first when `error` is given or a task failed), then throws what leaving
   * the block throws: an ExceptionGroup of the failures, the CancelledError, or `error` itself.
   * Returns normally only when the block and every task succeeded.
   *
   * @param error - the error that ended the block, if any.
   * @throws {ExceptionGroup} / {@link BaseExceptionGroup} carrying the failures.
   * @example
   * ```ts
   * const tg = new TaskGroup().enter();
   * try {
   *   tg.createTask(worker());
   *   yield* sleep(1);
   * } catch (e) {
   *   yield* tg.exit(e); // always throws
   * }
   * yield* tg.exit();
   * ```
   */
  *exit(...error: [] | [unknown]): Coroutine<void> {
    const hasExc = error.length > 0;
    yield* this._aexit(hasExc, error[0]);
    if (hasExc) throw error[0];
  }

  /**
   * Runs `body(tg)` as the group's block and returns its result once every task of the group is
   * done: Python's `async with TaskGroup() as tg: ...`. The group is left on every path (return,
   * error, cancellation), so no task of the group outlives this call.
   *
   * @throws {ExceptionGroup} carrying the failures of the tasks (and of the block).
   * @throws {RuntimeError} when the group was already used, or outside a task.
   * @example
   * ```ts
   * const results = yield* new TaskGroup().run(function* (tg) {
   *   const tasks = urls.map((u) => tg.createTask(download(u)));
   *   return tasks;
   * });
   * ```
   */
  *run<T>(body: (tg: TaskGroup) => AwaitableLike<T>): Coroutine<T> {
    this.enter();
    // 0: running, 1: the block returned, 2: the block threw.
    let outcome = 0;
    try {
      const result = yield* _awaitable(body(this));
      outcome = 1;
      return result;
    } catch (e) {
      outcome = 2;
      yield* this._aexit(true, e);
      throw e;
    } finally {
      if (outcome !== 2) {
        // The block returned, or the coroutine was closed with return(): wait for the tasks
        // either way (cancelling them in the second case).
        if (outcome === 0 && !this._aborting) this._abort();
        yield* this._aexit(false, undefined);
      }
    }
  }

  /**
   * Creates a task in this group and returns it (Python's `TaskGroup.create_task`): the group
   * waits for it, and its failure cancels the group.
   *
   * @throws {RuntimeError} "TaskGroup ... has not been entered", "... is finished" (the block
   *   ended and every task is done), or "... is shutting down" (a task failed or the block was
   *   cancelled). The coroutine is closed in each case.
   * @example
   * ```ts
   * const t = tg.createTask(download(url), { name: "download" });
   * ```
   */
  createTask<T>(coro: Coroutine<T>, options?: CreateTaskOptions): Task<T> {
    if (!this._entered) {
      _closeCoroutine(coro);
      throw new RuntimeError(
        `TaskGroup ${this} has not been entered: create tasks inside taskGroup(function* (tg) { ... })`,
      );
    }
    if (this._exiting && this._pending === 0) {
      _closeCoroutine(coro);
      throw new RuntimeError(
        `TaskGroup ${this} is finished: its block ended; create the task in a new TaskGroup`,
      );
    }
    if (this._aborting) {
      _closeCoroutine(coro);
      throw new RuntimeError(
        `TaskGroup ${this} is shutting down: a task failed or the block was cancelled, so it takes no new tasks`,
      );
    }
    const task = (this._loop as AbstractEventLoop).createTask(coro, options) as Task<T>;
    // A task that finished eagerly needs no callback.
    if (task.done()) {
      this._taskDone(task as Task<unknown>);
    } else {
      this._taskList.push(task as Task<unknown>);
      this._pending++;
      task.addDoneCallback(this._onTaskDone as (t: Task<T>) => void);
    }
    return task;
  }

  private *_aexit(hasExc: boolean, exc: unknown): Coroutine<void> {
    this._exiting = true;
    if (hasExc && isBaseError(exc) && this._baseError === null) this._baseError = { error: exc };
    let propagateCancellationError: unknown = hasExc && exc instanceof CancelledError ? exc : null;
    if (hasExc && !this._aborting) {
      // The parent task is being cancelled, or the block raised: cancel the tasks.
      this._abort();
    }
    const loop = this._loop as AbstractEventLoop;
    const parent = this._parentTask as Task<unknown>;
    // A loop: the wait may be cancelled again and again if the parent keeps being cancelled.
    while (this._pending > 0) {
      if (this._onCompletedFut === null) this._onCompletedFut = loop.createFuture<boolean>();
      try {
        yield* this._onCompletedFut;
      } catch (ex) {
        if (!(ex instanceof CancelledError)) throw ex;
        if (!this._aborting) {
          // The parent task was cancelled while the tasks still ran.
          propagateCancellationError = ex;
          this._abort();
        }
      }
      this._onCompletedFut = null;
    }
    _activeGroups.delete(this);

    if (this._baseError !== null) throw this._baseError.error;

    // When the group cancelled its parent, it must uncancel it.
    if (this._parentCancelRequested && parent.uncancel() === 0) {
      propagateCancellationError = null;
    }
    const errors = this._errors as unknown[];
    // A CancelledError goes through unless there are errors: those come first.
    if (propagateCancellationError !== null && errors.length === 0) {
      throw propagateCancellationError;
    }
    if (hasExc && !(exc instanceof CancelledError)) errors.push(exc);
    if (errors.length > 0) {
      // The parent is being cancelled from outside too: keep its cancel count stable.
      if (parent.cancelling() > 0) {
        parent.uncancel();
        parent.cancel();
      }
      this._errors = null;
      throw new BaseExceptionGroup("unhandled errors in a TaskGroup", errors);
    }
  }

  private _abort(): void {
    this._aborting = true;
    for (const t of this._taskList) if (!t.done()) t.cancel(TASKGROUP_ABORT_MESSAGE);
  }

  /** Python's `_on_task_done`, after the bookkeeping of the task list. */
  private _taskDone(task: Task<unknown>): void {
    if (task.cancelled()) return;
    const exc = task.exception();
    if (exc === undefined) return;
    this._errors?.push(exc);
    if (isBaseError(exc) && this._baseError === null) this._baseError = { error: exc };
    const parent = this._parentTask as Task<unknown>;
    if (parent.done()) {
      (this._loop as AbstractEventLoop).callExceptionHandler({
        message: `Task ${task} has errored out but its parent task ${parent} is already completed`,
        exception: exc,
        task,
      });
      return;
    }
    if (!this._aborting && !this._parentCancelRequested) {
      // Cancel the block (and so the parent task) to stop what it awaits; exit() uncancels it.
      this._abort();
      this._parentCancelRequested = true;
      parent.cancel();
    }
  }
}

/**
 * Runs `body(tg)` in a new {@link TaskGroup} and returns its result once every task of the
 * group is done: Python's `async with asyncio.TaskGroup() as tg:`.
 *
 * @throws {ExceptionGroup} carrying every failure when a task (or the block) fails; the other
 *   tasks and the block are cancelled first.
 * @example
 * ```ts
 * function* main() {
 *   yield* taskGroup(function* (tg) {
 *     tg.createTask(sayAfter(1, "hello"));
 *     tg.createTask(sayAfter(2, "world"));
 *   });
 *   console.log("both done");
 * }
 * ```
 */
export function taskGroup<T>(body: (tg: TaskGroup) => AwaitableLike<T>): Coroutine<T> {
  return new TaskGroup().run(body);
}
