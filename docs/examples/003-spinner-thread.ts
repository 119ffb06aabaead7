// The spinner runs in a worker thread while the main thread blocks for 3 seconds. The worker
// writes straight to file descriptor 1: a worker's process.stdout goes through the main thread,
// which is blocked.
import { setTimeout as delay } from "node:timers/promises";
import { concurrent } from "tsio";

async function spin(msg: string, signal: Int32Array): Promise<void> {
  const { writeSync } = await import("node:fs");
  const write = (text: string) => writeSync(1, text);
  let status = "";
  for (let i = 0; ; i++) {
    const char = "|\\-\\"[i % 4]; // Python's '|\-\\' is these four characters
    status = `${char} ${msg}`;
    write(status);
    write("\x08".repeat(status.length));
    Atomics.wait(signal, 0, 1, 500); // time.sleep(.5), or less when the signal changes
    if (Atomics.load(signal, 0) === 0) break;
  }
  write(" ".repeat(status.length) + "\x08".repeat(status.length));
}

function slowFunction(): number {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 3000); // time.sleep(3)
  return 42;
}

async function supervisor(): Promise<number> {
  const signal = new Int32Array(new SharedArrayBuffer(4)); // shared with the worker, not copied
  signal[0] = 1; // go
  const pool = new concurrent.futures.ThreadPoolExecutor({ maxWorkers: 1 });
  const spinner = pool.submit(spin, "thingking!", signal);
  console.log("spinner object:", String(spinner));
  await delay(100); // the worker thread starts from the event loop: let it, before blocking

  const result = slowFunction();
  Atomics.store(signal, 0, 0);
  Atomics.notify(signal, 0);
  await spinner; // spinner.join()
  await pool.shutdown();
  return result;
}

console.log("Answer: ", await supervisor());
