// Port of CPython 3.13 Lib/test/test_asyncio/test_locks.py: EventTests.
import { CancelledError, type Future, fromPromise, getRunningLoop } from "@tsio/future";
import { createTask, sleep } from "@tsio/task";
import { describe, expect, test } from "vitest";
import { Event } from "../src/index.js";
import { raises, runOn } from "./helpers.js";

const RGX_REPR = /^<(\w+) \[(set|unset)(, waiters:\d+)?\]>$/;

describe("Event (test_locks.EventTests)", () => {
  test("repr", () => {
    const ev = new Event();
    expect(String(ev).endsWith("[unset]>")).toBe(true);
    expect(String(ev).match(RGX_REPR)?.[2]).toBe("unset");
    ev.set();
    expect(String(ev).endsWith("[set]>")).toBe(true);
    expect(String(ev)).toMatch(RGX_REPR);
    ev._waiters.push({ done: () => true } as unknown as Future<boolean>);
    expect(String(ev)).toContain("waiters:1");
    expect(String(ev)).toMatch(RGX_REPR);
  });

  test("wait", () =>
    runOn(function* () {
      const ev = new Event();
      expect(ev.isSet()).toBe(false);
      const result: number[] = [];
      function* c(n: number) {
        if (yield* ev.wait()) result.push(n);
      }
      const t1 = createTask(c(1));
      const t2 = createTask(c(2));
      yield* sleep(0);
      expect(result).toEqual([]);
      const t3 = createTask(c(3));
      ev.set();
      yield* sleep(0);
      expect(result).toEqual([3, 1, 2]);
      for (const t of [t1, t2, t3]) {
        expect(t.done()).toBe(true);
        expect(t.result()).toBeUndefined();
      }
    }));

  test("wait on set", () =>
    runOn(function* () {
      const ev = new Event();
      ev.set();
      expect(yield* ev.wait()).toBe(true);
    }));

  test("wait cancel", () =>
    runOn(function* () {
      const ev = new Event();
      const wait = createTask(ev.wait());
      getRunningLoop().callSoon(() => wait.cancel());
      yield* raises(CancelledError, wait);
      expect(ev._waiters.length).toBe(0);
    }));

  test("clear", () => {
    const ev = new Event();
    expect(ev.isSet()).toBe(false);
    ev.set();
    expect(ev.isSet()).toBe(true);
    ev.clear();
    expect(ev.isSet()).toBe(false);
  });

  test("clear with waiters", () =>
    runOn(function* () {
      const ev = new Event();
      const result: number[] = [];
      function* c1() {
        if (yield* ev.wait()) result.push(1);
        return true;
      }
      const t = createTask(c1());
      yield* sleep(0);
      expect(result).toEqual([]);
      ev.set();
      ev.clear();
      expect(ev.isSet()).toBe(false);
      ev.set();
      ev.set();
      expect(ev._waiters.length).toBe(1);
      yield* sleep(0);
      expect(result).toEqual([1]);
      expect(ev._waiters.length).toBe(0);
      expect(t.done()).toBe(true);
      expect(t.result()).toBe(true);
    }));

  test("native async: waitAsync", () =>
    runOn(function* () {
      const ev = new Event();
      const order: string[] = [];
      const p = ev.waitAsync().then(() => order.push("native woke"));
      yield* sleep(1);
      order.push("set");
      ev.set();
      // A native continuation runs when the loop hands control back to Node.
      yield* fromPromise(p);
      expect(order).toEqual(["set", "native woke"]);
    }));

  test("a native waiter runs at the time it was woken, before the TestLoop's clock jumps", () =>
    runOn(function* () {
      const loop = getRunningLoop();
      const ev = new Event();
      createTask(
        (function* () {
          yield* sleep(1);
          ev.set();
        })(),
      );
      const far = createTask(sleep(100)); // a far timer the idle loop could jump to
      const seen = ev.waitAsync().then(() => loop.time());
      expect(yield* fromPromise(seen)).toBe(1);
      yield* far;
    }));
});
