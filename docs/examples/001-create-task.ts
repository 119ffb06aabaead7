import { createTask, run, sleep } from "tsio";

function* asyncTask1() {
  console.log("async_task_1 시작");
  console.log("sync_task_1 3초 대기");
  yield* sleep(3);
  console.log("sync_task_1 재시작");
}

function* asyncTask2() {
  console.log("async_task_2 시작");
  console.log("sync_task_2 2초 대기");
  yield* sleep(2);
  console.log("sync_task_2 재시작");
}

function* main() {
  const start = Date.now() / 1000;
  const task1 = createTask(asyncTask1());
  const task2 = createTask(asyncTask2());
  yield* task1;
  yield* task2;
  const end = Date.now() / 1000;
  console.log(`time taken: ${end - start}`); // about 3: both ran at once
}

await run(main());
