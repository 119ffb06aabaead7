/**
 * fromPromise: native Promises (and functions of an AbortSignal returning one) as Futures. The
 * counterpart in asyncio is wrap_future/_chain_future, whose rules these follow: the outcome
 * arrives through the loop, cancelling the future reaches the source where it can (the signal),
 * and a source that settles after its loop closed is ignored (CPython's _call_set_state).
 */
import { setTimeout as delay } from "node:timers/promises";
import { CancelledError, type Coroutine, Future, fromPromise, RuntimeError } from "@tsio/future";
import { setEventLoop, TestLoop } from "@tsio/loop";
import { afterEach, beforeEach, describe, expect, test } from "vitest";

let loop: TestLoop;

beforeEach(() => {
  loop = new TestLoop();
  setEventLoop(loop);
});

afterEach(() => {
  setEventLoop(null);
  if (!loop.isClosed()) loop.close();
});

/** A Promise with its settle functions. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every pending promise reaction run. */
const drainMicrotasks = () => delay(1);

describe("fromPromise(promise)", () => {
  test("settles with the promise's value, through the loop", async () => {
    const d = deferred<number>();
    const fut = fromPromise(d.promise, { loop });
    expect(fut).toBeInstanceOf(Future);
    expect(fut.getLoop()).toBe(loop);
    d.resolve(5);
    await drainMicrotasks();
    // The value waits for the loop: futures complete only on their loop.
    expect(fut.done()).toBe(false);
    function* main(): Coroutine<number> {
      return yield* fut;
    }
    expect(await loop.runUntilComplete(main())).toBe(5);
  });

  test("a rejection becomes the future's exception; undefined becomes an Error", async () => {
    const err = new RuntimeError("boom");
    const fut = fromPromise(Promise.reject(err), { loop });
    await expect(loop.runUntilComplete(fut)).rejects.toBe(err);

    const fut2 = fromPromise(Promise.reject(undefined), { loop });
    const e2 = await loop.runUntilComplete(fut2).catch((e: unknown) => e);
    expect((e2 as Error).message).toBe("promise rejected with undefined");
  });

  test("cancelling the future leaves the promise running; its outcome is ignored", async () => {
    const d = deferred<number>();
    const fut = fromPromise(d.promise, { loop });
    fut.cancel("not needed");
    d.reject(new Error("late failure, reported nowhere"));
    await drainMicrotasks();
    await expect(loop.runUntilComplete(fut)).rejects.toThrow(new CancelledError("not needed"));
  });

  test("the loop is the running one when none is given", async () => {
    function* main(): Coroutine<Future<number>[]> {
      return [fromPromise(Promise.resolve(1))];
    }
    const [fut] = await loop.runUntilComplete(main());
    expect(fut?.getLoop()).toBe(loop);
  });

  test("a promise that settles after its loop was closed is ignored, not an unhandled error", async () => {
    const d = deferred<number>();
    const fut = fromPromise(d.promise, { loop });
    loop.close();
    d.resolve(1);
    await drainMicrotasks();
    expect(fut.done()).toBe(false);
  });

  test("something that is not a promise: TypeError naming what is expected", () => {
    expect(() => fromPromise(5 as never, { loop })).toThrow(
      "fromPromise() needs a Promise or a function returning one, got number",
    );
    expect(() => fromPromise((() => 5) as never, { loop })).toThrow(TypeError);
  });
});

describe("fromPromise((signal) => promise)", () => {
  test("cancelling the future aborts the signal, with the CancelledError as its reason", async () => {
    let seen: AbortSignal | undefined;
    const fut = fromPromise(
      (signal) => {
        seen = signal;
        return delay(60_000, "never", { signal });
      },
      { loop },
    );
    expect(seen?.aborted).toBe(false);
    function* main() {
      loop.callSoon(() => fut.cancel("stop it"));
      return yield* fut;
    }
    const exc = await loop.runUntilComplete(main()).catch((e: unknown) => e);
    expect(exc).toBeInstanceOf(CancelledError);
    expect((exc as Error).message).toBe("stop it");
    expect(seen?.aborted).toBe(true);
    expect(seen?.reason).toBeInstanceOf(CancelledError);
    // The aborted timer's rejection is swallowed (the future is already cancelled).
    await drainMicrotasks();
  });

  test("the signal is not aborted when the promise settles normally", async () => {
    let seen: AbortSignal | undefined;
    const fut = fromPromise(
      (signal) => {
        seen = signal;
        return Promise.resolve("fine");
      },
      { loop },
    );
    expect(await loop.runUntilComplete(fut)).toBe("fine");
    expect(seen?.aborted).toBe(false);
  });

  test("a function that throws gives a future with that exception", async () => {
    const err = new RuntimeError("sync failure");
    const fut = fromPromise(
      () => {
        throw err;
      },
      { loop },
    );
    expect(fut.done()).toBe(true);
    expect(fut.exception()).toBe(err);
  });
});
