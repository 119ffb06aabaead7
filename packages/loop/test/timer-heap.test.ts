/**
 * The timer heap (a sorted run plus a binary heap, see src/timer-heap.ts) against a plain
 * sorted list: whatever the order timers come in, they leave in (when, seq) order.
 */
import type { _TimerEntry } from "@tsio/future";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { TimerHeap } from "../src/timer-heap.js";

function entry(when: number, seq: number): _TimerEntry {
  return { _when: when, _seq: seq, _cancelled: false, _scheduled: true, _run() {} };
}

const byKey = (a: _TimerEntry, b: _TimerEntry): number => a._when - b._when || a._seq - b._seq;

type Op =
  | { kind: "push"; when: number }
  | { kind: "pushRun"; count: number; step: number }
  | { kind: "pop" }
  | { kind: "cancel"; pick: number }
  | { kind: "removeCancelled" };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("push" as const), when: fc.integer({ min: 0, max: 50 }) }),
  fc.record({
    kind: fc.constant("pushRun" as const),
    count: fc.integer({ min: 1, max: 20 }),
    step: fc.integer({ min: 0, max: 3 }),
  }),
  fc.record({ kind: fc.constant("pop" as const) }),
  fc.record({ kind: fc.constant("cancel" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("removeCancelled" as const) }),
);

describe("TimerHeap", () => {
  test("pops in (when, seq) order whatever the pushes, pops and clean-ups", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        const heap = new TimerHeap();
        let model: _TimerEntry[] = [];
        let seq = 0;
        let clock = 0;
        const push = (when: number): void => {
          const e = entry(when, seq++);
          heap.push(e);
          model.push(e);
        };
        for (const o of ops) {
          if (o.kind === "push") push(o.when);
          else if (o.kind === "pushRun") {
            // Timers due in the order they are scheduled, as the same delay gives.
            for (let i = 0; i < o.count; i++) push(clock + 10 + i * o.step);
            clock += 1;
          } else if (o.kind === "pop") {
            model.sort(byKey);
            expect(heap.peekWhen()).toBe(model.length > 0 ? model[0]?._when : Infinity);
            expect(heap.peek()).toBe(model[0]);
            expect(heap.pop()).toBe(model.shift());
          } else if (o.kind === "cancel") {
            const live = model.filter((e) => !e._cancelled);
            const victim = live[o.pick % Math.max(1, live.length)];
            if (victim !== undefined) victim._cancelled = true;
          } else {
            heap.removeCancelled();
            for (const e of model) if (e._cancelled) expect(e._scheduled).toBe(false);
            model = model.filter((e) => !e._cancelled);
          }
          expect(heap.size).toBe(model.length);
        }
        model.sort(byKey);
        const out: _TimerEntry[] = [];
        while (heap.size > 0) out.push(heap.pop() as _TimerEntry);
        expect(out).toEqual(model);
        expect(heap.pop()).toBeUndefined();
        expect(heap.peekWhen()).toBe(Infinity);
      }),
      { numRuns: 300 },
    );
  });

  test("a long run drained from its head keeps its order (the run compacts itself)", () => {
    const heap = new TimerHeap();
    const n = 5000;
    for (let i = 0; i < n; i++) heap.push(entry(i, i));
    for (let i = 0; i < n / 2; i++) expect(heap.pop()?._seq).toBe(i);
    heap.push(entry(-1, n)); // earlier than everything: goes to the heap
    for (let i = n; i < n + 100; i++) heap.push(entry(i, i + 1));
    expect(heap.pop()?._seq).toBe(n);
    let prev = -1;
    while (heap.size > 0) {
      const e = heap.pop() as _TimerEntry;
      expect(e._when).toBeGreaterThan(prev);
      prev = e._when;
    }
  });
});
