import { run } from "@tsio/loop";
import type { Example, Out } from "../example.js";
import { nested } from "./shared.js";

async function demo(_args: string[], out: Out): Promise<undefined> {
  function* main() {
    // 코루틴 함수를 await을 안붙이고 호출하면 호출되지 않음
    // 코루틴은 생성이 되지만 await하지 않음 -> 그래서 아무것도 실행하지 않는다.
    nested();

    // 42 반환됨
    out.print(yield* nested());
  }

  await run(main());
  return undefined;
}

export default {
  name: "001-nested-coroutine",
  summary: "calling a coroutine function runs nothing; yield* does",
  run: demo,
} satisfies Example;
