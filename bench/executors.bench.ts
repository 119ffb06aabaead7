/**
 * Executors: per-task overhead of 100k tiny tasks on 2 workers (tsio's ThreadPoolExecutor against
 * piscina, workerpool and CPython's ThreadPoolExecutor; tsio's ProcessPoolExecutor against
 * CPython's), and the speed-up of a CPU-bound job split in two across 2 workers.
 */
import { availableParallelism } from "node:os";
import { type Future, ProcessPoolExecutor, ThreadPoolExecutor, task, wait } from "@tsio/executors";
import { Piscina } from "piscina";
import workerpool from "workerpool";
import { bestOf, type Case, printTable, runPython } from "./lib.ts";

const N = 100_000;
const NP = 20_000;
const SPIN = 100_000_000;
const TINY = new URL("./executors/tiny.mjs", import.meta.url);
const inc = task<(x: number) => number>(TINY, "inc");
const spin = task<(from: number, to: number) => number>(TINY, "spin");

/** Microseconds per task: submit n tasks at once, wait for all; best of `repeat`. */
async function perTask(
  n: number,
  repeat: number,
  run: (n: number) => Promise<unknown>,
): Promise<number> {
  await run(1000); // workers up, code warm
  return ((await bestOf(repeat, () => run(n))) / n) * 1e6;
}

function submitAll(pool: ThreadPoolExecutor | ProcessPoolExecutor, n: number): Future<number>[] {
  const fs = new Array<Future<number>>(n);
  for (let i = 0; i < n; i++) fs[i] = pool.submit(inc, i);
  return fs;
}

// ---- per-task overhead, threads ------------------------------------------------------------
const tsioThreads = new ThreadPoolExecutor({ maxWorkers: 2 });
const tsioThreadUs = await perTask(N, 3, (n) => wait(submitAll(tsioThreads, n)));
const tsioThreadAwaitUs = await perTask(N, 3, (n) => Promise.all(submitAll(tsioThreads, n)));
await tsioThreads.shutdown();

const piscina = new Piscina({ filename: TINY.href, minThreads: 2, maxThreads: 2 });
const piscinaUs = await perTask(N, 2, (n) => {
  const ps = new Array(n);
  for (let i = 0; i < n; i++) ps[i] = piscina.run(i);
  return Promise.all(ps);
});
await piscina.destroy();

const wp = workerpool.pool(new URL("./executors/workerpool-worker.cjs", import.meta.url).pathname, {
  minWorkers: 2,
  maxWorkers: 2,
  workerType: "thread",
});
const workerpoolUs = await perTask(N, 2, (n) => {
  const ps = new Array(n);
  for (let i = 0; i < n; i++) ps[i] = wp.exec("inc", [i]);
  return Promise.all(ps);
});
await wp.terminate();

// ---- per-task overhead, processes ----------------------------------------------------------
const tsioProcesses = new ProcessPoolExecutor({ maxWorkers: 2 });
const tsioProcessUs = await perTask(NP, 3, (n) => wait(submitAll(tsioProcesses, n)));
await tsioProcesses.shutdown();

// ---- CPU-bound speed-up with 2 workers -------------------------------------------------------
async function speedup(
  make: (workers: number) => ThreadPoolExecutor | ProcessPoolExecutor,
): Promise<number> {
  const half = SPIN / 2;
  const run = (pool: ThreadPoolExecutor | ProcessPoolExecutor) => () =>
    wait([pool.submit(spin, 0, half), pool.submit(spin, half, SPIN)]);
  const one = make(1);
  const two = make(2);
  const t1 = await bestOf(2, run(one));
  const t2 = await bestOf(2, run(two));
  await Promise.all([one.shutdown(), two.shutdown()]);
  return t1 / t2;
}
const threadSpeedup = await speedup((maxWorkers) => new ThreadPoolExecutor({ maxWorkers }));
const processSpeedup = await speedup((maxWorkers) => new ProcessPoolExecutor({ maxWorkers }));

const py = runPython<{
  thread_us: number;
  process_us: number;
  thread_speedup: number;
  process_speedup: number;
}>("executors.py", [String(N), String(NP), String(10_000_000)]);
const noPy = "python3.13 not found";

const cases: Case[] = [
  {
    name: `per-task overhead, ${N / 1000}k tiny tasks, 2 threads`,
    better: "lower",
    target: "<= 1.25x piscina",
    rows: [
      { subject: "tsio ThreadPoolExecutor (wait)", value: tsioThreadUs, unit: "us" },
      {
        subject: "tsio ThreadPoolExecutor (await Promise.all)",
        value: tsioThreadAwaitUs,
        unit: "us",
      },
      { subject: "piscina 5.3.2", value: piscinaUs, unit: "us" },
      { subject: "workerpool 10.0.3", value: workerpoolUs, unit: "us" },
      {
        subject: "CPython 3.13 ThreadPoolExecutor",
        value: py?.thread_us ?? null,
        unit: "us",
        note: noPy,
      },
    ],
  },
  {
    name: `per-task overhead, ${NP / 1000}k tiny tasks, 2 processes`,
    better: "lower",
    rows: [
      { subject: "tsio ProcessPoolExecutor", value: tsioProcessUs, unit: "us" },
      {
        subject: "CPython 3.13 ProcessPoolExecutor",
        value: py?.process_us ?? null,
        unit: "us",
        note: noPy,
      },
    ],
  },
  {
    name: `CPU-bound job in 2 halves, 2 workers vs 1 (${availableParallelism()} cores)`,
    better: "higher",
    target: ">= 1.8x",
    rows: [
      { subject: "tsio ThreadPoolExecutor", value: threadSpeedup, unit: "x" },
      { subject: "tsio ProcessPoolExecutor", value: processSpeedup, unit: "x" },
      {
        subject: "CPython 3.13 ProcessPoolExecutor",
        value: py?.process_speedup ?? null,
        unit: "x",
        note: noPy,
      },
      {
        subject: "CPython 3.13 ThreadPoolExecutor (GIL)",
        value: py?.thread_speedup ?? null,
        unit: "x",
        note: noPy,
      },
    ],
  },
];
printTable("Executors", cases);
