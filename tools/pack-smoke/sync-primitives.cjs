// @tsio/sync-primitives installed alone, from CommonJS: a PriorityQueue and a Barrier.
const assert = require("node:assert/strict");
const { _setRunningLoop, Future } = require("@tsio/future");
const { Barrier, PriorityQueue } = require("@tsio/sync-primitives");
const { gather, Task } = require("@tsio/task");
const { createMiniLoop } = require("./mini-loop.cjs");

const loop = createMiniLoop({ Future, Task, _setRunningLoop });

function* party(barrier, log, name) {
  log.push(`${name} waits`);
  const index = yield* barrier.wait();
  log.push(`${name} passes`);
  return index;
}

function* main() {
  const pq = new PriorityQueue();
  for (const item of [
    [3, "c"],
    [1, "a"],
    [2, "b"],
  ])
    pq.putNowait(item);
  const order = [pq.getNowait()[1], pq.getNowait()[1], pq.getNowait()[1]];
  const log = [];
  const barrier = new Barrier(3);
  const indices = yield* gather(
    party(barrier, log, "x"),
    party(barrier, log, "y"),
    party(barrier, log, "z"),
  );
  return { order, log, indices: [...indices].sort() };
}

loop.runUntilComplete(main()).then(({ order, log, indices }) => {
  assert.deepEqual(order, ["a", "b", "c"]);
  assert.deepEqual(log.slice(0, 3), ["x waits", "y waits", "z waits"]);
  assert.deepEqual(indices, [0, 1, 2]);
  console.log("@tsio/sync-primitives (cjs): ok");
});
