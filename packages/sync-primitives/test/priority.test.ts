import { describe, expect, test } from "vitest";
import { PriorityQueue, pythonCompare, QueueFull } from "../src/index.js";
import { runOn } from "./helpers.js";

describe("pythonCompare: Python's < on numbers, strings and tuples", () => {
  test("tuples compare element-wise, a shorter prefix first", () => {
    const items: unknown[] = [[1, "b"], [1, "a"], [0, "z"], [0, "z", "x"], [0]];
    expect([...items].sort(pythonCompare)).toEqual([
      [0],
      [0, "z"],
      [0, "z", "x"],
      [1, "a"],
      [1, "b"],
    ]);
  });

  test("strings compare by code point, as in Python", () => {
    const items = ["é", "e", "\u{1F600}", "\uffff", "a"];
    // JS's default sort puts the astral character (a surrogate pair) before U+FFFF.
    expect([...items].sort(pythonCompare)).toEqual(["a", "e", "é", "\uffff", "\u{1F600}"]);
  });

  test("numbers, bigints and booleans compare by value", () => {
    expect(pythonCompare(1, 2)).toBeLessThan(0);
    expect(pythonCompare(2n, 1)).toBeGreaterThan(0);
    expect(pythonCompare(true, 0)).toBeGreaterThan(0);
    expect(pythonCompare(1, 1)).toBe(0);
  });

  test("the data of [priority, data] is compared only on equal priorities", () => {
    const a = [1, { job: "a" }];
    const b = [2, { job: "b" }];
    expect(pythonCompare(a, b)).toBeLessThan(0);
    expect(() => pythonCompare([1, { job: "a" }], [1, { job: "b" }])).toThrow(TypeError);
    const same = { job: "same" };
    expect(pythonCompare([1, same], [1, same])).toBe(0); // equal by identity: not compared
  });

  test("mixed types are refused with TypeError, as in Python", () => {
    expect(() => pythonCompare(1, "1")).toThrow(
      /'<' not supported between instances of 'number' and 'string'/,
    );
    expect(() => pythonCompare(null, 1)).toThrow(TypeError);
    expect(() => pythonCompare({}, {})).toThrow(/compare function/);
  });
});

describe("PriorityQueue", () => {
  test("pops equal priorities in the same order as Python's heapq", () => {
    // A comparator on the priority only: the order among equal ones is the heap's own, which
    // must match CPython 3.13's heapq for the same pushes and pops (computed there).
    const prios = [
      2, 1, 3, 0, 0, 0, 2, 0, 1, 0, 0, 3, 3, 0, 1, 0, 3, 0, 0, 1, 0, 3, 0, 1, 0, 1, 2, 3, 1, 0, 2,
      1, 0, 1, 2, 0, 0, 0, 1, 3,
    ];
    const expected = [
      1, 3, 4, 7, 9, 5, 17, 18, 20, 13, 15, 29, 35, 36, 37, 32, 10, 22, 24, 23, 38, 19, 14, 31, 33,
      28, 25, 8, 34, 6, 30, 26, 0, 11, 21, 12, 2, 39, 16, 27,
    ];
    const q = new PriorityQueue<[number, number]>({ compare: (a, b) => a[0] - b[0] });
    const out: number[] = [];
    prios.forEach((p, i) => {
      q.putNowait([p, i]);
      if (i % 3 === 2) out.push(q.getNowait()[1]);
    });
    while (!q.empty()) out.push(q.getNowait()[1]);
    expect(out).toEqual(expected);
  });

  test("[priority, data] tuples by default", () =>
    runOn(function* () {
      const q = new PriorityQueue<[number, string]>();
      yield* q.put([2, "write"]);
      yield* q.put([1, "read"]);
      yield* q.put([1, "open"]);
      expect([yield* q.get(), yield* q.get(), yield* q.get()]).toEqual([
        [1, "open"],
        [1, "read"],
        [2, "write"],
      ]);
    }));

  test("a put whose item cannot be compared throws TypeError and changes nothing", () => {
    const q = new PriorityQueue<[number, object]>();
    q.putNowait([1, { a: 1 }]);
    q.putNowait([0, { b: 1 }]);
    expect(() => q.putNowait([1, { c: 1 }])).not.toThrow(); // compared with [0, ...] only
    expect(() => q.putNowait([0, { d: 1 }])).toThrow(TypeError); // ties with [0, {b}]
    expect(q.qsize()).toBe(3);
    expect(q._unfinishedTasks).toBe(3);
    expect(q._format()).toBe(`maxsize=0 _queue=[[0, {"b":1}], [1, {"a":1}], [1, {"c":1}]] tasks=3`);
  });

  test("a get whose heap cannot be ordered throws TypeError and keeps every item", () => {
    // [1, {x}] and [1, {z}] were never compared on the way in; popping must compare them.
    const q = new PriorityQueue<[number, object]>();
    q.putNowait([0, { w: 1 }]);
    q.putNowait([1, { x: 1 }]);
    q.putNowait([1, { z: 1 }]);
    expect(() => q.getNowait()).toThrow(TypeError);
    expect(q.qsize()).toBe(3);
    expect(String(q)).toContain(`_queue=[[0, {"w":1}], [1, {"x":1}], [1, {"z":1}]]`);
  });

  test("the compare option, and maxsize", () => {
    const q = new PriorityQueue<{ deadline: number }>({
      maxsize: 2,
      compare: (a, b) => a.deadline - b.deadline,
    });
    q.putNowait({ deadline: 5 });
    q.putNowait({ deadline: 3 });
    expect(q.full()).toBe(true);
    expect(() => q.putNowait({ deadline: 1 })).toThrow(QueueFull);
    expect(q.getNowait().deadline).toBe(3);
    expect(() => new PriorityQueue({ compare: 1 as never })).toThrow(TypeError);
  });

  test("a heap of random numbers comes out sorted", () => {
    const q = new PriorityQueue<number>();
    const xs = Array.from({ length: 500 }, (_, i) => (i * 7919) % 1009);
    for (const x of xs) q.putNowait(x);
    const out: number[] = [];
    while (!q.empty()) out.push(q.getNowait());
    expect(out).toEqual([...xs].sort((a, b) => a - b));
  });
});
