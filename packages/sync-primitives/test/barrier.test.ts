// Port of CPython 3.13 Lib/test/test_asyncio/test_locks.py: BarrierTests.
import {
  BrokenBarrierError,
  CancelledError,
  type Coroutine,
  fromPromise,
  RuntimeError,
  ValueError,
} from "@tsio/future";
import { createTask, gather, gatherAll, sleep, type Task } from "@tsio/task";
import { describe, expect, test } from "vitest";
import { Barrier } from "../src/index.js";
import { raises, runOn } from "./helpers.js";

const RGX_REPR = /^<(\w+) \[(filling|draining|resetting|broken)(, waiters:\d+\/\d+)?\]>$/;
const N = 5;

function makeTasks<T>(n: number, coro: () => Coroutine<T>): Task<T>[] {
  const tasks: Task<T>[] = [];
  for (let i = 0; i < n; i++) tasks.push(createTask(coro()));
  return tasks;
}

function* gatherTasks<T>(n: number, coro: () => Coroutine<T>): Coroutine<T[]> {
  return yield* gatherAll(makeTasks(n, coro));
}

describe("Barrier (test_locks.BarrierTests)", () => {
  test("barrier", () =>
    runOn(function* () {
      const barrier = new Barrier(N);
      expect(String(barrier)).toContain("filling");
      expect(() => {
        function* bad() {
          // @ts-expect-error: a Barrier is not awaitable
          yield* barrier;
        }
        bad().next();
      }).toThrow(TypeError);
      expect(String(barrier)).toContain("filling");
    }));

  test("repr", () =>
    runOn(function* () {
      const barrier = new Barrier(N);
      expect(String(barrier)).toMatch(RGX_REPR);
      expect(String(barrier)).toContain("filling");
      const waiters: Task<number>[] = [];
      const incr = 2;
      for (let i = 0; i < incr; i++) waiters.push(createTask(barrier.wait()));
      yield* sleep(0);
      expect(String(barrier)).toMatch(RGX_REPR);
      expect(String(barrier)).toContain(`waiters:${incr}/${N}`);
      expect(String(barrier)).toContain("filling");

      // the missing waiters
      for (let i = 0; i < barrier.parties - barrier.nWaiting; i++) {
        waiters.push(createTask(barrier.wait()));
      }
      yield* sleep(0);
      expect(String(barrier)).toMatch(RGX_REPR);
      expect(String(barrier)).toContain("draining");

      // a part of the waiters, then reset
      for (let i = 0; i < incr; i++) waiters.push(createTask(barrier.wait()));
      yield* sleep(0);
      yield* barrier.reset();
      expect(String(barrier)).toMatch(RGX_REPR);
      expect(String(barrier)).toContain("resetting");

      // a part of the waiters again, then abort
      for (let i = 0; i < incr; i++) waiters.push(createTask(barrier.wait()));
      yield* sleep(0);
      yield* barrier.abort();
      expect(String(barrier)).toMatch(RGX_REPR);
      expect(String(barrier)).toContain("broken");
      expect(barrier.broken).toBe(true);

      yield* gatherAll(waiters, { returnExceptions: true });
    }));

  test("barrier parties", () => {
    expect(() => new Barrier(0)).toThrow(ValueError);
    expect(() => new Barrier(-4)).toThrow(ValueError);
    expect(new Barrier(N)).toBeInstanceOf(Barrier);
  });

  test("context manager", () =>
    runOn(function* () {
      const n = 3;
      const barrier = new Barrier(n);
      const results: number[] = [];
      yield* gatherTasks(n, () =>
        barrier.with((i) => {
          results.push(i);
        }),
      );
      expect([...results].sort()).toEqual([0, 1, 2]);
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
    }));

  test("filling one task", () =>
    runOn(function* () {
      const barrier = new Barrier(1);
      const ret = yield* barrier.with(() => true);
      expect(ret).toBe(true);
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
    }));

  test("filling one task twice", () =>
    runOn(function* () {
      const barrier = new Barrier(1);
      const t1 = createTask(barrier.wait());
      yield* sleep(0);
      expect(barrier.nWaiting).toBe(0);
      const t2 = createTask(barrier.wait());
      yield* sleep(0);
      expect(t1.result()).toBe(t2.result());
      expect(t1.done()).toBe(t2.done());
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
    }));

  test("filling task by task", () =>
    runOn(function* () {
      const barrier = new Barrier(3);
      const t1 = createTask(barrier.wait());
      yield* sleep(0);
      expect(barrier.nWaiting).toBe(1);
      expect(String(barrier)).toContain("filling");
      const t2 = createTask(barrier.wait());
      yield* sleep(0);
      expect(barrier.nWaiting).toBe(2);
      expect(String(barrier)).toContain("filling");
      const t3 = createTask(barrier.wait());
      yield* sleep(0);
      yield* gather(t1, t2, t3);
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
    }));

  test("filling tasks wait twice", () =>
    runOn(function* () {
      const barrier = new Barrier(N);
      const results: boolean[] = [];
      yield* gatherTasks(N, () =>
        barrier.with(function* () {
          results.push(true);
          yield* barrier.with(() => {
            results.push(false);
          });
        }),
      );
      expect(results.length).toBe(N * 2);
      expect(results.filter((r) => r).length).toBe(N);
      expect(results.filter((r) => !r).length).toBe(N);
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
    }));

  test("filling tasks check return value", () =>
    runOn(function* () {
      const barrier = new Barrier(N);
      const results1: boolean[] = [];
      const results2: boolean[] = [];
      const res = yield* gatherTasks(N, () =>
        barrier.with(function* () {
          results1.push(true);
          return yield* barrier.with((i) => {
            results2.push(true);
            return i;
          });
        }),
      );
      expect(results1).toEqual(Array(N).fill(true));
      expect(results2).toEqual(Array(N).fill(true));
      expect([...res].sort()).toEqual([0, 1, 2, 3, 4]);
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
    }));

  test("draining state", () =>
    runOn(function* () {
      const barrier = new Barrier(N);
      const results: boolean[] = [];
      yield* gatherTasks(N, () =>
        barrier.with(() => {
          // the state changes to filling when the last task leaves
          results.push(String(barrier).includes("draining"));
        }),
      );
      expect(results.length).toBe(N);
      expect(results[N - 1]).toBe(false);
      expect(results.slice(0, N - 1).every((r) => r)).toBe(true);
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
    }));

  test("blocking tasks while draining", () =>
    runOn(function* () {
      const rewait = 2;
      const barrier = new Barrier(N);
      const barrierNowaiting = new Barrier(N - rewait);
      let rewaitN = rewait;
      function* coro() {
        yield* barrier.wait(); // first time
        if (rewaitN > 0) {
          rewaitN--;
          yield* barrier.wait(); // again, only for the rewait tasks
        } else {
          yield* barrierNowaiting.wait(); // the end of draining
          yield* barrier.wait(); // the other waiting tasks
        }
      }
      // success means barrierNowaiting was waited for exactly N - rewait times
      yield* gatherTasks(N, coro);
    }));

  test("filling tasks cancel one", () =>
    runOn(function* () {
      const barrier = new Barrier(3);
      const results: boolean[] = [];
      function* coro() {
        yield* barrier.wait();
        results.push(true);
      }
      const t1 = createTask(coro());
      yield* sleep(0);
      expect(barrier.nWaiting).toBe(1);
      const t2 = createTask(coro());
      yield* sleep(0);
      expect(barrier.nWaiting).toBe(2);
      t1.cancel();
      yield* sleep(0);
      expect(barrier.nWaiting).toBe(1);
      yield* raises(CancelledError, t1);
      expect(t1.cancelled()).toBe(true);
      const t3 = createTask(coro());
      yield* sleep(0);
      expect(barrier.nWaiting).toBe(2);
      const t4 = createTask(coro());
      yield* gather(t2, t3, t4);
      expect(results).toEqual([true, true, true]);
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
    }));

  test("reset barrier", () =>
    runOn(function* () {
      const barrier = new Barrier(1);
      createTask(barrier.reset());
      yield* sleep(0);
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(false);
    }));

  test("reset barrier while tasks waiting", () =>
    runOn(function* () {
      const barrier = new Barrier(N);
      const results: boolean[] = [];
      function* coro() {
        try {
          yield* barrier.wait();
        } catch (e) {
          if (!(e instanceof BrokenBarrierError)) throw e;
          results.push(true);
        }
      }
      // N-1 tasks wait on a barrier of N parties
      const tasks = makeTasks(N - 1, coro);
      yield* sleep(0);
      createTask(barrier.reset());
      yield* gatherAll(tasks);
      expect(results).toEqual(Array(N - 1).fill(true));
      expect(barrier.nWaiting).toBe(0);
      expect(String(barrier)).not.toContain("resetting");
      expect(barrier.broken).toBe(false);
    }));

  test("reset barrier when tasks half draining", () =>
    runOn(function* () {
      const barrier = new Barrier(N);
      const results1: boolean[] = [];
      const restOfTasks = Math.floor(N / 2);
      function* coro() {
        try {
          yield* barrier.wait();
        } catch (e) {
          if (!(e instanceof BrokenBarrierError)) throw e;
          results1.push(true); // the waiting tasks
          return;
        }
        // a drained task, outside the barrier
        if (restOfTasks === barrier._count) yield* barrier.reset();
      }
      yield* gatherTasks(N, coro);
      expect(results1).toEqual(Array(restOfTasks).fill(true));
      expect(barrier.nWaiting).toBe(0);
      expect(String(barrier)).not.toContain("resetting");
      expect(barrier.broken).toBe(false);
    }));

  test("reset barrier when tasks half draining half blocking", () =>
    runOn(function* () {
      const barrier = new Barrier(N);
      const results1: boolean[] = [];
      const results2: boolean[] = [];
      const blockingTasks = Math.floor(N / 2);
      let count = 0;
      function* coro() {
        try {
          yield* barrier.wait();
        } catch (e) {
          if (!(e instanceof BrokenBarrierError)) throw e;
          results1.push(true); // still waiting tasks
          yield* barrier.wait(); // wait again to reach the parties
          return;
        }
        count++;
        if (count > blockingTasks) {
          // reset now: BrokenBarrierError for the waiting tasks
          yield* barrier.reset();
          yield* barrier.wait(); // wait again to reach the parties
        } else {
          try {
            yield* barrier.wait();
          } catch (e) {
            if (!(e instanceof BrokenBarrierError)) throw e;
            results2.push(true); // no catch here: blocked tasks go on waiting
          }
        }
      }
      yield* gatherTasks(N, coro);
      expect(results1).toEqual(Array(blockingTasks).fill(true));
      expect(results2).toEqual([]);
      expect(barrier.nWaiting).toBe(0);
      expect(String(barrier)).not.toContain("resetting");
      expect(barrier.broken).toBe(false);
    }));

  test("reset barrier while tasks waiting and waiting again", () =>
    runOn(function* () {
      const barrier = new Barrier(N);
      const results1: boolean[] = [];
      const results2: boolean[] = [];
      function* coro1() {
        try {
          yield* barrier.wait();
        } catch (e) {
          if (!(e instanceof BrokenBarrierError)) throw e;
          results1.push(true);
        } finally {
          yield* barrier.wait();
          results2.push(true);
        }
      }
      function* coro2() {
        yield* barrier.with(() => {
          results2.push(true);
        });
      }
      const tasks = makeTasks(N - 1, coro1);
      // reset: the N-1 waiting tasks get BrokenBarrierError
      createTask(barrier.reset());
      yield* sleep(0);
      // complete the waiting tasks in their finally
      createTask(coro2());
      yield* gatherAll(tasks);
      expect(barrier.broken).toBe(false);
      expect(results1).toEqual(Array(N - 1).fill(true));
      expect(results2).toEqual(Array(N).fill(true));
      expect(barrier.nWaiting).toBe(0);
    }));

  test("reset barrier while tasks draining", () =>
    runOn(function* () {
      const barrier = new Barrier(N);
      const results1: boolean[] = [];
      const results2: boolean[] = [];
      const results3: boolean[] = [];
      let count = 0;
      function* coro() {
        yield* barrier.wait();
        count++;
        if (count === N) {
          // the last task out of the barrier
          yield* barrier.reset();
          yield* barrier.wait(); // wait here to reach the parties
        } else {
          try {
            yield* barrier.wait(); // second wait
            results1.push(true); // N-1 tasks here
          } catch (e) {
            if (e instanceof CancelledError) throw e;
            results2.push(true); // never here
          }
        }
        // pass the barrier again: the last wait must complete
        yield* barrier.wait();
        results3.push(true);
      }
      yield* gatherTasks(N, coro);
      expect(barrier.broken).toBe(false);
      expect(results1).toEqual(Array(N - 1).fill(true));
      expect(results2).toEqual([]);
      expect(results3).toEqual(Array(N).fill(true));
      expect(barrier.nWaiting).toBe(0);
    }));

  test("abort barrier", () =>
    runOn(function* () {
      const barrier = new Barrier(1);
      createTask(barrier.abort());
      yield* sleep(0);
      expect(barrier.nWaiting).toBe(0);
      expect(barrier.broken).toBe(true);
    }));

  test("abort barrier when tasks half draining half blocking", () =>
    runOn(function* () {
      const barrier = new Barrier(N);
      const results1: boolean[] = [];
      const results2: boolean[] = [];
      const blockingTasks = Math.floor(N / 2);
      let count = 0;
      function* coro() {
        try {
          yield* barrier.wait();
        } catch (e) {
          if (!(e instanceof BrokenBarrierError)) throw e;
          results1.push(true); // tasks waiting to drain
          return;
        }
        count++;
        if (count > blockingTasks) {
          yield* barrier.abort(); // BrokenBarrierError for every task
        } else {
          try {
            yield* barrier.wait();
          } catch (e) {
            if (!(e instanceof BrokenBarrierError)) throw e;
            results2.push(true); // blocked tasks (already drained)
          }
        }
      }
      yield* gatherTasks(N, coro);
      expect(barrier.broken).toBe(true);
      expect(results1).toEqual(Array(blockingTasks).fill(true));
      expect(results2).toEqual(Array(N - blockingTasks - 1).fill(true));
      expect(barrier.nWaiting).toBe(0);
      expect(String(barrier)).not.toContain("resetting");
    }));

  test("abort barrier when exception", () =>
    runOn(function* () {
      // from threading.Barrier: see lock_tests.test_reset
      const barrier = new Barrier(N);
      const results1: boolean[] = [];
      const results2: boolean[] = [];
      function* coro() {
        try {
          yield* barrier.with((i) => {
            if (i === Math.floor(N / 2)) throw new RuntimeError();
          });
          yield* barrier.with(() => {
            results1.push(true);
          });
        } catch (e) {
          if (e instanceof BrokenBarrierError) results2.push(true);
          else if (e instanceof RuntimeError) yield* barrier.abort();
          else throw e;
        }
      }
      yield* gatherTasks(N, coro);
      expect(barrier.broken).toBe(true);
      expect(results1).toEqual([]);
      expect(results2).toEqual(Array(N - 1).fill(true));
      expect(barrier.nWaiting).toBe(0);
    }));

  test("abort barrier when exception then resetting", () =>
    runOn(function* () {
      // from threading.Barrier: see lock_tests.test_abort_and_reset
      const barrier1 = new Barrier(N);
      const barrier2 = new Barrier(N);
      const results1: boolean[] = [];
      const results2: boolean[] = [];
      const results3: boolean[] = [];
      function* coro() {
        try {
          const i = yield* barrier1.wait();
          if (i === Math.floor(N / 2)) throw new RuntimeError();
          yield* barrier1.wait();
          results1.push(true);
        } catch (e) {
          if (e instanceof BrokenBarrierError) results2.push(true);
          else if (e instanceof RuntimeError) yield* barrier1.abort();
          else throw e;
        }
        // Synchronize and reset the barrier: synchronize first so that everyone has left it
        // when we reset, and after so that no one enters it before the reset.
        const i = yield* barrier2.wait();
        if (i === Math.floor(N / 2)) yield* barrier1.reset();
        yield* barrier2.wait();
        yield* barrier1.wait();
        results3.push(true);
      }
      yield* gatherTasks(N, coro);
      expect(barrier1.broken).toBe(false);
      expect(results1).toEqual([]);
      expect(results2).toEqual(Array(N - 1).fill(true));
      expect(results3).toEqual(Array(N).fill(true));
      expect(barrier1.nWaiting).toBe(0);
    }));
});

describe("Barrier: bad input and native code", () => {
  test("parties must be a positive integer", () => {
    expect(() => new Barrier(2.5)).toThrow(ValueError);
    expect(() => new Barrier(0)).toThrow("parties must be > 0");
    expect(() => new Barrier(Number.NaN)).toThrow(ValueError);
  });

  test("waitAsync from native code meets coroutines", () =>
    runOn(function* () {
      const barrier = new Barrier(3);
      const native = Promise.all([barrier.waitAsync(), barrier.waitAsync()]);
      const mine = yield* barrier.wait();
      const theirs = yield* fromPromise(native);
      expect([mine, ...theirs].sort()).toEqual([0, 1, 2]);
    }));
});
