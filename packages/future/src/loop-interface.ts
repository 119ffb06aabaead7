import type { Future } from "./future.js";

/**
 * What every coroutine is: a generator that yields futures to the task driving it and returns
 * its result. Calling a coroutine function (a `function*`) runs nothing and returns one, exactly
 * as calling an `async def` function does in Python.
 *
 * @example
 * ```ts
 * function* answer(): Coroutine<number> {
 *   yield* sleep(1);
 *   return 42;
 * }
 * ```
 */
export type Coroutine<T = unknown> = Generator<unknown, T, unknown>;

/**
 * A scheduled callback: returned by `callSoon` and kin, cancellable until it runs. The
 * interface `@tsio/loop`'s Handle class implements; `cancel()` is a no-op after the callback
 * ran, and neither method throws.
 *
 * @example
 * ```ts
 * const loop = getRunningLoop();
 * const handle: Handle = loop.callSoon(() => console.log("never printed"));
 * handle.cancel();
 * handle.cancelled(); // true
 * ```
 */
export interface Handle {
  /** Cancels the callback; a no-op when it already ran or was cancelled. */
  cancel(): void;
  /** True when the callback was cancelled. */
  cancelled(): boolean;
}

/**
 * A callback scheduled for a time: `callLater` and `callAt` return one. A Handle that also
 * tells its loop time with `when()`; none of its methods throws.
 *
 * @example
 * ```ts
 * const loop = getRunningLoop();
 * const timer: TimerHandle = loop.callLater(5, () => console.log("five seconds later"));
 * console.log(timer.when() - loop.time()); // about 5
 * timer.cancel();
 * ```
 */
export interface TimerHandle extends Handle {
  /** The loop time (in seconds) at which the callback is scheduled. */
  when(): number;
}

/**
 * What the loop's exception handler receives, as in asyncio: `message` always; `exception`,
 * `future`, `task`, `handle` and others where they apply. `loop.callExceptionHandler(context)`
 * passes one to the handler; a handler that throws is logged, not propagated.
 *
 * @example
 * ```ts
 * const context: ExceptionContext = {
 *   message: "Unhandled error in a callback",
 *   exception: new ValueError("bad input"),
 * };
 * getRunningLoop().callExceptionHandler(context);
 * ```
 */
export interface ExceptionContext {
  message: string;
  exception?: unknown;
  future?: Future<unknown>;
  task?: Future<unknown>;
  handle?: Handle;
  [key: string]: unknown;
}

/**
 * What the loop's timer heap holds: a TimerHandle, or an internal timer that is its own entry
 * (sleep's: one object instead of a TimerHandle, its arguments array and sleep's own state,
 * since a million tasks may sleep at once). The loop sets `_when`, `_seq` and `_scheduled`, and
 * runs `_run()` in the iteration the entry is due in, unless it was cancelled by then.
 * @internal
 */
export interface _TimerEntry {
  /** The loop time it is due at. */
  _when: number;
  /** Tie-breaker for equal times: scheduling order. */
  _seq: number;
  /** Cancelled: never run, dropped from the heap. */
  _cancelled: boolean;
  /** In the loop's heap. */
  _scheduled: boolean;
  /** Runs the callback; reports its own errors to the loop's exception handler. */
  _run(): void;
}

/**
 * Options of `createTask`: Python's keyword arguments `name` and `eager_start`. A plain
 * options object; with `eagerStart`, an error the first step raises goes into the task, not
 * out of createTask.
 *
 * @example
 * ```ts
 * function* work(): Coroutine<number> { return 1; }
 * const options: CreateTaskOptions = { name: "worker-1", eagerStart: true };
 * const task = getRunningLoop().createTask(work(), options);
 * ```
 */
export interface CreateTaskOptions {
  /** The task's name (default `Task-N`). */
  name?: string;
  /** Run the first step synchronously inside createTask (Python 3.12's eager_start). */
  eagerStart?: boolean;
}

/**
 * The event loop as the other packages see it: asyncio's `AbstractEventLoop`. `@tsio/loop`
 * implements it; `@tsio/future` and `@tsio/task` program against it only, so that they do not
 * depend on the loop package. Its methods throw RuntimeError when the loop is closed (and
 * `runUntilComplete` when it is already running).
 *
 * @example
 * ```ts
 * function later(loop: AbstractEventLoop, seconds: number): Future<void> {
 *   const fut = loop.createFuture<void>();
 *   loop.callLater(seconds, () => fut.setResult(undefined));
 *   return fut;
 * }
 * function* main() {
 *   yield* later(getRunningLoop(), 0.5);
 * }
 * ```
 */
export interface AbstractEventLoop {
  /** The loop's monotonic clock, in seconds. */
  time(): number;
  /** Schedules `callback(...args)` for the next loop iteration, after those already scheduled. */
  callSoon<A extends unknown[]>(callback: (...args: A) => void, ...args: A): Handle;
  /** Like callSoon, safe to call from a callback that Node runs outside the loop. */
  callSoonThreadsafe<A extends unknown[]>(callback: (...args: A) => void, ...args: A): Handle;
  /** Schedules `callback(...args)` after `delay` seconds. */
  callLater<A extends unknown[]>(
    delay: number,
    callback: (...args: A) => void,
    ...args: A
  ): TimerHandle;
  /** Schedules `callback(...args)` at loop time `when`. */
  callAt<A extends unknown[]>(
    when: number,
    callback: (...args: A) => void,
    ...args: A
  ): TimerHandle;
  /** A new Future bound to this loop. */
  createFuture<T = unknown>(): Future<T>;
  /** Wraps the coroutine in a Task scheduled on this loop. */
  createTask<T>(coro: Coroutine<T>, options?: CreateTaskOptions): Future<T>;
  /** True while the loop runs. */
  isRunning(): boolean;
  /** True once the loop was closed. */
  isClosed(): boolean;
  /** Debug mode flag. */
  getDebug(): boolean;
  /** Calls the loop's exception handler (or the default one) with the context. */
  callExceptionHandler(context: ExceptionContext): void;
  /**
   * The loop's fast path for internal callbacks: queues `fn(arg)` on the ready queue without a
   * Handle. Used by futures and tasks; not for user code.
   * @internal
   */
  _enqueue(fn: (arg: never) => void, arg: unknown): void;
  /**
   * The fast path of `callLater` for internal timers (sleep): schedules the entry `delay`
   * seconds from now, setting its `_when`. Not for user code.
   * @internal
   */
  _callLaterEntry(delay: number, entry: _TimerEntry): void;
  /**
   * Tells the loop that a scheduled entry was cancelled (it counts them to decide when to clean
   * its heap, as asyncio does). Call it before setting `_cancelled`.
   * @internal
   */
  _timerHandleCancelled(entry: _TimerEntry): void;
  /**
   * The task currently running a step on this loop, maintained by `@tsio/task`.
   * @internal
   */
  _currentTask: Future<unknown> | null;
}
