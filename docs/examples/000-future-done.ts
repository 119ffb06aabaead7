import { setTimeout as delay } from "node:timers/promises";
import { concurrent } from "tsio";

// Runs in a worker thread, so blocking there does not block the main thread.
function returnAfter5Secs(message: string): string {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5000); // time.sleep(5)
  return message;
}

const pool = new concurrent.futures.ThreadPoolExecutor({ maxWorkers: 3 });

const future = pool.submit(returnAfter5Secs, "hello");
console.log(future.done()); // false
await delay(5500); // the main thread cannot block: wait without blocking
console.log(future.done()); // true
console.log(future.result()); // hello
await pool.shutdown();
