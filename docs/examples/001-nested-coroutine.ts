import { run } from "tsio";

function* nested() {
  return 42;
}

function* main() {
  // Calling a coroutine function without yield* runs nothing:
  // a coroutine object is made, never awaited, and nothing executes.
  nested();

  // 42
  console.log(yield* nested());
}

await run(main());
