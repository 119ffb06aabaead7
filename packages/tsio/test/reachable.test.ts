import type ts from "typescript";
import { describe, expect, it } from "vitest";
import {
  type ExportedName,
  moduleExports,
  namespaceExports,
  sourceProgram,
  workspacePackages,
} from "../../../tools/package-exports.ts";
import * as tsio from "../src/index.js";

/**
 * Where each package's exports live in `tsio`: "" is the top level (`asyncio.X`), a dotted path
 * a namespace (`concurrent.futures.X`). A new package under packages/ fails the first test until
 * it is re-exported from src/index.ts and listed here.
 */
const HOME: Record<string, string> = {
  "@tsio/future": "",
  "@tsio/task": "",
  "@tsio/loop": "",
  "@tsio/sync-primitives": "",
  "@tsio/executors": "concurrent.futures",
  "@tsio/http-client": "aiohttp",
  "@tsio/generator-utils": "generators",
};

/**
 * Top-level names that another package's export of the same name takes, on purpose:
 * `@tsio/future` declares the Handle / TimerHandle interfaces that `@tsio/loop`'s classes of the
 * same names implement, and asyncio.Handle is the class.
 */
const SHADOWED: Record<string, Record<string, string>> = {
  "@tsio/future": { Handle: "@tsio/loop", TimerHandle: "@tsio/loop", getRunningLoop: "@tsio/loop" },
};

const packages = workspacePackages().filter((p) => p.name !== "tsio");
const umbrella = workspacePackages().find((p) => p.name === "tsio");
if (!umbrella) throw new Error("packages/tsio/src/index.ts is missing");

describe("tsio re-exports every package", () => {
  it("has a place for every workspace package", () => {
    const missing = packages.map((p) => p.name).filter((name) => !(name in HOME));
    expect(missing, "re-export these from packages/tsio/src/index.ts and add them to HOME").toEqual(
      [],
    );
  });

  describe("every export (types included) is reachable, the same declaration", () => {
    const program = sourceProgram([umbrella.entry, ...packages.map((p) => p.entry)]);
    const checker = program.getTypeChecker();
    const top = moduleExports(program, umbrella.entry);

    const at = (path: string): Map<string, ts.Symbol> => {
      let names: ExportedName[] = top;
      for (const part of path ? path.split(".") : []) {
        const ns = names.find((n) => n.name === part);
        const inner = ns && namespaceExports(checker, ns.target);
        if (!inner) throw new Error(`tsio has no namespace ${path} (at ${part})`);
        names = inner;
      }
      return new Map(names.map((n) => [n.name, n.target]));
    };

    for (const pkg of packages) {
      const home = HOME[pkg.name];
      if (home === undefined) continue;
      it(`${pkg.name} -> tsio${home ? `.${home}` : ""}`, () => {
        const here = at(home);
        const shadowed = SHADOWED[pkg.name] ?? {};
        const exports = moduleExports(program, pkg.entry);
        expect(exports.length).toBeGreaterThan(0);
        const unreachable = exports
          .filter((e) => !(e.name in shadowed) && here.get(e.name) !== e.target)
          .map((e) => e.name);
        expect(unreachable).toEqual([]);
        for (const name of Object.keys(shadowed)) {
          expect(here.has(name), `${name} is shadowed, not missing`).toBe(true);
        }
      });
    }
  });

  describe("every runtime value is the same object", () => {
    const namespace = (path: string): Record<string, unknown> => {
      let ns: Record<string, unknown> = tsio;
      for (const part of path ? path.split(".") : []) ns = ns[part] as Record<string, unknown>;
      return ns;
    };

    for (const pkg of packages) {
      const home = HOME[pkg.name];
      if (home === undefined) continue;
      it(`${pkg.name} -> tsio${home ? `.${home}` : ""}`, async () => {
        const mod = (await import(pkg.name)) as Record<string, unknown>;
        const here = namespace(home);
        const shadowed = SHADOWED[pkg.name] ?? {};
        const different = Object.keys(mod).filter(
          (name) => !(name in shadowed) && here[name] !== mod[name],
        );
        expect(Object.keys(mod).length).toBeGreaterThan(0);
        expect(different).toEqual([]);
      });
    }
  });

  it("keeps asyncio's names at the top level and concurrent.futures' apart", async () => {
    const future = await import("@tsio/future");
    const executors = await import("@tsio/executors");
    expect(tsio.CancelledError).toBe(future.CancelledError);
    expect(tsio.concurrent.futures.CancelledError).toBe(executors.CancelledError);
    expect(tsio.concurrent.futures.CancelledError).not.toBe(tsio.CancelledError);
    expect(tsio.concurrent.futures.wait).not.toBe(tsio.wait);
    expect(tsio.generators.RuntimeError).not.toBe(tsio.RuntimeError);
  });

  it("runs a program written against the umbrella alone", async () => {
    const order: string[] = [];
    function* worker(name: string, delay: number) {
      try {
        yield* tsio.sleep(delay);
        order.push(name);
        return name.length;
      } finally {
        order.push(`${name} done`);
      }
    }
    function* main() {
      const q = new tsio.Queue<number>();
      const forever = tsio.createTask(worker("forever", 1e9));
      const [a, b] = yield* tsio.gather(worker("ab", 0.2), worker("abc", 0.1));
      q.putNowait(a + b);
      forever.cancel();
      const cancelled = yield* tsio.gather(forever, { returnExceptions: true });
      return [yield* q.get(), cancelled[0] instanceof tsio.CancelledError] as const;
    }
    const loop = new tsio.TestLoop();
    const result = await loop.runUntilComplete(main());
    loop.close();
    expect(result).toEqual([5, true]);
    expect(order).toEqual(["abc", "abc done", "ab", "ab done", "forever done"]);
  });
});
