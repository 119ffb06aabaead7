/**
 * Port of CPython 3.13's Lib/test/test_asyncio/test_waitfor.py, on virtual time (SlowTask's
 * monotonic clock is the loop's clock here).
 */
import { CancelledError, type Coroutine, getRunningLoop, TimeoutError } from "@tsio/future";
import { run } from "@tsio/loop";
import { createTask, shield, sleep, wait, waitFor } from "@tsio/task";
import { describe, expect, test } from "vitest";
import { raises, runTest } from "./run-test.js";

const EPSILON = 0.0001;

/** A task that runs for TASK_TIMEOUT seconds, ignoring cancel requests. */
class SlowTask {
  static readonly TASK_TIMEOUT = 0.2;
  exited = false;
  *run(): Coroutine<void> {
    const loop = getRunningLoop();
    const exitAt = loop.time() + SlowTask.TASK_TIMEOUT;
    for (;;) {
      const tosleep = exitAt - loop.time();
      if (tosleep <= 0) break;
      try {
        yield* sleep(tosleep);
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
      }
    }
    this.exited = true;
  }
}

class FooException extends Error {}

describe("AsyncioWaitForTest", () => {
  test("test_asyncio_wait_for_cancelled", () =>
    runTest(function* () {
      const t = new SlowTask();
      const waitfortask = createTask(waitFor(t.run(), SlowTask.TASK_TIMEOUT * 2));
      yield* sleep(0);
      waitfortask.cancel();
      yield* wait([waitfortask]);
      expect(t.exited).toBe(true);
    }));

  test("test_asyncio_wait_for_timeout", () =>
    runTest(function* (loop) {
      const t = new SlowTask();
      // SlowTask swallows the cancellation and returns: since 3.12 waitFor returns too.
      expect(yield* waitFor(t.run(), SlowTask.TASK_TIMEOUT / 2)).toBeUndefined();
      expect(t.exited).toBe(true);
      expect(loop.time()).toBeCloseTo(0.2);
    }));

  test("test_wait_for_timeout_less_then_0_or_0_future_done", () =>
    runTest(function* (loop) {
      const fut = loop.createFuture<string>();
      fut.setResult("done");
      expect(yield* waitFor(fut, 0)).toBe("done");
      expect(fut.done()).toBe(true);
    }));

  test("test_wait_for_timeout_less_then_0_or_0_coroutine_do_not_started", () =>
    runTest(function* () {
      let fooStarted = false;
      function* foo(): Coroutine<void> {
        fooStarted = true;
      }
      expect(yield* raises(waitFor(foo(), 0))).toBeInstanceOf(TimeoutError);
      expect(fooStarted).toBe(false);
    }));

  for (const timeout of [0, -1]) {
    test(`test_wait_for_timeout_less_then_0_or_0 (timeout=${timeout})`, () =>
      runTest(function* (loop) {
        let fooRunning: boolean | null = null;
        const started = loop.createFuture<void>();
        function* foo(): Coroutine<string> {
          fooRunning = true;
          started.setResult(undefined);
          try {
            yield* sleep(10);
          } finally {
            fooRunning = false;
          }
          return "done";
        }
        const fut = createTask(foo());
        yield* started;
        const e = yield* raises(waitFor(fut, timeout));
        expect(e).toBeInstanceOf(TimeoutError);
        expect((e as Error).cause).toBeInstanceOf(CancelledError);
        expect(fut.done()).toBe(true);
        expect(fut.cancelled()).toBe(true);
        expect(fooRunning).toBe(false);
        expect(loop.time()).toBe(0);
      }));
  }

  test("test_wait_for", () =>
    runTest(function* (loop) {
      let fooRunning: boolean | null = null;
      function* foo(): Coroutine<string> {
        fooRunning = true;
        try {
          yield* sleep(300);
        } finally {
          fooRunning = false;
        }
        return "done";
      }
      const fut = createTask(foo());
      expect(yield* raises(waitFor(fut, 0.1))).toBeInstanceOf(TimeoutError);
      expect(fut.done()).toBe(true);
      expect(fut.cancelled()).toBe(true);
      expect(fooRunning).toBe(false);
      expect(loop.time()).toBeCloseTo(0.1);
    }));

  test("test_wait_for_blocking", () =>
    runTest(function* () {
      function* coro(): Coroutine<string> {
        return "done";
      }
      expect(yield* waitFor(coro(), null)).toBe("done");
      expect(yield* waitFor(coro(), { timeout: null })).toBe("done");
    }));

  test("test_wait_for_race_condition", () =>
    runTest(function* (loop) {
      const fut = loop.createFuture<string>();
      const task = waitFor(fut, 0.2);
      loop.callSoon(() => fut.setResult("ok"));
      expect(yield* task).toBe("ok");
    }));

  test("test_wait_for_cancellation_race_condition", () =>
    runTest(function* () {
      function* inner(): Coroutine<number> {
        expect(yield* raises(sleep(1))).toBeInstanceOf(CancelledError);
        return 1;
      }
      expect(yield* waitFor(inner(), 0.01)).toBe(1);
    }));

  test("test_wait_for_waits_for_task_cancellation", () =>
    runTest(function* () {
      let taskDone = false;
      function* inner(): Coroutine<void> {
        try {
          yield* sleep(10);
        } catch (e) {
          if (e instanceof CancelledError) {
            yield* sleep(EPSILON);
          }
          throw e;
        } finally {
          taskDone = true;
        }
      }
      const innerTask = createTask(inner());
      const e = yield* raises(waitFor(innerTask, EPSILON));
      expect(e).toBeInstanceOf(TimeoutError);
      expect(taskDone).toBe(true);
      expect((e as Error).cause).toBeInstanceOf(CancelledError);
    }));

  test("test_wait_for_waits_for_task_cancellation_w_timeout_0", () =>
    runTest(function* () {
      let taskDone = false;
      function* foo(): Coroutine<void> {
        function* inner(): Coroutine<void> {
          try {
            yield* sleep(10);
          } catch (e) {
            if (e instanceof CancelledError) yield* sleep(EPSILON);
            throw e;
          } finally {
            taskDone = true;
          }
        }
        const innerTask = createTask(inner());
        yield* sleep(EPSILON);
        yield* waitFor(innerTask, 0);
      }
      const e = yield* raises(foo());
      expect(e).toBeInstanceOf(TimeoutError);
      expect(taskDone).toBe(true);
      expect((e as Error).cause).toBeInstanceOf(CancelledError);
    }));

  test("test_wait_for_reraises_exception_during_cancellation", () =>
    runTest(function* () {
      function* foo(): Coroutine<void> {
        function* inner(): Coroutine<void> {
          try {
            yield* sleep(0.2);
          } finally {
            // biome-ignore lint/correctness/noUnsafeFinally: the test is about this
            throw new FooException();
          }
        }
        const innerTask = createTask(inner());
        yield* waitFor(innerTask, EPSILON);
      }
      expect(yield* raises(foo())).toBeInstanceOf(FooException);
    }));

  for (const timeout of [null, 60.0]) {
    test(`test_cancel_wait_for (timeout=${timeout})`, () =>
      runTest(function* (loop) {
        function* blockingCoroutine(): Coroutine<void> {
          const fut = loop.createFuture<void>();
          yield* fut; // never set
        }
        const task = createTask(blockingCoroutine());
        const waitTask = createTask(waitFor(task, timeout));
        loop.callSoon(() => waitTask.cancel());
        expect(yield* raises(waitTask)).toBeInstanceOf(CancelledError);
        // Python issue #23219: cancelling the wait must also cancel the task.
        expect(task.cancelled()).toBe(true);
      }));
  }

  test("test_wait_for_cancel_suppressed", () =>
    runTest(function* () {
      function* return42(): Coroutine<number> {
        try {
          yield* sleep(10);
        } catch (e) {
          if (e instanceof CancelledError) return 42;
          throw e;
        }
        return 0;
      }
      expect(yield* waitFor(return42(), 0.1)).toBe(42);
    }));

  test("test_wait_for_issue86296", () =>
    runTest(function* () {
      function* inner(): Coroutine<string> {
        return "done";
      }
      const innerTask = createTask(inner());
      let reachedEnd = false;
      function* waitForCoro(): Coroutine<void> {
        yield* waitFor(innerTask, 100);
        yield* sleep(1);
        reachedEnd = true;
      }
      const task = createTask(waitForCoro());
      expect(task.done()).toBe(false);
      yield* sleep(0);
      task.cancel();
      expect(yield* raises(task)).toBeInstanceOf(CancelledError);
      expect(innerTask.done()).toBe(true);
      expect(yield* innerTask).toBe("done");
      expect(reachedEnd).toBe(false);
    }));
});

describe("WaitForShieldTests", () => {
  test("test_zero_timeout", () =>
    runTest(function* () {
      function* coro(): Coroutine<string> {
        yield* sleep(0.01);
        return "done";
      }
      const task = createTask(coro());
      const shieldedTask = shield(task);
      expect(yield* raises(waitFor(shieldedTask, 0))).toBeInstanceOf(TimeoutError);
      expect(task.done()).toBe(false);
      expect(task.cancelled()).toBe(false);
      expect(shieldedTask.cancelled()).toBe(true);
      yield* sleep(0.1);
      expect(task.done()).toBe(true);
    }));

  test("test_none_timeout", () =>
    runTest(function* () {
      function* coro(): Coroutine<string> {
        yield* sleep(0.1);
        return "done";
      }
      const task = createTask(coro());
      yield* waitFor(shield(task), null);
      expect(task.done()).toBe(true);
      expect(yield* task).toBe("done");
    }));

  test("test_shielded_timeout", () =>
    runTest(function* () {
      function* coro(): Coroutine<string> {
        yield* sleep(0.1);
        return "done";
      }
      const task = createTask(coro());
      expect(yield* raises(waitFor(shield(task), 0.01))).toBeInstanceOf(TimeoutError);
      expect(task.done()).toBe(false);
      expect(task.cancelled()).toBe(false);
      expect(yield* task).toBe("done");
    }));
});

describe("tsio additions", () => {
  test("seed: wait_for(eternity(), timeout=1.0) prints timeout! after 1 s", () =>
    runTest(function* (loop) {
      const out: string[] = [];
      function* eternity(): Coroutine<void> {
        yield* sleep(4);
        out.push("살았다.");
      }
      try {
        yield* waitFor(eternity(), { timeout: 1.0 });
      } catch (e) {
        if (!(e instanceof TimeoutError)) throw e;
        out.push("timeout!");
      }
      expect(out).toEqual(["timeout!"]);
      expect(loop.time()).toBe(1);
    }));

  test("a Promise can be waited for (on a real clock); NaN is refused", async () => {
    const r = await run(
      (function* () {
        const v = yield* waitFor(Promise.resolve(5), 1);
        const e = yield* raises(waitFor(sleep(1), Number.NaN));
        return [v, (e as Error).message];
      })(),
    );
    expect(r[0]).toBe(5);
    expect(r[1]).toMatch(/Invalid timeout: NaN/);
  });
});
