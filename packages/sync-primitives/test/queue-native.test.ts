import { CancelledError, fromPromise, RuntimeError, ValueError } from "@tsio/future";
import { run } from "@tsio/loop";
import { createTask, gather, sleep } from "@tsio/task";
import { describe, expect, test } from "vitest";
import { Deque } from "../src/deque.js";
import { Lock, Queue, QueueEmpty, QueueFull, QueueShutDown } from "../src/index.js";
import { raises, runOn } from "./helpers.js";

describe("Queue from native async code", () => {
  test("for await consumes until shutdown, in order", () =>
    runOn(function* () {
      const q = new Queue<number>(2);
      const seen: number[] = [];
      const consumer = (async () => {
        for await (const item of q) {
          seen.push(item);
          q.taskDone();
        }
        return "ended";
      })();
      for (let i = 0; i < 10; i++) yield* q.put(i);
      yield* q.join();
      q.shutdown();
      expect(yield* fromPromise(consumer)).toBe("ended");
      expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    }));

  test("for await drains what is left after a shutdown, then ends", () =>
    runOn(function* () {
      const q = new Queue<string>();
      q.putNowait("a");
      q.putNowait("b");
      q.shutdown();
      const seen: string[] = [];
      yield* fromPromise(
        (async () => {
          for await (const item of q) seen.push(item);
        })(),
      );
      expect(seen).toEqual(["a", "b"]);
    }));

  test("getAsync / putAsync / joinAsync", () =>
    runOn(function* () {
      const q = new Queue<number>(1);
      const native = (async () => {
        await q.putAsync(1);
        await q.putAsync(2); // waits for room
        const got = await q.getAsync();
        q.taskDone();
        q.taskDone();
        await q.joinAsync();
        return got;
      })();
      yield* sleep(1);
      expect(yield* q.get()).toBe(1);
      expect(yield* fromPromise(native)).toBe(2);
    }));

  test("a cancelled getAsync loses no item", () =>
    runOn(function* () {
      const q = new Queue<string>();
      const t = q.getAsync();
      yield* sleep(0);
      q.putNowait("x");
      t.cancel();
      yield* raises(CancelledError, t);
      expect(yield* q.get()).toBe("x");
    }));

  test("getAsync takes an item that is there at once (eager), and waits otherwise", () =>
    runOn(function* () {
      const q = new Queue<number>();
      q.putNowait(1);
      const t = q.getAsync();
      expect(t.done()).toBe(true);
      expect(yield* t).toBe(1);
      const t2 = q.getAsync();
      expect(t2.done()).toBe(false);
      createTask(
        (function* () {
          yield* sleep(1);
          q.putNowait(2);
        })(),
      );
      expect(yield* t2).toBe(2);
    }));

  test("run() ending cancels a native getAsync that still waits", async () => {
    let seen: unknown = null;
    let waiting: Promise<unknown> | null = null;
    await run(
      (function* () {
        const q = new Queue<number>();
        waiting = q.getAsync().then(
          (v) => v,
          (e: unknown) => {
            seen = e;
          },
        );
        yield* sleep(0);
      })(),
    );
    await waiting;
    expect(seen).toBeInstanceOf(CancelledError);
  });

  test("the native forms need a running loop", () => {
    const q = new Queue<number>();
    expect(() => q.getAsync()).toThrow(RuntimeError);
  });
});

describe("Queue: bad input gets a named error, and the queue stays usable", () => {
  test("maxsize must be a number; 0 or less is unbounded, as in Python", () => {
    expect(() => new Queue(Number.NaN)).toThrow(TypeError);
    expect(() => new Queue("3" as never)).toThrow(/maxsize must be a number/);
    const q = new Queue<number>(-1);
    for (let i = 0; i < 1000; i++) q.putNowait(i);
    expect(q.full()).toBe(false);
    expect(q.maxsize).toBe(-1);
  });

  test("putting into a shut-down queue", () =>
    runOn(function* () {
      const q = new Queue<number>();
      q.putNowait(1);
      q.shutdown();
      const e = yield* raises(QueueShutDown, q.put(2));
      expect((e as Error).message).toMatch(/shut down/);
      expect(() => q.putNowait(2)).toThrow(QueueShutDown);
      expect(yield* q.get()).toBe(1); // what was put before is still there
      q.taskDone();
      yield* q.join();
    }));

  test("taskDone called too often leaves the count alone", () =>
    runOn(function* () {
      const q = new Queue<number>();
      expect(() => q.taskDone()).toThrow(ValueError);
      q.putNowait(1);
      yield* q.get();
      q.taskDone();
      expect(() => q.taskDone()).toThrow("task_done() called too many times");
      q.putNowait(2);
      const joined = createTask(q.join());
      yield* sleep(0);
      expect(joined.done()).toBe(false);
      yield* q.get();
      q.taskDone();
      yield* joined;
    }));

  test("QueueEmpty and QueueFull say what to do", () => {
    const q = new Queue<number>(1);
    expect(() => q.getNowait()).toThrow(QueueEmpty);
    expect(() => q.getNowait()).toThrow(/yield\* queue.get\(\)/);
    q.putNowait(1);
    expect(() => q.putNowait(2)).toThrow(QueueFull);
    expect(() => q.putNowait(2)).toThrow(/yield\* queue.put\(item\)/);
    expect(q.getNowait()).toBe(1);
  });
});

describe("Deque", () => {
  test("push, shift, pop, remove, growth", () => {
    const d = new Deque<number>(2);
    for (let i = 0; i < 20; i++) d.push(i);
    expect(d.shift()).toBe(0);
    expect(d.pop()).toBe(19);
    expect(d.remove(5)).toBe(true);
    expect(d.remove(5)).toBe(false);
    expect(d.remove(1)).toBe(true);
    expect(d.toArray()).toEqual([2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]);
    for (let i = 0; i < 16; i++) d.shift();
    expect(d.length).toBe(0);
    expect(d.shift()).toBeUndefined();
    expect(d.pop()).toBeUndefined();
    expect(d.peekFirst()).toBeUndefined();
    // wrap around the ring
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 7; i++) d.push(i);
      for (let i = 0; i < 7; i++) expect(d.shift()).toBe(i);
    }
    d.push(1);
    d.clear();
    expect([...d]).toEqual([]);
  });
});

describe("Queue: a waiter cancelled after it was woken passes the wake-up on", () => {
  test("getter", () =>
    runOn(function* () {
      const q = new Queue<string>();
      const g1 = createTask(q.get());
      const g2 = createTask(q.get());
      yield* sleep(0);
      q.putNowait("x"); // wakes g1...
      g1.cancel(); // ...which is cancelled before it runs
      yield* raises(CancelledError, g1);
      expect(yield* g2).toBe("x");
    }));

  test("putter", () =>
    runOn(function* () {
      const q = new Queue<string>(1);
      q.putNowait("a");
      const p1 = createTask(q.put("b"));
      const p2 = createTask(q.put("c"));
      yield* sleep(0);
      expect(q.getNowait()).toBe("a"); // wakes p1...
      p1.cancel(); // ...which is cancelled before it runs: "b" is never inserted
      yield* raises(CancelledError, p1);
      yield* p2;
      expect(q.getNowait()).toBe("c");
      expect(q.empty()).toBe(true);
    }));
});

describe("Queue: the order of events CPython 3.13 gives (checked against it)", () => {
  test("a get that runs before a woken getter takes the item, and the woken one waits again", () =>
    runOn(function* () {
      // Unlike Lock and Semaphore, CPython's Queue lets a get() that runs first take an item a
      // woken getter has not collected yet; the woken getter then queues again, at the back.
      const q = new Queue<string>();
      const log: unknown[] = [];
      function* getter(name: string) {
        log.push([name, yield* q.get()]);
      }
      const g1 = createTask(getter("g1"));
      yield* sleep(0);
      function* late() {
        log.push(["late", q.empty() ? null : q.getNowait()]);
        log.push(["late2", yield* q.get()]);
      }
      const t = createTask(late()); // scheduled before g1's wake-up
      q.putNowait("x"); // wakes g1
      yield* sleep(0);
      log.push(["qsize", q.qsize(), "g1 done", g1.done(), "getters", q._getters.length]);
      q.putNowait("y");
      yield* sleep(0);
      q.putNowait("z");
      yield* gather(g1, t);
      expect(log).toEqual([
        ["late", "x"],
        ["qsize", 0, "g1 done", false, "getters", 2],
        ["late2", "y"],
        ["g1", "z"],
      ]);
    }));

  test("Lock: a task arriving while the woken waiter has not run waits its turn", () =>
    runOn(function* () {
      const lock = new Lock();
      const log: unknown[] = [];
      yield* lock.acquire();
      function* w(name: string) {
        yield* lock.acquire();
        log.push(name);
        lock.release();
      }
      const a = createTask(w("a"));
      yield* sleep(0);
      lock.release(); // wakes a
      const b = createTask(w("b")); // arrives while a has not run
      log.push(["locked", lock.locked()]);
      yield* gather(a, b);
      expect(log).toEqual([["locked", false], "a", "b"]);
    }));
});
