/**
 * Structured concurrency and time limits: a TaskGroup spawning 100k children, waitFor with a
 * timeout that never fires around an operation that waits one loop iteration (1M times),
 * asCompleted over 100k tasks. Against CPython 3.13's
 * asyncio (bench/python/structured.py) and the native Promise equivalents, in the same run.
 */
import { run } from "@tsio/loop";
import { asCompleted, createTask, sleep, type Task, taskGroup, waitFor } from "@tsio/task";
import { bestOf, type Case, printTable, runPython } from "./lib.ts";

const N_GROUP = 100_000;
const N_WAITFOR = 1_000_000;
const N_ASCOMPLETED = 100_000;

function* child(): Generator<unknown, number, unknown> {
  return 1;
}
async function nativeChild(): Promise<number> {
  return 1;
}
/** What a time limit guards: an operation that waits (here one loop iteration). */
function* work(): Generator<unknown, number, unknown> {
  yield* sleep(0);
  return 1;
}
async function nativeWork(): Promise<number> {
  await null;
  return 1;
}

// ---- TaskGroup with 100k children -----------------------------------------------------------
function* groupMain(): Generator<unknown, void, unknown> {
  yield* taskGroup(function* (tg) {
    for (let i = 0; i < N_GROUP; i++) tg.createTask(child());
  });
}
const tsioGroup = await bestOf(5, () => run(groupMain()));
const nativeGroup = await bestOf(5, async () => {
  const ps = new Array<Promise<number>>(N_GROUP);
  for (let i = 0; i < N_GROUP; i++) ps[i] = nativeChild();
  await Promise.all(ps);
});

// ---- waitFor whose timeout never fires, 1M times -------------------------------------------
function* waitForMain(): Generator<unknown, void, unknown> {
  let total = 0;
  for (let i = 0; i < N_WAITFOR; i++) total += yield* waitFor(work(), 10);
  if (total !== N_WAITFOR) throw new Error("bad total");
}
const tsioWaitFor = await bestOf(2, () => run(waitForMain()));
const nativeWaitFor = await bestOf(2, async () => {
  let total = 0;
  for (let i = 0; i < N_WAITFOR; i++) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("timeout")), 10_000);
    });
    try {
      total += await Promise.race([nativeWork(), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }
  if (total !== N_WAITFOR) throw new Error("bad total");
});

// ---- asCompleted over 100k tasks -----------------------------------------------------------
function* asCompletedMain(): Generator<unknown, void, unknown> {
  const tasks: Task<number>[] = new Array(N_ASCOMPLETED);
  for (let i = 0; i < N_ASCOMPLETED; i++) tasks[i] = createTask(child());
  let total = 0;
  for (const next of asCompleted(tasks)) total += yield* next;
  if (total !== N_ASCOMPLETED) throw new Error("bad total");
}
const tsioAsCompleted = await bestOf(5, () => run(asCompletedMain()));

/** The usual native "as completed": each promise pushes its value when it settles. */
async function* nativeAsCompleted<T>(ps: Promise<T>[]): AsyncGenerator<T> {
  const done: T[] = [];
  let head = 0;
  let wake: (() => void) | null = null;
  for (const p of ps) {
    p.then((v) => {
      done.push(v);
      const w = wake;
      wake = null;
      w?.();
    });
  }
  for (let i = 0; i < ps.length; i++) {
    while (head === done.length) await new Promise<void>((r) => (wake = r));
    yield done[head++] as T;
  }
}
const nativeAsCompletedTime = await bestOf(5, async () => {
  const ps = new Array<Promise<number>>(N_ASCOMPLETED);
  for (let i = 0; i < N_ASCOMPLETED; i++) ps[i] = nativeChild();
  let total = 0;
  for await (const v of nativeAsCompleted(ps)) total += v;
  if (total !== N_ASCOMPLETED) throw new Error("bad total");
});

const py = runPython<{ taskgroup: number; waitfor: number; ascompleted: number }>("structured.py", [
  String(N_GROUP),
  String(N_WAITFOR),
  String(N_ASCOMPLETED),
]);
const pyRow = (value: number | undefined) => ({
  subject: "CPython 3.13 asyncio",
  value: value ?? null,
  unit: "s",
  note: "python3.13 not found",
});

const cases: Case[] = [
  {
    name: "TaskGroup spawning 100k children",
    better: "lower",
    target: ">= 10x CPython",
    rows: [
      { subject: "tsio", value: tsioGroup, unit: "s" },
      pyRow(py?.taskgroup),
      { subject: "native (Promise.all)", value: nativeGroup, unit: "s" },
    ],
  },
  {
    name: "waitFor, timeout never fires, 1M times",
    better: "lower",
    target: ">= 10x CPython",
    rows: [
      { subject: "tsio", value: tsioWaitFor, unit: "s" },
      pyRow(py?.waitfor),
      { subject: "native (Promise.race + setTimeout)", value: nativeWaitFor, unit: "s" },
    ],
  },
  {
    name: "asCompleted over 100k tasks",
    better: "lower",
    target: ">= 10x CPython",
    rows: [
      { subject: "tsio", value: tsioAsCompleted, unit: "s" },
      pyRow(py?.ascompleted),
      { subject: "native (settle queue + for await)", value: nativeAsCompletedTime, unit: "s" },
    ],
  },
];
printTable("Structured concurrency (TaskGroup, waitFor, asCompleted)", cases);
