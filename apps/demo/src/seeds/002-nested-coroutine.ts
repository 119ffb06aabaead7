import { run } from "@tsio/loop";
import type { Example, Out } from "../example.js";
import { nested } from "./shared.js";

async function demo(_args: string[], out: Out): Promise<undefined> {
  function* main() {
    // Nothing happens if we just call "nested()".
    // A coroutine object is created but not awaited,
    // so it *won't run at all*.
    nested();

    // Let's do it differently now and await it:
    out.print(yield* nested()); // will print "42".
  }

  await run(main());
  return undefined;
}

export default {
  name: "002-nested-coroutine",
  summary: "as 001-nested-coroutine, with the docs' English comments",
  run: demo,
} satisfies Example;
