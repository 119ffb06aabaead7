import { CANCELLED, CANCELLED_AND_NOTIFIED, FINISHED, PENDING, RUNNING } from "../src/future.js";
import { Future, task } from "../src/index.js";

/** The module of test functions run in workers. */
export const WORK = new URL("./fixtures/work.js", import.meta.url);

/** `task(WORK, name)`, typed by the caller. */
// biome-ignore lint/suspicious/noExplicitAny: test helper for any fixture signature
export function work<F extends (...args: any[]) => unknown>(name: string) {
  return task<F>(WORK, name);
}

type State =
  | typeof PENDING
  | typeof RUNNING
  | typeof CANCELLED
  | typeof CANCELLED_AND_NOTIFIED
  | typeof FINISHED;

/** Python's test util `create_future(state, exception, result)`. */
export function createFuture<T = unknown>(
  state: State,
  options: { exception?: unknown; result?: T } = {},
): Future<T> {
  const f = new Future<T>();
  f._state = state;
  if ("exception" in options) {
    f._exception = options.exception;
    f._hasException = true;
  }
  f._result = options.result;
  return f;
}

export const PENDING_FUTURE = () => createFuture(PENDING);
export const RUNNING_FUTURE = () => createFuture(RUNNING);
export const CANCELLED_FUTURE = () => createFuture(CANCELLED);
export const CANCELLED_AND_NOTIFIED_FUTURE = () => createFuture(CANCELLED_AND_NOTIFIED);
export const EXCEPTION_FUTURE = () => createFuture(FINISHED, { exception: new RangeError("os") });
export const SUCCESSFUL_FUTURE = () => createFuture(FINISHED, { result: 42 });

/** A latch shared with worker threads: `open()` releases every `waitLatch` on it. */
export function latch(): { cells: Int32Array; open(): void } {
  const cells = new Int32Array(new SharedArrayBuffer(4));
  return {
    cells,
    open() {
      Atomics.store(cells, 0, 1);
      Atomics.notify(cells, 0);
    },
  };
}

/** Resolves when `started[0]` reaches `n` (workers bump it as they start). */
export async function startedCount(started: Int32Array, n: number): Promise<void> {
  while (Atomics.load(started, 0) < n) await new Promise((r) => setTimeout(r, 2));
}

export { CANCELLED, CANCELLED_AND_NOTIFIED, FINISHED, PENDING, RUNNING };

/** Array.fromAsync (Node 22+). */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const v of iterable) out.push(v);
  return out;
}
