/**
 * Port of the wait() cases of CPython 3.13's Lib/test/test_asyncio/test_tasks.py, on virtual
 * time. `new_test_loop(gen)`'s generator only checked when timers were scheduled; the TestLoop
 * jumps to the next timer instead, and the tests check the loop's time at the end.
 */
import { type Coroutine, type Future, RuntimeError, ValueError } from "@tsio/future";
import { TestLoop } from "@tsio/loop";
import {
  createTask,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  type ReturnWhen,
  sleep,
  type Task,
  wait,
} from "@tsio/task";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { raises } from "./run-test.js";

class ZeroDivisionError extends Error {}

let loop: TestLoop;
beforeEach(() => {
  loop = new TestLoop();
});
afterEach(() => {
  loop.close();
});

function expectSet<F>(actual: Set<F>, expected: F[]): void {
  expect(actual.size).toBe(expected.length);
  for (const f of expected) expect(actual.has(f)).toBe(true);
}

describe("wait", () => {
  test("test_wait", async () => {
    const a = loop.createTask(sleep(0.1));
    const b = loop.createTask(sleep(0.15));
    function* foo(): Coroutine<number> {
      const [done, pending] = yield* wait([b, a]);
      expectSet(done, [a, b]);
      expectSet(pending, []);
      return 42;
    }
    expect(await loop.runUntilComplete(foo())).toBe(42);
    expect(loop.time()).toBeCloseTo(0.15);
    // Doing it again should take no time and exercise a different path.
    expect(await loop.runUntilComplete(foo())).toBe(42);
    expect(loop.time()).toBeCloseTo(0.15);
  });

  test("test_wait_duplicate_coroutines", async () => {
    function* coro(s: string): Coroutine<string> {
      return s;
    }
    const c = loop.createTask(coro("test"));
    const [done, pending] = await loop.runUntilComplete(
      wait([c, c, loop.createTask(coro("spam"))]),
    );
    expect(pending.size).toBe(0);
    expect(new Set([...done].map((f) => f.result()))).toEqual(new Set(["test", "spam"]));
  });

  test("test_wait_errors", async () => {
    const e1 = await loop.runUntilComplete(raises(wait(new Set<Future<unknown>>())));
    expect(e1).toBeInstanceOf(ValueError);
    expect((e1 as Error).message).toMatch(/^Set of Tasks\/Futures is empty\./);
    const sleepTask = loop.createTask(sleep(10));
    const e2 = await loop.runUntilComplete(
      raises(wait([sleepTask], { returnWhen: -1 as unknown as ReturnWhen })),
    );
    expect(e2).toBeInstanceOf(ValueError);
    expect((e2 as Error).message).toMatch(/Invalid return_when value: -1/);
    sleepTask.cancel();
  });

  test("test_wait_first_completed", async () => {
    const a = loop.createTask(sleep(10.0));
    const b = loop.createTask(sleep(0.1));
    const task = loop.createTask(wait([b, a], { returnWhen: FIRST_COMPLETED }));
    const [done, pending] = await loop.runUntilComplete(task);
    expectSet(done, [b]);
    expectSet(pending, [a]);
    expect(a.done()).toBe(false);
    expect(b.done()).toBe(true);
    expect(b.result()).toBeUndefined();
    expect(loop.time()).toBeCloseTo(0.1);
    loop.advanceTime(10);
    await loop.runUntilComplete(wait([a, b]));
  });

  test("test_wait_really_done", async () => {
    // Some tasks in the pending list may be done but their callbacks not yet called.
    function* coro1(): Coroutine<void> {
      yield* sleep(0);
    }
    function* coro2(): Coroutine<void> {
      yield* sleep(0);
      yield* sleep(0);
    }
    const a = loop.createTask(coro1());
    const b = loop.createTask(coro2());
    const task = loop.createTask(wait([b, a], { returnWhen: FIRST_COMPLETED }));
    const [done] = await loop.runUntilComplete(task);
    expectSet(done, [a, b]);
    expect(a.result()).toBeUndefined();
    expect(b.result()).toBeUndefined();
  });

  test("test_wait_first_exception: a task already failed", async () => {
    const a = loop.createTask(sleep(10.0));
    function* exc(): Coroutine<void> {
      throw new ZeroDivisionError("err");
    }
    const b = loop.createTask(exc());
    const task = loop.createTask(wait([b, a], { returnWhen: FIRST_EXCEPTION }));
    const [done, pending] = await loop.runUntilComplete(task);
    expectSet(done, [b]);
    expectSet(pending, [a]);
    expect(loop.time()).toBe(0);
    loop.advanceTime(10);
    await loop.runUntilComplete(wait([a, b]));
  });

  test("test_wait_first_exception_in_wait", async () => {
    const a = loop.createTask(sleep(10.0));
    function* exc(): Coroutine<void> {
      yield* sleep(0.01);
      throw new ZeroDivisionError("err");
    }
    const b = loop.createTask(exc());
    const [done, pending] = await loop.runUntilComplete(
      wait([b, a], { returnWhen: FIRST_EXCEPTION }),
    );
    expectSet(done, [b]);
    expectSet(pending, [a]);
    expect(loop.time()).toBeCloseTo(0.01);
    loop.advanceTime(10);
    await loop.runUntilComplete(wait([a, b]));
  });

  test("test_wait_with_exception", async () => {
    const a = loop.createTask(sleep(0.1));
    function* sleeper(): Coroutine<void> {
      yield* sleep(0.15);
      throw new ZeroDivisionError("really");
    }
    const b = loop.createTask(sleeper());
    function* foo(): Coroutine<void> {
      const [done, pending] = yield* wait([b, a]);
      expect(done.size).toBe(2);
      expect(pending.size).toBe(0);
      expect([...done].filter((f) => f.exception() !== undefined)).toHaveLength(1);
    }
    await loop.runUntilComplete(foo());
    expect(loop.time()).toBeCloseTo(0.15);
    await loop.runUntilComplete(foo());
    expect(loop.time()).toBeCloseTo(0.15);
  });

  test("test_wait_with_timeout", async () => {
    const a = loop.createTask(sleep(0.1));
    const b = loop.createTask(sleep(0.15));
    function* foo(): Coroutine<void> {
      const [done, pending] = yield* wait([b, a], { timeout: 0.11 });
      expectSet(done, [a]);
      expectSet(pending, [b]);
    }
    await loop.runUntilComplete(foo());
    expect(loop.time()).toBeCloseTo(0.11);
    loop.advanceTime(10);
    await loop.runUntilComplete(wait([a, b]));
  });

  test("test_wait_concurrent_complete", async () => {
    const a = loop.createTask(sleep(0.1));
    const b = loop.createTask(sleep(0.15));
    const [done, pending] = await loop.runUntilComplete(wait([b, a], { timeout: 0.1 }));
    expectSet(done, [a]);
    expectSet(pending, [b]);
    expect(loop.time()).toBeCloseTo(0.1);
    loop.advanceTime(10);
    await loop.runUntilComplete(wait([a, b]));
  });

  test("test_wait_with_iterator_of_tasks", async () => {
    const a = loop.createTask(sleep(0.1));
    const b = loop.createTask(sleep(0.15));
    function* foo(): Coroutine<number> {
      const [done, pending] = yield* wait([b, a][Symbol.iterator]());
      expectSet(done, [a, b]);
      expectSet(pending, []);
      return 42;
    }
    expect(await loop.runUntilComplete(foo())).toBe(42);
    expect(loop.time()).toBeCloseTo(0.15);
  });

  test("test_wait_generator: a generator is a coroutine here, so it is spread first", async () => {
    function* func(a: number): Coroutine<number> {
      return a;
    }
    function* main(): Coroutine<void> {
      function* tasks(): Generator<Task<number>> {
        for (let i = 0; i < 10; i++) yield createTask(func(i));
      }
      const e = yield* raises(wait(tasks()));
      expect((e as Error).message).toMatch(/not a generator.*wait\(\[\.\.\./);
      const [done, pending] = yield* wait([...tasks()]);
      expect(done.size).toBe(10);
      expect(pending.size).toBe(0);
    }
    await loop.runUntilComplete(main());
  });

  test("test_wait_invalid_args", async () => {
    const fut = loop.createFuture();
    const e1 = await loop.runUntilComplete(raises(wait(fut as unknown as Future<unknown>[])));
    expect(e1).toBeInstanceOf(TypeError);
    expect((e1 as Error).message).toMatch(/expect a list of futures, not Future/);
    const coro = sleep(1);
    const e2 = await loop.runUntilComplete(raises(wait(coro as unknown as Future<unknown>[])));
    expect(e2).toBeInstanceOf(TypeError);
    const e3 = await loop.runUntilComplete(raises(wait([])));
    expect(e3).toBeInstanceOf(ValueError);
  });

  test("coroutines in the list are refused with the fix in the message", async () => {
    const e = await loop.runUntilComplete(raises(wait([sleep(1)] as unknown as Future<unknown>[])));
    expect(e).toBeInstanceOf(TypeError);
    expect((e as Error).message).toMatch(
      /^Passing coroutines is forbidden, use tasks explicitly.*createTask/,
    );
  });

  test("test_yield_wait_does_not_shield_cancel", async () => {
    // Cancelling outer() makes wait() return early, leaves inner() running.
    let proof = 0;
    const waiter = loop.createFuture<void>();
    function* inner(): Coroutine<void> {
      yield* waiter;
      proof += 1;
    }
    function* outer(): Coroutine<void> {
      yield* wait([createTask(inner())]);
      proof += 100;
    }
    const f = loop.createTask(outer());
    await loop.runUntilComplete(sleep(0));
    f.cancel();
    expect(await loop.runUntilComplete(raises(f))).toBeInstanceOf(Error);
    expect(f.cancelled()).toBe(true);
    waiter.setResult(undefined);
    await loop.runUntilComplete(sleep(0));
    expect(proof).toBe(1);
  });

  test("wait() outside a loop raises when awaited, as Python's coroutine does", async () => {
    const t = loop.createTask(sleep(0));
    const gen = wait([t]);
    expect(() => gen.next()).toThrow(RuntimeError);
    await loop.runUntilComplete(t);
  });
});
