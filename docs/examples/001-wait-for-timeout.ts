import { run, sleep, TimeoutError, waitFor } from "tsio";

function* eternity() {
  yield* sleep(4);
  console.log("살았다.");
}

function* main() {
  try {
    // give up (and cancel eternity) after 1 second
    yield* waitFor(eternity(), 1.0);
  } catch (e) {
    if (e instanceof TimeoutError) console.log("timeout!");
    else throw e;
  }
}

await run(main());
