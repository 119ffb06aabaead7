/**
 * Port of CPython 3.13's Lib/test/test_asyncio/test_taskgroups.py, on virtual time.
 *
 * `async with TaskGroup() as g:` is `yield* taskGroup(function* (g) { ... })`; `except*` is
 * `BaseExceptionGroup.split()`. Left out: contextvars (no JavaScript counterpart) and
 * test_taskgroup_21 (disabled in CPython too). JavaScript has no BaseException: Python's
 * `MyBaseExc(BaseException)` cases use KeyboardInterrupt (a base *error*, raised as is) or are
 * checked with CancelledError-free members.
 */
import {
  BaseExceptionGroup,
  CancelledError,
  type Coroutine,
  ExceptionGroup,
  KeyboardInterrupt,
  RuntimeError,
} from "@tsio/future";
import {
  createTask,
  currentTask,
  sleep,
  TASKGROUP_ABORT_MESSAGE,
  type Task,
  TaskGroup,
  taskGroup,
} from "@tsio/task";
import { describe, expect, test } from "vitest";
import { raises, runTest, thrown } from "./run-test.js";

class MyExc extends Error {}
class ZeroDivisionError extends Error {}
class ValueError extends Error {}

function errorTypes(eg: unknown): Set<unknown> {
  expect(eg).toBeInstanceOf(BaseExceptionGroup);
  return new Set((eg as BaseExceptionGroup).exceptions.map((e) => (e as object).constructor));
}

function* crashAfter(t: number): Coroutine<never> {
  yield* sleep(t);
  throw new ValueError(String(t));
}

describe("TestTaskGroup", () => {
  test("test_taskgroup_01", () =>
    runTest(function* (loop) {
      function* foo1(): Coroutine<number> {
        yield* sleep(0.1);
        return 42;
      }
      function* foo2(): Coroutine<number> {
        yield* sleep(0.2);
        return 11;
      }
      const [t1, t2] = yield* taskGroup(function* (g) {
        return [g.createTask(foo1()), g.createTask(foo2())] as const;
      });
      expect(t1.result()).toBe(42);
      expect(t2.result()).toBe(11);
      expect(loop.time()).toBeCloseTo(0.2);
    }));

  test("test_taskgroup_02", () =>
    runTest(function* () {
      function* foo1(): Coroutine<number> {
        yield* sleep(0.1);
        return 42;
      }
      function* foo2(): Coroutine<number> {
        yield* sleep(0.2);
        return 11;
      }
      const [t1, t2] = yield* taskGroup(function* (g) {
        const t1 = g.createTask(foo1());
        yield* sleep(0.15);
        const t2 = g.createTask(foo2());
        return [t1, t2] as const;
      });
      expect(t1.result()).toBe(42);
      expect(t2.result()).toBe(11);
    }));

  test("test_taskgroup_03: a task cancelled by hand does not stop the group", () =>
    runTest(function* () {
      function* foo1(): Coroutine<number> {
        yield* sleep(1);
        return 42;
      }
      function* foo2(): Coroutine<number> {
        yield* sleep(0.2);
        return 11;
      }
      const [t1, t2] = yield* taskGroup(function* (g) {
        const t1 = g.createTask(foo1());
        yield* sleep(0.15);
        t1.cancel();
        const t2 = g.createTask(foo2());
        return [t1, t2] as const;
      });
      expect(t1.cancelled()).toBe(true);
      expect(t2.result()).toBe(11);
    }));

  test("test_taskgroup_04", () =>
    runTest(function* () {
      let NUM = 0;
      let t2Cancel = false;
      let t2: Task<void> | null = null;
      function* foo1(): Coroutine<void> {
        yield* sleep(0.1);
        throw new ZeroDivisionError();
      }
      function* foo2(): Coroutine<void> {
        try {
          yield* sleep(1);
        } catch (e) {
          if (e instanceof CancelledError) t2Cancel = true;
          throw e;
        }
        NUM += 1;
      }
      function* runner(): Coroutine<void> {
        yield* taskGroup(function* (g) {
          g.createTask(foo1());
          t2 = g.createTask(foo2());
        });
        NUM += 10;
      }
      const e = yield* raises(createTask(runner()));
      expect(e).toBeInstanceOf(ExceptionGroup);
      expect(errorTypes(e)).toEqual(new Set([ZeroDivisionError]));
      expect(NUM).toBe(0);
      expect(t2Cancel).toBe(true);
      expect((t2 as Task<void> | null)?.cancelled()).toBe(true);
    }));

  test("test_cancel_children_on_child_error", () =>
    runTest(function* () {
      let NUM = 0;
      let t2Cancel = false;
      let runnerCancel = false;
      function* foo1(): Coroutine<void> {
        yield* sleep(0.1);
        throw new ZeroDivisionError();
      }
      function* foo2(): Coroutine<void> {
        try {
          yield* sleep(5);
        } catch (e) {
          if (e instanceof CancelledError) t2Cancel = true;
          throw e;
        }
        NUM += 1;
      }
      function* runner(): Coroutine<void> {
        yield* taskGroup(function* (g) {
          g.createTask(foo1());
          g.createTask(foo1());
          g.createTask(foo1());
          g.createTask(foo2());
          try {
            yield* sleep(10);
          } catch (e) {
            if (e instanceof CancelledError) runnerCancel = true;
            throw e;
          }
        });
        NUM += 10;
      }
      const e = yield* raises(createTask(runner()));
      expect(errorTypes(e)).toEqual(new Set([ZeroDivisionError]));
      // On virtual time the three foo1 fail in the same iteration: all three are in the group.
      expect((e as ExceptionGroup).exceptions).toHaveLength(3);
      expect(NUM).toBe(0);
      expect(t2Cancel).toBe(true);
      expect(runnerCancel).toBe(true);
    }));

  test("test_cancellation", () =>
    runTest(function* () {
      let NUM = 0;
      function* foo(): Coroutine<void> {
        try {
          yield* sleep(5);
        } catch (e) {
          if (e instanceof CancelledError) NUM += 1;
          throw e;
        }
      }
      function* runner(): Coroutine<void> {
        yield* taskGroup(function* (g) {
          for (let i = 0; i < 5; i++) g.createTask(foo());
        });
      }
      const r = createTask(runner());
      yield* sleep(0.1);
      expect(r.done()).toBe(false);
      r.cancel();
      expect(yield* raises(r)).toBeInstanceOf(CancelledError);
      expect(NUM).toBe(5);
    }));

  test("test_taskgroup_07", () =>
    runTest(function* () {
      let NUM = 0;
      function* foo(): Coroutine<void> {
        try {
          yield* sleep(5);
        } catch (e) {
          if (e instanceof CancelledError) NUM += 1;
          throw e;
        }
      }
      function* runner(): Coroutine<void> {
        yield* taskGroup(function* (g) {
          for (let i = 0; i < 5; i++) g.createTask(foo());
          try {
            yield* sleep(10);
          } catch (e) {
            if (e instanceof CancelledError) NUM += 10;
            throw e;
          }
        });
      }
      const r = createTask(runner());
      yield* sleep(0.1);
      expect(r.done()).toBe(false);
      r.cancel();
      expect(yield* raises(r)).toBeInstanceOf(CancelledError);
      expect(NUM).toBe(15);
    }));

  test("test_taskgroup_08", () =>
    runTest(function* () {
      function* foo(): Coroutine<void> {
        try {
          yield* sleep(10);
        } finally {
          // biome-ignore lint/correctness/noUnsafeFinally: the test is about this
          throw new ZeroDivisionError();
        }
      }
      function* runner(): Coroutine<void> {
        yield* taskGroup(function* (g) {
          for (let i = 0; i < 5; i++) g.createTask(foo());
          yield* sleep(10);
        });
      }
      const r = createTask(runner());
      yield* sleep(0.1);
      expect(r.done()).toBe(false);
      r.cancel();
      const e = yield* raises(r);
      expect(e).toBeInstanceOf(ExceptionGroup);
      expect(errorTypes(e)).toEqual(new Set([ZeroDivisionError]));
    }));

  test("test_taskgroup_09 / test_taskgroup_10: the block fails", () =>
    runTest(function* () {
      for (const sleepFirst of [true, false]) {
        let t1: Task<number> | undefined;
        let t2: Task<number> | undefined;
        function* foo1(): Coroutine<number> {
          yield* sleep(1);
          return 42;
        }
        function* foo2(): Coroutine<number> {
          yield* sleep(2);
          return 11;
        }
        const e = yield* raises(
          taskGroup(function* (g) {
            t1 = g.createTask(foo1());
            t2 = g.createTask(foo2());
            if (sleepFirst) yield* sleep(0.1);
            throw new ZeroDivisionError();
          }),
        );
        expect(errorTypes(e)).toEqual(new Set([ZeroDivisionError]));
        expect(t1?.cancelled()).toBe(true);
        expect(t2?.cancelled()).toBe(true);
      }
    }));

  test("test_taskgroup_11 / test_taskgroup_12: nested groups", () =>
    runTest(function* () {
      for (const outerTask of [false, true]) {
        function* foo(): Coroutine<void> {
          try {
            yield* sleep(10);
          } finally {
            // biome-ignore lint/correctness/noUnsafeFinally: the test is about this
            throw new ZeroDivisionError();
          }
        }
        function* runner(): Coroutine<void> {
          yield* taskGroup(function* (g1) {
            if (outerTask) g1.createTask(sleep(10));
            yield* taskGroup(function* (g2) {
              for (let i = 0; i < 5; i++) g2.createTask(foo());
              yield* sleep(10);
            });
          });
        }
        const r = createTask(runner());
        yield* sleep(0.1);
        expect(r.done()).toBe(false);
        r.cancel();
        const e = yield* raises(r);
        expect(errorTypes(e)).toEqual(new Set([ExceptionGroup]));
        expect(errorTypes((e as ExceptionGroup).exceptions[0])).toEqual(
          new Set([ZeroDivisionError]),
        );
      }
    }));

  test("test_taskgroup_13", () =>
    runTest(function* () {
      function* runner(): Coroutine<void> {
        yield* taskGroup(function* (g1) {
          g1.createTask(crashAfter(0.1));
          yield* taskGroup(function* (g2) {
            g2.createTask(crashAfter(10));
          });
        });
      }
      const e = yield* raises(createTask(runner()));
      expect(errorTypes(e)).toEqual(new Set([ValueError]));
    }));

  test("test_taskgroup_14", () =>
    runTest(function* () {
      function* runner(): Coroutine<void> {
        yield* taskGroup(function* (g1) {
          g1.createTask(crashAfter(10));
          yield* taskGroup(function* (g2) {
            g2.createTask(crashAfter(0.1));
          });
        });
      }
      const e = yield* raises(createTask(runner()));
      expect(errorTypes(e)).toEqual(new Set([ExceptionGroup]));
      expect(errorTypes((e as ExceptionGroup).exceptions[0])).toEqual(new Set([ValueError]));
    }));

  test("test_taskgroup_15 / test_taskgroup_16", () =>
    runTest(function* () {
      for (const nested of [false, true]) {
        function* crashSoon(): Coroutine<void> {
          yield* sleep(0.3);
          throw new ZeroDivisionError();
        }
        function* nestedRunner(): Coroutine<void> {
          yield* taskGroup(function* (g1) {
            g1.createTask(crashSoon());
            try {
              yield* sleep(10);
            } catch (e) {
              if (e instanceof CancelledError) yield* sleep(0.5);
              throw e;
            }
          });
        }
        function* runner(): Coroutine<void> {
          if (nested) yield* createTask(nestedRunner());
          else yield* nestedRunner();
        }
        const r = createTask(runner());
        yield* sleep(0.1);
        expect(r.done()).toBe(false);
        r.cancel();
        const e = yield* raises(r);
        expect(errorTypes(e)).toEqual(new Set([ZeroDivisionError]));
      }
    }));

  test("test_taskgroup_17", () =>
    runTest(function* () {
      let NUM = 0;
      function* runner(): Coroutine<void> {
        yield* taskGroup(function* () {
          try {
            yield* sleep(10);
          } catch (e) {
            if (e instanceof CancelledError) NUM += 10;
            throw e;
          }
        });
      }
      const r = createTask(runner());
      yield* sleep(0.1);
      expect(r.done()).toBe(false);
      r.cancel();
      expect(yield* raises(r)).toBeInstanceOf(CancelledError);
      expect(NUM).toBe(10);
    }));

  test("test_taskgroup_18", () =>
    runTest(function* () {
      let NUM = 0;
      function* runner(): Coroutine<void> {
        yield* taskGroup(function* () {
          try {
            yield* sleep(10);
          } catch (e) {
            if (e instanceof CancelledError) {
              NUM += 10;
              // This isn't a good idea, but we have to support this weird case.
              throw new MyExc();
            }
            throw e;
          }
        });
      }
      const r = createTask(runner());
      yield* sleep(0.1);
      expect(r.done()).toBe(false);
      r.cancel();
      const e = yield* raises(r);
      expect(e).toBeInstanceOf(ExceptionGroup);
      expect(errorTypes(e)).toEqual(new Set([MyExc]));
      expect(NUM).toBe(10);
    }));

  test("test_taskgroup_19", () =>
    runTest(function* () {
      function* crashSoon(): Coroutine<void> {
        yield* sleep(0.1);
        throw new ZeroDivisionError();
      }
      function* nested(): Coroutine<void> {
        try {
          yield* sleep(10);
        } finally {
          // biome-ignore lint/correctness/noUnsafeFinally: the test is about this
          throw new MyExc();
        }
      }
      function* runner(): Coroutine<void> {
        yield* taskGroup(function* (g) {
          g.createTask(crashSoon());
          yield* nested();
        });
      }
      const e = yield* raises(createTask(runner()));
      expect(e).toBeInstanceOf(ExceptionGroup);
      expect(errorTypes(e)).toEqual(new Set([MyExc, ZeroDivisionError]));
    }));

  test("test_taskgroup_20: KeyboardInterrupt in the block leaves as is", () =>
    runTest(function* () {
      function* crashSoon(): Coroutine<void> {
        yield* sleep(0.1);
        throw new ZeroDivisionError();
      }
      function* nested(): Coroutine<void> {
        try {
          yield* sleep(10);
        } finally {
          // biome-ignore lint/correctness/noUnsafeFinally: the test is about this
          throw new KeyboardInterrupt();
        }
      }
      const e = yield* raises(
        taskGroup(function* (g) {
          g.createTask(crashSoon());
          yield* nested();
        }),
      );
      expect(e).toBeInstanceOf(KeyboardInterrupt);
    }));

  test("a KeyboardInterrupt in a task leaves the group as is (Python's _is_base_error)", () =>
    runTest(function* () {
      function* crashSoon(): Coroutine<void> {
        yield* sleep(0.1);
        throw new KeyboardInterrupt();
      }
      const e = yield* raises(
        taskGroup(function* (g) {
          g.createTask(crashSoon());
          yield* sleep(10);
        }),
      );
      expect(e).toBeInstanceOf(KeyboardInterrupt);
    }));

  test("test_taskgroup_22", () =>
    runTest(function* () {
      function* foo1(): Coroutine<number> {
        yield* sleep(1);
        return 42;
      }
      function* foo2(): Coroutine<number> {
        yield* sleep(2);
        return 11;
      }
      function* runner(): Coroutine<void> {
        yield* taskGroup(function* (g) {
          g.createTask(foo1());
          g.createTask(foo2());
        });
      }
      const r = createTask(runner());
      yield* sleep(0.05);
      r.cancel();
      expect(yield* raises(r)).toBeInstanceOf(CancelledError);
    }));

  test("test_taskgroup_23", () =>
    runTest(function* () {
      function* doJob(delay: number): Coroutine<void> {
        yield* sleep(delay);
      }
      yield* taskGroup(function* (g) {
        for (let count = 0; count < 10; count++) {
          yield* sleep(0.1);
          g.createTask(doJob(0.3));
          if (count === 5) expect(g._tasks.size).toBeLessThan(5);
        }
        yield* sleep(1.35);
        expect(g._tasks.size).toBe(0);
      });
    }));

  test("test_taskgroup_24: tasks create tasks while the group exits", () =>
    runTest(function* () {
      function* coro1(delay: number): Coroutine<void> {
        yield* sleep(delay);
      }
      function* root(g: TaskGroup): Coroutine<void> {
        yield* sleep(0.1);
        g.createTask(coro1(0.1));
        g.createTask(coro1(0.2));
      }
      yield* taskGroup(function* (g) {
        g.createTask(root(g));
      });
    }));

  test("test_taskgroup_25", () =>
    runTest(function* () {
      let nhydras = 0;
      function* hydra(g: TaskGroup): Coroutine<void> {
        nhydras += 1;
        yield* sleep(0.01);
        g.createTask(hydra(g));
        g.createTask(hydra(g));
      }
      function* hercules(): Coroutine<void> {
        while (nhydras < 10) yield* sleep(0.015);
        throw new ZeroDivisionError();
      }
      const e = yield* raises(
        taskGroup(function* (g) {
          g.createTask(hydra(g));
          g.createTask(hercules());
        }),
      );
      expect(errorTypes(e)).toEqual(new Set([ZeroDivisionError]));
      expect(nhydras).toBeGreaterThanOrEqual(10);
    }));

  test("test_taskgroup_task_name", () =>
    runTest(function* () {
      yield* taskGroup(function* (g) {
        const t = g.createTask(sleep(0), { name: "yolo" });
        expect(t.getName()).toBe("yolo");
      });
    }));

  test("test_taskgroup_no_create_task_after_failure", () =>
    runTest(function* () {
      function* coro1(): Coroutine<void> {
        yield* sleep(0.001);
        throw new ZeroDivisionError();
      }
      let refused: unknown;
      function* coro2(g: TaskGroup): Coroutine<void> {
        try {
          yield* sleep(1);
        } catch (e) {
          if (!(e instanceof CancelledError)) throw e;
          refused = thrown(() => g.createTask(coro1()));
        }
      }
      const e = yield* raises(
        taskGroup(function* (g) {
          g.createTask(coro1());
          g.createTask(coro2(g));
        }),
      );
      expect(errorTypes(e)).toEqual(new Set([ZeroDivisionError]));
      expect(refused).toBeInstanceOf(RuntimeError);
      expect((refused as Error).message).toMatch(/is shutting down/);
    }));

  test("test_taskgroup_context_manager_exit_raises", () =>
    runTest(function* () {
      class CustomException extends Error {}
      function* raiseExc(): Coroutine<void> {
        throw new CustomException();
      }
      function* database<T>(body: Coroutine<T>): Coroutine<T> {
        try {
          return yield* body;
        } finally {
          // biome-ignore lint/correctness/noUnsafeFinally: the test is about this
          throw new CustomException();
        }
      }
      function* main(): Coroutine<void> {
        const task = currentTask() as Task<unknown>;
        const e = yield* raises(
          taskGroup(function* (tg) {
            yield* database(
              (function* () {
                tg.createTask(raiseExc());
                yield* sleep(1);
              })(),
            );
          }),
        );
        const [match, rest] = (e as ExceptionGroup).split(CustomException);
        expect(rest).toBeNull();
        expect(task.cancelling()).toBe(0);
        expect(match?.exceptions).toHaveLength(2);
      }
      yield* createTask(main());
    }));

  test("test_taskgroup_already_entered / test_taskgroup_double_enter", () =>
    runTest(function* () {
      const tg = new TaskGroup();
      yield* tg.run(function* () {
        const e = thrown(() => tg.enter());
        expect(e).toBeInstanceOf(RuntimeError);
        expect((e as Error).message).toMatch(/has already been entered/);
      });
      const e = yield* raises(tg.run(function* () {}));
      expect(e).toBeInstanceOf(RuntimeError);
      expect((e as Error).message).toMatch(
        /has already been entered: create a new TaskGroup for each block/,
      );
    }));

  test("test_taskgroup_finished / test_coro_closed_when_tg_closed", () =>
    runTest(function* () {
      const tg = new TaskGroup();
      yield* tg.run(function* () {});
      let started = false;
      const coro = (function* () {
        started = true;
        yield* sleep(0);
      })();
      const e = thrown(() => tg.createTask(coro));
      expect(e).toBeInstanceOf(RuntimeError);
      expect((e as Error).message).toMatch(/is finished.*new TaskGroup/);
      // The coroutine was closed: it can never start.
      expect(coro.next()).toEqual({ done: true, value: undefined });
      expect(started).toBe(false);
    }));

  test("test_taskgroup_not_entered", () => {
    const tg = new TaskGroup();
    const e = thrown(() => tg.createTask(sleep(0)));
    expect(e).toBeInstanceOf(RuntimeError);
    expect((e as Error).message).toMatch(/has not been entered/);
  });

  test("test_taskgroup_without_parent_task", () =>
    runTest(function* (loop) {
      const tg = new TaskGroup();
      const done = loop.createFuture<unknown>();
      loop.callSoon(() => done.setResult(thrown(() => tg.enter())));
      const e = yield* done;
      expect(e).toBeInstanceOf(RuntimeError);
      expect((e as Error).message).toMatch(/parent task/);
      expect(() => tg.createTask(sleep(0))).toThrow(/has not been entered/);
    }));

  test("test_cancelling_level_preserved", () =>
    runTest(function* () {
      function* raiseAfter(t: number): Coroutine<void> {
        yield* sleep(t);
        throw new RuntimeError();
      }
      const e = yield* raises(
        taskGroup(function* (tg) {
          tg.createTask(raiseAfter(0.0));
        }),
      );
      expect(errorTypes(e)).toEqual(new Set([RuntimeError]));
      expect(currentTask()?.cancelling()).toBe(0);
    }));

  test("test_nested_groups_both_cancelled", () =>
    runTest(function* () {
      function* raiseAfter(t: number, E: new () => Error): Coroutine<void> {
        yield* sleep(t);
        throw new E();
      }
      const e = yield* raises(
        taskGroup(function* (outerTg) {
          const inner = yield* raises(
            taskGroup(function* (innerTg) {
              innerTg.createTask(raiseAfter(0, RuntimeError));
              outerTg.createTask(raiseAfter(0, ValueError));
            }),
          );
          expect(errorTypes(inner)).toEqual(new Set([RuntimeError]));
          expect(currentTask()?.cancelling()).toBe(1);
        }),
      );
      expect(errorTypes(e)).toEqual(new Set([ValueError]));
      expect(currentTask()?.cancelling()).toBe(0);
    }));

  test("test_error_and_cancel", () =>
    runTest(function* (loop) {
      const event = loop.createFuture<void>();
      function* raiseError(): Coroutine<void> {
        event.setResult(undefined);
        yield* sleep(0);
        throw new RuntimeError();
      }
      const steps: string[] = [];
      function* inner(): Coroutine<void> {
        const e = yield* raises(
          taskGroup(function* (tg) {
            tg.createTask(raiseError());
            yield* sleep(1);
            steps.push("sleep in group not cancelled");
          }),
        );
        expect(errorTypes(e)).toEqual(new Set([RuntimeError]));
        expect(currentTask()?.cancelling()).toBe(1);
        yield* sleep(1);
        steps.push("sleep after group not cancelled");
      }
      const t = createTask(inner());
      yield* event;
      expect(t.cancelling()).toBe(0);
      t.cancel();
      expect(t.cancelling()).toBe(1);
      expect(yield* raises(t)).toBeInstanceOf(CancelledError);
      expect(t.cancelled()).toBe(true);
      expect(steps).toEqual([]);
    }));
});

describe("tsio additions", () => {
  test("events happen in Python's order when a child fails", () =>
    runTest(function* () {
      const events: string[] = [];
      function* child(name: string, delay: number, fail: boolean): Coroutine<void> {
        events.push(`${name} start`);
        try {
          yield* sleep(delay);
          if (fail) throw new ValueError(name);
          events.push(`${name} done`);
        } catch (e) {
          events.push(`${name} ${e instanceof CancelledError ? "cancelled" : "failed"}`);
          throw e;
        }
      }
      const e = yield* raises(
        taskGroup(function* (tg) {
          tg.createTask(child("a", 1, false));
          tg.createTask(child("b", 0.5, true));
          tg.createTask(child("c", 0.2, false));
          events.push("body waits");
          try {
            yield* sleep(5);
          } catch (err) {
            events.push("body cancelled");
            throw err;
          }
        }),
      );
      events.push("group left");
      expect(e).toBeInstanceOf(ExceptionGroup);
      expect(String(e)).toBe("ExceptionGroup: unhandled errors in a TaskGroup (1 sub-exception)");
      expect(events).toEqual([
        "body waits",
        "a start",
        "b start",
        "c start",
        "c done",
        "b failed",
        "a cancelled",
        "body cancelled",
        "group left",
      ]);
    }));

  test("the explicit enter()/exit() form", () =>
    runTest(function* () {
      const tg = new TaskGroup().enter();
      const t = tg.createTask(sleep(1, "x"));
      try {
        yield* sleep(0.5);
      } catch (e) {
        yield* tg.exit(e);
      }
      yield* tg.exit();
      expect(t.result()).toBe("x");

      const tg2 = new TaskGroup().enter();
      tg2.createTask(crashAfter(0.1));
      let left: unknown;
      try {
        yield* sleep(10);
      } catch (e) {
        left = yield* raises(tg2.exit(e));
      }
      expect(left).toBeInstanceOf(ExceptionGroup);
      expect(currentTask()?.cancelling()).toBe(0);
    }));

  test("a task cancelled by the group says why; awaiting it after the group raises that", () =>
    runTest(function* () {
      let t: Task<void> | undefined;
      yield* raises(
        taskGroup(function* (tg) {
          t = tg.createTask(sleep(10));
          tg.createTask(crashAfter(0.1));
        }),
      );
      const e = yield* raises(t as Task<void>);
      expect(e).toBeInstanceOf(CancelledError);
      expect((e as Error).message).toBe(TASKGROUP_ABORT_MESSAGE);
    }));

  test("closing the coroutine with return() still waits for the tasks (cancelled)", () =>
    runTest(function* (loop) {
      let t: Task<void> | undefined;
      const gen = taskGroup(function* (tg) {
        t = tg.createTask(sleep(10));
        yield* sleep(1);
      });
      const task = createTask(
        (function* () {
          // Drive the group's coroutine by hand so that it can be closed mid-block.
          const first = gen.next();
          expect(first.done).toBe(false);
          const closing = gen.return(undefined);
          expect(closing.done).toBe(false); // it waits for its task
          return closing.value;
        })(),
      );
      yield* task;
      yield* sleep(0);
      expect(t?.cancelled()).toBe(true);
      expect(loop.time()).toBeLessThan(10);
    }));

  test("results of the block and of the tasks are typed", () =>
    runTest(function* () {
      const r = yield* taskGroup(function* (tg) {
        const a = tg.createTask(sleep(0.1, 1));
        const b = tg.createTask(sleep(0.2, "two"));
        return { a, b };
      });
      const n: number = r.a.result();
      const s: string = r.b.result();
      expect([n, s]).toEqual([1, "two"]);
    }));
});
