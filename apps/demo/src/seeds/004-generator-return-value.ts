import { next, StopIteration } from "@tsio/generator-utils";
import type { Example, Out } from "../example.js";

async function demo(_args: string[], out: Out): Promise<undefined> {
  function* test() {
    yield 1;
    return "abc";
  }
  const gen = test();
  out.print(next(gen));
  // 1

  try {
    next(gen);
  } catch (exc) {
    if (!(exc instanceof StopIteration)) throw exc;
    out.print(exc.value);
  }
  // abc
  return undefined;
}

export default {
  name: "004-generator-return-value",
  summary: "a generator's return value travels in StopIteration.value",
  run: demo,
} satisfies Example;
