// Port of CPython's test_thread_pool.py and the thread parts of test_shutdown.py, plus what is
// particular to worker threads: calls posted ahead stay cancellable, idle workers take back calls
// queued behind a long one.
import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { ThreadPoolExecutor, TimeoutError } from "../src/index.js";
import { collect, latch, startedCount, work } from "./helpers.js";

const mul = work<(x: number, y: number) => number>("mul");
const waitLatch = work<(l: Int32Array, v: number) => number>("waitLatch");
const startThenWait = work<(s: Int32Array, l: Int32Array, v: string) => string>("startThenWait");
const threadName = work<() => string>("threadName");

describe("ThreadPoolExecutor", () => {
  it("default workers: Python's min(32, cpus + 4)", async () => {
    const executor = new ThreadPoolExecutor();
    expect(executor.maxWorkers).toBe(Math.min(32, availableParallelism() + 4));
    await executor.shutdown();
  });

  it("saturation: starts maxWorkers threads, no more", async () => {
    await using executor = new ThreadPoolExecutor({ maxWorkers: 4 });
    const l = latch();
    const fs = Array.from({ length: 15 * 4 }, () => executor.submit(waitLatch, l.cells, 1));
    await Promise.resolve();
    expect(executor.workerCount).toBe(4);
    l.open();
    await Promise.all(fs);
  });

  it("idle thread reuse", async () => {
    await using executor = new ThreadPoolExecutor();
    expect(await executor.submit(mul, 21, 2)).toBe(42);
    expect(await executor.submit(mul, 6, 7)).toBe(42);
    expect(await executor.submit(mul, 3, 14)).toBe(42);
    expect(executor.workerCount).toBe(1);
  });

  it("thread names assigned / default", async () => {
    await using special = new ThreadPoolExecutor({
      maxWorkers: 5,
      threadNamePrefix: "SpecialPool",
    });
    const l = latch();
    const fs = Array.from({ length: 5 }, () => special.submit(waitLatch, l.cells, 0));
    l.open();
    await Promise.all(fs);
    for (const name of special.workerNames) expect(name).toMatch(/^SpecialPool_[0-4]$/);
    expect(await special.submit(threadName)).toMatch(/^SpecialPool_[0-4]$/);

    await using plain = new ThreadPoolExecutor({ maxWorkers: 5 });
    expect(await plain.submit(threadName)).toMatch(/^ThreadPoolExecutor-\d+_0$/);
  });

  it("map cancels the current and remaining calls on timeout (test_executor_map_current_future_cancel)", async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    const started = new Int32Array(new SharedArrayBuffer(4));
    const stop = latch();
    const first = pool.submit(startThenWait, started, stop.cells, "first");
    await startedCount(started, 1);
    const it = pool.map(
      startThenWait,
      [started, started],
      [stop.cells, stop.cells],
      ["second", "third"],
      {
        timeout: 0,
      },
    );
    await expect(it.next()).rejects.toBeInstanceOf(TimeoutError);
    stop.open();
    expect(await first).toBe("first");
    await pool.shutdown();
    // "second" was cancelled by the timeout, "third" because it remained in the map
    expect(Atomics.load(started, 0)).toBe(1);
  });

  it("a call posted to a busy worker stays PENDING and cancellable until it starts", async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    const started = new Int32Array(new SharedArrayBuffer(4));
    const stop = latch();
    const first = pool.submit(startThenWait, started, stop.cells, "first");
    const second = pool.submit(startThenWait, started, stop.cells, "second");
    await startedCount(started, 1);
    expect(first.running()).toBe(true);
    expect(second.state).toBe("PENDING");
    expect(second.cancel()).toBe(true);
    expect(first.cancel()).toBe(false);
    stop.open();
    expect(await first).toBe("first");
    await pool.shutdown();
    expect(second.state).toBe("CANCELLED_AND_NOTIFIED");
    expect(Atomics.load(started, 0)).toBe(1);
  });

  it("an idle worker takes back calls queued behind a long one", async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 2 });
    const started = new Int32Array(new SharedArrayBuffer(4));
    const long = latch();
    const short = latch();
    const a = pool.submit(startThenWait, started, long.cells, "long");
    const b = pool.submit(startThenWait, started, short.cells, "short");
    const queued = Array.from({ length: 4 }, (_, i) =>
      pool.submit(startThenWait, started, short.cells, `q${i}`),
    );
    await startedCount(started, 2);
    short.open();
    // all four run on the worker that finished "short", while "long" still holds the other
    expect(await Promise.all(queued)).toEqual(["q0", "q1", "q2", "q3"]);
    expect(await b).toBe("short");
    expect(a.running()).toBe(true);
    long.open();
    expect(await a).toBe("long");
  });

  it("many small calls through map with a chunksize", async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 2 });
    const xs = Array.from({ length: 10_000 }, (_, i) => i);
    const out = await collect(pool.map((x: number) => x * 2, xs, { chunksize: 500 }));
    expect(out).toEqual(xs.map((x) => x * 2));
  });

  it("an async function is awaited in the worker", async () => {
    await using pool = new ThreadPoolExecutor({ maxWorkers: 2 });
    expect(
      await pool.submit(
        work<(v: string, s: number) => Promise<string>>("echoLater"),
        "later",
        0.01,
      ),
    ).toBe("later");
    const viaImport = pool.submit(
      async (path: string) => {
        const { readFile } = await import("node:fs/promises");
        return (await readFile(path)).length;
      },
      new URL("./fixtures/work.js", import.meta.url).pathname,
    );
    expect(await viaImport).toBeGreaterThan(100);
  });

  it("idle workers do not keep the process alive", async () => {
    const { execFileSync } = await import("node:child_process");
    const src = new URL("../src/index.ts", import.meta.url).pathname;
    const script = `import { ThreadPoolExecutor } from ${JSON.stringify(src)};
      const pool = new ThreadPoolExecutor({ maxWorkers: 2 });
      console.log(await pool.submit((a, b) => a + b, 1, 2));`;
    const out = execFileSync(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", script],
      {
        encoding: "utf8",
        timeout: 20_000,
      },
    );
    expect(out.trim()).toBe("3");
  });
});
