// @tsio/executors installed alone: a thread pool and a process pool run real work, wait and
// asCompleted see it finish, a module export runs by reference.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import {
  asCompleted,
  currentThreadName,
  FIRST_COMPLETED,
  ProcessPoolExecutor,
  ThreadPoolExecutor,
  task,
  wait,
} from "@tsio/executors";

const cpu = (n) => {
  let total = 0n;
  for (let i = 0n; i < BigInt(n); i++) total += i * i;
  return total;
};

// Node 20 has no `await using` syntax: shut the pools down by hand.
const threads = new ThreadPoolExecutor({ maxWorkers: 2, threadNamePrefix: "smoke" });
try {
  const pool = threads;
  const threadId = await pool.submit(async () => (await import("node:worker_threads")).threadId);
  assert.ok(threadId > 0, "the call ran in a worker thread");
  assert.equal(currentThreadName(), "MainThread");

  const fs = [
    pool.submit(cpu, 1000),
    pool.submit((ms) => new Promise((r) => setTimeout(r, ms, "late")), 200),
  ];
  const { done, notDone } = await wait(fs, { returnWhen: FIRST_COMPLETED });
  assert.equal(done.size, 1);
  assert.equal(notDone.size, 1);
  const results = [];
  for await (const fut of asCompleted(fs, { timeout: 30 })) results.push(await fut);
  assert.deepEqual(results, [332833500n, "late"]);

  const squares = [];
  for await (const r of pool.map((x) => x * x, [1, 2, 3])) squares.push(r);
  assert.deepEqual(squares, [1, 4, 9]);
} finally {
  await threads.shutdown();
}

{
  const mod = new URL("./work-module.mjs", import.meta.url);
  writeFileSync(mod, "export function triple(x) { return 3 * x; }\n");
  const pool = new ProcessPoolExecutor({ maxWorkers: 1 });
  try {
    assert.equal(await pool.submit(task(mod, "triple"), 14), 42);
    assert.equal(await pool.submit(cpu, 1000), 332833500n);
  } finally {
    await pool[Symbol.asyncDispose]();
  }
}
console.log("@tsio/executors (esm): ok");
