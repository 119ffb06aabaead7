import { run } from "@tsio/loop";
import type { Example, Out } from "../example.js";
import { pyFloat } from "../pyrepr.js";
import { timeTime } from "../pytime.js";
import { brownbearsTasks } from "./shared.js";

async function demo(_args: string[], out: Out): Promise<undefined> {
  const { asyncTask1, asyncTask2 } = brownbearsTasks(out);

  function* main() {
    const start = timeTime();
    yield* asyncTask1();
    yield* asyncTask2();
    const end = timeTime();
    out.print(`time taken: ${pyFloat(end - start)}`);
  }

  await run(main());
  return undefined;
}

export default {
  name: "001-sequential-await",
  summary: "coroutines awaited one by one: 3 s + 2 s = 5 s",
  run: demo,
} satisfies Example;
