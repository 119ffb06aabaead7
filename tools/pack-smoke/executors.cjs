// @tsio/executors installed alone, from CommonJS: submit, shutdown, a broken pool that says so.
const assert = require("node:assert/strict");
const {
  BrokenThreadPool,
  FreeVariableError,
  RuntimeError,
  ThreadPoolExecutor,
} = require("@tsio/executors");

(async () => {
  const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
  assert.equal(await pool.submit((a, b) => a + b, 1, 2), 3);
  const outer = 5;
  await assert.rejects(Promise.resolve(pool.submit((x) => x + outer, 1)), FreeVariableError);
  const slow = pool.submit((ms) => new Promise((r) => setTimeout(r, ms, "slow")), 50);
  await pool.shutdown({ wait: true });
  assert.equal(slow.result(), "slow");
  assert.throws(() => pool.submit(() => 1), RuntimeError);

  const doomed = new ThreadPoolExecutor({ maxWorkers: 1 });
  await assert.rejects(Promise.resolve(doomed.submit(() => process.exit(3))), BrokenThreadPool);
  await doomed.shutdown();
  console.log("@tsio/executors (cjs): ok");
})();
