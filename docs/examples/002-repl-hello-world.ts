import { run, sleep } from "tsio";

function* main() {
  console.log("hello");
  yield* sleep(1);
  console.log("world");
}

await run(main()); // hello, then world a second later

// Calling main() only makes a coroutine object; it does not schedule anything.
console.log(String(main())); // [object Generator]
