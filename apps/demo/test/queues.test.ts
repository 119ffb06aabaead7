import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { CaptureOut } from "../src/example.js";
import { main } from "../src/main.js";
import producerConsumer from "../src/queues/producer-consumer.js";
import producerConsumerJoin from "../src/queues/producer-consumer-join.js";
import { randomSource } from "../src/random.js";
import { setTimeScale } from "../src/scale.js";
import { runExample } from "./helpers.js";

// The sleeps are random, so the interleaving of producing and consuming lines is not fixed;
// what is checked is what a queue guarantees: every item consumed once, in FIFO order for one
// consumer, never before it was produced.

beforeAll(() => setTimeScale(0.005));
afterAll(() => setTimeScale(undefined));

function consumedAfterProduced(lines: string[], produced: RegExp, consumed: RegExp): void {
  const seen = new Set<string>();
  for (const line of lines) {
    const p = line.match(produced);
    if (p) seen.add(p[1] as string);
    const c = line.match(consumed);
    if (c) expect(seen.has(c[1] as string), line).toBe(true);
  }
}

describe("producer-consumer (None sentinel)", () => {
  it("produces 1..10 and consumes them in order, then stops at None", async () => {
    const lines = (await runExample(producerConsumer, ["--seed", "7"])).lines();
    const produced = lines.filter((l) => l.startsWith("producing"));
    const consumed = lines.filter((l) => l.startsWith("consuming"));
    expect(produced).toEqual(Array.from({ length: 10 }, (_, i) => `producing ${i + 1}/10`));
    expect(consumed).toEqual(Array.from({ length: 10 }, (_, i) => `consuming item ${i + 1}...`));
    expect(lines).toHaveLength(20);
    consumedAfterProduced(lines, /^producing (\d+)\//, /^consuming item (\d+)\.\.\./);
  });

  it("several producers and consumers share the queue; each consumer gets its None", async () => {
    const args = ["-n", "3", "-p", "2", "-c", "3", "--maxsize", "1"];
    const lines = (await runExample(producerConsumer, args)).lines();
    const consumed = lines
      .map((l) => l.match(/^consumer [123]: consuming item (\d\.\d)\.\.\.$/)?.[1])
      .filter((x) => x !== undefined);
    expect(consumed.sort()).toEqual(["1.1", "1.2", "1.3", "2.1", "2.2", "2.3"]);
    expect(lines.filter((l) => /^producer [12]: producing \d\/3$/.test(l))).toHaveLength(6);
  });
});

describe("producer-consumer-join (taskDone, join, cancel)", () => {
  it("consumes 0..9 in order, then join() returns and the consumer is cancelled cleanly", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const lines = (await runExample(producerConsumerJoin, [])).lines();
      expect(lines.filter((l) => l.startsWith("producing"))).toEqual(
        Array.from({ length: 10 }, (_, i) => `producing ${i}/10`),
      );
      expect(lines.filter((l) => l.startsWith("consuming"))).toEqual(
        Array.from({ length: 10 }, (_, i) => `consuming ${i}...`),
      );
      consumedAfterProduced(lines, /^producing (\d+)\//, /^consuming (\d+)\.\.\./);
      // No "Task was destroyed but it is pending!": the cancelled consumer finished.
      expect(errors).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
    }
  });

  it("many consumers: every item once", async () => {
    const lines = (await runExample(producerConsumerJoin, ["-n", "5", "-c", "4"])).lines();
    const consumed = lines.map((l) => l.match(/^consumer \d: consuming (\d)\.\.\.$/)?.[1]);
    expect(consumed.filter((x) => x !== undefined).sort()).toEqual(["0", "1", "2", "3", "4"]);
  });
});

describe("options", () => {
  it.each([
    [["-p", "0"], /--producers must be >= 1, got 0/],
    [["-c", "many"], /--consumers needs a whole number, got 'many'/],
    [["--maxsize=-1"], /--maxsize must be >= 0/],
    [["-n", "1.5"], /--items needs a whole number/],
    [["--seed=-3"], /--seed must be >= 0/],
  ])("%j exits with status 2", async (args, message) => {
    for (const name of ["producer-consumer", "producer-consumer-join"]) {
      const out = new CaptureOut();
      expect(await main(["queues", name, ...args], out)).toBe(2);
      expect(out.errors.join("\n")).toMatch(message);
    }
  });

  it("a seed repeats the random sleeps", () => {
    const a = randomSource(42);
    const b = randomSource(42);
    const draws = Array.from({ length: 5 }, () => a());
    expect(draws).toEqual(Array.from({ length: 5 }, () => b()));
    for (const x of draws) expect(x >= 0 && x < 1).toBe(true);
  });
});
