// @tsio/generator-utils installed alone, from CommonJS.
const assert = require("node:assert/strict");
const { next, PyGenerator, send, StopIteration } = require("@tsio/generator-utils");

function* averager() {
  let total = 0;
  let count = 0;
  let average = null;
  for (;;) {
    const term = yield average;
    if (term === null) return { count, average };
    total += term;
    count += 1;
    average = total / count;
  }
}
const gen = averager();
next(gen);
assert.equal(send(gen, 10), 10);
assert.equal(send(gen, 30), 20);
assert.throws(
  () => send(gen, null),
  (e) => e instanceof StopIteration && e.value.count === 2 && e.value.average === 20,
);
const py = new PyGenerator(averager());
py.next();
assert.equal(py.send(4), 4);
assert.equal(py.state, "GEN_SUSPENDED");
py.close();
assert.equal(py.state, "GEN_CLOSED");
console.log("@tsio/generator-utils (cjs): ok");
