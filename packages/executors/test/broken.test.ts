// Worker deaths break the pool (CPython's test_deadlock.py, in spirit): every pending future
// fails with BrokenThreadPool / BrokenProcessPool, new submits fail, nothing hangs.
import { describe, expect, it } from "vitest";
import {
  BrokenExecutor,
  BrokenProcessPool,
  BrokenThreadPool,
  ProcessPoolExecutor,
  ThreadPoolExecutor,
} from "../src/index.js";
import { latch, work } from "./helpers.js";

const exit = work<(code: number) => never>("exit");
const waitLatch = work<(l: Int32Array, v: number) => number>("waitLatch");

describe("a worker thread that dies breaks the pool", () => {
  it("process.exit in a call", async () => {
    const pool = new ThreadPoolExecutor({ maxWorkers: 2 });
    const l = latch();
    const blocked = pool.submit(waitLatch, l.cells, 1);
    const dying = pool.submit(exit, 3);
    const others = [
      blocked,
      ...Array.from({ length: 5 }, () => pool.submit(waitLatch, l.cells, 1)),
    ];
    for (const f of [dying, ...others]) await expect(f).rejects.toBeInstanceOf(BrokenThreadPool);
    await expect(dying).rejects.toThrow(/exited unexpectedly \(exit code 3\)/);
    expect(pool.broken).toBe(true);
    expect(() => pool.submit(waitLatch, l.cells, 1)).toThrow(BrokenThreadPool);
    await pool.shutdown();
    expect(pool.workerCount).toBe(0);
  });

  it("an uncaught error outside any call", async () => {
    const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    expect(await pool.submit(work("crashLater"))).toBe("returned");
    while (!pool.broken) await new Promise((r) => setTimeout(r, 2));
    let err: unknown;
    try {
      pool.submit(waitLatch, latch().cells, 1);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BrokenThreadPool);
    expect(((err as Error).cause as Error).message).toBe("uncaught, outside any call");
    await pool.shutdown();
  });

  it("out of memory (resourceLimits)", async () => {
    const pool = new ThreadPoolExecutor({
      maxWorkers: 1,
      resourceLimits: { maxOldGenerationSizeMb: 32 },
    });
    const err = await pool.submit(work("allocateForever")).exceptionAsync();
    expect(err).toBeInstanceOf(BrokenThreadPool);
    expect(((err as Error).cause as { code?: string }).code).toBe("ERR_WORKER_OUT_OF_MEMORY");
    await pool.shutdown();
  });
});

describe("a child process that dies breaks the pool", () => {
  it("process.exit in a call", async () => {
    const pool = new ProcessPoolExecutor({ maxWorkers: 2 });
    const dying = pool.submit(exit, 1);
    const other = pool.submit(work("waitFile"), "/nonexistent/never", 1);
    await expect(dying).rejects.toBeInstanceOf(BrokenProcessPool);
    await expect(other).rejects.toBeInstanceOf(BrokenProcessPool);
    expect(() => pool.submit(exit, 1)).toThrow(BrokenExecutor);
    await pool.shutdown();
  });

  it("a crash (SIGSEGV-like: process.abort)", async () => {
    const pool = new ProcessPoolExecutor({ maxWorkers: 1 });
    const f = pool.submit(() => process.kill(process.pid, "SIGSEGV"));
    await expect(f).rejects.toThrow(/killed by SIGSEGV/);
    await pool.shutdown();
  });

  it("map raises BrokenProcessPool and does not hang", async () => {
    const pool = new ProcessPoolExecutor({ maxWorkers: 2 });
    const results = pool.map(work<(c: number) => number>("exit"), [0, 0, 0, 0]);
    await expect(async () => {
      for await (const _ of results) {
        // nothing arrives
      }
    }).rejects.toBeInstanceOf(BrokenProcessPool);
    await pool.shutdown();
  });
});
