import type { _TimerEntry } from "@tsio/future";

/** What the heap holds: TimerHandles and internal timers (see `_TimerEntry`). */
type TimerHandle = _TimerEntry;

/** Whether timer a comes before timer b: earlier `when`, then earlier `seq`. */
function before(aWhen: number, aSeq: number, bWhen: number, bSeq: number): boolean {
  return aWhen < bWhen || (aWhen === bWhen && aSeq < bSeq);
}

/**
 * The loop's timers in (when, seq) order: a sorted run plus a binary min-heap.
 *
 * Most timers are scheduled in the order they fall due: the same delay again and again (a
 * server's timeouts, a million tasks doing `sleep(0.5)`). A timer that comes after the last one
 * of the run is appended to the run, a FIFO: O(1) in and out, no keys stored. Any other timer
 * goes to the heap, whose keys are kept in Float64Arrays so that sifting compares numbers
 * without touching the handles. `pop()` takes whichever of the two heads comes first, so the
 * order is exactly that of a single heap.
 * @internal
 */
export class TimerHeap {
  /** The sorted run, read from `runHead`. */
  private run: (TimerHandle | undefined)[] = [];
  private runHead = 0;
  private whens = new Float64Array(64);
  private seqs = new Float64Array(64);
  private items: (TimerHandle | undefined)[] = [];
  private heapSize = 0;
  /** How many timers, in the run and the heap. */
  size = 0;

  push(h: TimerHandle): void {
    this.size++;
    const run = this.run;
    const last = run.length > this.runHead ? (run[run.length - 1] as TimerHandle) : undefined;
    if (last === undefined || !before(h._when, h._seq, last._when, last._seq)) {
      run.push(h);
      return;
    }
    this.heapPush(h);
  }

  /** The earliest handle, or undefined. */
  peek(): TimerHandle | undefined {
    if (this.size === 0) return undefined;
    return this.runFirst() ? this.run[this.runHead] : this.items[0];
  }

  /** The earliest time, or +Infinity when empty. */
  peekWhen(): number {
    if (this.size === 0) return Number.POSITIVE_INFINITY;
    return this.runFirst()
      ? (this.run[this.runHead] as TimerHandle)._when
      : (this.whens[0] as number);
  }

  pop(): TimerHandle | undefined {
    if (this.size === 0) return undefined;
    this.size--;
    if (!this.runFirst()) return this.heapPop();
    const run = this.run;
    const top = run[this.runHead];
    run[this.runHead++] = undefined;
    if (this.runHead === run.length) {
      // Drained: start again at 0 (the common case, nothing to copy).
      run.length = 0;
      this.runHead = 0;
    } else if (this.runHead >= 1024 && this.runHead * 2 >= run.length) {
      run.copyWithin(0, this.runHead);
      run.length -= this.runHead;
      this.runHead = 0;
    }
    return top;
  }

  /** Whether the next timer is the run's head (else the heap's top); the caller checks size. */
  private runFirst(): boolean {
    if (this.runHead === this.run.length) return false;
    if (this.heapSize === 0) return true;
    const r = this.run[this.runHead] as TimerHandle;
    return before(r._when, r._seq, this.whens[0] as number, this.seqs[0] as number);
  }

  private heapPush(h: TimerHandle): void {
    if (this.heapSize === this.whens.length) this.grow();
    let i = this.heapSize++;
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

  private heapPop(): TimerHandle | undefined {
    const items = this.items;
    const top = items[0];
    const last = --this.heapSize;
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
    const n = this.heapSize;
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
    const run: TimerHandle[] = [];
    for (let i = this.runHead; i < this.run.length; i++) {
      const h = this.run[i] as TimerHandle;
      if (h._cancelled) h._scheduled = false;
      else run.push(h);
    }
    const kept: TimerHandle[] = [];
    for (let i = 0; i < this.heapSize; i++) {
      const h = this.items[i] as TimerHandle;
      if (h._cancelled) h._scheduled = false;
      else kept.push(h);
    }
    this.clear();
    this.run = run;
    this.size = run.length + kept.length;
    kept.sort((a, b) => a._when - b._when || a._seq - b._seq);
    // A sorted array is a valid heap.
    for (const h of kept) this.heapPush(h);
  }

  clear(): void {
    this.run = [];
    this.runHead = 0;
    this.items = [];
    this.heapSize = 0;
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
