export {
  BaseExceptionGroup,
  type ErrorClass,
  ExceptionGroup,
  type ExceptionGroupCondition,
  isBaseException,
} from "./exception-group.js";
export {
  AsyncioError,
  BrokenBarrierError,
  CancelledError,
  IncompleteReadError,
  InvalidStateError,
  KeyboardInterrupt,
  LimitOverrunError,
  RuntimeError,
  TimeoutError,
  ValueError,
} from "./exceptions.js";
export { type FromPromiseOptions, fromPromise } from "./from-promise.js";
export {
  _F_BLOCKING,
  _F_LOG_TRACEBACK,
  _FutureRare,
  type DoneCallback,
  Future,
  type FutureOptions,
  type FutureState,
  isFuture,
  setResultUnlessCancelled,
} from "./future.js";
export type {
  _TimerEntry,
  AbstractEventLoop,
  Coroutine,
  CreateTaskOptions,
  ExceptionContext,
  Handle,
  TimerHandle,
} from "./loop-interface.js";
export {
  _getEventLoop,
  _getRunningLoop,
  _setEventLoopGetter,
  _setRunningLoop,
  getRunningLoop,
} from "./running-loop.js";
export { _forgetUnretrieved, _reportUnretrieved, _trackUnretrieved } from "./unretrieved.js";
