import { run } from "@tsio/loop";
import { createTask } from "@tsio/task";
import type { Example, Out } from "../example.js";
import { pyFloat } from "../pyrepr.js";
import { timeTime } from "../pytime.js";
import { brownbearsTasks } from "./shared.js";

async function demo(_args: string[], out: Out): Promise<undefined> {
  const { asyncTask1, asyncTask2 } = brownbearsTasks(out);

  function* main() {
    const start = timeTime();
    const task1 = createTask(asyncTask1());
    const task2 = createTask(asyncTask2());
    yield* task1;
    yield* task2;
    const end = timeTime();
    out.print(`time taken: ${pyFloat(end - start)}`);
  }

  await run(main());
  return undefined;
}

export default {
  name: "001-create-task",
  summary: "createTask schedules both at once: max(3, 2) = 3 s",
  run: demo,
} satisfies Example;
