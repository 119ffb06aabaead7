import type { Coroutine } from "@tsio/future";
import { TestLoop } from "@tsio/loop";

/**
 * IsolatedAsyncioTestCase on virtual time: runs `main()` as a task on a new TestLoop (which jumps
 * to the next timer when idle), then closes the loop.
 */
export async function runTest<T>(main: (loop: TestLoop) => Coroutine<T>): Promise<T> {
  const loop = new TestLoop();
  try {
    return await loop.runUntilComplete(main(loop));
  } finally {
    loop.close();
  }
}

/** test_utils.run_briefly: runs a task that does nothing to completion (two loop iterations). */
export function runBriefly(loop: TestLoop): Promise<void> {
  return loop.runUntilComplete((function* () {})());
}

/** Runs `fn` and returns what it throws (fails when it does not throw). */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error("expected an exception");
}

/** Awaits the coroutine and returns what it throws (fails when it returns). */
export function* raises(aw: {
  [Symbol.iterator](): Iterator<unknown, unknown, unknown>;
}): Coroutine<unknown> {
  try {
    yield* aw;
  } catch (e) {
    return e;
  }
  throw new Error("expected an exception");
}
