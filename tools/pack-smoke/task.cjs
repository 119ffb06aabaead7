// @tsio/task installed alone, from CommonJS: gather with returnExceptions on a minimal loop.
const assert = require("node:assert/strict");
const { _setRunningLoop, Future } = require("@tsio/future");
const { gather, sleep, Task } = require("@tsio/task");
const { createMiniLoop } = require("./mini-loop.cjs");

const loop = createMiniLoop({ Future, Task, _setRunningLoop });

function* factorial(name, n) {
  let f = 1;
  for (let i = 2; i <= n; i++) {
    yield* sleep(0.001);
    f *= i;
  }
  if (name === "C") throw new RangeError("C failed");
  return f;
}

function* main() {
  return yield* gather(factorial("A", 2), factorial("B", 3), factorial("C", 4), {
    returnExceptions: true,
  });
}

loop.runUntilComplete(main()).then((results) => {
  assert.equal(results[0], 2);
  assert.equal(results[1], 6);
  assert.ok(results[2] instanceof RangeError);
  console.log("@tsio/task (cjs): ok");
});
