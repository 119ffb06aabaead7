/**
 * Port of CPython 3.13's Lib/test/test_asyncio/test_timeouts.py, on virtual time. Python's
 * implicit exception context (`__context__`) has no JavaScript counterpart: the cases about it
 * check the explicit `cause` links and which error comes out.
 */
import {
  CancelledError,
  type Coroutine,
  ExceptionGroup,
  getRunningLoop,
  RuntimeError,
  TimeoutError,
} from "@tsio/future";
import {
  createTask,
  currentTask,
  sleep,
  TaskGroup,
  type Timeout,
  timeout,
  timeoutAt,
} from "@tsio/task";
import { describe, expect, test } from "vitest";
import { raises, runTest, thrown } from "./run-test.js";

class ZeroDivisionError extends Error {}
class KeyError extends Error {}
class ValueError extends Error {}

describe("TimeoutTests", () => {
  test("test_timeout_basic", () =>
    runTest(function* () {
      const cm = timeout(0.01);
      expect(yield* raises(cm.run(sleep(10)))).toBeInstanceOf(TimeoutError);
      expect(cm.expired()).toBe(true);
    }));

  test("test_timeout_at_basic", () =>
    runTest(function* (loop) {
      const deadline = loop.time() + 0.01;
      const cm = timeoutAt(deadline);
      expect(yield* raises(cm.run(sleep(10)))).toBeInstanceOf(TimeoutError);
      expect(cm.expired()).toBe(true);
      expect(cm.when()).toBe(deadline);
      expect(loop.time()).toBe(0.01);
    }));

  test("test_nested_timeouts: only the outermost converts", () =>
    runTest(function* (loop) {
      let cancelled = false;
      const deadline = loop.time() + 0.01;
      const cm1 = timeoutAt(deadline);
      const cm2 = timeoutAt(deadline);
      const e = yield* raises(
        cm1.run(function* () {
          try {
            yield* cm2.run(sleep(10));
          } catch (err) {
            if (err instanceof CancelledError) cancelled = true;
            throw err;
          }
        }),
      );
      expect(e).toBeInstanceOf(TimeoutError);
      expect(cancelled).toBe(true);
      expect(cm1.expired()).toBe(true);
      expect(cm2.expired()).toBe(true);
    }));

  test("test_waiter_cancelled", () =>
    runTest(function* () {
      let cancelled = false;
      const e = yield* raises(
        timeout(0.01).run(function* () {
          try {
            yield* sleep(10);
          } catch (err) {
            if (err instanceof CancelledError) cancelled = true;
            throw err;
          }
        }),
      );
      expect(e).toBeInstanceOf(TimeoutError);
      expect(cancelled).toBe(true);
    }));

  test("test_timeout_not_called", () =>
    runTest(function* (loop) {
      const cm = timeout(10);
      yield* cm.run(sleep(0.01));
      const t1 = loop.time();
      expect(cm.expired()).toBe(false);
      expect(cm.when()).toBeGreaterThan(t1);
    }));

  test("test_timeout_disabled / test_timeout_at_disabled", () =>
    runTest(function* () {
      for (const cm of [timeout(null), timeoutAt(null)]) {
        yield* cm.run(sleep(0.01));
        expect(cm.expired()).toBe(false);
        expect(cm.when()).toBeNull();
      }
    }));

  test("test_timeout_zero", () =>
    runTest(function* (loop) {
      const t0 = loop.time();
      const cm = timeout(0);
      expect(yield* raises(cm.run(sleep(10)))).toBeInstanceOf(TimeoutError);
      const t1 = loop.time();
      expect(cm.expired()).toBe(true);
      expect(t0 <= (cm.when() as number) && (cm.when() as number) <= t1).toBe(true);
    }));

  test("test_timeout_zero_sleep_zero", () =>
    runTest(function* (loop) {
      const t0 = loop.time();
      const cm = timeout(0);
      expect(yield* raises(cm.run(sleep(0)))).toBeInstanceOf(TimeoutError);
      expect(cm.expired()).toBe(true);
      expect(cm.when()).toBe(t0);
    }));

  test("test_timeout_in_the_past_sleep_zero", () =>
    runTest(function* (loop) {
      const t0 = loop.time();
      const cm = timeout(-11);
      expect(yield* raises(cm.run(sleep(0)))).toBeInstanceOf(TimeoutError);
      expect(cm.expired()).toBe(true);
      expect(cm.when()).toBe(t0 - 11);
    }));

  test("test_foreign_exception_passed", () =>
    runTest(function* () {
      const cm = timeout(0.01);
      const e = yield* raises(
        cm.run(function* () {
          throw new KeyError();
        }),
      );
      expect(e).toBeInstanceOf(KeyError);
      expect(cm.expired()).toBe(false);
    }));

  test("test_timeout_exception_context: the TimeoutError's cause is the CancelledError", () =>
    runTest(function* () {
      const e = yield* raises(
        timeout(0.01).run(function* () {
          try {
            throw new ZeroDivisionError();
          } finally {
            yield* sleep(1);
          }
        }),
      );
      expect(e).toBeInstanceOf(TimeoutError);
      expect((e as TimeoutError).cause).toBeInstanceOf(CancelledError);
    }));

  test("test_foreign_exception_on_timeout", () =>
    runTest(function* () {
      function* crash(): Coroutine<void> {
        try {
          yield* sleep(1);
        } finally {
          // biome-ignore lint/correctness/noUnsafeFinally: the test is about this
          throw new ZeroDivisionError();
        }
      }
      const e = yield* raises(timeout(0.01).run(crash()));
      expect(e).toBeInstanceOf(ZeroDivisionError);
    }));

  test("test_foreign_exception_on_timeout_2", () =>
    runTest(function* () {
      const e = yield* raises(
        timeout(0.01).run(function* () {
          try {
            try {
              throw new ValueError();
            } finally {
              yield* sleep(1);
            }
          } finally {
            try {
              // biome-ignore lint/correctness/noUnsafeFinally: the test is about this
              throw new KeyError();
            } finally {
              // biome-ignore lint/correctness/noUnsafeFinally: the test is about this
              throw new ZeroDivisionError();
            }
          }
        }),
      );
      expect(e).toBeInstanceOf(ZeroDivisionError);
    }));

  test("test_foreign_cancel_doesnt_timeout_if_not_expired", () =>
    runTest(function* () {
      const cm = timeout(10);
      const e = yield* raises(
        cm.run(function* () {
          currentTask()?.cancel();
          yield* sleep(10);
        }),
      );
      expect(e).toBeInstanceOf(CancelledError);
      expect(cm.expired()).toBe(false);
      currentTask()?.uncancel();
    }));

  test("test_outer_task_is_not_cancelled", () =>
    runTest(function* () {
      function* outer(): Coroutine<void> {
        expect(yield* raises(timeout(0.001).run(sleep(10)))).toBeInstanceOf(TimeoutError);
      }
      const task = createTask(outer());
      yield* task;
      expect(task.cancelled()).toBe(false);
      expect(task.done()).toBe(true);
    }));

  test("test_nested_timeouts_concurrent", () =>
    runTest(function* (loop) {
      const e = yield* raises(
        timeout(0.002).run(function* () {
          yield* timeout(0.1).run(function* () {
            loop.advanceTime(0.01); // time.sleep(0.01): crunch numbers
            yield* sleep(1);
          });
        }),
      );
      expect(e).toBeInstanceOf(TimeoutError);
    }));

  test("test_nested_timeouts_loop_busy", () =>
    runTest(function* (loop) {
      const t0 = loop.time();
      const e = yield* raises(
        timeout(0.1).run(function* () {
          try {
            yield* timeout(0.01).run(function* () {
              loop.advanceTime(0.1); // the loop is busy for a while
              yield* sleep(1);
            });
          } catch (err) {
            if (!(err instanceof TimeoutError)) throw err;
          }
          yield* sleep(10); // interrupted by the outer timeout
        }),
      );
      expect(e).toBeInstanceOf(TimeoutError);
      const t1 = loop.time();
      expect(t0 <= t1 && t1 <= t0 + 1).toBe(true);
    }));

  test("test_reschedule", () =>
    runTest(function* (loop) {
      const fut = loop.createFuture<Timeout>();
      const deadline1 = loop.time() + 10;
      const deadline2 = deadline1 + 20;
      function* f(): Coroutine<void> {
        yield* timeoutAt(deadline1).run(function* (cm) {
          fut.setResult(cm);
          yield* sleep(50);
        });
      }
      const task = createTask(f());
      const cm = yield* fut;
      expect(cm.when()).toBe(deadline1);
      cm.reschedule(deadline2);
      expect(cm.when()).toBe(deadline2);
      cm.reschedule(null);
      expect(cm.when()).toBeNull();
      task.cancel();
      expect(yield* raises(task)).toBeInstanceOf(CancelledError);
      expect(cm.expired()).toBe(false);
    }));

  test("test_repr_active / test_repr_disabled", () =>
    runTest(function* () {
      yield* timeout(10).run(function* (cm) {
        expect(String(cm)).toMatch(/^<Timeout \[active\] when=\d+\.\d*>$/);
      });
      yield* timeout(null).run(function* (cm) {
        expect(String(cm)).toBe("<Timeout [active] when=None>");
      });
    }));

  test("test_repr_expired / test_repr_finished", () =>
    runTest(function* () {
      const cm = timeout(0.01);
      yield* raises(cm.run(sleep(10)));
      expect(String(cm)).toBe("<Timeout [expired]>");
      const cm2 = timeout(10);
      yield* cm2.run(sleep(0));
      expect(String(cm2)).toBe("<Timeout [finished]>");
      expect(String(timeout(1))).toBe("<Timeout [created]>");
    }));

  test("test_nested_timeout_in_finally", () =>
    runTest(function* () {
      let e2: unknown;
      const e1 = yield* raises(
        timeout(0.01).run(function* () {
          try {
            yield* sleep(1);
          } finally {
            e2 = yield* raises(timeout(0.01).run(sleep(10)));
          }
        }),
      );
      expect(e1).toBeInstanceOf(TimeoutError);
      expect(e2).toBeInstanceOf(TimeoutError);
      const e12 = (e1 as TimeoutError).cause;
      const e22 = (e2 as TimeoutError).cause;
      expect(e12).toBeInstanceOf(CancelledError);
      expect(e22).toBeInstanceOf(CancelledError);
      expect(e22).not.toBe(e12);
    }));

  test("test_timeout_after_cancellation", () =>
    runTest(function* () {
      let e: unknown;
      try {
        currentTask()?.cancel();
        yield* sleep(1); // work which will be cancelled
      } catch (err) {
        if (!(err instanceof CancelledError)) throw err;
      } finally {
        e = yield* raises(timeout(0.0).run(sleep(1))); // some cleanup
      }
      expect(e).toBeInstanceOf(TimeoutError);
      expect(currentTask()?.cancelling()).toBe(1);
      currentTask()?.uncancel();
    }));

  test("test_cancel_in_timeout_after_cancellation", () =>
    runTest(function* () {
      let e: unknown;
      try {
        currentTask()?.cancel();
        yield* sleep(1);
      } catch (err) {
        if (!(err instanceof CancelledError)) throw err;
      } finally {
        e = yield* raises(
          timeout(1.0).run(function* () {
            currentTask()?.cancel();
            yield* sleep(2);
          }),
        );
      }
      expect(e).toBeInstanceOf(CancelledError);
      currentTask()?.uncancel();
      currentTask()?.uncancel();
    }));

  test("test_timeout_already_entered / test_timeout_double_enter", () =>
    runTest(function* () {
      const cm = timeout(0.01);
      yield* cm.run(function* () {
        const e = thrown(() => cm.enter());
        expect(e).toBeInstanceOf(RuntimeError);
        expect((e as Error).message).toMatch(/has already been entered/);
      });
      const e = yield* raises(cm.run(sleep(0)));
      expect(e).toBeInstanceOf(RuntimeError);
      expect((e as Error).message).toMatch(/has already been entered.*create a new one/);
    }));

  test("test_timeout_finished", () =>
    runTest(function* () {
      const cm = timeout(0.01);
      yield* cm.run(sleep(0));
      expect(() => cm.reschedule(0.02)).toThrow(/finished/);
    }));

  test("test_timeout_expired", () =>
    runTest(function* () {
      const cm = timeout(0.01);
      yield* raises(cm.run(sleep(1)));
      expect(() => cm.reschedule(0.02)).toThrow(/expired/);
    }));

  test("test_timeout_expiring", () =>
    runTest(function* () {
      yield* timeout(0.01).run(function* (cm) {
        expect(yield* raises(sleep(1))).toBeInstanceOf(CancelledError);
        expect(() => cm.reschedule(0.02)).toThrow(/expiring/);
      });
    }));

  test("test_timeout_not_entered", () =>
    runTest(function* () {
      const cm = timeout(0.01);
      const e = thrown(() => cm.reschedule(0.02));
      expect(e).toBeInstanceOf(RuntimeError);
      expect((e as Error).message).toMatch(/has not been entered/);
    }));

  test("test_timeout_without_task", () =>
    runTest(function* (loop) {
      const cm = timeout(0.01);
      const done = loop.createFuture<unknown>();
      loop.callSoon(() => done.setResult(thrown(() => cm.enter())));
      const e = yield* done;
      expect(e).toBeInstanceOf(RuntimeError);
      expect((e as Error).message).toMatch(/task/);
      expect(() => cm.reschedule(0.02)).toThrow(/has not been entered/);
    }));

  test("test_timeout_taskgroup", () =>
    runTest(function* () {
      function* task(): Coroutine<void> {
        try {
          yield* sleep(2); // interrupted after 0.01 s
        } finally {
          // biome-ignore lint/correctness/noUnsafeFinally: crash in cleanup
          throw new ZeroDivisionError();
        }
      }
      const eg = yield* raises(
        timeout(0.01).run(
          new TaskGroup().run(function* (tg) {
            tg.createTask(task());
            try {
              throw new ValueError();
            } finally {
              yield* sleep(1);
            }
          }),
        ),
      );
      expect(eg).toBeInstanceOf(ExceptionGroup);
      expect((eg as ExceptionGroup).exceptions).toHaveLength(1);
      expect((eg as ExceptionGroup).exceptions[0]).toBeInstanceOf(ZeroDivisionError);
    }));
});

describe("tsio additions", () => {
  test("run() cancels its timer on every path: return, error, cancellation", () =>
    runTest(function* (loop) {
      const cm1 = timeout(5);
      yield* cm1.run(sleep(1));
      const cm2 = timeout(5);
      yield* raises(
        cm2.run(function* () {
          throw new KeyError();
        }),
      );
      const cm3 = timeout(5);
      const t = createTask(cm3.run(sleep(3)));
      yield* sleep(1);
      t.cancel();
      yield* raises(t);
      // Nothing is left on the loop: the next sleep wakes at its own time, not at a timeout's.
      const before = loop.time();
      yield* sleep(10);
      expect(loop.time() - before).toBe(10);
      expect([cm1, cm2, cm3].map((cm) => String(cm))).toEqual([
        "<Timeout [finished]>",
        "<Timeout [finished]>",
        "<Timeout [finished]>",
      ]);
    }));

  test("a generator closed with return() leaves the timeout", () =>
    runTest(function* () {
      const cm = timeout(5);
      const gen = cm.run(sleep(1));
      const task = currentTask();
      expect(task).not.toBeNull();
      // Enter by hand as the task would, then close: the timer must go.
      const loop = getRunningLoop();
      const first = gen.next();
      expect(first.done).toBe(false);
      gen.return(undefined);
      expect(String(cm)).toBe("<Timeout [finished]>");
      expect(loop.time()).toBe(0);
    }));

  test("enter()/exit() by hand", () =>
    runTest(function* () {
      const cm = timeout(0.5).enter();
      let converted: unknown;
      try {
        yield* sleep(1);
      } catch (e) {
        converted = thrown(() => cm.exit(e));
      }
      expect(converted).toBeInstanceOf(TimeoutError);
      expect(() => cm.exit()).toThrow(/Cannot exit a expired Timeout/);
    }));

  test("the block receives the Timeout and can extend it", () =>
    runTest(function* (loop) {
      const r = yield* timeout(1).run(function* (cm) {
        cm.reschedule((cm.when() as number) + 5);
        yield* sleep(3);
        return "done";
      });
      expect(r).toBe("done");
      expect(loop.time()).toBe(3);
    }));

  test("bad input: NaN and non-numbers", () =>
    runTest(function* () {
      expect(() => timeout(Number.NaN)).toThrow(/Invalid delay: NaN.*null for no delay/);
      expect(() => timeoutAt(Number.NaN)).toThrow(/Invalid when: NaN/);
      expect(() => timeout("1" as unknown as number)).toThrow(TypeError);
      yield* timeout(1).run(function* (cm) {
        expect(() => cm.reschedule(Number.NaN)).toThrow(/Invalid when: NaN/);
      });
    }));
});
