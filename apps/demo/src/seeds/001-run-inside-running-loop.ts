import { RuntimeError } from "@tsio/future";
import { run } from "@tsio/loop";
import type { Example, Out } from "../example.js";
import { helloWorldMain } from "./shared.js";

async function demo(_args: string[], out: Out): Promise<undefined> {
  const main = helloWorldMain(out);

  function* notebookCell() {
    // twin: stands for Jupyter (IPython >= 7), whose loop is running
    try {
      void run(main()); //                          >>> asyncio.run( main() )
    } catch (e) {
      if (!(e instanceof RuntimeError)) throw e;
      out.print(`RuntimeError: ${e.message}`);
    }
    out.print(main()); //                           >>> main()
    yield* main(); //                               >>> await main()
  }

  await run(notebookCell());
  return undefined;
}

export default {
  name: "001-run-inside-running-loop",
  summary: "run() inside a running loop throws; main() makes a coroutine",
  run: demo,
} satisfies Example;
