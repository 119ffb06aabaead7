// @tsio/loop installed alone, from CommonJS: run() refuses to nest, and a Runner runs twice.
const assert = require("node:assert/strict");
const { Runner, run } = require("@tsio/loop");
const { createTask, sleep } = require("@tsio/task");
const { RuntimeError } = require("@tsio/future");

function* inner() {
  return 1;
}

function* nested() {
  const coro = inner();
  try {
    run(coro);
  } catch (e) {
    assert.ok(e instanceof RuntimeError);
    assert.match(e.message, /cannot be called from a running event loop/);
  }
  const t = createTask(sleep(0.01, "slept"));
  return yield* t;
}

(async () => {
  assert.equal(await run(nested()), "slept");
  const runner = new Runner();
  function* value(v) {
    return yield* sleep(0, v);
  }
  assert.equal(await runner.run(value(1)), 1);
  const loop = runner.getLoop();
  assert.equal(await runner.run(value(2)), 2);
  assert.equal(runner.getLoop(), loop);
  await runner.close();
  console.log("@tsio/loop (cjs): ok");
})();
