import { TimeoutError } from "@tsio/future";
import { run } from "@tsio/loop";
import { sleep, waitFor } from "@tsio/task";
import type { Example, Out } from "../example.js";
import { scaled } from "../scale.js";

async function demo(_args: string[], out: Out): Promise<undefined> {
  function* eternity() {
    yield* sleep(scaled(4));
    out.print("살았다.");
  }

  function* main() {
    try {
      // 대기 시간이 1초가 넘어가면 에러처리
      yield* waitFor(eternity(), { timeout: scaled(1.0) });
    } catch (e) {
      if (!(e instanceof TimeoutError)) throw e;
      out.print("timeout!");
    }
  }

  await run(main());
  return undefined;
}

export default {
  name: "001-wait-for-timeout",
  summary: "waitFor cancels a slow coroutine, throws TimeoutError: timeout!",
  run: demo,
} satisfies Example;
