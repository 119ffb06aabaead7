import { run } from "@tsio/loop";
import { gather } from "@tsio/task";
import type { Example, Out } from "../example.js";
import { factorialFor } from "./shared.js";

async function demo(_args: string[], out: Out): Promise<undefined> {
  const factorial = factorialFor(out, false);

  function* main() {
    // 동시에 3개를 예약
    const result = yield* gather(factorial("A", 2), factorial("B", 3), factorial("C", 4));
    // 또는
    // const result = yield* gatherAll([factorial("A", 2), factorial("B", 3), factorial("C", 4)]);

    out.print(result);
  }

  await run(main());
  return undefined;
}

export default {
  name: "001-factorial-gather",
  summary: "gather interleaves three factorials: [2, 6, 24]",
  run: demo,
} satisfies Example;
