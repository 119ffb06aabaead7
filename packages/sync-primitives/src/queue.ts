import { type Coroutine, type Future, ValueError } from "@tsio/future";
import type { Task } from "@tsio/task";
import { Deque } from "./deque.js";
import { Event } from "./event.js";
import { QueueEmpty, QueueFull, QueueShutDown } from "./exceptions.js";
import { LoopBound } from "./loop-bound.js";
import { eager } from "./native.js";

/**
 * Options of the Queue constructor (Python's `maxsize` keyword argument). The constructor
 * throws TypeError when `maxsize` is not a number (or is NaN).
 *
 * @example
 * ```ts
 * const options: QueueOptions = { maxsize: 100 };
 * const q = new Queue<string>(options);
 * ```
 */
export interface QueueOptions {
  /**
   * How many items the queue holds before `put()` waits. Zero or less (the default 0) means
   * unbounded, as in Python; a fraction works as Python's float does (1.3 holds 2 items).
   */
  maxsize?: number;
}

/**
 * Options of {@link Queue.shutdown} (Python 3.13's `immediate` keyword argument). After the
 * shutdown, puts throw QueueShutDown, and gets throw it once the queue is empty.
 *
 * @example
 * ```ts
 * const q = new Queue<string>();
 * const options: ShutdownOptions = { immediate: true };
 * q.shutdown(options); // pending gets fail with QueueShutDown at once
 * ```
 */
export interface ShutdownOptions {
  /**
   * When true, drop the items still in the queue (counting each as done for `join()`), so that
   * gets fail at once; when false (the default), gets drain the queue first.
   */
  immediate?: boolean;
}

/**
 * The storage a Queue subclass keeps in its protected `_queue`: anything with a length that
 * can be listed (a Deque in Queue, an array in LifoQueue and PriorityQueue). A structural
 * type; it throws nothing.
 *
 * @typeParam T - the item type.
 * @example
 * ```ts
 * const storage: QueueStorage<number> = [3, 1, 2];
 * console.log(storage.length, [...storage]); // 3 [3, 1, 2]
 * ```
 */
export type QueueStorage<T> = { readonly length: number } & Iterable<T>;

/** @internal */
export function checkMaxsize(maxsize: unknown): number {
  if (typeof maxsize !== "number" || Number.isNaN(maxsize)) {
    throw new TypeError(
      `maxsize must be a number (0 or less for an unbounded queue), got ${
        typeof maxsize === "number" ? "NaN" : typeof maxsize
      }`,
    );
  }
  return maxsize;
}

/**
 * asyncio.Queue: a FIFO queue for producer and consumer coroutines. With `maxsize > 0`,
 * `put()` waits while the queue is full; `get()` waits while it is empty. Waiters are served
 * in FIFO order; a cancelled `get()` never loses an item and a cancelled `put()` never inserts.
 * `taskDone()` and `join()` track the processing of items; `shutdown()` (Python 3.13) closes it.
 *
 * Subclasses change the order through the `_init`, `_put` and `_get` hooks, as
 * {@link PriorityQueue} and {@link LifoQueue} do. Fields that `_init` sets must be declared with
 * `declare` in the subclass, or the subclass's own field initialisation would overwrite them.
 *
 * @typeParam T - the item type.
 * @example
 * ```ts
 * function* producer(q: Queue<number>) {
 *   for (let i = 0; i < 3; i++) yield* q.put(i);
 * }
 * function* consumer(q: Queue<number>) {
 *   for (;;) {
 *     const item = yield* q.get();
 *     console.log(item);
 *     q.taskDone();
 *   }
 * }
 * function* main() {
 *   const q = new Queue<number>(10);
 *   const worker = createTask(consumer(q));
 *   yield* producer(q);
 *   yield* q.join();
 *   worker.cancel();
 * }
 * ```
 */
export class Queue<T> extends LoopBound implements AsyncIterable<T> {
  /** @internal */ _maxsize: number;
  /** @internal */ _getters = new Deque<Future<void>>();
  /** @internal */ _putters = new Deque<Future<void>>();
  /** @internal */ _unfinishedTasks = 0;
  /** @internal */ _finished = new Event();
  /** @internal */ _isShutdown = false;
  /** The items, in the structure `_init` made (a Deque here). */
  declare protected _queue: QueueStorage<T>;

  /**
   * @param maxsize - the capacity (a number, or `{ maxsize }`); 0 or less is unbounded.
   * @throws {TypeError} when maxsize is not a number (or is NaN).
   * @example
   * ```ts
   * const unbounded = new Queue<string>();
   * const bounded = new Queue<string>(100); // or new Queue<string>({ maxsize: 100 })
   * ```
   */
  constructor(maxsize: number | QueueOptions = 0) {
    super();
    const size = checkMaxsize(
      typeof maxsize === "object" && maxsize !== null ? (maxsize.maxsize ?? 0) : maxsize,
    );
    this._maxsize = size;
    this._finished.set();
    this._init(size);
  }

  // ---- the overridable hooks ----------------------------------------------------------------

  /** Creates the storage. Override with `_put` and `_get` to change the order. */
  protected _init(_maxsize: number): void {
    this._queue = new Deque<T>();
  }

  /** Removes and returns the next item; called only when the queue is not empty. */
  protected _get(): T {
    return (this._queue as Deque<T>).shift() as T;
  }

  /** Stores an item; called only when there is room. */
  protected _put(item: T): void {
    (this._queue as Deque<T>).push(item);
  }

  // ---- end of the hooks ---------------------------------------------------------------------

  /** Wakes the next waiter (if any) that is not cancelled. @internal */
  _wakeupNext(waiters: Deque<Future<void>>): void {
    while (waiters.length > 0) {
      const waiter = waiters.shift() as Future<void>;
      if (!waiter.done()) {
        waiter.setResult(undefined);
        break;
      }
    }
  }

  /**
   * Number of items in the queue.
   * @example
   * ```ts
   * q.qsize(); // 0
   * ```
   */
  qsize(): number {
    return this._queue.length;
  }

  /**
   * Number of items allowed in the queue (0 or less: unbounded).
   * @example
   * ```ts
   * new Queue(5).maxsize; // 5
   * ```
   */
  get maxsize(): number {
    return this._maxsize;
  }

  /**
   * True when the queue is empty.
   * @example
   * ```ts
   * if (q.empty()) console.log("nothing to do");
   * ```
   */
  empty(): boolean {
    return this._queue.length === 0;
  }

  /**
   * True when the queue holds maxsize items. Never true for an unbounded queue.
   * @example
   * ```ts
   * new Queue(1).full(); // false
   * ```
   */
  full(): boolean {
    if (this._maxsize <= 0) return false;
    return this._queue.length >= this._maxsize;
  }

  /**
   * Puts an item into the queue, waiting for a free slot while it is full.
   *
   * @throws {QueueShutDown} when the queue is (or gets) shut down.
   * @throws {CancelledError} when cancelled while waiting; the item is then not inserted.
   * @example
   * ```ts
   * yield* q.put(item);
   * ```
   */
  *put(item: T): Coroutine<void> {
    while (this.full()) {
      if (this._isShutdown) throw shutDown("put into");
      const putter = this._getLoop().createFuture<void>();
      this._putters.push(putter);
      let woken = false;
      try {
        yield* putter;
        woken = true;
      } finally {
        if (!woken) {
          putter.cancel(); // in case it is not done yet
          // It may have been removed already by getNowait() or shutdown().
          this._putters.remove(putter);
          // Woken by getNowait() but we cannot take the slot: wake the next in line.
          if (!this.full() && !putter.cancelled()) this._wakeupNext(this._putters);
        }
      }
    }
    this.putNowait(item);
  }

  /**
   * Puts an item into the queue without waiting.
   *
   * @throws {QueueFull} when the queue is full.
   * @throws {QueueShutDown} when the queue was shut down.
   * @example
   * ```ts
   * q.putNowait(item);
   * ```
   */
  putNowait(item: T): void {
    if (this._isShutdown) throw shutDown("put into");
    if (this.full()) {
      throw new QueueFull(
        `the queue is full (maxsize ${this._maxsize}): wait for room with yield* queue.put(item)`,
      );
    }
    this._put(item);
    this._unfinishedTasks++;
    this._finished.clear();
    this._wakeupNext(this._getters);
  }

  /**
   * Removes and returns an item, waiting while the queue is empty.
   *
   * @throws {QueueShutDown} when the queue is shut down and empty, or shut down immediately.
   * @throws {CancelledError} when cancelled while waiting; no item is lost.
   * @example
   * ```ts
   * const item = yield* q.get();
   * ```
   */
  *get(): Coroutine<T> {
    while (this.empty()) {
      if (this._isShutdown) throw shutDown("get from");
      const getter = this._getLoop().createFuture<void>();
      this._getters.push(getter);
      let woken = false;
      try {
        yield* getter;
        woken = true;
      } finally {
        if (!woken) {
          getter.cancel(); // in case it is not done yet
          // It may have been removed already by putNowait() or shutdown().
          this._getters.remove(getter);
          // Woken by putNowait() but we cannot take the item: wake the next in line.
          if (!this.empty() && !getter.cancelled()) this._wakeupNext(this._getters);
        }
      }
    }
    return this.getNowait();
  }

  /**
   * Removes and returns an item if one is there now.
   *
   * @throws {QueueEmpty} when the queue is empty.
   * @throws {QueueShutDown} when the queue is shut down and empty, or shut down immediately.
   * @example
   * ```ts
   * const item = q.getNowait();
   * ```
   */
  getNowait(): T {
    if (this.empty()) {
      if (this._isShutdown) throw shutDown("get from");
      throw new QueueEmpty("the queue is empty: wait for an item with yield* queue.get()");
    }
    const item = this._get();
    this._wakeupNext(this._putters);
    return item;
  }

  /**
   * Marks one formerly gotten item as processed. When every item put has been marked,
   * `join()` returns. `shutdown({ immediate: true })` marks the items it drops.
   *
   * @throws {ValueError} "task_done() called too many times" when called more often than
   *   items were put; the count is left unchanged.
   * @example
   * ```ts
   * const item = yield* q.get();
   * try { handle(item); } finally { q.taskDone(); }
   * ```
   */
  taskDone(): void {
    if (this._unfinishedTasks <= 0) {
      throw new ValueError(
        "task_done() called too many times: call taskDone() once per item gotten from the queue",
      );
    }
    this._unfinishedTasks--;
    if (this._unfinishedTasks === 0) this._finished.set();
  }

  /**
   * Waits until every item put into the queue has been gotten and marked with `taskDone()`.
   * @example
   * ```ts
   * yield* q.join();
   * ```
   */
  *join(): Coroutine<void> {
    if (this._unfinishedTasks > 0) yield* this._finished.wait();
  }

  /**
   * Shuts the queue down (Python 3.13): puts fail with QueueShutDown at once; gets fail once
   * the queue is empty, or at once with `{ immediate: true }`, which also drops the items and
   * counts them done for `join()`. Every blocked `put()` and `get()` is woken to re-check.
   * @example
   * ```ts
   * q.shutdown();                     // consumers drain what is left, then stop
   * q.shutdown({ immediate: true });  // consumers stop now
   * ```
   */
  shutdown(options?: ShutdownOptions): void {
    this._isShutdown = true;
    if (options?.immediate === true) {
      while (!this.empty()) {
        this._get();
        if (this._unfinishedTasks > 0) this._unfinishedTasks--;
      }
      if (this._unfinishedTasks === 0) this._finished.set();
    }
    // Every getter re-checks the queue and raises QueueShutDown if it is empty.
    wakeAll(this._getters);
    wakeAll(this._putters);
  }

  // ---- native async code ----------------------------------------------------------------------

  /**
   * `get()` for native async code: a Task (PromiseLike, cancellable), started eagerly, so an
   * item already there is taken at once.
   * @throws {RuntimeError} outside a running loop.
   * @example
   * ```ts
   * const item = await q.getAsync();
   * ```
   */
  getAsync(): Task<T> {
    return eager(this.get());
  }

  /**
   * `put()` for native async code: a Task (PromiseLike, cancellable), started eagerly.
   * @throws {RuntimeError} outside a running loop.
   * @example
   * ```ts
   * await q.putAsync(item);
   * ```
   */
  putAsync(item: T): Task<void> {
    return eager(this.put(item));
  }

  /**
   * `join()` for native async code.
   * @throws {RuntimeError} outside a running loop.
   * @example
   * ```ts
   * await q.joinAsync();
   * ```
   */
  joinAsync(): Task<void> {
    return eager(this.join());
  }

  /**
   * Consumes the queue with `for await`: each step is a `get()`; the iteration ends when the
   * queue is shut down and empty (QueueShutDown). Call `taskDone()` per item if you `join()`.
   * @example
   * ```ts
   * for await (const item of q) {
   *   handle(item);
   *   q.taskDone();
   * }
   * ```
   */
  [Symbol.asyncIterator](): AsyncIterator<T, undefined> {
    return {
      next: async (): Promise<IteratorResult<T, undefined>> => {
        try {
          return { done: false, value: this.empty() ? await this.getAsync() : this.getNowait() };
        } catch (e) {
          if (e instanceof QueueShutDown) return { done: true, value: undefined };
          throw e;
        }
      },
    };
  }

  // ---- repr ---------------------------------------------------------------------------------

  /** asyncio's `Queue._format`. @internal */
  _format(): string {
    let result = `maxsize=${this._maxsize}`;
    if (this._queue.length > 0) result += ` _queue=${formatItems(this._queue)}`;
    if (this._getters.length > 0) result += ` _getters[${this._getters.length}]`;
    if (this._putters.length > 0) result += ` _putters[${this._putters.length}]`;
    if (this._unfinishedTasks) result += ` tasks=${this._unfinishedTasks}`;
    if (this._isShutdown) result += " shutdown";
    return result;
  }

  /**
   * asyncio's str: `<Queue maxsize=0 _queue=[1] tasks=1>`.
   * @example
   * ```ts
   * String(q);
   * ```
   */
  override toString(): string {
    return `<${this.constructor.name} ${this._format()}>`;
  }

  /** @internal */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

function shutDown(what: string): QueueShutDown {
  return new QueueShutDown(`cannot ${what} a queue that was shut down`);
}

function wakeAll(waiters: Deque<Future<void>>): void {
  while (waiters.length > 0) {
    const waiter = waiters.shift() as Future<void>;
    if (!waiter.done()) waiter.setResult(undefined);
  }
}

function repr(value: unknown): string {
  if (typeof value === "string") return `'${value}'`;
  if (Array.isArray(value)) return `[${value.map(repr).join(", ")}]`;
  if (typeof value === "object" && value !== null && value.constructor === Object) {
    try {
      return JSON.stringify(value);
    } catch {
      return "[object Object]";
    }
  }
  return String(value);
}

function formatItems(items: Iterable<unknown>): string {
  return repr([...items]);
}
