/**
 * Port of CPython 3.13's test_tasks.py GatherTestsBase, FutureGatherTests and
 * CoroutineGatherTests, plus test_cancel_gather_1 and the gatherAll form tsio adds for very many
 * awaitables. `return_exceptions=True` is a trailing `{ returnExceptions: true }`.
 */
import { CancelledError, type Coroutine, Future, RuntimeError, ValueError } from "@tsio/future";
import { setEventLoop, TestLoop } from "@tsio/loop";
import { ensureFuture, type GatheringFuture, gather, gatherAll, sleep } from "@tsio/task";
import { afterEach, beforeEach, describe, expect, expectTypeOf, test, vi } from "vitest";
import { rejection, runBriefly } from "./helpers.js";

let oneLoop: TestLoop;
let otherLoop: TestLoop;

beforeEach(() => {
  oneLoop = new TestLoop();
  otherLoop = new TestLoop();
  setEventLoop(oneLoop);
});

afterEach(() => {
  setEventLoop(null);
  oneLoop.close();
  otherLoop.close();
});

/**
 * `expect(cb).toHaveBeenCalledWith(fut)` would compare with deep equality, which iterates a
 * Future (it is iterable, for `yield*`) and so calls its result(): compare with toBe instead.
 */
function expectCalledOnceWith(cb: ReturnType<typeof vi.fn>, fut: Future<unknown>): void {
  expect(cb.mock.calls).toHaveLength(1);
  expect(cb.mock.calls[0]?.[0]).toBe(fut);
}

/** GatherTestsBase._run_loop: run while callbacks are ready (white-box, as CPython reads _ready). */
async function runLoop(loop: TestLoop): Promise<void> {
  while ((loop as unknown as { _qLen: number })._qLen > 0) await runBriefly(loop);
}

// In a one-element array: an async function cannot return a thenable GatheringFuture as is.
type Gather = (aws: Future<unknown>[], returnExceptions?: boolean) => Promise<[Future<unknown[]>]>;

/** FutureGatherTests: gather the futures themselves. */
const gatherFutures: Gather = async (aws, returnExceptions) => [
  returnExceptions === undefined ? gather(...aws) : gather(...aws, { returnExceptions }),
];

/** CoroutineGatherTests: gather coroutines awaiting the futures, inside the running loop. */
const gatherCoroutines: Gather = async (aws, returnExceptions) => {
  function* wrap(fut: Future<unknown>) {
    return yield* fut;
  }
  const coros = aws.map(wrap);
  function* make() {
    const g =
      returnExceptions === undefined ? gather(...coros) : gather(...coros, { returnExceptions });
    return [g] as [Future<unknown[]>];
  }
  return oneLoop.runUntilComplete(make());
};

for (const [kind, doGather] of [
  ["FutureGatherTests", gatherFutures],
  ["CoroutineGatherTests", gatherCoroutines],
] as const) {
  describe(`${kind} (GatherTestsBase)`, () => {
    async function checkSuccess(returnExceptions?: boolean): Promise<void> {
      const [a, b, c] = [0, 1, 2].map(() => oneLoop.createFuture<number>()) as [
        Future<number>,
        Future<number>,
        Future<number>,
      ];
      const [fut] = await doGather([a, b, c], returnExceptions);
      const cb = vi.fn();
      fut.addDoneCallback(cb);
      b.setResult(1);
      a.setResult(2);
      await runLoop(oneLoop);
      expect(cb).not.toHaveBeenCalled();
      expect(fut.done()).toBe(false);
      c.setResult(3);
      await runLoop(oneLoop);
      expectCalledOnceWith(cb, fut);
      expect(fut.result()).toEqual([2, 1, 3]);
    }

    test("test_success", async () => {
      await checkSuccess();
      await checkSuccess(false);
    });

    test("test_result_exception_success", async () => {
      await checkSuccess(true);
    });

    test("test_one_exception", async () => {
      const [a, b, c, d, e] = [0, 1, 2, 3, 4].map(() =>
        oneLoop.createFuture<number>(),
      ) as Future<number>[] as [
        Future<number>,
        Future<number>,
        Future<number>,
        Future<number>,
        Future<number>,
      ];
      const [fut] = await doGather([a, b, c, d, e]);
      const cb = vi.fn();
      fut.addDoneCallback(cb);
      const exc = new ValueError("ZeroDivisionError");
      a.setResult(1);
      b.setException(exc);
      await runLoop(oneLoop);
      expect(fut.done()).toBe(true);
      expectCalledOnceWith(cb, fut);
      expect(fut.exception()).toBe(exc);
      // Does nothing
      c.setResult(3);
      d.cancel();
      e.setException(new RuntimeError());
      e.exception();
    });

    test("test_return_exceptions", async () => {
      const [a, b, c, d] = [0, 1, 2, 3].map(() => oneLoop.createFuture<number>()) as [
        Future<number>,
        Future<number>,
        Future<number>,
        Future<number>,
      ];
      const [fut] = await doGather([a, b, c, d], true);
      const cb = vi.fn();
      fut.addDoneCallback(cb);
      const exc = new ValueError("ZeroDivisionError");
      const exc2 = new RuntimeError();
      b.setResult(1);
      c.setException(exc);
      a.setResult(3);
      await runLoop(oneLoop);
      expect(fut.done()).toBe(false);
      d.setException(exc2);
      await runLoop(oneLoop);
      expect(fut.done()).toBe(true);
      expectCalledOnceWith(cb, fut);
      expect(fut.result()).toEqual([3, 1, exc, exc2]);
      expect(fut.result()[2]).toBe(exc);
    });
  });
}

describe("FutureGatherTests", () => {
  test("test_constructor_empty_sequence_use_running_loop", async () => {
    function* g() {
      return [gather()];
    }
    const [fut] = await oneLoop.runUntilComplete(g());
    expect(fut).toBeInstanceOf(Future);
    expect(fut._loop).toBe(oneLoop);
    await runLoop(oneLoop);
    expect(fut.done()).toBe(true);
    expect(fut.result()).toEqual([]);
  });

  test("test_constructor_empty_sequence_use_global_loop", () => {
    const fut = gather();
    expect(fut).toBeInstanceOf(Future);
    expect(fut._loop).toBe(oneLoop);
    expect(fut.done()).toBe(true);
    expect(fut.result()).toEqual([]);
  });

  test("test_constructor_heterogenous_futures", () => {
    const fut1 = oneLoop.createFuture();
    const fut2 = otherLoop.createFuture();
    expect(() => gather(fut1, fut2)).toThrow(ValueError);
  });

  test("test_constructor_homogenous_futures", async () => {
    const children = [0, 1, 2].map(() => otherLoop.createFuture());
    let fut = gather(...children);
    expect(fut._loop).toBe(otherLoop);
    await runLoop(otherLoop);
    expect(fut.done()).toBe(false);
    fut = gather(...children);
    expect(fut._loop).toBe(otherLoop);
    await runLoop(otherLoop);
    expect(fut.done()).toBe(false);
    for (const c of children) c.cancel();
  });

  test("test_one_cancellation", async () => {
    const [a, b, c, d, e] = [0, 1, 2, 3, 4].map(() => oneLoop.createFuture<number>()) as [
      Future<number>,
      Future<number>,
      Future<number>,
      Future<number>,
      Future<number>,
    ];
    const fut = gather(a, b, c, d, e);
    const cb = vi.fn();
    fut.addDoneCallback(cb);
    a.setResult(1);
    b.cancel();
    await runLoop(oneLoop);
    expect(fut.done()).toBe(true);
    expectCalledOnceWith(cb, fut);
    // A child's cancellation fails the gather with CancelledError; the gather is not cancelled.
    expect(fut.cancelled()).toBe(false);
    expect(fut.exception()).toBeInstanceOf(CancelledError);
    // Does nothing
    c.setResult(3);
    d.cancel();
    e.setException(new RuntimeError());
    e.exception();
  });

  test("test_result_exception_one_cancellation", async () => {
    const [a, b, c, d, e, f] = [0, 1, 2, 3, 4, 5].map(() => oneLoop.createFuture<number>()) as [
      Future<number>,
      Future<number>,
      Future<number>,
      Future<number>,
      Future<number>,
      Future<number>,
    ];
    const fut = gather(a, b, c, d, e, f, { returnExceptions: true });
    const cb = vi.fn();
    fut.addDoneCallback(cb);
    a.setResult(1);
    const zde = new ValueError("ZeroDivisionError");
    b.setException(zde);
    c.cancel("c went away");
    await runLoop(oneLoop);
    expect(fut.done()).toBe(false);
    d.setResult(3);
    e.cancel();
    const rte = new RuntimeError();
    f.setException(rte);
    const res = await oneLoop.runUntilComplete(fut);
    expect(res[2]).toBeInstanceOf(CancelledError);
    expect((res[2] as Error).message).toBe("c went away");
    expect(res[4]).toBeInstanceOf(CancelledError);
    expect([res[0], res[1], res[3], res[5]]).toEqual([1, zde, 3, rte]);
    expectCalledOnceWith(cb, fut);
  });
});

describe("CoroutineGatherTests", () => {
  function* coroAbc() {
    return "abc";
  }

  test("test_constructor_use_running_loop", async () => {
    const gen1 = coroAbc();
    const gen2 = coroAbc();
    function* g() {
      return [gather(gen1, gen2)];
    }
    const [fut] = await oneLoop.runUntilComplete(g());
    expect(fut._loop).toBe(oneLoop);
    expect(await oneLoop.runUntilComplete(fut)).toEqual(["abc", "abc"]);
  });

  test("test_constructor_use_global_loop", async () => {
    setEventLoop(otherLoop);
    const fut = gather(coroAbc(), coroAbc());
    expect(fut._loop).toBe(otherLoop);
    expect(await otherLoop.runUntilComplete(fut)).toEqual(["abc", "abc"]);
  });

  test("test_duplicate_coroutines", async () => {
    function* coro(s: string) {
      return s;
    }
    const c = coro("abc");
    const [fut] = await gatherCoroutinesOf([c, c, coro("def"), c]);
    await runLoop(oneLoop);
    expect(fut.result()).toEqual(["abc", "abc", "def", "abc"]);
  });

  test("test_cancellation_broadcast: cancelling outer() cancels all children", async () => {
    let proof = 0;
    const waiter = oneLoop.createFuture();
    function* inner() {
      yield* waiter;
      proof += 1;
    }
    const child1 = ensureFuture(inner(), { loop: oneLoop });
    const child2 = ensureFuture(inner(), { loop: oneLoop });
    let gatherer: GatheringFuture<unknown> | undefined;
    function* outer() {
      gatherer = gather(child1, child2);
      yield* gatherer;
      proof += 100;
    }
    const f = ensureFuture(outer(), { loop: oneLoop });
    await runBriefly(oneLoop);
    expect(f.cancel()).toBe(true);
    await expect(oneLoop.runUntilComplete(f)).rejects.toBeInstanceOf(CancelledError);
    expect(gatherer?.cancel()).toBe(false);
    expect(waiter.cancelled()).toBe(true);
    expect(child1.cancelled()).toBe(true);
    expect(child2.cancelled()).toBe(true);
    await runBriefly(oneLoop);
    expect(proof).toBe(0);
  });

  test("test_exception_marking", async () => {
    function* inner(f: Future<unknown>): Coroutine<void> {
      yield* f;
      throw new RuntimeError("should not be ignored");
    }
    const a = oneLoop.createFuture();
    const b = oneLoop.createFuture();
    let innerB: ReturnType<typeof inner> | undefined;
    function* outer() {
      innerB = inner(b);
      yield* gather(inner(a), innerB);
    }
    const f = ensureFuture(outer(), { loop: oneLoop });
    await runBriefly(oneLoop);
    a.setResult(undefined);
    await runBriefly(oneLoop);
    b.setResult(undefined);
    await runBriefly(oneLoop);
    expect(f.exception()).toBeInstanceOf(RuntimeError);
  });

  test("test_issue46672: a bad argument after a coroutine raises TypeError, nothing leaks", async () => {
    const handler = vi.fn();
    oneLoop.callExceptionHandler = handler;
    const c = coroAbc();
    function* make() {
      // gather(c, {}) would read {} as the options object: the iterable form takes anything.
      gatherAll([c, {} as never]);
    }
    const exc = await rejection(oneLoop.runUntilComplete(make()));
    expect(exc).toBeInstanceOf(TypeError);
    await runLoop(oneLoop);
    expect(handler).not.toHaveBeenCalled();
  });

  async function gatherCoroutinesOf(coros: Coroutine<string>[]): Promise<[Future<string[]>]> {
    function* make() {
      return [gather(...coros)] as [Future<string[]>];
    }
    return oneLoop.runUntilComplete(make());
  }
});

describe("gather and cancellation", () => {
  test("test_cancel_gather_1: a gather refuses to be cancelled once all children are done", async () => {
    const fut = oneLoop.createFuture<number>();
    function* create() {
      // The indirection fut -> childCoro keeps the gather from finishing with fut.
      function* childCoro() {
        return yield* fut;
      }
      const gatherFuture = gather(childCoro());
      return [ensureFuture(gatherFuture)];
    }
    const [gatherTask] = await oneLoop.runUntilComplete(create());

    let cancelResult: boolean | undefined;
    fut.addDoneCallback(() => {
      cancelResult = gatherTask.cancel();
    });
    fut.setResult(42); // calls the callback after fut is done()

    await oneLoop.runUntilComplete(gatherTask);
    // Python issue #26923: asyncio.gather drops cancellation
    expect(cancelResult).toBe(false);
    expect(gatherTask.cancelled()).toBe(false);
    expect(gatherTask.result()).toEqual([42]);
  });

  test("cancelling the gather itself fails it with CancelledError even with returnExceptions", async () => {
    const events: string[] = [];
    function* child(name: string, delay: number) {
      try {
        yield* sleep(delay);
        events.push(`${name} done`);
        return name;
      } catch (e) {
        events.push(`${name} ${(e as Error).name}`);
        throw e;
      }
    }
    function* main() {
      const g = gather(child("a", 1), child("b", 5), { returnExceptions: true });
      oneLoop.callLater(2, () => g.cancel("enough"));
      try {
        yield* g;
      } catch (e) {
        events.push(`main ${(e as Error).name}('${(e as Error).message}')`);
      }
    }
    await oneLoop.runUntilComplete(main());
    expect(events).toEqual(["a done", "b CancelledError", "main CancelledError('enough')"]);
    expect(oneLoop.time()).toBe(2);
  });

  test("the first exception fails the gather at once; the other children keep running", async () => {
    const events: string[] = [];
    function* ok(delay: number) {
      yield* sleep(delay);
      events.push(`ok ${delay} at ${oneLoop.time()}`);
      return delay;
    }
    function* bad(): Coroutine<number> {
      yield* sleep(1);
      throw new ValueError("bad");
    }
    const slow = ensureFuture(ok(3), { loop: oneLoop });
    function* main() {
      try {
        yield* gather(ok(0.5), bad(), slow);
      } catch (e) {
        events.push(`main caught ${(e as Error).message} at ${oneLoop.time()}`);
      }
      yield* slow;
    }
    await oneLoop.runUntilComplete(main());
    expect(events).toEqual(["ok 0.5 at 0.5", "main caught bad at 1", "ok 3 at 3"]);
  });
});

describe("gatherAll (the iterable form)", () => {
  test("takes an array or any iterable and keeps iteration order", async () => {
    function* job(n: number) {
      yield* sleep(n / 10);
      return n * n;
    }
    function* jobs() {
      for (const n of [3, 1, 2]) yield job(n);
    }
    expect(await oneLoop.runUntilComplete(gatherAll(jobs()))).toEqual([9, 1, 4]);
    expect(await oneLoop.runUntilComplete(gatherAll([job(2), job(1)]))).toEqual([4, 1]);
    expect(await oneLoop.runUntilComplete(gatherAll([]))).toEqual([]);
  });

  test("returnExceptions and a future given twice", async () => {
    const f = oneLoop.createFuture<number>();
    oneLoop.callSoon(() => f.setResult(7));
    function* fails(): Coroutine<number> {
      throw new ValueError("no");
    }
    const res = await oneLoop.runUntilComplete(
      gatherAll([f, fails(), f], { returnExceptions: true }),
    );
    expect(res[0]).toBe(7);
    expect(res[1]).toBeInstanceOf(ValueError);
    expect(res[2]).toBe(7);
  });

  test("a future given again after it finished while the iterable ran counts once", async () => {
    // gatherAll keys futures without a Map while it can (see gatherImpl): a future that was
    // pending when first seen and is done when seen again must still be a repeat.
    const f = oneLoop.createFuture<number>();
    const d = oneLoop.createFuture<number>();
    d.setResult(2);
    function* args() {
      yield f;
      f.setException(new ValueError("late"));
      yield f;
      yield d;
      yield f;
      yield d;
    }
    function* make() {
      const g = gatherAll(args());
      // Counted twice, f's first sight would have looked done with its exception at once.
      expect(g.done()).toBe(false);
      return [g] as [GatheringFuture<number[]>];
    }
    const [g] = await oneLoop.runUntilComplete(make());
    const exc = await rejection(oneLoop.runUntilComplete(g));
    expect((exc as Error).message).toBe("late");

    const h = oneLoop.createFuture<number>();
    function* args2() {
      yield h;
      h.setResult(1);
      yield h;
      yield h;
    }
    expect(await oneLoop.runUntilComplete(gatherAll(args2()))).toEqual([1, 1, 1]);
  });

  test("a hundred thousand awaitables, more than a spread call can take", async () => {
    const n = 100_000;
    function* one(i: number) {
      return i;
    }
    const coros = new Array<Coroutine<number>>(n);
    for (let i = 0; i < n; i++) coros[i] = one(i);
    const res = await oneLoop.runUntilComplete(gatherAll(coros));
    expect(res.length).toBe(n);
    expect(res[n - 1]).toBe(n - 1);
  });

  test("anything not iterable is a TypeError that says what to pass", () => {
    expect(() => gatherAll(5 as never)).toThrow(
      "gatherAll() needs an array or iterable of awaitables",
    );
  });
});

describe("typed results", () => {
  test("gather returns a typed tuple", async () => {
    function* num(): Coroutine<number> {
      return 1;
    }
    function* str(): Coroutine<string> {
      return "s";
    }
    const f = oneLoop.createFuture<boolean>();
    f.setResult(true);
    const g = gather(num(), str(), f);
    expectTypeOf(g).toEqualTypeOf<GatheringFuture<[number, string, boolean]>>();
    const h = gather(num(), str(), { returnExceptions: true });
    expectTypeOf(h).toEqualTypeOf<GatheringFuture<[number | Error, string | Error]>>();
    expect(await oneLoop.runUntilComplete(g)).toEqual([1, "s", true]);
    expect(await oneLoop.runUntilComplete(h)).toEqual([1, "s"]);
  });
});
