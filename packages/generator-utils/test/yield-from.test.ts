/**
 * `yield from` (PEP 380): port of CPython 3.13's Lib/test/test_yield_from.py cases about
 * delegating next, send, throw and close. Each runs twice, once with JS's `yield*` and once with
 * `yield* yieldFrom(...)`, where both do what Python does; the cases where `yield*` differs run
 * both ways and show the difference. Left out: frames, gi_yieldfrom, the debugger, GC finalization,
 * exception contexts and `send` to a non-generator (JS iterators all accept `next(value)`).
 */
import {
  close,
  GeneratorExit,
  next,
  RuntimeError,
  StopIteration,
  send,
  throwInto,
  yieldFrom,
} from "@tsio/generator-utils";
import { describe, expect, test } from "vitest";
import { ValueError } from "./python.js";

type Delegate = <Y, R, S>(inner: Iterable<Y, R, S>) => Iterable<Y, R, S>;
const delegations: [string, Delegate][] = [
  ["yield*", (inner) => inner],
  ["yield* yieldFrom()", yieldFrom],
];

/** Drives `gen` with next() until it returns, recording "Yielded x" lines. */
function drain(gen: Iterator<unknown, unknown, never>, trace: string[]): void {
  while (true) {
    const r = gen.next();
    if (r.done) return;
    trace.push(`Yielded ${r.value}`);
  }
}

/** The g1/g2 pair many of these tests share; `g2Body` is g2's code inside its try/finally. */
function g1g2(
  delegate: Delegate,
  trace: string[],
  g2Body: () => Generator<string, void, unknown>,
): Generator<string, void, unknown> {
  function* g2() {
    try {
      trace.push("Starting g2");
      yield* g2Body();
    } finally {
      trace.push("Finishing g2");
    }
  }
  function* g1() {
    try {
      trace.push("Starting g1");
      yield "g1 ham";
      yield* delegate(g2());
      yield "g1 eggs";
    } finally {
      trace.push("Finishing g1");
    }
  }
  return g1();
}

/** The trace of g1/g2 when g1 is ended (closed, or an error) while g2 yields "g2 spam". */
const endedWhileDelegating = [
  "Starting g1",
  "Yielded g1 ham",
  "Starting g2",
  "Yielded g2 spam",
  "Finishing g2",
  "Finishing g1",
];

function* spam(): Generator<string> {
  yield "g2 spam";
  yield "g2 more spam";
}

/** What `fn` returned, or what it threw. */
function outcomeOf(fn: () => unknown): unknown {
  try {
    return fn();
  } catch (e) {
    return e;
  }
}

/**
 * CPython's f/g pair of the test_throwing_GeneratorExit_into_subgen* tests: GeneratorExit thrown
 * into g while it delegates to f, whose handler for it runs `onExit`.
 */
function throwExitWhileDelegating(delegate: Delegate, onExit: () => Generator<string, void>) {
  const trace: string[] = [];
  function* f() {
    try {
      trace.push("Enter f");
      yield;
      trace.push("Exit f");
    } catch (e) {
      if (!(e instanceof GeneratorExit)) throw e;
      yield* onExit();
    }
  }
  function* g() {
    trace.push("Enter g");
    yield* delegate(f());
    trace.push("Exit g");
  }
  const gi = g();
  next(gi);
  return { trace, outcome: outcomeOf(() => throwInto(gi, GeneratorExit)) };
}

describe.each(delegations)("%s, as Python's yield from", (_, delegate) => {
  test("test_delegation_of_initial_next_to_subgenerator", () => {
    const trace: string[] = [];
    function* g2() {
      trace.push("Starting g2");
      yield 42;
      trace.push("Finishing g2");
    }
    function* g1() {
      trace.push("Starting g1");
      yield* delegate(g2());
      trace.push("Finishing g1");
    }
    for (const x of g1()) trace.push(`Yielded ${x}`);
    expect(trace).toEqual([
      "Starting g1",
      "Starting g2",
      "Yielded 42",
      "Finishing g2",
      "Finishing g1",
    ]);
  });

  test("test_raising_exception_in_initial_next_call", () => {
    const trace: string[] = [];
    function* g2(): Generator<never> {
      try {
        trace.push("Starting g2");
        throw new ValueError("spanish inquisition occurred");
      } finally {
        trace.push("Finishing g2");
      }
    }
    function* g1() {
      try {
        trace.push("Starting g1");
        yield* delegate(g2());
      } finally {
        trace.push("Finishing g1");
      }
    }
    expect(() => drain(g1(), trace)).toThrow("spanish inquisition occurred");
    expect(trace).toEqual(["Starting g1", "Starting g2", "Finishing g2", "Finishing g1"]);
  });

  test("test_delegation_of_send", () => {
    const trace: string[] = [];
    function* g2(): Generator<string, void, number> {
      trace.push("Starting g2");
      let x = yield "g2 spam";
      trace.push(`g2 received ${x}`);
      x = yield "g2 more spam";
      trace.push(`g2 received ${x}`);
      trace.push("Finishing g2");
    }
    function* g1(): Generator<string, void, number> {
      trace.push("Starting g1");
      let x = yield "g1 ham";
      trace.push(`g1 received ${x}`);
      yield* delegate(g2());
      x = yield "g1 eggs";
      trace.push(`g1 received ${x}`);
      trace.push("Finishing g1");
    }
    const g = g1();
    next(g);
    let x = 1;
    try {
      while (true) {
        trace.push(`Yielded ${send(g, x)}`);
        x += 1;
      }
    } catch (e) {
      if (!(e instanceof StopIteration)) throw e;
    }
    expect(trace).toEqual([
      "Starting g1",
      "g1 received 1",
      "Starting g2",
      "Yielded g2 spam",
      "g2 received 2",
      "Yielded g2 more spam",
      "g2 received 3",
      "Finishing g2",
      "Yielded g1 eggs",
      "g1 received 4",
      "Finishing g1",
    ]);
  });

  test("test_delegating_close", () => {
    const trace: string[] = [];
    const g = g1g2(delegate, trace, spam);
    for (let i = 0; i < 2; i++) trace.push(`Yielded ${next(g)}`);
    close(g);
    expect(trace).toEqual(endedWhileDelegating);
  });

  test("test_handing_exception_while_delegating_close", () => {
    const trace: string[] = [];
    function* exploding() {
      try {
        yield* spam();
      } finally {
        // biome-ignore lint/correctness/noUnsafeFinally: the test is about this very error
        throw new ValueError("nybbles have exploded with delight");
      }
    }
    const g = g1g2(delegate, trace, exploding);
    for (let i = 0; i < 2; i++) trace.push(`Yielded ${next(g)}`);
    expect(() => close(g)).toThrow(new ValueError("nybbles have exploded with delight"));
    expect(trace).toEqual(endedWhileDelegating);
  });

  test("test_delegating_throw", () => {
    const trace: string[] = [];
    const g = g1g2(delegate, trace, spam);
    for (let i = 0; i < 2; i++) trace.push(`Yielded ${next(g)}`);
    expect(() => throwInto(g, new ValueError("tomato ejected"))).toThrow("tomato ejected");
    expect(trace).toEqual(endedWhileDelegating);
  });

  test("test_returning_value_from_delegated_throw", () => {
    class LunchError extends Error {}
    const trace: string[] = [];
    function* lunch() {
      try {
        yield* spam();
      } catch (e) {
        if (!(e instanceof LunchError)) throw e;
        trace.push("Caught LunchError in g2");
        yield "g2 lunch saved";
        yield "g2 yet more spam";
      }
    }
    const g = g1g2(delegate, trace, lunch);
    for (let i = 0; i < 2; i++) trace.push(`Yielded ${next(g)}`);
    throwInto(g, new LunchError("tomato ejected"));
    drain(g, trace);
    expect(trace).toEqual([
      "Starting g1",
      "Yielded g1 ham",
      "Starting g2",
      "Yielded g2 spam",
      "Caught LunchError in g2",
      "Yielded g2 yet more spam",
      "Finishing g2", // not in CPython's trace: its g2 here has no finally, the shared one has
      "Yielded g1 eggs",
      "Finishing g1",
    ]);
  });

  test("test_catching_exception_from_subgen_and_returning", () => {
    for (const value of [2, [2], new StopIteration(2)]) {
      const trace: unknown[] = [];
      function* inner() {
        try {
          yield 1;
        } catch (e) {
          if (!(e instanceof ValueError)) throw e;
          trace.push("inner caught ValueError");
        }
        return value;
      }
      function* outer() {
        const v = yield* delegate(inner());
        trace.push("inner returned to outer");
        yield v;
      }
      const g = outer();
      trace.push(next(g));
      trace.push(throwInto(g, ValueError));
      expect(trace).toEqual([1, "inner caught ValueError", "inner returned to outer", value]);
    }
  });

  test("test_throwing_GeneratorExit_into_subgen_that_raises", () => {
    const { trace, outcome } = throwExitWhileDelegating(delegate, function* () {
      throw new ValueError("Vorpal bunny encountered");
    });
    expect(outcome).toEqual(new ValueError("Vorpal bunny encountered"));
    expect(trace).toEqual(["Enter g", "Enter f"]);
  });

  test("test_yield_from_empty", () => {
    function* g() {
      yield* delegate([]);
    }
    expect(() => next(g())).toThrow(StopIteration);
  });

  test("test_close_and_throw_work", () => {
    const yieldedFirst = {};
    const returned = {};
    function* inner() {
      yield yieldedFirst;
      yield {};
      return returned;
    }
    function* outer() {
      return yield* delegate(inner());
    }
    function started() {
      const g = outer();
      expect(next(g)).toBe(yieldedFirst);
      return g;
    }
    const assertStopIteration = (g: Generator) => {
      expect(() => next(g)).toThrow(new StopIteration());
    };

    let g = started();
    close(g);
    assertStopIteration(g);

    g = started();
    const exit = new GeneratorExit();
    expect(() => throwInto(g, exit)).toThrow(exit);
    assertStopIteration(g);

    g = started();
    expect(() => throwInto(g, new StopIteration())).toThrow(
      new RuntimeError("generator raised StopIteration"),
    );
    assertStopIteration(g);

    g = started();
    const thrown = new Error();
    expect(() => throwInto(g, thrown)).toThrow(thrown);
    assertStopIteration(g);
  });
});

describe("where yield* and yield from differ, yieldFrom() does what Python does", () => {
  test("test_throwing_GeneratorExit_into_subgen_that_returns", () => {
    const returns = function* () {}; // f's handler returns
    // Python: f is closed, then GeneratorExit is raised in g: "Exit g" never runs.
    const python = throwExitWhileDelegating(yieldFrom, returns);
    expect(python.trace).toEqual(["Enter g", "Enter f"]);
    expect(python.outcome).toBeInstanceOf(GeneratorExit);
    // yield*: f's return ends the delegation and g goes on.
    const js = throwExitWhileDelegating((inner) => inner, returns);
    expect(js.trace).toEqual(["Enter g", "Enter f", "Exit g"]);
    expect(js.outcome).toBeInstanceOf(StopIteration);
  });

  test("test_throwing_GeneratorExit_into_subgenerator_that_yields", () => {
    const yields = function* () {
      yield "ignored it";
    };
    const python = throwExitWhileDelegating(yieldFrom, yields);
    expect(python.outcome).toEqual(new RuntimeError("generator ignored GeneratorExit"));
    expect(python.trace).toEqual(["Enter g", "Enter f"]);
    // yield*: f's yield comes out of throw() as if nothing happened.
    expect(throwExitWhileDelegating((inner) => inner, yields).outcome).toBe("ignored it");
  });

  test("test_delegation_of_close_to_non_generator", () => {
    function run(delegate: Delegate) {
      const trace: string[] = [];
      function* g() {
        try {
          trace.push("starting g");
          yield* delegate([0, 1, 2]);
          trace.push("g should not be here");
        } finally {
          trace.push("finishing g");
        }
      }
      const gi = g();
      next(gi);
      try {
        return { trace, outcome: close(gi) };
      } catch (e) {
        return { trace, outcome: e };
      }
    }
    const python = run(yieldFrom);
    expect(python.outcome).toBeUndefined();
    expect(python.trace).toEqual(["starting g", "finishing g"]);
    // yield*: an array iterator has no throw(), so the GeneratorExit becomes a TypeError.
    expect(run((inner) => inner).outcome).toBeInstanceOf(TypeError);
  });

  test("test_delegating_throw_to_non_generator", () => {
    function run(delegate: Delegate) {
      const trace: string[] = [];
      function* g() {
        try {
          trace.push("Starting g");
          yield* delegate([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        } finally {
          trace.push("Finishing g");
        }
      }
      const gi = g();
      for (let i = 0; i < 5; i++) trace.push(`Yielded ${next(gi)}`);
      try {
        throwInto(gi, new ValueError("tomato ejected"));
      } catch (e) {
        return { trace, outcome: e };
      }
    }
    const python = run(yieldFrom);
    expect(python?.outcome).toEqual(new ValueError("tomato ejected"));
    expect(python?.trace).toEqual([
      "Starting g",
      "Yielded 0",
      "Yielded 1",
      "Yielded 2",
      "Yielded 3",
      "Yielded 4",
      "Finishing g",
    ]);
    expect(run((inner) => inner)?.outcome).toBeInstanceOf(TypeError);
  });

  test("gen.return() (a break out of for...of) closes the inner generator with GeneratorExit", () => {
    function run(delegate: Delegate) {
      const trace: string[] = [];
      function* inner() {
        try {
          yield 1;
          yield 2;
        } catch (e) {
          trace.push(`inner caught ${(e as Error).name}`);
          throw e;
        } finally {
          trace.push("inner finally");
        }
      }
      function* outer() {
        yield* delegate(inner());
      }
      for (const x of outer()) if (x === 1) break;
      return trace;
    }
    expect(run(yieldFrom)).toEqual(["inner caught GeneratorExit", "inner finally"]);
    expect(run((inner) => inner)).toEqual(["inner finally"]); // JS forwards return() instead
  });
});
