// @tsio/future installed alone: a Future on a minimal loop, awaited natively and by callbacks.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import {
  _setRunningLoop,
  AsyncioError,
  CancelledError,
  Future,
  fromPromise,
  InvalidStateError,
  isFuture,
} from "@tsio/future";

const { createMiniLoop } = createRequire(import.meta.url)("./mini-loop.cjs");
const loop = createMiniLoop({ Future, _setRunningLoop });

const fut = new Future({ loop });
const order = [];
fut.addDoneCallback((f) => order.push(`callback ${f.result()}`));
loop.callLater(0.01, () => fut.setResult(42));
assert.equal(await fut, 42); // a native await settles as soon as the result is set
await new Promise((resolve) => setImmediate(resolve)); // done callbacks run on the loop's next turn
assert.deepEqual(order, ["callback 42"]);
assert.throws(() => fut.setResult(1), InvalidStateError);
assert.ok(isFuture(fut));

const cancelled = loop.createFuture();
assert.ok(cancelled.cancel("stop"));
assert.throws(() => cancelled.result(), CancelledError);
assert.ok(new CancelledError() instanceof AsyncioError);

let aborted = null;
const wrapped = fromPromise(
  (signal) =>
    new Promise((_, reject) =>
      signal.addEventListener("abort", () => {
        aborted = signal.reason;
        reject(signal.reason);
      }),
    ),
  { loop },
);
wrapped.cancel();
await new Promise((resolve) => setTimeout(resolve, 10));
assert.ok(wrapped.cancelled());
assert.notEqual(aborted, null, "cancelling the future aborts the signal");
console.log("@tsio/future (esm): ok");
