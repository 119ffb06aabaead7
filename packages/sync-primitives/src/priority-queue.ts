import { type Comparator, pythonCompare } from "./compare.js";
import { Queue, type QueueOptions } from "./queue.js";

/**
 * Options of the PriorityQueue constructor: Queue's `maxsize` plus the `compare` order. A
 * plain options object; the constructor throws TypeError when `maxsize` is not a number.
 *
 * @typeParam T - the item type.
 * @example
 * ```ts
 * const options: PriorityQueueOptions<[number, string]> = {
 *   maxsize: 10,
 *   compare: (a, b) => a[0] - b[0],
 * };
 * const q = new PriorityQueue<[number, string]>(options);
 * ```
 */
export interface PriorityQueueOptions<T> extends QueueOptions {
  /**
   * The order (lowest first). Default: {@link pythonCompare}, Python's ordering of numbers,
   * strings and tuples such as `[priority, data]`.
   */
  compare?: Comparator<T>;
}

/**
 * asyncio.PriorityQueue: a Queue that returns the lowest item first, on a binary heap with
 * Python's `heapq` algorithm (so equal items come out in the same order as in Python).
 * Entries are typically `[priority, data]` tuples; see {@link pythonCompare} for the default
 * order, or pass `compare`. A put whose item cannot be compared throws TypeError and leaves
 * the queue as it was.
 *
 * @typeParam T - the item type.
 * @example
 * ```ts
 * const q = new PriorityQueue<[number, string]>();
 * q.putNowait([2, "write"]);
 * q.putNowait([1, "read"]);
 * q.getNowait(); // [1, "read"]
 *
 * const byDeadline = new PriorityQueue<Job>({ compare: (a, b) => a.deadline - b.deadline });
 * ```
 */
export class PriorityQueue<T> extends Queue<T> {
  declare protected _queue: T[];
  /** @internal */ readonly _compare: Comparator<T>;

  /**
   * @param options - the capacity (a number, or `{ maxsize, compare }`).
   * @throws {TypeError} for a maxsize that is not a number, or a compare that is not a function.
   * @example
   * ```ts
   * const q = new PriorityQueue<number>({ maxsize: 100 });
   * ```
   */
  constructor(options: number | PriorityQueueOptions<T> = 0) {
    const opts = typeof options === "object" && options !== null ? options : undefined;
    super(opts === undefined ? (options as number) : { maxsize: opts.maxsize ?? 0 });
    const compare = opts?.compare ?? (pythonCompare as Comparator<T>);
    if (typeof compare !== "function") {
      throw new TypeError("PriorityQueue's compare option must be a function (a, b) => number");
    }
    this._compare = compare;
  }

  protected override _init(_maxsize: number): void {
    this._queue = [];
  }

  /** heapq.heappush: comparisons first, so that a throwing comparator changes nothing. */
  protected override _put(item: T): void {
    const heap = this._queue;
    const cmp = this._compare;
    let pos = heap.length;
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      if (cmp(item, heap[parent] as T) < 0) pos = parent;
      else break;
    }
    // Move the parents on the path down one level, then place the item.
    let hole = heap.length;
    heap.push(item);
    while (hole > pos) {
      const parent = (hole - 1) >> 1;
      heap[hole] = heap[parent] as T;
      hole = parent;
    }
    heap[pos] = item;
  }

  /**
   * heapq.heappop (its `_siftup` then `_siftdown`), planned on the unchanged heap before any
   * write, so that a throwing comparator leaves the heap intact.
   */
  protected override _get(): T {
    const heap = this._queue;
    const cmp = this._compare;
    const end = heap.length - 1;
    const top = heap[0] as T;
    if (end === 0) {
      heap.pop();
      return top;
    }
    const last = heap[end] as T;
    // _siftup: walk from the root down to a leaf along the smaller children.
    const path = [0];
    let pos = 0;
    let child = 1;
    while (child < end) {
      const right = child + 1;
      if (right < end && !(cmp(heap[child] as T, heap[right] as T) < 0)) child = right;
      path.push(child);
      pos = child;
      child = 2 * pos + 1;
    }
    // _siftdown: the last item moves back up while it is smaller than the parent it displaced.
    let j = path.length - 1;
    while (j > 0 && cmp(last, heap[path[j] as number] as T) < 0) j--;
    // Apply: the children on the path move up one level as far as j; the last item lands there.
    for (let i = 0; i < j; i++) heap[path[i] as number] = heap[path[i + 1] as number] as T;
    heap[path[j] as number] = last;
    heap.pop();
    return top;
  }
}
