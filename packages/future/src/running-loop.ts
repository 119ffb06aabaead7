import { RuntimeError } from "./exceptions.js";
import type { AbstractEventLoop } from "./loop-interface.js";

interface Registry {
  running: AbstractEventLoop | null;
  getEventLoop: (() => AbstractEventLoop) | null;
}

// One registry per thread, shared by every copy of this module that the process loads (an ESM
// and a CJS copy, or two versions): each worker thread has its own globalThis.
const key = Symbol.for("tsio.runningLoopRegistry");
const g = globalThis as unknown as Record<symbol, Registry | undefined>;
let registry = g[key];
if (registry === undefined) {
  registry = { running: null, getEventLoop: null };
  g[key] = registry;
}
const reg: Registry = registry;

/**
 * The running event loop of this thread.
 *
 * @throws {RuntimeError} "no running event loop" when no loop runs, as asyncio does.
 * @example
 * ```ts
 * function* main() {
 *   const loop = getRunningLoop();
 *   loop.callSoon(() => console.log("soon"));
 * }
 * ```
 */
export function getRunningLoop(): AbstractEventLoop {
  const loop = reg.running;
  if (loop === null) {
    throw new RuntimeError(
      "no running event loop: call this from a coroutine or callback run by a loop " +
        "(start one with run(main()))",
    );
  }
  return loop;
}

/**
 * The running event loop, or null when none runs (asyncio's `_get_running_loop`).
 *
 * @example
 * ```ts
 * if (_getRunningLoop() === null) console.log("not inside a loop");
 * ```
 */
export function _getRunningLoop(): AbstractEventLoop | null {
  return reg.running;
}

/**
 * Sets (or clears, with null) the running loop. Only event loops call this.
 * @internal
 */
export function _setRunningLoop(loop: AbstractEventLoop | null): void {
  reg.running = loop;
}

/**
 * Installs the function that `getEventLoop` style lookups use when no loop runs. `@tsio/loop`
 * installs its policy here when it is imported.
 * @internal
 */
export function _setEventLoopGetter(getter: (() => AbstractEventLoop) | null): void {
  reg.getEventLoop = getter;
}

/**
 * The running loop, or the loop `@tsio/loop`'s policy provides when none runs (Python's
 * `events.get_event_loop()` as futures and tasks use it).
 *
 * @throws {RuntimeError} when no loop runs and `@tsio/loop` was not loaded.
 * @example
 * ```ts
 * const fut = new Future(); // uses _getEventLoop() for its loop
 * ```
 */
export function _getEventLoop(): AbstractEventLoop {
  const loop = reg.running;
  if (loop !== null) return loop;
  if (reg.getEventLoop !== null) return reg.getEventLoop();
  throw new RuntimeError(
    "no running event loop, and no event loop policy is installed: import @tsio/loop " +
      "and call run(main()), or pass { loop } explicitly",
  );
}
