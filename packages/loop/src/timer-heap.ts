import type { _TimerEntry } from "@tsio/future";

/** What the heap holds: TimerHandles and internal timers (see `_TimerEntry`). */
type TimerHandle = _TimerEntry;

/**
 * A binary min-heap of timer handles keyed by (when, seq), the keys kept in a Float64Array so
 * that sifting compares numbers without touching the handles.
 * @internal
 */
export class TimerHeap {
  private whens = new Float64Array(64);
  private seqs = new Float64Array(64);
  private items: (TimerHandle | undefined)[] = [];
  size = 0;

  push(h: TimerHandle): void {
    if (this.size === this.whens.length) this.grow();
    let i = this.size++;
    const when = h._when;
    const seq = h._seq;
    const whens = this.whens;
    const seqs = this.seqs;
    const items = this.items;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pw = whens[parent] as number;
      if (pw < when || (pw === when && (seqs[parent] as number) < seq)) break;
      whens[i] = pw;
      seqs[i] = seqs[parent] as number;
      items[i] = items[parent];
      i = parent;
    }
    whens[i] = when;
    seqs[i] = seq;
    items[i] = h;
  }

  /** The earliest handle, or undefined. */
  peek(): TimerHandle | undefined {
    return this.size > 0 ? this.items[0] : undefined;
  }

  /** The earliest time, or +Infinity when empty. */
  peekWhen(): number {
    return this.size > 0 ? (this.whens[0] as number) : Number.POSITIVE_INFINITY;
  }

  pop(): TimerHandle | undefined {
    if (this.size === 0) return undefined;
    const items = this.items;
    const top = items[0];
    const last = --this.size;
    if (last > 0) {
      this.siftDownFrom(0, this.whens[last] as number, this.seqs[last] as number, items[last]);
    }
    items[last] = undefined;
    return top;
  }

  private siftDownFrom(start: number, when: number, seq: number, h: TimerHandle | undefined): void {
    const whens = this.whens;
    const seqs = this.seqs;
    const items = this.items;
    const n = this.size;
    let i = start;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      const right = child + 1;
      if (right < n) {
        const cw = whens[child] as number;
        const rw = whens[right] as number;
        if (rw < cw || (rw === cw && (seqs[right] as number) < (seqs[child] as number)))
          child = right;
      }
      const cw = whens[child] as number;
      if (when < cw || (when === cw && seq < (seqs[child] as number))) break;
      whens[i] = cw;
      seqs[i] = seqs[child] as number;
      items[i] = items[child];
      i = child;
    }
    whens[i] = when;
    seqs[i] = seq;
    items[i] = h;
  }

  /** Drops every cancelled handle and restores the heap (asyncio does this when half are cancelled). */
  removeCancelled(): void {
    const kept: TimerHandle[] = [];
    for (let i = 0; i < this.size; i++) {
      const h = this.items[i] as TimerHandle;
      if (h._cancelled) h._scheduled = false;
      else kept.push(h);
    }
    this.clear();
    kept.sort((a, b) => a._when - b._when || a._seq - b._seq);
    // A sorted array is a valid heap.
    for (const h of kept) this.push(h);
  }

  clear(): void {
    this.items = [];
    this.size = 0;
  }

  private grow(): void {
    const whens = new Float64Array(this.whens.length * 2);
    whens.set(this.whens);
    this.whens = whens;
    const seqs = new Float64Array(this.seqs.length * 2);
    seqs.set(this.seqs);
    this.seqs = seqs;
  }
}
