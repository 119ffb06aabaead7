import {
  _getEventLoop,
  type AbstractEventLoop,
  type Coroutine,
  Future,
  type Handle,
  isFuture,
  TimeoutError,
} from "@tsio/future";
import { isCoroutine } from "@tsio/generator-utils";
import { _checkTimeout } from "./awaitable.js";
import { type AwaitableLike, ensureFuture, type ResultOf } from "./ensure-future.js";

/**
 * Options of {@link asCompleted}: Python's `timeout` keyword argument. asCompleted throws
 * TypeError for a timeout that is not a number (ValueError for NaN); reaching it makes the
 * remaining items raise TimeoutError.
 *
 * @example
 * ```ts
 * const options: AsCompletedOptions = { timeout: 10 };
 * function* main(tasks: Task<string>[]) {
 *   for (const next of asCompleted(tasks, options)) console.log(yield* next);
 * }
 * ```
 */
export interface AsCompletedOptions {
  /**
   * Seconds until the iteration gives up (null: no limit): the awaitables not done by then each
   * raise TimeoutError when awaited. Nothing is cancelled.
   */
  timeout?: number | null;
}

/** The queue's "timed out" marker (Python puts None). */
const TIMED_OUT = null;

function handleTimeout(it: { _handleTimeout(): void }): void {
  it._handleTimeout();
}

/**
 * One item of the plain iteration: a coroutine (`yield*` it in a coroutine) that is also
 * awaitable from native code (`await` it); either way it gives the outcome of the next
 * awaitable to finish. Await it once. Awaiting it throws what that awaitable threw, or
 * TimeoutError when the iteration's timeout passed first.
 *
 * @typeParam T - the result type.
 * @example
 * ```ts
 * function* main(tasks: Task<number>[]) {
 *   for (const next of asCompleted(tasks)) {
 *     const item: AsCompletedNext<number> = next;
 *     console.log(yield* item); // the earliest result first
 *   }
 * }
 * ```
 */
export type AsCompletedNext<T> = Coroutine<T> & PromiseLike<T>;

/** The native runs of items awaited from native code (awaiting an item twice runs it once). */
const nativeRuns = new WeakMap<object, Promise<unknown>>();

/** Runs a coroutine that only awaits futures without a task, for native code. */
function runNatively<T>(coro: Coroutine<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const step = (hasExc: boolean, exc: unknown): void => {
      let r: IteratorResult<unknown, T>;
      try {
        r = hasExc ? coro.throw(exc) : coro.next();
      } catch (e) {
        reject(e);
        return;
      }
      if (r.done === true) {
        resolve(r.value);
        return;
      }
      const fut = r.value as Future<unknown>;
      fut._asyncioFutureBlocking = false; // taken, as a task would take it
      fut.then(
        () => step(false, undefined),
        (e: unknown) => step(true, e),
      );
    };
    step(false, undefined);
  });
}

/**
 * `then` of the items of the plain iteration (on their prototype: nothing per item): runs the
 * item natively, for native code that awaits it.
 */
function thenNext<T, R1 = T, R2 = never>(
  this: Coroutine<T>,
  onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
  onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
): Promise<R1 | R2> {
  let p = nativeRuns.get(this) as Promise<T> | undefined;
  if (p === undefined) {
    p = runNatively(this);
    nativeRuns.set(this, p);
  }
  return p.then(onfulfilled, onrejected);
}

/**
 * What {@link asCompleted} returns (Python 3.13's `_AsCompletedIterator`).
 *
 * - Iterated with `for...of`, it yields one {@link AsCompletedNext} per awaitable: `yield*` it
 *   in a coroutine (or `await` it in native code) to get the outcome of the next awaitable to
 *   finish (its result, or its exception thrown, or TimeoutError).
 * - Iterated with `for await` (native code), it yields those outcomes directly: the results in
 *   completion order; a failure or the timeout is thrown at the loop.
 * - {@link AsCompletedIterator.futures} gives, in a coroutine, the finished futures and tasks
 *   themselves (Python 3.13's `async for`), to tell which one finished.
 *
 * Breaking out of a loop does not close it: a new loop over the same iterator resumes where the
 * last one stopped.
 *
 * @typeParam T - the result type of the awaitables.
 * @example
 * ```ts
 * function* main(ipv4: Task<string>, ipv6: Task<string>) {
 *   const it: AsCompletedIterator<string> = asCompleted([ipv4, ipv6], { timeout: 5 });
 *   for (const next of it.futures()) {
 *     const winner = yield* next; // the task that finished first
 *     return winner === ipv4 ? "IPv4" : "IPv6";
 *   }
 * }
 * ```
 */
export class AsCompletedIterator<T> {
  private readonly _loop: AbstractEventLoop;
  // Python's `_todo` set, as the list of futures and a count of those not completed yet; after
  // the timeout, late completions are ignored, as Python's are.
  private readonly _futures: Future<T>[] = [];
  private _remaining = 0;
  private _timedOut = false;
  private _todoLeft: number;
  private _timeoutHandle: Handle | null = null;
  // The done queue: an array read from a head index.
  private _done: (Future<T> | null)[] = [];
  private _doneHead = 0;
  private readonly _getters: Future<void>[] = [];
  private _async: AsyncIterableIterator<T> | null = null;
  private readonly _onCompletion = (f: Future<T>): void => {
    if (this._timedOut) return; // _handleTimeout came first
    this._remaining--;
    this._put(f);
    if (this._remaining === 0 && this._timeoutHandle !== null) this._timeoutHandle.cancel();
  };

  /** @internal */
  constructor(aws: Iterable<AwaitableLike<T>>, timeout: number | null) {
    const loop = _getEventLoop();
    this._loop = loop;
    const options = { loop };
    const cb = this._onCompletion;
    // The same awaitable given twice counts once: a future already carrying our callback is a
    // repeat (cheaper than a Set of every future); other awaitables are looked up in a Map.
    let seen: Map<unknown, Future<T>> | null = null;
    for (const aw of aws) {
      let f: Future<T>;
      if (aw instanceof Future && aw._loop === loop) {
        if (aw._hasCallback(cb, aw)) continue;
        f = aw as Future<T>;
      } else {
        if (seen === null) seen = new Map();
        if (seen.has(aw)) continue;
        f = ensureFuture(aw, options);
        seen.set(aw, f);
        if (f._hasCallback(cb, f)) continue;
      }
      this._futures.push(f);
      f.addDoneCallback(cb);
    }
    this._remaining = this._futures.length;
    this._todoLeft = this._futures.length;
    if (this._remaining > 0 && timeout !== null) {
      this._timeoutHandle = loop.callLater(timeout, handleTimeout, this);
    }
  }

  /**
   * The iterator itself (iterating again resumes).
   * @example
   * ```ts
   * for (const next of it) console.log(yield* next);
   * ```
   */
  [Symbol.iterator](): this {
    return this;
  }

  /**
   * The next item: `yield*` (or `await`) it for the outcome of the next awaitable to finish.
   * @example
   * ```ts
   * const r = it.next();
   * if (!r.done) console.log(yield* r.value);
   * ```
   */
  next(): IteratorResult<AsCompletedNext<T>, undefined> {
    if (this._todoLeft === 0) return { done: true, value: undefined };
    this._todoLeft--;
    return { done: false, value: this._waitForOne(true) as AsCompletedNext<T> };
  }

  /**
   * In a coroutine, what Python 3.13's `async for` gives: coroutines that return the next
   * finished future or task itself (the one given, or the task made for a coroutine), to tell
   * which one finished. Shares the count with the plain iteration.
   * @example
   * ```ts
   * for (const next of asCompleted([ipv4, ipv6]).futures()) {
   *   const first = yield* next;
   *   if (first === ipv6) console.log("IPv6 won");
   * }
   * ```
   */
  futures(): IterableIterator<Coroutine<Future<T>>> {
    const iter: IterableIterator<Coroutine<Future<T>>> = {
      next: () => {
        if (this._todoLeft === 0) return { done: true, value: undefined };
        this._todoLeft--;
        return { done: false, value: this._waitForOne(false) as Coroutine<Future<T>> };
      },
      [Symbol.iterator]: () => iter,
    };
    return iter;
  }

  /**
   * Asynchronous iteration for native code: `for await (const r of asCompleted(tasks))` gives
   * the results in completion order; a failure (or TimeoutError) is thrown at the loop, and a
   * new loop over the same iterator resumes with the rest.
   * @example
   * ```ts
   * for await (const page of asCompleted(downloads)) console.log(page.length);
   * ```
   */
  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    if (this._async === null) {
      const iter: AsyncIterableIterator<T> = {
        next: async (): Promise<IteratorResult<T, undefined>> => {
          if (this._todoLeft === 0) return { done: true, value: undefined };
          this._todoLeft--;
          return { done: false, value: await this._nextOutcome() };
        },
        [Symbol.asyncIterator]: () => iter,
      };
      this._async = iter;
    }
    return this._async;
  }

  /** Native `_wait_for_one(resolve=True)`: waits without a task. @internal */
  async _nextOutcome(): Promise<T> {
    while (this._doneHead === this._done.length) {
      const getter = this._loop.createFuture<void>();
      this._getters.push(getter);
      await getter;
    }
    const f = this._take();
    if (f === TIMED_OUT) throw new TimeoutError();
    return f.result();
  }

  /**
   * Python's `_wait_for_one`, with Queue.get's care for cancelled getters. Its generators are
   * also awaitable from native code (see the prototype's `then` below).
   * @internal
   */
  *_waitForOne(resolve: boolean): Coroutine<T | Future<T>> {
    while (this._doneHead === this._done.length) {
      const getter = this._loop.createFuture<void>();
      this._getters.push(getter);
      try {
        yield* getter;
      } catch (e) {
        getter.cancel();
        const i = this._getters.indexOf(getter);
        if (i >= 0) this._getters.splice(i, 1);
        if (this._doneHead < this._done.length && !getter.cancelled()) this._wakeupNext();
        throw e;
      }
    }
    const f = this._take();
    if (f === TIMED_OUT) throw new TimeoutError();
    return resolve ? f.result() : f;
  }

  private _put(item: Future<T> | null): void {
    this._done.push(item);
    this._wakeupNext();
  }

  private _take(): Future<T> | null {
    const item = this._done[this._doneHead] as Future<T> | null;
    this._done[this._doneHead++] = null;
    if (this._doneHead === this._done.length) {
      this._done = [];
      this._doneHead = 0;
    }
    return item;
  }

  private _wakeupNext(): void {
    const getters = this._getters;
    while (getters.length > 0) {
      const getter = getters.shift() as Future<void>;
      if (!getter.done()) {
        getter.setResult(undefined);
        break;
      }
    }
  }

  /** Python's `_handle_timeout`. @internal */
  _handleTimeout(): void {
    this._timedOut = true;
    for (const f of this._futures) f.removeDoneCallback(this._onCompletion);
    for (let n = this._remaining; n > 0; n--) this._put(TIMED_OUT);
    this._remaining = 0;
  }
}

// biome-ignore lint/suspicious/noThenProperty: the items are awaitable from native code too
Object.defineProperty(AsCompletedIterator.prototype._waitForOne.prototype, "then", {
  value: thenNext,
  configurable: true,
  writable: true,
});

/**
 * asyncio.as_completed: runs the awaitables concurrently and iterates over their outcomes in
 * completion order. In a coroutine, each item is a coroutine to `yield*` (the result of the
 * next one to finish); in native code, `for await` yields the results themselves. With
 * `{ timeout }`, what is not done in time raises TimeoutError.
 *
 * @param aws - futures, tasks, coroutines or Promise-likes (duplicates count once).
 * @throws {TypeError} for a single awaitable instead of a collection.
 * @example
 * ```ts
 * function* main() {
 *   for (const next of asCompleted(urls.map((u) => download(u)), { timeout: 10 })) {
 *     const page = yield* next; // the earliest page first
 *   }
 * }
 * // native code
 * for await (const page of asCompleted(downloads)) console.log(page.length);
 * ```
 */
export function asCompleted<A extends AwaitableLike<unknown>>(
  aws: Iterable<A>,
  options?: AsCompletedOptions,
): AsCompletedIterator<ResultOf<A>> {
  if (
    isFuture(aws) ||
    isCoroutine(aws) ||
    (typeof aws === "object" &&
      aws !== null &&
      typeof (aws as unknown as PromiseLike<unknown>).then === "function")
  ) {
    throw new TypeError(
      `expects an iterable of awaitables, not ${isCoroutine(aws) ? "a coroutine" : aws.constructor.name}: pass an array, e.g. asCompleted([task])`,
    );
  }
  if (
    aws === null ||
    typeof aws !== "object" ||
    typeof (aws as Iterable<unknown>)[Symbol.iterator] !== "function"
  ) {
    throw new TypeError("asCompleted() expects an iterable of awaitables, such as an array");
  }
  return new AsCompletedIterator(
    aws as Iterable<AwaitableLike<ResultOf<A>>>,
    _checkTimeout(options?.timeout),
  );
}
