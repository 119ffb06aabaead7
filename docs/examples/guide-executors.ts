import { concurrent, type EventLoop, getRunningLoop, run, toThread } from "tsio";

// Worker threads share no memory with the main thread: a function shipped to a worker must be
// self-contained (globals and its own imports only). A function that uses an outer variable
// fails with a FreeVariableError that says so.
function fib(n: number): number {
  let [a, b] = [0, 1];
  for (let i = 0; i < n; i++) [a, b] = [b, a + b];
  return a;
}

function* main() {
  const loop = getRunningLoop() as EventLoop;
  const viaDefault = yield* loop.runInExecutor(null, fib, 30); // the default thread pool
  const viaThread = yield* toThread(fib, 40); // asyncio.to_thread

  const pool = new concurrent.futures.ProcessPoolExecutor({ maxWorkers: 2 });
  try {
    const viaProcess = yield* loop.runInExecutor(pool, fib, 50);
    return [viaDefault, viaThread, viaProcess];
  } finally {
    void pool.shutdown();
  }
}

console.log(await run(main())); // [ 832040, 102334155, 12586269025 ]

// A function in a module, by reference (it may import what it likes):
export const fromModule = concurrent.futures.task<(n: number) => number>(
  new URL("./work.js", import.meta.url),
  "fib",
);
