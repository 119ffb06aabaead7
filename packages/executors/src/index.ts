/**
 * `@tsio/executors`: Python's concurrent.futures for Node.js. ThreadPoolExecutor on
 * worker_threads, ProcessPoolExecutor on child processes, their Future (not asyncio's), `wait`
 * and `asCompleted`.
 * @module
 */
export { type AnyFunction, type Callable, isTaskRef, type TaskRef, task } from "./callable.js";
export { currentThreadName } from "./current.js";
export {
  AttributeError,
  BrokenExecutor,
  BrokenProcessPool,
  BrokenThreadPool,
  CancelledError,
  CloneError,
  ExecutorError,
  FreeVariableError,
  InvalidStateError,
  ModuleNotFoundError,
  NotCallableError,
  RuntimeError,
  TimeoutError,
  ValueError,
} from "./errors.js";
export {
  Executor,
  MapIterator,
  type MapOptions,
  type ResultOf,
  type ShutdownOptions,
} from "./executor.js";
export { Future, type FutureState, type WaitOptions } from "./future.js";
export { LOGGER, type Logger } from "./logger.js";
export { ProcessPoolExecutor, type ProcessPoolExecutorOptions } from "./process-pool.js";
export { ThreadPoolExecutor, type ThreadPoolExecutorOptions } from "./thread-pool.js";
export {
  ALL_COMPLETED,
  AsCompletedIterator,
  type AsCompletedOptions,
  asCompleted,
  type DoneAndNotDoneFutures,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  type ReturnWhen,
  type WaitForFuturesOptions,
  wait,
} from "./wait.js";
