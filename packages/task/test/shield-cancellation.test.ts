/**
 * Port of the shield() and gather-cancellation cases of CPython 3.13's
 * Lib/test/test_asyncio/test_tasks.py (test_shield_*, test_gather_shield, test_cancel_gather_*,
 * FutureGatherTests.test_one_cancellation / test_result_exception_one_cancellation,
 * CoroutineGatherTests.test_cancellation_broadcast, test_yield_future_passes_cancel).
 */
import { CancelledError, type Coroutine, type Future } from "@tsio/future";
import { setEventLoop, TestLoop } from "@tsio/loop";
import { ensureFuture, gather, shield, sleep } from "@tsio/task";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { raises, runBriefly } from "./run-test.js";

class ZeroDivisionError extends Error {}

let loop: TestLoop;
beforeEach(() => {
  loop = new TestLoop();
  setEventLoop(loop);
});
afterEach(() => {
  setEventLoop(null);
  loop.close();
});

function callbackCount(fut: Future<unknown>): number {
  const rest = (fut as unknown as { _cbRest: unknown[] | null })._cbRest;
  return (
    ((fut as unknown as { _cbFn: unknown })._cbFn === null ? 0 : 1) + (rest ? rest.length / 2 : 0)
  );
}

describe("shield", () => {
  test("test_shield_result", async () => {
    const inner = loop.createFuture<number>();
    const outer = shield(inner);
    inner.setResult(42);
    expect(await loop.runUntilComplete(outer)).toBe(42);
  });

  test("test_shield_exception", async () => {
    const inner = loop.createFuture<number>();
    const outer = shield(inner);
    await runBriefly(loop);
    const exc = new Error("expected");
    inner.setException(exc);
    await runBriefly(loop);
    expect(outer.exception()).toBe(exc);
  });

  test("test_shield_cancel_inner", async () => {
    const inner = loop.createFuture<number>();
    const outer = shield(inner);
    await runBriefly(loop);
    inner.cancel();
    await runBriefly(loop);
    expect(outer.cancelled()).toBe(true);
  });

  test("test_shield_cancel_outer", async () => {
    const inner = loop.createFuture<number>();
    const outer = shield(inner);
    await runBriefly(loop);
    outer.cancel();
    await runBriefly(loop);
    expect(outer.cancelled()).toBe(true);
    expect(callbackCount(outer)).toBe(0);
    expect(callbackCount(inner)).toBe(0);
  });

  test("test_shield_shortcut", async () => {
    const fut = loop.createFuture<number>();
    fut.setResult(42);
    expect(shield(fut)).toBe(fut);
    expect(await loop.runUntilComplete(shield(fut))).toBe(42);
  });

  test("test_shield_effect: cancelling outer() does not affect inner()", async () => {
    let proof = 0;
    const waiter = loop.createFuture<void>();
    function* inner(): Coroutine<void> {
      yield* waiter;
      proof += 1;
    }
    function* outer(): Coroutine<void> {
      yield* shield(inner());
      proof += 100;
    }
    const f = ensureFuture(outer(), { loop });
    await runBriefly(loop);
    f.cancel();
    expect(await loop.runUntilComplete(raises(f))).toBeInstanceOf(CancelledError);
    waiter.setResult(undefined);
    await runBriefly(loop);
    expect(proof).toBe(1);
  });

  test("test_shield_gather", async () => {
    const child1 = loop.createFuture<number>();
    const child2 = loop.createFuture<number>();
    const parent = gather(child1, child2);
    const outer = shield(parent);
    await runBriefly(loop);
    outer.cancel();
    await runBriefly(loop);
    expect(outer.cancelled()).toBe(true);
    child1.setResult(1);
    child2.setResult(2);
    await runBriefly(loop);
    expect(parent.result()).toEqual([1, 2]);
  });

  test("test_gather_shield", async () => {
    const child1 = loop.createFuture<number>();
    const child2 = loop.createFuture<number>();
    const inner1 = shield(child1);
    const inner2 = shield(child2);
    const parent = gather(inner1, inner2);
    await runBriefly(loop);
    parent.cancel();
    // This should cancel inner1 and inner2 but not child1 and child2.
    await runBriefly(loop);
    expect(parent.exception()).toBeInstanceOf(CancelledError);
    expect(inner1.cancelled()).toBe(true);
    expect(inner2.cancelled()).toBe(true);
    child1.setResult(1);
    child2.setResult(2);
    await runBriefly(loop);
    expect(child1.cancelled() || child2.cancelled()).toBe(false);
  });

  test("test_shield_coroutine_use_running_loop", async () => {
    function* coro(): Coroutine<number> {
      return 42;
    }
    const outer = await loop.runUntilComplete(
      (function* () {
        return { outer: shield(coro()) };
      })(),
    );
    expect(outer.outer.getLoop()).toBe(loop);
    expect(await loop.runUntilComplete(outer.outer)).toBe(42);
  });

  test("test_shield_coroutine_use_global_loop", async () => {
    function* coro(): Coroutine<number> {
      return 42;
    }
    const outer = shield(coro());
    expect(outer.getLoop()).toBe(loop);
    expect(await loop.runUntilComplete(outer)).toBe(42);
  });
});

describe("cancellation through coroutines, tasks and gather", () => {
  test("test_yield_future_passes_cancel", async () => {
    let proof = 0;
    const waiter = loop.createFuture<void>();
    function* inner(): Coroutine<void> {
      try {
        yield* waiter;
      } catch (e) {
        if (e instanceof CancelledError) proof += 1;
        throw e;
      }
    }
    function* outer(): Coroutine<void> {
      try {
        yield* inner();
        proof += 10;
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
        proof += 100; // expect this path
      }
    }
    const f = ensureFuture(outer(), { loop });
    await runBriefly(loop);
    f.cancel();
    await loop.runUntilComplete(f);
    expect(proof).toBe(101);
    expect(waiter.cancelled()).toBe(true);
  });

  test("test_cancel_gather_1: a gathering future refuses cancellation once children are done", async () => {
    const fut = loop.createFuture<number>();
    function* create(): Coroutine<Future<number[]>> {
      function* childCoro(): Coroutine<number> {
        return yield* fut;
      }
      return ensureFuture(gather(childCoro()));
    }
    const holder = await loop.runUntilComplete(
      (function* () {
        return { task: yield* create() };
      })(),
    );
    const gatherTask = holder.task;
    let cancelResult: boolean | null = null;
    fut.addDoneCallback(() => {
      cancelResult = gatherTask.cancel();
    });
    fut.setResult(42);
    await loop.runUntilComplete(gatherTask);
    expect(cancelResult).toBe(false);
    expect(gatherTask.cancelled()).toBe(false);
    expect(gatherTask.result()).toEqual([42]);
  });

  for (const [cancelArgs, expected] of [
    [[], ""],
    [["my message"], "my message"],
  ] as const) {
    test(`test_cancel_gather_2 (cancel(${cancelArgs.join()}))`, async () => {
      function* testCoro(): Coroutine<void> {
        let time = 0;
        for (;;) {
          time += 0.05;
          yield* gather(sleep(0.05), { returnExceptions: true });
          if (time > 1) return;
        }
      }
      function* main(): Coroutine<void> {
        const qwe = loop.createTask(testCoro());
        yield* sleep(0.2);
        qwe.cancel(...(cancelArgs as [] | [string]));
        yield* qwe;
      }
      const e = await loop.runUntilComplete(raises(main()));
      expect(e).toBeInstanceOf(CancelledError);
      expect((e as Error).message).toBe(expected);
    });
  }

  test("FutureGatherTests.test_one_cancellation", async () => {
    const [a, b, c, d, e] = Array.from({ length: 5 }, () => loop.createFuture<number>()) as [
      Future<number>,
      Future<number>,
      Future<number>,
      Future<number>,
      Future<number>,
    ];
    const fut = gather(a, b, c, d, e);
    const calls: unknown[] = [];
    fut.addDoneCallback((f) => calls.push(f));
    a.setResult(1);
    b.cancel();
    await runBriefly(loop);
    expect(fut.done()).toBe(true);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toBe(fut);
    expect(fut.cancelled()).toBe(false);
    expect(fut.exception()).toBeInstanceOf(CancelledError);
    // Does nothing
    c.setResult(3);
    d.cancel();
    e.setException(new Error());
    e.exception();
  });

  test("FutureGatherTests.test_result_exception_one_cancellation", async () => {
    const [a, b, c, d, e, f] = Array.from({ length: 6 }, () =>
      loop.createFuture<number>(),
    ) as Future<number>[] as [
      Future<number>,
      Future<number>,
      Future<number>,
      Future<number>,
      Future<number>,
      Future<number>,
    ];
    const fut = gather(a, b, c, d, e, f, { returnExceptions: true });
    const calls: unknown[] = [];
    fut.addDoneCallback((x) => calls.push(x));
    a.setResult(1);
    const zde = new ZeroDivisionError();
    b.setException(zde);
    c.cancel();
    await runBriefly(loop);
    expect(fut.done()).toBe(false);
    d.setResult(3);
    e.cancel();
    const rte = new Error("rte");
    f.setException(rte);
    const res = (await loop.runUntilComplete(fut)) as unknown[];
    expect(res[2]).toBeInstanceOf(CancelledError);
    expect(res[4]).toBeInstanceOf(CancelledError);
    res[2] = res[4] = null;
    expect(res).toEqual([1, zde, null, 3, null, rte]);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toBe(fut);
  });

  test("CoroutineGatherTests.test_cancellation_broadcast", async () => {
    let proof = 0;
    const waiter = loop.createFuture<void>();
    function* inner(): Coroutine<void> {
      yield* waiter;
      proof += 1;
    }
    const child1 = ensureFuture(inner(), { loop });
    const child2 = ensureFuture(inner(), { loop });
    let gatherer: ReturnType<typeof gather> | null = null;
    function* outer(): Coroutine<void> {
      gatherer = gather(child1, child2);
      yield* gatherer;
      proof += 100;
    }
    const f = ensureFuture(outer(), { loop });
    await runBriefly(loop);
    expect(f.cancel()).toBe(true);
    expect(await loop.runUntilComplete(raises(f))).toBeInstanceOf(CancelledError);
    expect((gatherer as ReturnType<typeof gather> | null)?.cancel()).toBe(false);
    expect(waiter.cancelled()).toBe(true);
    expect(child1.cancelled()).toBe(true);
    expect(child2.cancelled()).toBe(true);
    await runBriefly(loop);
    expect(proof).toBe(0);
  });
});
