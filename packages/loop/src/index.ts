export { coroutine } from "./debug.js";
export {
  EventLoop,
  type EventLoopOptions,
  type ExceptionHandler,
  type TaskFactory,
} from "./event-loop.js";
export { getEventLoop, getRunningLoop, newEventLoop, setEventLoop } from "./events.js";
export {
  runCoroutineThreadsafe,
  toThread,
  type WrapFutureOptions,
  wrapFuture,
} from "./executor-bridge.js";
export { Handle, TimerHandle } from "./handles.js";
export { AsyncioLogger, type LogHandler, type LogLevel, type LogRecord, logger } from "./log.js";
export { Runner, type RunOptions, run } from "./runners.js";
export * from "./streams/index.js";
export { TestLoop, type TestLoopOptions } from "./test-loop.js";
