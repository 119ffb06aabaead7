/**
 * Port of the parts of CPython 3.13's Lib/test/test_generators.py that are about send, throw,
 * close, StopIteration and GeneratorExit. Left out, having no JavaScript counterpart: names and
 * qualnames, copy/pickle, frames and tracebacks, sys.exc_info / __context__ chaining,
 * finalization by the garbage collector (JS never closes a dropped generator: use close() or
 * `using`), the deprecated 3-argument throw(), and syntax tests.
 */
import {
  close,
  GeneratorExit,
  getGeneratorState,
  next,
  PyGenerator,
  prime,
  RuntimeError,
  StopIteration,
  send,
  throwInto,
} from "@tsio/generator-utils";
import { describe, expect, test } from "vitest";
import { printer, ValueError } from "./python.js";

/** What a call threw (failing the test if it did not throw). */
function raised(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error("expected an exception");
}

describe("FinalizationTest", () => {
  test("test_lambda_generator: return (yield 1), directly and through yield*", () => {
    function* g(): Generator<number, number, number> {
      return yield 1;
    }
    function* g2(): Generator<number, number, number> {
      return yield* g();
    }
    for (const genFun of [g, g2]) {
      const gen = genFun();
      expect(next(gen)).toBe(1);
      const exc = raised(() => send(gen, 2));
      expect(exc).toBeInstanceOf(StopIteration);
      expect((exc as StopIteration).value).toBe(2);
    }
  });
});

describe("GeneratorTest", () => {
  test("test_send_non_none_to_new_gen", () => {
    function* f() {
      yield 1;
    }
    const g = f();
    expect(() => send(g, 0)).toThrow(TypeError);
    expect(next(g)).toBe(1);
  });
});

describe("ExceptionTest", () => {
  test("test_stopiteration_error: PEP 479 turns it into RuntimeError", () => {
    function* gen() {
      throw new StopIteration();
      // biome-ignore lint/correctness/noUnreachable: the generator must contain a yield
      yield;
    }
    expect(() => next(gen())).toThrow(/raised StopIteration/);
    expect(raised(() => next(gen()))).toBeInstanceOf(RuntimeError);
  });

  test("test_tutorial_stopiteration", () => {
    function* f() {
      yield 1;
      throw new StopIteration();
    }
    const g = f();
    expect(next(g)).toBe(1);
    const exc = raised(() => next(g));
    expect(exc).toBeInstanceOf(RuntimeError);
    expect((exc as Error).message).toBe("generator raised StopIteration");
    expect((exc as Error).cause).toBeInstanceOf(StopIteration);
  });

  test("test_return_tuple", () => {
    function* g(): Generator<number, unknown, unknown> {
      return yield 1;
    }
    const gen = g();
    expect(next(gen)).toBe(1);
    const exc = raised(() => send(gen, [2]));
    expect((exc as StopIteration).value).toEqual([2]);
  });

  test("test_return_stopiteration: a StopIteration sent as a value is just a value", () => {
    function* g(): Generator<number, unknown, unknown> {
      return yield 1;
    }
    const gen = g();
    expect(next(gen)).toBe(1);
    const exc = raised(() => send(gen, new StopIteration(2)));
    expect(exc).toBeInstanceOf(StopIteration);
    const value = (exc as StopIteration).value;
    expect(value).toBeInstanceOf(StopIteration);
    expect((value as StopIteration).value).toBe(2);
  });
});

describe("GeneratorCloseTest", () => {
  function* catchesExit(): Generator<undefined, number | undefined> {
    try {
      yield;
    } catch (e) {
      if (e instanceof GeneratorExit) return 0;
      throw e;
    }
  }

  test("test_close_no_return_value", () => {
    function* f() {
      yield;
    }
    const gen = f();
    send(gen, undefined);
    expect(close(gen)).toBeUndefined();
  });

  test("test_close_return_value", () => {
    const gen = catchesExit();
    send(gen, undefined);
    expect(close(gen)).toBe(0);
  });

  test("test_close_not_catching_exit", () => {
    function* f() {
      yield;
      // close() raises GeneratorExit at the yield, which is not caught: no return value
      return 0;
    }
    const gen = f();
    send(gen, undefined);
    expect(close(gen)).toBeUndefined();
  });

  test("test_close_not_started", () => {
    expect(close(catchesExit())).toBeUndefined();
  });

  test("test_close_exhausted", () => {
    const gen = catchesExit();
    next(gen);
    expect(() => next(gen)).toThrow(StopIteration);
    expect(close(gen)).toBeUndefined();
  });

  test("test_close_closed", () => {
    const gen = catchesExit();
    send(gen, undefined);
    expect(close(gen)).toBe(0);
    expect(close(gen)).toBeUndefined();
  });

  test("test_close_raises", () => {
    function* f() {
      try {
        yield;
      } catch (e) {
        if (!(e instanceof GeneratorExit)) throw e;
      }
      throw new RuntimeError();
    }
    const gen = f();
    send(gen, undefined);
    expect(() => close(gen)).toThrow(RuntimeError);
  });
});

describe("GeneratorThrowTest", () => {
  test("test_throw_after_none_exc_type", () => {
    function* g() {
      try {
        throw new Error("KeyError");
      } catch {}
      try {
        yield;
      } catch {
        throw new RuntimeError();
      }
    }
    const gen = g();
    send(gen, undefined);
    expect(() => throwInto(gen, ValueError)).toThrow(RuntimeError);
  });
});

describe("YieldFromTests", () => {
  test("test_generator_gi_yieldfrom: the delegating generator's state", () => {
    const seen: string[] = [];
    function* a() {
      seen.push(getGeneratorState(genB));
      yield;
      seen.push(getGeneratorState(genB));
    }
    function* b() {
      yield* a();
      yield;
    }
    const genB = b();
    expect(getGeneratorState(genB)).toBe("GEN_CREATED");
    send(genB, undefined);
    expect(getGeneratorState(genB)).toBe("GEN_SUSPENDED");
    send(genB, undefined);
    expect(getGeneratorState(genB)).toBe("GEN_SUSPENDED");
    expect([...new PyGenerator(genB)]).toEqual([]); // exhaust the generator
    expect(getGeneratorState(genB)).toBe("GEN_CLOSED");
    expect(seen).toEqual(["GEN_RUNNING", "GEN_RUNNING"]);
  });
});

describe("tutorial_tests", () => {
  test('"falling off the end" and "return" stop the generator, for good', () => {
    function* f() {
      yield 1;
      return;
    }
    const g = f();
    expect(next(g)).toBe(1);
    expect(() => next(g)).toThrow(StopIteration);
    expect(() => next(g)).toThrow(StopIteration); // once stopped, can't be resumed
  });

  test("generators always return to the most recent caller", () => {
    const { lines, print } = printer();
    function* yrange(n: number) {
      for (let i = 0; i < n; i++) yield i;
    }
    function creator() {
      const r = new PyGenerator(yrange(5));
      print("creator", r.next());
      return r;
    }
    function caller() {
      for (const i of creator()) print("caller", i);
    }
    caller();
    expect(lines).toEqual(["creator 0", "caller 1", "caller 2", "caller 3", "caller 4"]);
  });
});

describe("pep_tests", () => {
  test("a generator cannot be resumed while it is running", () => {
    function* g(): Generator<number> {
      const i = next(me);
      yield i;
    }
    const me = g();
    // Python raises ValueError("generator already executing"); the JS engine a TypeError.
    expect(() => next(me)).toThrow(TypeError);
  });

  test("an exception propagates out of next(), and the generator cannot be resumed", () => {
    function f(): number {
      throw new Error("ZeroDivisionError");
    }
    function* g() {
      yield f();
      yield 42;
    }
    const k = g();
    expect(() => next(k)).toThrow("ZeroDivisionError");
    expect(() => next(k)).toThrow(StopIteration);
    expect(getGeneratorState(k)).toBe("GEN_CLOSED");
  });
});

describe("coroutine_tests", () => {
  test("sending a value into a started generator", () => {
    const { lines, print } = printer();
    function* f(): Generator<number, void, number> {
      print(yield 1);
      yield 2;
    }
    const g = f();
    expect(next(g)).toBe(1);
    expect(send(g, 42)).toBe(2);
    expect(lines).toEqual(["42"]);
  });

  test("sending a value into a new generator produces a TypeError", () => {
    function* f(): Generator<number, void, string> {
      yield 1;
    }
    expect(() => send(f(), "foo")).toThrow(
      /^can't send non-None value to a just-started generator/,
    );
  });

  test("a yield expression with augmented assignment", () => {
    function* coroutine(seq: number[]): Generator<undefined, void, number> {
      let count = 0;
      while (count < 200) {
        count += yield;
        seq.push(count);
      }
    }
    const seq: number[] = [];
    const c = prime(coroutine(seq));
    expect(seq).toEqual([]);
    send(c, 10);
    expect(seq).toEqual([10]);
    send(c, 10);
    expect(seq).toEqual([10, 20]);
    send(c, 10);
    expect(seq).toEqual([10, 20, 30]);
  });

  test("throw() conditions", () => {
    const { lines, print } = printer();
    function* f(): Generator<undefined, void, unknown> {
      while (true) {
        try {
          print(yield);
        } catch (v) {
          if (!(v instanceof ValueError)) throw v;
          print(`caught ValueError (${v.message})`);
        }
      }
    }
    const g = f();
    next(g);
    throwInto(g, ValueError); // type only
    throwInto(g, new ValueError("xyz")); // value only
    expect(send(g, 1)).toBeUndefined();
    expect(() => throwInto(g, TypeError)).toThrow(TypeError); // terminate the generator
    expect(() => send(g, 2)).toThrow(StopIteration);
    expect(() => throwInto(g, new ValueError("6"))).toThrow("6"); // throw on closed generator
    expect(() => throwInto(f(), new ValueError("7"))).toThrow("7"); // on just-opened generator
    expect(lines).toEqual(["caught ValueError ()", "caught ValueError (xyz)", "1"]);
  });

  test("closing a generator", () => {
    const { lines, print } = printer();
    function* f() {
      try {
        yield;
      } catch (e) {
        if (!(e instanceof GeneratorExit)) throw e;
        print("exiting");
      }
    }
    const g = f();
    next(g);
    close(g);
    close(g); // should be a no-op now
    close(f()); // close on a just-opened generator should be fine
    expect(lines).toEqual(["exiting"]);
  });

  test("an ill-behaved generator: RuntimeError, and a second close() is fine", () => {
    function* f(): Generator<string | undefined> {
      try {
        yield;
      } catch (e) {
        if (!(e instanceof GeneratorExit)) throw e;
        yield "foo!";
      }
    }
    const g = f();
    next(g);
    const exc = raised(() => close(g));
    expect(exc).toBeInstanceOf(RuntimeError);
    expect((exc as Error).message).toBe("generator ignored GeneratorExit");
    expect(close(g)).toBeUndefined();
  });

  test("errors thrown during closing propagate", () => {
    function* f() {
      try {
        yield;
      } catch (e) {
        if (e instanceof GeneratorExit) throw new TypeError("fie!");
        throw e;
      }
    }
    const g = f();
    next(g);
    expect(() => close(g)).toThrow("fie!");
  });
});
