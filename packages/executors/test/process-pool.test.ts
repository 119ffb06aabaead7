// Port of CPython's test_process_pool.py (the cases that apply to child processes).
import { describe, expect, it } from "vitest";
import { BrokenProcessPool, ProcessPoolExecutor, ValueError } from "../src/index.js";
import { collect, work } from "./helpers.js";

const pow = work<(x: number, y: number) => number>("pow");
const mul = work<(x: number, y: number) => number>("mul");
const getpid = work<() => number>("getpid");

describe("ProcessPoolExecutor", () => {
  it("killed child: the pool is broken, submitting fails too (test_killed_child)", async () => {
    const executor = new ProcessPoolExecutor({ maxWorkers: 2 });
    const pid = await executor.submit(getpid);
    const l = executor.submit(
      work<(p: string, v: number) => number>("waitFile"),
      "/nonexistent/never",
      0,
    );
    await new Promise((r) => setTimeout(r, 20));
    process.kill(pid, "SIGKILL");
    await expect(l).rejects.toBeInstanceOf(BrokenProcessPool);
    await expect(l).rejects.toThrow(/terminated abruptly \(killed by SIGKILL\)/);
    expect(() => executor.submit(pow, 2, 8)).toThrow(BrokenProcessPool);
    await executor.shutdown();
  });

  it("map chunksize", async () => {
    await using executor = new ProcessPoolExecutor({ maxWorkers: 2 });
    const range = [...Array(40).keys()];
    const ref = range.map((i) => i ** i);
    for (const chunksize of [6, 50, 40]) {
      expect(await collect(executor.map(pow, range, range, { chunksize }))).toEqual(ref);
    }
    expect(() => executor.map(pow, range, range, { chunksize: -1 })).toThrow(ValueError);
  });

  it("traceback: the error keeps its class, message, properties and the child's stack", async () => {
    await using executor = new ProcessPoolExecutor({ maxWorkers: 1 });
    const err = await executor.submit(work("raiseRuntimeError")).exceptionAsync();
    expect(err).toBeInstanceOf(TypeError);
    expect((err as Error).message).toBe("123");
    expect((err as Error).stack).toContain("fixtures/work.js");
    const zero = (await executor.submit(work("divmod"), 1, 0).exceptionAsync()) as RangeError & {
      code: string;
    };
    expect(zero).toBeInstanceOf(RangeError);
    expect(zero.code).toBe("ZERO_DIVISION");
  });

  it("idle process reuse, one", async () => {
    await using executor = new ProcessPoolExecutor({ maxWorkers: 4 });
    expect(await executor.submit(mul, 21, 2)).toBe(42);
    expect(await executor.submit(mul, 6, 7)).toBe(42);
    expect(await executor.submit(mul, 3, 14)).toBe(42);
    expect(executor.workerCount).toBe(1);
  });

  it("idle process reuse, multiple", async () => {
    await using executor = new ProcessPoolExecutor({ maxWorkers: 5 });
    await executor.submit(mul, 12, 7);
    executor.submit(mul, 33, 25);
    await executor.submit(mul, 25, 26);
    executor.submit(mul, 18, 29);
    await executor.submit(mul, 1, 2);
    executor.submit(mul, 0, 9);
    expect(executor.workerCount).toBeLessThanOrEqual(3);
  });

  it("max tasks per child", async () => {
    const executor = new ProcessPoolExecutor({ maxWorkers: 1, maxTasksPerChild: 3 });
    const originalPid = await executor.submit(getpid);
    expect(await executor.submit(getpid)).toBe(originalPid);
    expect(executor.workerCount).toBe(1);
    expect(await executor.submit(getpid)).toBe(originalPid);
    const newPid = await executor.submit(getpid);
    expect(newPid).not.toBe(originalPid);
    expect(executor.workerCount).toBe(1);
    await executor.shutdown();
    expect(() => new ProcessPoolExecutor({ maxTasksPerChild: 0 })).toThrow(ValueError);
  });

  it("max tasks early shutdown", async () => {
    const executor = new ProcessPoolExecutor({ maxWorkers: 3, maxTasksPerChild: 1 });
    const futures = Array.from({ length: 6 }, (_, i) => executor.submit(mul, i, i));
    await executor.shutdown();
    for (const [i, f] of futures.entries()) expect(f.result()).toBe(i * i);
  });

  it("BigInt, Map, Set, Date and typed arrays cross (advanced serialization)", async () => {
    await using executor = new ProcessPoolExecutor({ maxWorkers: 1 });
    const value = {
      n: 10n ** 30n,
      m: new Map([[1, "a"]]),
      s: new Set([1]),
      d: new Date(0),
      b: new Uint8Array([1, 2]),
    };
    expect(await executor.submit((v: typeof value) => v, value)).toEqual(value);
  });
});
