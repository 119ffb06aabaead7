export {
  AsCompletedIterator,
  type AsCompletedNext,
  type AsCompletedOptions,
  asCompleted,
} from "./as-completed.js";
export {
  type DumpTasksOptions,
  dumpTasks,
  type InstallTaskDumpOptions,
  installTaskDump,
} from "./dump.js";
export {
  createEagerTaskFactory,
  type EagerTaskFactory,
  eagerTaskFactory,
  type TaskConstructor,
} from "./eager.js";
export {
  type AwaitableLike,
  type EnsureFutureOptions,
  ensureFuture,
  type ResultOf,
} from "./ensure-future.js";
export {
  GatheringFuture,
  type GatherOptions,
  type GatherResults,
  type GatherResultsOrErrors,
  gather,
  gatherAll,
} from "./gather.js";
export {
  _setAwaitTracing,
  type CallGraphOptions,
  captureCallGraph,
  type FrameCallGraphEntry,
  type FutureCallGraph,
  formatCallGraph,
  printCallGraph,
  renderCallGraph,
} from "./graph.js";
export {
  _enterTask,
  _forgetTasksOf,
  _leaveTask,
  _registerTask,
  _setTaskTracker,
  _swapCurrentTask,
  _unregisterTask,
  type RegisteredTask,
  type TaskTracker,
} from "./registry.js";
export { shield } from "./shield.js";
export { sleep } from "./sleep.js";
export { Task, type TaskOptions } from "./task.js";
export { TASKGROUP_ABORT_MESSAGE, TaskGroup, taskGroup } from "./taskgroup.js";
export { allTasks, createTask, currentTask } from "./tasks-api.js";
export { Timeout, type TimeoutBody, type TimeoutState, timeout, timeoutAt } from "./timeouts.js";
export {
  ALL_COMPLETED,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  type ReturnWhen,
  type WaitOptions,
  wait,
} from "./wait.js";
export { type WaitForOptions, waitFor } from "./wait-for.js";
