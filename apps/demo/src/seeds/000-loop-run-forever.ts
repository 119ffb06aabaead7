import { getEventLoop } from "@tsio/loop";
import { sleep } from "@tsio/task";
import type { Example, Out } from "../example.js";
import { scaled } from "../scale.js";

async function demo(_args: string[], out: Out): Promise<undefined> {
  const loop = getEventLoop();

  function* tick() {
    // twin: something for the loop to run, which ends runForever()
    for (let i = 0; i < 3; i++) {
      out.print("tick", i);
      yield* sleep(scaled(0.1));
    }
    loop.stop();
  }

  loop.createTask(tick());

  await loop.runForever(); // a Promise: JavaScript cannot block until stop()
  loop.close();
  return undefined;
}

export default {
  name: "000-loop-run-forever",
  summary: "runForever() runs until loop.stop(); then close()",
  run: demo,
} satisfies Example;
