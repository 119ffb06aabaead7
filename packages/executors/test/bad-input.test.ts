// Bad input: named errors with messages that say what to do, and the pool stays healthy.
import { afterAll, describe, expect, it } from "vitest";
import {
  AttributeError,
  CloneError,
  FreeVariableError,
  ModuleNotFoundError,
  NotCallableError,
  ProcessPoolExecutor,
  RuntimeError,
  ThreadPoolExecutor,
  task,
  ValueError,
} from "../src/index.js";
import { WORK, work } from "./helpers.js";

const mul = work<(x: number, y: number) => number>("mul");
const pools = [
  new ThreadPoolExecutor({ maxWorkers: 2 }),
  new ProcessPoolExecutor({ maxWorkers: 2 }),
];
afterAll(() => Promise.all(pools.map((p) => p.shutdown())));

describe.each(pools)("%s", (pool) => {
  it("a module path that does not exist", async () => {
    const f = pool.submit(task(new URL("./fixtures/nope.js", import.meta.url), "f"));
    await expect(f).rejects.toBeInstanceOf(ModuleNotFoundError);
    await expect(f).rejects.toThrow(/cannot import file:.*nope\.js in the worker/);
    expect(await pool.submit(mul, 6, 7)).toBe(42);
  });

  it("an export that does not exist, or is not a function", async () => {
    await expect(pool.submit(task(WORK, "mull"))).rejects.toThrow(
      /^module file:.*work\.js has no export named "mull" \(its exports: LIMIT, allocateForever, /,
    );
    await expect(pool.submit(task(WORK, "mull"))).rejects.toBeInstanceOf(AttributeError);
    const notFn = pool.submit(task(WORK, "LIMIT"));
    await expect(notFn).rejects.toBeInstanceOf(NotCallableError);
    await expect(notFn).rejects.toThrow('export "LIMIT" of');
    expect(await pool.submit(mul, 6, 7)).toBe(42);
  });

  it("the default export", async () => {
    expect(await pool.submit(task<(x: number) => number>(WORK), 9)).toBe(81);
  });

  it("arguments that cannot be cloned: CloneError with the position", async () => {
    const f = pool.submit(mul, 1, (() => 2) as unknown as number);
    const err = (await f.exceptionAsync()) as CloneError;
    expect(err).toBeInstanceOf(CloneError);
    expect(err.position).toBe("argument 2");
    expect(err.message).toMatch(
      /^argument 2 of mul\(\) from .* cannot be sent to a worker: .*could not be cloned/,
    );
    const chunked = pool.map(mul, [1, 2, 3], [1, Symbol("x") as unknown as number, 3], {
      chunksize: 3,
    });
    await expect(chunked.next()).rejects.toThrow(/argument 2 of call 2 in the chunk/);
    expect(await pool.submit(mul, 6, 7)).toBe(42);
  });

  it("a good call in the same batch as a bad one still runs", async () => {
    const good = pool.submit(mul, 2, 3);
    const bad = pool.submit(mul, 2, new WeakMap() as unknown as number);
    const good2 = pool.submit(mul, 3, 3);
    await expect(bad).rejects.toBeInstanceOf(CloneError);
    expect([await good, await good2]).toEqual([6, 9]);
  });

  it("a result that cannot be cloned back", async () => {
    const err = (await pool.submit(work("returnFunction")).exceptionAsync()) as CloneError;
    expect(err).toBeInstanceOf(CloneError);
    expect(err.position).toBe("result");
    expect(await pool.submit(mul, 6, 7)).toBe(42);
  });

  it("a function that uses variables from outside itself", async () => {
    const factor = 3;
    const f = pool.submit((x: number) => x * factor, 2);
    const err = (await f.exceptionAsync()) as FreeVariableError;
    expect(err).toBeInstanceOf(FreeVariableError);
    expect(err.names).toEqual(["factor"]);
    expect(err.message).toContain("uses factor, defined outside the function");
    expect(err.message).toContain('task(new URL("./work.js", import.meta.url)');
    expect(await pool.submit((x: number, k: number) => x * k, 2, factor)).toBe(6);
  });

  it("not a function at all", async () => {
    await expect(pool.submit(42 as unknown as () => number)).rejects.toBeInstanceOf(
      NotCallableError,
    );
    await expect(pool.submit(class K {} as unknown as () => number)).rejects.toBeInstanceOf(
      NotCallableError,
    );
    const bound = function (this: unknown) {
      return 1;
    }.bind(null);
    await expect(pool.submit(bound)).rejects.toThrow(/native or bound function/);
  });
});

it("maxWorkers <= 0, a bad maxTasksPerChild, a relative module path", () => {
  expect(() => new ThreadPoolExecutor({ maxWorkers: 0 })).toThrow(ValueError);
  expect(() => new ProcessPoolExecutor({ maxWorkers: -1 })).toThrow(
    "max_workers must be greater than 0",
  );
  expect(() => new ProcessPoolExecutor({ maxTasksPerChild: 0 })).toThrow(ValueError);
  expect(() => task("./work.js", "f")).toThrow(/new URL\("\.\/work\.js", import\.meta\.url\)/);
});

it("uncloneable initargs and a bad initializer fail at construction", () => {
  expect(() => new ThreadPoolExecutor({ initializer: work("init"), initargs: [() => 1] })).toThrow(
    CloneError,
  );
  const outside = 1;
  expect(() => new ThreadPoolExecutor({ initializer: () => outside })).toThrow(FreeVariableError);
});

it("submit after shutdown", async () => {
  const pool = new ThreadPoolExecutor();
  await pool.shutdown();
  expect(() => pool.submit(mul, 1, 2)).toThrow(
    new RuntimeError("cannot schedule new futures after shutdown"),
  );
});
