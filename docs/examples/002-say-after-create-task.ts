import { createTask, run, sleep } from "tsio";

function* sayAfter(delay: number, what: string) {
  yield* sleep(delay);
  console.log(what);
}

function* main() {
  const task1 = createTask(sayAfter(1, "hello"));

  const task2 = createTask(sayAfter(2, "world"));

  console.log(`started at ${new Date().toLocaleTimeString()}`);

  // Wait until both tasks are completed (should take around 2 seconds.)
  yield* task1;
  yield* task2;

  console.log(`finished at ${new Date().toLocaleTimeString()}`);
}

await run(main());
