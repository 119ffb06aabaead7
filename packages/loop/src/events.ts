import {
  _getRunningLoop,
  _setEventLoopGetter,
  getRunningLoop as getRunningAbstractLoop,
} from "@tsio/future";
import { EventLoop } from "./event-loop.js";

let currentLoop: EventLoop | null = null;

/**
 * asyncio.new_event_loop: a new EventLoop (not set as the current one).
 * @example
 * ```ts
 * const loop = newEventLoop();
 * ```
 */
export function newEventLoop(): EventLoop {
  return new EventLoop();
}

/**
 * asyncio.get_event_loop: the running loop; outside of one, the loop set with
 * {@link setEventLoop}, creating and setting one the first time (as Python 3.13 does in the main
 * thread, where it also warns that this use is deprecated).
 *
 * @example
 * ```ts
 * const loop = getEventLoop();
 * await loop.runUntilComplete(main());
 * loop.close();
 * ```
 */
export function getEventLoop(): EventLoop {
  const running = _getRunningLoop();
  if (running !== null) return running as EventLoop;
  if (currentLoop === null || currentLoop.isClosed()) currentLoop = newEventLoop();
  return currentLoop;
}

/**
 * asyncio.set_event_loop: sets the loop getEventLoop returns outside of a running loop (null
 * clears it).
 * @throws {TypeError} for anything not an EventLoop or null.
 * @example
 * ```ts
 * setEventLoop(newEventLoop());
 * ```
 */
export function setEventLoop(loop: EventLoop | null): void {
  if (loop !== null && !(loop instanceof EventLoop)) {
    throw new TypeError(`loop must be an instance of EventLoop or null, not ${typeof loop}`);
  }
  currentLoop = loop;
}

_setEventLoopGetter(getEventLoop);

/**
 * asyncio.get_running_loop: the running event loop of this thread, typed as this package's
 * EventLoop (so `getRunningLoop().runInExecutor(...)` needs no cast; `@tsio/future`'s function of
 * the same name returns the same loop typed as the abstract interface).
 *
 * @throws {RuntimeError} "no running event loop" when no loop runs.
 * @example
 * ```ts
 * function* main() {
 *   const loop = getRunningLoop();
 *   const n = yield* loop.runInExecutor(null, (a: number) => a * 2, 21); // 42
 * }
 * ```
 */
export function getRunningLoop(): EventLoop {
  return getRunningAbstractLoop() as EventLoop;
}
