import { ProcessPoolExecutor, ThreadPoolExecutor } from "@tsio/executors";
import { fromPromise } from "@tsio/future";
import { type EventLoop, getRunningLoop, run } from "@tsio/loop";
import type { Example, Out } from "../example.js";
import { workerTask } from "../workers/index.js";

/**
 * `loop.runInExecutor`: blocking file I/O in the default thread pool and in a custom one, a
 * CPU-bound sum in a process pool. `blocking_io` and `cpu_bound` live in src/workers/jobs.js,
 * since a worker imports what it runs; the sum needs BigInt (333333283333335000000 > 2**53).
 */
async function demo(_args: string[], out: Out): Promise<undefined> {
  const blockingIo = workerTask<() => Uint8Array>("jobs", "blockingIo");
  const cpuBound = workerTask<() => bigint>("jobs", "cpuBound");

  function* main() {
    const loop = getRunningLoop() as EventLoop;

    // 첫 번째 인자가 null이면 기본 ThreadPoolExecutor를 사용
    let result: Uint8Array | bigint = yield* loop.runInExecutor(null, blockingIo);
    out.print("default thread pool", result);

    // with concurrent.futures.ThreadPoolExecutor() as pool:
    const threads = new ThreadPoolExecutor();
    try {
      result = yield* loop.runInExecutor(threads, blockingIo);
      out.print("custom thread pool", result);
    } finally {
      yield* fromPromise(threads.shutdown());
    }

    // with concurrent.futures.ProcessPoolExecutor() as pool:
    const processes = new ProcessPoolExecutor();
    try {
      result = yield* loop.runInExecutor(processes, cpuBound);
      out.print("custom process pool", result);
    } finally {
      yield* fromPromise(processes.shutdown());
    }
  }

  await run(main());
  return undefined;
}

export default {
  name: "001-run-in-executor",
  summary: "runInExecutor: /dev/urandom in threads, a BigInt sum in processes",
  run: demo,
} satisfies Example;
