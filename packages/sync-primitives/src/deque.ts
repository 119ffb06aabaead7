/**
 * A double-ended queue on a growable ring buffer: O(1) push, shift, pop and peek at both ends,
 * what Python's `collections.deque` gives the primitives. Capacity is a power of two; the ring
 * doubles when full and never shrinks (a queue that was once long stays warm).
 * @internal
 */
export class Deque<T> {
  private _buf: (T | undefined)[];
  private _head = 0;
  private _mask: number;
  /** Number of items. */
  length = 0;

  constructor(capacity = 8) {
    let cap = 8;
    while (cap < capacity) cap <<= 1;
    this._buf = new Array<T | undefined>(cap);
    this._mask = cap - 1;
  }

  /** Appends at the right end (Python's `append`). */
  push(item: T): void {
    if (this.length > this._mask) this._grow();
    this._buf[(this._head + this.length) & this._mask] = item;
    this.length++;
  }

  /** Removes and returns the leftmost item (Python's `popleft`); undefined when empty. */
  shift(): T | undefined {
    if (this.length === 0) return undefined;
    const buf = this._buf;
    const item = buf[this._head];
    buf[this._head] = undefined;
    this._head = (this._head + 1) & this._mask;
    this.length--;
    return item;
  }

  /** Removes and returns the rightmost item (Python's `pop`); undefined when empty. */
  pop(): T | undefined {
    if (this.length === 0) return undefined;
    this.length--;
    const i = (this._head + this.length) & this._mask;
    const item = this._buf[i];
    this._buf[i] = undefined;
    return item;
  }

  /** The leftmost item without removing it; undefined when empty. */
  peekFirst(): T | undefined {
    return this.length === 0 ? undefined : this._buf[this._head];
  }

  /** The item at index `i` from the left (0 <= i < length). */
  at(i: number): T {
    return this._buf[(this._head + i) & this._mask] as T;
  }

  /**
   * Removes the first occurrence of `item` (Python's `remove`) and returns true, or returns
   * false when it is absent. O(1) at the left end, where a woken waiter usually is.
   */
  remove(item: T): boolean {
    const n = this.length;
    const buf = this._buf;
    const mask = this._mask;
    for (let k = 0; k < n; k++) {
      if (buf[(this._head + k) & mask] !== item) continue;
      if (k === 0) {
        this.shift();
        return true;
      }
      // Close the gap by moving the items right of it one place left.
      for (let j = k; j < n - 1; j++) {
        buf[(this._head + j) & mask] = buf[(this._head + j + 1) & mask];
      }
      buf[(this._head + n - 1) & mask] = undefined;
      this.length--;
      return true;
    }
    return false;
  }

  /** Removes every item. */
  clear(): void {
    this._buf.fill(undefined);
    this._head = 0;
    this.length = 0;
  }

  /** The items, left to right. */
  toArray(): T[] {
    const out = new Array<T>(this.length);
    for (let k = 0; k < this.length; k++) out[k] = this.at(k);
    return out;
  }

  *[Symbol.iterator](): Generator<T, void, undefined> {
    for (let k = 0; k < this.length; k++) yield this.at(k);
  }

  private _grow(): void {
    const cap = this._mask + 1;
    const buf = new Array<T | undefined>(cap * 2);
    for (let k = 0; k < this.length; k++) buf[k] = this._buf[(this._head + k) & this._mask];
    this._buf = buf;
    this._head = 0;
    this._mask = cap * 2 - 1;
  }
}
