import { StopIteration, send } from "@tsio/generator-utils";
import { run } from "@tsio/loop";
import type { Example, Out } from "../example.js";

async function demo(_args: string[], out: Out): Promise<undefined> {
  function* inner() {
    return 1;
  }
  function* outer() {
    yield* inner(); // await inner()
  }

  const coro = outer(); // twin
  try {
    send(coro, undefined);
  } catch (exc) {
    if (!(exc instanceof StopIteration)) throw exc;
    out.print("outer() finished on the first send(None); StopIteration.value =", exc.value);
  }
  out.print("asyncio.run(outer()) ->", await run(outer())); // twin
  return undefined;
}

export default {
  name: "004-coroutine-await",
  summary: "await (yield*) works like yield from",
  run: demo,
} satisfies Example;
