/**
 * Debug mode and the reports asyncio makes about lost work: slow callbacks, exceptions never
 * retrieved (every mode), tasks destroyed while pending, coroutines never awaited.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import {
  type Coroutine,
  type ExceptionContext,
  type Future,
  getRunningLoop,
  ValueError,
} from "@tsio/future";
import { isCoroutineFunction } from "@tsio/generator-utils";
import {
  coroutine,
  EventLoop,
  type LogRecord,
  logger,
  newEventLoop,
  run,
  TestLoop,
} from "@tsio/loop";
import { createTask, dumpTasks, sleep, type Task } from "@tsio/task";
import { afterEach, describe, expect, test } from "vitest";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** Collects garbage until `done()` or a number of rounds pass (FinalizationRegistry is lazy). */
async function collectUntil(done: () => boolean): Promise<void> {
  for (let i = 0; i < 50 && !done(); i++) {
    gc();
    await new Promise((r) => setImmediate(r));
  }
}

function handlerLog(loop: EventLoop): ExceptionContext[] {
  const seen: ExceptionContext[] = [];
  loop.setExceptionHandler((_l, ctx) => seen.push(ctx));
  return seen;
}

function* fails(): Coroutine<never> {
  yield* sleep(0);
  throw new ValueError("boom");
}

afterEach(() => {
  logger.setHandler(null);
});

describe("debug mode switches", () => {
  test("run(main, { debug: true }) runs main on a loop in debug mode", async () => {
    const seen = await run(
      (function* () {
        return getRunningLoop().getDebug();
      })(),
      { debug: true },
    );
    expect(seen).toBe(true);
  });

  test("TSIO_DEBUG and PYTHONASYNCIODEBUG turn it on for new loops", () => {
    for (const name of ["TSIO_DEBUG", "PYTHONASYNCIODEBUG"]) {
      const before = process.env[name];
      process.env[name] = "1";
      try {
        const loop = new EventLoop();
        expect(loop.getDebug()).toBe(true);
        loop.close();
      } finally {
        if (before === undefined) delete process.env[name];
        else process.env[name] = before;
      }
    }
    expect(newEventLoop().getDebug()).toBe(false);
  });
});

describe("slow callbacks", () => {
  test("are logged through the asyncio logger with the task's repr, as asyncio does", async () => {
    const records: LogRecord[] = [];
    logger.setHandler((r) => records.push(r));
    const loop = new TestLoop({ debug: true });
    loop.slowCallbackDuration = 0; // everything is slow: no dependence on the machine's speed
    function* worker(): Coroutine<void> {
      yield* sleep(1);
    }
    await loop.runUntilComplete(loop.createTask(worker(), { name: "worker" }));
    loop.close();
    const messages = records.map((r) => r.message);
    expect(records.every((r) => r.level === "warning")).toBe(true);
    expect(
      messages.some((m) =>
        /^Executing <Task \w+ name='worker'.*> took \d+\.\d{3} seconds$/.test(m),
      ),
    ).toBe(true);
  });

  test("are not checked outside debug mode", async () => {
    const records: LogRecord[] = [];
    logger.setHandler((r) => records.push(r));
    const loop = new TestLoop();
    loop.slowCallbackDuration = 0;
    await loop.runUntilComplete(sleep(1));
    loop.close();
    expect(records).toEqual([]);
  });
});

describe("Task exception was never retrieved (every mode)", () => {
  test("reported when the loop closes, with the task", async () => {
    const loop = new TestLoop();
    const seen = handlerLog(loop);
    let task: Task<never> | null = null;
    await loop.runUntilComplete(
      (function* () {
        task = createTask(fails(), { name: "forgotten" });
        yield* sleep(1);
      })(),
    );
    expect(seen).toEqual([]);
    loop.close();
    expect(seen).toHaveLength(1);
    expect(seen[0]?.message).toBe("Task exception was never retrieved");
    expect(seen[0]?.exception).toBeInstanceOf(ValueError);
    expect(seen[0]?.future).toBe(task);
  });

  test("not reported when the exception was looked at: await, exception(), result(), cancel()", async () => {
    const loop = new TestLoop();
    const seen = handlerLog(loop);
    await loop.runUntilComplete(
      (function* () {
        const a = createTask(fails());
        const b = createTask(fails());
        const c = createTask(fails());
        const d = createTask(fails());
        yield* sleep(1);
        try {
          yield* a;
        } catch {}
        b.exception();
        try {
          c.result();
        } catch {}
        d.cancel(); // Python: cancel() on a failed task marks its exception retrieved
        const e = createTask(fails());
        yield* sleep(1);
        yield* fromNative(e);
      })(),
    );
    loop.close();
    expect(seen).toEqual([]);
  });

  test("reported when the garbage collector takes the failed task", async () => {
    const loop = new TestLoop();
    const seen = handlerLog(loop);
    await loop.runUntilComplete(
      (function* () {
        createTask(fails(), { name: "collected" });
        yield* sleep(1);
      })(),
    );
    await collectUntil(() => seen.length > 0);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.message).toBe("Task exception was never retrieved");
    expect(seen[0]?.exception).toBeInstanceOf(ValueError);
    expect(String(seen[0]?.futureRepr)).toMatch(
      /^<Task finished name='collected'.*exception=ValueError/,
    );
    loop.close();
    expect(seen).toHaveLength(1); // once
  });

  test("a plain Future too", async () => {
    const loop = new TestLoop();
    const seen = handlerLog(loop);
    loop.createFuture().setException(new ValueError("lost"));
    loop.close();
    expect(seen.map((c) => c.message)).toEqual(["Future exception was never retrieved"]);
  });
});

function* fromNative<T>(fut: Future<T>): Coroutine<void> {
  // Awaiting from native code retrieves the exception too.
  const loop = getRunningLoop();
  const done = loop.createFuture<void>();
  fut.then(
    () => done.setResult(undefined),
    () => done.setResult(undefined),
  );
  yield* done;
}

describe("Task was destroyed but it is pending! (debug mode)", () => {
  function* forever(): Coroutine<void> {
    yield* getRunningLoop().createFuture<void>();
  }

  test("reported for the tasks still pending when the loop closes", async () => {
    const loop = new TestLoop({ debug: true });
    const seen = handlerLog(loop);
    let task: Task<void> | null = null;
    await loop.runUntilComplete(
      (function* () {
        task = createTask(forever(), { name: "stuck" });
        yield* sleep(1);
      })(),
    );
    loop.close();
    expect(seen.map((c) => c.message)).toEqual(["Task was destroyed but it is pending!"]);
    expect(seen[0]?.task).toBe(task);
  });

  test("not reported outside debug mode", async () => {
    const loop = new TestLoop();
    const seen = handlerLog(loop);
    await loop.runUntilComplete(
      (function* () {
        createTask(forever());
        yield* sleep(1);
      })(),
    );
    loop.close();
    expect(seen).toEqual([]);
  });

  test("reported when the garbage collector takes a pending task nobody references", async () => {
    const loop = new TestLoop({ debug: true });
    const seen = handlerLog(loop);
    await loop.runUntilComplete(
      (function* () {
        createTask(forever(), { name: "abandoned" });
        yield* sleep(1);
      })(),
    );
    await collectUntil(() => seen.length > 0);
    expect(seen.map((c) => c.message)).toEqual(["Task was destroyed but it is pending!"]);
    expect(seen[0]?.taskRepr).toBe("<Task pending name='abandoned'>");
    expect(String(seen[0]?.sourceTraceback)).toMatch(/debug\.test\.ts/);
    loop.close();
    expect(seen).toHaveLength(1);
  });
});

describe("coroutines never awaited (debug mode, coroutine())", () => {
  test("a wrapped coroutine function stays a coroutine function", () => {
    const f = coroutine(function* answer(): Coroutine<number> {
      return 42;
    });
    expect(isCoroutineFunction(f)).toBe(true);
    expect(f.name).toBe("answer");
  });

  test("reported with a RuntimeWarning when collected without being started", async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error): void => {
      warnings.push(w);
    };
    process.on("warning", onWarning);
    const sayAfter = coroutine(function* sayAfter(delay: number, what: string): Coroutine<string> {
      yield* sleep(delay);
      return what;
    });
    try {
      await run(
        (function* () {
          sayAfter(1, "forgotten"); // the missing yield*
          yield* sayAfter(0, "awaited");
          const t = createTask(sayAfter(0, "in a task"));
          yield* t;
        })(),
        { debug: true },
      );
      await collectUntil(() => warnings.length > 0);
      // Give the other two every chance to be (wrongly) reported too.
      for (let i = 0; i < 5; i++) {
        gc();
        await new Promise((r) => setImmediate(r));
      }
    } finally {
      process.off("warning", onWarning);
    }
    const ours = warnings.filter((w) => /was never awaited/.test(w.message));
    expect(ours.map((w) => [w.name, w.message])).toEqual([
      ["RuntimeWarning", "coroutine 'sayAfter' was never awaited"],
    ]);
  });

  test("outside debug mode the wrapper only forwards the call", async () => {
    const plain = coroutine(function* twice(x: number): Coroutine<number> {
      return x * 2;
    });
    const gen = plain(21);
    expect(Object.hasOwn(gen, "next")).toBe(false);
    expect(await run(gen)).toBe(42);
  });
});

describe("task dumps in debug mode", () => {
  test("show where each task waits", async () => {
    const text = await run(
      (function* () {
        function* leafWork(): Coroutine<void> {
          yield* sleep(10);
        }
        function* middle(): Coroutine<void> {
          yield* leafWork();
        }
        const t = createTask(middle(), { name: "busy" });
        yield* sleep(0.01);
        const out = dumpTasks();
        t.cancel();
        return out;
      })(),
      { debug: true },
    );
    expect(text).toMatch(
      /\(T\) busy\n.*middle .*debug\.test\.ts:\d+:\d+\n.*leafWork .*debug\.test\.ts/,
    );
  });
});
