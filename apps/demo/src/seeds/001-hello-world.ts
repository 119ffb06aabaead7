import { run } from "@tsio/loop";
import type { Example, Out } from "../example.js";
import { helloWorldMain } from "./shared.js";

async function demo(_args: string[], out: Out): Promise<undefined> {
  const main = helloWorldMain(out);

  await run(main());
  return undefined;
}

export default {
  name: "001-hello-world",
  summary: "the smallest run() program: hello, 1 s, world",
  run: demo,
} satisfies Example;
