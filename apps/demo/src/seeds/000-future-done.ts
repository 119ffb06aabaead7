import { ThreadPoolExecutor } from "@tsio/executors";
import type { Example, Out } from "../example.js";
import { scaled } from "../scale.js";
import { workerTask } from "../workers/index.js";

/**
 * Python's `time.sleep(seconds)` in the main thread, without blocking it: at least `seconds` of
 * real time (Node's timers round to milliseconds).
 */
async function sleep(seconds: number): Promise<void> {
  const deadline = performance.now() + seconds * 1000;
  for (let left = seconds * 1000; left > 0; left = deadline - performance.now()) {
    await new Promise((resolve) => setTimeout(resolve, Math.ceil(left)));
  }
}

/** Polls `test` every millisecond until it holds (true) or `ms` have passed (false). */
async function until(test: () => boolean, ms = Number.POSITIVE_INFINITY): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (!test()) {
    if (performance.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return true;
}

/**
 * hamait's concurrent.futures example: a Future is not done while `return_after_5_secs` runs in
 * a pool thread, and done five seconds later.
 *
 * What differs is about Node. A Python thread starts its job within microseconds of submit(),
 * a Node worker within milliseconds: the main thread goes on once the job's sleep has begun (a
 * flag in shared memory). A Python future is marked done by the worker thread itself; a Node
 * worker's result reaches the main thread as a message, handled by its event loop: so the
 * main thread's `sleep(5)` does not block, and `done()` is read once a result the job has
 * returned (its second flag) has been taken in. `future.result()`, which waits in Python, is
 * `await future`. As in Python, the second line is True because the job's sleep began first.
 */
async function demo(_args: string[], out: Out): Promise<undefined> {
  // def return_after_5_secs(message): sleep(5); return message  (src/workers/jobs.js; the
  // seconds are an argument so that --scale reaches the worker)
  const returnAfterSecs = workerTask<
    (seconds: number, message: string, flags: Int32Array) => string
  >("jobs", "returnAfter");
  const flags = new Int32Array(new SharedArrayBuffer(8)); // [sleep began, returned]

  const pool = new ThreadPoolExecutor({ maxWorkers: 3 });

  const future = pool.submit(returnAfterSecs, scaled(5), "hello", flags);
  await until(() => Atomics.load(flags, 0) === 1); // the job's sleep has begun
  out.print(future.done());
  await sleep(scaled(5));
  // Timed waits in two threads each overshoot by up to a few milliseconds, so two 5 s sleeps
  // end in either order; the job's began first, so give it a moment (half a second at most),
  // then let its result's message in.
  if (await until(() => Atomics.load(flags, 1) === 1, 500)) await future;
  out.print(future.done());
  out.print(await future);

  await pool.shutdown(); // Python joins the pool's threads at exit
  return undefined;
}

export default {
  name: "000-future-done",
  summary: "a concurrent.futures Future: done() False while it runs, then True",
  run: demo,
} satisfies Example;
