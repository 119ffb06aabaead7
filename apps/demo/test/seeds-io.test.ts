import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POP20_CC } from "../src/flags/countries.js";
import { setTimeScale } from "../src/scale.js";
import { FLOAT, runExample, seed, seedLines } from "./helpers.js";

// The seeds' examples that use executors (worker threads, child processes, an SQLite file) and
// the HTTP client, each run for real against a server on 127.0.0.1 that it starts itself.
// Expected outputs are CPython's (SEED-EXAMPLES.md); ports, times and random bytes by pattern.

const lines = seedLines;

/** How many bytes a Python bytes repr (`b'...'` or `b"..."`) stands for. */
function bytesLength(repr: string): number {
  const m = /^b(['"])(.*)\1$/s.exec(repr);
  if (m === null) throw new Error(`not a bytes repr: ${repr}`);
  const body = m[2] as string;
  let n = 0;
  for (let i = 0; i < body.length; i++, n++) {
    if (body[i] === "\\") i += body[i + 1] === "x" ? 3 : 1;
  }
  return n;
}

beforeAll(() => setTimeScale(0.02));
afterAll(() => setTimeScale(undefined));

describe("seed 000 (concurrent.futures)", () => {
  it("000-pep3148-as-completed: two pages and one refused connection, as urllib says it", async () => {
    const got = await lines("000-pep3148-as-completed");
    const port = got.join("\n").match(/127\.0\.0\.1:(\d{2,5})\/page/)?.[1];
    expect([...got].sort()).toEqual([
      "'http://127.0.0.1:1/' generated an exception: <urlopen error [Errno 111] Connection refused>",
      `'http://127.0.0.1:${port}/page/cnn' page is 1127 bytes`,
      `'http://127.0.0.1:${port}/page/foxnews' page is 1527 bytes`,
    ]);
  });

  it("000-future-done: False while the job sleeps in its thread, True after, then hello", async () => {
    expect(await lines("000-future-done")).toEqual(["False", "True", "hello"]);
  });
});

describe("seed 001 (runInExecutor, aiohttp, databases)", () => {
  it("001-run-in-executor: 100 random bytes twice, then the exact BigInt sum", async () => {
    const got = await lines("001-run-in-executor");
    expect(got).toHaveLength(3);
    const [first, second, third] = got as [string, string, string];
    expect(first.startsWith("default thread pool b")).toBe(true);
    expect(bytesLength(first.slice("default thread pool ".length))).toBe(100);
    expect(second.startsWith("custom thread pool b")).toBe(true);
    expect(bytesLength(second.slice("custom thread pool ".length))).toBe(100);
    expect(third).toBe("custom process pool 333333283333335000000");
  });

  it("001-aiohttp-delay: both calls start before either ends; 2 ends before 3", async () => {
    const got = await lines("001-aiohttp-delay");
    expect(got.slice(0, 4)).toEqual([
      "call 2짜리 시작",
      "call 3짜리 시작",
      "call 2짜리 끝",
      "call 3짜리 끝",
    ]);
    expect(got[4]).toMatch(new RegExp(`^${FLOAT}$`));
    expect(got).toHaveLength(5);
  });

  it("001-databases-sqlite: the three rows as sqlite3 tuples", async () => {
    expect(await lines("001-databases-sqlite")).toEqual([
      "High Scores: [(1, 'Daisy', 92), (2, 'Neil', 87), (3, 'Carol', 43)]",
    ]);
  });
});

describe("seed 003 (the thread spinner, the flag downloads)", () => {
  it("003-spinner-thread: '|\\-\\' frames with 12 backspaces, 12 more, then Answer:  42", async () => {
    const out = await runExample(seed("003-spinner-thread"));
    expect(out.errors).toEqual([]);
    const nl = out.text.indexOf("\n");
    expect(out.text.slice(0, nl)).toMatch(
      /^spinner object: <Thread\(Thread-\d+ \(spin\), initial\)>$/,
    );
    const parts = out.text.slice(nl + 1).split("\x08".repeat(12));
    // [frame, frame, ..., "", "Answer:  42\n"]: the seed's '' * len(status) blanks nothing
    expect(parts.at(-1)).toBe("Answer:  42\n");
    expect(parts.at(-2)).toBe("");
    const frames = parts.slice(0, -2);
    expect(frames.length).toBeGreaterThan(0);
    frames.forEach((frame, i) => {
      expect(frame).toBe(`${"|\\-\\"[i % 4]} thingking!`);
    });
  });

  it("003-flags-asyncio: the 20 codes once each as they finish, then the count", async () => {
    const got = await lines("003-flags-asyncio");
    expect(got).toHaveLength(2);
    expect(got[0]?.endsWith(" ")).toBe(true);
    expect(got[0]?.trimEnd().split(" ").sort()).toEqual([...POP20_CC].sort());
    expect(got[1]).toMatch(/^20 flags downloaded in \d+\.\d\ds$/);
  });

  it("003-get-flag-blocking-vs-nonblocking: 41 bytes b'GIF89a' both ways", async () => {
    expect(await lines("003-get-flag-blocking-vs-nonblocking")).toEqual([
      "non-blocking: 41 bytes b'GIF89a'",
      "blocking: 41 bytes b'GIF89a'",
    ]);
  });
});
