import type { Example } from "./example.js";
import asyncio from "./flags/asyncio.js";
import compare from "./flags/compare.js";
import sequential from "./flags/sequential.js";
import serve from "./flags/serve.js";
import threadpool from "./flags/threadpool.js";
import crawler from "./net/crawl.js";
import echo from "./net/echo.js";
import producerConsumer from "./queues/producer-consumer.js";
import producerConsumerJoin from "./queues/producer-consumer-join.js";
import ps from "./queues/ps.js";
import { pendingSeeds, seedExamples } from "./seeds/index.js";

/** A group of examples: `pnpm demo <group> <name>`. */
export interface Group {
  name: string;
  summary: string;
  examples: readonly Example[];
  /** Examples planned but not runnable yet, and what each waits for. */
  pending: ReadonlyArray<{ name: string; waitsFor: string }>;
}

/** Every group, in the order `--help` lists them. */
export const groups: readonly Group[] = [
  {
    name: "seeds",
    summary: "the seeds' examples, printing what CPython 3.13 prints",
    examples: seedExamples,
    pending: pendingSeeds,
  },
  {
    name: "flags",
    summary: "Fluent Python's flag downloads against a local flag server",
    examples: [serve, sequential, threadpool, asyncio, compare],
    pending: [],
  },
  {
    name: "queues",
    summary: "producer/consumer with a Queue (the asyncio docs' examples)",
    examples: [producerConsumer, producerConsumerJoin, ps],
    pending: [],
  },
  {
    name: "net",
    summary: "the crawler and an echo server",
    examples: [crawler, echo],
    pending: [],
  },
];

/** Finds a group by name. */
export function findGroup(name: string): Group | undefined {
  return groups.find((g) => g.name === name);
}

/** Finds an example in a group. */
export function findExample(group: Group, name: string): Example | undefined {
  return group.examples.find((e) => e.name === name);
}

/** What an unknown or pending name is waiting for, if it is planned. */
export function pendingExample(name: string): { group: Group; waitsFor: string } | undefined {
  for (const group of groups) {
    const p = group.pending.find((e) => e.name === name);
    if (p !== undefined) return { group, waitsFor: p.waitsFor };
  }
  return undefined;
}

/** Names close to `name` (same prefix or a small edit distance), for "did you mean". */
export function suggestions(name: string, names: readonly string[]): string[] {
  const distance = (a: string, b: string): number => {
    const row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
      let prev = row[0] as number;
      row[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const cur = row[j] as number;
        row[j] = Math.min(
          (row[j] as number) + 1,
          (row[j - 1] as number) + 1,
          prev + (a[i - 1] === b[j - 1] ? 0 : 1),
        );
        prev = cur;
      }
    }
    return row[b.length] as number;
  };
  const lower = name.toLowerCase();
  return names
    .filter((n) => n.includes(lower) || distance(lower, n) <= Math.max(2, Math.floor(n.length / 4)))
    .slice(0, 5);
}
