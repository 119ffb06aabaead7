import { run } from "@tsio/loop";
import { createTask } from "@tsio/task";
import type { Example, Out } from "../example.js";
import { nested } from "./shared.js";

async function demo(_args: string[], _out: Out): Promise<undefined> {
  function* main() {
    // Schedule nested() to run soon concurrently
    // with "main()".
    const task = createTask(nested());

    // "task" can now be used to cancel "nested()", or
    // can simply be awaited to wait until it is complete:
    yield* task;
  }

  await run(main());
  return undefined;
}

export default {
  name: "002-nested-task",
  summary: "as 001-nested-task, with the docs' English comments",
  run: demo,
} satisfies Example;
