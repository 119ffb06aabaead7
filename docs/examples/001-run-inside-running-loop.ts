import { RuntimeError, run, sleep } from "tsio";

function* main() {
  yield* sleep(0.1);
  return "main done";
}

function* notebookCell() {
  // Jupyter runs cells inside a running loop: run() refuses, as asyncio.run() does
  try {
    void run(main());
  } catch (e) {
    if (e instanceof RuntimeError) console.log(`RuntimeError: ${e.message}`);
  }
  const coro = main(); // only makes a coroutine object: nothing runs
  console.log(String(coro));
  console.log(yield* coro); // `await main()` runs it: main done
}

await run(notebookCell());
