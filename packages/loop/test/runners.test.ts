/**
 * Port of CPython 3.13's Lib/test/test_asyncio/test_runners.py (RunTests, RunnerTests). Python's
 * `with asyncio.Runner() as runner` is `await using runner = new Runner()`; interrupts
 * (`_thread.interrupt_main()`) are a SIGINT emitted on the process. Loops come from
 * `loopFactory: () => new TestLoop()` wherever time passes.
 */
import {
  CancelledError,
  type Coroutine,
  KeyboardInterrupt,
  RuntimeError,
  ValueError,
} from "@tsio/future";
import {
  EventLoop,
  getEventLoop,
  getRunningLoop,
  Runner,
  run,
  setEventLoop,
  TestLoop,
} from "@tsio/loop";
import { createTask, currentTask, sleep, type Task } from "@tsio/task";
import { afterEach, describe, expect, test, vi } from "vitest";

const testLoop = () => new TestLoop();

function interruptSelf(): void {
  process.emit("SIGINT", "SIGINT");
}

afterEach(() => {
  setEventLoop(null);
});

describe("RunTests", () => {
  test("test_asyncio_run_return", async () => {
    function* main() {
      yield* sleep(0);
      return 42;
    }
    expect(await run(main())).toBe(42);
  });

  test("test_asyncio_run_raises", async () => {
    function* main(): Coroutine<void> {
      yield* sleep(0);
      throw new ValueError("spam");
    }
    await expect(run(main())).rejects.toThrow(new ValueError("spam"));
  });

  test("test_asyncio_run_only_coro (Bad input)", () => {
    for (const o of [1, () => undefined]) {
      expect(() => run(o as never)).toThrow(ValueError);
      expect(() => run(o as never)).toThrow(/^a coroutine was expected, got /);
    }
    function* main() {}
    expect(() => run(1 as never)).toThrow(new ValueError("a coroutine was expected, got 1"));
    expect(() => run(main as never)).toThrow(
      /^a coroutine was expected, got <function main>: pass main\(\), the coroutine/,
    );
  });

  test("test_asyncio_run_debug", async () => {
    function* main(expected: boolean) {
      expect(getEventLoop().getDebug()).toBe(expected);
      expect(getRunningLoop().getDebug()).toBe(expected);
    }
    await run(main(false), { debug: false });
    await run(main(true), { debug: true });
    const saved = process.env.TSIO_DEBUG;
    try {
      process.env.TSIO_DEBUG = "1";
      await run(main(true));
      await run(main(false), { debug: false });
    } finally {
      if (saved === undefined) delete process.env.TSIO_DEBUG;
      else process.env.TSIO_DEBUG = saved;
    }
  });

  test("test_asyncio_run_from_running_loop", async () => {
    function* main(): Coroutine<void> {
      run(main());
    }
    await expect(run(main())).rejects.toThrow(
      new RuntimeError("asyncio.run() cannot be called from a running event loop"),
    );
  });

  test("test_asyncio_run_cancels_hanging_tasks", async () => {
    let loTask: Task<void> | undefined;
    function* leftover() {
      yield* sleep(0.1);
    }
    function* main() {
      loTask = createTask(leftover());
      return 123;
    }
    expect(await run(main(), { loopFactory: testLoop })).toBe(123);
    expect(loTask?.done()).toBe(true);
    expect(loTask?.cancelled()).toBe(true);
  });

  test("test_asyncio_run_reports_hanging_tasks_errors", async () => {
    let loTask: Task<void> | undefined;
    const callExcHandlerMock = vi.fn();
    function* leftover(): Coroutine<void> {
      try {
        yield* sleep(0.1);
      } catch (e) {
        if (e instanceof CancelledError) throw new ValueError("1 / 0");
        throw e;
      }
    }
    function* main() {
      const loop = getRunningLoop();
      loop.callExceptionHandler = callExcHandlerMock;
      loTask = createTask(leftover());
      return 123;
    }
    expect(await run(main(), { loopFactory: testLoop })).toBe(123);
    expect(loTask?.done()).toBe(true);
    expect(callExcHandlerMock).toHaveBeenCalledTimes(1);
    const context = callExcHandlerMock.mock.calls[0]?.[0];
    expect(context.message).toMatch(/asyncio.run.*shutdown/);
    expect(context.task).toBe(loTask);
    expect(context.exception).toBeInstanceOf(ValueError);
  });

  test("test_asyncio_run_closes_gens_after_hanging_tasks_errors", async () => {
    // tsio's own async iterators register with the loop; run() closes those left open.
    const events: string[] = [];
    let loop: EventLoop | undefined;
    const spinner: AsyncIterator<number> = {
      next: async () => ({ done: false, value: 1 }),
      return: async () => {
        events.push("spinner closed");
        return { done: true, value: undefined };
      },
    };
    function* main(): Coroutine<void> {
      loop = getRunningLoop() as EventLoop;
      loop._trackAsyncgen(spinner);
      throw new ValueError("FancyExit");
    }
    await expect(run(main(), { loopFactory: testLoop })).rejects.toThrow("FancyExit");
    expect(events).toEqual(["spinner closed"]);
    expect(loop?.isClosed()).toBe(true);
  });

  test("test_asyncio_run_set_event_loop: run() sets its loop as the current one, then clears it", async () => {
    let inside: EventLoop | undefined;
    function* main() {
      yield* sleep(0);
      inside = getEventLoop();
      expect(inside).toBe(getRunningLoop());
      return 42;
    }
    await run(main());
    expect(inside?.isClosed()).toBe(true);
    expect(getEventLoop()).not.toBe(inside);
  });

  test("test_asyncio_run_loop_factory", async () => {
    const loop = new TestLoop();
    const factory = vi.fn(() => loop);
    function* main() {
      expect(getRunningLoop()).toBe(loop);
    }
    await run(main(), { loopFactory: factory });
    expect(factory).toHaveBeenCalledTimes(1);
    expect(factory).toHaveBeenCalledWith();
    expect(loop.isClosed()).toBe(true);
  });

  test("test_loop_factory_default_event_loop", async () => {
    function* main() {
      expect(getRunningLoop()).toBeInstanceOf(EventLoop);
    }
    await run(main(), { loopFactory: () => new EventLoop() });
  });
});

describe("RunnerTests", () => {
  test("test_non_debug", async () => {
    await using runner = new Runner({ debug: false });
    expect(runner.getLoop().getDebug()).toBe(false);
  });

  test("test_debug", async () => {
    await using runner = new Runner({ debug: true });
    expect(runner.getLoop().getDebug()).toBe(true);
  });

  test("test_custom_factory", async () => {
    const loop = new TestLoop();
    await using runner = new Runner({ loopFactory: () => loop });
    expect(runner.getLoop()).toBe(loop);
  });

  test("test_run", async () => {
    function* f() {
      yield* sleep(0);
      return "done";
    }
    const runner = new Runner();
    let loop: EventLoop;
    {
      await using r = runner;
      expect(await r.run(f())).toBe("done");
      loop = r.getLoop();
    }
    expect(() => runner.getLoop()).toThrow(new RuntimeError("Runner is closed"));
    expect(loop.isClosed()).toBe(true);
  });

  test("test_run_non_coro", async () => {
    await using runner = new Runner();
    expect(() => runner.run(123 as never)).toThrow(ValueError);
    expect(() => runner.run(123 as never)).toThrow(/^a coroutine was expected/);
  });

  test("test_run_future", async () => {
    await using runner = new Runner();
    const fut = runner.getLoop().createFuture();
    expect(() => runner.run(fut as never)).toThrow(/^a coroutine was expected/);
    fut.cancel();
  });

  test("test_explicit_close", async () => {
    const runner = new Runner();
    const loop = runner.getLoop();
    await runner.close();
    expect(() => runner.getLoop()).toThrow("Runner is closed");
    expect(loop.isClosed()).toBe(true);
  });

  test("test_double_close", async () => {
    const runner = new Runner();
    const loop = runner.getLoop();
    await runner.close();
    expect(loop.isClosed()).toBe(true);
    // the second call is a no-op
    await runner.close();
    expect(loop.isClosed()).toBe(true);
  });

  test("test_second_with_block_raises", async () => {
    const ret: number[] = [];
    function* f(arg: number) {
      ret.push(arg);
    }
    const runner = new Runner();
    {
      await using r = runner;
      await r.run(f(1));
    }
    expect(() => runner.run(f(2))).toThrow("Runner is closed");
    expect(ret).toEqual([1]);
  });

  test("test_run_keeps_loop: one Runner runs several coroutines on one loop", async () => {
    await using runner = new Runner({ loopFactory: testLoop });
    function* loopOf() {
      return getRunningLoop();
    }
    const first = await runner.run(loopOf());
    const second = await runner.run(loopOf());
    expect(first).toBe(second);
    expect(first).toBe(runner.getLoop());
  });

  test("test_recursive_run", async () => {
    await using runner = new Runner();
    function* g() {}
    function* f(): Coroutine<void> {
      runner.run(g());
    }
    await expect(runner.run(f())).rejects.toThrow(
      new RuntimeError("Runner.run() cannot be called from a running event loop"),
    );
  });

  test("test_interrupt_call_soon: the only case when the task is not waiting on a future", async () => {
    expect(process.listenerCount("SIGINT")).toBe(0);
    const events: string[] = [];
    function* coro(): Coroutine<void> {
      try {
        for (;;) yield* sleep(0);
      } catch (e) {
        events.push((e as Error).name);
      }
      throw new CancelledError();
    }
    // A real loop: the virtual clock would stand still while the task spins.
    await using runner = new Runner();
    runner.getLoop().callLater(0.05, interruptSelf);
    await expect(runner.run(coro())).rejects.toBeInstanceOf(KeyboardInterrupt);
    expect(events).toEqual(["CancelledError"]);
    expect(process.listenerCount("SIGINT")).toBe(0);
  });

  test("test_interrupt_wait: interrupting while waiting cancels the future and the main task", async () => {
    const events: string[] = [];
    function* coro(f: ReturnType<EventLoop["createFuture"]>): Coroutine<void> {
      try {
        yield* f;
      } catch (e) {
        events.push((e as Error).name);
      }
      throw new CancelledError();
    }
    await using runner = new Runner({ loopFactory: testLoop });
    const fut = runner.getLoop().createFuture();
    runner.getLoop().callLater(0.1, interruptSelf);
    await expect(runner.run(coro(fut))).rejects.toBeInstanceOf(KeyboardInterrupt);
    expect(events).toEqual(["CancelledError"]);
    expect(fut.cancelled()).toBe(true);
  });

  test("test_interrupt_cancelled_task: interrupting a main task already cancelled is no KeyboardInterrupt", async () => {
    function* subtask(task: Task<unknown>) {
      yield* sleep(0);
      task.cancel();
      interruptSelf();
    }
    function* coro() {
      createTask(subtask(currentTask() as Task<unknown>));
      yield* sleep(10);
    }
    await using runner = new Runner({ loopFactory: testLoop });
    const exc = await runner.run(coro()).catch((e: unknown) => e);
    expect(exc).toBeInstanceOf(CancelledError);
    expect(exc).not.toBeInstanceOf(KeyboardInterrupt);
  });

  test("a SIGINT handler installed by the program is left alone (Python's getsignal check)", async () => {
    const mine = vi.fn();
    process.on("SIGINT", mine);
    try {
      function* coro() {
        yield* sleep(0.2);
        return "finished";
      }
      await using runner = new Runner({ loopFactory: testLoop });
      runner.getLoop().callLater(0.1, interruptSelf);
      expect(await runner.run(coro())).toBe("finished");
      expect(mine).toHaveBeenCalledTimes(1);
    } finally {
      process.off("SIGINT", mine);
    }
  });

  test("test_set_event_loop_called_once", async () => {
    function* coro() {
      return getEventLoop();
    }
    const runner = new Runner();
    const a = await runner.run(coro());
    const b = await runner.run(coro());
    expect(a).toBe(b);
    expect(a).toBe(runner.getLoop());
    await runner.close();
  });
});
