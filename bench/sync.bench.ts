/**
 * sync-primitives: Queue(100) producer/consumer and a contended Lock, against CPython 3.13's
 * asyncio (bench/python/sync.py), a minimal native-Promise channel and lock, and the npm
 * libraries users pick for the job, in one run.
 *
 * The yield inside the critical section is `sleep(0)` for tsio and CPython and `await null` for
 * native code: each gives the other tasks one turn, on the loop or on the microtask queue.
 * p-queue is not measured: it runs jobs with a concurrency limit, it is neither a channel nor a
 * lock, and its current major needs Node 22.
 */
import { AsyncMutex } from "@esfx/async-mutex";
import { AsyncQueue } from "@esfx/async-queue";
import { run } from "@tsio/loop";
import { Lock, Queue } from "@tsio/sync-primitives";
import { createTask, gatherAll, sleep, type Task } from "@tsio/task";
import { Channel } from "async-channel";
import { Semaphore as AmSemaphore, Mutex } from "async-mutex";
import { bestOf, type Case, printTable, type Row, runPython } from "./lib.ts";

const N = 1_000_000; // queue items
const TASKS = 100; // lock users
const ITERS = 10_000; // acquisitions per lock user
const MAXSIZE = 100;

// ---- Queue(100): P producers, C consumers, N items -------------------------------------------

function* tsioProducer(q: Queue<number>, n: number): Generator<unknown, void, unknown> {
  for (let i = 0; i < n; i++) yield* q.put(i);
}
function* tsioConsumer(q: Queue<number>, n: number): Generator<unknown, void, unknown> {
  for (let i = 0; i < n; i++) yield* q.get();
}
function* tsioQueueMain(p: number, c: number): Generator<unknown, void, unknown> {
  const q = new Queue<number>(MAXSIZE);
  const tasks: Task<void>[] = [];
  for (let i = 0; i < p; i++) tasks.push(createTask(tsioProducer(q, N / p)));
  for (let i = 0; i < c; i++) tasks.push(createTask(tsioConsumer(q, N / c)));
  yield* gatherAll(tasks);
}

/** The channel one writes by hand with Promises: bounded, FIFO, hands items to waiting getters. */
class NativeChannel<T> {
  private readonly items: T[] = [];
  private readonly getters: ((item: T) => void)[] = [];
  private readonly putters: (() => void)[] = [];
  constructor(private readonly capacity: number) {}
  async put(item: T): Promise<void> {
    const getter = this.getters.shift();
    if (getter !== undefined) return getter(item);
    while (this.items.length >= this.capacity) {
      await new Promise<void>((resolve) => this.putters.push(resolve));
    }
    this.items.push(item);
  }
  get(): Promise<T> {
    if (this.items.length > 0) {
      const item = this.items.shift() as T;
      this.putters.shift()?.();
      return Promise.resolve(item);
    }
    return new Promise<T>((resolve) => this.getters.push(resolve));
  }
}

/** P producer and C consumer loops over a channel given by its put and get. */
async function channelBench(
  p: number,
  c: number,
  put: (item: number) => Promise<unknown> | undefined,
  get: () => Promise<unknown>,
): Promise<void> {
  const work: Promise<void>[] = [];
  for (let i = 0; i < p; i++) {
    work.push(
      (async () => {
        for (let k = 0; k < N / p; k++) {
          const waiting = put(k);
          if (waiting !== undefined) await waiting;
        }
      })(),
    );
  }
  for (let i = 0; i < c; i++) {
    work.push(
      (async () => {
        for (let k = 0; k < N / c; k++) await get();
      })(),
    );
  }
  await Promise.all(work);
}

function nativeQueue(p: number, c: number): Promise<void> {
  const ch = new NativeChannel<number>(MAXSIZE);
  return channelBench(
    p,
    c,
    (k) => ch.put(k),
    () => ch.get(),
  );
}

function asyncChannelQueue(p: number, c: number): Promise<void> {
  const ch = new Channel<number>(MAXSIZE);
  return channelBench(
    p,
    c,
    (k) => ch.push(k),
    () => ch.get(),
  );
}

/**
 * @esfx/async-queue has no capacity: the producer polls its size to stay within 100 items (left
 * unbounded, the queue grows to the whole run and the library slows down quadratically).
 */
function esfxQueue(p: number, c: number): Promise<void> {
  const q = new AsyncQueue<number>();
  const putWhenRoom = async (k: number): Promise<void> => {
    while (q.size >= MAXSIZE) await null;
    q.put(k);
  };
  return channelBench(
    p,
    c,
    (k) => {
      if (q.size < MAXSIZE) {
        q.put(k);
        return undefined;
      }
      return putWhenRoom(k);
    },
    () => q.get(),
  );
}

// ---- Lock: TASKS users x ITERS times acquire / yield / release ------------------------------

function* tsioLockUser(lock: Lock): Generator<unknown, void, unknown> {
  for (let i = 0; i < ITERS; i++) {
    yield* lock.acquire();
    try {
      yield* sleep(0);
    } finally {
      lock.release();
    }
  }
}
function* tsioLockMain(): Generator<unknown, void, unknown> {
  const lock = new Lock();
  const tasks: Task<void>[] = [];
  for (let i = 0; i < TASKS; i++) tasks.push(createTask(tsioLockUser(lock)));
  yield* gatherAll(tasks);
}

function* tsioWithUser(lock: Lock): Generator<unknown, void, unknown> {
  for (let i = 0; i < ITERS; i++) yield* lock.with(() => sleep(0));
}
function* tsioWithMain(): Generator<unknown, void, unknown> {
  const lock = new Lock();
  const tasks: Task<void>[] = [];
  for (let i = 0; i < TASKS; i++) tasks.push(createTask(tsioWithUser(lock)));
  yield* gatherAll(tasks);
}

/** The lock one writes by hand with Promises: FIFO, hands the lock to the next waiter. */
class NativeLock {
  private locked = false;
  private readonly waiters: (() => void)[] = [];
  acquire(): Promise<void> {
    if (!this.locked) {
      this.locked = true;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => this.waiters.push(resolve));
  }
  release(): void {
    const next = this.waiters.shift();
    if (next !== undefined) next();
    else this.locked = false;
  }
}

async function lockBench(acquire: () => Promise<() => void>): Promise<void> {
  const users: Promise<void>[] = [];
  for (let t = 0; t < TASKS; t++) {
    users.push(
      (async () => {
        for (let i = 0; i < ITERS; i++) {
          const release = await acquire();
          try {
            await null;
          } finally {
            release();
          }
        }
      })(),
    );
  }
  await Promise.all(users);
}

// ---- run ------------------------------------------------------------------------------------

const R = 3;
const queueRows = async (p: number, c: number): Promise<Row[]> => [
  {
    subject: "tsio Queue(100)",
    value: N / (await bestOf(R, () => run(tsioQueueMain(p, c)))),
    unit: "items/s",
  },
  {
    subject: "native Promise channel",
    value: N / (await bestOf(R, () => nativeQueue(p, c))),
    unit: "items/s",
  },
  {
    subject: "async-channel Channel(100)",
    value: N / (await bestOf(R, () => asyncChannelQueue(p, c))),
    unit: "items/s",
  },
  {
    subject: "@esfx/async-queue (size polled)",
    value: N / (await bestOf(R, () => esfxQueue(p, c))),
    unit: "items/s",
  },
];
const q11 = await queueRows(1, 1);
const q1010 = await queueRows(10, 10);

const L = TASKS * ITERS;
const nativeLock = new NativeLock();
const amMutex = new Mutex();
const amSemaphore = new AmSemaphore(1);
const esfxMutex = new AsyncMutex();
const lockRows: Row[] = [
  {
    subject: "tsio Lock (acquire/release)",
    value: L / (await bestOf(R, () => run(tsioLockMain()))),
    unit: "acq/s",
  },
  {
    subject: "tsio lock.with()",
    value: L / (await bestOf(R, () => run(tsioWithMain()))),
    unit: "acq/s",
  },
  {
    subject: "native Promise lock",
    value:
      L /
      (await bestOf(R, () =>
        lockBench(() => nativeLock.acquire().then(() => () => nativeLock.release())),
      )),
    unit: "acq/s",
  },
  {
    subject: "async-mutex Mutex",
    value: L / (await bestOf(R, () => lockBench(() => amMutex.acquire()))),
    unit: "acq/s",
  },
  {
    subject: "async-mutex Semaphore(1)",
    value:
      L /
      (await bestOf(R, () =>
        lockBench(() => amSemaphore.acquire().then(([, release]) => release)),
      )),
    unit: "acq/s",
  },
  {
    subject: "@esfx/async-mutex",
    value:
      L / (await bestOf(R, () => lockBench(() => esfxMutex.lock().then((h) => () => h.unlock())))),
    unit: "acq/s",
  },
];

const py = runPython<{ queue_1_1: number; queue_10_10: number; lock: number }>("sync.py", [
  String(N),
  String(TASKS),
  String(ITERS),
]);
const pyRow = (seconds: number | undefined, ops: number, unit: string): Row => ({
  subject: "CPython 3.13 asyncio",
  value: seconds === undefined ? null : ops / seconds,
  unit,
  note: "python3.13 not found",
});
const withPy = (rows: Row[], extra: Row): Row[] => [rows[0] as Row, extra, ...rows.slice(1)];

const cases: Case[] = [
  {
    name: "Queue(100), 1 producer / 1 consumer, 1M items",
    better: "higher",
    target: ">= 8M items/s, ahead of every npm library",
    rows: withPy(q11, pyRow(py?.queue_1_1, N, "items/s")),
  },
  {
    name: "Queue(100), 10 producers / 10 consumers, 1M items",
    better: "higher",
    target: "ahead of every npm library",
    rows: withPy(q1010, pyRow(py?.queue_10_10, N, "items/s")),
  },
  {
    name: "Lock, 100 tasks x 10k acquire / sleep(0) / release",
    better: "higher",
    target: ">= 4M acq/s, ahead of every npm library",
    rows: withPy(lockRows, pyRow(py?.lock, L, "acq/s")),
  },
];
printTable("sync-primitives (Queue, Lock)", cases);
