/**
 * V8 keeps a finished generator's parameters and registers reachable from the generator object,
 * where CPython clears a finished coroutine's frame. A Task therefore lets go of its coroutine
 * (`_coro`) once it is done, so that a finished task does not keep alive what its coroutine was
 * called with (here a large object; in streams, a StreamWriter whose collection closes a
 * forgotten connection).
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { Coroutine } from "@tsio/future";
import { run } from "@tsio/loop";
import { createTask, sleep, type Task } from "@tsio/task";
import { expect, test } from "vitest";

test("a finished task does not keep its coroutine's arguments alive", async () => {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  let ref: WeakRef<object> | null = null;
  let kept: Task<void> | null = null;
  function* work(big: object): Coroutine<void> {
    yield* sleep(0);
    void big;
  }
  await run(
    (function* () {
      const big = { payload: new Array(1000).fill(1) };
      ref = new WeakRef(big);
      kept = createTask(work(big));
      yield* kept;
    })(),
  );
  for (let i = 0; i < 10; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 5));
  }
  expect(kept).not.toBeNull(); // the task is still referenced...
  expect((ref as WeakRef<object> | null)?.deref()).toBeUndefined(); // ...its argument should not be
});
