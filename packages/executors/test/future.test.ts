// Port of CPython's Lib/test/test_concurrent_futures/test_future.py.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  CancelledError,
  Future,
  InvalidStateError,
  LOGGER,
  RuntimeError,
  TimeoutError,
} from "../src/index.js";
import {
  CANCELLED,
  CANCELLED_AND_NOTIFIED,
  CANCELLED_AND_NOTIFIED_FUTURE,
  CANCELLED_FUTURE,
  createFuture,
  EXCEPTION_FUTURE,
  FINISHED,
  PENDING,
  PENDING_FUTURE,
  RUNNING,
  RUNNING_FUTURE,
  SUCCESSFUL_FUTURE,
} from "./helpers.js";

let logged: string[];
const original = { ...LOGGER };
beforeEach(() => {
  logged = [];
  LOGGER.exception = (message, error) => logged.push(`${message} ${String(error)}`);
  LOGGER.critical = (message) => logged.push(message);
});
afterEach(() => Object.assign(LOGGER, original));

describe("done callbacks", () => {
  it("with result", () => {
    let result: unknown;
    const f = new Future<number>();
    f.addDoneCallback((cf) => {
      result = cf.result();
    });
    f.setResult(5);
    expect(result).toBe(5);
  });

  it("with exception", () => {
    let exc: unknown;
    const f = new Future();
    f.addDoneCallback((cf) => {
      exc = cf.exception();
    });
    f.setException(new Error("test"));
    expect((exc as Error).message).toBe("test");
  });

  it("with cancel", () => {
    let wasCancelled: boolean | undefined;
    const f = new Future();
    f.addDoneCallback((cf) => {
      wasCancelled = cf.cancelled();
    });
    expect(f.cancel()).toBe(true);
    expect(wasCancelled).toBe(true);
  });

  it("a raising callback is logged and the next one still runs", () => {
    const calls: string[] = [];
    const f = new Future();
    f.addDoneCallback(() => {
      calls.push("raising");
      throw new Error("doh!");
    });
    f.addDoneCallback(() => calls.push("fn"));
    f.setResult(5);
    expect(calls).toEqual(["raising", "fn"]);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain("exception calling callback for <Future at #");
    expect(logged[0]).toContain("Error: doh!");
  });

  it("already successful / failed / cancelled: called at once", () => {
    const ok = new Future<number>();
    ok.setResult(5);
    let seen: unknown;
    ok.addDoneCallback((f) => {
      seen = f.result();
    });
    expect(seen).toBe(5);

    const failed = new Future();
    failed.setException(new Error("test"));
    failed.addDoneCallback((f) => {
      seen = (f.exception() as Error).message;
    });
    expect(seen).toBe("test");

    const cancelled = new Future();
    expect(cancelled.cancel()).toBe(true);
    cancelled.addDoneCallback((f) => {
      seen = f.cancelled();
    });
    expect(seen).toBe(true);
  });

  it("a raising callback on an already done future is logged", () => {
    const f = new Future();
    f.setResult(5);
    f.addDoneCallback(() => {
      throw new Error("doh!");
    });
    expect(logged[0]).toContain("exception calling callback for");
    expect(logged[0]).toContain("doh!");
  });

  it("callbacks run in the order they were added, synchronously", () => {
    const order: number[] = [];
    const f = new Future();
    for (let i = 0; i < 5; i++) f.addDoneCallback(() => order.push(i));
    f.setResult(null);
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });
});

it("repr", () => {
  expect(String(PENDING_FUTURE())).toMatch(/^<Future at #\d+ state=pending>$/);
  expect(String(RUNNING_FUTURE())).toMatch(/^<Future at #\d+ state=running>$/);
  expect(String(CANCELLED_FUTURE())).toMatch(/^<Future at #\d+ state=cancelled>$/);
  expect(String(CANCELLED_AND_NOTIFIED_FUTURE())).toMatch(/^<Future at #\d+ state=cancelled>$/);
  expect(String(EXCEPTION_FUTURE())).toMatch(/^<Future at #\d+ state=finished raised RangeError>$/);
  expect(String(SUCCESSFUL_FUTURE())).toMatch(/^<Future at #\d+ state=finished returned number>$/);
});

it("cancel", () => {
  const f1 = createFuture(PENDING);
  const f2 = createFuture(RUNNING);
  const f3 = createFuture(CANCELLED);
  const f4 = createFuture(CANCELLED_AND_NOTIFIED);
  const f5 = createFuture(FINISHED, { exception: new Error() });
  const f6 = createFuture(FINISHED, { result: 5 });

  expect(f1.cancel()).toBe(true);
  expect(f1.state).toBe("CANCELLED");
  expect(f2.cancel()).toBe(false);
  expect(f2.state).toBe("RUNNING");
  expect(f3.cancel()).toBe(true);
  expect(f3.state).toBe("CANCELLED");
  expect(f4.cancel()).toBe(true);
  expect(f4.state).toBe("CANCELLED_AND_NOTIFIED");
  expect(f5.cancel()).toBe(false);
  expect(f5.state).toBe("FINISHED");
  expect(f6.cancel()).toBe(false);
  expect(f6.state).toBe("FINISHED");
});

it("cancelled, done, running", () => {
  const table = [
    [PENDING_FUTURE(), false, false, false],
    [RUNNING_FUTURE(), false, false, true],
    [CANCELLED_FUTURE(), true, true, false],
    [CANCELLED_AND_NOTIFIED_FUTURE(), true, true, false],
    [EXCEPTION_FUTURE(), false, true, false],
    [SUCCESSFUL_FUTURE(), false, true, false],
  ] as const;
  for (const [f, cancelled, done, running] of table) {
    expect([f.cancelled(), f.done(), f.running()]).toEqual([cancelled, done, running]);
  }
});

describe("result and exception", () => {
  it("synchronous forms: InvalidStateError while not done", () => {
    expect(() => PENDING_FUTURE().result()).toThrow(InvalidStateError);
    expect(() => RUNNING_FUTURE().exception()).toThrow(InvalidStateError);
    expect(() => CANCELLED_FUTURE().result()).toThrow(CancelledError);
    expect(() => CANCELLED_AND_NOTIFIED_FUTURE().exception()).toThrow(CancelledError);
    expect(() => EXCEPTION_FUTURE().result()).toThrow(RangeError);
    expect(EXCEPTION_FUTURE().exception()).toBeInstanceOf(RangeError);
    expect(SUCCESSFUL_FUTURE().result()).toBe(42);
    expect(SUCCESSFUL_FUTURE().exception()).toBeUndefined();
  });

  it("result with timeout (test_result_with_timeout)", async () => {
    await expect(PENDING_FUTURE().resultAsync({ timeout: 0 })).rejects.toBeInstanceOf(TimeoutError);
    await expect(RUNNING_FUTURE().resultAsync({ timeout: 0 })).rejects.toBeInstanceOf(TimeoutError);
    await expect(CANCELLED_FUTURE().resultAsync({ timeout: 0 })).rejects.toBeInstanceOf(
      CancelledError,
    );
    await expect(
      CANCELLED_AND_NOTIFIED_FUTURE().resultAsync({ timeout: 0 }),
    ).rejects.toBeInstanceOf(CancelledError);
    await expect(EXCEPTION_FUTURE().resultAsync({ timeout: 0 })).rejects.toBeInstanceOf(RangeError);
    await expect(SUCCESSFUL_FUTURE().resultAsync({ timeout: 0 })).resolves.toBe(42);
  });

  it("exception with timeout (test_exception_with_timeout)", async () => {
    await expect(PENDING_FUTURE().exceptionAsync({ timeout: 0 })).rejects.toBeInstanceOf(
      TimeoutError,
    );
    await expect(RUNNING_FUTURE().exceptionAsync({ timeout: 0 })).rejects.toBeInstanceOf(
      TimeoutError,
    );
    await expect(CANCELLED_FUTURE().exceptionAsync({ timeout: 0 })).rejects.toBeInstanceOf(
      CancelledError,
    );
    expect(await EXCEPTION_FUTURE().exceptionAsync({ timeout: 0 })).toBeInstanceOf(RangeError);
    expect(await SUCCESSFUL_FUTURE().exceptionAsync({ timeout: 0 })).toBeUndefined();
  });

  it("a short timeout passes while the future stays pending", async () => {
    const f = createFuture(PENDING);
    await expect(f.resultAsync({ timeout: 0.01 })).rejects.toBeInstanceOf(TimeoutError);
    expect(f.done()).toBe(false);
  });

  it("result with success / cancel arriving later", async () => {
    const f1 = createFuture<number>(PENDING);
    setTimeout(() => f1.setResult(42), 5);
    expect(await f1.resultAsync({ timeout: 30 })).toBe(42);

    const f2 = createFuture(PENDING);
    setTimeout(() => f2.cancel(), 5);
    await expect(f2.resultAsync({ timeout: 30 })).rejects.toBeInstanceOf(CancelledError);

    const f3 = createFuture(PENDING);
    setTimeout(() => f3.setException(new RangeError()), 5);
    expect(await f3.exceptionAsync({ timeout: 30 })).toBeInstanceOf(RangeError);
  });

  it("await: resolves with the result, rejects with the exception or CancelledError", async () => {
    expect(await SUCCESSFUL_FUTURE()).toBe(42);
    await expect(EXCEPTION_FUTURE()).rejects.toBeInstanceOf(RangeError);
    await expect(CANCELLED_FUTURE()).rejects.toBeInstanceOf(CancelledError);
    const f = new Future<string>();
    setTimeout(() => f.setResult("later"), 1);
    expect(await f).toBe("later");
    expect(await f.then((v) => v.length)).toBe(5);
    expect(await EXCEPTION_FUTURE().catch(() => "caught")).toBe("caught");
  });
});

describe("set_result / set_exception", () => {
  it("multiple set_result", () => {
    const f = createFuture(PENDING);
    f.setResult(1);
    expect(() => f.setResult(2)).toThrow(
      /^FINISHED: <Future at #\d+ state=finished returned number>$/,
    );
    expect(() => f.setResult(2)).toThrow(InvalidStateError);
    expect(f.done()).toBe(true);
    expect(f.result()).toBe(1);
  });

  it("multiple set_exception", () => {
    const f = createFuture(PENDING);
    const e = new TypeError();
    f.setException(e);
    expect(() => f.setException(new Error())).toThrow(
      /^FINISHED: <Future at #\d+ state=finished raised TypeError>$/,
    );
    expect(f.exception()).toBe(e);
  });

  it("set_result on a cancelled future", () => {
    const f = new Future();
    f.cancel();
    expect(() => f.setResult(1)).toThrow(/^CANCELLED: /);
  });
});

describe("setRunningOrNotifyCancel", () => {
  it("pending -> running; cancelled -> cancelled and notified; else RuntimeError", () => {
    const f = new Future();
    expect(f.setRunningOrNotifyCancel()).toBe(true);
    expect(f.running()).toBe(true);
    expect(f.cancel()).toBe(false);
    expect(() => f.setRunningOrNotifyCancel()).toThrow(RuntimeError);
    expect(logged).toEqual([expect.stringMatching(/^Future \d+ in unexpected state: RUNNING$/)]);

    const g = new Future();
    g.cancel();
    expect(g.state).toBe("CANCELLED");
    expect(g.setRunningOrNotifyCancel()).toBe(false);
    expect(g.state).toBe("CANCELLED_AND_NOTIFIED");
  });
});

it("the errors are concurrent.futures' own classes, named as in Python", () => {
  expect(new CancelledError().name).toBe("CancelledError");
  expect(new TimeoutError().name).toBe("TimeoutError");
  expect(new InvalidStateError("x")).toBeInstanceOf(Error);
});
