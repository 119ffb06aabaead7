// Port of CPython 3.13 Lib/test/test_asyncio/test_locks.py: LockTests.
import {
  CancelledError,
  type Future,
  fromPromise,
  getRunningLoop,
  RuntimeError,
} from "@tsio/future";
import { createTask, sleep } from "@tsio/task";
import { describe, expect, test } from "vitest";
import { BoundedSemaphore, Condition, Lock, Semaphore } from "../src/index.js";
import { raises, runOn } from "./helpers.js";

const RGX_REPR =
  /^<(\w+) \[(set|unset|locked|unlocked|filling|draining|resetting|broken)(, value:\d)?(, waiters:\d+)?(, waiters:\d+\/\d+)?\]>$/;

describe("Lock (test_locks.LockTests)", () => {
  test("repr", () =>
    runOn(function* () {
      const lock = new Lock();
      expect(String(lock).endsWith("[unlocked]>")).toBe(true);
      expect(String(lock)).toMatch(RGX_REPR);
      yield* lock.acquire();
      expect(String(lock).endsWith("[locked]>")).toBe(true);
      expect(String(lock)).toMatch(RGX_REPR);
    }));

  test("lock: a Lock itself cannot be awaited", () =>
    runOn(function* () {
      const lock = new Lock();
      expect(() => {
        function* bad() {
          // @ts-expect-error: a Lock is not awaitable
          yield* lock;
        }
        bad().next();
      }).toThrow(TypeError);
      expect(lock.locked()).toBe(false);
    }));

  test("with() releases on every path, for every primitive", () =>
    runOn(function* () {
      const primitives = [new Lock(), new Condition(), new Semaphore(), new BoundedSemaphore()];
      for (const lock of primitives) {
        yield* sleep(0.01);
        expect(lock.locked()).toBe(false);
        yield* lock.with(() => {
          expect(lock.locked()).toBe(true);
        });
        expect(lock.locked()).toBe(false);
        const err = yield* raises(
          Error,
          lock.with(() => {
            throw new Error("boom");
          }),
        );
        expect((err as Error).message).toBe("boom");
        expect(lock.locked()).toBe(false);
      }
    }));

  test("acquire", () =>
    runOn(function* () {
      const lock = new Lock();
      const result: number[] = [];
      expect(yield* lock.acquire()).toBe(true);

      function* c(n: number) {
        if (yield* lock.acquire()) result.push(n);
        return true;
      }
      const t1 = createTask(c(1));
      const t2 = createTask(c(2));

      yield* sleep(0);
      expect(result).toEqual([]);

      lock.release();
      yield* sleep(0);
      expect(result).toEqual([1]);

      yield* sleep(0);
      expect(result).toEqual([1]);

      const t3 = createTask(c(3));

      lock.release();
      yield* sleep(0);
      expect(result).toEqual([1, 2]);

      lock.release();
      yield* sleep(0);
      expect(result).toEqual([1, 2, 3]);

      for (const t of [t1, t2, t3]) {
        expect(t.done()).toBe(true);
        expect(t.result()).toBe(true);
      }
    }));

  test("acquire cancel", () =>
    runOn(function* () {
      const lock = new Lock();
      expect(yield* lock.acquire()).toBe(true);
      const task = createTask(lock.acquire());
      getRunningLoop().callSoon(() => task.cancel());
      yield* raises(CancelledError, task);
      expect(lock._waiters?.length ?? 0).toBe(0);
    }));

  test("cancel race", () =>
    runOn(function* () {
      // A holds the lock, B and C wait; concurrently B is cancelled and A releases: release()
      // must move on to C's waiter instead of crashing on B's.
      const lock = new Lock();
      function* lockit(_name: string, blocker: Future<void> | null) {
        yield* lock.acquire();
        try {
          if (blocker !== null) yield* blocker;
        } finally {
          lock.release();
        }
      }
      const fa = getRunningLoop().createFuture<void>();
      const ta = createTask(lockit("A", fa));
      yield* sleep(0);
      expect(lock.locked()).toBe(true);
      const tb = createTask(lockit("B", null));
      yield* sleep(0);
      expect(lock._waiters?.length).toBe(1);
      const tc = createTask(lockit("C", null));
      yield* sleep(0);
      expect(lock._waiters?.length).toBe(2);

      fa.setResult(undefined);
      tb.cancel();
      expect(lock._waiters?.at(0).cancelled()).toBe(true);
      yield* sleep(0);
      expect(lock.locked()).toBe(false);
      expect(ta.done()).toBe(true);
      expect(tb.cancelled()).toBe(true);
      yield* tc;
    }));

  test("cancel release race (bpo-32734): only one of the waiters gets the lock", () =>
    runOn(function* () {
      const loop = getRunningLoop();
      const lock = new Lock();
      let lockCount = 0;
      let callCount = 0;
      function* lockit() {
        callCount++;
        yield* lock.acquire();
        lockCount++;
      }
      yield* lock.acquire();
      const t1 = createTask(lockit());
      const t2 = createTask(lockit());
      const t3 = createTask(lockit());
      yield* sleep(0); // start the tasks
      loop.callSoon(() => {
        t1.cancel();
        lock.release();
      });
      yield* raises(CancelledError, t1);
      expect(lockCount).toBe(1);
      expect(callCount).toBe(3);
      expect(t1.cancelled() && t2.done()).toBe(true);
      t3.cancel();
      yield* sleep(0);
      expect(t3.cancelled()).toBe(true);
    }));

  test("finished waiter cancelled: the next waiter is woken", () =>
    runOn(function* () {
      const lock = new Lock();
      yield* lock.acquire();
      expect(lock.locked()).toBe(true);
      const tb = createTask(lock.acquire());
      yield* sleep(0);
      expect(lock._waiters?.length).toBe(1);
      // A second waiter; wake the first and cancel it.
      const tc = createTask(lock.acquire());
      tb.cancel();
      lock.release();
      yield* sleep(0);
      expect(lock.locked()).toBe(true);
      expect(tb.cancelled()).toBe(true);
      yield* tc;
    }));

  test("release not acquired", () => {
    const lock = new Lock();
    expect(() => lock.release()).toThrow(RuntimeError);
    expect(() => lock.release()).toThrow("Lock is not acquired.");
  });

  test("release no waiters", () =>
    runOn(function* () {
      const lock = new Lock();
      yield* lock.acquire();
      expect(lock.locked()).toBe(true);
      lock.release();
      expect(lock.locked()).toBe(false);
    }));

  test("context manager", () =>
    runOn(function* () {
      const lock = new Lock();
      expect(lock.locked()).toBe(false);
      yield* lock.with(() => {
        expect(lock.locked()).toBe(true);
      });
      expect(lock.locked()).toBe(false);
    }));
});

describe("Lock: the async-with forms", () => {
  test("with() returns the body's result and releases on cancellation", () =>
    runOn(function* () {
      const lock = new Lock();
      expect(
        yield* lock.with(() => {
          return 42;
        }),
      ).toBe(42);
      const inside: string[] = [];
      const t = createTask(
        lock.with(function* () {
          inside.push("in");
          yield* sleep(10);
          inside.push("never");
        }),
      );
      yield* sleep(1);
      expect(lock.locked()).toBe(true);
      t.cancel();
      yield* raises(CancelledError, t);
      expect(inside).toEqual(["in"]);
      expect(lock.locked()).toBe(false);
    }));

  test("with() cancelled while waiting to acquire does not take the lock", () =>
    runOn(function* () {
      const lock = new Lock();
      yield* lock.acquire();
      let ran = false;
      const t = createTask(
        lock.with(() => {
          ran = true;
        }),
      );
      yield* sleep(0);
      t.cancel();
      yield* raises(CancelledError, t);
      expect(ran).toBe(false);
      expect(lock.locked()).toBe(true);
      lock.release();
      expect(lock.locked()).toBe(false);
    }));

  test("with() runs a plain function body, and refuses a Promise-returning one", () =>
    runOn(function* () {
      const lock = new Lock();
      let counter = 0;
      expect(yield* lock.with(() => ++counter)).toBe(1);
      expect(lock.locked()).toBe(false);
      const e = yield* raises(
        TypeError,
        lock.with(async () => 1),
      );
      expect((e as Error).message).toMatch(/withAsync/);
      expect(lock.locked()).toBe(false);
    }));

  test("using: hold() releases at the end of the block, on error and on cancellation", () =>
    runOn(function* () {
      const lock = new Lock();
      function* ok() {
        using held = yield* lock.hold();
        expect(held.held).toBe(true);
        expect(lock.locked()).toBe(true);
        yield* sleep(0);
        return "ok";
      }
      expect(yield* ok()).toBe("ok");
      expect(lock.locked()).toBe(false);

      function* fails() {
        using _held = yield* lock.hold();
        throw new Error("boom");
      }
      yield* raises(Error, fails());
      expect(lock.locked()).toBe(false);

      function* slow() {
        using _held = yield* lock.hold();
        yield* sleep(100);
      }
      const t = createTask(slow());
      yield* sleep(1);
      expect(lock.locked()).toBe(true);
      t.cancel();
      yield* raises(CancelledError, t);
      expect(lock.locked()).toBe(false);
    }));

  test("a Held disposed twice releases once", () =>
    runOn(function* () {
      const lock = new Lock();
      const held = yield* lock.hold();
      held[Symbol.dispose]();
      expect(held.held).toBe(false);
      yield* lock.acquire();
      held[Symbol.dispose]();
      expect(lock.locked()).toBe(true);
    }));

  test("native async: acquireAsync, withAsync", () =>
    runOn(function* () {
      const lock = new Lock();
      const order: string[] = [];
      yield* lock.acquire();
      const native = (async () => {
        await lock.acquireAsync();
        order.push("native got it");
        lock.release();
        return lock.withAsync(async () => {
          order.push("native with");
          return 7;
        });
      })();
      yield* sleep(0.5);
      order.push("coroutine releases");
      lock.release();
      expect(yield* fromPromise(native)).toBe(7);
      expect(order).toEqual(["coroutine releases", "native got it", "native with"]);
      expect(lock.locked()).toBe(false);
    }));

  test("the acquire() coroutine behaves as a generator when driven by hand", () =>
    runOn(function* () {
      const lock = new Lock();
      // Fast path: done in one step, and stays done.
      const a = lock.acquire();
      expect(a.next()).toEqual({ done: true, value: true });
      expect(a.next()).toEqual({ done: true, value: undefined });
      // throw() before the first step finishes it, with nothing taken.
      const b = lock.acquire();
      expect(() => b.throw(new Error("x"))).toThrow("x");
      expect(lock._waiters?.length ?? 0).toBe(0);
      // return() while waiting leaves the queue, and passes the lock on if it is free.
      const c = lock.acquire();
      const step = c.next();
      expect(step.done).toBe(false);
      expect(lock._waiters?.length).toBe(1);
      const d = createTask(lock.acquire());
      yield* sleep(0);
      lock.release(); // wakes c's waiter, which nobody will run
      expect(c.return(false)).toEqual({ done: true, value: false });
      yield* d; // d got the lock: the wake-up was passed on
      expect(lock.locked()).toBe(true);
      expect(lock._waiters?.length).toBe(0);
    }));

  test("the with() coroutine behaves as the generator it stands for, driven by hand", () =>
    runOn(function* () {
      const lock = new Lock();
      // A body that waits: the steps of the body pass through; released when it returns.
      const w = lock.with(function* () {
        const got = yield* sleep(0, "slept");
        return `${got} inside`;
      });
      const first = w.next();
      expect(first.done).toBe(false); // the body's sleep(0)
      expect(lock.locked()).toBe(true);
      yield* sleep(0);
      expect(lock.locked()).toBe(true);
      // throw() into the body: released, the error comes out
      expect(() => w.throw(new Error("into the body"))).toThrow("into the body");
      expect(lock.locked()).toBe(false);
      expect(w.next()).toEqual({ done: true, value: undefined });

      // return() while the body waits: released
      const r = lock.with(() => sleep(10));
      expect(r.next().done).toBe(false);
      expect(lock.locked()).toBe(true);
      expect(r.return("early" as never)).toEqual({ done: true, value: "early" });
      expect(lock.locked()).toBe(false);

      // return() while waiting for the lock: never held, the queue is left
      yield* lock.acquire();
      const q = lock.with(() => 1);
      expect(q.next().done).toBe(false);
      expect(lock._waiters?.length).toBe(1);
      expect(q.return(undefined as never).done).toBe(true);
      expect(lock._waiters?.length).toBe(0);
      expect(lock.locked()).toBe(true);
      lock.release();

      // throw() before the first step: nothing taken
      const t = lock.with(() => 1);
      expect(() => t.throw(new Error("early"))).toThrow("early");
      expect(lock.locked()).toBe(false);
      expect(() => lock.with(null as never)).toThrow(TypeError);
    }));
});
