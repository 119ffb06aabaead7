import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setTimeScale } from "../src/scale.js";
import { FLOAT, runExample, seed, seedLines } from "./helpers.js";

// Each expected output is CPython 3.13's for the same program (SEED-EXAMPLES.md), with times,
// addresses and task numbers matched by pattern. Delays are scaled by 0.01; what is checked is
// the order of events, which timers decide, not the machine's speed.

const lines = seedLines;

beforeAll(() => setTimeScale(0.01));
afterAll(() => setTimeScale(undefined));

describe("seed 000", () => {
  it("000-func-gather-loop: all three start before any ends; ends in order 1, 2, 3", async () => {
    const got = await lines("000-func-gather-loop");
    expect(got).toHaveLength(7);
    const called = new RegExp(`^func ([123]) called at (${FLOAT})$`);
    const term = new RegExp(`^func ([123]) term at (${FLOAT})$`);
    expect(got.slice(0, 3).map((l) => l.match(called)?.[1])).toEqual(["1", "2", "3"]);
    expect(got.slice(3, 6).map((l) => l.match(term)?.[1])).toEqual(["1", "2", "3"]);
    expect(got[6]).toMatch(new RegExp(`^total loop elapsed  ${FLOAT}$`));
  });

  it("000-loop-run-forever: three ticks, then stop() ends runForever()", async () => {
    expect(await lines("000-loop-run-forever")).toEqual(["tick 0", "tick 1", "tick 2"]);
  });

  it("000-loop-run-until-complete-gather: results in argument order", async () => {
    expect(await lines("000-loop-run-until-complete-gather")).toEqual([
      "job 1 done",
      "job 2 done",
      "job 3 done",
      "[3, 1, 2]",
    ]);
  });
});

describe("seed 001", () => {
  it("001-hello-world", async () => {
    expect(await lines("001-hello-world")).toEqual(["hello", "world"]);
  });

  it("001-run-inside-running-loop: RuntimeError, a coroutine object, then hello world", async () => {
    const got = await lines("001-run-inside-running-loop");
    expect(got).toHaveLength(4);
    expect(got[0]).toBe("RuntimeError: asyncio.run() cannot be called from a running event loop");
    expect(got[1]).toMatch(/^<coroutine object main at 0x[0-9a-f]+>$/);
    expect(got.slice(2)).toEqual(["hello", "world"]);
  });

  it("001-sequential-await: 3 s then 2 s, one after the other", async () => {
    const got = await lines("001-sequential-await");
    expect(got.slice(0, 6)).toEqual([
      "async_task_1 시작",
      "sync_task_1 3초 대기",
      "sync_task_1 재시작",
      "async_task_2 시작",
      "sync_task_2 2초 대기",
      "sync_task_2 재시작",
    ]);
    expect(got[6]).toMatch(new RegExp(`^time taken: ${FLOAT}$`));
    expect(got).toHaveLength(7);
  });

  it("001-create-task: both start before either ends; task 2 wakes first", async () => {
    const got = await lines("001-create-task");
    expect(got.slice(0, 6)).toEqual([
      "async_task_1 시작",
      "sync_task_1 3초 대기",
      "async_task_2 시작",
      "sync_task_2 2초 대기",
      "sync_task_2 재시작",
      "sync_task_1 재시작",
    ]);
    expect(got[6]).toMatch(new RegExp(`^time taken: ${FLOAT}$`));
  });

  it("001-asyncio-run-source: every promise of run(), with the seed's run and tsio's", async () => {
    const promises = (valueError: string) => [
      "  returns the result: 42",
      valueError,
      "  leftover task cancelled",
      "  async generator finalized",
      "  loop closed at the end: True",
      "  leftover task cancelled",
      "  async generator finalized",
      "  a new loop each call: True",
      "  RuntimeError: asyncio.run() cannot be called from a running event loop",
    ];
    const got = await lines("001-asyncio-run-source");
    expect(got.slice(0, 10)).toEqual([
      "the seed's run (3.8 source):",
      ...promises("  ValueError: a coroutine was expected, got 123"),
    ]);
    // tsio's run() adds a hint to CPython's message ("...got 123: pass main(), ...").
    const tsioValueError = got[12] ?? "";
    expect(tsioValueError.startsWith("  ValueError: a coroutine was expected, got 123")).toBe(true);
    expect(got.slice(10)).toEqual(["asyncio.run (3.13):", ...promises(tsioValueError)]);
  });

  it("001-factorial-gather: A, B, C interleave; results [2, 6, 24]", async () => {
    expect(await lines("001-factorial-gather")).toEqual([
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

  const returnExceptions = [
    "Task A: Compute factorial(2)...",
    "Task B: Compute factorial(2)...",
    "Task A: factorial(2) = 2",
    "Task B: Compute factorial(3)...",
    "Task B: factorial(3) = 6",
    "[2, 6, ValueError('에러')]",
  ];

  it("001-factorial-return-exceptions: the ValueError takes C's place", async () => {
    expect(await lines("001-factorial-return-exceptions")).toEqual(returnExceptions);
  });

  it("002-gather-return-exceptions: the same", async () => {
    expect(await lines("002-gather-return-exceptions")).toEqual(returnExceptions);
  });

  it("001-wait-for-timeout: only timeout!; eternity is cancelled, never says 살았다.", async () => {
    expect(await lines("001-wait-for-timeout")).toEqual(["timeout!"]);
  });

  it.each(["001-nested-coroutine", "002-nested-coroutine"])("%s prints 42", async (name) => {
    expect(await lines(name)).toEqual(["42"]);
  });

  it.each(["001-nested-task", "002-nested-task"])("%s prints nothing", async (name) => {
    expect(await lines(name)).toEqual([]);
  });
});

describe("seed 002", () => {
  it("002-repl-hello-world: hello, world, then the coroutine object", async () => {
    const got = await lines("002-repl-hello-world");
    expect(got.slice(0, 2)).toEqual(["hello", "world"]);
    expect(got[2]).toMatch(/^<coroutine object main at 0x[0-9a-f]+>$/);
    expect(got).toHaveLength(3);
  });

  it.each(["002-say-after-await", "002-say-after-create-task"])(
    "%s: started, hello, world, finished",
    async (name) => {
      const got = await lines(name);
      expect(got).toHaveLength(4);
      expect(got[0]).toMatch(/^started at \d\d:\d\d:\d\d$/);
      expect(got.slice(1, 3)).toEqual(["hello", "world"]);
      expect(got[3]).toMatch(/^finished at \d\d:\d\d:\d\d$/);
    },
  );

  it("002-future-awaitable: the future's line before the coroutine's", async () => {
    expect(await lines("002-future-awaitable")).toEqual([
      "future done: future result",
      "future done: future result",
      "some_python_coroutine done",
    ]);
  });

  it("002-preprocess-reviews: the list printed the Python way", async () => {
    expect(await lines("002-preprocess-reviews")).toEqual(["['정말 좋아요', '별로 예요']"]);
  });

  it("002-gather-raises: A and B start, C's ValueError propagates, run() cancels A and B", async () => {
    const out = await runExample(seed("002-gather-raises"));
    expect(out.lines()).toEqual([
      "Task A: Compute factorial(2)...",
      "Task B: Compute factorial(2)...",
    ]);
    expect(out.errors).toEqual(["ValueError: 에러"]);
  });
});

describe("seed 003", () => {
  it("003-add-print-add", async () => {
    expect(await lines("003-add-print-add")).toEqual(["add: 1 + 2", "print_add: 1 + 2 = 3"]);
  });

  it("003-spinner-asyncio: frames with 13 backspaces, the blanking, then Answer: 42", async () => {
    const out = await runExample(seed("003-spinner-asyncio"));
    const [first, rest] = [
      out.text.slice(0, out.text.indexOf("\n")),
      out.text.slice(out.text.indexOf("\n") + 1),
    ];
    // The repr is tsio's Task repr; CPython's also shows coro=<spin() running at FILE:LINE>.
    expect(first).toMatch(/^spinner object: <Task pending name='Task-\d+'>$/);
    const bs = "\x08".repeat(13);
    const frames = rest.split(bs);
    // ["| thingking..", "/ thingking..", ..., "             ", "Answer: 42\n"]
    expect(frames.at(-1)).toBe("Answer: 42\n");
    expect(frames.at(-2)).toBe(" ".repeat(13));
    const spins = frames.slice(0, -2);
    expect(spins.length).toBeGreaterThan(0);
    spins.forEach((frame, i) => {
      expect(frame).toBe(`${"|/-\\"[i % 4]} thingking..`);
    });
  });
});

describe("seed 004", () => {
  it("004-generator-next: then an uncaught StopIteration", async () => {
    const out = await runExample(seed("004-generator-next"));
    expect(out.lines()).toEqual(["<class 'generator'>", "1", "2"]);
    expect(out.errors).toEqual(["StopIteration"]);
  });

  it("004-generator-send-throw: then an uncaught Exception: !", async () => {
    const out = await runExample(seed("004-generator-send-throw"));
    expect(out.lines()).toEqual(["1", "abc", "2", "3"]);
    expect(out.errors).toEqual(["Exception: !"]);
  });

  it("004-generator-return-value", async () => {
    expect(await lines("004-generator-return-value")).toEqual(["1", "abc"]);
  });

  it("004-yield-from", async () => {
    expect(await lines("004-yield-from")).toEqual(["1", "2", "inner abc", "other 3", "4"]);
  });

  it("004-coroutine-await: finishes on the first send, with no trip through the loop", async () => {
    expect(await lines("004-coroutine-await")).toEqual([
      "outer() finished on the first send(None); StopIteration.value = None",
      "asyncio.run(outer()) -> None",
    ]);
  });
});
