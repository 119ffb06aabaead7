// @tsio/task installed alone: tasks that sleep, gather, time out and are cancelled, on a minimal
// loop (no @tsio/loop installed).
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { _setRunningLoop, CancelledError, Future, TimeoutError } from "@tsio/future";
import { createTask, gather, sleep, Task, taskGroup, waitFor } from "@tsio/task";

const { createMiniLoop } = createRequire(import.meta.url)("./mini-loop.cjs");
const loop = createMiniLoop({ Future, Task, _setRunningLoop });
const log = [];

function* sayAfter(delay, what) {
  yield* sleep(delay);
  log.push(what);
  return what.length;
}

function* forever() {
  try {
    yield* sleep(3600);
  } finally {
    log.push("cleanup");
  }
}

function* main() {
  const lengths = yield* gather(sayAfter(0.02, "world"), sayAfter(0.01, "hello!"));
  const t = createTask(forever());
  yield* sleep(0);
  t.cancel();
  try {
    yield* t;
    assert.fail("the task was cancelled");
  } catch (e) {
    assert.ok(e instanceof CancelledError);
  }
  try {
    yield* waitFor(sleep(10), 0.01);
    assert.fail("waitFor times out");
  } catch (e) {
    assert.ok(e instanceof TimeoutError);
  }
  const [a, b] = yield* taskGroup(function* (tg) {
    return [tg.createTask(sayAfter(0, "a")), tg.createTask(sayAfter(0, "bb"))];
  });
  return [...lengths, a.result(), b.result()];
}

assert.deepEqual(await loop.runUntilComplete(main()), [5, 6, 1, 2]);
assert.deepEqual(log, ["hello!", "world", "cleanup", "a", "bb"]);
assert.deepEqual(loop.errors, []);
console.log("@tsio/task (esm): ok");
