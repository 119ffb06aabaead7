// Property tests: random interleavings of producers, consumers, lock users and cancellations.
import { CancelledError, type Coroutine, getRunningLoop } from "@tsio/future";
import { createTask, gatherAll, sleep, type Task } from "@tsio/task";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { Lock, Queue, QueueShutDown, Semaphore } from "../src/index.js";
import { runOn } from "./helpers.js";

/** A delay: mostly 0 (one loop iteration) or a few virtual milliseconds, so tasks interleave. */
const delay = fc.integer({ min: 0, max: 2 }).map((n) => n / 1000);
/** Cancellations land on the same virtual milliseconds as wake-ups, to hit the narrow races. */
const cancelAt = fc.record({
  at: fc.integer({ min: 0, max: 12 }).map((n) => n / 1000),
  who: fc.nat(),
  // From a timer callback, or from a task step, which can run in the same loop iteration as
  // a put or release, between the wake-up of a waiter and its step.
  fromTask: fc.boolean(),
});

type Step = { delay: number; cancel: number | null };
type CancelAt = { at: number; who: number; fromTask: boolean };

/** Schedules the cancellations of a scenario against its tasks. */
function scheduleCancels(cancels: CancelAt[], tasks: Task<void>[]): Task<void>[] {
  const loop = getRunningLoop();
  const cancellers: Task<void>[] = [];
  for (const c of cancels) {
    const cancel = () => tasks[c.who % tasks.length]?.cancel();
    if (!c.fromTask) {
      loop.callLater(c.at, cancel);
      continue;
    }
    cancellers.push(
      createTask(
        (function* () {
          yield* sleep(c.at);
          for (let i = 0; i < c.who % 3; i++) yield* sleep(0);
          cancel();
        })(),
      ),
    );
  }
  return cancellers;
}

function* swallowCancel(coro: Coroutine<void>): Coroutine<void> {
  try {
    yield* coro;
  } catch (e) {
    if (!(e instanceof CancelledError)) throw e;
  }
}

describe("Queue: random producers, consumers and cancellations", () => {
  // Each step: a delay after it, and maybe a task to cancel right after it, in the same step,
  // which is when a waiter the put (or get) just woke has not run yet.
  const steps = fc.array(fc.record({ delay, cancel: fc.option(fc.nat(), { freq: 3 }) }), {
    minLength: 1,
    maxLength: 12,
  });
  const scenario = fc.record({
    maxsize: fc.integer({ min: 0, max: 4 }),
    producers: fc.array(steps, { minLength: 1, maxLength: 4 }),
    consumers: fc.array(steps, { minLength: 1, maxLength: 4 }),
    cancels: fc.array(cancelAt, { maxLength: 10 }),
    shutdownAt: fc.option(
      fc.integer({ min: 0, max: 30 }).map((n) => n / 1000),
      { freq: 4 },
    ),
  });

  test("never lose or duplicate an item, never leave a waiter asleep while it could go on", async () => {
    await fc.assert(
      fc.asyncProperty(scenario, (s) => {
        const q = new Queue<number>(s.maxsize);
        // Whenever the loop is idle (every woken task has run), nobody may sleep while they
        // could go on.
        const checkIdle = () => {
          const pendingGetters = q._getters.toArray().filter((f) => !f.done()).length;
          const pendingPutters = q._putters.toArray().filter((f) => !f.done()).length;
          if (q.qsize() > 0) expect(pendingGetters).toBe(0);
          if (!q.full()) expect(pendingPutters).toBe(0);
          if (q._isShutdown) expect(pendingGetters + pendingPutters).toBe(0);
        };
        return runOn(function* () {
          const put: number[] = [];
          const got: number[] = [];
          // A producer may cancel a consumer right after a put (maybe the getter it just
          // woke), a consumer a producer right after a get (maybe the putter it just woke).
          function* producer(p: number, plan: Step[]) {
            for (let j = 0; j < plan.length; j++) {
              yield* q.put(p * 1000 + j);
              put.push(p * 1000 + j); // recorded only when put() returned: the item is in
              yield* after(plan[j] as Step, consumers);
            }
          }
          function* consumer(plan: Step[]) {
            for (const step of plan) {
              got.push(yield* q.get());
              yield* after(step, producers);
            }
          }
          function* after(step: Step, others: Task<void>[]) {
            if (step.cancel !== null) others[step.cancel % others.length]?.cancel();
            yield* sleep(step.delay);
          }
          const producers: Task<void>[] = [];
          const consumers: Task<void>[] = [];
          s.producers.forEach((plan, p) => {
            producers.push(createTask(swallowShutdown(producer(p, plan))));
          });
          for (const plan of s.consumers)
            consumers.push(createTask(swallowShutdown(consumer(plan))));
          const tasks = [...producers, ...consumers];
          scheduleCancels(s.cancels, tasks);
          if (s.shutdownAt !== null) getRunningLoop().callLater(s.shutdownAt, () => q.shutdown());
          yield* sleep(1); // long after every timer
          for (const t of tasks) t.cancel();
          yield* gatherAll(tasks, { returnExceptions: true });
          const left: number[] = [];
          while (!q.empty()) left.push(q.getNowait());
          // Every item put is either gotten or still in the queue, exactly once.
          expect([...got, ...left].sort((a, b) => a - b)).toEqual([...put].sort((a, b) => a - b));
          expect(new Set(got).size).toBe(got.length);
          // Each producer's items come out in its order (FIFO).
          for (let p = 0; p < s.producers.length; p++) {
            const mine = [...got, ...left].filter((x) => Math.floor(x / 1000) === p);
            expect(mine).toEqual([...mine].sort((a, b) => a - b));
          }
        }, checkIdle);
      }),
      { numRuns: 500 },
    );
  });
});

function* swallowShutdown(coro: Coroutine<void>): Coroutine<void> {
  try {
    yield* coro;
  } catch (e) {
    if (!(e instanceof QueueShutDown)) throw e;
  }
}

type Form = "acquire" | "with" | "hold";

describe("Lock and Semaphore: random users with random cancellation", () => {
  const users = fc.array(
    fc.record({
      form: fc.constantFrom<Form>("acquire", "with", "hold"),
      holds: fc.array(delay, { minLength: 1, maxLength: 8 }),
      gap: delay,
      victim: fc.option(fc.nat(), { freq: 3 }),
    }),
    { minLength: 1, maxLength: 8 },
  );
  const scenario = fc.record({
    permits: fc.integer({ min: 1, max: 3 }),
    useLock: fc.boolean(),
    users,
    cancels: fc.array(cancelAt, { maxLength: 10 }),
  });

  test("never held twice (or beyond its permits), never deadlocked, always released", async () => {
    await fc.assert(
      fc.asyncProperty(scenario, (s) => {
        const limit = s.useLock ? 1 : s.permits;
        const prim = s.useLock ? new Lock() : new Semaphore(s.permits);
        // Whenever the loop is idle, nobody may wait while the lock (or a permit) is free.
        const checkIdle = () => {
          const pending = prim._waiters?.toArray().filter((f) => !f.done()).length ?? 0;
          const free = prim instanceof Lock ? !prim.locked() : prim._value > 0;
          if (free) expect(pending).toBe(0);
        };
        return runOn(function* () {
          let inside = 0;
          let maxInside = 0;
          let completed = 0;
          function* critical(hold: number) {
            inside++;
            maxInside = Math.max(maxInside, inside);
            try {
              yield* sleep(hold);
            } finally {
              inside--;
            }
          }
          function* user(form: Form, holds: number[], gap: number, victim: number | null) {
            for (const hold of holds) {
              if (form === "with") {
                yield* prim.with(() => critical(hold));
              } else if (form === "hold") {
                using _held = yield* prim.hold();
                yield* critical(hold);
              } else {
                yield* prim.acquire();
                try {
                  yield* critical(hold);
                } finally {
                  prim.release();
                }
              }
              completed++;
              // Right after a release, the waiter it woke has not run yet: cancel someone.
              if (victim !== null) tasks[victim % tasks.length]?.cancel();
              yield* sleep(gap);
            }
          }
          const tasks: Task<void>[] = [];
          for (const u of s.users) {
            tasks.push(createTask(swallowCancel(user(u.form, u.holds, u.gap, u.victim))));
          }
          const loop = getRunningLoop();
          yield* gatherAll(scheduleCancels(s.cancels, tasks));
          // Everyone finishes (no deadlock) well before this virtual deadline.
          const total = s.users.reduce((n, u) => n + u.holds.length, 0);
          const all = gatherAll(tasks);
          loop.callLater(10 + total, () => all.cancel());
          yield* all;
          expect(maxInside).toBeLessThanOrEqual(limit);
          expect(inside).toBe(0);
          expect(completed).toBeLessThanOrEqual(total);
          // Released on every path: free again, and no waiter left behind.
          if (prim instanceof Lock) {
            expect(prim.locked()).toBe(false);
            expect(prim._waiters?.length ?? 0).toBe(0);
          } else {
            expect(prim._value).toBe(s.permits);
            expect(prim._waiters?.length ?? 0).toBe(0);
          }
        }, checkIdle);
      }),
      { numRuns: 500 },
    );
  });
});
