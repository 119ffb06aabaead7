/**
 * The seed examples that need only the core (see ../shared/SEED-EXAMPLES.md and seed-twins/),
 * run as tests that check the lines the seeds print, in order. asyncio.run() becomes
 * run(main(), { loopFactory: () => new TestLoop() }) and get_event_loop() returns a TestLoop set
 * with setEventLoop, so the seeds' seconds pass on the virtual clock: the elapsed times read
 * exactly 3 and 2, and the suite takes no real time.
 */
import { type Coroutine, type Future, RuntimeError, ValueError } from "@tsio/future";
import { getEventLoop, getRunningLoop, run, setEventLoop, TestLoop } from "@tsio/loop";
import { createTask, gather, sleep, Task } from "@tsio/task";
import { afterEach, beforeEach, describe, expect, test } from "vitest";

let out: string[];

/** Python's print(*args), with Python's repr inside lists. */
function print(...args: unknown[]): void {
  out.push(args.map((a) => pyStr(a)).join(" "));
}

function pyStr(value: unknown): string {
  return typeof value === "string" ? value : pyRepr(value);
}

function pyRepr(value: unknown): string {
  if (typeof value === "string") return `'${value}'`;
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(", ")}]`;
  if (value instanceof Error) return `${value.name}('${value.message}')`;
  if (value === undefined || value === null) return "None";
  return String(value);
}

/** time.strftime('%X') of a virtual time (seconds since the loop's start). */
function clock(seconds: number): string {
  return new Date(Date.UTC(2024, 0, 1, 4, 37, 30) + seconds * 1000).toISOString().slice(11, 19);
}

const testLoop = () => new TestLoop();

beforeEach(() => {
  out = [];
});

afterEach(() => {
  setEventLoop(null);
});

describe("seed 002: say_after", () => {
  function* sayAfter(delay: number, what: string) {
    yield* sleep(delay);
    print(what);
  }

  test("002-say-after-await: awaited one after the other, 3 s", async () => {
    function* main() {
      const loop = getRunningLoop();
      print(`started at ${clock(loop.time())}`);
      yield* sayAfter(1, "hello");
      yield* sayAfter(2, "world");
      print(`finished at ${clock(loop.time())}`);
    }
    await run(main(), { loopFactory: testLoop });
    expect(out).toEqual(["started at 04:37:30", "hello", "world", "finished at 04:37:33"]);
  });

  test("002-say-after-create-task: two tasks created first, then awaited, 2 s", async () => {
    function* main() {
      const task1 = createTask(sayAfter(1, "hello"));
      const task2 = createTask(sayAfter(2, "world"));
      const loop = getRunningLoop();
      print(`started at ${clock(loop.time())}`);
      // Wait until both tasks are completed (should take around 2 seconds.)
      yield* task1;
      yield* task2;
      print(`finished at ${clock(loop.time())}`);
    }
    await run(main(), { loopFactory: testLoop });
    expect(out).toEqual(["started at 04:37:30", "hello", "world", "finished at 04:37:32"]);
  });
});

describe("seed 001: sequential await vs create_task", () => {
  function* asyncTask1() {
    print("async_task_1 시작");
    print("sync_task_1 3초 대기");
    yield* sleep(3);
    print("sync_task_1 재시작");
  }
  function* asyncTask2() {
    print("async_task_2 시작");
    print("sync_task_2 2초 대기");
    yield* sleep(2);
    print("sync_task_2 재시작");
  }

  test("001-sequential-await: 5 s", async () => {
    function* main() {
      const loop = getRunningLoop();
      const start = loop.time();
      yield* asyncTask1();
      yield* asyncTask2();
      print(`time taken: ${loop.time() - start}`);
    }
    await run(main(), { loopFactory: testLoop });
    expect(out).toEqual([
      "async_task_1 시작",
      "sync_task_1 3초 대기",
      "sync_task_1 재시작",
      "async_task_2 시작",
      "sync_task_2 2초 대기",
      "sync_task_2 재시작",
      "time taken: 5",
    ]);
  });

  test("001-create-task: 3 s", async () => {
    function* main() {
      const loop = getRunningLoop();
      const start = loop.time();
      const task1 = createTask(asyncTask1());
      const task2 = createTask(asyncTask2());
      yield* task1;
      yield* task2;
      print(`time taken: ${loop.time() - start}`);
    }
    await run(main(), { loopFactory: testLoop });
    expect(out).toEqual([
      "async_task_1 시작",
      "sync_task_1 3초 대기",
      "async_task_2 시작",
      "sync_task_2 2초 대기",
      "sync_task_2 재시작",
      "sync_task_1 재시작",
      "time taken: 3",
    ]);
  });
});

describe("seed 000: func(i) under gather on get_event_loop()", () => {
  test("000-func-gather-loop: three calls, 3 s not 6", async () => {
    setEventLoop(new TestLoop({ start: 1795322205 }));
    const loop = getEventLoop();
    function* func(ind: number) {
      print(`func ${ind} called at`, loop.time());
      yield* sleep(ind); // simulate I/O operation
      print(`func ${ind} term at`, loop.time());
    }
    const curT = loop.time();
    await loop.runUntilComplete(gather(func(1), func(2), func(3)));
    print("total loop elapsed ", loop.time() - curT);
    loop.close();
    expect(out).toEqual([
      "func 1 called at 1795322205",
      "func 2 called at 1795322205",
      "func 3 called at 1795322205",
      "func 1 term at 1795322206",
      "func 2 term at 1795322207",
      "func 3 term at 1795322208",
      "total loop elapsed  3",
    ]);
  });

  test("000-loop-run-until-complete-gather: results in argument order", async () => {
    setEventLoop(new TestLoop());
    const loop = getEventLoop();
    function* job(n: number) {
      yield* sleep(n / 10);
      print("job", n, "done");
      return n;
    }
    const results = await loop.runUntilComplete(gather(job(3), job(1), job(2)));
    print(results);
    loop.close();
    expect(out).toEqual(["job 1 done", "job 2 done", "job 3 done", "[3, 1, 2]"]);
  });

  test("000-loop-run-forever: runs until loop.stop()", async () => {
    setEventLoop(new TestLoop());
    const loop = getEventLoop();
    function* tick() {
      for (let i = 0; i < 3; i++) {
        print("tick", i);
        yield* sleep(0.1);
      }
      loop.stop();
    }
    const task = loop.createTask(tick());
    await loop.runForever();
    loop.close();
    expect(out).toEqual(["tick 0", "tick 1", "tick 2"]);
    // stop() from inside the task lets its step finish: it completes normally.
    expect(task.done()).toBe(true);
  });
});

describe("seed 001: factorial under gather", () => {
  function* factorial(name: string, number: number): Coroutine<number> {
    let f = 1;
    for (let i = 2; i <= number; i++) {
      print(`Task ${name}: Compute factorial(${i})...`);
      yield* sleep(1);
      f *= i;
    }
    print(`Task ${name}: factorial(${number}) = ${f}`);
    return f;
  }

  function* factorialFailingOn4(name: string, number: number): Coroutine<number> {
    if (number === 4) throw new ValueError("에러");
    return yield* factorial(name, number);
  }

  test("001-factorial-gather: [2, 6, 24], in this exact order", async () => {
    function* main() {
      const result = yield* gather(factorial("A", 2), factorial("B", 3), factorial("C", 4));
      print(result);
    }
    await run(main(), { loopFactory: testLoop });
    expect(out).toEqual([
      "Task A: Compute factorial(2)...",
      "Task B: Compute factorial(2)...",
      "Task C: Compute factorial(2)...",
      "Task A: factorial(2) = 2",
      "Task B: Compute factorial(3)...",
      "Task C: Compute factorial(3)...",
      "Task B: factorial(3) = 6",
      "Task C: Compute factorial(4)...",
      "Task C: factorial(4) = 24",
      "[2, 6, 24]",
    ]);
  });

  test("001-factorial-return-exceptions: the exception takes its place in the list", async () => {
    let elapsed = -1;
    function* main() {
      const loop = getRunningLoop();
      const result = yield* gather(
        factorialFailingOn4("A", 2),
        factorialFailingOn4("B", 3),
        factorialFailingOn4("C", 4),
        { returnExceptions: true },
      );
      print(result);
      elapsed = loop.time();
    }
    await run(main(), { loopFactory: testLoop });
    expect(out).toEqual([
      "Task A: Compute factorial(2)...",
      "Task B: Compute factorial(2)...",
      "Task A: factorial(2) = 2",
      "Task B: Compute factorial(3)...",
      "Task B: factorial(3) = 6",
      "[2, 6, ValueError('에러')]",
    ]);
    expect(elapsed).toBe(2);
  });

  test("002-gather-raises: A and B start, then C's ValueError propagates out of run()", async () => {
    function* main() {
      const result = yield* gather(
        factorialFailingOn4("A", 2),
        factorialFailingOn4("B", 3),
        factorialFailingOn4("C", 4),
      );
      print(result);
    }
    const exc = await run(main(), { loopFactory: testLoop }).catch((e: unknown) => e);
    print(`${(exc as Error).name}: ${(exc as Error).message}`);
    expect(exc).toBeInstanceOf(ValueError);
    expect(out).toEqual([
      "Task A: Compute factorial(2)...",
      "Task B: Compute factorial(2)...",
      "ValueError: 에러",
    ]);
  });
});

describe("seeds 001/002: nested coroutines and tasks", () => {
  function* nested() {
    print("nested() ran");
    return 42;
  }

  test("001-nested-coroutine: calling runs nothing; awaiting runs it", async () => {
    function* main() {
      nested(); // a coroutine is made, nothing runs
      print(yield* nested());
    }
    await run(main(), { loopFactory: testLoop });
    expect(out).toEqual(["nested() ran", "42"]);
  });

  test("001/002-nested-task: create_task schedules it, await task waits for it", async () => {
    function* main() {
      const task = createTask(nested());
      print("task created");
      const value = yield* task;
      print(value);
    }
    await run(main(), { loopFactory: testLoop });
    expect(out).toEqual(["task created", "nested() ran", "42"]);
  });

  test("004-coroutine-await: a coroutine that never suspends finishes on the first step", async () => {
    function* inner() {
      return 1;
    }
    function* outer() {
      yield* inner();
    }
    const coro = outer();
    const step = coro.next();
    print("outer() finished on the first next(); done =", step.done, "value =", step.value);
    print("run(outer()) ->", await run(outer(), { loopFactory: testLoop }));
    expect(out).toEqual([
      "outer() finished on the first next(); done = true value = None",
      "run(outer()) -> None",
    ]);
  });
});

describe("seed 002: a Future is awaitable", () => {
  test("002-future-awaitable: alone, then in gather with a coroutine", async () => {
    function functionThatReturnsAFutureObject(): Future<string> {
      const loop = getRunningLoop();
      const fut = loop.createFuture<string>();
      loop.callLater(0.1, (v: string) => fut.setResult(v), "future result");
      fut.addDoneCallback((f) => print("future done:", f.result()));
      return fut;
    }
    function* somePythonCoroutine() {
      yield* sleep(0.1);
      print("some_python_coroutine done");
      return "coroutine result";
    }
    function* main() {
      yield* functionThatReturnsAFutureObject();
      // this is also valid:
      yield* gather(functionThatReturnsAFutureObject(), somePythonCoroutine());
    }
    await run(main(), { loopFactory: testLoop });
    expect(out).toEqual([
      "future done: future result",
      "future done: future result",
      "some_python_coroutine done",
    ]);
  });
});

describe("seed 003: add / print_add with run_until_complete", () => {
  test("003-add-print-add", async () => {
    setEventLoop(new TestLoop());
    const loop = getEventLoop();
    function* add(a: number, b: number) {
      print(`add: ${a} + ${b}`);
      yield* sleep(1.0);
      return a + b;
    }
    function* printAdd(a: number, b: number) {
      const result = yield* add(a, b);
      print(`print_add: ${a} + ${b} = ${result}`);
    }
    await loop.runUntilComplete(printAdd(1, 2));
    expect(loop.time()).toBe(1);
    loop.close();
    expect(out).toEqual(["add: 1 + 2", "print_add: 1 + 2 = 3"]);
  });
});

describe("seed 001: asyncio.run() inside a running loop", () => {
  test("001-run-inside-running-loop: RuntimeError, main() alone runs nothing, yield* main() runs it", async () => {
    function* main() {
      print("hello");
      yield* sleep(1);
      print("world");
    }
    function* notebookCell() {
      try {
        run(main());
      } catch (e) {
        if (!(e instanceof RuntimeError)) throw e;
        print(`RuntimeError: ${e.message}`);
      }
      const coro = main();
      print(`<coroutine object ${main.name}>`, Object.prototype.toString.call(coro));
      yield* main();
    }
    await run(notebookCell(), { loopFactory: testLoop });
    expect(out).toEqual([
      "RuntimeError: asyncio.run() cannot be called from a running event loop",
      "<coroutine object main> [object Generator]",
      "hello",
      "world",
    ]);
  });

  test("test_create_task_with_noncoroutine: a coroutine was expected, got 123", async () => {
    function* main() {
      try {
        createTask(123 as never);
      } catch (e) {
        print(`${(e as Error).name}: ${(e as Error).message}`);
      }
      try {
        new Task(main as never);
      } catch (e) {
        print(`${(e as Error).name}: ${(e as Error).message}`);
      }
    }
    await run(main(), { loopFactory: testLoop });
    expect(out).toEqual([
      "TypeError: a coroutine was expected, got 123: call the function* to make one " +
        "(createTask(main()), not createTask(main))",
      "TypeError: a coroutine was expected, got <function main>: call the function* to make " +
        "one (createTask(main()), not createTask(main))",
    ]);
  });
});
