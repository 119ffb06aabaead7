/**
 * Bad yields (CPython's `Task got bad yield`, `yield was used instead of yield from`) and the
 * other misuses of the coroutine protocol. Each is a named error whose message names the fix,
 * thrown into the coroutine at the point of the mistake, so the coroutine can see it where it
 * happened; nothing hangs and nothing is dropped.
 */
import { type Coroutine, Future, fromPromise, RuntimeError } from "@tsio/future";
import type { TestLoop } from "@tsio/loop";
import { createTask, sleep, Task } from "@tsio/task";
import { describe, expect, test } from "vitest";
import { rejection, useTestLoop } from "./helpers.js";

let loop: TestLoop;
useTestLoop((l) => {
  loop = l;
});

/**
 * Runs `body` in a task named T and returns the error it fails with, the task's done callbacks
 * (runUntilComplete's own) left out of the repr in its message.
 */
async function failure(body: () => Coroutine<unknown>): Promise<Error> {
  const exc = await rejection(loop.runUntilComplete(new Task(body(), { loop, name: "T" })));
  exc.message = exc.message.replace(/ cb=\[[^\]]*\]/, "");
  return exc;
}

describe("a yield without the star, or of something that is not a future", () => {
  test("yield fut (the star forgotten)", async () => {
    const fut = new Future<number>({ loop });
    const exc = await failure(function* () {
      yield fut;
    });
    expect(exc).toBeInstanceOf(RuntimeError);
    expect(exc.message).toBe(
      "yield was used instead of yield* in task <Task pending name='T'> with <Future pending>: " +
        "await a future with `yield* fut`, not `yield fut`",
    );
    fut.cancel();
  });

  test("yield task (the star forgotten)", async () => {
    let other: Task<void> | undefined;
    const exc = await failure(function* () {
      other = createTask(sleep(1));
      yield other;
    });
    expect(exc.message).toMatch(/^yield was used instead of yield\* in task .* with <Task pending/);
    other?.cancel();
  });

  test("yield coro() (the star forgotten on a coroutine)", async () => {
    function* inner() {
      return 1;
    }
    const exc = await failure(function* () {
      yield inner();
    });
    expect(exc).toBeInstanceOf(RuntimeError);
    expect(exc.message).toBe(
      "yield was used instead of yield* for generator in task <Task pending name='T'>: " +
        "await a coroutine with `yield* coro()`, not `yield coro()`",
    );
  });

  test("yield promise", async () => {
    const exc = await failure(function* () {
      yield Promise.resolve(1);
    });
    expect(exc).toBeInstanceOf(RuntimeError);
    expect(exc.message).toBe(
      "Task got a Promise-like value in task <Task pending name='T'>: a coroutine cannot await " +
        "a Promise directly; use `yield* fromPromise(promise)`",
    );
  });

  test("a bare yield", async () => {
    const exc = await failure(function* () {
      yield;
    });
    expect(exc).toBeInstanceOf(RuntimeError);
    expect(exc.message).toBe(
      "Task got bad yield: undefined in task <Task pending name='T'>: a bare `yield` does " +
        "nothing in a coroutine; to give up one loop iteration use `yield* sleep(0)`",
    );
  });

  test("yield 123 (Task got bad yield)", async () => {
    const exc = await failure(function* () {
      yield 123;
    });
    expect(exc).toBeInstanceOf(RuntimeError);
    expect(exc.message).toBe("Task got bad yield: 123: coroutines await with `yield*`");
  });

  test("the error is thrown into the coroutine at the bad yield, which may catch it", async () => {
    const events: string[] = [];
    function* body() {
      try {
        yield "oops";
      } catch (e) {
        events.push(`caught ${(e as Error).name} at the yield`);
      }
      yield* sleep(1);
      return "went on";
    }
    expect(await loop.runUntilComplete(body())).toBe("went on");
    expect(events).toEqual(["caught RuntimeError at the yield"]);
    expect(loop.time()).toBe(1);
  });
});

describe("awaiting something that is not awaitable", () => {
  test("yield* of a Promise: the TypeError says how to await it", async () => {
    async function native(): Promise<number> {
      return 1;
    }
    const exc = await failure(function* () {
      // @ts-expect-error: a Promise is not iterable; TypeScript says so too
      return yield* native();
    });
    expect(exc).toBeInstanceOf(TypeError);
    expect(exc.message).toMatch(/is not iterable/);
    expect(exc.message).toMatch(
      /`yield\*` awaits a Future, a Task or a coroutine; wrap a Promise with `yield\* fromPromise\(p\)`/,
    );
    expect(exc.stack).toContain(exc.message);
  });

  test("yield* of a number", async () => {
    const exc = await failure(function* () {
      // @ts-expect-error: a number is not awaitable
      yield* 5;
    });
    expect(exc).toBeInstanceOf(TypeError);
    expect(exc.message).toMatch(/^number 5 is not iterable.*: in a coroutine, `yield\*` awaits/);
  });

  test("the fix the message names works", async () => {
    async function native(): Promise<number> {
      return 1;
    }
    function* body() {
      return yield* fromPromise(native());
    }
    expect(await loop.runUntilComplete(body())).toBe(1);
  });

  test("createTask of something that is not a coroutine", () => {
    function* main() {}
    expect(() => new Task(123 as never, { loop })).toThrow(
      "a coroutine was expected, got 123: call the function* to make one " +
        "(createTask(main()), not createTask(main))",
    );
    expect(() => new Task(main as never, { loop })).toThrow(TypeError);
  });

  test("iterating a future by hand instead of awaiting it in a task", () => {
    const fut = new Future({ loop });
    const it = fut[Symbol.iterator]();
    expect(it.next().value).toBe(fut);
    expect(() => it.next()).toThrow(
      "await wasn't used with future: await a future with `yield*` inside a coroutine run by a Task",
    );
    fut.cancel();
  });
});
