import {
  type AnyFunction,
  type Callable,
  type Executor,
  ThreadPoolExecutor,
} from "@tsio/executors";
import {
  _getRunningLoop,
  _setRunningLoop,
  type _TimerEntry,
  type AbstractEventLoop,
  type Coroutine,
  type CreateTaskOptions,
  type ExceptionContext,
  Future,
  fromPromise,
  isFuture,
  RuntimeError,
  ValueError,
} from "@tsio/future";
import { isCoroutine, isCoroutineFunction } from "@tsio/generator-utils";
import { type AwaitableLike, ensureFuture, Task } from "@tsio/task";
import { _debugLoopRuns, _enableDebugHooks, _formatHandle, _loopClosed } from "./debug.js";
import { wrapFuture } from "./executor-bridge.js";
import { callbackName, Handle, TimerHandle } from "./handles.js";
import { logger } from "./log.js";
import { TimerHeap } from "./timer-heap.js";

/**
 * A task factory, as `loop.setTaskFactory` takes (Python's `(loop, coro, **kwargs)`): the loop
 * calls it from `createTask`, and what it throws comes out of `createTask`.
 *
 * @example
 * ```ts
 * const named: TaskFactory = (loop, coro, options) =>
 *   new Task(coro, { ...options, loop, name: `job-${options?.name ?? "anonymous"}` });
 * const loop = newEventLoop();
 * loop.setTaskFactory(named);
 * ```
 */
export type TaskFactory = <T>(
  loop: EventLoop,
  coro: Coroutine<T>,
  options?: CreateTaskOptions,
) => Future<T>;

/**
 * An exception handler, as `loop.setExceptionHandler` takes: it receives the loop and the
 * {@link ExceptionContext}. What it throws goes to the default exception handler ("Unhandled
 * error in exception handler"), not to the code that reported the error.
 *
 * @example
 * ```ts
 * const handler: ExceptionHandler = (loop, context) => {
 *   console.error("asyncio:", context.message, context.exception);
 * };
 * const loop = newEventLoop();
 * loop.setExceptionHandler(handler);
 * ```
 */
export type ExceptionHandler = (loop: EventLoop, context: ExceptionContext) => void;

/**
 * Options of the EventLoop constructor: the clock, the time budget of one batch of callbacks,
 * and debug mode. A plain options object; it throws nothing.
 *
 * @example
 * ```ts
 * const options: EventLoopOptions = { debug: true, timeBudgetMs: 5 };
 * const loop = new EventLoop(options);
 * ```
 */
export interface EventLoopOptions {
  /**
   * The clock, in seconds, monotonic (default: `performance.now() / 1000`). Inject one to run
   * on virtual time; see {@link TestLoop}.
   */
  clock?: () => number;
  /**
   * How long (ms) the loop may run callbacks before it hands control back to Node so that I/O
   * and Node timers run (default 10).
   */
  timeBudgetMs?: number;
  /** Debug mode (default: on when the TSIO_DEBUG or PYTHONASYNCIODEBUG variable is set). */
  debug?: boolean;
}

/** asyncio's `_MIN_SCHEDULED_TIMER_HANDLES` and `_MIN_CANCELLED_TIMER_HANDLES_FRACTION`. */
const MIN_SCHEDULED_TIMER_HANDLES = 100;
const MIN_CANCELLED_TIMER_HANDLES_FRACTION = 0.5;

type Callback = (arg: never) => void;

/**
 * Slots of a ready-queue chunk: 1024 (fn, arg) pairs, then the link to the next chunk. A
 * million tasks created at once queue a million steps: in chunks the queue grows without
 * copying, where a ring would copy itself into arrays twice as large, up to 16 MB.
 */
const CHUNK_SLOTS = 2 * 1024;
type Chunk = unknown[];

function newChunk(): Chunk {
  return new Array<unknown>(CHUNK_SLOTS + 1);
}

function runHandle(handle: Handle | _TimerEntry): void {
  handle._run();
}

function envDebug(): boolean {
  const env = typeof process !== "undefined" ? process.env : {};
  const v = env.TSIO_DEBUG ?? env.PYTHONASYNCIODEBUG;
  return v !== undefined && v !== "" && v !== "0";
}

function checkCallback(callback: unknown, method: string): void {
  if (isCoroutine(callback) || isFuture(callback) || isCoroutineFunction(callback)) {
    throw new TypeError(
      `coroutines cannot be used with ${method}(): wrap it in a task with createTask(coro)`,
    );
  }
  if (typeof callback !== "function") {
    throw new TypeError(
      `a callable object was expected by ${method}(), got ${callback === null ? "null" : typeof callback}`,
    );
  }
}

function checkTime(value: number, what: string): void {
  if (typeof value !== "number") {
    throw new TypeError(`${what} must be a number of seconds, got ${typeof value}`);
  }
  if (Number.isNaN(value)) throw new ValueError(`Invalid ${what}: NaN (not a number)`);
}

/**
 * asyncio's event loop, running inside Node's: a FIFO ready queue and a timer heap, run in
 * batches of iterations per Node turn (up to `timeBudgetMs`), with one Node timer armed for the
 * nearest deadline. Completions from Node (sockets, workers, promises) enter with `callSoon`.
 *
 * JavaScript cannot block, so `runForever` and `runUntilComplete` return Promises. Most
 * programs never touch the loop and use {@link run}.
 *
 * @example
 * ```ts
 * const loop = newEventLoop();
 * const result = await loop.runUntilComplete(main());
 * loop.close();
 * ```
 */
export class EventLoop implements AbstractEventLoop {
  /** @internal */ _currentTask: Future<unknown> | null = null;
  // The ready queue: (fn, arg) pairs in a linked list of chunks, read from _qHeadChunk at
  // _qHead and written to _qTailChunk at _qTail; one emptied chunk is kept for reuse.
  private _qHeadChunk: Chunk = newChunk();
  private _qHead = 0;
  private _qTailChunk: Chunk = this._qHeadChunk;
  private _qTail = 0;
  private _qSpare: Chunk | null = null;
  private _qLen = 0;
  private readonly _timers = new TimerHeap();
  private _timerSeq = 0;
  private _timerCancelledCount = 0;
  /** @internal */ protected _clock: () => number;
  /** @internal */ _clockResolution = 1e-9;
  /** False on a virtual clock: Node timers would measure the wrong time. @internal */
  protected _realTimers = true;
  private readonly _budgetMs: number;
  private _running = false;
  private _stopping = false;
  private _closed = false;
  private _inDrive = false;
  private _wakePending = false;
  private _armed: ReturnType<typeof setTimeout> | null = null;
  private _armedWhen = Number.NaN;
  private _keepAlive: ReturnType<typeof setInterval> | null = null;
  private _runResolve: (() => void) | null = null;
  private _runReject: ((e: unknown) => void) | null = null;
  private _debug: boolean;
  private _taskFactory: TaskFactory | null = null;
  private _exceptionHandler: ExceptionHandler | null = null;
  private readonly _signalHandlers = new Map<string, () => void>();
  /**
   * Callbacks and task steps slower than this (seconds) are reported in debug mode (as
   * warnings on the "asyncio" logger); default 0.1, Python's `slow_callback_duration`.
   * @example
   * ```ts
   * const loop = new EventLoop({ debug: true });
   * loop.slowCallbackDuration = 0.05; // report steps slower than 50 ms
   * ```
   */
  slowCallbackDuration = 0.1;

  /**
   * @param options - `{ clock, timeBudgetMs, debug }`.
   * @example
   * ```ts
   * const loop = new EventLoop({ debug: true });
   * ```
   */
  constructor(options?: EventLoopOptions) {
    this._clock = options?.clock ?? (() => performance.now() / 1000);
    this._budgetMs = options?.timeBudgetMs ?? 10;
    this._debug = options?.debug ?? envDebug();
    if (this._debug) _enableDebugHooks();
  }

  // ---- scheduling ------------------------------------------------------------------------

  /**
   * The loop's monotonic time, in seconds.
   * @example
   * ```ts
   * const start = loop.time();
   * ```
   */
  time(): number {
    return this._clock();
  }

  /** @internal */
  _enqueue(fn: Callback, arg: unknown): void {
    if (this._qTail === CHUNK_SLOTS) this._addTailChunk();
    const q = this._qTailChunk;
    const i = this._qTail;
    q[i] = fn;
    q[i + 1] = arg;
    this._qTail = i + 2;
    this._qLen++;
    if (!this._inDrive && !this._wakePending && this._running) this._wakeup();
  }

  private _addTailChunk(): void {
    const chunk = this._qSpare ?? newChunk();
    this._qSpare = null;
    this._qTailChunk[CHUNK_SLOTS] = chunk;
    this._qTailChunk = chunk;
    this._qTail = 0;
  }

  /** The head chunk is read to its end: move to the next one, keep this one for reuse. */
  private _nextHeadChunk(): void {
    const done = this._qHeadChunk;
    this._qHeadChunk = done[CHUNK_SLOTS] as Chunk;
    done[CHUNK_SLOTS] = undefined;
    this._qSpare = done;
    this._qHead = 0;
  }

  /**
   * Schedules `callback(...args)` for the next iteration of the loop, after the callbacks
   * already scheduled (FIFO).
   *
   * @throws {RuntimeError} "Event loop is closed" on a closed loop.
   * @throws {TypeError} for a coroutine or anything not callable.
   * @example
   * ```ts
   * loop.callSoon((who) => console.log(`hello ${who}`), "world");
   * ```
   */
  callSoon<A extends unknown[]>(callback: (...args: A) => void, ...args: A): Handle {
    this._checkClosed();
    checkCallback(callback, "callSoon");
    const handle = new Handle(callback as unknown as (...a: never[]) => void, args, this);
    this._enqueue(runHandle as Callback, handle);
    return handle;
  }

  /**
   * Like callSoon. JavaScript runs one thread per loop, so this is callSoon under the name
   * asyncio code uses when a callback comes from outside the loop (a Node callback, a worker
   * message).
   * @example
   * ```ts
   * socket.on("data", (d) => loop.callSoonThreadsafe(onData, d));
   * ```
   */
  callSoonThreadsafe<A extends unknown[]>(callback: (...args: A) => void, ...args: A): Handle {
    return this.callSoon(callback, ...args);
  }

  /**
   * Schedules `callback(...args)` after `delay` seconds. Callbacks scheduled for the same time
   * run in the order they were scheduled.
   *
   * @throws {ValueError} for a NaN delay. {@link RuntimeError} on a closed loop.
   * @example
   * ```ts
   * const h = loop.callLater(1.5, () => console.log("1.5 s later"));
   * ```
   */
  callLater<A extends unknown[]>(
    delay: number,
    callback: (...args: A) => void,
    ...args: A
  ): TimerHandle {
    checkTime(delay, "delay");
    return this.callAt(this.time() + delay, callback, ...args);
  }

  /**
   * Schedules `callback(...args)` at loop time `when` (seconds, as `loop.time()`).
   *
   * @throws {ValueError} for a NaN time. {@link RuntimeError} on a closed loop.
   * @example
   * ```ts
   * loop.callAt(loop.time() + 2, () => console.log("at +2 s"));
   * ```
   */
  callAt<A extends unknown[]>(
    when: number,
    callback: (...args: A) => void,
    ...args: A
  ): TimerHandle {
    checkTime(when, "when");
    this._checkClosed();
    checkCallback(callback, "callAt");
    const timer = new TimerHandle(
      when,
      this._timerSeq++,
      callback as unknown as (...a: never[]) => void,
      args,
      this,
    );
    this._pushTimer(timer);
    return timer;
  }

  /** @internal */
  _callLaterEntry(delay: number, entry: _TimerEntry): void {
    this._checkClosed();
    entry._when = this.time() + delay;
    entry._seq = this._timerSeq++;
    this._pushTimer(entry);
  }

  private _pushTimer(entry: _TimerEntry): void {
    this._timers.push(entry);
    entry._scheduled = true;
    if (!this._inDrive && this._running && !this._wakePending) this._wakeup();
  }

  /** @internal */
  _timerHandleCancelled(handle: _TimerEntry): void {
    if (handle._scheduled) this._timerCancelledCount++;
  }

  /**
   * A new Future bound to this loop.
   * @example
   * ```ts
   * const fut = loop.createFuture<number>();
   * ```
   */
  createFuture<T = unknown>(): Future<T> {
    return new Future<T>(this._plainTaskOptions);
  }

  /**
   * What createFuture gives Future, and createTask gives Task when it has no options (shared:
   * no allocation per future or task).
   */
  private readonly _plainTaskOptions: { readonly loop: EventLoop } = { loop: this };

  /**
   * Wraps the coroutine in a Task on this loop (or calls the task factory when one is set).
   *
   * @throws {RuntimeError} on a closed loop. {@link TypeError} for something not a coroutine.
   * @example
   * ```ts
   * const task = loop.createTask(main(), { name: "main" });
   * ```
   */
  createTask<T>(coro: Coroutine<T>, options?: CreateTaskOptions): Task<T> {
    this._checkClosed();
    if (this._taskFactory === null) {
      // Without options, one shared options object: no allocation per task.
      if (options === undefined) return new Task(coro, this._plainTaskOptions);
      return new Task(coro, {
        loop: this,
        name: options.name,
        eagerStart: options.eagerStart,
      });
    }
    const task = this._taskFactory(this, coro, options) as Task<T>;
    // As CPython's create_task, which names what the factory made: a factory may ignore options.
    if (options?.name !== undefined) task.setName(options.name);
    return task;
  }

  /**
   * Sets the factory `createTask` uses (null restores the default Task).
   * @throws {TypeError} for anything not a function or null.
   * @example
   * ```ts
   * loop.setTaskFactory(eagerTaskFactory);
   * ```
   */
  setTaskFactory(factory: TaskFactory | null): void {
    if (factory !== null && typeof factory !== "function") {
      throw new TypeError("task factory must be a function or null");
    }
    this._taskFactory = factory;
  }

  /**
   * The task factory, or null for the default.
   * @example
   * ```ts
   * loop.getTaskFactory(); // null
   * ```
   */
  getTaskFactory(): TaskFactory | null {
    return this._taskFactory;
  }

  // ---- running ---------------------------------------------------------------------------

  /**
   * True while the loop runs.
   * @example
   * ```ts
   * loop.isRunning();
   * ```
   */
  isRunning(): boolean {
    return this._running;
  }

  /**
   * True once the loop was closed.
   * @example
   * ```ts
   * loop.close(); loop.isClosed(); // true
   * ```
   */
  isClosed(): boolean {
    return this._closed;
  }

  private _checkClosed(): void {
    if (this._closed) {
      throw new RuntimeError("Event loop is closed: create a new one with newEventLoop()");
    }
  }

  private _checkRunning(): void {
    if (this._running) throw new RuntimeError("This event loop is already running");
    if (_getRunningLoop() !== null) {
      throw new RuntimeError("Cannot run the event loop while another loop is running");
    }
  }

  /**
   * Runs the loop until `stop()` is called. Returns a Promise that resolves then (JavaScript
   * cannot block as Python's `run_forever` does). While it runs, the process stays alive.
   *
   * @throws {RuntimeError} when the loop is closed or already running, or another loop runs.
   * @example
   * ```ts
   * loop.callLater(1, () => loop.stop());
   * await loop.runForever();
   * ```
   */
  runForever(): Promise<void> {
    this._checkClosed();
    this._checkRunning();
    this._running = true;
    _setRunningLoop(this);
    if (this._debug) _debugLoopRuns(this, true);
    // Python's run_forever blocks the thread; keep Node alive the same way while we run.
    this._keepAlive = setInterval(() => {}, 1 << 30);
    return new Promise<void>((resolve, reject) => {
      this._runResolve = resolve;
      this._runReject = reject;
      this._wakeup();
    });
  }

  /**
   * Runs the loop until the future (a coroutine is wrapped in a Task) is done, and returns its
   * result (rejects with its exception).
   *
   * A Promise cannot resolve to a thenable: when the result is itself a Future, the Promise
   * rejects with a TypeError telling to return `yield* fut` instead.
   *
   * @throws {RuntimeError} when the loop is closed or already running, or another loop runs.
   * @example
   * ```ts
   * const loop = newEventLoop();
   * const [a, b] = await loop.runUntilComplete(gather(one(), two()));
   * ```
   */
  runUntilComplete<T>(future: AwaitableLike<T>): Promise<T> {
    this._checkClosed();
    this._checkRunning();
    const newTask = !isFuture(future);
    const fut = ensureFuture(future, { loop: this });
    if (newTask) (fut as Task<T>)._logDestroyPending = false;
    const onDone = (f: Future<T>): void => {
      (f.getLoop() as EventLoop).stop();
    };
    fut.addDoneCallback(onDone);
    return this.runForever().then(
      () => {
        fut.removeDoneCallback(onDone);
        if (!fut.done()) throw new RuntimeError("Event loop stopped before Future completed.");
        const result = fut.result();
        if (
          isFuture(result) ||
          (typeof result === "object" &&
            result !== null &&
            typeof (result as unknown as PromiseLike<unknown>).then === "function")
        ) {
          throw new TypeError(
            "the coroutine returned a Future or Promise, which a Promise cannot resolve to: " +
              "return its result instead (`return yield* fut`)",
          );
        }
        return result;
      },
      (e: unknown) => {
        fut.removeDoneCallback(onDone);
        throw e;
      },
    );
  }

  /**
   * Stops the loop after the current iteration: `runForever` then resolves. Callbacks already
   * scheduled stay scheduled and run when the loop runs again.
   * @example
   * ```ts
   * loop.callLater(5, () => loop.stop());
   * ```
   */
  stop(): void {
    this._stopping = true;
    if (this._running && !this._inDrive && !this._wakePending) this._wakeup();
  }

  /**
   * Closes the loop: drops every pending callback and timer. The loop cannot run again.
   *
   * @throws {RuntimeError} "Cannot close a running event loop" while it runs.
   * @example
   * ```ts
   * await loop.runUntilComplete(main());
   * loop.close();
   * ```
   */
  close(): void {
    if (this._running) throw new RuntimeError("Cannot close a running event loop");
    if (this._closed) return;
    this._closed = true;
    this._qHeadChunk = newChunk();
    this._qTailChunk = this._qHeadChunk;
    this._qHead = 0;
    this._qTail = 0;
    this._qSpare = null;
    this._qLen = 0;
    this._timers.clear();
    for (const [signal, listener] of this._signalHandlers) process.off(signal, listener);
    this._signalHandlers.clear();
    _loopClosed(this);
    this._onClose();
  }

  /** Hook for subclasses. @internal */
  protected _onClose(): void {
    this._executorShutdownCalled = true;
    const executor = this._defaultExecutor;
    if (executor !== null) {
      this._defaultExecutor = null;
      void executor.shutdown({ wait: false });
    }
  }

  // ---- executors and async generators -----------------------------------------------------

  /** @internal */ protected _defaultExecutor: Executor | null = null;
  /** @internal */ protected _executorShutdownCalled = false;
  private readonly _asyncgens = new Set<AsyncIterator<unknown>>();
  private _asyncgensShutdownCalled = false;

  /**
   * asyncio's `loop.run_in_executor`: runs `fn(...args)` in `executor` (null: the loop's default
   * ThreadPoolExecutor, created on first use) and returns an asyncio Future of the result.
   * Cancelling that future cancels the call if it has not started. `fn` runs in a worker: it
   * must be self-contained, or a `task(module, name)` reference (see @tsio/executors).
   *
   * @throws {RuntimeError} on a closed loop, or with null after the default executor was shut down.
   * @example
   * ```ts
   * function* main() {
   *   const loop = getRunningLoop() as EventLoop;
   *   const n = yield* loop.runInExecutor(null, (a: number, b: number) => a + b, 1, 2); // 3
   *   const pool = new ProcessPoolExecutor();
   *   const sum = yield* loop.runInExecutor(pool, cpuBound);
   * }
   * ```
   */
  runInExecutor<F extends AnyFunction>(
    executor: Executor | null,
    fn: Callable<F>,
    ...args: Parameters<F>
  ): Future<Awaited<ReturnType<F>>> {
    this._checkClosed();
    let ex = executor;
    if (ex === null) {
      if (this._executorShutdownCalled) {
        throw new RuntimeError(
          "Executor shutdown has been called: the default executor is gone; pass an executor",
        );
      }
      ex = this._defaultExecutor;
      if (ex === null) {
        ex = new ThreadPoolExecutor({ threadNamePrefix: "asyncio" });
        this._defaultExecutor = ex;
      }
    }
    return wrapFuture(ex.submit(fn, ...args), { loop: this }) as Future<Awaited<ReturnType<F>>>;
  }

  /**
   * Sets the executor `runInExecutor(null, ...)` uses.
   * @throws {TypeError} for anything but a ThreadPoolExecutor (as Python 3.13 requires) or null.
   * @example
   * ```ts
   * loop.setDefaultExecutor(new ThreadPoolExecutor({ maxWorkers: 4 }));
   * ```
   */
  setDefaultExecutor(executor: Executor | null): void {
    if (executor !== null && !(executor instanceof ThreadPoolExecutor)) {
      throw new TypeError("executor must be ThreadPoolExecutor (or null)");
    }
    this._defaultExecutor = executor;
  }

  /**
   * Shuts the default executor down and waits for its workers, at most `timeout` seconds
   * (default: no limit; `run()` passes 300, as asyncio does). On timeout it warns and leaves the
   * workers to end by themselves.
   * @example
   * ```ts
   * yield* loop.shutdownDefaultExecutor();
   * ```
   */
  *shutdownDefaultExecutor(timeout?: number): Coroutine<void> {
    this._executorShutdownCalled = true;
    const executor = this._defaultExecutor;
    if (executor === null) return;
    const done = fromPromise(executor.shutdown({ wait: true }), { loop: this });
    const timer =
      timeout === undefined || timeout === null
        ? null
        : this.callLater(timeout, () => {
            if (!done.done()) done.cancel();
          });
    try {
      yield* done;
    } catch (e) {
      if (!done.cancelled() || timer === null) throw e;
      process.emitWarning(
        `The executor did not finishing joining its threads within ${timeout} seconds.`,
        { type: "RuntimeWarning" },
      );
      void executor.shutdown({ wait: false });
    } finally {
      timer?.cancel();
      this._defaultExecutor = null;
    }
  }

  /**
   * Registers an async iterator that `shutdownAsyncgens` must close if it is left unfinished
   * (Python tracks async generators through interpreter hooks; JavaScript has none, so tsio's
   * own async iterators register here).
   * @internal
   */
  _trackAsyncgen(agen: AsyncIterator<unknown>): void {
    if (!this._asyncgensShutdownCalled) this._asyncgens.add(agen);
  }

  /** @internal */
  _untrackAsyncgen(agen: AsyncIterator<unknown>): void {
    this._asyncgens.delete(agen);
  }

  /**
   * Closes every registered async iterator still open (calls its `return()`), reporting
   * errors to the exception handler; `run()` calls it at the end.
   * @example
   * ```ts
   * yield* loop.shutdownAsyncgens();
   * ```
   */
  *shutdownAsyncgens(): Coroutine<void> {
    this._asyncgensShutdownCalled = true;
    if (this._asyncgens.size === 0) return;
    const closing = [...this._asyncgens];
    this._asyncgens.clear();
    const results = yield* fromPromise(Promise.allSettled(closing.map((agen) => agen.return?.())), {
      loop: this,
    });
    results.forEach((r, i) => {
      if (r.status === "rejected") {
        this.callExceptionHandler({
          message: "an error occurred during closing of asynchronous generator",
          exception: r.reason,
          asyncgen: closing[i],
        });
      }
    });
  }

  // ---- the engine --------------------------------------------------------------------------

  private _wakeup(): void {
    this._wakePending = true;
    setImmediate(this._drive);
  }

  private readonly _onTimer = (): void => {
    this._armed = null;
    this._armedWhen = Number.NaN;
    if (!this._wakePending && !this._inDrive) this._drive();
  };

  /** Runs loop iterations until idle, stopped, or out of time budget; then rearms. */
  private readonly _drive = (): void => {
    this._wakePending = false;
    if (!this._running || this._inDrive) return;
    this._inDrive = true;
    const budgetEnd = performance.now() + this._budgetMs;
    try {
      for (;;) {
        this._runOnce();
        if (this._stopping) break;
        if (this._qLen === 0) {
          const next = this._timers.peekWhen();
          if (next === Number.POSITIVE_INFINITY) break;
          if (next > this.time() + this._clockResolution && !this._idleAdvance(next)) break;
        }
        if (performance.now() >= budgetEnd) break;
      }
    } catch (e) {
      this._inDrive = false;
      this._finishRun(e);
      return;
    }
    this._inDrive = false;
    if (this._stopping) {
      this._finishRun(undefined);
      return;
    }
    this._rearm();
  };

  /**
   * Called when nothing is ready and the next timer is due at `when`: a virtual clock jumps
   * there and returns true; the real clock returns false (wait for Node's timer).
   * @internal
   */
  protected _idleAdvance(_when: number): boolean {
    return false;
  }

  private _rearm(): void {
    const next = this._timers.peekWhen();
    // More to run now (the time budget ran out): another Node turn, not a Node timer, which
    // would wait at least 1 ms, and which a virtual clock (right after a jump) never gets.
    if (this._qLen > 0 || next <= this.time() + this._clockResolution) {
      if (!this._wakePending) this._wakeup();
      return;
    }
    if (next === Number.POSITIVE_INFINITY || !this._realTimers) {
      this._disarm();
      return;
    }
    if (this._armed !== null && this._armedWhen === next) return;
    this._disarm();
    const delayMs = Math.max(0, (next - this.time()) * 1000);
    this._armedWhen = next;
    this._armed = setTimeout(this._onTimer, Math.ceil(delayMs));
  }

  private _disarm(): void {
    if (this._armed !== null) {
      clearTimeout(this._armed);
      this._armed = null;
      this._armedWhen = Number.NaN;
    }
  }

  private _finishRun(error: unknown): void {
    this._stopping = false;
    this._running = false;
    _setRunningLoop(null);
    _debugLoopRuns(this, false);
    this._disarm();
    if (this._keepAlive !== null) {
      clearInterval(this._keepAlive);
      this._keepAlive = null;
    }
    const resolve = this._runResolve;
    const reject = this._runReject;
    this._runResolve = null;
    this._runReject = null;
    if (error !== undefined) reject?.(error);
    else resolve?.();
  }

  /** One iteration (asyncio's `_run_once`): move due timers to the ready queue, run what is ready. */
  private _runOnce(): void {
    const timers = this._timers;
    if (timers.size > 0) {
      if (
        timers.size > MIN_SCHEDULED_TIMER_HANDLES &&
        this._timerCancelledCount / timers.size > MIN_CANCELLED_TIMER_HANDLES_FRACTION
      ) {
        timers.removeCancelled();
        this._timerCancelledCount = 0;
      } else {
        let head = timers.peek();
        while (head?._cancelled) {
          this._timerCancelledCount--;
          timers.pop();
          head._scheduled = false;
          head = timers.peek();
        }
      }
      if (timers.size > 0) {
        // Due within the clock's resolution. `<=`, not asyncio's `<`: at a large clock value
        // (an epoch clock) adding 1e-9 changes nothing, and a timer due now would never be.
        const end = this.time() + this._clockResolution;
        while (timers.size > 0 && timers.peekWhen() <= end) {
          const h = timers.pop() as _TimerEntry;
          h._scheduled = false;
          this._enqueue(runHandle as Callback, h);
        }
      }
    }
    if (this._debug) {
      this._runReadyDebug();
      return;
    }
    // Only what is ready now runs in this iteration; what it schedules waits for the next.
    let n = this._qLen;
    while (n-- > 0) this._runNext();
    this._rewindQueue();
  }

  /** Takes the first (fn, arg) pair off the ready queue and runs it, reporting an exception. */
  private _runNext(): void {
    if (this._qHead === CHUNK_SLOTS) this._nextHeadChunk();
    const q = this._qHeadChunk;
    const i = this._qHead;
    const fn = q[i] as (arg: unknown) => void;
    const arg = q[i + 1];
    q[i] = undefined;
    q[i + 1] = undefined;
    this._qHead = i + 2;
    this._qLen--;
    try {
      fn(arg);
    } catch (exc) {
      this._reportCallbackError(fn, arg, exc);
    }
  }

  /** An empty queue starts again at the beginning of its chunk (no walk through chunks). */
  private _rewindQueue(): void {
    if (this._qLen === 0 && this._qHeadChunk === this._qTailChunk) {
      this._qHead = 0;
      this._qTail = 0;
    }
  }

  private _runReadyDebug(): void {
    let n = this._qLen;
    while (n-- > 0) {
      if (this._qHead === CHUNK_SLOTS) this._nextHeadChunk();
      // Read before _runNext clears the slot: the report names what ran.
      const fn = this._qHeadChunk[this._qHead] as (arg: unknown) => void;
      const arg = this._qHeadChunk[this._qHead + 1];
      const t0 = performance.now();
      this._runNext();
      const dt = (performance.now() - t0) / 1000;
      if (dt >= this.slowCallbackDuration) {
        logger.warning(`Executing ${_formatHandle(fn, arg)} took ${dt.toFixed(3)} seconds`);
      }
    }
    this._rewindQueue();
  }

  private _reportCallbackError(fn: (arg: unknown) => void, arg: unknown, exc: unknown): void {
    this.callExceptionHandler({
      message: `Exception in callback ${describeCallback(fn, arg)}`,
      exception: exc,
      ...(arg instanceof Handle ? { handle: arg } : {}),
    });
  }

  // ---- debug and errors ------------------------------------------------------------------

  /**
   * Debug mode: slow callbacks reported, extra checks.
   * @example
   * ```ts
   * loop.getDebug();
   * ```
   */
  getDebug(): boolean {
    return this._debug;
  }

  /**
   * Turns debug mode on or off.
   * @example
   * ```ts
   * loop.setDebug(true);
   * ```
   */
  setDebug(enabled: boolean): void {
    this._debug = enabled;
    if (enabled) _enableDebugHooks();
    _debugLoopRuns(this, this._running && enabled);
  }

  /**
   * Sets the handler called for errors nobody else can receive (exceptions in callbacks,
   * unretrieved task exceptions). `null` restores the default, which logs to stderr.
   * @throws {TypeError} for anything not a function or null.
   * @example
   * ```ts
   * loop.setExceptionHandler((loop, ctx) => myLogger.error(ctx.message, ctx.exception));
   * ```
   */
  setExceptionHandler(handler: ExceptionHandler | null): void {
    if (handler !== null && typeof handler !== "function") {
      throw new TypeError(
        `A callable object or None is expected, got ${typeof handler}: pass a function (loop, context) => void`,
      );
    }
    this._exceptionHandler = handler;
  }

  /**
   * The exception handler, or null for the default.
   * @example
   * ```ts
   * loop.getExceptionHandler(); // null
   * ```
   */
  getExceptionHandler(): ExceptionHandler | null {
    return this._exceptionHandler;
  }

  /**
   * asyncio's default handler: writes the message, the context's other keys and the exception's
   * stack to stderr.
   * @example
   * ```ts
   * loop.setExceptionHandler((loop, ctx) => { count++; loop.defaultExceptionHandler(ctx); });
   * ```
   */
  defaultExceptionHandler(context: ExceptionContext): void {
    const lines = [context.message || "Unhandled exception in event loop"];
    for (const key of Object.keys(context).sort()) {
      if (key === "message" || key === "exception") continue;
      lines.push(`${key}: ${reprValue(context[key])}`);
    }
    const exc = context.exception;
    if (exc !== undefined) {
      lines.push(exc instanceof Error && exc.stack ? exc.stack : String(exc));
    }
    process.stderr.write(`${lines.join("\n")}\n`);
  }

  /**
   * Calls the exception handler with the context (the default one if none is set). An error
   * thrown by a custom handler is reported by the default one.
   * @example
   * ```ts
   * loop.callExceptionHandler({ message: "something failed", exception: err });
   * ```
   */
  callExceptionHandler(context: ExceptionContext): void {
    const handler = this._exceptionHandler;
    if (handler === null) {
      try {
        this.defaultExceptionHandler(context);
      } catch (e) {
        process.stderr.write(`Exception in default exception handler: ${String(e)}\n`);
      }
      return;
    }
    try {
      handler(this, context);
    } catch (exc) {
      try {
        this.defaultExceptionHandler({
          message: "Unhandled error in exception handler",
          exception: exc,
          context,
        });
      } catch (e) {
        process.stderr.write(
          "Exception in default exception handler while handling an unexpected error in " +
            `custom exception handler: ${String(e)}\n`,
        );
      }
    }
  }

  // ---- signals -----------------------------------------------------------------------------

  /**
   * Calls `callback(...args)` on the loop whenever the process receives `signal` (Unix).
   * @throws {RuntimeError} on a closed loop. {@link TypeError} for a coroutine callback.
   * @example
   * ```ts
   * loop.addSignalHandler("SIGTERM", () => mainTask.cancel());
   * ```
   */
  addSignalHandler<A extends unknown[]>(
    signal: NodeJS.Signals,
    callback: (...args: A) => void,
    ...args: A
  ): void {
    this._checkClosed();
    checkCallback(callback, "addSignalHandler");
    this.removeSignalHandler(signal);
    const listener = (): void => {
      if (!this._closed) this.callSoonThreadsafe(callback, ...args);
    };
    this._signalHandlers.set(signal, listener);
    process.on(signal, listener);
  }

  /**
   * Removes the handler for `signal`; returns true when one was set.
   * @example
   * ```ts
   * loop.removeSignalHandler("SIGTERM");
   * ```
   */
  removeSignalHandler(signal: NodeJS.Signals): boolean {
    const listener = this._signalHandlers.get(signal);
    if (listener === undefined) return false;
    process.off(signal, listener);
    this._signalHandlers.delete(signal);
    return true;
  }

  /**
   * asyncio's repr: `<EventLoop running=false closed=false debug=false>`.
   * @example
   * ```ts
   * String(loop);
   * ```
   */
  toString(): string {
    return `<${this.constructor.name} running=${this._running} closed=${this._closed} debug=${this._debug}>`;
  }
}

/** A value of an exception context, for the default handler (Python logs its repr). */
function reprValue(value: unknown, depth = 0): string {
  if (typeof value === "string") return `'${value}'`;
  if (value instanceof Error) return `${value.name}(${value.message ? `'${value.message}'` : ""})`;
  if (
    typeof value === "object" &&
    value !== null &&
    Object.getPrototypeOf(value) === Object.prototype
  ) {
    if (depth > 1) return "{...}";
    const items = Object.entries(value).map(([k, v]) => `${k}: ${reprValue(v, depth + 1)}`);
    return `{${items.join(", ")}}`;
  }
  return String(value);
}

function describeCallback(fn: (arg: unknown) => void, arg: unknown): string {
  if (arg instanceof Handle) return String(arg);
  if (arg instanceof Task)
    return `${fn.name === "wakeup" ? "Task.__wakeup" : "Task.__step"}(${arg._repr()})`;
  return callbackName(fn);
}
