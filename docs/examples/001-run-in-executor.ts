import { concurrent, type EventLoop, getRunningLoop, run } from "tsio";

const { ProcessPoolExecutor, ThreadPoolExecutor } = concurrent.futures;

// Functions for an executor run in a worker: they must be self-contained.
async function blockingIo(): Promise<Uint8Array> {
  // File operations (such as logging) can block the event loop: run them in a thread pool.
  const { closeSync, openSync, readSync } = await import("node:fs");
  const fd = openSync("/dev/urandom", "r");
  try {
    const buf = new Uint8Array(100);
    readSync(fd, buf);
    return buf;
  } finally {
    closeSync(fd);
  }
}

function cpuBound(): bigint {
  // CPU-bound operations block the event loop: run them in a process pool.
  let sum = 0n;
  for (let i = 0n; i < 10n ** 7n; i++) sum += i * i;
  return sum; // 333333283333335000000: past 2^53, so BigInt
}

function* main() {
  const loop = getRunningLoop() as EventLoop;

  // null: the loop's default ThreadPoolExecutor
  let result: unknown = yield* loop.runInExecutor(null, blockingIo);
  console.log("default thread pool", result);

  const threads = new ThreadPoolExecutor();
  try {
    result = yield* loop.runInExecutor(threads, blockingIo);
    console.log("custom thread pool", result);
  } finally {
    void threads.shutdown(); // Python's `with` block
  }

  const processes = new ProcessPoolExecutor();
  try {
    result = yield* loop.runInExecutor(processes, cpuBound);
    console.log("custom process pool", result);
  } finally {
    void processes.shutdown();
  }
}

await run(main());
