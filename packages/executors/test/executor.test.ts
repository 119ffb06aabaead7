// Ports of CPython's executor.py (ExecutorTest), test_shutdown.py and test_init.py, on both pools.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  BrokenExecutor,
  LOGGER,
  type ProcessPoolExecutor,
  RuntimeError,
  type ThreadPoolExecutor,
  TimeoutError,
  ValueError,
} from "../src/index.js";
import { collect, work } from "./helpers.js";
import { type Kind, processKind, threadKind } from "./kinds.js";

const pow = work<(x: number, y: number) => number>("pow");
const divmod = work<(a: number, b: number) => [number, number]>("divmod");
const mul = work<(x: number, y: number) => number>("mul");

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

  describe("ExecutorTest", () => {
    it("submit", async () => {
      expect(await executor.submit(pow, 2, 8)).toBe(256);
      expect(await executor.submit((x: number, y: number) => x ** y, 2, 8)).toBe(256);
    });

    it("map", async () => {
      const range = [...Array(10).keys()];
      const expected = range.map((i) => i ** i);
      expect(await collect(executor.map(pow, range, range))).toEqual(expected);
      expect(await collect(executor.map(pow, range, range, { chunksize: 3 }))).toEqual(expected);
    });

    it("map stops at the shortest iterable", async () => {
      expect(await collect(executor.map(mul, [1, 2, 3], [10, 20]))).toEqual([10, 40]);
    });

    it("map exception", async () => {
      const it = executor.map(divmod, [1, 1, 1, 1], [2, 3, 0, 5]);
      expect((await it.next()).value).toEqual([0, 1]);
      expect((await it.next()).value).toEqual([0, 1]);
      await expect(it.next()).rejects.toThrow("integer division or modulo by zero");
    });

    it("map timeout", async () => {
      await collect(executor.map(kind.waitTask, [kind.gate(true)], [null])); // a worker is up
      const results: unknown[] = [];
      await expect(async () => {
        const gates = [kind.gate(true), kind.gate(true), kind.gate(false)];
        for await (const r of executor.map(kind.waitTask, gates, [null, null, 6], {
          timeout: 1.5,
        })) {
          results.push(r);
        }
      }).rejects.toBeInstanceOf(TimeoutError);
      expect(results).toEqual([null, null]);
    });

    it("map with a builtin function, as Python's map(abs, ...)", async () => {
      expect(await collect(executor.map(Math.abs, [-1, 2, -3]))).toEqual([1, 2, 3]);
      expect(await collect(executor.map(String, [1, 2n]))).toEqual(["1", "2"]);
    });

    it("map submits without iteration (test_map_submits_without_iteration)", async () => {
      const range = [...Array(10).keys()];
      void executor.map(mul, range, range);
      await executor.shutdown({ wait: true });
      expect(executor.workerCount).toBe(0);
    });

    it("shutdown while map results are pending (issue12456)", async () => {
      const it = executor.map(String, Array(6).fill(2));
      await executor.shutdown();
      expect(await collect(it)).toEqual(Array(6).fill("2"));
    });

    it("max_workers must be greater than 0", () => {
      for (const maxWorkers of [0, -1]) {
        expect(() => kind.make({ maxWorkers })).toThrow(
          new ValueError("max_workers must be greater than 0"),
        );
      }
    });

    it("chunksize must be >= 1", () => {
      expect(() => executor.map(pow, [1], [1], { chunksize: 0 })).toThrow(ValueError);
    });
  });

  describe("ExecutorShutdownTest", () => {
    it("run after shutdown", async () => {
      await executor.shutdown();
      expect(() => executor.submit(pow, 2, 5)).toThrow(
        new RuntimeError("cannot schedule new futures after shutdown"),
      );
    });

    it("shutdown waits for the calls already submitted (test_hang_issue12364)", async () => {
      const fs = Array.from({ length: 20 }, (_, i) => executor.submit(mul, i, 2));
      await executor.shutdown();
      expect(fs.map((f) => f.result())).toEqual(Array.from({ length: 20 }, (_, i) => i * 2));
      expect(executor.workerCount).toBe(0);
    });

    it("cancel futures", async () => {
      const fs = [kind.blocked(executor, 0)];
      for (let i = 0; i < 50; i++) fs.push(kind.blocked(executor, i));
      while (!fs[0]?.running()) await new Promise((r) => setTimeout(r, 2));
      const done = executor.shutdown({ cancelFutures: true });
      kind.release();
      await done;
      const cancelled = fs.filter((f) => f.cancelled());
      expect(cancelled.length).toBeGreaterThan(20);
      const others = fs.filter((f) => !f.cancelled());
      expect(others.length).toBeGreaterThan(0);
      for (const f of others) {
        expect(f.done()).toBe(true);
        expect(f.exception()).toBeUndefined();
      }
      // unlike Python, the cancelled futures were also notified: wait() on them returns
      for (const f of cancelled) expect(f.state).toBe("CANCELLED_AND_NOTIFIED");
    });

    it("a call cancelled right before shutdown does not hang it (test_hang_gh94440)", async () => {
      const pool = kind.make({ maxWorkers: 1 });
      await pool.submit(mul, 1, 1);
      pool.submit(mul, 1, 1).cancel();
      await pool.shutdown({ wait: true });
      expect(pool.workerCount).toBe(0);
    });

    it("shutdown without waiting still runs what was submitted", async () => {
      const pool = kind.make();
      const results = pool.map(Math.abs, [-5, -4, -3, -2, -1, 0, 1, 2, 3, 4]);
      await pool.shutdown({ wait: false });
      expect(await collect(results)).toEqual([5, 4, 3, 2, 1, 0, 1, 2, 3, 4]);
      await pool.shutdown();
    });

    it("await using shuts down (test_context_manager_shutdown)", async () => {
      let pool: ThreadPoolExecutor | ProcessPoolExecutor;
      {
        await using e = kind.make();
        pool = e;
        expect(await collect(e.map(Math.abs, [-5, -4, -3, -2, -1, 0, 1, 2, 3, 4]))).toEqual([
          5, 4, 3, 2, 1, 0, 1, 2, 3, 4,
        ]);
      }
      expect(pool.workerCount).toBe(0);
      expect(() => pool.submit(mul, 1, 1)).toThrow(RuntimeError);
    });

    it("shutdown is safe to call several times", async () => {
      await Promise.all([
        executor.shutdown(),
        executor.shutdown({ wait: false }),
        executor.shutdown(),
      ]);
    });
  });

  describe("initializer", () => {
    it("runs in every worker before its calls", async () => {
      const pool = kind.make({
        maxWorkers: 2,
        initializer: work("init"),
        initargs: ["initialized"],
      });
      const fs = [0, 1].map(() => pool.submit(work<() => string>("getInitStatus")));
      for (const f of fs) expect(await f).toBe("initialized");
      await pool.shutdown();
    });

    it("a self-contained function works as initializer", async () => {
      const pool = kind.make({
        maxWorkers: 2,
        initializer: (s: string) => {
          (globalThis as { INITIALIZER_STATUS?: string }).INITIALIZER_STATUS = s;
        },
        initargs: ["from source"],
      });
      expect(await pool.submit(work<() => string>("getInitStatus"))).toBe("from source");
      await pool.shutdown();
    });

    it("a failing initializer breaks the pool (FailingInitializerMixin)", async () => {
      const logged: string[] = [];
      const saved = LOGGER.critical;
      LOGGER.critical = (message, error) => logged.push(`${message} ${String(error)}`);
      try {
        const pool = kind.make({ maxWorkers: 2, initializer: work("initFail") });
        const future = pool.submit(work("getInitStatus"));
        await expect(future).rejects.toBeInstanceOf(BrokenExecutor);
        expect(pool.broken).toBe(true);
        expect(() => pool.submit(work("getInitStatus"))).toThrow(BrokenExecutor);
        expect(logged.some((line) => line.includes("Error: error in initializer"))).toBe(true);
        await pool.shutdown();
      } finally {
        LOGGER.critical = saved;
      }
    });
  });
});
