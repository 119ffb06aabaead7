import { isMainThread } from "node:worker_threads";
import {
  _getRunningLoop,
  CancelledError,
  type Coroutine,
  KeyboardInterrupt,
  RuntimeError,
  ValueError,
} from "@tsio/future";
import { isCoroutine } from "@tsio/generator-utils";
import { allTasks, gatherAll, type Task } from "@tsio/task";
import type { EventLoop } from "./event-loop.js";
import { newEventLoop, setEventLoop } from "./events.js";

/** asyncio's `constants.THREAD_JOIN_TIMEOUT`: how long run() waits for the default executor. */
const THREAD_JOIN_TIMEOUT = 300;

/**
 * Options of {@link run} and {@link Runner}: Python's `debug` and `loop_factory`. A plain
 * options object; run throws RuntimeError when called from a running loop.
 *
 * @example
 * ```ts
 * function* main() { yield* sleep(1); return "done"; }
 * const options: RunOptions = { debug: true, loopFactory: () => new TestLoop() };
 * const result = await run(main(), options); // "done", at once on the virtual clock
 * ```
 */
export interface RunOptions {
  /** Debug mode for the loop (default: the loop's own default, from TSIO_DEBUG). */
  debug?: boolean;
  /** Makes the loop (default: newEventLoop(), which is also set as the current loop). */
  loopFactory?: () => EventLoop;
}

function describe(value: unknown): string {
  if (typeof value === "string") return `'${value}'`;
  if (typeof value === "function") return `<function ${value.name || "anonymous"}>`;
  if (typeof value === "object" && value !== null) {
    if (typeof (value as PromiseLike<unknown>).then === "function") return String(value);
    return Object.prototype.toString.call(value);
  }
  return String(value);
}

/**
 * asyncio.Runner: runs several top-level coroutines on one loop, then cleans up. Use it with
 * `await using` or call `close()`.
 *
 * @example
 * ```ts
 * await using runner = new Runner();
 * await runner.run(first());
 * await runner.run(second()); // same loop
 * ```
 */
export class Runner {
  private _state: "created" | "initialized" | "closed" = "created";
  private _loop: EventLoop | null = null;
  private readonly _debug: boolean | undefined;
  private readonly _loopFactory: (() => EventLoop) | undefined;
  private _setEventLoop = false;
  private _interruptCount = 0;

  /**
   * @param options - `{ debug, loopFactory }`.
   * @example
   * ```ts
   * const runner = new Runner({ debug: true });
   * ```
   */
  constructor(options?: RunOptions) {
    this._debug = options?.debug;
    this._loopFactory = options?.loopFactory;
  }

  /**
   * The runner's loop (created on first use).
   * @throws {RuntimeError} once the runner is closed.
   * @example
   * ```ts
   * runner.getLoop().time();
   * ```
   */
  getLoop(): EventLoop {
    this._lazyInit();
    return this._loop as EventLoop;
  }

  /**
   * Runs the coroutine to completion on the runner's loop and returns (a Promise of) its
   * result. Ctrl-C (SIGINT) cancels it, as in Python 3.11+; a second Ctrl-C, or a
   * cancellation the coroutine swallows, ends in KeyboardInterrupt.
   *
   * @throws {ValueError} "a coroutine was expected, got ..." for anything else.
   * @throws {RuntimeError} inside a running loop, or on a closed runner.
   * @example
   * ```ts
   * const value = await runner.run(main());
   * ```
   */
  run<T>(coro: Coroutine<T>): Promise<T> {
    if (!isCoroutine(coro)) {
      // Python's exact text; for a function, say what to do (call it).
      const hint =
        typeof coro === "function" ? ": pass main(), the coroutine, not the function main" : "";
      throw new ValueError(`a coroutine was expected, got ${describe(coro)}${hint}`);
    }
    if (_getRunningLoop() !== null) {
      throw new RuntimeError("Runner.run() cannot be called from a running event loop");
    }
    this._lazyInit();
    const loop = this._loop as EventLoop;
    const task = loop.createTask(coro);
    let sigint: (() => void) | null = null;
    if (isMainThread && process.listenerCount("SIGINT") === 0) {
      sigint = () => this._onSigint(task, loop);
      process.on("SIGINT", sigint);
    }
    this._interruptCount = 0;
    return loop.runUntilComplete(task).then(
      (value) => {
        if (sigint) process.off("SIGINT", sigint);
        return value;
      },
      (e: unknown) => {
        if (sigint) process.off("SIGINT", sigint);
        if (e instanceof CancelledError && this._interruptCount > 0 && task.uncancel() === 0) {
          throw new KeyboardInterrupt("interrupted (SIGINT)");
        }
        throw e;
      },
    );
  }

  private _onSigint(task: Task<unknown>, loop: EventLoop): void {
    this._interruptCount++;
    if (this._interruptCount === 1 && !task.done()) {
      task.cancel();
      loop.callSoonThreadsafe(() => {});
      return;
    }
    // Second Ctrl-C: stop waiting for a cleanup that does not end.
    process.exit(130);
  }

  private _lazyInit(): void {
    if (this._state === "closed") throw new RuntimeError("Runner is closed");
    if (this._state === "initialized") return;
    if (this._loopFactory === undefined) {
      this._loop = newEventLoop();
      if (!this._setEventLoop) {
        setEventLoop(this._loop);
        this._setEventLoop = true;
      }
    } else {
      this._loop = this._loopFactory();
    }
    if (this._debug !== undefined) this._loop.setDebug(this._debug);
    this._state = "initialized";
  }

  /**
   * Cancels the tasks still running and waits for them, shuts down async generators and the
   * default executor, then closes the loop.
   * @example
   * ```ts
   * await runner.close();
   * ```
   */
  async close(): Promise<void> {
    if (this._state !== "initialized") return;
    const loop = this._loop as EventLoop;
    try {
      await cancelAllTasks(loop);
      await loop.runUntilComplete(loop.shutdownAsyncgens());
      await loop.runUntilComplete(loop.shutdownDefaultExecutor(THREAD_JOIN_TIMEOUT));
    } finally {
      if (this._setEventLoop) setEventLoop(null);
      loop.close();
      this._loop = null;
      this._state = "closed";
    }
  }

  /**
   * `await using runner = new Runner()` closes it at the end of the block.
   * @example
   * ```ts
   * await using runner = new Runner();
   * ```
   */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

async function cancelAllTasks(loop: EventLoop): Promise<void> {
  const toCancel = allTasks(loop);
  if (toCancel.size === 0) return;
  for (const task of toCancel) task.cancel();
  await loop.runUntilComplete(gatherAll(toCancel, { returnExceptions: true }));
  for (const task of toCancel) {
    if (task.cancelled()) continue;
    const exc = task.exception();
    if (exc !== undefined) {
      loop.callExceptionHandler({
        message: "unhandled exception during asyncio.run() shutdown",
        exception: exc,
        task,
      });
    }
  }
}

/**
 * asyncio.run: runs the coroutine on a new event loop and returns a Promise of its result. At
 * the end it cancels the tasks still running (and waits for them), shuts down async
 * generators and the default executor, and closes the loop. Ctrl-C cancels main.
 *
 * @throws {RuntimeError} "asyncio.run() cannot be called from a running event loop", at once.
 * @throws {ValueError} "a coroutine was expected, got ..." for anything but a coroutine.
 * @example
 * ```ts
 * function* main() {
 *   yield* sleep(1);
 *   console.log("hello");
 *   return 42;
 * }
 * const answer = await run(main());
 * ```
 */
export function run<T>(main: Coroutine<T>, options?: RunOptions): Promise<T> {
  if (_getRunningLoop() !== null) {
    throw new RuntimeError("asyncio.run() cannot be called from a running event loop");
  }
  const runner = new Runner(options);
  let result: Promise<T>;
  try {
    result = runner.run(main);
  } catch (e) {
    void runner.close();
    throw e;
  }
  return result.then(
    async (value) => {
      await runner.close();
      return value;
    },
    async (e: unknown) => {
      await runner.close();
      throw e;
    },
  );
}
