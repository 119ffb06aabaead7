/**
 * Port of CPython 3.13's test_tasks.py BaseTaskIntrospectionTests (_register_task,
 * _unregister_task, _enter_task, _leave_task) and BaseCurrentLoopTests (current_task with and
 * without a running loop), plus all_tasks.
 */
import type { AbstractEventLoop, Future } from "@tsio/future";
import { RuntimeError } from "@tsio/future";
import { TestLoop } from "@tsio/loop";
import {
  _enterTask,
  _leaveTask,
  _registerTask,
  _unregisterTask,
  allTasks,
  createTask,
  currentTask,
  sleep,
  Task,
} from "@tsio/task";
import { describe, expect, test } from "vitest";
import { useTestLoop } from "./helpers.js";

/** A stand-in loop: all the registry reads of a loop is its `_currentTask` slot. */
function fakeLoop(): AbstractEventLoop {
  return { _currentTask: null } as unknown as AbstractEventLoop;
}

/** A stand-in task, like CPython's TaskLike: a loop, done(), and the registry's link fields. */
function taskLike(loop: AbstractEventLoop, done: boolean) {
  return { _loop: loop, done: () => done, _prevTask: null, _nextTask: null } as unknown as Task;
}

describe("BaseTaskIntrospectionTests", () => {
  test("test__register_task_1", () => {
    const loop = fakeLoop();
    const task = taskLike(loop, false);
    expect(allTasks(loop)).toEqual(new Set());
    _registerTask(task);
    expect(allTasks(loop)).toEqual(new Set([task]));
    _unregisterTask(task);
    expect(allTasks(loop)).toEqual(new Set());
  });

  test("test__register_task_3: a done task is not listed", () => {
    const loop = fakeLoop();
    const task = taskLike(loop, true);
    expect(allTasks(loop)).toEqual(new Set());
    _registerTask(task);
    expect(allTasks(loop)).toEqual(new Set());
    _unregisterTask(task);
  });

  test("registering twice lists the task once; tasks of other loops are not listed", () => {
    const loop = fakeLoop();
    const other = fakeLoop();
    const a = taskLike(loop, false);
    const b = taskLike(other, false);
    _registerTask(a);
    _registerTask(a);
    _registerTask(b);
    expect([...allTasks(loop)]).toEqual([a]);
    expect([...allTasks(other)]).toEqual([b]);
    _unregisterTask(a);
    _unregisterTask(b);
    expect(allTasks(loop).size + allTasks(other).size).toBe(0);
  });

  test("test__enter_task", () => {
    const task = {} as Future<unknown>;
    const loop = fakeLoop();
    expect(currentTask(loop)).toBeNull();
    _enterTask(loop, task);
    expect(currentTask(loop)).toBe(task);
    _leaveTask(loop, task);
  });

  test("test__enter_task_failure", () => {
    const task1 = {} as Future<unknown>;
    const task2 = {} as Future<unknown>;
    const loop = fakeLoop();
    _enterTask(loop, task1);
    expect(() => _enterTask(loop, task2)).toThrow(RuntimeError);
    expect(currentTask(loop)).toBe(task1);
    _leaveTask(loop, task1);
  });

  test("test__leave_task", () => {
    const task = {} as Future<unknown>;
    const loop = fakeLoop();
    _enterTask(loop, task);
    _leaveTask(loop, task);
    expect(currentTask(loop)).toBeNull();
  });

  test("test__leave_task_failure1", () => {
    const task1 = {} as Future<unknown>;
    const task2 = {} as Future<unknown>;
    const loop = fakeLoop();
    _enterTask(loop, task1);
    expect(() => _leaveTask(loop, task2)).toThrow(RuntimeError);
    expect(currentTask(loop)).toBe(task1);
    _leaveTask(loop, task1);
  });

  test("test__leave_task_failure2", () => {
    const task = {} as Future<unknown>;
    const loop = fakeLoop();
    expect(() => _leaveTask(loop, task)).toThrow(RuntimeError);
    expect(currentTask(loop)).toBeNull();
  });

  test("test__unregister_task", () => {
    const loop = fakeLoop();
    const task = taskLike(loop, false);
    _registerTask(task);
    _unregisterTask(task);
    expect(allTasks(loop)).toEqual(new Set());
  });

  test("test__unregister_task_not_registered", () => {
    const loop = fakeLoop();
    const task = taskLike(loop, false);
    _unregisterTask(task);
    expect(allTasks(loop)).toEqual(new Set());
  });
});

describe("BaseCurrentLoopTests", () => {
  let loop: TestLoop;
  useTestLoop((l) => {
    loop = l;
  });

  test("test_current_task_no_running_loop", () => {
    expect(currentTask(loop)).toBeNull();
  });

  test("test_current_task_no_running_loop_implicit", () => {
    expect(() => currentTask()).toThrow(RuntimeError);
    expect(() => currentTask()).toThrow(/^no running event loop/);
  });

  test("test_current_task_with_implicit_loop", async () => {
    const seen: unknown[] = [];
    function* coro() {
      seen.push(currentTask(loop), currentTask(undefined), currentTask());
    }
    const task = new Task(coro(), { loop });
    await loop.runUntilComplete(task);
    expect(seen).toEqual([task, task, task]);
    expect(seen[0]).toBe(task);
    expect(currentTask(loop)).toBeNull();
  });

  test("currentTask is null in a plain callback", async () => {
    let inCallback: unknown = "unset";
    loop.callSoon(() => {
      inCallback = currentTask();
    });
    await loop.runUntilComplete(sleep(0));
    expect(inCallback).toBeNull();
  });
});

describe("allTasks", () => {
  test("lists the tasks not done yet, in creation order, the current one included", async () => {
    const loop = new TestLoop();
    let snapshot: Task<unknown>[] = [];
    let mainName = "";
    function* sleeper(d: number) {
      yield* sleep(d);
    }
    function* mainCoro() {
      mainName = currentTask()?.getName() ?? "";
      const a = createTask(sleeper(1), { name: "a" });
      const b = createTask(sleeper(2), { name: "b" });
      yield* a;
      snapshot = [...allTasks()];
      yield* b;
    }
    await loop.runUntilComplete(mainCoro());
    expect(snapshot.map((t) => t.getName())).toEqual([mainName, "b"]);
    expect(allTasks(loop).size).toBe(0);
    loop.close();
  });

  test("without a running loop and no loop given: RuntimeError", () => {
    expect(() => allTasks()).toThrow(/^no running event loop/);
  });
});
