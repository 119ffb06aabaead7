/**
 * asyncio's debug mode, beyond the slow-callback check the loop does itself:
 *
 * - "Task was destroyed but it is pending!": tasks of a debug-mode loop are held weakly (as
 *   Python's WeakSet holds them), so a pending task nobody references is collected and reported;
 *   tasks still pending when their loop closes are reported then.
 * - "coroutine '...' was never awaited": for coroutine functions wrapped with {@link coroutine}.
 * - Await sites, for call graphs and task dumps (see `@tsio/task`'s dumpTasks).
 *
 * "Task exception was never retrieved" works in every mode (see `@tsio/future`); the loop
 * reports what is left when it closes.
 * @module
 */
import { _getRunningLoop, _reportUnretrieved, type AbstractEventLoop } from "@tsio/future";
import {
  _forgetTasksOf,
  _setAwaitTracing,
  _setTaskTracker,
  type RegisteredTask,
  Task,
  type TaskTracker,
} from "@tsio/task";
import { callbackName, Handle } from "./handles.js";

const DESTROYED_PENDING = "Task was destroyed but it is pending!";

function creationStack(): string | undefined {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 30;
  const stack = new Error("created here").stack;
  Error.stackTraceLimit = limit;
  return stack?.split("\n").slice(1).join("\n");
}

// ---- pending tasks destroyed ---------------------------------------------------------------

interface Tracked {
  loop: AbstractEventLoop;
  ref: WeakRef<RegisteredTask>;
  name: string;
  logDestroyPending: boolean;
  sourceTraceback: string | undefined;
}

/** Holds the tasks of debug-mode loops weakly, and reports those collected while pending. */
class WeakTaskTracker implements TaskTracker {
  private readonly live = new Set<Tracked>();
  private readonly byTask = new WeakMap<RegisteredTask, Tracked>();
  private readonly registry = new FinalizationRegistry<Tracked>((rec) => {
    if (!this.live.delete(rec)) return;
    if (rec.logDestroyPending && rec.loop.getDebug()) {
      rec.loop.callExceptionHandler({
        message: DESTROYED_PENDING,
        taskRepr: `<Task pending name='${rec.name}'>`,
        ...(rec.sourceTraceback !== undefined ? { sourceTraceback: rec.sourceTraceback } : {}),
      });
    }
  });

  add(task: RegisteredTask): boolean {
    if (!task._loop.getDebug()) return false;
    const rec: Tracked = {
      loop: task._loop,
      ref: new WeakRef(task),
      name: task instanceof Task ? task.getName() : String(task),
      logDestroyPending: true,
      sourceTraceback: creationStack(),
    };
    this.live.add(rec);
    this.byTask.set(task, rec);
    this.registry.register(task, rec, rec);
    // Whoever made the task may turn the report off right after creating it (gather does).
    queueMicrotask(() => {
      const t = rec.ref.deref();
      if (t !== undefined)
        rec.logDestroyPending = (t as Task<unknown>)._logDestroyPending !== false;
    });
    return true;
  }

  delete(task: RegisteredTask): void {
    const rec = this.byTask.get(task);
    if (rec === undefined) return;
    this.byTask.delete(task);
    this.live.delete(rec);
    this.registry.unregister(rec);
  }

  *tasks(): Iterable<RegisteredTask> {
    for (const rec of this.live) {
      const t = rec.ref.deref();
      if (t !== undefined) yield t;
    }
  }
}

let tracker: WeakTaskTracker | null = null;

/**
 * Installs what debug mode needs before the first task of a debug-mode loop is created.
 * @internal
 */
export function _enableDebugHooks(): void {
  if (tracker === null) {
    tracker = new WeakTaskTracker();
    _setTaskTracker(tracker);
  }
}

const tracingLoops = new WeakSet<AbstractEventLoop>();

/**
 * A loop starts (true) or stops (false) running in debug mode: await sites are recorded while
 * at least one does.
 * @internal
 */
export function _debugLoopRuns(loop: AbstractEventLoop, running: boolean): void {
  if (running === tracingLoops.has(loop)) return;
  if (running) tracingLoops.add(loop);
  else tracingLoops.delete(loop);
  _setAwaitTracing(running);
}

/**
 * The loop closes: its pending tasks can never run again. They leave the task registry (and are
 * reported in debug mode), and failed futures nobody looked at are reported.
 * @internal
 */
export function _loopClosed(loop: AbstractEventLoop): void {
  const pending = _forgetTasksOf(loop);
  if (loop.getDebug()) {
    for (const task of pending) {
      if ((task as Task<unknown>)._logDestroyPending === false) continue;
      loop.callExceptionHandler({ message: DESTROYED_PENDING, task });
    }
  }
  _reportUnretrieved(loop);
}

/**
 * How debug mode names what a ready-queue entry runs: a task step is the task's repr (asyncio's
 * `_format_handle`), a Handle its repr, anything else the function's name.
 * @internal
 */
export function _formatHandle(fn: (arg: never) => void, arg: unknown): string {
  if (arg instanceof Task) return String(arg);
  if (arg instanceof Handle) return String(arg);
  return callbackName(fn);
}

// ---- coroutines never awaited ------------------------------------------------------------------

interface CoroutineInfo {
  name: string;
  started: boolean;
  /** Where it was made; formatted only if it is reported (formatting costs most). */
  origin: Error;
}

const neverAwaited = new FinalizationRegistry<CoroutineInfo>((info) => {
  if (info.started) return;
  const stack = info.origin.stack?.split("\n").slice(1).join("\n");
  process.emitWarning(`coroutine '${info.name}' was never awaited`, {
    type: "RuntimeWarning",
    ...(stack ? { detail: `Coroutine created at (most recent call first):\n${stack}` } : {}),
  });
});

const envDebug = ((): boolean => {
  const env = typeof process !== "undefined" ? process.env : {};
  const v = env.TSIO_DEBUG ?? env.PYTHONASYNCIODEBUG;
  return v !== undefined && v !== "" && v !== "0";
})();

type AnyGenerator = Generator<unknown, unknown, unknown>;

function track(gen: AnyGenerator, name: string): void {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 30;
  // Unformatted, this Error keeps the frames' functions and receivers, never the generator.
  const info: CoroutineInfo = { name, started: false, origin: new Error("created here") };
  Error.stackTraceLimit = limit;
  const proto = Object.getPrototypeOf(gen) as AnyGenerator;
  // Own next/throw/return that note the first use (return() included: closing a coroutine on
  // purpose is Python's coro.close()) and then behave as the generator's own.
  for (const method of ["next", "throw", "return"] as const) {
    const original = proto[method] as (this: AnyGenerator, arg?: unknown) => unknown;
    Object.defineProperty(gen, method, {
      value(this: AnyGenerator, arg?: unknown) {
        info.started = true;
        return original.call(this, arg);
      },
      configurable: true,
      writable: true,
    });
  }
  neverAwaited.register(gen, info);
}

/**
 * Marks a coroutine function (a `function*`) for debug mode, as Python's
 * `@asyncio.coroutine` once did: in debug mode, a coroutine it returns that is garbage-collected
 * without ever being started (`yield*`-ed, given to createTask, gather...) is reported with a
 * `RuntimeWarning: coroutine 'name' was never awaited` and where it was created. JavaScript
 * cannot see a generator object being made, so only wrapped functions are checked.
 *
 * Outside debug mode the wrapper only forwards the call (measured: 10 to 13 ns more per
 * coroutine than the bare `function*`); in debug mode each coroutine costs a stack capture and
 * a FinalizationRegistry entry (about 5 us).
 *
 * @example
 * ```ts
 * const sayAfter = coroutine(function* sayAfter(delay: number, what: string) {
 *   yield* sleep(delay);
 *   console.log(what);
 * });
 * function* main() {
 *   sayAfter(1, "hello"); // forgot yield*: reported in debug mode
 * }
 * await run(main(), { debug: true });
 * ```
 */
export function coroutine<A extends unknown[], G extends AnyGenerator>(
  fn: (...args: A) => G,
): (...args: A) => G {
  if (typeof fn !== "function") {
    throw new TypeError("coroutine() takes a generator function (function*)");
  }
  const name = fn.name || "<anonymous>";
  const wrapped = function (this: unknown, ...args: A): G {
    const gen = fn.apply(this, args);
    const loop = _getRunningLoop();
    if (loop !== null ? loop.getDebug() : envDebug) track(gen, name);
    return gen;
  };
  Object.defineProperty(wrapped, "name", { value: name });
  // So that isCoroutineFunction(wrapped) stays true, as for the function* itself.
  Object.setPrototypeOf(wrapped, Object.getPrototypeOf(fn));
  return wrapped;
}
