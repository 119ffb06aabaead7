/**
 * Port of CPython 3.13's Lib/test/test_asyncio/test_futures.py (BaseFutureTests,
 * BaseFutureDoneCallbackTests, DuckTests). Cases that test CPython internals with no JavaScript
 * counterpart (GenericAlias, the C future's uninitialized state, StopIteration, __del__ logging
 * through the GC, source tracebacks) are left out; see the README.
 */
import {
  _setEventLoopGetter,
  CancelledError,
  Future,
  InvalidStateError,
  isFuture,
  RuntimeError,
  setResultUnlessCancelled,
} from "@tsio/future";
import { getEventLoop, setEventLoop, TestLoop } from "@tsio/loop";
import { afterEach, beforeEach, describe, expect, test } from "vitest";

let loop: TestLoop;

beforeEach(() => {
  loop = new TestLoop();
  setEventLoop(loop);
});

afterEach(() => {
  setEventLoop(null);
  loop.close();
});

/** test_utils.run_briefly: run a task that does nothing to completion (two loop iterations). */
const runBriefly = (l: TestLoop) => l.runUntilComplete((function* () {})());

function firstCb(): void {}
function lastCb(): void {}
function fakeFunc(): void {}

describe("BaseFutureTests", () => {
  test("test_isfuture", () => {
    const brand = Symbol.for("tsio.future");
    class MyFuture {
      get [brand]() {
        return true;
      }
    }
    expect(isFuture(MyFuture)).toBe(false);
    expect(isFuture(new MyFuture())).toBe(true);
    expect(isFuture(1)).toBe(false);
    // biome-ignore lint/suspicious/noThenProperty: a thenable that is not a future is the point
    expect(isFuture({ then() {} })).toBe(false);

    const f = new Future({ loop });
    expect(isFuture(f)).toBe(true);
    expect(isFuture(Future)).toBe(false);
    f.cancel();
  });

  test("test_initial_state", () => {
    const f = new Future({ loop });
    expect(f.cancelled()).toBe(false);
    expect(f.done()).toBe(false);
    expect(f.state).toBe("PENDING");
    f.cancel();
    expect(f.cancelled()).toBe(true);
    expect(f.state).toBe("CANCELLED");
  });

  test("test_constructor_without_loop", () => {
    // Without @tsio/loop's policy nothing can supply a loop: the error names the fix.
    _setEventLoopGetter(null);
    try {
      expect(() => new Future()).toThrow(RuntimeError);
      expect(() => new Future()).toThrow(/no running event loop.*import @tsio\/loop/);
    } finally {
      _setEventLoopGetter(getEventLoop);
    }
  });

  test("test_constructor_use_running_loop", async () => {
    setEventLoop(null);
    const other = new TestLoop();
    function* make() {
      // Returned in an array: a Promise cannot resolve to a thenable Future.
      return [new Future()];
    }
    const [f] = await other.runUntilComplete(make());
    expect(f?._loop).toBe(other);
    expect(f?.getLoop()).toBe(other);
    other.close();
  });

  test("test_constructor_use_global_loop", () => {
    const f = new Future();
    expect(f._loop).toBe(loop);
    expect(f.getLoop()).toBe(loop);
  });

  test("test_future_cancel_message_getter", async () => {
    const f = new Future({ loop });
    expect(f._cancelMessage).toBeUndefined();
    f.cancel("my message");
    await expect(loop.runUntilComplete(f)).rejects.toThrow(CancelledError);
    expect(f._cancelMessage).toBe("my message");
  });

  test("test_future_cancel_message_setter", async () => {
    const f = new Future({ loop });
    f.cancel("my message");
    f._cancelMessage = "my new message";
    expect(f._cancelMessage).toBe("my new message");
    const err = await loop.runUntilComplete(f).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CancelledError);
    expect((err as Error).message).toBe("my new message");
    expect(f._cancelMessage).toBe("my new message");
  });

  test("test_cancel", () => {
    const f = new Future({ loop });
    expect(f.cancel()).toBe(true);
    expect(f.cancelled()).toBe(true);
    expect(f.done()).toBe(true);
    expect(() => f.result()).toThrow(CancelledError);
    expect(() => f.exception()).toThrow(CancelledError);
    expect(() => f.setResult(undefined)).toThrow(InvalidStateError);
    expect(() => f.setException(new Error())).toThrow(InvalidStateError);
    expect(f.cancel()).toBe(false);
  });

  test("test_result", () => {
    const f = new Future<number>({ loop });
    expect(() => f.result()).toThrow(InvalidStateError);
    expect(() => f.result()).toThrow("Result is not ready.");

    f.setResult(42);
    expect(f.cancelled()).toBe(false);
    expect(f.done()).toBe(true);
    expect(f.result()).toBe(42);
    expect(f.exception()).toBeUndefined();
    expect(() => f.setResult(0)).toThrow(InvalidStateError);
    expect(() => f.setException(new Error())).toThrow(InvalidStateError);
    expect(f.cancel()).toBe(false);
  });

  test("setResult twice names the state and the future (Bad input)", () => {
    const f = new Future<number>({ loop });
    f.setResult(1);
    expect(() => f.setResult(2)).toThrow(
      new InvalidStateError("invalid state: FINISHED: <Future finished result=1> is already done"),
    );
    expect(f.result()).toBe(1);
  });

  test("test_exception", () => {
    const exc = new RuntimeError();
    const f = new Future({ loop });
    expect(() => f.exception()).toThrow(InvalidStateError);
    expect(() => f.exception()).toThrow("Exception is not set.");

    f.setException(exc);
    expect(f.cancelled()).toBe(false);
    expect(f.done()).toBe(true);
    expect(() => f.result()).toThrow(RuntimeError);
    expect(f.exception()).toBe(exc);
    expect(() => f.setResult(undefined)).toThrow(InvalidStateError);
    expect(() => f.setException(new Error())).toThrow(InvalidStateError);
    expect(f.cancel()).toBe(false);
  });

  test("test_exception_class: a class is refused, with the fix in the message", () => {
    // Python instantiates an exception class given to set_exception(); tsio asks for an instance.
    const f = new Future({ loop });
    expect(() => f.setException(RuntimeError)).toThrow(TypeError);
    expect(() => f.setException(RuntimeError)).toThrow(/pass an instance/);
    expect(() => f.setException(undefined)).toThrow(/needs an exception/);
    expect(f.done()).toBe(false);
    f.cancel();
  });

  test("test_yield_from_twice", () => {
    const f = new Future<number>({ loop });
    function* fixture(): Generator<unknown, void, unknown> {
      yield "A";
      const x = yield* f;
      yield ["B", x];
      const y = yield* f;
      yield ["C", y];
    }
    const g = fixture();
    expect(g.next().value).toBe("A");
    expect(g.next().value).toBe(f); // first yield* f
    f.setResult(42);
    expect(g.next().value).toEqual(["B", 42]);
    // The second `yield* f` does not yield f.
    expect(g.next().value).toEqual(["C", 42]);
  });

  test("test_future_repr", () => {
    const pending = new Future({ loop });
    expect(String(pending)).toBe("<Future pending>");
    pending.cancel();

    const cancelled = new Future({ loop });
    cancelled.cancel();
    expect(String(cancelled)).toBe("<Future cancelled>");

    const withResult = new Future<number>({ loop });
    withResult.setResult(4);
    expect(String(withResult)).toBe("<Future finished result=4>");
    expect(withResult.result()).toBe(4);

    const exc = new RuntimeError();
    const withException = new Future({ loop });
    withException.setException(exc);
    expect(String(withException)).toBe("<Future finished exception=RuntimeError()>");
    expect(withException.exception()).toBe(exc);

    const oneCallback = new Future({ loop });
    oneCallback.addDoneCallback(fakeFunc);
    expect(String(oneCallback)).toBe("<Future pending cb=[fakeFunc()]>");
    oneCallback.cancel();
    expect(String(oneCallback)).toBe("<Future cancelled>");

    const twoCallbacks = new Future({ loop });
    twoCallbacks.addDoneCallback(firstCb);
    twoCallbacks.addDoneCallback(lastCb);
    expect(String(twoCallbacks)).toBe("<Future pending cb=[firstCb(), lastCb()]>");

    const manyCallbacks = new Future({ loop });
    manyCallbacks.addDoneCallback(firstCb);
    for (let i = 0; i < 8; i++) manyCallbacks.addDoneCallback(fakeFunc);
    manyCallbacks.addDoneCallback(lastCb);
    expect(String(manyCallbacks)).toBe("<Future pending cb=[firstCb(), <8 more>, lastCb()]>");
    manyCallbacks.cancel();
    expect(String(manyCallbacks)).toBe("<Future cancelled>");
  });

  test("repr quotes strings as Python does", () => {
    const f = new Future<string>({ loop });
    f.setResult("abc");
    expect(String(f)).toBe("<Future finished result='abc'>");
    const g = new Future({ loop });
    g.setException(new RuntimeError("it's"));
    expect(String(g)).toBe(`<Future finished exception=RuntimeError("it's")>`);
    g.exception();
  });

  test("test_iter: iterating a pending future by hand is caught", () => {
    const fut = new Future({ loop });
    function* coro(): Generator<unknown, void, unknown> {
      yield* fut;
    }
    expect(() => {
      const [_a, _b] = coro();
    }).toThrow(/await wasn't used with future/);
    fut.cancel();
  });

  test("test_set_result_unless_cancelled", () => {
    const fut = new Future<number>({ loop });
    fut.cancel();
    setResultUnlessCancelled(fut, 2);
    expect(fut.cancelled()).toBe(true);
  });

  test("test_future_stop_iteration_args", () => {
    const fut = new Future<[number, number]>({ loop });
    fut.setResult([1, 2]);
    const fi = fut[Symbol.iterator]();
    expect(fi.next()).toEqual({ done: true, value: [1, 2] });
  });

  test("test_future_iter_throw", () => {
    const fut = new Future({ loop });
    const fi = fut[Symbol.iterator]();
    const err = new Error("zebra");
    expect(() => fi.throw?.(err)).toThrow(err);
    fut.cancel();
  });

  test("a cancelled future's result() carries the message", () => {
    const f = new Future({ loop });
    f.cancel("stop");
    expect(() => f.result()).toThrow(new CancelledError("stop"));
  });
});

describe("BaseFutureDoneCallbackTests", () => {
  function makeCallback(bag: unknown[], thing: unknown) {
    return function bagAppender(_f: Future<string>) {
      bag.push(thing);
    };
  }

  // test_callbacks_remove_first_callback, ..._first_and_second_callback, ..._third_callback:
  // cb1, cb2, cb3 append 42, 17, 100; the removals leave the rest, in order.
  for (const [name, removals, expected] of [
    ["test_callbacks_remove_first_callback", [0, 0], [17, 100]],
    ["test_callbacks_remove_first_and_second_callback", [0, 1, 0], [100]],
    ["test_callbacks_remove_third_callback", [2, 2], [42, 17]],
  ] as const) {
    test(name, async () => {
      const bag: number[] = [];
      const f = new Future<string>({ loop });
      const cbs = [42, 17, 100].map((n) => makeCallback(bag, n));
      for (const cb of cbs) f.addDoneCallback(cb);
      for (const k of removals) f.removeDoneCallback(cbs[k] as (f: Future<string>) => void);
      expect(bag).toEqual([]);
      f.setResult("foo");
      await runBriefly(loop);
      expect(bag).toEqual(expected);
      expect(f.result()).toBe("foo");
    });
  }

  test("test_callbacks_invoked_on_set_result", async () => {
    const bag: number[] = [];
    const f = new Future<string>({ loop });
    f.addDoneCallback(makeCallback(bag, 42));
    f.addDoneCallback(makeCallback(bag, 17));
    expect(bag).toEqual([]);
    f.setResult("foo");
    // Never synchronously: the callbacks wait for the loop.
    expect(bag).toEqual([]);
    await runBriefly(loop);
    expect(bag).toEqual([42, 17]);
    expect(f.result()).toBe("foo");
  });

  test("test_callbacks_invoked_on_set_exception", async () => {
    const bag: number[] = [];
    const f = new Future<string>({ loop });
    f.addDoneCallback(makeCallback(bag, 100));
    expect(bag).toEqual([]);
    const exc = new RuntimeError();
    f.setException(exc);
    await runBriefly(loop);
    expect(bag).toEqual([100]);
    expect(f.exception()).toBe(exc);
  });

  test("test_remove_done_callback", async () => {
    const bag: number[] = [];
    const f = new Future<string>({ loop });
    const cb1 = makeCallback(bag, 1);
    const cb2 = makeCallback(bag, 2);
    const cb3 = makeCallback(bag, 3);
    // Add one cb1 and one cb2.
    f.addDoneCallback(cb1);
    f.addDoneCallback(cb2);
    // One instance of cb2 removed. Now there's only one cb1.
    expect(f.removeDoneCallback(cb2)).toBe(1);
    // Never had any cb3 in there.
    expect(f.removeDoneCallback(cb3)).toBe(0);
    // After this there will be 6 instances of cb1 and one of cb2.
    f.addDoneCallback(cb2);
    for (let i = 0; i < 5; i++) f.addDoneCallback(cb1);
    // Remove all instances of cb1. One cb2 remains.
    expect(f.removeDoneCallback(cb1)).toBe(6);
    expect(bag).toEqual([]);
    f.setResult("foo");
    await runBriefly(loop);
    expect(bag).toEqual([2]);
    expect(f.result()).toBe("foo");
  });

  test("test_schedule_callbacks_list_mutation_1", async () => {
    const calls: string[] = [];
    function str(_f: Future<number>): void {
      calls.push("str");
    }
    function mut(f: Future<number>): void {
      calls.push("mut");
      f.removeDoneCallback(str);
    }
    const fut = new Future<number>({ loop });
    fut.addDoneCallback(mut);
    fut.addDoneCallback(str);
    fut.addDoneCallback(str);
    fut.setResult(1);
    await runBriefly(loop);
    // The callbacks were scheduled when the future completed; removing one later changes nothing.
    expect(calls).toEqual(["mut", "str", "str"]);
  });

  test("a callback added to a done future runs through the loop, after earlier ones", async () => {
    const order: string[] = [];
    const f = new Future<number>({ loop });
    f.addDoneCallback(() => order.push("first"));
    f.setResult(1);
    loop.callSoon(() => order.push("callSoon"));
    f.addDoneCallback(() => order.push("late"));
    expect(order).toEqual([]);
    await runBriefly(loop);
    expect(order).toEqual(["first", "callSoon", "late"]);
  });

  test("callbacks receive the future", async () => {
    const f = new Future<number>({ loop });
    const seen: unknown[] = [];
    f.addDoneCallback((fut) => seen.push(fut));
    f.setResult(3);
    await runBriefly(loop);
    expect(seen).toEqual([f]);
  });
});

describe("awaiting from native async code", () => {
  test("await resolves with the result once the loop sets it", async () => {
    const f = new Future<string>({ loop });
    loop.callLater(5, () => f.setResult("late"));
    const [value] = await Promise.all([f, loop.runUntilComplete(f)]);
    expect(value).toBe("late");
    expect(loop.time()).toBe(5);
  });

  test("await rejects with the exception, and with CancelledError for a cancel", async () => {
    const failed = new Future({ loop });
    const exc = new RuntimeError("boom");
    failed.setException(exc);
    await expect(failed).rejects.toBe(exc);

    const cancelled = new Future({ loop });
    cancelled.cancel("why");
    await expect(cancelled).rejects.toThrow(new CancelledError("why"));
  });

  test("then() chains like a Promise", async () => {
    const f = new Future<number>({ loop });
    f.setResult(20);
    expect(await f.then((v) => v + 1)).toBe(21);
    const g = new Future<number>({ loop });
    g.setException(new RuntimeError("x"));
    expect(await g.catch((e: unknown) => (e as Error).message)).toBe("x");
  });
});
