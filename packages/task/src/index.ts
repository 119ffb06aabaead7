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
  _enterTask,
  _leaveTask,
  _registerTask,
  _swapCurrentTask,
  _unregisterTask,
} from "./registry.js";
export { sleep } from "./sleep.js";
export { Task, type TaskOptions } from "./task.js";
export { allTasks, createTask, currentTask } from "./tasks-api.js";
