// Port of CPython 3.13 Lib/test/test_asyncio/test_locks.py: SemaphoreTests.
import { CancelledError, type Future, fromPromise, getRunningLoop, ValueError } from "@tsio/future";
import { createTask, gather, sleep, type Task, taskGroup, waitFor } from "@tsio/task";
import { describe, expect, test } from "vitest";
import { Deque } from "../src/deque.js";
import { BoundedSemaphore, Semaphore } from "../src/index.js";
import { raises, runOn } from "./helpers.js";

const RGX_REPR = /^<(\w+) \[(locked|unlocked)(, value:\d)?(, waiters:\d+)?\]>$/;
const fakeWaiter = { done: () => false, cancelled: () => false } as unknown as Future<boolean>;

describe("Semaphore (test_locks.SemaphoreTests)", () => {
  test("initial value zero", () => {
    expect(new Semaphore(0).locked()).toBe(true);
  });

  test("repr", () =>
    runOn(function* () {
      const sem = new Semaphore();
      expect(String(sem).endsWith("[unlocked, value:1]>")).toBe(true);
      expect(String(sem)).toMatch(RGX_REPR);
      yield* sem.acquire();
      expect(String(sem).endsWith("[locked]>")).toBe(true);
      expect(String(sem)).not.toContain("waiters");
      expect(String(sem)).toMatch(RGX_REPR);
      sem._waiters ??= new Deque();
      sem._waiters.push(fakeWaiter);
      expect(String(sem)).toContain("waiters:1");
      expect(String(sem)).toMatch(RGX_REPR);
      sem._waiters.push(fakeWaiter);
      expect(String(sem)).toContain("waiters:2");
      expect(String(sem)).toMatch(RGX_REPR);
    }));

  test("semaphore", () =>
    runOn(function* () {
      const sem = new Semaphore();
      expect(sem._value).toBe(1);
      expect(() => {
        function* bad() {
          // @ts-expect-error: a Semaphore is not awaitable
          yield* sem;
        }
        bad().next();
      }).toThrow(TypeError);
      expect(sem.locked()).toBe(false);
      expect(sem._value).toBe(1);
    }));

  test("semaphore value", () => {
    expect(() => new Semaphore(-1)).toThrow(ValueError);
  });

  test("acquire", () =>
    runOn(function* () {
      const sem = new Semaphore(3);
      const result: number[] = [];
      expect(yield* sem.acquire()).toBe(true);
      expect(yield* sem.acquire()).toBe(true);
      expect(sem.locked()).toBe(false);
      function* c(n: number) {
        yield* sem.acquire();
        result.push(n);
        return true;
      }
      const t1 = createTask(c(1));
      const t2 = createTask(c(2));
      const t3 = createTask(c(3));
      yield* sleep(0);
      expect(result).toEqual([1]);
      expect(sem.locked()).toBe(true);
      expect(sem._waiters?.length).toBe(2);
      expect(sem._value).toBe(0);

      const t4 = createTask(c(4));
      sem.release();
      sem.release();
      expect(sem._value).toBe(0);

      yield* sleep(0);
      expect(sem._value).toBe(0);
      expect(result.length).toBe(3);
      expect(sem.locked()).toBe(true);
      expect(sem._waiters?.length).toBe(1);
      expect(sem._value).toBe(0);

      expect(t1.done()).toBe(true);
      expect(t1.result()).toBe(true);
      const raceTasks = [t2, t3, t4];
      expect(raceTasks.filter((t) => t.done() && t.result()).length).toBe(2);
      // clean up the locked semaphore
      sem.release();
      yield* gather(...raceTasks);
    }));

  test("acquire cancel", () =>
    runOn(function* () {
      const sem = new Semaphore();
      yield* sem.acquire();
      const acquire = createTask(sem.acquire());
      getRunningLoop().callSoon(() => acquire.cancel());
      yield* raises(CancelledError, acquire);
      const waiters = sem._waiters;
      expect(waiters === null || waiters.toArray().every((w) => w.done())).toBe(true);
    }));

  test("acquire cancel before awoken", () =>
    runOn(function* () {
      const sem = new Semaphore(0);
      const t1 = createTask(sem.acquire());
      const t2 = createTask(sem.acquire());
      const t3 = createTask(sem.acquire());
      const t4 = createTask(sem.acquire());
      yield* sleep(0);
      t1.cancel();
      t2.cancel();
      sem.release();
      yield* sleep(0);
      yield* sleep(0);
      expect([t3, t4].filter((t) => t.done()).length).toBe(1);
      expect(t3.done()).toBe(true);
      expect(t4.done()).toBe(false);
      t3.cancel();
      t4.cancel();
      yield* sleep(0);
    }));

  test("acquire hang", () =>
    runOn(function* () {
      const sem = new Semaphore(0);
      const t1 = createTask(sem.acquire());
      const t2 = createTask(sem.acquire());
      yield* sleep(0);
      t1.cancel();
      sem.release();
      yield* sleep(0);
      yield* sleep(0);
      expect(sem.locked()).toBe(true);
      expect(t2.done()).toBe(true);
    }));

  test("acquire no hang", () =>
    runOn(function* () {
      const sem = new Semaphore(1);
      let t2: Task<void> | null = null;
      function* c1() {
        yield* sem.with(function* () {
          yield* sleep(0);
        });
        t2?.cancel();
      }
      function* c2() {
        yield* sem.with(() => {
          throw new Error("c2 must not get the semaphore");
        });
      }
      const t1 = createTask(c1());
      t2 = createTask(c2());
      const [r1, r2] = yield* gather(t1, t2, { returnExceptions: true });
      expect(r1).toBeUndefined();
      expect(r2).toBeInstanceOf(CancelledError);
      yield* waitFor(sem.acquire(), 1.0);
    }));

  test("release not acquired (BoundedSemaphore)", () => {
    const sem = new BoundedSemaphore();
    expect(() => sem.release()).toThrow(ValueError);
    expect(() => sem.release()).toThrow("BoundedSemaphore released too many times");
  });

  test("release no waiters", () =>
    runOn(function* () {
      const sem = new Semaphore();
      yield* sem.acquire();
      expect(sem.locked()).toBe(true);
      sem.release();
      expect(sem.locked()).toBe(false);
    }));

  test("acquire FIFO order", () =>
    runOn(function* () {
      const sem = new Semaphore(1);
      const result: string[] = [];
      function* coro(tag: string) {
        yield* sem.acquire();
        result.push(`${tag}_1`);
        yield* sleep(0.01);
        sem.release();

        yield* sem.acquire();
        result.push(`${tag}_2`);
        yield* sleep(0.01);
        sem.release();
      }
      yield* taskGroup(function* (tg) {
        tg.createTask(coro("c1"));
        tg.createTask(coro("c2"));
        tg.createTask(coro("c3"));
      });
      expect(result).toEqual(["c1_1", "c2_1", "c3_1", "c1_2", "c2_2", "c3_2"]);
    }));

  test("acquire FIFO order 2", () =>
    runOn(function* () {
      const sem = new Semaphore(1);
      const result: number[] = [];
      function* c1() {
        yield* sem.acquire();
        result.push(1);
        return true;
      }
      function* c2() {
        yield* sem.acquire();
        result.push(2);
        sem.release();
        yield* sem.acquire();
        result.push(4);
        return true;
      }
      function* c3() {
        yield* sem.acquire();
        result.push(3);
        return true;
      }
      const t1 = createTask(c1());
      const t2 = createTask(c2());
      const t3 = createTask(c3());
      yield* sleep(0);
      sem.release();
      sem.release();
      yield* gather(t1, t2, t3);
      expect(result).toEqual([1, 2, 3, 4]);
    }));

  test("acquire FIFO order 3", () =>
    runOn(function* () {
      const sem = new Semaphore(0);
      const result: number[] = [];
      function* c(n: number) {
        yield* sem.acquire();
        result.push(n);
        return true;
      }
      const t1 = createTask(c(1));
      const t2 = createTask(c(2));
      const t3 = createTask(c(3));
      yield* sleep(0);
      t1.cancel();
      yield* sleep(0);
      sem.release();
      sem.release();
      yield* gather(t1, t2, t3, { returnExceptions: true });
      expect(result).toEqual([2, 3]);
    }));

  test("acquire FIFO order 4: a successful acquire wakes the tasks that had to wait for FIFO", () =>
    runOn(function* () {
      const sem = new Semaphore(0);
      const result: number[] = [];
      let t4: Task<boolean> | null = null;
      function* c1() {
        // Waits at once; woken by c2.
        expect(sem._value).toBe(0);
        yield* sem.acquire();
        // Every waiting task has been woken by now.
        expect(sem._value).toBe(0);
        // A fourth task: it must run after c3, not c2.
        t4 = createTask(c4());
        result.push(1);
        return true;
      }
      function* c2() {
        // Releases three times, for c1, c2 and c3.
        sem.release();
        sem.release();
        sem.release();
        expect(sem._value).toBe(2);
        // Locked, because c1 has not woken up yet.
        expect(sem.locked()).toBe(true);
        yield* sem.acquire();
        result.push(2);
        return true;
      }
      function* c3() {
        yield* sem.acquire();
        expect(sem.locked()).toBe(true);
        result.push(3);
        return true;
      }
      function* c4() {
        result.push(4);
        return true;
      }
      const t1 = createTask(c1());
      const t2 = createTask(c2());
      const t3 = createTask(c3());
      yield* sleep(0);
      // Three tasks are in the queue; the first has not woken up yet.
      expect(sem._value).toBe(2);
      expect(sem._waiters?.length).toBe(3);
      yield* sleep(0);
      yield* gather(t1, t2, t3, t4 as unknown as Task<boolean>);
      expect(result).toEqual([1, 2, 3, 4]);
    }));
});

describe("Semaphore: forms and bad input", () => {
  test("using hold() gives the permit back", () =>
    runOn(function* () {
      const sem = new Semaphore(2);
      function* user() {
        using _permit = yield* sem.hold();
        expect(sem._value).toBeLessThan(2);
        yield* sleep(1);
      }
      yield* gather(user(), user(), user());
      expect(sem._value).toBe(2);
    }));

  test("bad initial values are refused with ValueError", () => {
    expect(() => new Semaphore(1.5)).toThrow(ValueError);
    expect(() => new BoundedSemaphore(-2)).toThrow(/BoundedSemaphore initial value must be >= 0/);
    expect(() => new Semaphore(Number.NaN)).toThrow(ValueError);
  });

  test("a BoundedSemaphore released too often stays usable", () =>
    runOn(function* () {
      const sem = new BoundedSemaphore(1);
      expect(() => sem.release()).toThrow(ValueError);
      expect(sem._value).toBe(1);
      yield* sem.acquire();
      expect(sem.locked()).toBe(true);
      sem.release();
      expect(sem.locked()).toBe(false);
    }));

  test("native: acquireAsync and withAsync", () =>
    runOn(function* () {
      const sem = new Semaphore(1);
      const order: string[] = [];
      yield* sem.acquire();
      const native = sem.withAsync(async () => {
        order.push("native in");
        return "done";
      });
      yield* sleep(1);
      order.push("release");
      sem.release();
      expect(yield* fromPromise(native)).toBe("done");
      expect(order).toEqual(["release", "native in"]);
      expect(sem._value).toBe(1);
    }));
});
