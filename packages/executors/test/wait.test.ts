// Ports of CPython's test_wait.py and test_as_completed.py, on both pools.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ALL_COMPLETED,
  asCompleted,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  Future,
  type ProcessPoolExecutor,
  type ThreadPoolExecutor,
  TimeoutError,
  ValueError,
  wait,
} from "../src/index.js";
import {
  CANCELLED_AND_NOTIFIED_FUTURE,
  CANCELLED_FUTURE,
  collect,
  EXCEPTION_FUTURE,
  latch,
  PENDING_FUTURE,
  RUNNING_FUTURE,
  SUCCESSFUL_FUTURE,
  work,
} from "./helpers.js";
import { type Kind, processKind, threadKind } from "./kinds.js";

const mul = work<(x: number, y: number) => number>("mul");
const divmod = work<(a: number, b: number) => [number, number]>("divmod");
const raiseNow = work<() => never>("raiseRuntimeError");

describe.each([threadKind, processKind])("%o", (makeKind) => {
  let kind: Kind;
  let executor: ThreadPoolExecutor | ProcessPoolExecutor;
  beforeEach(() => {
    kind = makeKind();
    executor = kind.make();
  });
  afterEach(async () => {
    kind.cleanup();
    await executor.shutdown({ wait: true });
  });

  describe("wait", () => {
    it("a future given twice is returned once (test_20369)", async () => {
      const future = kind.blocked(executor, 1);
      setTimeout(() => kind.release(), 1);
      const { done, notDone } = await wait([future, future], { returnWhen: ALL_COMPLETED });
      expect(done).toEqual(new Set([future]));
      expect(notDone).toEqual(new Set());
    });

    it("first completed", async () => {
      const cancelled = CANCELLED_FUTURE();
      const future1 = executor.submit(mul, 21, 2);
      const future2 = kind.blocked(executor, 0);
      const { done, notDone } = await wait([cancelled, future1, future2], {
        returnWhen: FIRST_COMPLETED,
      });
      expect(done).toEqual(new Set([future1]));
      expect(notDone).toEqual(new Set([cancelled, future2]));
    });

    it("first completed, some already completed", async () => {
      const a = CANCELLED_AND_NOTIFIED_FUTURE();
      const b = SUCCESSFUL_FUTURE();
      const future1 = kind.blocked(executor, 0);
      const { done, notDone } = await wait([a, b, future1], { returnWhen: FIRST_COMPLETED });
      expect(done).toEqual(new Set([a, b]));
      expect(notDone).toEqual(new Set([future1]));
    });

    it("first exception", async () => {
      const future1 = executor.submit(mul, 2, 21);
      await future1;
      const future3 = kind.blocked(executor, 0);
      const future2 = executor.submit(raiseNow);
      const { done, notDone } = await wait([future1, future2, future3], {
        returnWhen: FIRST_EXCEPTION,
      });
      expect(done).toEqual(new Set([future1, future2]));
      expect(notDone).toEqual(new Set([future3]));
    });

    it("first exception, some already complete", async () => {
      const ok = SUCCESSFUL_FUTURE();
      const cancelled = CANCELLED_FUTURE();
      const notified = CANCELLED_AND_NOTIFIED_FUTURE();
      const future1 = executor.submit(divmod, 21, 0);
      const future2 = kind.blocked(executor, 0);
      const { done, notDone } = await wait([ok, cancelled, notified, future1, future2], {
        returnWhen: FIRST_EXCEPTION,
      });
      expect(done).toEqual(new Set([ok, notified, future1]));
      expect(notDone).toEqual(new Set([cancelled, future2]));
    });

    it("first exception, one already failed", async () => {
      const failed = EXCEPTION_FUTURE();
      const future1 = kind.blocked(executor, 0);
      const { done, notDone } = await wait([failed, future1], { returnWhen: FIRST_EXCEPTION });
      expect(done).toEqual(new Set([failed]));
      expect(notDone).toEqual(new Set([future1]));
    });

    it("all completed", async () => {
      const ok = SUCCESSFUL_FUTURE();
      const notified = CANCELLED_AND_NOTIFIED_FUTURE();
      const failed = EXCEPTION_FUTURE();
      const future1 = executor.submit(divmod, 2, 0);
      const future2 = executor.submit(mul, 2, 21);
      const { done, notDone } = await wait([ok, notified, failed, future1, future2]);
      expect(done).toEqual(new Set([ok, notified, failed, future1, future2]));
      expect(notDone).toEqual(new Set());
    });

    it("timeout", async () => {
      const notified = CANCELLED_AND_NOTIFIED_FUTURE();
      const failed = EXCEPTION_FUTURE();
      const ok = SUCCESSFUL_FUTURE();
      const future = kind.blocked(executor, 0);
      const { done, notDone } = await wait([notified, failed, ok, future], {
        timeout: 0.05,
        returnWhen: ALL_COMPLETED,
      });
      expect(done).toEqual(new Set([notified, failed, ok]));
      expect(notDone).toEqual(new Set([future]));
    });
  });

  describe("asCompleted", () => {
    it("no timeout", async () => {
      const future1 = executor.submit(mul, 2, 21);
      const future2 = executor.submit(mul, 7, 6);
      const all = [
        CANCELLED_AND_NOTIFIED_FUTURE(),
        EXCEPTION_FUTURE(),
        SUCCESSFUL_FUTURE(),
        future1,
        future2,
      ];
      const completed = new Set();
      for await (const f of asCompleted(all)) completed.add(f);
      expect(completed).toEqual(new Set(all));
    });

    it.each([0, 0.1])("a future times out (timeout %s)", async (timeout) => {
      const alreadyCompleted = new Set<Future<unknown>>([
        CANCELLED_AND_NOTIFIED_FUTURE(),
        EXCEPTION_FUTURE(),
        SUCCESSFUL_FUTURE(),
      ]);
      const future = kind.blocked(executor, 0);
      const completed = new Set();
      await expect(async () => {
        for await (const f of asCompleted([...alreadyCompleted, future], { timeout }))
          completed.add(f);
      }).rejects.toBeInstanceOf(TimeoutError);
      expect(completed).toEqual(alreadyCompleted);
    });

    it("duplicate futures are yielded once", async () => {
      const future1 = kind.blocked(executor, 1);
      setTimeout(() => kind.release(), 1);
      const completed = [];
      for await (const f of asCompleted([future1, future1, future1])) completed.push(f);
      expect(completed).toHaveLength(1);
    });
  });
});

describe("asCompleted (no executor)", () => {
  it("the timeout message counts the unfinished futures", async () => {
    const fs = [
      CANCELLED_AND_NOTIFIED_FUTURE(),
      PENDING_FUTURE(),
      RUNNING_FUTURE(),
      SUCCESSFUL_FUTURE(),
    ];
    const it = asCompleted(fs, { timeout: 0 });
    await it.next();
    await it.next();
    await expect(it.next()).rejects.toThrow(new TimeoutError("2 (of 4) futures unfinished"));
  });

  it("yields in completion order, those already done first", async () => {
    const a = new Future<string>();
    const b = new Future<string>();
    const c = new Future<string>();
    c.setResult("c");
    const it = asCompleted([a, b, c]);
    setTimeout(() => {
      b.setResult("b");
      a.setResult("a");
    }, 1);
    const order: string[] = [];
    for await (const f of it) order.push(f.result());
    expect(order).toEqual(["c", "b", "a"]);
  });

  it("survives break: iterating again resumes (DESIGN trap)", async () => {
    const fs = [0, 1, 2].map(() => new Future<number>());
    const it = asCompleted(fs);
    fs[0]?.setResult(0);
    for await (const f of it) {
      expect(f.result()).toBe(0);
      break;
    }
    fs[2]?.setResult(2);
    fs[1]?.setResult(1);
    const rest = await collect(it);
    expect(rest.map((f) => f.result())).toEqual([2, 1]);
  });

  it("close() stops listening", async () => {
    const f = new Future();
    const it = asCompleted([f]);
    it.close();
    expect(await it.next()).toEqual({ value: undefined, done: true });
    expect(f._waiters).toEqual([]);
  });

  it("a cancelled future counts once its executor notices it", async () => {
    const f = new Future();
    const it = asCompleted([f]);
    f.cancel();
    setTimeout(() => f.setRunningOrNotifyCancel(), 1);
    const { value } = await it.next();
    expect(value).toBe(f);
  });

  it("wait rejects a bad returnWhen", () => {
    expect(() => wait([], { returnWhen: "SOMETIMES" as never })).toThrow(ValueError);
  });

  it("many futures waiting on one event (test_pending_calls_race)", async () => {
    const { ThreadPoolExecutor } = await import("../src/index.js");
    await using pool = new ThreadPoolExecutor({ maxWorkers: 4 });
    const l = latch();
    const fs = new Set(
      Array.from({ length: 100 }, () => pool.submit(work("waitLatch"), l.cells, 1)),
    );
    l.open();
    const { done } = await wait(fs, { returnWhen: ALL_COMPLETED });
    expect(done.size).toBe(100);
  });
});
