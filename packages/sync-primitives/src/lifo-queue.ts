import { Queue } from "./queue.js";

/**
 * asyncio.LifoQueue: a Queue that returns the most recently added item first (a stack).
 *
 * @typeParam T - the item type.
 * @example
 * ```ts
 * const q = new LifoQueue<number>();
 * q.putNowait(1);
 * q.putNowait(2);
 * q.getNowait(); // 2
 * ```
 */
export class LifoQueue<T> extends Queue<T> {
  declare protected _queue: T[];

  protected override _init(_maxsize: number): void {
    this._queue = [];
  }

  protected override _put(item: T): void {
    this._queue.push(item);
  }

  protected override _get(): T {
    return this._queue.pop() as T;
  }
}
