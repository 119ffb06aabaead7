import { type Coroutine, Future } from "@tsio/future";
import type { TestLoop } from "@tsio/loop";

/** test_utils.run_briefly: runs a task that does nothing to completion (two loop iterations). */
export function runBriefly(loop: TestLoop): Promise<void> {
  return loop.runUntilComplete((function* () {})());
}

/**
 * Waits until `fut` is done without raising its exception: what the ported tests used
 * `asyncio.wait([fut])` for (wait() belongs to another part of the port).
 */
export function* waitDone(fut: Future<unknown>): Coroutine<void> {
  if (fut.done()) return;
  const waiter = new Future<void>({ loop: fut.getLoop() });
  fut.addDoneCallback(() => {
    if (!waiter.done()) waiter.setResult(undefined);
  });
  yield* waiter;
}

/** The error a Promise rejects with (fails the test when it resolves). */
export async function rejection(p: PromiseLike<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a rejection");
}
