/**
 * Port of CPython 3.13's Lib/test/test_asyncio/test_base_events.py (BaseEventLoopTests and
 * RunningLoopTests: scheduling, stop/run_forever, run_until_complete, close, the exception
 * handler, the task factory) and of the scheduling cases of test_events.py's
 * EventLoopTestsMixin. The selector, sockets, subprocesses and sendfile cases belong elsewhere.
 *
 * The orders of events asserted here were checked against CPython 3.13 (`PYENV_VERSION=3.13.0
 * python3`). Everything runs on a TestLoop or a real loop with no timed assertion.
 */
import {
  CancelledError,
  type Coroutine,
  type Future,
  RuntimeError,
  ValueError,
} from "@tsio/future";
import { EventLoop, Handle, newEventLoop, setEventLoop, TestLoop, TimerHandle } from "@tsio/loop";
import { ensureFuture, gather, sleep, Task } from "@tsio/task";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";

let loop: TestLoop;

beforeEach(() => {
  loop = new TestLoop();
  setEventLoop(loop);
});

afterEach(() => {
  setEventLoop(null);
  vi.restoreAllMocks();
  if (!loop.isClosed()) loop.close();
});

/** What the loop's private parts look like to a white-box test (as CPython's tests read them). */
interface LoopInternals {
  _qLen: number;
  _timers: { size: number };
  _timerCancelledCount: number;
  _runOnce(): void;
}
const internals = (l: EventLoop) => l as unknown as LoopInternals;

/** test_utils.run_once: `loop.call_soon(loop.stop); loop.run_forever()`. */
function runOnce(l: EventLoop): Promise<void> {
  l.callSoon(() => l.stop());
  return l.runForever();
}

/** Collects what is written to stderr while `fn` runs. */
async function stderrOf(fn: () => unknown): Promise<string> {
  let text = "";
  const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: unknown) => {
    text += String(chunk);
    return true;
  });
  try {
    await fn();
  } finally {
    spy.mockRestore();
  }
  return text;
}

describe("BaseEventLoopTests", () => {
  test("test_close", () => {
    expect(loop.isClosed()).toBe(false);
    loop.close();
    expect(loop.isClosed()).toBe(true);
    // it should be possible to call close() more than once
    loop.close();
    loop.close();
    // operation blocked when the loop is closed
    const f = loop.createFuture();
    expect(() => loop.runForever()).toThrow(RuntimeError);
    expect(() => loop.runUntilComplete(f)).toThrow(
      "Event loop is closed: create a new one with newEventLoop()",
    );
    expect(() => loop.callSoon(() => {})).toThrow(RuntimeError);
    expect(() => loop.callLater(1, () => {})).toThrow(RuntimeError);
    expect(() => loop.createTask(sleep(0))).toThrow(RuntimeError);
  });

  test("close() while running: RuntimeError", async () => {
    let error: unknown;
    function* main() {
      try {
        loop.close();
      } catch (e) {
        error = e;
      }
    }
    await loop.runUntilComplete(main());
    expect(error).toEqual(new RuntimeError("Cannot close a running event loop"));
  });

  test("close() drops the callbacks and timers still scheduled", async () => {
    const ran: string[] = [];
    loop.callSoon(() => ran.push("soon"));
    loop.callLater(1, () => ran.push("later"));
    loop.close();
    expect(internals(loop)._qLen).toBe(0);
    expect(internals(loop)._timers.size).toBe(0);
    expect(ran).toEqual([]);
  });

  test("test_call_soon", () => {
    function cb(): void {}
    const h = loop.callSoon(cb);
    expect(h._callback).toBe(cb);
    expect(h).toBeInstanceOf(Handle);
    expect(internals(loop)._qLen).toBe(1);
    expect(String(h)).toBe("<Handle cb()>");
    h.cancel();
    expect(String(h)).toBe("<Handle cancelled>");
  });

  test("test_call_soon_non_callable", () => {
    expect(() => loop.callSoon(1 as never)).toThrow(TypeError);
    expect(() => loop.callSoon(1 as never)).toThrow(
      "a callable object was expected by callSoon(), got number",
    );
  });

  test("test_call_later", () => {
    function cb(): void {}
    const h = loop.callLater(10.0, cb);
    expect(h).toBeInstanceOf(TimerHandle);
    expect(h.when()).toBe(10);
    expect(internals(loop)._timers.size).toBe(1);
    expect(internals(loop)._qLen).toBe(0);
    expect(() => loop.callLater(null as never, cb)).toThrow(TypeError);
    expect(() => loop.callLater(null as never, cb)).toThrow(
      "delay must be a number of seconds, got object",
    );
  });

  test("callLater with NaN: ValueError (Bad input)", () => {
    expect(() => loop.callLater(Number.NaN, () => {})).toThrow(ValueError);
    expect(() => loop.callLater(Number.NaN, () => {})).toThrow("Invalid delay: NaN (not a number)");
    expect(() => loop.callAt(Number.NaN, () => {})).toThrow("Invalid when: NaN (not a number)");
  });

  test("test_call_later_negative_delays", async () => {
    const calls: string[] = [];
    loop.callLater(-1, (arg: string) => calls.push(arg), "a");
    loop.callLater(-2, (arg: string) => calls.push(arg), "b");
    await runOnce(loop);
    expect(calls).toEqual(["b", "a"]);
  });

  test("test_time_and_call_at", async () => {
    const delay = 0.1;
    const when = loop.time() + delay;
    loop.callAt(when, () => loop.stop());
    const t0 = loop.time();
    await loop.runForever();
    expect(loop.time() - t0).toBeCloseTo(delay, 9);
    expect(() => loop.callAt(null as never, () => {})).toThrow(TypeError);
  });

  test("test__run_once: cancelled timers at the head are dropped", () => {
    const h1 = loop.callLater(5, () => {});
    loop.callLater(10, () => {});
    h1.cancel();
    expect(internals(loop)._timerCancelledCount).toBe(1);
    internals(loop)._runOnce();
    expect(internals(loop)._timers.size).toBe(1);
    expect(internals(loop)._timerCancelledCount).toBe(0);
  });

  test("test_set_debug", () => {
    loop.setDebug(true);
    expect(loop.getDebug()).toBe(true);
    loop.setDebug(false);
    expect(loop.getDebug()).toBe(false);
  });

  test("test__run_once_schedule_handle", () => {
    let processed = false;
    let handle: Handle | undefined;
    loop.callAt(loop.time() - 1, () => {
      processed = true;
      handle = loop.callSoon(() => true);
    });
    internals(loop)._runOnce();
    expect(processed).toBe(true);
    expect(handle).toBeInstanceOf(Handle);
    // The callback scheduled by the timer waits for the next iteration.
    expect(internals(loop)._qLen).toBe(1);
  });

  test("test__run_once_cancelled_event_cleanup", () => {
    const MIN_SCHEDULED_TIMER_HANDLES = 100;
    const MIN_CANCELLED_TIMER_HANDLES_FRACTION = 0.5;
    function cb(): void {}
    // One "blocking" event that will not be cancelled, so that later cancelled events do not
    // reach the head of the queue and get cleaned.
    let notCancelledCount = 1;
    loop.callLater(3000, cb);
    // Fewer cancelled handles than the threshold: they are not removed.
    let cancelledCount = 2;
    for (let x = 0; x < 2; x++) loop.callLater(3600, cb).cancel();
    // Cancelled events at the head are removed.
    cancelledCount += 2;
    for (let x = 0; x < 2; x++) loop.callLater(100, cb).cancel();
    expect(cancelledCount + notCancelledCount).toBeLessThanOrEqual(MIN_SCHEDULED_TIMER_HANDLES);
    expect(internals(loop)._timerCancelledCount).toBe(cancelledCount);

    internals(loop)._runOnce();
    cancelledCount -= 2;
    expect(internals(loop)._timerCancelledCount).toBe(cancelledCount);
    expect(internals(loop)._timers.size).toBe(cancelledCount + notCancelledCount);

    // Enough events past the cancelled fraction that the next iteration removes them all.
    const addCancelCount =
      Math.ceil(MIN_SCHEDULED_TIMER_HANDLES * MIN_CANCELLED_TIMER_HANDLES_FRACTION) + 1;
    const addNotCancelCount = Math.max(MIN_SCHEDULED_TIMER_HANDLES - addCancelCount, 0);
    notCancelledCount += addNotCancelCount;
    for (let x = 0; x < addNotCancelCount; x++) loop.callLater(3600, cb);
    cancelledCount += addCancelCount;
    for (let x = 0; x < addCancelCount; x++) loop.callLater(3600, cb).cancel();
    expect(internals(loop)._timers.size).toBe(cancelledCount + notCancelledCount);

    internals(loop)._runOnce();
    expect(internals(loop)._timers.size).toBe(notCancelledCount);
    expect(internals(loop)._timerCancelledCount).toBe(0);
  });

  test("test_run_until_complete_type_error", () => {
    expect(() => loop.runUntilComplete("blah" as never)).toThrow(TypeError);
  });

  test("test_run_until_complete_loop", () => {
    const task = loop.createFuture();
    const otherLoop = new TestLoop();
    expect(() => otherLoop.runUntilComplete(task)).toThrow(ValueError);
    otherLoop.close();
  });

  test("test_run_until_complete_loop_orphan_future_close_loop", async () => {
    // CPython stops the first run with an exception raised by a callback; here loop.stop() does
    // it. The first future's done callback must be removed, or it would stop the second run.
    function* foo(delay: number) {
      yield* sleep(delay);
    }
    loop.callSoon(() => loop.stop());
    await expect(loop.runUntilComplete(foo(0.1))).rejects.toThrow(
      "Event loop stopped before Future completed.",
    );
    await loop.runUntilComplete(foo(0.2));
    expect(loop.time()).toBeCloseTo(0.2, 9);
  });

  test("test_default_exc_handler_callback", async () => {
    function zeroError(fut: Future<boolean>): void {
      fut.setResult(true);
      throw new ValueError("division by zero");
    }
    // callSoon (Handle)
    let fut = loop.createFuture<boolean>();
    loop.callSoon(zeroError, fut);
    fut.addDoneCallback(() => loop.stop());
    let err = await stderrOf(() => loop.runForever());
    expect(err).toMatch(/^Exception in callback zeroError\(\)\nhandle: <Handle zeroError\(\)>\n/);
    expect(err).toMatch(/ValueError: division by zero/);

    // callLater (TimerHandle)
    fut = loop.createFuture<boolean>();
    loop.callLater(0.01, zeroError, fut);
    fut.addDoneCallback(() => loop.stop());
    err = await stderrOf(() => loop.runForever());
    expect(err).toMatch(
      /^Exception in callback zeroError\(\)\nhandle: <TimerHandle zeroError\(\)>\n/,
    );
  });

  test("test_set_exc_handler_invalid", () => {
    expect(() => loop.setExceptionHandler("spam" as never)).toThrow(/^A callable object or None/);
  });

  test("test_set_exc_handler_custom", async () => {
    function zeroError(): void {
      throw new ValueError("division by zero");
    }
    function runLoop(): Handle {
      const handle = loop.callSoon(zeroError);
      internals(loop)._runOnce();
      return handle;
    }
    loop.setDebug(true);
    expect(loop.getExceptionHandler()).toBeNull();
    const mockHandler = vi.fn();
    loop.setExceptionHandler(mockHandler);
    expect(loop.getExceptionHandler()).toBe(mockHandler);
    const handle = runLoop();
    expect(mockHandler).toHaveBeenCalledTimes(1);
    const [calledLoop, context] = mockHandler.mock.calls[0] as [EventLoop, Record<string, unknown>];
    expect(calledLoop).toBe(loop);
    expect(Object.keys(context).sort()).toEqual(["exception", "handle", "message"]);
    expect(context.message).toMatch(/Exception in callback.*zeroError/);
    expect(context.exception).toBeInstanceOf(ValueError);
    expect(context.handle).toBe(handle);
    mockHandler.mockReset();

    loop.setExceptionHandler(null);
    const err = await stderrOf(runLoop);
    expect(err).toMatch(/^Exception in callback zeroError/);
    expect(mockHandler).not.toHaveBeenCalled();
  });

  test("test_set_exc_handler_broken", async () => {
    function zeroError(): void {
      throw new ValueError("division by zero");
    }
    loop.setExceptionHandler(() => {
      throw new TypeError("spam");
    });
    loop.callSoon(zeroError);
    const err = await stderrOf(() => internals(loop)._runOnce());
    expect(err).toMatch(/^Unhandled error in exception handler\n/);
    // The original context goes along, as CPython's 'context' key.
    expect(err).toMatch(/\ncontext: \{message: 'Exception in callback zeroError\(\)', /);
    expect(err).toMatch(/TypeError: spam/);
  });

  test("test_default_exc_handler_broken", async () => {
    let seenContext: Record<string, unknown> | undefined;
    class Loop extends TestLoop {
      override defaultExceptionHandler(
        context: Record<string, unknown> & { message: string },
      ): void {
        seenContext = context;
        // Simulates a buggy custom "defaultExceptionHandler"
        throw new ValueError("spam");
      }
    }
    const l = new Loop();
    function runLoop(): void {
      l.callSoon(() => {
        throw new ValueError("division by zero");
      });
      internals(l)._runOnce();
    }
    let err = await stderrOf(runLoop);
    expect(err).toMatch(/^Exception in default exception handler/);

    l.setExceptionHandler(() => {
      throw new ValueError("ham");
    });
    seenContext = undefined;
    err = await stderrOf(runLoop);
    expect(err).toMatch(
      /^Exception in default exception handler while handling an unexpected error in custom exception handler/,
    );
    // The original context was passed to the default exception handler.
    const seen = seenContext as Record<string, unknown> | undefined;
    const inner = seen?.context as Record<string, unknown>;
    expect(inner.exception).toBeInstanceOf(ValueError);
    expect((inner.exception as Error).message).toBe("division by zero");
    l.close();
  });

  test("test_set_task_factory_invalid", () => {
    expect(() => loop.setTaskFactory(1 as never)).toThrow(/^task factory must be a/);
    expect(loop.getTaskFactory()).toBeNull();
  });

  test("test_set_task_factory", async () => {
    class MyTask<T> extends Task<T> {}
    function* coro() {}
    const factory = <T>(l: EventLoop, c: Coroutine<T>) => new MyTask(c, { loop: l });
    expect(loop.getTaskFactory()).toBeNull();
    loop.setTaskFactory(factory);
    expect(loop.getTaskFactory()).toBe(factory);
    let task = loop.createTask(coro());
    expect(task).toBeInstanceOf(MyTask);
    await loop.runUntilComplete(task);

    loop.setTaskFactory(null);
    expect(loop.getTaskFactory()).toBeNull();
    task = loop.createTask(coro());
    expect(task).toBeInstanceOf(Task);
    expect(task).not.toBeInstanceOf(MyTask);
    await loop.runUntilComplete(task);
  });

  test("test_env_var_debug", () => {
    const saved = { TSIO_DEBUG: process.env.TSIO_DEBUG, PY: process.env.PYTHONASYNCIODEBUG };
    try {
      delete process.env.TSIO_DEBUG;
      delete process.env.PYTHONASYNCIODEBUG;
      expect(newEventLoop().getDebug()).toBe(false);
      process.env.PYTHONASYNCIODEBUG = "";
      expect(newEventLoop().getDebug()).toBe(false);
      process.env.PYTHONASYNCIODEBUG = "1";
      expect(newEventLoop().getDebug()).toBe(true);
      delete process.env.PYTHONASYNCIODEBUG;
      process.env.TSIO_DEBUG = "1";
      expect(newEventLoop().getDebug()).toBe(true);
      expect(new EventLoop({ debug: false }).getDebug()).toBe(false);
    } finally {
      for (const [k, v] of [
        ["TSIO_DEBUG", saved.TSIO_DEBUG],
        ["PYTHONASYNCIODEBUG", saved.PY],
      ] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });

  test("test_create_task: ensureFuture goes through a loop's own createTask", () => {
    class MyTask<T> extends Task<T> {}
    class MyLoop extends TestLoop {
      override createTask<T>(coro: Coroutine<T>): Task<T> {
        return new MyTask(coro, { loop: this });
      }
    }
    const l = new MyLoop();
    function* test() {}
    const task = ensureFuture(test(), { loop: l });
    expect(task).toBeInstanceOf(MyTask);
    (task as Task<void>)._logDestroyPending = false;
    task.cancel();
    l.close();
  });

  test("test_create_task_error_closes_coro: a closed loop refuses new tasks", () => {
    const l = newEventLoop();
    l.close();
    function* test() {}
    expect(() => ensureFuture(test(), { loop: l })).toThrow(RuntimeError);
  });

  test("test_create_named_task_with_default_factory", async () => {
    function* test() {}
    const task = loop.createTask(test(), { name: "test_task" });
    expect(task.getName()).toBe("test_task");
    await loop.runUntilComplete(task);
  });

  test("test_create_named_task_with_custom_factory", async () => {
    // A factory that knows nothing of names: createTask still names the task.
    const taskFactory = <T>(l: EventLoop, coro: Coroutine<T>) => new Task(coro, { loop: l });
    function* test() {}
    loop.setTaskFactory(taskFactory);
    const task = loop.createTask(test(), { name: "test_task" });
    expect(task.getName()).toBe("test_task");
    await loop.runUntilComplete(task);
    expect(loop.createTask(test()).getName()).toMatch(/^Task-\d+$/);
  });

  test("test_run_forever_keyboard_interrupt: a failing main is not reported to the handler", async () => {
    function* raiseError(): Coroutine<void> {
      throw new ValueError("interrupt");
    }
    const handler = vi.fn();
    loop.callExceptionHandler = handler;
    await expect(loop.runUntilComplete(raiseError())).rejects.toThrow("interrupt");
    loop.close();
    expect(handler).not.toHaveBeenCalled();
  });

  test("test_run_until_complete_baseexception: no stale stop() is left behind", async () => {
    function* raiseError(): Coroutine<void> {
      throw new ValueError("interrupt");
    }
    await expect(loop.runUntilComplete(raiseError())).rejects.toThrow("interrupt");
    let called = false;
    function func(): void {
      loop.stop();
      called = true;
    }
    loop.callSoon(() => loop.callSoon(func));
    await loop.runForever();
    expect(called).toBe(true);
  });

  test("test_run_once", async () => {
    let count = 0;
    loop.callSoon(() => {
      count += 1;
    });
    await runOnce(loop);
    expect(count).toBe(1);
  });

  test("test_run_forever_pre_stopped: one iteration runs, then run_forever returns", async () => {
    const ran: string[] = [];
    loop.callSoon(() => {
      ran.push("first iteration");
      loop.callSoon(() => ran.push("second iteration"));
    });
    loop.stop();
    await loop.runForever();
    expect(ran).toEqual(["first iteration"]);
    await runOnce(loop);
    expect(ran).toEqual(["first iteration", "second iteration"]);
  });

  test("test_call_coroutine: coroutines and coroutine functions are not callbacks", () => {
    function* simpleCoroutine() {}
    const coroObj = simpleCoroutine();
    for (const func of [simpleCoroutine, coroObj] as never[]) {
      expect(() => loop.callSoon(func)).toThrow(TypeError);
      expect(() => loop.callSoonThreadsafe(func)).toThrow(TypeError);
      expect(() => loop.callLater(60, func)).toThrow(TypeError);
      expect(() => loop.callAt(loop.time() + 60, func)).toThrow(TypeError);
    }
    expect(() => loop.callSoon(simpleCoroutine as never)).toThrow(
      "coroutines cannot be used with callSoon(): wrap it in a task with createTask(coro)",
    );
  });
});

describe("RunningLoopTests", () => {
  test("test_running_loop_within_a_loop", async () => {
    const inner = newEventLoop();
    const outer = newEventLoop();
    function* runner(l: EventLoop) {
      l.runForever();
    }
    try {
      await expect(outer.runUntilComplete(runner(inner))).rejects.toThrow(
        "Cannot run the event loop while another loop is running",
      );
    } finally {
      inner.close();
      outer.close();
    }
  });
});

describe("EventLoopTestsMixin (test_events.py): scheduling", () => {
  test("test_run_until_complete_nesting", async () => {
    function* coro1() {
      yield* sleep(0);
    }
    function* coro2() {
      expect(loop.isRunning()).toBe(true);
      loop.runUntilComplete(coro1());
    }
    await expect(loop.runUntilComplete(coro2())).rejects.toThrow(
      new RuntimeError("This event loop is already running"),
    );
  });

  test("test_run_until_complete", async () => {
    const t0 = loop.time();
    await loop.runUntilComplete(sleep(0.1));
    expect(loop.time() - t0).toBeCloseTo(0.1, 9);
  });

  test("test_run_until_complete_stopped", async () => {
    function* cb() {
      loop.stop();
      yield* sleep(0.1);
    }
    const task = cb();
    await expect(loop.runUntilComplete(task)).rejects.toThrow(RuntimeError);
  });

  test("test_call_later", async () => {
    const results: string[] = [];
    loop.callLater(
      0.1,
      (arg: string) => {
        results.push(arg);
        loop.stop();
      },
      "hello world",
    );
    await loop.runForever();
    expect(results).toEqual(["hello world"]);
  });

  test("test_call_soon", async () => {
    const results: [string, string][] = [];
    loop.callSoon(
      (a: string, b: string) => {
        results.push([a, b]);
        loop.stop();
      },
      "hello",
      "world",
    );
    await loop.runForever();
    expect(results).toEqual([["hello", "world"]]);
  });

  test("test_call_soon_threadsafe_same_thread", async () => {
    const results: string[] = [];
    function callback(arg: string): void {
      results.push(arg);
      if (results.length >= 2) loop.stop();
    }
    loop.callSoonThreadsafe(callback, "hello");
    loop.callSoon(callback, "world");
    await loop.runForever();
    expect(results).toEqual(["hello", "world"]);
  });

  test("ready callbacks first, then due timers in deadline order; new ones wait an iteration", async () => {
    // The same program in CPython 3.13 prints
    // ['soon1', 'f', 'at-past', 'later0', 'soon-from-f', 'later-from-f', 'later20', 'later50']
    const ev: string[] = [];
    const push = (what: string) => ev.push(what);
    loop.callLater(0, push, "later0");
    loop.callSoon(push, "soon1");
    loop.callSoon(() => {
      ev.push("f");
      loop.callSoon(push, "soon-from-f");
      loop.callLater(-1, push, "later-from-f");
    });
    loop.callAt(loop.time() - 5, push, "at-past");
    loop.callSoon(push, "cancelled").cancel();
    loop.callLater(0.05, push, "later50");
    loop.callLater(0.02, push, "later20");
    loop.callLater(0.05, () => loop.stop());
    await loop.runForever();
    expect(ev).toEqual([
      "soon1",
      "f",
      "at-past",
      "later0",
      "soon-from-f",
      "later-from-f",
      "later20",
      "later50",
    ]);
  });

  test("stop() lets the current iteration finish; what it scheduled runs on the next run", async () => {
    // CPython 3.13: ['g', 'same-iteration'], then ['after-stop'].
    const ev: string[] = [];
    loop.callSoon(() => {
      ev.push("g");
      loop.stop();
      loop.callSoon(() => ev.push("after-stop"));
    });
    loop.callSoon(() => ev.push("same-iteration"));
    await loop.runForever();
    expect(ev).toEqual(["g", "same-iteration"]);
    ev.length = 0;
    await runOnce(loop);
    expect(ev).toEqual(["after-stop"]);
  });

  test("timers at the same time run in the order they were scheduled", async () => {
    const ev: number[] = [];
    for (let i = 0; i < 20; i++) loop.callAt(5, (n: number) => ev.push(n), i);
    loop.callAt(5, () => loop.stop());
    await loop.runForever();
    expect(ev).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(loop.time()).toBe(5);
  });

  test("a cancelled timer never runs", async () => {
    const ev: string[] = [];
    const h = loop.callLater(1, () => ev.push("cancelled"));
    loop.callLater(2, () => ev.push("kept"));
    h.cancel();
    expect(h.cancelled()).toBe(true);
    await loop.runUntilComplete(sleep(3));
    expect(ev).toEqual(["kept"]);
  });

  test("runUntilComplete returns the future's result and rejects with its exception", async () => {
    const f = loop.createFuture<number>();
    loop.callLater(1, () => f.setResult(3));
    expect(await loop.runUntilComplete(f)).toBe(3);
    const g = loop.createFuture<number>();
    loop.callSoon(() => g.cancel("gone"));
    await expect(loop.runUntilComplete(g)).rejects.toThrow(new CancelledError("gone"));
  });

  test("isRunning and the running loop while run, not after", async () => {
    const seen: unknown[] = [];
    function* main() {
      seen.push(loop.isRunning());
    }
    expect(loop.isRunning()).toBe(false);
    await loop.runUntilComplete(main());
    expect(seen).toEqual([true]);
    expect(loop.isRunning()).toBe(false);
    const running = loop.runForever();
    // A second run while it runs is refused.
    expect(() => loop.runForever()).toThrow("This event loop is already running");
    loop.stop();
    await running;
    expect(loop.isRunning()).toBe(false);
  });
});

describe("the time budget per Node turn", () => {
  test("a TestLoop whose budget runs out right after a clock jump goes on (it hung)", async () => {
    const l = new TestLoop({ timeBudgetMs: 0 });
    function* main() {
      for (let i = 0; i < 5; i++) yield* sleep(1);
      return l.time();
    }
    expect(await l.runUntilComplete(main())).toBe(5);
    l.close();
  });

  test("a real loop with no budget still runs everything, in order", async () => {
    const l = new EventLoop({ timeBudgetMs: 0 });
    const ev: number[] = [];
    function* worker(n: number) {
      for (let i = 0; i < 3; i++) {
        yield* sleep(0);
        ev.push(n);
      }
    }
    function* main() {
      yield* gather(worker(1), worker(2));
    }
    await l.runUntilComplete(main());
    expect(ev).toEqual([1, 2, 1, 2, 1, 2]);
    l.close();
  });
});

describe("the real clock", () => {
  test("a real EventLoop runs timers from Node's timers, in order", async () => {
    const l = newEventLoop();
    const ev: string[] = [];
    l.callLater(0.02, () => ev.push("20ms"));
    l.callLater(0.01, () => ev.push("10ms"));
    l.callLater(0.03, () => l.stop());
    const t0 = l.time();
    await l.runForever();
    expect(ev).toEqual(["10ms", "20ms"]);
    expect(l.time() - t0).toBeGreaterThanOrEqual(0.03 - 1e-3);
    l.close();
  });
});
