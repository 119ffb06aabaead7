// tsio installed alone, from CommonJS: cancellation with cleanup, through the umbrella.
const assert = require("node:assert/strict");
const asyncio = require("tsio");

function* worker(log) {
  try {
    for (;;) {
      yield* asyncio.sleep(0.01);
      log.push("working");
    }
  } finally {
    yield* asyncio.sleep(0.01); // cleanup may itself wait
    log.push("cleaned up");
  }
}

function* main() {
  const log = [];
  const task = asyncio.createTask(worker(log));
  yield* asyncio.sleep(0.035);
  task.cancel();
  try {
    yield* task;
  } catch (e) {
    assert.ok(e instanceof asyncio.CancelledError);
    log.push("cancelled");
  }
  return log;
}

asyncio.run(main()).then((log) => {
  assert.ok(log.filter((l) => l === "working").length >= 1);
  assert.deepEqual(log.slice(-2), ["cleaned up", "cancelled"]);
  console.log("tsio (cjs): ok");
});
