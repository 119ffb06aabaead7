import { createTask, type Future, getRunningLoop, run, sleep } from "tsio";

function* double(x: number) {
  yield* sleep(0.1);
  return 2 * x;
}

function* main() {
  const a = yield* double(1); // a coroutine: runs inside this one, like `await double(1)`
  const task = createTask(double(2)); // a Task: runs concurrently
  const b = yield* task; // waits for it; typed number
  const fut: Future<string> = getRunningLoop().createFuture<string>();
  getRunningLoop().callLater(0.1, () => fut.setResult("set later"));
  const c = yield* fut; // a Future: typed string
  return [a, b, c] as const; // readonly [number, number, string]
}

console.log(await run(main())); // [ 2, 4, 'set later' ]

// The one mistake to watch for: `yield` without the star, as in `const v = yield sleep(1)`.
// The Task receives the Future instead of waiting on it, and throws a TypeError into the
// coroutine at that point, naming the fix (use yield*).
