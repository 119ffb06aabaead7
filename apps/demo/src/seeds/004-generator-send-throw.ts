import { next, send, throwInto } from "@tsio/generator-utils";
import type { Example, Out } from "../example.js";
import { pyExceptionLine } from "../pyrepr.js";

async function demo(_args: string[], out: Out): Promise<undefined> {
  function* test(): Generator<number, void, string> {
    const val = yield 1;
    out.print(val);
    yield 2;
    yield 3;
  }

  const gen = test();
  try {
    out.print(next(gen));
    out.print(send(gen, "abc"));
    out.print(next(gen));
    out.print(throwInto(gen, new Error("!"))); // a plain Error is Python's Exception
  } catch (e) {
    // Python prints the traceback and exits with status 1; its last line is the seed's.
    out.error(pyExceptionLine(e));
  }
  return undefined;
}

export default {
  name: "004-generator-send-throw",
  summary: "send() resumes with a value; throwInto() raises inside",
  run: demo,
} satisfies Example;
