import { run } from "@tsio/loop";
import { gather } from "@tsio/task";
import type { Example, Out } from "../example.js";
import { factorialFor } from "./shared.js";

async function demo(_args: string[], out: Out): Promise<undefined> {
  const factorial = factorialFor(out, true); // raises ValueError('에러') for 4

  function* main() {
    // 동시에 3개를 예약
    const result = yield* gather(factorial("A", 2), factorial("B", 3), factorial("C", 4), {
      returnExceptions: true,
    });

    out.print(result);
  }

  await run(main());
  return undefined;
}

export default {
  name: "001-factorial-return-exceptions",
  summary: "returnExceptions: the exception takes its place in the results",
  run: demo,
} satisfies Example;
