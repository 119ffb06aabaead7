import { run } from "@tsio/loop";
import type { Example, Out } from "../example.js";
import { helloWorldMain } from "./shared.js";

async function demo(_args: string[], out: Out): Promise<undefined> {
  const main = helloWorldMain(out);

  await run(main());

  out.print(main()); // >>> main()  -- 단지 코루틴을 호출하는 것이 이를 실행되도록 예약하는 것 X.
  return undefined;
}

export default {
  name: "002-repl-hello-world",
  summary: "run(main()) runs it; main() alone is a coroutine object",
  run: demo,
} satisfies Example;
