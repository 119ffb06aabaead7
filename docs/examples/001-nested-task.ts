import { createTask, run } from "tsio";

function* nested() {
  return 42;
}

function* main() {
  // schedule nested() to run soon, concurrently with main()
  const task = createTask(nested());

  // wait until the task is done (or cancelled)
  yield* task;
}

await run(main());
