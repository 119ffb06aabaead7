import {
  Future as ConcurrentFuture,
  ProcessPoolExecutor,
  ThreadPoolExecutor,
} from "@tsio/executors";
import { CancelledError, RuntimeError } from "@tsio/future";
import {
  type EventLoop,
  getRunningLoop,
  newEventLoop,
  run,
  runCoroutineThreadsafe,
  toThread,
  wrapFuture,
} from "@tsio/loop";
import { gather, sleep } from "@tsio/task";
import { describe, expect, test } from "vitest";

function blockingIo(): Buffer {
  // Seed 001's blocking_io: file operations block the thread that runs them.
  const fs = require("node:fs");
  const fd = fs.openSync("/dev/urandom", "r");
  try {
    const buf = Buffer.alloc(100);
    fs.readSync(fd, buf, 0, 100, null);
    return buf;
  } finally {
    fs.closeSync(fd);
  }
}

function cpuBound(): bigint {
  // Seed 001's cpu_bound: sum(i * i for i in range(10 ** 7)), past 2**53: BigInt.
  let sum = 0n;
  for (let i = 0n; i < 10_000_000n; i++) sum += i * i;
  return sum;
}

describe("runInExecutor (seed 001-run-in-executor)", () => {
  test("default thread pool, a custom thread pool and a process pool", async () => {
    function* main() {
      const loop = getRunningLoop() as EventLoop;
      const r1 = yield* loop.runInExecutor(null, blockingIo);
      const pool = new ThreadPoolExecutor();
      const r2 = yield* loop.runInExecutor(pool, blockingIo);
      yield* wrapFuture(pool.submit(() => 0));
      const procs = new ProcessPoolExecutor({ maxWorkers: 1 });
      const r3 = yield* loop.runInExecutor(procs, cpuBound);
      yield* loop.runInExecutor(null, () => 1);
      yield* sleep(0);
      void pool.shutdown();
      void procs.shutdown();
      return [r1.length, r2.length, r3] as const;
    }
    const [a, b, c] = await run(main());
    expect(a).toBe(100);
    expect(b).toBe(100);
    expect(c).toBe(333333283333335000000n);
  });

  test("toThread runs in the default executor, arguments and results cross", async () => {
    function* main() {
      const [x, y] = yield* gather(
        toThread((a: number, b: number) => a * b, 6, 7),
        toThread((s: string) => s.toUpperCase(), "tsio"),
      );
      return `${x} ${y}`;
    }
    expect(await run(main())).toBe("42 TSIO");
  });

  test("an exception in the worker fails the asyncio future", async () => {
    function* main() {
      try {
        yield* toThread(() => {
          throw new RangeError("from the worker");
        });
        return "no error";
      } catch (e) {
        return `${(e as Error).name}: ${(e as Error).message}`;
      }
    }
    expect(await run(main())).toBe("RangeError: from the worker");
  });

  test("cancelling the asyncio side cancels a call that has not started", async () => {
    const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    let queued: ConcurrentFuture<unknown> | undefined;
    function* main() {
      const loop = getRunningLoop() as EventLoop;
      const first = loop.runInExecutor(
        pool,
        (ms: number) => {
          const end = Date.now() + ms;
          while (Date.now() < end);
          return "first";
        },
        200,
      );
      queued = pool.submit(() => "never");
      const second = wrapFuture(queued);
      second.cancel();
      yield* sleep(0);
      const r = yield* first;
      return [r, second.cancelled()] as const;
    }
    expect(await run(main())).toEqual(["first", true]);
    expect(queued?.cancelled()).toBe(true);
    await pool.shutdown();
  });

  test("after the default executor is shut down, runInExecutor(null) says so", async () => {
    const loop = newEventLoop();
    await loop.runUntilComplete(loop.shutdownDefaultExecutor());
    expect(() => loop.runInExecutor(null, () => 1)).toThrow(RuntimeError);
    expect(() => loop.runInExecutor(null, () => 1)).toThrow(/Executor shutdown has been called/);
    loop.close();
  });

  test("setDefaultExecutor takes a ThreadPoolExecutor only", () => {
    const loop = newEventLoop();
    expect(() => loop.setDefaultExecutor({} as never)).toThrow(TypeError);
    loop.close();
  });
});

describe("runCoroutineThreadsafe", () => {
  test("submits a coroutine from a Node callback and returns a concurrent future", async () => {
    const loop = newEventLoop();
    function* add(a: number, b: number) {
      yield* sleep(0.01);
      return a + b;
    }
    let cf: ConcurrentFuture<number> | undefined;
    function* main() {
      setTimeout(() => {
        cf = runCoroutineThreadsafe(add(2, 3), loop);
      }, 1);
      while (cf === undefined || !cf.done()) yield* sleep(0.005);
      return cf.result();
    }
    expect(await loop.runUntilComplete(main())).toBe(5);
    loop.close();
  });

  test("cancelling the concurrent future cancels the task", async () => {
    const loop = newEventLoop();
    let cleanedUp = false;
    function* forever() {
      try {
        yield* sleep(3600);
      } finally {
        cleanedUp = true;
      }
    }
    function* main() {
      const cf = runCoroutineThreadsafe(forever(), loop);
      yield* sleep(0.01);
      cf.cancel();
      yield* sleep(0.01);
      return cf.cancelled();
    }
    expect(await loop.runUntilComplete(main())).toBe(true);
    expect(cleanedUp).toBe(true);
    loop.close();
  });

  test("a non-coroutine is a TypeError", () => {
    const loop = newEventLoop();
    expect(() => runCoroutineThreadsafe((() => 1) as never, loop)).toThrow(TypeError);
    loop.close();
  });

  test("wrapFuture returns an asyncio future as is, refuses other values", async () => {
    function* main() {
      const f = getRunningLoop().createFuture<number>();
      expect(wrapFuture(f)).toBe(f);
      expect(() => wrapFuture(42 as never)).toThrow(TypeError);
      try {
        const cf = new ConcurrentFuture<number>();
        const af = wrapFuture(cf);
        cf.cancel();
        yield* af;
      } catch (e) {
        return e instanceof CancelledError;
      }
      return false;
    }
    expect(await run(main())).toBe(true);
  });
});
