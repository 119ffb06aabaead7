import { run } from "@tsio/loop";
import type { Example, Out } from "../example.js";
import { strftimeX } from "../pytime.js";
import { sayAfterFor } from "./shared.js";

async function demo(_args: string[], out: Out): Promise<undefined> {
  const sayAfter = sayAfterFor(out);

  function* main() {
    out.print(`started at ${strftimeX()}`);

    yield* sayAfter(1, "hello");
    yield* sayAfter(2, "world");

    out.print(`finished at ${strftimeX()}`);
  }

  await run(main());
  return undefined;
}

export default {
  name: "002-say-after-await",
  summary: "sayAfter awaited twice in turn: sequential, 3 s",
  run: demo,
} satisfies Example;
