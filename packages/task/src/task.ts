import {
  _F_BLOCKING,
  _F_LOG_TRACEBACK,
  _FutureRare,
  _getEventLoop,
  type AbstractEventLoop,
  CancelledError,
  type Coroutine,
  Future,
  InvalidStateError,
  isFuture,
  RuntimeError,
} from "@tsio/future";
import { isCoroutine } from "@tsio/generator-utils";
import {
  _registerEagerTask,
  _registerTask,
  _swapCurrentTask,
  _unregisterEagerTask,
  _unregisterTask,
} from "./registry.js";
import { RESUME, SLEEP0 } from "./tokens.js";

let taskNameCounter = 0;

/**
 * Options of the Task constructor and `createTask`: Python's `loop`, `name` and `eager_start`.
 * Without `loop`, the constructor takes the running loop, else the policy's loop, and throws
 * RuntimeError when there is neither.
 *
 * @example
 * ```ts
 * function* work(): Coroutine<number> { return 7; }
 * const options: TaskOptions = { name: "worker", eagerStart: true };
 * function* main() {
 *   const task = new Task(work(), options);
 *   return yield* task; // 7
 * }
 * ```
 */
export interface TaskOptions {
  /** The loop to run on (default: the running loop). */
  loop?: AbstractEventLoop;
  /** The task's name (default `Task-N`). */
  name?: string;
  /** Run the first step now, inside the constructor, when the loop runs (Python 3.12). */
  eagerStart?: boolean;
}

type Step = (task: Task<unknown>) => void;

// Bits of a task's `_flags` (a Future's own bits are 0-7).
/** Python's `_must_cancel`: cancel() came while no future was awaited. */
const T_MUST_CANCEL = 1 << 8;
/** The next step resumes a `sleep(0)`: it sends RESUME into the coroutine. */
const T_RESUME = 1 << 9;
/** The next queued step throws `_rare.pendingExc` into the coroutine. */
const T_PENDING_EXC = 1 << 10;
/** Not reported if destroyed while pending (debug mode); the inverse of `_logDestroyPending`. */
const T_NO_LOG_DESTROY_PENDING = 1 << 11;

/**
 * A task's rarely used state: cancellation requests and the error a queued step throws. Most
 * tasks never need it, so it is allocated on first use.
 * @internal
 */
export class _TaskRare extends _FutureRare {
  /** Python's `_num_cancels_requested`. */
  numCancelsRequested = 0;
  pendingExc: unknown = undefined;
}

/** Runs a step scheduled through the loop's ready queue (the error to throw, if any, is stored). */
const queuedStep: Step = (task) => {
  if ((task._flags & T_PENDING_EXC) !== 0) {
    const rare = task._rare as _TaskRare;
    const exc = rare.pendingExc;
    task._flags &= ~T_PENDING_EXC;
    rare.pendingExc = undefined;
    task._step(true, exc);
  } else {
    task._step(false, undefined);
  }
};

const futureAddDoneCallback = Future.prototype.addDoneCallback;

/** The done callback a task adds to the future it waits on (Python's `Task.__wakeup`). */
const wakeup: Step = (task) => {
  const fut = task._futWaiter as Future<unknown>;
  if (fut._state === 2 && fut._exception === undefined) {
    task._step(false, undefined);
    return;
  }
  let exc: unknown;
  try {
    fut.result();
    task._step(false, undefined);
    return;
  } catch (e) {
    exc = e;
  }
  task._step(true, exc);
};

const AWAIT_HINT =
  ": in a coroutine, `yield*` awaits a Future, a Task or a coroutine; " +
  "wrap a Promise with `yield* fromPromise(p)`";

/**
 * `yield* x` of something not awaitable fails with V8's "x is not iterable", which does not say
 * what to do: the task adds the fix to the message of such an error when it ends the coroutine.
 */
function addAwaitHint(e: TypeError): void {
  const message = e.message;
  if (!message.includes("is not iterable") || message.endsWith(AWAIT_HINT) || Object.isFrozen(e)) {
    return;
  }
  e.message = message + AWAIT_HINT;
  if (typeof e.stack === "string") e.stack = e.stack.replace(message, e.message);
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "symbol") return value.toString();
  if (typeof value === "function") return `<function ${value.name || "anonymous"}>`;
  if (isCoroutine(value)) return "<generator object>";
  if (typeof value === "object" && value !== null) {
    if (isFuture(value)) return String(value);
    return Object.prototype.toString.call(value);
  }
  return String(value);
}

/**
 * asyncio.Task: a Future that drives a coroutine (a generator) step by step on the loop, as
 * CPython's `Task.__step` and `__wakeup` do. `cancel()` throws a CancelledError into the
 * coroutine at the `yield*` it is suspended in; its `finally` blocks run and may wait.
 *
 * Create tasks with `createTask(coro)` (or `loop.createTask`), not with `new Task` directly.
 *
 * @typeParam T - the coroutine's return type.
 * @example
 * ```ts
 * function* main() {
 *   const task = createTask(sayAfter(1, "hello"), { name: "greeter" });
 *   yield* sleep(0.5);
 *   task.cancel("changed my mind");
 *   try { yield* task; } catch (e) { console.log(e instanceof CancelledError); } // true
 * }
 * ```
 */
export class Task<T = unknown> extends Future<T> {
  // Few fields on purpose (a million tasks may be alive at once): booleans are bits of _flags,
  // rarely used state is in _rare (see Future).
  /** @internal */ _coro: Coroutine<T> | null;
  /** The name given, or N of the default name `Task-N` until getName() makes it a string. @internal */
  _name: string | number;
  /** @internal */ _futWaiter: Future<unknown> | null = null;
  /** Links of the registry's list of scheduled tasks. @internal */
  _prevTask: Task<unknown> | null = null;
  /** @internal */ _nextTask: Task<unknown> | null = null;

  /**
   * @param coro - the coroutine to drive (what calling a `function*` returns).
   * @param options - `{ loop, name, eagerStart }`.
   * @throws {TypeError} "a coroutine was expected, got ..." for anything that is not one.
   * @example
   * ```ts
   * const task = new Task(main(), { loop, name: "main" });
   * ```
   */
  constructor(coro: Coroutine<T>, options?: TaskOptions) {
    const loop = options?.loop ?? _getEventLoop();
    // Future reads only `loop`: pass the options on rather than allocate another object.
    super(options?.loop !== undefined ? options : { loop });
    if (!isCoroutine(coro)) {
      this._flags |= T_NO_LOG_DESTROY_PENDING;
      throw new TypeError(
        `a coroutine was expected, got ${describe(coro)}: call the function* to make one ` +
          "(createTask(main()), not createTask(main))",
      );
    }
    this._coro = coro;
    this._name = options?.name === undefined ? ++taskNameCounter : String(options.name);
    if (options?.eagerStart === true && loop.isRunning()) {
      this._eagerStart();
    } else {
      loop._enqueue(queuedStep, this);
      _registerTask(this);
    }
  }

  /** @internal */
  override _newRare(): _TaskRare {
    return new _TaskRare();
  }

  /** Python's `_must_cancel`. @internal */
  get _mustCancel(): boolean {
    return (this._flags & T_MUST_CANCEL) !== 0;
  }
  set _mustCancel(value: boolean) {
    this._flags = value ? this._flags | T_MUST_CANCEL : this._flags & ~T_MUST_CANCEL;
  }

  /** Whether to report the task if it is destroyed while pending (debug mode). @internal */
  get _logDestroyPending(): boolean {
    return (this._flags & T_NO_LOG_DESTROY_PENDING) === 0;
  }
  set _logDestroyPending(value: boolean) {
    this._flags = value
      ? this._flags & ~T_NO_LOG_DESTROY_PENDING
      : this._flags | T_NO_LOG_DESTROY_PENDING;
  }

  private _eagerStart(): void {
    const loop = this._loop;
    const prev = _swapCurrentTask(loop, this);
    try {
      _registerEagerTask(this);
      try {
        this._stepRunAndHandleResult(false, undefined);
      } finally {
        _unregisterEagerTask(this);
      }
    } finally {
      _swapCurrentTask(loop, prev);
      if (this.done()) this._coro = null;
      else _registerTask(this);
    }
  }

  /**
   * The task's name: the one given, or `Task-N`.
   * @example
   * ```ts
   * createTask(main()).getName(); // "Task-1"
   * ```
   */
  getName(): string {
    if (typeof this._name === "number") this._name = `Task-${this._name}`;
    return this._name;
  }

  /**
   * Renames the task.
   * @example
   * ```ts
   * task.setName("downloader");
   * ```
   */
  setName(name: string): void {
    this._name = String(name);
  }

  /**
   * The coroutine the task drives; null once the task is done (JavaScript keeps a finished
   * generator's arguments alive, where CPython frees them, so a done task lets go of it; Python
   * 3.12+ eager tasks do the same).
   * @example
   * ```ts
   * task.getCoro();
   * ```
   */
  getCoro(): Coroutine<T> | null {
    return this._coro;
  }

  /**
   * Tasks do not support setResult: the coroutine's return value is the result.
   * @throws {RuntimeError} always.
   * @example
   * ```ts
   * task.setResult(1); // RuntimeError: Task does not support set_result operation: ...
   * ```
   */
  override setResult(_result: T): never {
    throw new RuntimeError("Task does not support set_result operation: return from the coroutine");
  }

  /**
   * Tasks do not support setException: throw from the coroutine instead.
   * @throws {RuntimeError} always.
   * @example
   * ```ts
   * task.setException(new ValueError()); // RuntimeError: Task does not support ...
   * ```
   */
  override setException(_exception: unknown): never {
    throw new RuntimeError(
      "Task does not support set_exception operation: throw from the coroutine",
    );
  }

  /**
   * Requests cancellation: a CancelledError (with `msg`) is thrown into the coroutine at its
   * next step. Returns false when the task is already done. The coroutine may catch it; call
   * `uncancel()` then if the cancellation is really swallowed.
   * @example
   * ```ts
   * task.cancel("shutting down"); // true
   * ```
   */
  override cancel(msg?: string): boolean {
    if ((this._flags & _F_LOG_TRACEBACK) !== 0) this._clearLogTraceback();
    if (this._state !== 0) return false;
    const rare = this._getRare() as _TaskRare;
    rare.numCancelsRequested++;
    const waiter = this._futWaiter;
    // Leave _futWaiter set: it may be a task that swallows the cancellation, to cancel again.
    if (waiter?.cancel(msg)) return true;
    this._flags |= T_MUST_CANCEL;
    rare.cancelMessage = msg;
    return true;
  }

  /**
   * How many cancellation requests are pending (cancel() calls minus uncancel() calls).
   * @example
   * ```ts
   * task.cancel(); task.cancelling(); // 1
   * ```
   */
  cancelling(): number {
    return this._rare === null ? 0 : (this._rare as _TaskRare).numCancelsRequested;
  }

  /**
   * Decrements the pending cancellation requests and returns the new count. When it reaches
   * zero, a cancellation not yet delivered is dropped (Python 3.13).
   * @example
   * ```ts
   * if (task.uncancel() === 0) { ... } // the cancellation was ours and is handled
   * ```
   */
  uncancel(): number {
    const rare = this._rare as _TaskRare | null;
    if (rare === null) return 0;
    if (rare.numCancelsRequested > 0) {
      rare.numCancelsRequested--;
      if (rare.numCancelsRequested === 0) this._flags &= ~T_MUST_CANCEL;
    }
    return rare.numCancelsRequested;
  }

  /**
   * One step of the coroutine (Python's `Task.__step`).
   * @internal
   */
  _step(hasExc: boolean, exc: unknown): void {
    if (this._state !== 0) {
      throw new InvalidStateError(`_step(): already done: ${this._repr()}`);
    }
    if ((this._flags & T_MUST_CANCEL) !== 0) {
      if (!(exc instanceof CancelledError)) exc = this._makeCancelledError();
      hasExc = true;
      this._flags &= ~T_MUST_CANCEL;
    }
    this._futWaiter = null;
    const loop = this._loop;
    const current = loop._currentTask;
    if (current !== null) {
      throw new RuntimeError(
        `Cannot enter into task ${this._repr()} while another task ${String(current)} is being executed.`,
      );
    }
    loop._currentTask = this;
    try {
      this._stepRunAndHandleResult(hasExc, exc);
    } finally {
      loop._currentTask = null;
    }
  }

  /** @internal */
  _stepRunAndHandleResult(hasExc: boolean, exc: unknown): void {
    const coro = this._coro as Coroutine<T>;
    let result: IteratorResult<unknown, T>;
    try {
      if (hasExc) {
        result = coro.throw(exc);
      } else if ((this._flags & T_RESUME) !== 0) {
        this._flags &= ~T_RESUME;
        result = coro.next(RESUME);
      } else {
        result = coro.next();
      }
    } catch (e) {
      _unregisterTask(this);
      // V8 keeps a finished generator's arguments alive; CPython frees the frame. Let go.
      this._coro = null;
      if (e instanceof CancelledError) {
        this._cancelledExc = e;
        Future.prototype.cancel.call(this);
      } else {
        if (e instanceof TypeError) addAwaitHint(e);
        Future.prototype.setException.call(
          this,
          e === undefined ? new Error("undefined thrown") : e,
        );
      }
      return;
    }
    if (result.done === true) {
      _unregisterTask(this);
      this._coro = null;
      if ((this._flags & T_MUST_CANCEL) !== 0) {
        // Cancelled right before the coroutine returned.
        this._flags &= ~T_MUST_CANCEL;
        Future.prototype.cancel.call(this, this._cancelMessage);
      } else {
        Future.prototype.setResult.call(this, result.value);
      }
      return;
    }
    const value = result.value;
    const loop = this._loop;
    if (value === SLEEP0) {
      // sleep(0): give up exactly one loop iteration.
      this._flags |= T_RESUME;
      loop._enqueue(queuedStep, this);
      return;
    }
    if (value instanceof Future || isFuture(value)) {
      const fut = value as Future<unknown>;
      if (fut._loop !== loop) {
        this._scheduleError(
          new RuntimeError(
            `Task ${this._repr()} got Future ${String(fut)} attached to a different loop`,
          ),
        );
      } else if ((fut._flags & _F_BLOCKING) !== 0) {
        if (fut === (this as Future<unknown>)) {
          this._scheduleError(new RuntimeError(`Task cannot await on itself: ${this._repr()}`));
        } else {
          fut._flags &= ~_F_BLOCKING;
          if (fut.addDoneCallback === futureAddDoneCallback) {
            fut._addCallback(wakeup as (arg: never) => void, this);
          } else {
            // A subclass that overrides addDoneCallback is told, as CPython's Task tells it.
            fut.addDoneCallback(() => wakeup(this as Task<unknown>));
          }
          this._futWaiter = fut;
          if ((this._flags & T_MUST_CANCEL) !== 0 && fut.cancel(this._cancelMessage)) {
            this._flags &= ~T_MUST_CANCEL;
          }
        }
      } else {
        this._scheduleError(
          new RuntimeError(
            `yield was used instead of yield* in task ${this._repr()} with ${String(fut)}: ` +
              "await a future with `yield* fut`, not `yield fut`",
          ),
        );
      }
      return;
    }
    let message: string;
    if (isCoroutine(value)) {
      message =
        `yield was used instead of yield* for generator in task ${this._repr()}: ` +
        "await a coroutine with `yield* coro()`, not `yield coro()`";
    } else if (
      typeof value === "object" &&
      value !== null &&
      typeof (value as PromiseLike<unknown>).then === "function"
    ) {
      message =
        `Task got a Promise-like value in task ${this._repr()}: a coroutine cannot await a ` +
        "Promise directly; use `yield* fromPromise(promise)`";
    } else if (value === undefined) {
      message =
        `Task got bad yield: undefined in task ${this._repr()}: a bare \`yield\` does nothing in ` +
        "a coroutine; to give up one loop iteration use `yield* sleep(0)`";
    } else {
      message = `Task got bad yield: ${describe(value)}: coroutines await with \`yield*\``;
    }
    this._scheduleError(new RuntimeError(message));
  }

  private _scheduleError(error: Error): void {
    (this._getRare() as _TaskRare).pendingExc = error;
    this._flags |= T_PENDING_EXC;
    this._loop._enqueue(queuedStep, this);
  }

  /** @internal */
  override _reprInfo(): string[] {
    const info = super._reprInfo();
    if (this.cancelling() > 0 && this._state === 0) info[0] = "cancelling";
    info.splice(1, 0, `name='${this.getName()}'`);
    if (this._futWaiter !== null) info.splice(2, 0, `wait_for=${String(this._futWaiter)}`);
    return info;
  }
}
