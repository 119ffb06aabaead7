import {
  type AbstractEventLoop,
  type Coroutine,
  type Future,
  getRunningLoop,
  isFuture,
  ValueError,
} from "@tsio/future";
import { isCoroutine } from "@tsio/generator-utils";
import { _checkTimeout, describeValue } from "./awaitable.js";

/**
 * `wait()` returns when any future finishes or is cancelled (Python's
 * `asyncio.FIRST_COMPLETED`). A string constant; it throws nothing.
 *
 * @example
 * ```ts
 * function* first(tasks: Task<string>[]) {
 *   const [done, pending] = yield* wait(tasks, { returnWhen: FIRST_COMPLETED });
 *   for (const t of pending) t.cancel();
 *   return [...done][0]!.result();
 * }
 * ```
 */
export const FIRST_COMPLETED = "FIRST_COMPLETED";
/**
 * `wait()` returns when any future finishes with an exception (or when all are done), as
 * Python's `asyncio.FIRST_EXCEPTION`. A string constant; it throws nothing (wait does not
 * raise the exception: read it from the done future).
 *
 * @example
 * ```ts
 * function* failFast(tasks: Task<void>[]) {
 *   const [done] = yield* wait(tasks, { returnWhen: FIRST_EXCEPTION });
 *   for (const t of done) if (!t.cancelled() && t.exception()) throw t.exception();
 * }
 * ```
 */
export const FIRST_EXCEPTION = "FIRST_EXCEPTION";
/**
 * `wait()` returns when every future is done (the default; Python's `asyncio.ALL_COMPLETED`).
 * A string constant; it throws nothing.
 *
 * @example
 * ```ts
 * function* all(tasks: Task<number>[]) {
 *   const [done, pending] = yield* wait(tasks, { returnWhen: ALL_COMPLETED, timeout: 10 });
 *   console.log(`${done.size} done, ${pending.size} still running`);
 * }
 * ```
 */
export const ALL_COMPLETED = "ALL_COMPLETED";

/**
 * When `wait()` returns: one of {@link FIRST_COMPLETED}, {@link FIRST_EXCEPTION} and
 * {@link ALL_COMPLETED}. `wait()` throws ValueError for any other value.
 *
 * @example
 * ```ts
 * const returnWhen: ReturnWhen = FIRST_COMPLETED;
 * function* race(tasks: Task<void>[]) {
 *   return yield* wait(tasks, { returnWhen });
 * }
 * ```
 */
export type ReturnWhen = typeof FIRST_COMPLETED | typeof FIRST_EXCEPTION | typeof ALL_COMPLETED;

/**
 * Options of {@link wait}: Python's keyword arguments `timeout` and `return_when`. `wait()`
 * throws ValueError for an unknown `returnWhen` or a NaN timeout, and TypeError for a timeout
 * that is not a number; reaching the timeout is not an error.
 *
 * @example
 * ```ts
 * const options: WaitOptions = { timeout: 5, returnWhen: FIRST_COMPLETED };
 * function* main(tasks: Task<string>[]) {
 *   const [done, pending] = yield* wait(tasks, options);
 * }
 * ```
 */
export interface WaitOptions {
  /** Seconds to wait at most (null or absent: no limit). On timeout wait returns; it never raises. */
  timeout?: number | null;
  /** When to return (default ALL_COMPLETED). */
  returnWhen?: ReturnWhen;
}

/** Python's `_release_waiter`. @internal */
export function _releaseWaiter(waiter: Future<unknown>): void {
  if (!waiter.done()) waiter.setResult(undefined);
}

/**
 * asyncio.wait: waits for the futures and tasks in `fs` until `returnWhen` (or the timeout) and
 * returns `[done, pending]`, two Sets of the given futures. It never raises TimeoutError, and it
 * cancels nothing: the pending ones keep running.
 *
 * @param fs - futures or tasks (not coroutines: wrap them with createTask first).
 * @param options - `{ timeout, returnWhen }`.
 * @throws {ValueError} "Set of Tasks/Futures is empty." for no futures, or an unknown returnWhen.
 * @throws {TypeError} for a single future or coroutine instead of a collection, or coroutines in it.
 * @example
 * ```ts
 * function* main() {
 *   const tasks = urls.map((u) => createTask(download(u)));
 *   const [done, pending] = yield* wait(tasks, { timeout: 5, returnWhen: FIRST_COMPLETED });
 *   for (const t of done) console.log(t.result());
 * }
 * ```
 */
export function* wait<F extends Future<unknown>>(
  fs: Iterable<F>,
  options?: WaitOptions,
): Coroutine<[done: Set<F>, pending: Set<F>]> {
  if (isFuture(fs) || isCoroutine(fs)) {
    throw new TypeError(
      isFuture(fs)
        ? `expect a list of futures, not ${fs.constructor.name}: pass an array, e.g. wait([task])`
        : "expect a list of futures, not a generator (in tsio a generator object is a coroutine): " +
            "pass an array, e.g. wait([...gen])",
    );
  }
  if (
    fs === null ||
    typeof fs !== "object" ||
    typeof (fs as Iterable<F>)[Symbol.iterator] !== "function"
  ) {
    throw new TypeError(`expect a list of futures, not ${describeValue(fs)}`);
  }
  const set = new Set(fs);
  if (set.size === 0) {
    throw new ValueError("Set of Tasks/Futures is empty. Give wait() at least one task or future.");
  }
  const returnWhen = options?.returnWhen ?? ALL_COMPLETED;
  if (
    returnWhen !== FIRST_COMPLETED &&
    returnWhen !== FIRST_EXCEPTION &&
    returnWhen !== ALL_COMPLETED
  ) {
    throw new ValueError(
      `Invalid return_when value: ${String(returnWhen)}: use FIRST_COMPLETED, FIRST_EXCEPTION or ALL_COMPLETED`,
    );
  }
  for (const f of set) {
    if (isCoroutine(f)) {
      throw new TypeError(
        "Passing coroutines is forbidden, use tasks explicitly: wait(coros.map((c) => createTask(c)))",
      );
    }
    if (!isFuture(f)) {
      throw new TypeError(
        `wait() takes futures and tasks, got ${describeValue(f)}: wrap a Promise with fromPromise()`,
      );
    }
  }
  const timeout = _checkTimeout(options?.timeout);
  return yield* _wait(set, timeout, returnWhen, getRunningLoop());
}

function* _wait<F extends Future<unknown>>(
  fs: Set<F>,
  timeout: number | null,
  returnWhen: ReturnWhen,
  loop: AbstractEventLoop,
): Coroutine<[Set<F>, Set<F>]> {
  const waiter = loop.createFuture<void>();
  const handle = timeout === null ? null : loop.callLater(timeout, _releaseWaiter, waiter);
  let counter = fs.size;
  const onCompletion = (f: Future<unknown>): void => {
    counter--;
    if (
      counter <= 0 ||
      returnWhen === FIRST_COMPLETED ||
      (returnWhen === FIRST_EXCEPTION && !f.cancelled() && f.exception() !== undefined)
    ) {
      if (handle !== null) handle.cancel();
      if (!waiter.done()) waiter.setResult(undefined);
    }
  };
  for (const f of fs) f.addDoneCallback(onCompletion);
  try {
    yield* waiter;
  } finally {
    if (handle !== null) handle.cancel();
    for (const f of fs) f.removeDoneCallback(onCompletion);
  }
  const done = new Set<F>();
  const pending = new Set<F>();
  for (const f of fs) {
    if (f.done()) done.add(f);
    else pending.add(f);
  }
  return [done, pending];
}

/**
 * Python's `_cancel_and_wait`: cancels `fut` and waits until it is done, without raising its
 * outcome (waitFor reads it afterwards).
 * @internal
 */
export function* _cancelAndWait(fut: Future<unknown>): Coroutine<void> {
  const waiter = getRunningLoop().createFuture<void>();
  const cb = (): void => _releaseWaiter(waiter);
  fut.addDoneCallback(cb);
  try {
    fut.cancel();
    // Not `yield* fut`: this wait itself must stay cancellable.
    yield* waiter;
  } finally {
    fut.removeDoneCallback(cb);
  }
}
