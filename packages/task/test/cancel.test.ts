/**
 * Port of CPython 3.13's test_tasks.py cases about cancellation: cancel(msg), cancelling(),
 * uncancel(), the cancel message as it reaches result()/exception(), and cancellation passing
 * through awaited coroutines and tasks. `asyncio.wait([task])` in the originals is replaced by
 * waitDone(task) (wait() is ported with the rest of wait/wait_for/as_completed).
 */
import {
  type AbstractEventLoop,
  CancelledError,
  type Coroutine,
  Future,
  ValueError,
} from "@tsio/future";
import { TestLoop } from "@tsio/loop";
import { currentTask, ensureFuture, gather, sleep, Task } from "@tsio/task";
import { describe, expect, test } from "vitest";
import { rejection, runBriefly, useTestLoop, waitDone } from "./helpers.js";

let loop: TestLoop;
useTestLoop((l) => {
  loop = l;
});

function newTask<T>(l: AbstractEventLoop, coro: Coroutine<T>): Task<T> {
  return new Task(coro, { loop: l, name: "TestTask" });
}

function isCancelled(e: unknown): e is CancelledError {
  return e instanceof CancelledError;
}

describe("cancel, cancelling, uncancel", () => {
  test("test_cancelling", async () => {
    function* task() {
      yield* sleep(10);
    }
    const t = newTask(loop, task());
    expect(t.cancelling()).toBe(0);
    expect(String(t)).not.toContain(" cancelling ");
    expect(t.cancel()).toBe(true);
    expect(t.cancelling()).toBe(1);
    expect(String(t)).toContain(" cancelling ");
    // A second request is counted too (Python 3.11+).
    expect(t.cancel()).toBe(true);
    expect(t.cancelling()).toBe(2);
    await expect(loop.runUntilComplete(t)).rejects.toBeInstanceOf(CancelledError);
  });

  test("test_uncancel_basic", async () => {
    function* task(): Coroutine<void> {
      try {
        yield* sleep(10);
      } catch (e) {
        if (!isCancelled(e)) throw e;
        currentTask()?.uncancel();
        yield* sleep(10);
      }
    }
    const t = newTask(loop, task());
    await loop.runUntilComplete(sleep(0.01));

    // Cancel first sleep
    expect(t.cancel()).toBe(true);
    expect(String(t)).toContain(" cancelling ");
    expect(t.cancelling()).toBe(1);
    expect(t.cancelled()).toBe(false); // Task is still not complete
    await loop.runUntilComplete(sleep(0.01));

    // after .uncancel()
    expect(String(t)).not.toContain(" cancelling ");
    expect(t.cancelling()).toBe(0);
    expect(t.cancelled()).toBe(false);

    // Cancel second sleep
    expect(t.cancel()).toBe(true);
    expect(t.cancelling()).toBe(1);
    expect(t.cancelled()).toBe(false);
    await expect(loop.runUntilComplete(t)).rejects.toBeInstanceOf(CancelledError);
    expect(t.cancelled()).toBe(true); // Finally, task complete
    expect(t.done()).toBe(true);

    // uncancel is no longer effective after the task is complete
    t.uncancel();
    expect(t.cancelled()).toBe(true);
    expect(t.done()).toBe(true);
  });

  test("test_uncancel_structured_blocks", async () => {
    // A hand-written timeout around a structured block, with the five rules of uncancel().
    function* makeRequestWithTimeout(opts: { sleep: number; timeout: number }) {
      const task = currentTask() as Task<unknown>;
      const l = task.getLoop();
      let timedOut = false;
      let structuredBlockFinished = false;
      let outerCodeReached = false;
      const timeoutHandle = l.callLater(opts.timeout, () => {
        timedOut = true;
        task.cancel();
      });
      try {
        let pending: unknown;
        try {
          // Structured block affected by the timeout
          yield* sleep(opts.sleep);
          structuredBlockFinished = true;
        } catch (e) {
          pending = e;
          throw e;
        } finally {
          timeoutHandle.cancel();
          if (timedOut && task.uncancel() === 0 && pending instanceof CancelledError) {
            // biome-ignore lint/correctness/noUnsafeFinally: converting the cancellation is the point
            throw new ValueError("TimeoutError");
          }
        }
      } catch (e) {
        if (!(e instanceof ValueError)) throw e;
        expect(timedOut).toBe(true);
      }
      // Outer code not affected by the timeout:
      outerCodeReached = true;
      yield* sleep(0);
      return [timedOut, structuredBlockFinished, outerCodeReached];
    }

    // Test which timed out.
    const t1 = newTask(loop, makeRequestWithTimeout({ sleep: 10.0, timeout: 0.1 }));
    expect(await loop.runUntilComplete(t1)).toEqual([true, false, true]);
    expect(t1.cancelling()).toBe(0);

    // Test which did not time out.
    const t2 = newTask(loop, makeRequestWithTimeout({ sleep: 0, timeout: 10.0 }));
    expect(await loop.runUntilComplete(t2)).toEqual([false, true, true]);
    expect(t2.cancelling()).toBe(0);
  });

  test("test_uncancel_resets_must_cancel", async () => {
    const fut = new Future<void>({ loop });
    function* coro() {
      yield* fut;
      return 42;
    }
    const task = newTask(loop, coro());
    await loop.runUntilComplete(sleep(0)); // Get task waiting for fut
    fut.setResult(undefined); // Make task runnable
    task.cancel(); // Enter cancelled state
    expect(task.cancelling()).toBe(1);
    expect(task._mustCancel).toBe(true);
    task.uncancel(); // Undo cancellation
    expect(task.cancelling()).toBe(0);
    expect(task._mustCancel).toBe(false);
    expect(await loop.runUntilComplete(task)).toBe(42);
  });

  test("test_cancel", async () => {
    function* task() {
      yield* sleep(10.0);
      return 12;
    }
    const t = newTask(loop, task());
    loop.callSoon(() => t.cancel());
    await expect(loop.runUntilComplete(t)).rejects.toBeInstanceOf(CancelledError);
    expect(t.done()).toBe(true);
    expect(t.cancelled()).toBe(true);
    expect(t.cancel()).toBe(false);
    expect(loop.time()).toBe(0);
  });
});

describe("the cancel message", () => {
  // cancel() / cancel(undefined) / cancel("my message"); Python's None is undefined here.
  const cases: [string[], string][] = [
    [[], ""],
    [[undefined as unknown as string], ""],
    [["my message"], "my message"],
  ];

  for (const [cancelArgs, expected] of cases) {
    for (const [name, read] of [
      ["result", (t: Task<void>) => t.result()],
      ["exception", (t: Task<void>) => t.exception()],
    ] as const) {
      test(`test_cancel_with_message_then_future_${name} ${JSON.stringify(cancelArgs)}`, async () => {
        function* sleepLong() {
          yield* sleep(10);
        }
        function* coro() {
          const task = newTask(loop, sleepLong());
          yield* sleep(0);
          task.cancel(...cancelArgs);
          yield* waitDone(task);
          read(task);
        }
        const task = newTask(loop, coro());
        const exc = await rejection(loop.runUntilComplete(task));
        expect(exc).toBeInstanceOf(CancelledError);
        expect(exc.message).toBe(expected);
      });
    }
  }

  test("the message is delivered once; later result() calls raise a bare CancelledError", async () => {
    // As CPython 3.13: the CancelledError that ended the task is handed out once.
    function* sleepLong() {
      yield* sleep(10);
    }
    const messages: string[] = [];
    function* coro() {
      const t = newTask(loop, sleepLong());
      yield* sleep(0);
      t.cancel("my message");
      yield* waitDone(t);
      for (const get of [() => t.result(), () => t.result(), () => t.exception()]) {
        try {
          get();
        } catch (e) {
          messages.push((e as Error).message);
        }
      }
      try {
        yield* t;
      } catch (e) {
        messages.push((e as Error).message);
      }
    }
    await loop.runUntilComplete(coro());
    expect(messages).toEqual(["my message", "", "", ""]);
  });

  test("test_cancellation_exception_context", async () => {
    const fut = new Future<void>({ loop });
    function* sleepLong() {
      fut.setResult(undefined);
      yield* sleep(10);
    }
    function* coro() {
      const innerTask = newTask(loop, sleepLong());
      yield* fut;
      loop.callSoon(() => innerTask.cancel("msg"));
      try {
        yield* innerTask;
      } catch (ex) {
        if (isCancelled(ex)) throw new ValueError("cancelled", { cause: ex });
        throw ex;
      }
    }
    const task = newTask(loop, coro());
    const exc = await rejection(loop.runUntilComplete(task));
    expect(exc).toBeInstanceOf(ValueError);
    expect(exc.message).toBe("cancelled");
    expect(exc.cause).toBeInstanceOf(CancelledError);
    expect((exc.cause as Error).message).toBe("msg");
  });

  test("test_cancel_with_message_before_starting_task", async () => {
    function* sleepLong() {
      yield* sleep(10);
    }
    function* coro() {
      const task = newTask(loop, sleepLong());
      // We deliberately leave out the sleep here.
      task.cancel("my message");
      yield* waitDone(task);
      task.exception();
    }
    const task = newTask(loop, coro());
    const exc = await rejection(loop.runUntilComplete(task));
    expect(exc).toBeInstanceOf(CancelledError);
    expect(exc.message).toBe("my message");
  });

  test("test_cancel_gather_2", async () => {
    for (const [cancelArgs, expected] of cases) {
      const l = new TestLoop();
      function* test() {
        let time = 0;
        for (;;) {
          time += 0.05;
          yield* gather(sleep(0.05), { returnExceptions: true });
          if (time > 1) return;
        }
      }
      function* main() {
        const qwe = newTask(l, test());
        yield* sleep(0.2);
        qwe.cancel(...cancelArgs);
        yield* qwe;
      }
      const exc = await rejection(l.runUntilComplete(main()));
      expect(exc).toBeInstanceOf(CancelledError);
      expect(exc.message).toBe(expected);
      l.close();
    }
  });
});

describe("cancelling a task at each kind of await", () => {
  test("test_cancel_yield", async () => {
    function* task() {
      yield* sleep(0);
      yield* sleep(0);
      return 12;
    }
    const t = newTask(loop, task());
    await runBriefly(loop); // start coro
    t.cancel();
    await expect(loop.runUntilComplete(t)).rejects.toBeInstanceOf(CancelledError);
    expect(t.done()).toBe(true);
    expect(t.cancelled()).toBe(true);
    expect(t.cancel()).toBe(false);
  });

  test("test_cancel_inner_future", async () => {
    const f = new Future({ loop });
    function* task() {
      yield* f;
      return 12;
    }
    const t = newTask(loop, task());
    await runBriefly(loop); // start task
    f.cancel();
    await expect(loop.runUntilComplete(t)).rejects.toBeInstanceOf(CancelledError);
    expect(f.cancelled()).toBe(true);
    expect(t.cancelled()).toBe(true);
  });

  test("test_cancel_both_task_and_inner_future", async () => {
    const f = new Future({ loop });
    function* task() {
      yield* f;
      return 12;
    }
    const t = newTask(loop, task());
    await runBriefly(loop);
    f.cancel();
    t.cancel();
    await expect(loop.runUntilComplete(t)).rejects.toBeInstanceOf(CancelledError);
    expect(t.done()).toBe(true);
    expect(f.cancelled()).toBe(true);
    expect(t.cancelled()).toBe(true);
  });

  test("test_cancel_task_catching", async () => {
    const fut1 = new Future({ loop });
    const fut2 = new Future({ loop });
    function* task() {
      yield* fut1;
      try {
        yield* fut2;
      } catch (e) {
        if (isCancelled(e)) return 42;
        throw e;
      }
    }
    const t = newTask(loop, task());
    await runBriefly(loop);
    expect(t._futWaiter).toBe(fut1); // White-box test.
    fut1.setResult(undefined);
    await runBriefly(loop);
    expect(t._futWaiter).toBe(fut2); // White-box test.
    t.cancel();
    expect(fut2.cancelled()).toBe(true);
    expect(await loop.runUntilComplete(t)).toBe(42);
    expect(t.cancelled()).toBe(false);
  });

  test("test_cancel_task_ignoring", async () => {
    const fut1 = new Future({ loop });
    const fut2 = new Future({ loop });
    const fut3 = new Future<number>({ loop });
    function* task() {
      yield* fut1;
      try {
        yield* fut2;
      } catch (e) {
        if (!isCancelled(e)) throw e;
      }
      const res = yield* fut3;
      return res;
    }
    const t = newTask(loop, task());
    await runBriefly(loop);
    expect(t._futWaiter).toBe(fut1);
    fut1.setResult(undefined);
    await runBriefly(loop);
    expect(t._futWaiter).toBe(fut2);
    t.cancel();
    expect(fut2.cancelled()).toBe(true);
    await runBriefly(loop);
    expect(t._futWaiter).toBe(fut3);
    fut3.setResult(42);
    expect(await loop.runUntilComplete(t)).toBe(42);
    expect(fut3.cancelled()).toBe(false);
    expect(t.cancelled()).toBe(false);
  });

  test("test_cancel_current_task", async () => {
    let mustCancelInside: boolean | undefined;
    function* task() {
      t.cancel();
      mustCancelInside = t._mustCancel; // White-box test.
      // The sleep should be cancelled immediately.
      yield* sleep(100);
      return 12;
    }
    const t: Task<number> = newTask(loop, task());
    expect(t.cancelled()).toBe(false);
    await expect(loop.runUntilComplete(t)).rejects.toBeInstanceOf(CancelledError);
    expect(mustCancelInside).toBe(true);
    expect(t.done()).toBe(true);
    expect(t.cancelled()).toBe(true);
    expect(t._mustCancel).toBe(false);
    expect(t.cancel()).toBe(false);
    expect(loop.time()).toBe(0);
  });

  test("test_cancel_at_end: the coroutine ends right after the task is cancelled", async () => {
    let mustCancelInside: boolean | undefined;
    function* task() {
      t.cancel();
      mustCancelInside = t._mustCancel;
      return 12;
    }
    const t: Task<number> = newTask(loop, task());
    expect(t.cancelled()).toBe(false);
    await expect(loop.runUntilComplete(t)).rejects.toBeInstanceOf(CancelledError);
    expect(mustCancelInside).toBe(true);
    expect(t.done()).toBe(true);
    expect(t.cancelled()).toBe(true);
    expect(t._mustCancel).toBe(false);
    expect(t.cancel()).toBe(false);
  });

  test("test_cancel_awaited_task", async () => {
    // A task cancelled while not blocked (it cancels itself) must cancel the next thing it awaits.
    const fut = new Future({ loop });
    let nestedTask: Task<void> | undefined;
    function* nested() {
      yield* fut;
    }
    function* coro() {
      // Create a sub-task and wait for it to run.
      nestedTask = newTask(loop, nested());
      yield* sleep(0);
      // Request the current task to be cancelled.
      task.cancel();
      // Block on the nested task, which should be immediately cancelled.
      yield* nestedTask;
    }
    const task: Task<void> = newTask(loop, coro());
    await expect(loop.runUntilComplete(task)).rejects.toBeInstanceOf(CancelledError);
    expect(task.cancelled()).toBe(true);
    expect(nestedTask?.cancelled()).toBe(true);
    expect(fut.cancelled()).toBe(true);
  });

  test("test_task_cancel_waiter_future", async () => {
    const fut = new Future({ loop });
    function* coro() {
      yield* fut;
    }
    const task = newTask(loop, coro());
    await runBriefly(loop);
    expect(task._futWaiter).toBe(fut);
    task.cancel();
    await runBriefly(loop);
    await expect(loop.runUntilComplete(task)).rejects.toBeInstanceOf(CancelledError);
    expect(task._futWaiter).toBeNull();
    expect(fut.cancelled()).toBe(true);
  });

  test("test_yield_future_passes_cancel", async () => {
    // Cancelling outer() cancels inner() cancels waiter.
    let proof = 0;
    const waiter = new Future({ loop });
    function* inner() {
      try {
        yield* waiter;
      } catch (e) {
        if (isCancelled(e)) proof += 1;
        throw e;
      }
      throw new Error("got past sleep() in inner()");
    }
    function* outer() {
      try {
        yield* inner();
      } catch (e) {
        if (!isCancelled(e)) throw e;
        proof += 100; // Expect this path.
        return;
      }
      proof += 10;
    }
    const f = ensureFuture(outer(), { loop });
    await runBriefly(loop);
    f.cancel();
    await loop.runUntilComplete(f);
    expect(proof).toBe(101);
    expect(waiter.cancelled()).toBe(true);
  });

  test("finally blocks run on cancellation and may themselves wait", async () => {
    const events: string[] = [];
    function* worker() {
      try {
        events.push("start");
        yield* sleep(10);
        events.push("never");
      } finally {
        events.push(`cleanup at ${loop.time()}`);
        yield* sleep(1);
        events.push(`cleaned at ${loop.time()}`);
      }
    }
    function* main() {
      const t = newTask(loop, worker());
      yield* sleep(2);
      t.cancel("bye");
      try {
        yield* t;
      } catch (e) {
        events.push(`main got ${(e as Error).name}('${(e as Error).message}')`);
      }
    }
    await loop.runUntilComplete(main());
    expect(events).toEqual([
      "start",
      "cleanup at 2",
      "cleaned at 3",
      "main got CancelledError('bye')",
    ]);
  });

  test("test_stop_while_run_in_complete", async () => {
    let x = 0;
    function* task() {
      while (x < 10) {
        yield* sleep(0.1);
        x += 1;
        if (x === 2) loop.stop();
      }
    }
    const t = newTask(loop, task());
    const exc = await rejection(loop.runUntilComplete(t));
    expect(exc.message).toBe("Event loop stopped before Future completed.");
    expect(t.done()).toBe(false);
    expect(x).toBe(2);
    // CPython's TestLoop reads 0.3 here because its clock generator already advanced; the
    // virtual clock only jumps when the loop idles, and it stopped at 0.2.
    expect(loop.time()).toBeCloseTo(0.2, 9);
    t.cancel();
    await expect(loop.runUntilComplete(t)).rejects.toBeInstanceOf(CancelledError);
  });

  test("test_tb_logger_not_called_after_cancel: cancel() of a failed task marks it retrieved", async () => {
    function* coro(): Coroutine<void> {
      throw new TypeError("boom");
    }
    let task: Task<void> | undefined;
    function* runner() {
      task = newTask(loop, coro());
      yield* sleep(0.05);
      expect(task._logTraceback).toBe(true);
      expect(task.cancel()).toBe(false);
    }
    await loop.runUntilComplete(runner());
    expect(task?._logTraceback).toBe(false);
  });
});
