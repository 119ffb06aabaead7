/**
 * Port of the as_completed() cases of CPython 3.13's Lib/test/test_asyncio/test_tasks.py. Each
 * case runs twice, as in Python: with the plain iterator in a coroutine (`for...of`, awaiting each
 * item with `yield*`), and with `for await` in native code. Python's `async for` yields the done
 * futures; tsio's `for await` yields their results (what JavaScript's async iteration and
 * TypeScript's types expect), and `.futures()` gives the futures to coroutines.
 */
import { type Coroutine, type Future, fromPromise, TimeoutError } from "@tsio/future";
import { TestLoop } from "@tsio/loop";
import { type AwaitableLike, asCompleted, ensureFuture, sleep, wait } from "@tsio/task";
import { afterEach, beforeEach, describe, expect, test } from "vitest";

let loop: TestLoop;
beforeEach(() => {
  loop = new TestLoop();
});
afterEach(() => {
  loop.close();
});

/** Runs native async code, started inside the running loop (as `async def` code would be). */
function runNative<T>(fn: () => Promise<T>): Promise<T> {
  return loop.runUntilComplete(
    (function* () {
      return yield* fromPromise(fn());
    })(),
  );
}

type Iterate = <T>(aws: Iterable<AwaitableLike<T>>, timeout?: number) => Promise<T[]>;

const viaIterator: Iterate = (aws, timeout) =>
  loop.runUntilComplete(
    (function* () {
      const values = [];
      for (const f of asCompleted(aws, { timeout })) values.push(yield* f);
      return values;
    })(),
  );

const viaAsyncIterator: Iterate = (aws, timeout) =>
  runNative(async () => {
    const values = [];
    for await (const r of asCompleted(aws, { timeout })) values.push(r);
    return values;
  });

describe.each([
  ["try_iterator", viaIterator],
  ["try_async_iterator", viaAsyncIterator],
])("as_completed (%s)", (_name, iterate) => {
  test("test_as_completed", async () => {
    const completed = new Set<string>();
    let timeShifted = false;
    function* sleeper(dt: number, x: string): Coroutine<string> {
      yield* sleep(dt);
      completed.add(x);
      if (!timeShifted && completed.has("a") && completed.has("b")) {
        timeShifted = true;
        loop.advanceTime(0.14);
      }
      return x;
    }
    const a = sleeper(0.01, "a");
    const b = sleeper(0.01, "b");
    const c = sleeper(0.15, "c");
    const res = await iterate([b, c, a]);
    expect(loop.time()).toBeCloseTo(0.15);
    expect(res.slice(0, 2).sort()).toEqual(["a", "b"]);
    expect(res[2]).toBe("c");
  });

  test("test_as_completed_with_unused_timeout", async () => {
    const a = sleep(0.01, "a");
    expect(await iterate([a], 1)).toEqual(["a"]);
    expect(loop.time()).toBeCloseTo(0.01);
  });

  test("test_as_completed_duplicate_coroutines", async () => {
    function* coro(s: string): Coroutine<string> {
      return s;
    }
    const c = coro("ham");
    const result = await iterate([c, c, coro("spam")]);
    expect(new Set(result)).toEqual(new Set(["ham", "spam"]));
    expect(result).toHaveLength(2);
  });
});

describe("as_completed", () => {
  test("test_as_completed_same_tasks_in_as_out (futures())", async () => {
    function* coro(i: unknown): Coroutine<unknown> {
      return i;
    }
    function* collect(aws: Iterable<AwaitableLike<unknown>>): Coroutine<Set<unknown>> {
      const out = new Set<unknown>();
      for (const next of asCompleted(aws).futures()) out.add(yield* next);
      return out;
    }
    // Coroutines are not yielded back (a finished coroutine cannot be reused)...
    const coros = [coro(0), coro(1), coro(2), coro(3)];
    const out1 = await loop.runUntilComplete(collect(coros));
    expect(coros.some((c) => out1.has(c))).toBe(false);
    expect(out1.size).toBe(4);
    // ...tasks are.
    const coroA = coro("a");
    const taskB = loop.createTask(coro("b"));
    const coroC = coro("c");
    const taskD = loop.createTask(coro("d"));
    const out2 = await loop.runUntilComplete(collect([coroA, taskB, coroC, taskD]));
    expect([coroA, taskB, coroC, taskD].filter((x) => out2.has(x))).toEqual([taskB, taskD]);
  });

  test("test_as_completed_with_timeout (iterator)", async () => {
    const a = loop.createTask(sleep(0.1, "a"));
    const b = loop.createTask(sleep(0.15, "b"));
    const res = await loop.runUntilComplete(
      (function* () {
        const values: [number, unknown][] = [];
        for (const f of asCompleted([a, b], { timeout: 0.12 })) {
          if (values.length > 0) loop.advanceTime(0.02);
          try {
            values.push([1, yield* f]);
          } catch (e) {
            values.push([2, e]);
          }
        }
        return values;
      })(),
    );
    expect(res).toHaveLength(2);
    expect(res[0]).toEqual([1, "a"]);
    expect(res[1]?.[0]).toBe(2);
    expect(res[1]?.[1]).toBeInstanceOf(TimeoutError);
    expect(loop.time()).toBeCloseTo(0.12);
    loop.advanceTime(10);
    await loop.runUntilComplete(wait([a, b]));
  });

  test("test_as_completed_with_timeout (async iterator)", async () => {
    const a = loop.createTask(sleep(0.1, "a"));
    const b = loop.createTask(sleep(0.15, "b"));
    const res = await runNative(async () => {
      const values: [number, unknown][] = [];
      try {
        for await (const r of asCompleted([a, b], { timeout: 0.12 })) {
          values.push([1, r]);
          loop.advanceTime(0.02);
        }
      } catch (e) {
        values.push([2, e]);
      }
      return values;
    });
    expect(res).toHaveLength(2);
    expect(res[0]).toEqual([1, "a"]);
    expect(res[1]?.[1]).toBeInstanceOf(TimeoutError);
    expect(loop.time()).toBeCloseTo(0.12);
    loop.advanceTime(10);
    await loop.runUntilComplete(wait([a, b]));
  });

  test("test_as_completed_resume_iterator (iterator)", async () => {
    function* coro(i: number): Coroutine<number> {
      return i;
    }
    const results = await loop.runUntilComplete(
      (function* () {
        const iterator = asCompleted([coro(0), coro(1), coro(2), coro(3)]);
        const collected: number[] = [];
        let iterations = 0;
        for (const f of iterator) {
          collected.push(yield* f);
          iterations += 1;
          if (iterations === 2) break;
        }
        expect(collected).toHaveLength(2);
        for (const f of iterator) collected.push(yield* f); // resume the same iterator
        return collected;
      })(),
    );
    expect(results.sort()).toEqual([0, 1, 2, 3]);
  });

  test("test_as_completed_resume_iterator (async iterator)", async () => {
    function* coro(i: number): Coroutine<number> {
      return i;
    }
    const results = await runNative(async () => {
      const iterator = asCompleted([coro(0), coro(1), coro(2), coro(3)]);
      const collected: number[] = [];
      let iterations = 0;
      for await (const r of iterator) {
        collected.push(r);
        iterations += 1;
        if (iterations === 2) break;
      }
      expect(collected).toHaveLength(2);
      for await (const r of iterator) collected.push(r);
      return collected;
    });
    expect(results.sort()).toEqual([0, 1, 2, 3]);
  });

  test("test_as_completed_reverse_wait", async () => {
    const a = sleep(0.05, "a");
    const b = sleep(0.1, "b");
    await loop.runUntilComplete(
      (function* () {
        const futs = [...asCompleted([a, b])];
        expect(futs).toHaveLength(2);
        const x = yield* futs[1] as Coroutine<string>;
        expect(x).toBe("a");
        expect(loop.time()).toBeCloseTo(0.05);
        loop.advanceTime(0.05);
        const y = yield* futs[0] as Coroutine<string>;
        expect(y).toBe("b");
        expect(loop.time()).toBeCloseTo(0.1);
      })(),
    );
  });

  test("test_as_completed_concurrent (iterator)", async () => {
    const a = sleep(0.05, "a");
    const b = sleep(0.05, "b");
    await loop.runUntilComplete(
      (function* () {
        const futs = [...asCompleted([a, b])];
        expect(futs).toHaveLength(2);
        const [done] = yield* wait(futs.map((f) => ensureFuture(f)));
        expect(new Set([...done].map((f) => f.result()))).toEqual(new Set(["a", "b"]));
      })(),
    );
  });

  test("test_as_completed_concurrent (async iterator)", async () => {
    const a = sleep(0.05, "a");
    const b = sleep(0.05, "b");
    const results = await runNative(async () => {
      const out: string[] = [];
      for await (const r of asCompleted([a, b])) out.push(r);
      return out;
    });
    expect(new Set(results)).toEqual(new Set(["a", "b"]));
  });

  test("test_as_completed_coroutine_use_running_loop", async () => {
    function* coro(): Coroutine<number> {
      return 42;
    }
    await loop.runUntilComplete(
      (function* () {
        const futs = [...asCompleted([coro()])];
        expect(futs).toHaveLength(1);
        expect(yield* futs[0] as Coroutine<number>).toBe(42);
      })(),
    );
  });

  test("test_as_completed_invalid_args", () => {
    const fut = loop.createFuture();
    expect(() => asCompleted(fut as unknown as Future<unknown>[])).toThrow(TypeError);
    const coro = sleep(1);
    expect(() => asCompleted(coro as unknown as Future<unknown>[])).toThrow(
      /expects an iterable of awaitables, not a coroutine/,
    );
    expect(() => asCompleted(Promise.resolve(1) as unknown as Future<unknown>[])).toThrow(
      TypeError,
    );
  });

  test("futures(): in a coroutine, the done futures themselves, in completion order", async () => {
    const slow = loop.createTask(sleep(0.2, "slow"));
    const fast = loop.createTask(sleep(0.1, "fast"));
    const order = await loop.runUntilComplete(
      (function* () {
        const out: Future<string>[] = [];
        for (const next of asCompleted([slow, fast]).futures()) out.push(yield* next);
        return out;
      })(),
    );
    expect(order).toEqual([fast, slow]);
  });

  test("native code can await the items of the plain iteration", async () => {
    const slow = loop.createTask(sleep(0.2, "slow"));
    const fast = loop.createTask(sleep(0.1, "fast"));
    const results = await runNative(async () => {
      const out: string[] = [];
      for (const next of asCompleted([slow, fast])) out.push(await next);
      return out;
    });
    expect(results).toEqual(["fast", "slow"]);
  });

  test("for await: a failure is thrown at the loop, and a new loop resumes", async () => {
    function* fails(): Coroutine<string> {
      yield* sleep(0.1);
      throw new Error("boom");
    }
    const results = await runNative(async () => {
      const out: string[] = [];
      const it = asCompleted([sleep(0.2, "late"), fails(), sleep(0.05, "early")]);
      try {
        for await (const r of it) out.push(r);
      } catch (e) {
        out.push(`error ${(e as Error).message}`);
      }
      for await (const r of it) out.push(r);
      return out;
    });
    expect(results).toEqual(["early", "error boom", "late"]);
  });

  test("an empty list iterates nothing, with or without a timeout", async () => {
    expect(await viaIterator([], 1)).toEqual([]);
    expect(await viaAsyncIterator([])).toEqual([]);
  });

  test("a cancelled waiter gives its turn to the next one (Queue.get's care)", async () => {
    const a = loop.createTask(sleep(0.1, "a"));
    const res = await loop.runUntilComplete(
      (function* () {
        const it = asCompleted([a]);
        const first = it.next().value as Coroutine<string>;
        const waiting = loop.createTask(first);
        yield* sleep(0.05);
        waiting.cancel();
        yield* wait([waiting]);
        // the item was not lost: a fresh coroutine from a new iterator over the done task
        return [waiting.cancelled(), yield* a];
      })(),
    );
    expect(res).toEqual([true, "a"]);
  });
});
