/**
 * Seed 004 ("How does asyncio work?(1)"): every generator example, ported line by line, prints
 * what CPython 3.13 prints (SEED-EXAMPLES.md, 004-*). Where CPython exits on an uncaught
 * exception, the expected output ends with the traceback's last line.
 */
import {
  next,
  PyGenerator,
  StopIteration,
  send,
  throwInto,
  yieldFrom,
} from "@tsio/generator-utils";
import { run } from "@tsio/loop";
import { describe, expect, test } from "vitest";
import { Exception, printer, runScript, type } from "./python.js";

describe("004-generator-next", () => {
  test("next() gets each yielded value, then raises StopIteration", () => {
    const lines = runScript((print) => {
      function* test() {
        yield 1;
        yield 2;
      }

      const gen = test();
      print(type(gen));
      print(next(gen));
      print(next(gen));
      print(next(gen));
    });
    expect(lines).toEqual(["<class 'generator'>", "1", "2", "StopIteration"]);
  });
});

describe("004-generator-send-throw", () => {
  type Test = Generator<number, void, string>;
  // Python's gen.send / gen.throw, spelled with the free functions and with PyGenerator's methods.
  const spellings = {
    "send() and throwInto()": (gen: Test) => ({
      next: () => next(gen),
      send: (value: string) => send(gen, value),
      throw: (exc: unknown) => throwInto(gen, exc),
    }),
    "PyGenerator's send() and throw()": (gen: Test) => new PyGenerator(gen),
  };

  test.each(Object.entries(spellings))("%s: resume with a value, raise at the yield", (_, wrap) => {
    const lines = runScript((print) => {
      function* test(): Test {
        const val = yield 1;
        print(val);
        yield 2;
        yield 3;
      }

      const gen = wrap(test());
      print(gen.next());
      print(gen.send("abc"));
      print(gen.next());
      print(gen.throw(new Exception("!")));
    });
    expect(lines).toEqual(["1", "abc", "2", "3", "Exception: !"]);
  });
});

describe("004-generator-return-value", () => {
  test("the return value arrives as StopIteration.value", () => {
    const lines = runScript((print) => {
      function* test() {
        yield 1;
        return "abc";
      }
      const gen = test();
      print(next(gen));

      try {
        next(gen);
      } catch (exc) {
        if (!(exc instanceof StopIteration)) throw exc;
        print(exc.value);
      }
    });
    expect(lines).toEqual(["1", "abc"]);
  });
});

describe("004-yield-from", () => {
  // JS `yield*` is `yield from`; yieldFrom() is PEP 380 to the letter. Both must print the same.
  const delegations = {
    "yield*": <Y, R, S>(inner: Generator<Y, R, S>) => inner,
    "yield* yieldFrom()": yieldFrom,
  };

  test.each(Object.entries(delegations))("%s passes next() and send() through", (_, delegate) => {
    const lines = runScript((print) => {
      function* inner(): Generator<number, number, string> {
        const innerResult = yield 2;
        print("inner", innerResult);
        return 3;
      }
      function* outer(): Generator<number, void, string> {
        yield 1;
        const val = yield* delegate(inner());
        print("other", val);
        yield 4;
      }
      const gen = outer();
      print(next(gen));
      print(next(gen));
      print(send(gen, "abc"));
    });
    expect(lines).toEqual(["1", "2", "inner abc", "other 3", "4"]);
  });
});

describe("004-coroutine-await", () => {
  // The seed's `async def inner(): return 1` / `async def outer(): await inner()`, with tsio's
  // spelling: a coroutine is a generator function, `await` is `yield*`.
  function* inner(): Generator<never, number> {
    return 1;
  }
  function* outer(): Generator<never, void> {
    yield* inner();
  }

  test("outer() finishes on the first send(None); its value travels in StopIteration", async () => {
    const { lines, print } = printer();

    const coro = outer();
    try {
      send(coro, undefined);
    } catch (exc) {
      if (!(exc instanceof StopIteration)) throw exc;
      print("outer() finished on the first send(None); StopIteration.value =", exc.value);
    }
    print("asyncio.run(outer()) ->", await run(outer()));

    expect(lines).toEqual([
      "outer() finished on the first send(None); StopIteration.value = None",
      "asyncio.run(outer()) -> None",
    ]);
  });
});
