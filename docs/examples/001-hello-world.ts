import { run, sleep } from "tsio";

function* main() {
  console.log("hello");
  yield* sleep(1);
  console.log("world");
}

await run(main());
