import { getEventLoop } from "@tsio/loop";
import { sleep } from "@tsio/task";
import type { Example, Out } from "../example.js";
import { scaled } from "../scale.js";

async function demo(_args: string[], out: Out): Promise<undefined> {
  function* add(a: number, b: number) {
    out.print(`add: ${a} + ${b}`);
    yield* sleep(scaled(1.0));
    return a + b;
  }

  function* printAdd(a: number, b: number) {
    const result = yield* add(a, b);
    out.print(`print_add: ${a} + ${b} = ${result}`);
  }

  const loop = getEventLoop();
  await loop.runUntilComplete(printAdd(1, 2));
  loop.close();
  return undefined;
}

export default {
  name: "003-add-print-add",
  summary: "a coroutine awaiting another, run with runUntilComplete",
  run: demo,
} satisfies Example;
