// tsio installed alone: the umbrella, used as `import * as asyncio from "tsio"`.
import assert from "node:assert/strict";
import * as asyncio from "tsio";

function* factorial(name, number, log) {
  let f = 1;
  for (let i = 2; i <= number; i++) {
    log.push(`Task ${name}: Compute factorial(${number}), currently i=${i}...`);
    yield* asyncio.sleep(0.01);
    f *= i;
  }
  log.push(`Task ${name}: factorial(${number}) = ${f}`);
  return f;
}

function* main() {
  const log = [];
  const results = yield* asyncio.gather(
    factorial("A", 2, log),
    factorial("B", 3, log),
    factorial("C", 4, log),
  );

  const q = new asyncio.Queue();
  const consumed = [];
  yield* asyncio.taskGroup(function* (tg) {
    tg.createTask(
      (function* () {
        for (let i = 0; i < 3; i++) yield* q.put(i);
        yield* q.put(null);
      })(),
    );
    tg.createTask(
      (function* () {
        for (let item = yield* q.get(); item !== null; item = yield* q.get()) consumed.push(item);
      })(),
    );
  });

  let timedOut = false;
  try {
    yield* asyncio.waitFor(asyncio.sleep(10), 0.01);
  } catch (e) {
    timedOut = e instanceof asyncio.TimeoutError;
  }
  return { results, log: log.slice(0, 3), consumed, timedOut };
}

const out = await asyncio.run(main());
assert.deepEqual(out.results, [2, 6, 24]);
assert.deepEqual(out.log, [
  "Task A: Compute factorial(2), currently i=2...",
  "Task B: Compute factorial(3), currently i=2...",
  "Task C: Compute factorial(4), currently i=2...",
]);
assert.deepEqual(out.consumed, [0, 1, 2]);
assert.ok(out.timedOut);

const pool = new asyncio.concurrent.futures.ThreadPoolExecutor({ maxWorkers: 1 });
assert.equal(await pool.submit((a, b) => a * b, 6, 7), 42);
await pool.shutdown();
assert.notEqual(asyncio.concurrent.futures.CancelledError, asyncio.CancelledError);
assert.equal(typeof asyncio.aiohttp.ClientSession, "function");

function* gen() {
  const got = yield 1;
  return got;
}
const g = gen();
asyncio.generators.next(g);
assert.throws(() => asyncio.generators.send(g, "x"), asyncio.generators.StopIteration);
console.log("tsio (esm): ok");
