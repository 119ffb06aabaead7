/** The smallest buffer the queue allocates when it must copy. */
const MIN_CAPACITY = 16 * 1024;
const EMPTY: Buffer = Buffer.alloc(0);

/**
 * The StreamReader's buffer: a FIFO of bytes that avoids copying. Chunks from the socket are
 * queued as they are; a read that fits in the first chunk returns a view of it. Bytes are
 * copied only when a read or a search spans chunks, and then into a growing buffer, so that
 * waiting for a long line costs amortized O(n), as Python's bytearray does.
 *
 * Views handed out are never written again: spare capacity is only ever written past the
 * bytes buffered, and a consumed buffer is dropped, never reused.
 * @internal
 */
export class ByteQueue {
  // The first bytes are _head[_start, _end); _owned says whether _head's spare capacity past
  // _end is ours to fill. Later bytes are the chunks of _tail, in order.
  private _head: Buffer = EMPTY;
  private _start = 0;
  private _end = 0;
  private _owned = false;
  private _tail: Buffer[] = [];
  private _tailBytes = 0;

  /** How many bytes are buffered. */
  get length(): number {
    return this._end - this._start + this._tailBytes;
  }

  /** Appends a chunk the queue may keep (the caller never changes it). */
  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    if (this._end === this._start && this._tailBytes === 0) {
      this._head = chunk;
      this._start = 0;
      this._end = chunk.length;
      this._owned = false;
    } else {
      this._tail.push(chunk);
      this._tailBytes += chunk.length;
    }
  }

  /** Removes and returns the first `n` bytes (n <= length), as a view where possible. */
  take(n: number): Buffer {
    if (n > this._end - this._start) this._coalesce(n);
    const start = this._start;
    const head = this._head;
    // A read of exactly one whole chunk (a line that came in one packet) returns the chunk.
    const out = start === 0 && n === head.length ? head : head.subarray(start, start + n);
    this._start = start + n;
    if (this._start === this._end) this._nextHead();
    return out;
  }

  /** Drops everything. */
  clear(): void {
    this._tail = [];
    this._tailBytes = 0;
    this._nextHead();
  }

  /** Index of `sep` at or after `offset`, or -1. */
  indexOf(sep: Buffer, offset: number): number {
    if (this._tailBytes > 0) this._coalesce(this.length);
    const start = this._start;
    // A one-byte separator ("\n") is found by memchr, without the needle checks.
    const i =
      sep.length === 1
        ? this._head.indexOf(sep[0] as number, start + offset)
        : this._head.indexOf(sep, start + offset);
    // A first match running past _end lies in spare capacity: there is no valid match then.
    if (i === -1 || i + sep.length > this._end) return -1;
    return i - start;
  }

  /** True when the bytes at `at` are `sep`. */
  startsWith(sep: Buffer, at: number): boolean {
    if (this.length < at + sep.length) return false;
    if (this._end - this._start < at + sep.length) this._coalesce(at + sep.length);
    const from = this._start + at;
    return this._head.compare(sep, 0, sep.length, from, from + sep.length) === 0;
  }

  /** Every buffered byte, as one view (for tests and reprs). */
  view(): Buffer {
    if (this._tailBytes > 0) this._coalesce(this.length);
    return this._head.subarray(this._start, this._end);
  }

  private _nextHead(): void {
    const next = this._tail.shift();
    if (next === undefined) {
      this._head = EMPTY;
      this._start = 0;
      this._end = 0;
    } else {
      this._head = next;
      this._start = 0;
      this._end = next.length;
      this._tailBytes -= next.length;
    }
    this._owned = false;
  }

  /** Moves whole tail chunks into the head until it holds at least `need` bytes. */
  private _coalesce(need: number): void {
    const headLen = this._end - this._start;
    let target = headLen;
    let count = 0;
    const tail = this._tail;
    while (target < need && count < tail.length) target += (tail[count++] as Buffer).length;
    let head = this._head;
    let end = this._end;
    if (!this._owned || this._start + target > head.length) {
      // Never compact in place: views of the consumed bytes may still be in use.
      const next = Buffer.allocUnsafeSlow(Math.max(MIN_CAPACITY, 2 * target));
      head.copy(next, 0, this._start, end);
      head = next;
      this._head = next;
      this._start = 0;
      end = headLen;
      this._owned = true;
    }
    for (let i = 0; i < count; i++) {
      const chunk = tail[i] as Buffer;
      chunk.copy(head, end);
      end += chunk.length;
      this._tailBytes -= chunk.length;
    }
    this._end = end;
    tail.splice(0, count);
  }
}
