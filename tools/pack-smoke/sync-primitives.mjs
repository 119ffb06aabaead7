// @tsio/sync-primitives installed alone: producer/consumer on a Queue, a Semaphore and a Lock,
// on a minimal loop (no @tsio/loop installed).
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { _setRunningLoop, Future } from "@tsio/future";
import { Event, Lock, Queue, QueueEmpty, Semaphore } from "@tsio/sync-primitives";
import { createTask, gather, sleep, Task } from "@tsio/task";

const { createMiniLoop } = createRequire(import.meta.url)("./mini-loop.cjs");
const loop = createMiniLoop({ Future, Task, _setRunningLoop });

function* consumer(q, seen) {
  for (;;) {
    const item = yield* q.get();
    yield* sleep(0.001);
    seen.push(item);
    q.taskDone();
  }
}

function* limited(sem, lock, active, maxActive, shared) {
  yield* sem.with(function* () {
    active.n++;
    maxActive.n = Math.max(maxActive.n, active.n);
    yield* sleep(0.002);
    active.n--;
  });
  yield* lock.with(function* () {
    const v = shared.value;
    yield* sleep(0);
    shared.value = v + 1;
  });
}

function* main() {
  const q = new Queue(2);
  const seen = [];
  const workers = [createTask(consumer(q, seen)), createTask(consumer(q, seen))];
  for (let i = 0; i < 6; i++) yield* q.put(i);
  yield* q.join();
  for (const w of workers) w.cancel();
  yield* gather(...workers, { returnExceptions: true });
  assert.throws(() => q.getNowait(), QueueEmpty);

  const sem = new Semaphore(2);
  const lock = new Lock();
  const active = { n: 0 };
  const maxActive = { n: 0 };
  const shared = { value: 0 };
  yield* gather(...Array.from({ length: 5 }, () => limited(sem, lock, active, maxActive, shared)));

  const ev = new Event();
  loop.callLater(0.005, () => ev.set());
  yield* ev.wait();
  return [seen.sort(), maxActive.n, shared.value, ev.isSet()];
}

assert.deepEqual(await loop.runUntilComplete(main()), [[0, 1, 2, 3, 4, 5], 2, 5, true]);
console.log("@tsio/sync-primitives (esm): ok");
