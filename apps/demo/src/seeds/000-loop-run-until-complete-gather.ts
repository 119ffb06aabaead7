import { getEventLoop } from "@tsio/loop";
import { gather, sleep } from "@tsio/task";
import type { Example, Out } from "../example.js";
import { scaled } from "../scale.js";

async function demo(_args: string[], out: Out): Promise<undefined> {
  const loop = getEventLoop();

  function* job(n: number) {
    // twin: stands for the seed's "coroutines..."
    yield* sleep(scaled(n / 10));
    out.print("job", n, "done");
    return n;
  }

  const results = await loop.runUntilComplete(gather(job(3), job(1), job(2)));
  out.print(results); // twin: results come in argument order, not completion order
  loop.close();
  return undefined;
}

export default {
  name: "000-loop-run-until-complete-gather",
  summary: "runUntilComplete(gather(...)): results in argument order",
  run: demo,
} satisfies Example;
