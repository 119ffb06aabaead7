import { type Coroutine, Future } from "@tsio/future";
import { setEventLoop, TestLoop } from "@tsio/loop";
import { afterEach, beforeEach } from "vitest";

/**
 * Gives every test of the file (or describe block) a fresh TestLoop, set as the current loop,
 * and closes it afterwards: `let loop: TestLoop; useTestLoop((l) => { loop = l; });`.
 */
export function useTestLoop(receive: (loop: TestLoop) => void): void {
  let current: TestLoop | undefined;
  beforeEach(() => {
    current = new TestLoop();
    setEventLoop(current);
    receive(current);
  });
  afterEach(() => {
    setEventLoop(null);
    if (current !== undefined && !current.isClosed()) current.close();
  });
}

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
