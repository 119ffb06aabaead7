/**
 * Port of CPython 3.13's Lib/test/test_asyncio/test_tasks.py, BaseTaskTests and its neighbours,
 * for Task itself, ensure_future, task names and repr, current_task, sleep and the set methods.
 * Cancellation has its own file (cancel.test.ts), gather too (gather.test.ts). wait, wait_for,
 * as_completed and shield are ported with them, in the part of tsio that implements them.
 *
 * CPython's tests run on new_event_loop() or a TestLoop; here every one runs on a TestLoop, whose
 * clock jumps to the next timer, so nothing waits for real time.
 */
import {
  type _TimerEntry,
  type AbstractEventLoop,
  type Coroutine,
  Future,
  InvalidStateError,
  RuntimeError,
  ValueError,
} from "@tsio/future";
import { isCoroutine, isCoroutineFunction } from "@tsio/generator-utils";
import { setEventLoop, TestLoop } from "@tsio/loop";
import { createTask, currentTask, ensureFuture, gather, sleep, Task } from "@tsio/task";
import { describe, expect, test, vi } from "vitest";
import { rejection, runBriefly, useTestLoop } from "./helpers.js";

let loop: TestLoop;
useTestLoop((l) => {
  loop = l;
});

function newTask<T>(l: AbstractEventLoop, coro: Coroutine<T>, name: string | null = "TestTask") {
  return new Task(coro, { loop: l, name: name ?? undefined });
}

function* notmuch(): Coroutine<string> {
  return "ok";
}

describe("BaseTaskTests", () => {
  test("test_task_cancel_message_getter", async () => {
    const t = newTask(loop, (function* () {})());
    expect(t._cancelMessage).toBeUndefined();
    t.cancel("my message");
    expect(t._cancelMessage).toBe("my message");
    const exc = await rejection(loop.runUntilComplete(t));
    expect(exc.name).toBe("CancelledError");
    expect(exc.message).toBe("my message");
  });

  test("test_task_cancel_message_setter", async () => {
    const t = newTask(loop, (function* () {})());
    t.cancel("my message");
    t._cancelMessage = "my new message";
    expect(t._cancelMessage).toBe("my new message");
    const exc = await rejection(loop.runUntilComplete(t));
    expect(exc.message).toBe("my new message");
  });

  test("test_task_del_collect: gather of 100 tasks", async () => {
    function* run() {
      return {};
    }
    const tasks = Array.from({ length: 100 }, () => newTask(loop, run()));
    const results = await loop.runUntilComplete(gather(...tasks));
    expect(results).toHaveLength(100);
  });

  test("test_other_loop_future", async () => {
    const otherLoop = new TestLoop();
    const fut = new Future({ loop: otherLoop });
    function* run(f: Future<unknown>) {
      yield* f;
    }
    try {
      const exc = await rejection(loop.runUntilComplete(run(fut)));
      expect(exc).toBeInstanceOf(RuntimeError);
      expect(exc.message).toMatch(/^Task .* got Future .* attached to a different loop$/);
    } finally {
      otherLoop.close();
    }
  });

  test("test_task_awaits_on_itself", async () => {
    function* test(): Coroutine<void> {
      yield* task;
    }
    const task: Task<void> = ensureFuture(test(), { loop }) as Task<void>;
    const exc = await rejection(loop.runUntilComplete(task));
    expect(exc).toBeInstanceOf(RuntimeError);
    expect(exc.message).toMatch(/^Task cannot await on itself: <Task /);
  });

  test("test_task_class", async () => {
    let t = newTask(loop, notmuch());
    await loop.runUntilComplete(t);
    expect(t.done()).toBe(true);
    expect(t.result()).toBe("ok");
    expect(t._loop).toBe(loop);
    expect(t.getLoop()).toBe(loop);

    const other = new TestLoop();
    setEventLoop(other);
    t = newTask(other, notmuch());
    expect(t._loop).toBe(other);
    await other.runUntilComplete(t);
    other.close();
  });

  test("test_ensure_future_coroutine", async () => {
    let t = ensureFuture(notmuch(), { loop });
    expect(t._loop).toBe(loop);
    await loop.runUntilComplete(t);
    expect(t.done()).toBe(true);
    expect(t.result()).toBe("ok");

    function* test() {
      // In an array: a Promise cannot resolve to a thenable Task.
      return [ensureFuture(notmuch())];
    }
    [t] = (await loop.runUntilComplete(test())) as [Future<string>];
    expect(t._loop).toBe(loop);
    await loop.runUntilComplete(t);
    expect(t.result()).toBe("ok");

    // No loop running: the loop set with setEventLoop.
    t = ensureFuture(notmuch());
    expect(t._loop).toBe(loop);
    await loop.runUntilComplete(t);
    expect(t.result()).toBe("ok");
  });

  test("test_ensure_future_future", async () => {
    const fOrig = new Future<string>({ loop });
    fOrig.setResult("ko");
    let f = ensureFuture(fOrig);
    await loop.runUntilComplete(f);
    expect(f.done()).toBe(true);
    expect(f.result()).toBe("ko");
    expect(f).toBe(fOrig);

    const other = new TestLoop();
    expect(() => ensureFuture(fOrig, { loop: other })).toThrow(ValueError);
    other.close();

    f = ensureFuture(fOrig, { loop });
    expect(f).toBe(fOrig);
  });

  test("test_ensure_future_task", async () => {
    const tOrig = newTask(loop, notmuch());
    let t = ensureFuture(tOrig);
    await loop.runUntilComplete(t);
    expect(t.done()).toBe(true);
    expect(t.result()).toBe("ok");
    expect(t).toBe(tOrig);

    const other = new TestLoop();
    expect(() => ensureFuture(tOrig, { loop: other })).toThrow(ValueError);
    other.close();

    t = ensureFuture(tOrig, { loop });
    expect(t).toBe(tOrig);
  });

  test("test_ensure_future_awaitable: an object whose iterator is a coroutine (__await__)", async () => {
    class Aw {
      constructor(private readonly coro: Coroutine<string>) {}
      [Symbol.iterator]() {
        return this.coro;
      }
    }
    const fut = ensureFuture(new Aw(notmuch()), { loop });
    await loop.runUntilComplete(fut);
    expect(fut.result()).toBe("ok");
  });

  test("test_ensure_future_task_awaitable", async () => {
    class Aw {
      [Symbol.iterator]() {
        return sleep(0, "ok");
      }
    }
    const task = ensureFuture(new Aw(), { loop }) as Task<string>;
    expect(isCoroutine(task.getCoro())).toBe(true);
    await loop.runUntilComplete(task);
    expect(task.done()).toBe(true);
    expect(task.result()).toBe("ok");
  });

  test("DuckTests.test_ensure_future: a foreign future with the brand is returned as is", () => {
    const duck = { [Symbol.for("tsio.future")]: true, _loop: loop };
    expect(ensureFuture(duck as unknown as Future<unknown>)).toBe(duck);
  });

  test("test_ensure_future_neither", () => {
    expect(() => ensureFuture("ok" as never)).toThrow(TypeError);
    expect(() => ensureFuture(123 as never)).toThrow(
      "An asyncio.Future, a coroutine or an awaitable is required, got 123",
    );
  });

  test("test_ensure_future_error_msg", () => {
    const other = new TestLoop();
    const f = new Future({ loop });
    expect(() => ensureFuture(f, { loop: other })).toThrow(
      "The future belongs to a different loop than the one specified as the loop argument",
    );
    other.close();
    f.cancel();
  });

  test("test_task_repr", async () => {
    loop.setDebug(false);
    function* notmuchAbc(): Coroutine<string> {
      return "abc";
    }
    function dummy(): void {}
    let t = newTask(loop, notmuchAbc());
    t.addDoneCallback(dummy);
    expect(String(t)).toBe("<Task pending name='TestTask' cb=[dummy()]>");

    t.cancel(); // Does not take immediate effect!
    expect(String(t)).toBe("<Task cancelling name='TestTask' cb=[dummy()]>");

    await expect(loop.runUntilComplete(t)).rejects.toThrow("");
    expect(String(t)).toBe("<Task cancelled name='TestTask'>");

    t = newTask(loop, notmuchAbc());
    await loop.runUntilComplete(t);
    expect(String(t)).toBe("<Task finished name='TestTask' result='abc'>");
  });

  test("test_task_repr_autogenerated", async () => {
    function* notmuch123() {
      return 123;
    }
    const t1 = newTask(loop, notmuch123(), null);
    const t2 = newTask(loop, notmuch123(), null);
    expect(String(t1)).not.toBe(String(t2));
    const match1 = /^<Task pending name='Task-(\d+)'/.exec(String(t1));
    const match2 = /^<Task pending name='Task-(\d+)'/.exec(String(t2));
    expect(match1).not.toBeNull();
    expect(match2).not.toBeNull();
    // Autogenerated task names have monotonically increasing numbers.
    expect(Number(match1?.[1])).toBeLessThan(Number(match2?.[1]));
    await loop.runUntilComplete(t1);
    await loop.runUntilComplete(t2);
  });

  test("test_task_set_name_pylong", async () => {
    const t = newTask(loop, notmuch(), 987654321 as unknown as string);
    expect(t.getName()).toBe("987654321");
    t.setName(123456789 as unknown as string);
    expect(t.getName()).toBe("123456789");
    await loop.runUntilComplete(t);
  });

  test("test_task_repr_wait_for", async () => {
    const fut = new Future({ loop });
    function* waitFor(f: Future<unknown>) {
      return yield* f;
    }
    const task = newTask(loop, waitFor(fut));
    await runBriefly(loop);
    expect(String(task)).toBe(`<Task pending name='TestTask' wait_for=${String(fut)}>`);
    expect(String(fut)).toBe("<Future pending cb=[wakeup()]>");
    function onDone(): void {}
    task.addDoneCallback(onDone);
    expect(String(task)).toBe(
      "<Task pending name='TestTask' wait_for=<Future pending cb=[wakeup()]> cb=[onDone()]>",
    );
    fut.setResult(undefined);
    await loop.runUntilComplete(task);
  });

  test("test_recursive_repr_for_pending_tasks (test_futures2.py): tasks awaiting each other", async () => {
    let b: Task<void> | undefined;
    function* first(): Coroutine<void> {
      yield* sleep(0);
      yield* b as Task<void>;
    }
    function* second(): Coroutine<void> {
      yield* sleep(0);
      yield* a;
    }
    const a = newTask(loop, first(), "A");
    b = newTask(loop, second(), "B");
    await loop.runUntilComplete(sleep(1));
    // A waits for B, which waits for A: the repr must not recurse forever.
    expect(String(a)).toBe(
      "<Task pending name='A' wait_for=<Task pending name='B' wait_for=... cb=[wakeup()]> " +
        "cb=[wakeup()]>",
    );
    // (Cancelling either would recurse through the cycle, in CPython 3.13 as here.)
  });

  test("test_task_basics", async () => {
    function* inner1() {
      return 42;
    }
    function* inner2() {
      return 1000;
    }
    function* outer() {
      const a = yield* inner1();
      const b = yield* inner2();
      return a + b;
    }
    expect(await loop.runUntilComplete(outer())).toBe(1042);
  });

  test("test_task_set_methods", async () => {
    function* notmuchKo() {
      return "ko";
    }
    const task = newTask(loop, notmuchKo());
    expect(() => task.setResult("ok")).toThrow(/not support set_result/);
    expect(() => task.setException(new ValueError())).toThrow(/not support set_exception/);
    expect(await loop.runUntilComplete(task)).toBe("ko");
  });

  test("test_step_result_future: the task waits on an awaited future through addDoneCallback", async () => {
    class Fut<T> extends Future<T> {
      cbAdded = false;
      override addDoneCallback(fn: (f: this) => void): void {
        this.cbAdded = true;
        super.addDoneCallback(fn);
      }
    }
    const fut = new Fut<object>({ loop });
    let result: object | undefined;
    function* waitForFuture() {
      result = yield* fut;
    }
    const t = newTask(loop, waitForFuture());
    await runBriefly(loop);
    expect(fut.cbAdded).toBe(true);

    const res = {};
    fut.setResult(res);
    await runBriefly(loop);
    expect(result).toBe(res);
    expect(t.done()).toBe(true);
    expect(t.result()).toBeUndefined();
  });

  test("test_subclasses_ctask_cfuture: addDoneCallback overrides are called once each", async () => {
    const calls = { task: 0, fut: 0 };
    class MyFuture<T> extends Future<T> {
      override addDoneCallback(fn: (f: this) => void): void {
        calls.fut++;
        super.addDoneCallback(fn);
      }
    }
    class MyTask<T> extends Task<T> {
      override addDoneCallback(fn: (f: this) => void): void {
        calls.task++;
        super.addDoneCallback(fn);
      }
    }
    const fut = new MyFuture<string>({ loop });
    function* func() {
      loop.callSoon(() => fut.setResult("spam"));
      return yield* fut;
    }
    const task = new MyTask(func(), { loop });
    expect(await loop.runUntilComplete(task)).toBe("spam");
    expect(calls).toEqual({ task: 1, fut: 1 });
  });

  test("test_iscoroutinefunction", () => {
    function fn() {}
    expect(isCoroutineFunction(fn)).toBe(false);
    function* fn1() {}
    expect(isCoroutineFunction(fn1)).toBe(true); // a function* is tsio's async def
    async function fn2() {}
    expect(isCoroutineFunction(fn2)).toBe(false);
  });

  test("test_coroutine_non_gen_function", async () => {
    function* func() {
      return "test";
    }
    expect(isCoroutineFunction(func)).toBe(true);
    const coro = func();
    expect(isCoroutine(coro)).toBe(true);
    expect(await loop.runUntilComplete(coro)).toBe("test");
  });

  test("test_coroutine_non_gen_function_return_future: the thenable-result trap", async () => {
    const fut = new Future<string>({ loop });
    function* func() {
      return fut;
    }
    function* coro() {
      fut.setResult("test");
    }
    const t1 = newTask(loop, func());
    const t2 = newTask(loop, coro());
    // Python returns the future itself. A Promise cannot resolve to a thenable, so
    // runUntilComplete rejects with a TypeError that says what to do; the task has the future.
    const exc = await rejection(loop.runUntilComplete(t1));
    expect(exc).toBeInstanceOf(TypeError);
    expect(exc.message).toMatch(/return its result instead \(`return yield\* fut`\)/);
    expect(t1.result()).toBe(fut);
    expect(t2.result()).toBeUndefined();
  });

  test("test_current_task", async () => {
    expect(currentTask(loop)).toBeNull();
    function* coro(): Coroutine<void> {
      expect(currentTask()).toBe(task);
      expect(currentTask(undefined)).toBe(task);
    }
    const task = newTask(loop, coro());
    await loop.runUntilComplete(task);
    expect(currentTask(loop)).toBeNull();
  });

  test("test_current_task_with_interleaving_tasks", async () => {
    expect(currentTask(loop)).toBeNull();
    const fut1 = new Future<boolean>({ loop });
    const fut2 = new Future<boolean>({ loop });
    const seen: string[] = [];
    function* coro1(): Coroutine<void> {
      seen.push(`1:${currentTask() === task1}`);
      yield* fut1;
      seen.push(`1:${currentTask() === task1}`);
      fut2.setResult(true);
    }
    function* coro2(): Coroutine<void> {
      seen.push(`2:${currentTask() === task2}`);
      fut1.setResult(true);
      yield* fut2;
      seen.push(`2:${currentTask() === task2}`);
    }
    const task1 = newTask(loop, coro1());
    const task2 = newTask(loop, coro2());
    await loop.runUntilComplete(gather(task1, task2));
    expect(seen).toEqual(["1:true", "2:true", "1:true", "2:true"]);
    expect(currentTask(loop)).toBeNull();
  });

  test("test_exception_traceback", async () => {
    function* foo(): Coroutine<void> {
      throw new ValueError("1 / 0");
    }
    function* main(): Coroutine<void> {
      const task = newTask(loop, foo());
      yield* sleep(0); // skip one loop iteration
      expect((task.exception() as Error).stack).toMatch(/foo/);
    }
    await loop.runUntilComplete(main());
  });

  test("test_create_task_with_noncoroutine", () => {
    expect(() => newTask(loop, 123 as never)).toThrow(TypeError);
    expect(() => newTask(loop, 123 as never)).toThrow(/^a coroutine was expected, got 123/);
    // The message names the fix: the function must be called.
    expect(() => newTask(loop, notmuch as never)).toThrow(
      /call the function\* to make one \(createTask\(main\(\)\), not createTask\(main\)\)/,
    );
  });

  test("test_create_task_with_async_function", async () => {
    function* coro() {}
    let task = newTask(loop, coro());
    expect(task).toBeInstanceOf(Task);
    await loop.runUntilComplete(task);
    task = newTask(loop, coro());
    expect(task).toBeInstanceOf(Task);
    await loop.runUntilComplete(task);
  });

  test("test_create_task_with_asynclike_function", async () => {
    class CoroLikeObject {
      next() {
        return { done: true as const, value: 42 };
      }
      throw(e: unknown): never {
        throw e;
      }
      return(v: number) {
        return { done: true as const, value: v };
      }
      [Symbol.iterator]() {
        return this;
      }
    }
    for (let i = 0; i < 2; i++) {
      const task = newTask(loop, new CoroLikeObject() as unknown as Coroutine<number>);
      expect(task).toBeInstanceOf(Task);
      expect(await loop.runUntilComplete(task)).toBe(42);
    }
  });

  test("test_bare_create_task", async () => {
    function* inner() {
      return 1;
    }
    function* coro(): Coroutine<number> {
      const task = createTask(inner());
      expect(task).toBeInstanceOf(Task);
      return yield* task;
    }
    expect(await loop.runUntilComplete(coro())).toBe(1);
  });

  test("test_bare_create_named_task", async () => {
    function* coroNoop() {}
    function* coro(): Coroutine<string> {
      const task = createTask(coroNoop(), { name: "No-op" });
      yield* task;
      return task.getName();
    }
    expect(await loop.runUntilComplete(coro())).toBe("No-op");
  });

  test("test_get_coro", async () => {
    function* coroutineFunction() {}
    const coro = coroutineFunction();
    const task = newTask(loop, coro);
    expect(task.getCoro()).toBe(coro);
    await loop.runUntilComplete(task);
    // Unlike CPython, a done task lets go of its coroutine (V8 keeps a finished generator's
    // arguments alive), as 3.12's eager tasks do.
    expect(task.getCoro()).toBeNull();
  });

  test("test_sleep", async () => {
    function* sleeper(dt: number, arg: string) {
      yield* sleep(dt / 2);
      const res = yield* sleep(dt / 2, arg);
      return res;
    }
    const t = newTask(loop, sleeper(0.1, "yeah"));
    await loop.runUntilComplete(t);
    expect(t.done()).toBe(true);
    expect(t.result()).toBe("yeah");
    expect(loop.time()).toBeCloseTo(0.1, 9);
  });

  test("test_sleep_when_delay_is_nan", async () => {
    function* sleeper() {
      yield* sleep(Number.NaN);
    }
    const t = newTask(loop, sleeper());
    const exc = await rejection(loop.runUntilComplete(t));
    expect(exc).toBeInstanceOf(ValueError);
    expect(exc.message).toBe("Invalid delay: NaN (not a number)");
  });

  test("test_sleep_cancel", async () => {
    // CPython wraps loop.call_later to catch sleep's TimerHandle; tsio's sleep is its own timer
    // entry (no TimerHandle per sleeping task), scheduled with loop._callLaterEntry: catch that.
    const t = newTask(loop, sleep(10.0, "yeah"));
    let handle: _TimerEntry | undefined;
    const origCallLaterEntry = loop._callLaterEntry.bind(loop);
    loop._callLaterEntry = (delay: number, entry: _TimerEntry) => {
      expect(delay).toBe(10.0);
      handle = entry;
      origCallLaterEntry(delay, entry);
    };
    await runBriefly(loop);
    expect(handle?._cancelled).toBe(false);
    expect(handle?._scheduled).toBe(true);
    t.cancel();
    await runBriefly(loop);
    expect(handle?._cancelled).toBe(true);
  });

  test("test_task_cancel_sleeping_task", async () => {
    function* sleepFor(dt: number) {
      yield* sleep(dt);
    }
    function* doit() {
      const sleeper = newTask(loop, sleepFor(5000));
      loop.callLater(0.1, () => sleeper.cancel());
      try {
        yield* sleeper;
      } catch (e) {
        if ((e as Error).name === "CancelledError") return "cancelled";
        throw e;
      }
      return "slept in";
    }
    expect(await loop.runUntilComplete(doit())).toBe("cancelled");
    expect(loop.time()).toBeCloseTo(0.1, 9);
  });

  test("SleepTests.test_sleep_zero: sleep(0) gives up exactly one iteration", async () => {
    let result = 0;
    function incResult(num: number): void {
      result += num;
    }
    function* coro(): Coroutine<void> {
      loop.callSoon(incResult, 1);
      expect(result).toBe(0);
      const num = yield* sleep(0, 10);
      expect(result).toBe(1); // incremented by callSoon
      incResult(num); // num is 10
    }
    await loop.runUntilComplete(coro());
    expect(result).toBe(11);
  });

  test("sleep with a negative delay behaves as sleep(0)", async () => {
    const order: string[] = [];
    function* coro(): Coroutine<string> {
      loop.callSoon(() => order.push("soon"));
      const v = yield* sleep(-5, "neg");
      order.push("after");
      return v;
    }
    expect(await loop.runUntilComplete(coro())).toBe("neg");
    expect(order).toEqual(["soon", "after"]);
    expect(loop.time()).toBe(0);
  });

  test("one sleep(0) coroutine object can be awaited by many tasks at once", async () => {
    const s = sleep(0);
    const order: string[] = [];
    function* a(name: string): Coroutine<void> {
      order.push(`${name}1`);
      yield* s;
      order.push(`${name}2`);
    }
    await loop.runUntilComplete(gather(a("a"), a("b")));
    expect(order).toEqual(["a1", "b1", "a2", "b2"]);
  });
});

describe("SetMethodsTest", () => {
  test("test_set_result_causes_invalid_state", async () => {
    const handler = vi.fn();
    loop.callExceptionHandler = handler;
    function* foo() {
      yield* sleep(0.1);
      return 10;
    }
    const task = newTask(loop, foo());
    Future.prototype.setResult.call(task, "spam");
    expect(await loop.runUntilComplete(task)).toBe("spam");
    expect(handler).toHaveBeenCalledTimes(1);
    const exc = handler.mock.calls[0]?.[0].exception;
    expect(exc).toBeInstanceOf(InvalidStateError);
    expect(exc.message).toMatch(/^_step\(\): already done/);
  });

  test("test_set_exception_causes_invalid_state", async () => {
    class MyExc extends Error {}
    const handler = vi.fn();
    loop.callExceptionHandler = handler;
    function* foo() {
      yield* sleep(0.1);
      return 10;
    }
    const task = newTask(loop, foo());
    Future.prototype.setException.call(task, new MyExc());
    await expect(loop.runUntilComplete(task)).rejects.toBeInstanceOf(MyExc);
    expect(handler).toHaveBeenCalledTimes(1);
    const exc = handler.mock.calls[0]?.[0].exception;
    expect(exc).toBeInstanceOf(InvalidStateError);
    expect(exc.message).toMatch(/^_step\(\): already done/);
  });
});

describe("GenericTaskTests", () => {
  test("test_future_subclass", () => {
    expect(Task.prototype).toBeInstanceOf(Future);
  });
});
