import { run } from "@tsio/loop";
import { createTask } from "@tsio/task";
import type { Example, Out } from "../example.js";
import { strftimeX } from "../pytime.js";
import { sayAfterFor } from "./shared.js";

async function demo(_args: string[], out: Out): Promise<undefined> {
  const sayAfter = sayAfterFor(out);

  function* main() {
    const task1 = createTask(sayAfter(1, "hello"));

    const task2 = createTask(sayAfter(2, "world"));

    out.print(`started at ${strftimeX()}`);

    // Wait until both tasks are completed (should take
    // around 2 seconds.)
    yield* task1;
    yield* task2;

    out.print(`finished at ${strftimeX()}`);
  }

  await run(main());
  return undefined;
}

export default {
  name: "002-say-after-create-task",
  summary: "two tasks created first, then awaited: concurrent, 2 s",
  run: demo,
} satisfies Example;
