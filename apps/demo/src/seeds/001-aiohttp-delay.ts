import type { Coroutine } from "@tsio/future";
import { ClientSession } from "@tsio/http-client";
import { run } from "@tsio/loop";
import { createTask } from "@tsio/task";
import type { Example, Out } from "../example.js";
import { startFlagServer } from "../flags/server.js";
import { pyFloat } from "../pyrepr.js";
import { timeTime } from "../pytime.js";
import { scaled } from "../scale.js";

/**
 * Two calls on one ClientSession, delayed 2 s and 3 s by the server, run as tasks: about 3 s in
 * all, not 5. httpbin.org's `/delay/N` is the demo server's (started for the run).
 */
async function demo(_args: string[], out: Out): Promise<undefined> {
  const server = await startFlagServer({ port: 0 });
  const base = server.url; // was http://httpbin.org

  function* call(session: ClientSession, delay: number): Coroutine<unknown> {
    out.print(`call ${delay}짜리 시작`);
    // 전달 받은 session으로 async 처리
    return yield* session.get(`${base}/delay/${scaled(delay)}`).with(function* (response) {
      const result = yield* response.json();
      out.print(`call ${delay}짜리 끝`);
      return result;
    });
  }

  function* main() {
    // 타이머 시작
    const start = timeTime();

    // 비동기 처리 세션 생성
    yield* new ClientSession().with(function* (session) {
      // 작업 동시 예약
      const twoTask = createTask(call(session, 2));
      const threeTask = createTask(call(session, 3));

      // yield* sleep(1)
      // 다른 작업도 가능

      const _result1 = yield* twoTask;
      const _result2 = yield* threeTask;

      const end = timeTime();
      out.print(pyFloat(end - start));
    });
  }

  try {
    await run(main());
  } finally {
    await server.close();
  }
  return undefined;
}

export default {
  name: "001-aiohttp-delay",
  summary: "two ClientSession calls (2 s, 3 s) as tasks: about 3 s, not 5",
  run: demo,
} satisfies Example;
