import { run, sleep } from "tsio";

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
  yield* asyncTask1();
  yield* asyncTask2();
  const end = Date.now() / 1000;
  console.log(`time taken: ${end - start}`); // about 5
}

await run(main());
