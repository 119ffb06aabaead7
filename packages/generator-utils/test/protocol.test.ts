/**
 * The API beyond the CPython ports: what JS generators do on their own, and where this package
 * makes them behave as Python's (each expectation was checked against CPython 3.13).
 */
import {
  close,
  GeneratorExit,
  type GeneratorLike,
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
import { printer, tracebackLastLine } from "./python.js";

function* cleanup(log: string[]): Generator<number, string> {
  try {
    yield 1;
  } catch (e) {
    log.push(`catch ${(e as Error).name}`);
    return "cleaned up";
  } finally {
    log.push("finally");
  }
  return "fell off";
}

describe("exceptions", () => {
  test("print as Python's traceback does, and carry the return value", () => {
    expect(tracebackLastLine(new StopIteration())).toBe("StopIteration");
    expect(tracebackLastLine(new StopIteration(null))).toBe("StopIteration");
    expect(tracebackLastLine(new StopIteration("abc"))).toBe("StopIteration: abc");
    expect(new StopIteration("abc").value).toBe("abc");
    expect(tracebackLastLine(new StopIteration(Object.create(null)))).toBe(
      "StopIteration: [object Object]",
    );
    expect(String(new GeneratorExit())).toBe("GeneratorExit");
    expect(new RuntimeError("x").name).toBe("RuntimeError");
  });
});

describe("next", () => {
  test("returns a default instead of raising, as next(gen, default) does", () => {
    function* one() {
      yield 1;
      return "r";
    }
    const gen = one();
    expect(next(gen, "dflt")).toBe(1);
    expect(next(gen, "dflt")).toBe("dflt");
    expect(next(gen, undefined)).toBeUndefined();
    expect(() => next(gen)).toThrow(StopIteration);
  });

  test("works on any iterator, as Python's builtin does", () => {
    const it = [1, 2].values();
    expect(next(it)).toBe(1);
    expect(next(it)).toBe(2);
    expect(() => next(it)).toThrow(StopIteration);
  });
});

describe("send", () => {
  test("send(gen, undefined) starts a generator, as send(None) does", () => {
    function* g() {
      yield 1;
    }
    expect(send(g(), undefined)).toBe(1);
  });

  test("null is a value: refused by a just-started generator", () => {
    function* g(): Generator<number, void, null> {
      yield 1;
    }
    const gen = g();
    expect(() => send(gen, null)).toThrow(TypeError);
    expect(getGeneratorState(gen)).toBe("GEN_CREATED"); // the refused send did not start it
  });

  test("a value sent to a finished generator raises StopIteration, not TypeError", () => {
    function* g(): Generator<number, void, string> {
      yield 1;
    }
    const gen = g();
    next(gen);
    expect(() => next(gen)).toThrow(StopIteration);
    expect(() => send(gen, "late")).toThrow(StopIteration);
  });
});

describe("throwInto", () => {
  test("StopIteration thrown at a yield comes out as RuntimeError (PEP 479)", () => {
    function* g() {
      yield 1;
    }
    const gen = g();
    next(gen);
    const thrown = new StopIteration(5);
    expect(() => throwInto(gen, thrown)).toThrow("generator raised StopIteration");
    expect(getGeneratorState(gen)).toBe("GEN_CLOSED");
  });

  test("into a just-started generator, the exception comes straight back, and closes it", () => {
    const log: string[] = [];
    const gen = cleanup(log);
    const thrown = new StopIteration(5); // as in CPython: not converted, the body never ran
    expect(() => throwInto(gen, thrown)).toThrow(thrown);
    expect(log).toEqual([]);
    expect(getGeneratorState(gen)).toBe("GEN_CLOSED");
    expect(() => next(gen)).toThrow(StopIteration);
  });

  test("drives hand-written generator-like objects too", () => {
    let thrown: unknown;
    const it: GeneratorLike<string, string> = {
      next: () => ({ done: false, value: "tick" }),
      throw: (e) => {
        thrown = e;
        return { done: true, value: "stopped" };
      },
    };
    expect(next(it)).toBe("tick");
    const exc = new Error("stop");
    expect(() => throwInto(it, exc)).toThrow(StopIteration);
    expect(thrown).toBe(exc);
    expect(getGeneratorState(it)).toBe("GEN_CLOSED");
  });
});

describe("close", () => {
  test("runs catch blocks, which JS's own gen.return() skips", () => {
    const viaReturn: string[] = [];
    const g1 = cleanup(viaReturn);
    g1.next();
    expect(g1.return("x")).toEqual({ done: true, value: "x" });
    expect(viaReturn).toEqual(["finally"]);

    const viaClose: string[] = [];
    const g2 = cleanup(viaClose);
    next(g2);
    expect(close(g2)).toBe("cleaned up");
    expect(viaClose).toEqual(["catch GeneratorExit", "finally"]);
  });

  test("a generator that ignored GeneratorExit is left suspended where it yielded", () => {
    function* stubborn() {
      try {
        yield 1;
      } catch {
        yield 2;
      }
      yield 3;
    }
    const gen = stubborn();
    next(gen);
    expect(() => close(gen)).toThrow(RuntimeError);
    expect(getGeneratorState(gen)).toBe("GEN_SUSPENDED");
    expect(next(gen)).toBe(3);
  });

  test("a StopIteration raised while closing becomes RuntimeError", () => {
    function* k() {
      try {
        yield;
      } catch {
        throw new StopIteration(7);
      }
    }
    const gen = k();
    next(gen);
    expect(() => close(gen)).toThrow("generator raised StopIteration");
  });
});

describe("prime", () => {
  test("advances to the first yield and returns the generator, ready for send", () => {
    function* averager(): Generator<number | undefined, never, number> {
      let total = 0;
      let count = 0;
      let average: number | undefined;
      while (true) {
        total += yield average;
        count += 1;
        average = total / count;
      }
    }
    const avg = prime(averager());
    expect(getGeneratorState(avg)).toBe("GEN_SUSPENDED");
    expect(send(avg, 10)).toBe(10);
    expect(send(avg, 30)).toBe(20);
    expect(send(avg, 5)).toBe(15);
  });

  test("a generator that returns before yielding raises StopIteration", () => {
    function* done(): Generator<never, number> {
      return 1;
    }
    expect(() => prime(done())).toThrow(StopIteration);
  });
});

describe("getGeneratorState", () => {
  test("follows created, running, suspended, closed", () => {
    const seen: string[] = [];
    function* h() {
      seen.push(getGeneratorState(gen));
      yield 1;
    }
    const gen = h();
    expect(getGeneratorState(gen)).toBe("GEN_CREATED");
    next(gen);
    expect(getGeneratorState(gen)).toBe("GEN_SUSPENDED");
    expect(seen).toEqual(["GEN_RUNNING"]);
    close(gen);
    expect(getGeneratorState(gen)).toBe("GEN_CLOSED");
  });

  test("an error escaping the generator closes it", () => {
    function* boom() {
      yield 1;
      throw new Error("boom");
    }
    const gen = boom();
    next(gen);
    expect(() => next(gen)).toThrow("boom");
    expect(getGeneratorState(gen)).toBe("GEN_CLOSED");
  });
});

describe("PyGenerator", () => {
  function* counter(): Generator<number, string, number> {
    let n = 0;
    while (n < 5) {
      const step = yield n;
      n += step ?? 1;
    }
    return "done";
  }

  test("has Python's methods and state", () => {
    const gen = new PyGenerator(counter());
    expect(gen.state).toBe("GEN_CREATED");
    expect(() => gen.send(2)).toThrow(TypeError);
    expect(gen.next()).toBe(0);
    expect(gen.send(2)).toBe(2);
    expect(gen.state).toBe("GEN_SUSPENDED");
    expect(() => gen.throw(new Error("x"))).toThrow("x");
    expect(gen.state).toBe("GEN_CLOSED");
  });

  test("throw() reaches the generator's catch; close() returns its return value", () => {
    const log: string[] = [];
    const gen = new PyGenerator(cleanup(log));
    gen.next();
    expect(gen.close()).toBe("cleaned up");
    expect(gen.state).toBe("GEN_CLOSED");
    const other = new PyGenerator(cleanup([]));
    other.next();
    expect(() => other.throw(new Error("x"))).toThrow(StopIteration);
  });

  test("a break out of for...of leaves it suspended, as in Python", () => {
    const gen = new PyGenerator(counter());
    for (const n of gen) if (n === 1) break;
    expect(gen.state).toBe("GEN_SUSPENDED");
    expect(gen.next()).toBe(2);
    expect([...gen]).toEqual([3, 4]);
    expect(gen.state).toBe("GEN_CLOSED");
  });

  test("yield* over it is yield from: sends and throws reach the generator", () => {
    const { lines, print } = printer();
    function* outer(): Generator<number, void, number> {
      const r = yield* new PyGenerator(counter());
      print("returned", r);
    }
    const gen = outer();
    expect(next(gen)).toBe(0);
    expect(send(gen, 3)).toBe(3);
    expect(() => send(gen, 3)).toThrow(StopIteration);
    expect(lines).toEqual(["returned done"]);
  });

  test("using closes it at the end of the scope, like contextlib.closing", () => {
    const log: string[] = [];
    {
      using gen = new PyGenerator(cleanup(log));
      gen.next();
    }
    expect(log).toEqual(["catch GeneratorExit", "finally"]);
  });
});
