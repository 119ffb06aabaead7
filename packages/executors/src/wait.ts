import { TimeoutError, ValueError } from "./errors.js";
import { CANCELLED_AND_NOTIFIED, FINISHED, type Future, type Waiter } from "./future.js";

/**
 * `wait()` returns when any future finishes or is cancelled.
 *
 * @example
 * ```ts
 * const { done } = await wait(fs, { returnWhen: FIRST_COMPLETED });
 * ```
 */
export const FIRST_COMPLETED = "FIRST_COMPLETED";
/**
 * `wait()` returns when any future finishes by raising, or when all are done.
 *
 * @example
 * ```ts
 * const { done, notDone } = await wait(fs, { returnWhen: FIRST_EXCEPTION });
 * ```
 */
export const FIRST_EXCEPTION = "FIRST_EXCEPTION";
/**
 * `wait()` returns when all futures are done (the default).
 *
 * @example
 * ```ts
 * const { done } = await wait(fs, { returnWhen: ALL_COMPLETED }); // the default
 * ```
 */
export const ALL_COMPLETED = "ALL_COMPLETED";

/**
 * When `wait()` returns.
 *
 * @example
 * ```ts
 * const when: ReturnWhen = FIRST_COMPLETED;
 * ```
 */
export type ReturnWhen = typeof FIRST_COMPLETED | typeof FIRST_EXCEPTION | typeof ALL_COMPLETED;

/**
 * Options of `wait()`.
 *
 * @example
 * ```ts
 * await wait(fs, { timeout: 10, returnWhen: FIRST_EXCEPTION });
 * ```
 */
export interface WaitForFuturesOptions {
  /** Seconds to wait at most (default: no limit). */
  timeout?: number | null;
  /** When to return (default `ALL_COMPLETED`). */
  returnWhen?: ReturnWhen;
}

/**
 * What `wait()` resolves with: Python's `DoneAndNotDoneFutures(done, not_done)`.
 *
 * @example
 * ```ts
 * const { done, notDone }: DoneAndNotDoneFutures<Future<number>> = await wait(fs);
 * ```
 */
export interface DoneAndNotDoneFutures<F> {
  /** The futures that finished or were cancelled (and noticed by their executor). */
  done: Set<F>;
  /** The others. */
  notDone: Set<F>;
}

/**
 * Options of `asCompleted()`.
 *
 * @example
 * ```ts
 * for await (const f of asCompleted(fs, { timeout: 60 })) console.log(await f);
 * ```
 */
export interface AsCompletedOptions {
  /** Seconds, from the call, after which the iteration throws `TimeoutError` (default: none). */
  timeout?: number | null;
}

/** Python's `f._state in [CANCELLED_AND_NOTIFIED, FINISHED]`. */
function isComplete(f: Future<unknown>): boolean {
  return f._state === CANCELLED_AND_NOTIFIED || f._state === FINISHED;
}

function install(fs: Iterable<Future<unknown>>, waiter: Waiter): void {
  for (const f of fs) {
    if (f._waiters === null) f._waiters = [waiter];
    else f._waiters.push(waiter);
  }
}

function uninstall(fs: Iterable<Future<unknown>>, waiter: Waiter): void {
  for (const f of fs) {
    const ws = f._waiters;
    if (ws === null) continue;
    const i = ws.indexOf(waiter);
    if (i >= 0) ws.splice(i, 1);
  }
}

/** Wakes `wait()` (Python's _FirstCompletedWaiter and _AllCompletedWaiter in one). */
class WaitWaiter implements Waiter {
  readonly finished: Future<unknown>[] = [];
  wake: () => void = () => {};
  constructor(
    private pending: number,
    private readonly returnWhen: ReturnWhen,
  ) {}
  private completed(f: Future<unknown>, failed: boolean): void {
    this.finished.push(f);
    if (this.returnWhen === FIRST_COMPLETED || (failed && this.returnWhen === FIRST_EXCEPTION)) {
      this.wake();
    } else if (--this.pending === 0) {
      this.wake();
    }
  }
  addResult(f: Future<unknown>): void {
    this.completed(f, false);
  }
  addException(f: Future<unknown>): void {
    this.completed(f, true);
  }
  addCancelled(f: Future<unknown>): void {
    this.completed(f, false);
  }
}

/**
 * `concurrent.futures.wait`: waits until the futures are done, as `returnWhen` says
 * (`ALL_COMPLETED` by default, `FIRST_COMPLETED`, `FIRST_EXCEPTION`), or until `timeout` seconds
 * pass; resolves with the `done` and `notDone` sets (duplicates removed). Never rejects on
 * timeout: what is not done is in `notDone`. As in Python, a future cancelled but not yet noticed
 * by its executor (`state === "CANCELLED"`) is not done here until the executor notices it.
 *
 * @example
 * ```ts
 * const fs = [pool.submit(a), pool.submit(b)];
 * const { done, notDone } = await wait(fs, { returnWhen: FIRST_COMPLETED });
 * ```
 */
export function wait<F extends Future<unknown>>(
  fs: Iterable<F>,
  options: WaitForFuturesOptions = {},
): Promise<DoneAndNotDoneFutures<F>> {
  const returnWhen = options.returnWhen ?? ALL_COMPLETED;
  if (
    returnWhen !== FIRST_COMPLETED &&
    returnWhen !== FIRST_EXCEPTION &&
    returnWhen !== ALL_COMPLETED
  ) {
    throw new ValueError(`Invalid return condition: ${String(returnWhen)}`);
  }
  const all = new Set(fs);
  const done = new Set<F>();
  for (const f of all) if (isComplete(f)) done.add(f);
  const result = (): DoneAndNotDoneFutures<F> => {
    const notDone = new Set<F>();
    for (const f of all) if (!done.has(f)) notDone.add(f);
    return { done, notDone };
  };
  if (returnWhen === FIRST_COMPLETED && done.size > 0) return Promise.resolve(result());
  if (returnWhen === FIRST_EXCEPTION && done.size > 0) {
    for (const f of done) if (!f.cancelled() && f._hasException) return Promise.resolve(result());
  }
  if (done.size === all.size) return Promise.resolve(result());

  const waiter = new WaitWaiter(all.size - done.size, returnWhen);
  install(all, waiter);
  return new Promise((resolve) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (): void => {
      if (timer !== undefined) clearTimeout(timer);
      waiter.wake = () => {};
      uninstall(all, waiter);
      for (const f of waiter.finished) done.add(f as F);
      resolve(result());
    };
    waiter.wake = finish;
    const timeout = options.timeout;
    if (timeout != null) timer = setTimeout(finish, Math.max(0, timeout) * 1000);
  });
}

/**
 * The iterator `asCompleted()` returns. Unlike a generator, `break` (which calls `return()`)
 * does not end it: iterate it again to get the futures that were not yielded yet. Call
 * `close()` to stop listening to the futures that are still pending.
 *
 * @example
 * ```ts
 * const it = asCompleted(fs);
 * for await (const f of it) { if (await f) break; }
 * for await (const f of it) console.log("after the break:", await f);
 * ```
 */
export class AsCompletedIterator<F extends Future<unknown>>
  implements AsyncIterableIterator<F>, Waiter
{
  private readonly ready: F[] = [];
  private readonly pending: Set<F>;
  private readonly all: Set<F>;
  private readonly total: number;
  private readonly deadline: number | null;
  private wakeup: (() => void) | null = null;
  private closed = false;

  /** @internal */
  constructor(fs: Iterable<F>, timeout: number | null | undefined) {
    this.deadline = timeout == null ? null : performance.now() + timeout * 1000;
    this.all = new Set(fs);
    this.total = this.all.size;
    this.pending = new Set();
    for (const f of this.all) {
      if (isComplete(f)) this.ready.push(f);
      else this.pending.add(f);
    }
    install(this.pending, this);
  }

  /** @internal */
  addResult(f: Future<unknown>): void {
    this.arrived(f as F);
  }
  /** @internal */
  addException(f: Future<unknown>): void {
    this.arrived(f as F);
  }
  /** @internal */
  addCancelled(f: Future<unknown>): void {
    this.arrived(f as F);
  }

  private arrived(f: F): void {
    if (!this.pending.delete(f)) return;
    uninstall([f], this);
    this.ready.push(f);
    const wake = this.wakeup;
    this.wakeup = null;
    wake?.();
  }

  /**
   * The next future to complete, in completion order (those already done first).
   *
   * @example
   * ```ts
   * const it = asCompleted(fs);
   * const first = await it.next();
   * ```
   */
  async next(): Promise<IteratorResult<F, undefined>> {
    for (;;) {
      const f = this.ready.shift();
      if (f !== undefined) return { value: f, done: false };
      if (this.pending.size === 0 || this.closed) return { value: undefined, done: true };
      let remaining: number | null = null;
      if (this.deadline !== null) {
        remaining = this.deadline - performance.now();
        if (remaining < 0) {
          const message = `${this.pending.size} (of ${this.total}) futures unfinished`;
          this.close();
          throw new TimeoutError(message);
        }
      }
      await new Promise<void>((resolve) => {
        let timer: ReturnType<typeof setTimeout> | undefined;
        this.wakeup = () => {
          if (timer !== undefined) clearTimeout(timer);
          resolve();
        };
        // +1 ms: a Node timer may fire a little early, and the deadline check above must see it passed.
        if (remaining !== null) timer = setTimeout(() => this.wakeup?.(), remaining + 1);
      });
      this.wakeup = null;
    }
  }

  /**
   * Called by `break`: leaves the iterator usable (iterate it again to resume).
   *
   * @example
   * ```ts
   * for await (const f of it) break;
   * for await (const f of it) console.log(f); // the rest
   * ```
   */
  async return(): Promise<IteratorResult<F, undefined>> {
    return { value: undefined, done: true };
  }

  /**
   * Stops listening to the pending futures; the iteration ends.
   *
   * @example
   * ```ts
   * it.close();
   * ```
   */
  close(): void {
    this.closed = true;
    uninstall(this.pending, this);
    this.pending.clear();
    this.ready.length = 0;
    const wake = this.wakeup;
    this.wakeup = null;
    wake?.();
  }

  /** @internal */
  [Symbol.asyncIterator](): this {
    return this;
  }
}

/**
 * `concurrent.futures.as_completed`: an async iterator over the futures that yields each one as
 * it completes (finishes or is cancelled and noticed by its executor): first those already done,
 * then in completion order; duplicates once. If `timeout` seconds (counted from this call) pass
 * before all are yielded, the iteration throws `TimeoutError("N (of M) futures unfinished")`.
 *
 * The iterator survives `break` (see `AsCompletedIterator`).
 *
 * @example
 * ```ts
 * for await (const fut of asCompleted(fs, { timeout: 60 })) {
 *   console.log(await fut);
 * }
 * ```
 */
export function asCompleted<F extends Future<unknown>>(
  fs: Iterable<F>,
  options: AsCompletedOptions = {},
): AsCompletedIterator<F> {
  return new AsCompletedIterator(fs, options.timeout);
}
