import { next } from "@tsio/generator-utils";
import type { Example, Out } from "../example.js";
import { pyExceptionLine, pyType } from "../pyrepr.js";

async function demo(_args: string[], out: Out): Promise<undefined> {
  function* test() {
    yield 1;
    yield 2;
  }

  const gen = test();
  try {
    out.print(pyType(gen));
    out.print(next(gen));
    out.print(next(gen));
    out.print(next(gen)); // exhausted: Python's next() raises StopIteration
  } catch (e) {
    // Python prints the traceback and exits with status 1; its last line is the seed's.
    out.error(pyExceptionLine(e));
  }
  return undefined;
}

export default {
  name: "004-generator-next",
  summary: "next() on a generator; exhausted, it throws StopIteration",
  run: demo,
} satisfies Example;
