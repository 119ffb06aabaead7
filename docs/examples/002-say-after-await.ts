import { run, sleep } from "tsio";

function* sayAfter(delay: number, what: string) {
  yield* sleep(delay);
  console.log(what);
}

function* main() {
  console.log(`started at ${new Date().toLocaleTimeString()}`);

  yield* sayAfter(1, "hello");
  yield* sayAfter(2, "world");

  console.log(`finished at ${new Date().toLocaleTimeString()}`); // 3 seconds later
}

await run(main());
