// The static check of functions shipped by their source: what is self-contained, what is not.
import { describe, expect, it } from "vitest";
import { define } from "../src/callable.js";
import { FreeVariableError, isTaskRef, NotCallableError, task } from "../src/index.js";

function freeNames(fn: unknown): readonly string[] {
  const def = define(fn);
  if (def instanceof FreeVariableError) return def.names;
  if (def instanceof Error) throw def;
  return [];
}

declare const window: unknown; // not defined here: `typeof window` guards must pass
const outside = 10;
const helper = (x: number) => x;

describe("free-variable check", () => {
  it("self-contained functions pass", () => {
    expect(freeNames((a: number, b: number) => a + b)).toEqual([]);
    expect(
      freeNames(function fib(n: number): number {
        return n < 2 ? n : fib(n - 1) + fib(n - 2);
      }),
    ).toEqual([]);
    expect(
      freeNames((xs: number[]) => {
        const { length: n } = xs;
        let [first = 0, ...rest] = xs;
        for (const x of rest) first += x;
        try {
          JSON.parse("x");
        } catch (err) {
          void err;
        }
        class Local {
          #k = 1;
          get k() {
            return this.#k;
          }
        }
        const o = { n, first, sum: Math.max(n, first), k: new Local().k };
        for (;;) break;
        return typeof window === "undefined" ? o.n : o.first;
      }),
    ).toEqual([]);
  });

  it("a recursive arrow function may call itself by its binding name", () => {
    const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1));
    expect(freeNames(fact)).toEqual([]);
  });

  it("method shorthand and async functions parse", () => {
    const obj = {
      twice(x: number) {
        return x * 2;
      },
      async later(x: number) {
        return x;
      },
    };
    expect(freeNames(obj.twice)).toEqual([]);
    expect(freeNames(obj.later)).toEqual([]);
  });

  it("closures, module constants and imports are reported by name", () => {
    expect(freeNames(() => outside)).toEqual(["outside"]);
    expect(freeNames((x: number) => helper(x) + outside)).toEqual(["helper", "outside"]);
    expect(freeNames(() => ({ outside }))).toEqual(["outside"]);
    // an import: "define" as written, or Vite's rewrite of it under vitest
    expect(freeNames(() => define)).toEqual([
      expect.stringMatching(/^(define|__vite_ssr_import_\d+__)$/),
    ]);
  });

  it("globals and require are fine", () => {
    expect(freeNames(() => [Math.PI, Buffer.from("x"), process.pid, structuredClone(1)])).toEqual(
      [],
    );
    expect(freeNames(() => require("node:os").cpus())).toEqual([]);
  });

  it("natives and classes cannot be shipped; global builtins can", () => {
    expect(define(function f() {}.bind(null))).toBeInstanceOf(NotCallableError);
    expect(define(class A {})).toBeInstanceOf(NotCallableError);
    expect(define(Math.abs)).toMatchObject({ spec: { kind: "global", path: "Math.abs" } });
  });

  it("each function is analysed once", () => {
    const f = (x: number) => x;
    expect(define(f)).toBe(define(f));
  });
});

describe("task()", () => {
  it("takes a URL, an absolute path or a package name", () => {
    const t = task(new URL("file:///tmp/work.js"), "fib");
    expect(isTaskRef(t)).toBe(true);
    expect(t).toMatchObject({ module: "file:///tmp/work.js", name: "fib" });
    expect(task("/tmp/work.js").module).toBe("file:///tmp/work.js");
    expect(task("/tmp/work.js").name).toBe("default");
    expect(task("node:os", "cpus").module).toBe("node:os");
  });
});
