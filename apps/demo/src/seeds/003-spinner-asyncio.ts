import { CancelledError } from "@tsio/future";
import { getEventLoop } from "@tsio/loop";
import { createTask, sleep } from "@tsio/task";
import type { Example, Out } from "../example.js";
import { scaled } from "../scale.js";

/** Python's `itertools.cycle`. */
function* cycle(text: string): Generator<string, never> {
  for (;;) yield* text;
}

async function demo(_args: string[], out: Out): Promise<undefined> {
  function* spin(msg: string) {
    const write = (text: string) => out.write(text); // flush: writes are not buffered here
    let status = "";
    for (const char of cycle("|/-\\")) {
      status = `${char} ${msg}`;
      write(status);
      write("\x08".repeat(status.length));
      try {
        yield* sleep(scaled(0.1));
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
        break;
      }
    }
    write(" ".repeat(status.length) + "\x08".repeat(status.length));
  }

  function* slowFunction() {
    yield* sleep(scaled(3)); // 책에서는 yield from asyncio.sleep()을 사용
    return 42;
  }

  function* supervisor() {
    const spinner = createTask(spin("thingking..")); // 책에서는 asyncio.async(spin('thingking!!') 을 사용
    out.print("spinner object:", spinner);
    const result = yield* slowFunction();
    spinner.cancel();
    return result;
  }

  const loop = getEventLoop();
  const result = await loop.runUntilComplete(supervisor());
  loop.close();
  out.print("Answer:", result);
  return undefined;
}

export default {
  name: "003-spinner-asyncio",
  summary: "a spinner task, cancelled when the slow job ends: Answer: 42",
  run: demo,
} satisfies Example;
