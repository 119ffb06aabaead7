/**
 * Port of CPython 3.13's Lib/test/test_asyncio/test_eager_task_factory.py. Left out: the context
 * variable case (no contextvars in JavaScript) and the C-only issues.
 */
import { CancelledError, type Coroutine, type CreateTaskOptions } from "@tsio/future";
import { type EventLoop, newEventLoop, TestLoop } from "@tsio/loop";
import {
  allTasks,
  createEagerTaskFactory,
  createTask,
  currentTask,
  eagerTaskFactory,
  gather,
  gatherAll,
  sleep,
  Task,
  type TaskOptions,
  taskGroup,
} from "@tsio/task";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { raises } from "./run-test.js";

describe("EagerTaskFactoryLoopTests", () => {
  let loop: TestLoop;
  const factory = createEagerTaskFactory(Task);
  beforeEach(() => {
    loop = new TestLoop();
    loop.setTaskFactory(factory);
  });
  afterEach(() => {
    loop.close();
  });

  test("test_eager_task_factory_set", async () => {
    expect(loop.getTaskFactory()).toBe(factory);
    function* noop(): Coroutine<void> {}
    await loop.runUntilComplete(
      (function* () {
        const t = loop.createTask(noop());
        expect(t).toBeInstanceOf(Task);
        yield* t;
      })(),
    );
  });

  test("test_await_future_during_eager_step", async () => {
    function* setResult(fut: ReturnType<TestLoop["createFuture"]>, val: string): Coroutine<void> {
      fut.setResult(val);
    }
    const r = await loop.runUntilComplete(
      (function* () {
        const fut = loop.createFuture<string>();
        const t = loop.createTask(setResult(fut, "my message"));
        expect(t.done()).toBe(true); // the eager step completed the task
        return yield* fut;
      })(),
    );
    expect(r).toBe("my message");
  });

  test("test_eager_completion", async () => {
    function* coro(): Coroutine<string> {
      return "hello";
    }
    const r = await loop.runUntilComplete(
      (function* () {
        const t = loop.createTask(coro());
        expect(t.done()).toBe(true);
        return yield* t;
      })(),
    );
    expect(r).toBe("hello");
  });

  test("test_block_after_eager_step", async () => {
    function* coro(): Coroutine<string> {
      yield* sleep(0.1);
      return "finished after blocking";
    }
    const r = await loop.runUntilComplete(
      (function* () {
        const t = loop.createTask(coro());
        expect(t.done()).toBe(false);
        const result = yield* t;
        expect(t.done()).toBe(true);
        return result;
      })(),
    );
    expect(r).toBe("finished after blocking");
  });

  test("test_cancellation_after_eager_completion", async () => {
    function* coro(): Coroutine<string> {
      return "finished without blocking";
    }
    const r = await loop.runUntilComplete(
      (function* () {
        const t = loop.createTask(coro());
        t.cancel();
        const result = yield* t;
        expect(t.cancelled()).toBe(false); // a finished task can't be cancelled
        return result;
      })(),
    );
    expect(r).toBe("finished without blocking");
  });

  test("test_cancellation_after_eager_step_blocks", async () => {
    function* coro(): Coroutine<string> {
      yield* sleep(0.1);
      return "finished after blocking";
    }
    const e = await loop.runUntilComplete(
      raises(
        (function* () {
          const t = loop.createTask(coro());
          t.cancel("cancellation message");
          expect(t.cancelling()).toBeGreaterThan(0);
          yield* t;
        })(),
      ),
    );
    expect(e).toBeInstanceOf(CancelledError);
    expect((e as Error).message).toBe("cancellation message");
  });

  test("test_current_task", async () => {
    let captured: unknown = null;
    function* coro(): Coroutine<void> {
      captured = currentTask();
      yield* sleep(0.1);
      expect(currentTask()).toBe(captured);
    }
    await loop.runUntilComplete(
      (function* () {
        const t = loop.createTask(coro());
        expect(captured).toBe(t);
        yield* t;
      })(),
    );
  });

  test("test_all_tasks_with_eager_completion", async () => {
    let captured: Set<unknown> | null = null;
    function* coro(): Coroutine<void> {
      captured = allTasks();
    }
    await loop.runUntilComplete(
      (function* () {
        const t = loop.createTask(coro());
        expect((captured as Set<unknown> | null)?.has(t)).toBe(true);
        expect(allTasks().has(t)).toBe(false);
      })(),
    );
  });

  test("test_all_tasks_with_blocking", async () => {
    let captured: Set<unknown> | null = null;
    function* coro(
      fut1: ReturnType<TestLoop["createFuture"]>,
      fut2: ReturnType<TestLoop["createFuture"]>,
    ): Coroutine<void> {
      captured = allTasks();
      yield* fut1;
      fut2.setResult(undefined);
    }
    await loop.runUntilComplete(
      (function* () {
        const fut1 = loop.createFuture();
        const fut2 = loop.createFuture();
        const t = loop.createTask(coro(fut1, fut2));
        expect((captured as Set<unknown> | null)?.has(t)).toBe(true);
        expect(allTasks().has(t)).toBe(true);
        fut1.setResult(undefined);
        yield* fut2;
        expect(allTasks().has(t)).toBe(false);
      })(),
    );
  });

  test("the coroutine is dropped once an eager task finishes (issue122332)", async () => {
    function* coro(): Coroutine<void> {}
    await loop.runUntilComplete(
      (function* () {
        const task = loop.createTask(coro());
        yield* task;
        expect(task.getCoro()).toBeNull();
      })(),
    );
  });
});

/** AsyncTaskCounter: counts the tasks that were not started eagerly. */
function countTasks(loop: EventLoop, eager: boolean): () => number {
  let taskCount = 0;
  class CountingTask<T> extends Task<T> {
    constructor(coro: Coroutine<T>, options?: TaskOptions) {
      super(coro, options);
      if (options?.eagerStart !== true) taskCount += 1;
    }
  }
  if (eager) {
    loop.setTaskFactory(createEagerTaskFactory(CountingTask));
  } else {
    loop.setTaskFactory(
      <T>(l: EventLoop, coro: Coroutine<T>, options?: CreateTaskOptions) =>
        new CountingTask(coro, { loop: l, name: options?.name }),
    );
  }
  return () => taskCount;
}

function* awaitableChain(depth: number): Coroutine<number> {
  if (depth === 0) return 0;
  return 1 + (yield* awaitableChain(depth - 1));
}

function* recursiveTaskgroups(width: number, depth: number): Coroutine<void> {
  if (depth === 0) return;
  yield* taskGroup(function* (tg) {
    for (let i = 0; i < width; i++) tg.createTask(recursiveTaskgroups(width, depth - 1));
  });
}

function* recursiveGather(width: number, depth: number): Coroutine<void> {
  if (depth === 0) return;
  const children = [];
  for (let i = 0; i < width; i++) children.push(recursiveGather(width, depth - 1));
  yield* gatherAll(children);
}

describe.each([
  ["NonEagerTests", false, 781], // 1 + 5 + 5^2 + 5^3 + 5^4
  ["EagerTests", true, 0],
])("%s", (_name, eager, expectedTaskCount) => {
  let loop: EventLoop;
  let count: () => number;
  beforeEach(() => {
    loop = newEventLoop();
    count = countTasks(loop, eager);
  });
  afterEach(() => {
    loop.close();
  });

  test("test_awaitables_chain", async () => {
    expect(await loop.runUntilComplete(awaitableChain(100))).toBe(100);
    expect(count()).toBe(eager ? 0 : 1);
  });

  test("test_recursive_taskgroups", async () => {
    await loop.runUntilComplete(recursiveTaskgroups(5, 4));
    expect(count()).toBe(expectedTaskCount);
  });

  test("test_recursive_gather", async () => {
    await loop.runUntilComplete(recursiveGather(5, 4));
    expect(count()).toBe(expectedTaskCount);
  });
});

describe("eagerTaskFactory", () => {
  test("createTask runs the first step at once; gather of finished children finishes at once", async () => {
    const loop = new TestLoop();
    loop.setTaskFactory(eagerTaskFactory);
    const events: string[] = [];
    function* child(n: number): Coroutine<number> {
      events.push(`child ${n}`);
      return n;
    }
    const r = await loop.runUntilComplete(
      (function* () {
        events.push("before");
        const t = createTask(child(1));
        events.push(`after, done=${t.done()}`);
        const g = gather(child(2), child(3));
        events.push(`gather done=${g.done()}`);
        return yield* g;
      })(),
    );
    expect(r).toEqual([2, 3]);
    expect(events).toEqual([
      "before",
      "child 1",
      "after, done=true",
      "child 2",
      "child 3",
      "gather done=true",
    ]);
    loop.close();
  });
});
