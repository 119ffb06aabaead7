import { run } from "@tsio/loop";
import { createTask } from "@tsio/task";
import type { Example, Out } from "../example.js";
import { nested } from "./shared.js";

async function demo(_args: string[], _out: Out): Promise<undefined> {
  function* main() {
    // nested()함수가 동시에 실행되도록 예약
    const task = createTask(nested());

    // task 변수를 취소하거나 완료될때까지 대기
    yield* task;
  }

  await run(main());
  return undefined;
}

export default {
  name: "001-nested-task",
  summary: "createTask, then yield* task (prints nothing)",
  run: demo,
} satisfies Example;
