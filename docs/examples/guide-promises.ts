import { setTimeout as delay } from "node:timers/promises";
import { createTask, fromPromise, run, sleep } from "tsio";

function* main() {
  // A Promise becomes a Future; cancelling the Future cannot stop the promise itself.
  const n = yield* fromPromise(Promise.resolve(42));

  // A function of an AbortSignal: cancelling the Future aborts the signal, so the cancellation
  // reaches fetch, timers, fs calls and anything else that takes a signal.
  const slow = createTask(
    (function* () {
      return yield* fromPromise((signal) => delay(60_000, "late", { signal }));
    })(),
  );
  yield* sleep(0.1);
  slow.cancel(); // the Node timer is cleared now, not in a minute
  return n;
}

// Futures and Tasks are PromiseLike: native async code awaits them.
async function nativeCaller() {
  const value = await run(main());
  return value + 1;
}

console.log(await nativeCaller()); // 43
