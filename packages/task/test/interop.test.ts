/**
 * Interop with native async code, both ways: `await task` from an async function, a Task that
 * wraps a Promise (ensureFuture / gather of a Promise) and what cancelling it does, and the
 * thenable-result trap of runUntilComplete.
 */
import { setTimeout as delay } from "node:timers/promises";
import { CancelledError, type Coroutine, fromPromise, RuntimeError } from "@tsio/future";
import { run, type TestLoop } from "@tsio/loop";
import { createTask, ensureFuture, gather, sleep, type Task } from "@tsio/task";
import { describe, expect, test } from "vitest";
import { rejection, useTestLoop } from "./helpers.js";

let loop: TestLoop;
useTestLoop((l) => {
  loop = l;
});

describe("await a task from native async code", () => {
  test("an async function awaits a task while the loop runs it", async () => {
    const events: string[] = [];
    function* work(): Coroutine<number> {
      yield* sleep(2);
      events.push(`work done at ${loop.time()}`);
      return 42;
    }
    let task: Task<number> | undefined;
    async function native(): Promise<string> {
      const value = await (task as Task<number>);
      events.push(`native got ${value}`);
      return `native ${value}`;
    }
    function* main() {
      task = createTask(work());
      const fromNative = native();
      yield* task;
      events.push("main saw the task done");
      // In an array: the Promise must not be adopted by runUntilComplete's own Promise.
      return [fromNative];
    }
    const [fromNative] = await loop.runUntilComplete(main());
    expect(await fromNative).toBe("native 42");
    // The native continuation runs in a microtask, after the loop's callbacks of that turn.
    expect(events).toEqual(["work done at 2", "main saw the task done", "native got 42"]);
  });

  test("await of a failed task throws its exception; of a cancelled one, CancelledError", async () => {
    function* fails(): Coroutine<void> {
      yield* sleep(1);
      throw new RuntimeError("no");
    }
    function* forever(): Coroutine<void> {
      yield* sleep(3600);
    }
    let failed: Task<void> | undefined;
    let cancelled: Task<void> | undefined;
    function* main() {
      failed = createTask(fails());
      cancelled = createTask(forever());
      yield* sleep(0);
      cancelled.cancel("bye");
      yield* sleep(2);
    }
    await loop.runUntilComplete(main());
    await expect(failed as Task<void>).rejects.toThrow(new RuntimeError("no"));
    await expect(cancelled as Task<void>).rejects.toThrow(new CancelledError("bye"));
  });

  test("a task can be awaited after its loop stopped and closed", async () => {
    function* answer() {
      return 7;
    }
    const t = loop.createTask(answer());
    await loop.runUntilComplete(t);
    loop.close();
    expect(await t).toBe(7);
  });

  test("await task works with run(): the returned Promise resolves with main's value", async () => {
    function* main() {
      const t = createTask(sleep(0.01, "slept"));
      return yield* t;
    }
    expect(await run(main())).toBe("slept");
  });
});

describe("a Task that wraps a Promise", () => {
  test("ensureFuture(promise) is a Task whose result is the promise's value", async () => {
    const task = ensureFuture(delay(5, "native value"), { loop });
    expect(task.constructor.name).toBe("Task");
    expect(await loop.runUntilComplete(task)).toBe("native value");
  });

  test("gather takes Promises next to coroutines", async () => {
    function* coro() {
      yield* sleep(1);
      return "coro";
    }
    const results = await loop.runUntilComplete(gather(coro(), Promise.resolve("promise")));
    expect(results).toEqual(["coro", "promise"]);
  });

  test("cancelling the task cancels the wait, not the promise", async () => {
    let settled = false;
    const promise = delay(20).then(() => {
      settled = true;
      return "late";
    });
    const task = ensureFuture(promise, { loop });
    function* main() {
      yield* sleep(0);
      task.cancel("gave up");
      try {
        yield* task;
      } catch (e) {
        return `${(e as Error).name}: ${(e as Error).message}`;
      }
    }
    expect(await loop.runUntilComplete(main())).toBe("CancelledError: gave up");
    expect(task.cancelled()).toBe(true);
    expect(settled).toBe(false);
    // The promise goes on and settles; its value is ignored.
    expect(await promise).toBe("late");
    expect(task.cancelled()).toBe(true);
  });

  test("to stop the work itself, hand fromPromise a function of an AbortSignal", async () => {
    let signal: AbortSignal | undefined;
    function* download(): Coroutine<string> {
      return yield* fromPromise((s) => {
        signal = s;
        return delay(60_000, "body", { signal: s });
      });
    }
    function* main() {
      const t = createTask(download());
      yield* sleep(0);
      t.cancel();
      const results = yield* gather(t, { returnExceptions: true });
      return results[0];
    }
    const outcome = await loop.runUntilComplete(main());
    expect(outcome).toBeInstanceOf(CancelledError);
    expect(signal?.aborted).toBe(true);
  });
});

describe("the thenable-result trap", () => {
  test("runUntilComplete of a coroutine returning a Future rejects with a TypeError saying what to do", async () => {
    const fut = loop.createFuture<number>();
    function* returnsFuture() {
      fut.setResult(1);
      return fut;
    }
    const exc = await rejection(loop.runUntilComplete(returnsFuture()));
    expect(exc).toBeInstanceOf(TypeError);
    expect(exc.message).toBe(
      "the coroutine returned a Future or Promise, which a Promise cannot resolve to: " +
        "return its result instead (`return yield* fut`)",
    );
    function* returnsResult() {
      return yield* fut;
    }
    expect(await loop.runUntilComplete(returnsResult())).toBe(1);
  });

  test("run() of a main returning a Promise: the same TypeError", async () => {
    function* main() {
      return Promise.resolve(1);
    }
    const exc = await rejection(run(main()));
    expect(exc).toBeInstanceOf(TypeError);
    expect(exc.message).toMatch(/a Promise cannot resolve to/);
  });
});
