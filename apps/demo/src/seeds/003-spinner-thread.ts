import type { Example, Out } from "../example.js";
import { scaled } from "../scale.js";
import { Thread } from "../threading.js";
import { workerTask } from "../workers/index.js";

/** Python's time.sleep: blocks the thread (here the main one). */
function blockingSleep(seconds: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, seconds * 1000);
}

/**
 * Fluent Python's thread spinner, as seed 003 has it: a worker thread animates the spinner while
 * the main thread blocks in `slow_function` for 3 s; a flag in shared memory (Python's
 * `signal.go`) tells the thread to stop; `join()` waits for it. Kept from the seed: the cycle
 * `'|\-\\'` (four characters in Python: `|`, `\`, `-`, `\`), `'thingking!'`, and the final
 * `'' * len(status)` that blanks nothing (the book has `' '`).
 *
 * The thread writes straight to the standard output's file descriptor, since the main thread
 * is blocked; when the output is captured (tests), it returns its text instead.
 */
async function demo(_args: string[], out: Out): Promise<undefined> {
  // def spin(msg, signal): ...  (src/workers/jobs.js)
  const spin = workerTask<
    (msg: string, signal: Int32Array, interval: number, fd: number | null, cycle: string) => string
  >("jobs", "spin");

  function slowFunction() {
    blockingSleep(scaled(3));
    return 42;
  }

  async function supervisor() {
    const signal = new Int32Array(new SharedArrayBuffer(4)); // class Signal: go = True
    signal[0] = 1;
    const fd = out.fd ?? null;
    const spinner = new Thread({
      target: spin,
      args: ["thingking!", signal, scaled(0.5), fd, "|\\-\\"],
    });
    out.print("spinner object:", spinner);
    await spinner.start();

    const result = slowFunction();
    Atomics.store(signal, 0, 0); // signal.go = False
    const written = await spinner.join();
    if (fd === null) out.write(written);
    return result;
  }

  const result = await supervisor();
  out.print("Answer: ", result);
  return undefined;
}

export default {
  name: "003-spinner-thread",
  summary: "a spinner thread while the main thread blocks: Answer:  42",
  run: demo,
} satisfies Example;
