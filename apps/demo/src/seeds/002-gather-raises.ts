import { run } from "@tsio/loop";
import { gather } from "@tsio/task";
import type { Example, Out } from "../example.js";
import { pyExceptionLine } from "../pyrepr.js";
import { factorialFor } from "./shared.js";

async function demo(_args: string[], out: Out): Promise<undefined> {
  // return_exceptions=False
  const factorial = factorialFor(out, true); // raises ValueError('에러') for 4

  function* main() {
    // 동시에 3개를 예약
    const result = yield* gather(factorial("A", 2), factorial("B", 3), factorial("C", 4), {
      returnExceptions: false,
    });

    out.print(result);
  }

  try {
    await run(main());
  } catch (e) {
    // Python prints the traceback and exits with status 1; its last line is the seed's.
    out.error(pyExceptionLine(e));
  }
  return undefined;
}

export default {
  name: "002-gather-raises",
  summary: "without returnExceptions the first exception propagates",
  run: demo,
} satisfies Example;
