import { getEventLoop } from "@tsio/loop";
import { gather, sleep } from "@tsio/task";
import type { Example, Out } from "../example.js";
import { pyFloat } from "../pyrepr.js";
import { timeTime } from "../pytime.js";
import { scaled } from "../scale.js";

async function demo(_args: string[], out: Out): Promise<undefined> {
  function* func(ind: number) {
    const t = timeTime();
    out.print(`func ${ind} called at`, pyFloat(t));
    yield* sleep(scaled(ind)); // simluate I/O operation (from different sources for each function)
    out.print(`func ${ind} term at`, pyFloat(timeTime()));
  }

  const loop = getEventLoop();
  const curT = timeTime();
  await loop.runUntilComplete(gather(func(1), func(2), func(3)));
  out.print("total loop elapsed ", pyFloat(timeTime() - curT));

  loop.close();
  return undefined;
}

export default {
  name: "000-func-gather-loop",
  summary: "waits of 1, 2 and 3 s under gather: 3 s in all, not 6",
  run: demo,
} satisfies Example;
