// Port of CPython 3.13 Lib/test/test_asyncio/test_locks.py: ConditionTests.
import {
  CancelledError,
  type Future,
  fromPromise,
  getRunningLoop,
  RuntimeError,
  TimeoutError,
} from "@tsio/future";
import { createTask, sleep, timeout, waitFor } from "@tsio/task";
import { describe, expect, test } from "vitest";
import { Condition, Lock } from "../src/index.js";
import { raises, runOn } from "./helpers.js";

const RGX_REPR = /^<(\w+) \[(locked|unlocked)(, waiters:\d+)?\]>$/;
const fakeWaiter = { done: () => true } as unknown as Future<boolean>;

describe("Condition (test_locks.ConditionTests)", () => {
  test("wait", () =>
    runOn(function* () {
      const cond = new Condition();
      const result: number[] = [];
      function* c(n: number) {
        yield* cond.acquire();
        if (yield* cond.wait()) result.push(n);
        return true;
      }
      const t1 = createTask(c(1));
      const t2 = createTask(c(2));
      const t3 = createTask(c(3));

      yield* sleep(0);
      expect(result).toEqual([]);
      expect(cond.locked()).toBe(false);

      expect(yield* cond.acquire()).toBe(true);
      cond.notify();
      yield* sleep(0);
      expect(result).toEqual([]);
      expect(cond.locked()).toBe(true);

      cond.release();
      yield* sleep(0);
      expect(result).toEqual([1]);
      expect(cond.locked()).toBe(true);

      cond.notify(2);
      yield* sleep(0);
      expect(result).toEqual([1]);
      expect(cond.locked()).toBe(true);

      cond.release();
      yield* sleep(0);
      expect(result).toEqual([1, 2]);
      expect(cond.locked()).toBe(true);

      cond.release();
      yield* sleep(0);
      expect(result).toEqual([1, 2, 3]);
      expect(cond.locked()).toBe(true);

      for (const t of [t1, t2, t3]) {
        expect(t.done()).toBe(true);
        expect(t.result()).toBe(true);
      }
    }));

  test("wait cancel", () =>
    runOn(function* () {
      const cond = new Condition();
      yield* cond.acquire();
      const wait = createTask(cond.wait());
      getRunningLoop().callSoon(() => wait.cancel());
      yield* raises(CancelledError, wait);
      expect(cond._waiters.length).toBe(0);
      expect(cond.locked()).toBe(true);
    }));

  test("wait cancel contested", () =>
    runOn(function* () {
      const cond = new Condition();
      yield* cond.acquire();
      expect(cond.locked()).toBe(true);
      const waitTask = createTask(cond.wait());
      yield* sleep(0);
      expect(cond.locked()).toBe(false);
      // Notify, but contest the lock before cancelling.
      yield* cond.acquire();
      expect(cond.locked()).toBe(true);
      cond.notify();
      getRunningLoop().callSoon(() => waitTask.cancel());
      getRunningLoop().callSoon(() => cond.release());
      try {
        yield* waitTask;
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
      }
      expect(cond.locked()).toBe(true);
    }));

  test("wait cancel after notify (bpo-32841)", () =>
    runOn(function* () {
      let waited = false;
      const cond = new Condition();
      function* waitOnCond() {
        yield* cond.with(function* () {
          waited = true;
          yield* cond.wait();
        });
      }
      const waiter = createTask(waitOnCond());
      yield* sleep(0); // start waiting
      yield* cond.acquire();
      cond.notify();
      yield* sleep(0); // get to acquire()
      waiter.cancel();
      yield* sleep(0); // activate cancellation
      cond.release();
      yield* sleep(0); // cancellation should occur
      expect(waiter.cancelled()).toBe(true);
      expect(waited).toBe(true);
    }));

  test("wait unacquired", () =>
    runOn(function* () {
      const cond = new Condition();
      yield* raises(RuntimeError, cond.wait());
    }));

  test("wait for", () =>
    runOn(function* () {
      const cond = new Condition();
      let presult = false;
      const result: number[] = [];
      function* c1() {
        yield* cond.acquire();
        if (yield* cond.waitFor(() => presult)) {
          result.push(1);
          cond.release();
        }
        return true;
      }
      const t = createTask(c1());
      yield* sleep(0);
      expect(result).toEqual([]);

      yield* cond.acquire();
      cond.notify();
      cond.release();
      yield* sleep(0);
      expect(result).toEqual([]);

      presult = true;
      yield* cond.acquire();
      cond.notify();
      cond.release();
      yield* sleep(0);
      expect(result).toEqual([1]);
      expect(t.done()).toBe(true);
      expect(t.result()).toBe(true);
    }));

  test("wait for unacquired", () =>
    runOn(function* () {
      const cond = new Condition();
      // The predicate can be true at once.
      expect(yield* cond.waitFor(() => [1, 2, 3])).toEqual([1, 2, 3]);
      yield* raises(
        RuntimeError,
        cond.waitFor(() => false),
      );
    }));

  test("notify", () =>
    runOn(function* () {
      const cond = new Condition();
      const result: number[] = [];
      function* c(n: number) {
        yield* cond.acquire();
        if (yield* cond.wait()) {
          result.push(n);
          cond.release();
        }
        return true;
      }
      const t1 = createTask(c(1));
      const t2 = createTask(c(2));
      const t3 = createTask(c(3));
      yield* sleep(0);
      expect(result).toEqual([]);

      yield* cond.acquire();
      cond.notify(1);
      cond.release();
      yield* sleep(0);
      expect(result).toEqual([1]);

      yield* cond.acquire();
      cond.notify(1);
      cond.notify(2048);
      cond.release();
      yield* sleep(0);
      expect(result).toEqual([1, 2, 3]);
      for (const t of [t1, t2, t3]) {
        expect(t.done()).toBe(true);
        expect(t.result()).toBe(true);
      }
    }));

  test("notify all", () =>
    runOn(function* () {
      const cond = new Condition();
      const result: number[] = [];
      function* c(n: number) {
        yield* cond.acquire();
        if (yield* cond.wait()) {
          result.push(n);
          cond.release();
        }
        return true;
      }
      const t1 = createTask(c(1));
      const t2 = createTask(c(2));
      yield* sleep(0);
      expect(result).toEqual([]);
      yield* cond.acquire();
      cond.notifyAll();
      cond.release();
      yield* sleep(0);
      expect(result).toEqual([1, 2]);
      for (const t of [t1, t2]) {
        expect(t.done()).toBe(true);
        expect(t.result()).toBe(true);
      }
    }));

  test("notify unacquired", () => {
    const cond = new Condition();
    expect(() => cond.notify()).toThrow(RuntimeError);
  });

  test("notify all unacquired", () => {
    const cond = new Condition();
    expect(() => cond.notifyAll()).toThrow(RuntimeError);
  });

  test("repr", () =>
    runOn(function* () {
      const cond = new Condition();
      expect(String(cond)).toContain("unlocked");
      expect(String(cond)).toMatch(RGX_REPR);
      yield* cond.acquire();
      expect(String(cond)).toContain("locked");
      cond._waiters.push(fakeWaiter);
      expect(String(cond)).toContain("waiters:1");
      expect(String(cond)).toMatch(RGX_REPR);
      cond._waiters.push(fakeWaiter);
      expect(String(cond)).toContain("waiters:2");
      expect(String(cond)).toMatch(RGX_REPR);
    }));

  test("context manager", () =>
    runOn(function* () {
      const cond = new Condition();
      expect(cond.locked()).toBe(false);
      yield* cond.with(() => {
        expect(cond.locked()).toBe(true);
      });
      expect(cond.locked()).toBe(false);
    }));

  test("explicit lock", () =>
    runOn(function* () {
      function* f(lock?: Lock, cond?: Condition) {
        const l = lock ?? new Lock();
        const c = cond ?? new Condition(l);
        expect(c._lock).toBe(l);
        expect(l.locked()).toBe(false);
        expect(c.locked()).toBe(false);
        yield* c.with(() => {
          expect(l.locked()).toBe(true);
          expect(c.locked()).toBe(true);
        });
        expect(l.locked()).toBe(false);
        expect(c.locked()).toBe(false);
        yield* l.with(() => {
          expect(l.locked()).toBe(true);
          expect(c.locked()).toBe(true);
        });
        expect(l.locked()).toBe(false);
        expect(c.locked()).toBe(false);
      }
      yield* f();
      yield* f(new Lock());
      const lock = new Lock();
      yield* f(lock, new Condition(lock));
    }));

  test("ambiguous loops", () =>
    runOn(function* () {
      const other = { name: "another loop" } as never;
      // The lock's loop: acquired at once by the fast path, without any loop.
      {
        const lock = new Lock();
        lock._loop = other;
        yield* lock.with(function* () {
          const cond = new Condition(lock);
          // cond.acquire() has to wait on the lock, which finds the mismatch.
          const e = yield* raises(RuntimeError, cond.acquire());
          expect((e as Error).message).toMatch(/is bound to a different event loop/);
        });
      }
      // The condition's loop.
      {
        const lock = new Lock();
        yield* lock.with(function* () {
          const cond = new Condition(lock);
          cond._loop = other;
          const e = yield* raises(RuntimeError, cond.wait());
          expect((e as Error).message).toMatch(/is bound to a different event loop/);
        });
      }
    }));

  test("timeout in block", () =>
    runOn(function* () {
      const condition = new Condition();
      yield* condition.with(function* () {
        yield* raises(TimeoutError, waitFor(condition.wait(), 0.5));
      });
    }));

  test("cancelled error wakeup: the same CancelledError is re-raised", () =>
    runOn(function* () {
      const wake = false;
      let raised: unknown = null;
      const cond = new Condition();
      function* func() {
        yield* cond.with(function* () {
          raised = yield* raises(
            CancelledError,
            cond.waitFor(() => wake),
          );
          throw raised;
        });
      }
      const task = createTask(func());
      yield* sleep(0);
      // The task waits on the condition: cancel it there.
      task.cancel("foo");
      const err = yield* raises(CancelledError, task);
      expect((err as Error).message).toBe("foo");
      expect(err).toBe(raised);
    }));

  test("cancelled error re-acquire: the same CancelledError is re-raised", () =>
    runOn(function* () {
      let wake = false;
      let raised: unknown = null;
      const cond = new Condition();
      function* func() {
        yield* cond.with(function* () {
          raised = yield* raises(
            CancelledError,
            cond.waitFor(() => wake),
          );
          throw raised;
        });
      }
      const task = createTask(func());
      yield* sleep(0);
      yield* cond.acquire();
      wake = true;
      cond.notify();
      yield* sleep(0);
      // The task is now re-acquiring the lock: cancel it there.
      task.cancel("foo");
      cond.release();
      const err = yield* raises(CancelledError, task);
      expect((err as Error).message).toBe("foo");
      expect(err).toBe(raised);
    }));

  for (const relock of [false, true]) {
    test(`cancelled wakeup${relock ? " while re-acquiring the lock" : ""}: no lost notification`, () =>
      runOn(function* () {
        const condition = new Condition();
        let state = 0;
        function* consumer() {
          yield* condition.with(function* () {
            for (;;) {
              yield* condition.waitFor(() => state !== 0);
              if (state < 0) return;
              state--;
            }
          });
        }
        const c0 = createTask(consumer());
        const c1 = createTask(consumer());
        yield* sleep(0); // let them settle
        yield* condition.with(function* () {
          state++;
          condition.notify(1); // produce one item and wake up one
          // Let the target wake and wait for the lock again.
          if (relock) yield* sleep(0);
          // Cancel it while it waits to run (or for the lock).
          c0.cancel();
          // The item must be consumed: the notification must not be lost to the cancel.
          try {
            yield* timeout(0.01).run(condition.waitFor(() => state === 0));
          } catch (e) {
            if (!(e instanceof TimeoutError)) throw e;
          }
          expect(state).toBe(0);
          state = -1;
          condition.notifyAll();
        });
        yield* c1;
      }));
  }
});

describe("Condition: the async-with forms and native code", () => {
  test("using hold() and wait()", () =>
    runOn(function* () {
      const cond = new Condition();
      const items: number[] = [];
      function* consumer() {
        using _held = yield* cond.hold();
        yield* cond.waitFor(() => items.length > 0);
        return items.shift();
      }
      const t = createTask(consumer());
      yield* sleep(0);
      yield* cond.with(() => {
        items.push(5);
        cond.notify();
      });
      expect(yield* t).toBe(5);
      expect(cond.locked()).toBe(false);
    }));

  test("native: withAsync + waitForAsync", () =>
    runOn(function* () {
      const cond = new Condition();
      let ready = false;
      const seen: string[] = [];
      const waiter = cond.withAsync(async () => {
        await cond.waitForAsync(() => ready);
        seen.push("ready");
      });
      yield* sleep(1);
      yield* cond.with(() => {
        ready = true;
        cond.notifyAll();
      });
      yield* fromPromise(waiter);
      expect(seen).toEqual(["ready"]);
      expect(cond.locked()).toBe(false);
    }));
});
