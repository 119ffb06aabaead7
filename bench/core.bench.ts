/**
 * Core runtime: tasks, gather, sleep(0) switches, many sleeping tasks. Against CPython 3.13's
 * asyncio (bench/python/core.py) and native async/await, in the same run.
 */
import { run } from "@tsio/loop";
import { createTask, gatherAll, sleep, type Task } from "@tsio/task";
import { bestOf, type Case, printTable, runPython } from "./lib.ts";

const N = 1_000_000;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

// ---- create + gather N tasks --------------------------------------------------------------
function* noop(): Generator<unknown, number, unknown> {
  return 1;
}
function* gatherMain(): Generator<unknown, void, unknown> {
  const coros = new Array(N);
  for (let i = 0; i < N; i++) coros[i] = noop();
  yield* gatherAll(coros);
}
const tsioGather = await bestOf(2, () => run(gatherMain()));
async function nativeNoop(): Promise<number> {
  return 1;
}
const nativeGather = await bestOf(2, async () => {
  const ps = new Array(N);
  for (let i = 0; i < N; i++) ps[i] = nativeNoop();
  await Promise.all(ps);
});

// ---- N sleep(0) switches between two tasks --------------------------------------------------
function* switcher(n: number): Generator<unknown, void, unknown> {
  for (let i = 0; i < n; i++) yield* sleep(0);
}
function* switchMain(): Generator<unknown, void, unknown> {
  const a = createTask(switcher(N / 2));
  const b = createTask(switcher(N / 2));
  yield* a;
  yield* b;
}
const tsioSwitch = await bestOf(2, () => run(switchMain()));
async function nativeSwitcher(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await null;
}
const nativeSwitch = await bestOf(2, () =>
  Promise.all([nativeSwitcher(N / 2), nativeSwitcher(N / 2)]),
);

// ---- N tasks sleeping at once -------------------------------------------------------------
function* sleeper(): Generator<unknown, void, unknown> {
  yield* sleep(0.5);
}
let bytesPerTask = 0;
function* sleepMain(): Generator<unknown, void, unknown> {
  gc();
  const before = process.memoryUsage().heapUsed;
  const tasks: Task<void>[] = new Array(N);
  for (let i = 0; i < N; i++) tasks[i] = createTask(sleeper());
  yield* sleep(0.1); // every task is now asleep
  gc();
  bytesPerTask = (process.memoryUsage().heapUsed - before) / N;
  yield* gatherAll(tasks);
}
const tsioSleep = await bestOf(1, () => run(sleepMain()));
async function nativeSleeper(): Promise<void> {
  await new Promise((r) => setTimeout(r, 500));
}
let nativeBytes = 0;
const nativeSleep = await bestOf(1, async () => {
  gc();
  const before = process.memoryUsage().heapUsed;
  const ps = new Array(N);
  for (let i = 0; i < N; i++) ps[i] = nativeSleeper();
  await new Promise((r) => setTimeout(r, 100));
  gc();
  nativeBytes = (process.memoryUsage().heapUsed - before) / N;
  await Promise.all(ps);
});

const py = runPython<{ gather: number; switch: number; sleep: number; sleep_bytes: number }>(
  "core.py",
  [String(N)],
);
const pyRow = (value: number | undefined, unit: string) => ({
  subject: "CPython 3.13 asyncio",
  value: value ?? null,
  unit,
  note: "python3.13 not found",
});

const cases: Case[] = [
  {
    name: "create+gather 1M tasks",
    better: "lower",
    target: ">= 10x CPython, <= 3x native",
    rows: [
      { subject: "tsio", value: tsioGather, unit: "s" },
      pyRow(py?.gather, "s"),
      { subject: "native async/await (Promise.all)", value: nativeGather, unit: "s" },
    ],
  },
  {
    name: "1M sleep(0) switches, 2 tasks",
    better: "higher",
    target: ">= 10M/s, >= 10x CPython",
    rows: [
      { subject: "tsio", value: N / tsioSwitch, unit: "switches/s" },
      pyRow(py ? N / py.switch : undefined, "switches/s"),
      { subject: "native (await null)", value: N / nativeSwitch, unit: "switches/s" },
    ],
  },
  {
    name: "1M tasks sleeping at once",
    better: "lower",
    target: ">= 10x CPython",
    rows: [
      { subject: "tsio", value: tsioSleep, unit: "s" },
      pyRow(py?.sleep, "s"),
      { subject: "native (setTimeout promises)", value: nativeSleep, unit: "s" },
    ],
  },
  {
    name: "bytes per sleeping task",
    better: "lower",
    target: "<= 900 bytes",
    rows: [
      { subject: "tsio", value: bytesPerTask, unit: "bytes" },
      pyRow(py?.sleep_bytes, "bytes"),
      { subject: "native (setTimeout promises)", value: nativeBytes, unit: "bytes" },
    ],
  },
];
printTable("Core runtime (tasks, gather, sleep)", cases);
