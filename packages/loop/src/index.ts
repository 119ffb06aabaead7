export {
  EventLoop,
  type EventLoopOptions,
  type ExceptionHandler,
  type ExecutorLike,
  type TaskFactory,
} from "./event-loop.js";
export { getEventLoop, getRunningLoop, newEventLoop, setEventLoop } from "./events.js";
export { Handle, TimerHandle } from "./handles.js";
export { type RunOptions, Runner, run } from "./runners.js";
export { TestLoop, type TestLoopOptions } from "./test-loop.js";
export * from "./streams/index.js";
