/**
 * A core issue met while building streams, kept as a `test.fails` for the task package's owners:
 * when this starts to pass (vitest then reports it as failing), drop `.fails`.
 *
 * V8 keeps a finished generator's parameters and registers reachable from the generator object,
 * and a Task keeps its coroutine (`_coro`) after it finished. So a finished Task keeps alive
 * everything its coroutine was called with: here a large object, in streams a StreamWriter
 * (whose collection closes a forgotten connection). CPython clears a finished coroutine's frame.
 * Streams work around it (the protocol drops its Task once done); the fix belongs in Task (e.g.
 * let go of `_coro` when the task is done, as Python 3.12's getCoro() may return None).
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { Coroutine } from "@tsio/future";
import { run } from "@tsio/loop";
import { createTask, sleep, type Task } from "@tsio/task";
import { expect, test } from "vitest";

test.fails("a finished task does not keep its coroutine's arguments alive", async () => {
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
