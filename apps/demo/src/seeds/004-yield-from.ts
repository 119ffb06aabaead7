import { next, send } from "@tsio/generator-utils";
import type { Example, Out } from "../example.js";

async function demo(_args: string[], out: Out): Promise<undefined> {
  function* inner(): Generator<number, number, string> {
    const innerResult = yield 2;
    out.print("inner", innerResult);
    return 3;
  }
  function* outer(): Generator<number, void, string> {
    yield 1;
    const val = yield* inner(); // Python's `yield from inner()`
    out.print("other", val);
    yield 4;
  }
  const gen = outer();
  out.print(next(gen));
  out.print(next(gen));
  out.print(send(gen, "abc"));
  return undefined;
}

export default {
  name: "004-yield-from",
  summary: "yield* (yield from) passes next/send through",
  run: demo,
} satisfies Example;
