/**
 * The connector's slots: at most `limit` requests hold a connection at once, at most
 * `limitPerHost` per origin (aiohttp's BaseConnector `_available_connections` and `_waiters`).
 * A slot is held from the moment the request is sent until its response is released or fully
 * read. Waiters are served first come, first served among those whose origin has room.
 * @module
 */
import type { AbstractEventLoop, Future } from "@tsio/future";

interface Waiter {
  key: string;
  fut: Future<void>;
}

/** @internal */
export class ConnectionLimiter {
  private _total = 0;
  private readonly _perHost = new Map<string, number>();
  private _waiters: Waiter[] = [];

  constructor(
    readonly limit: number,
    readonly limitPerHost: number,
  ) {}

  /** Slots in use. */
  get inUse(): number {
    return this._total;
  }

  /** Requests waiting for a slot. */
  get waiting(): number {
    let n = 0;
    for (const w of this._waiters) if (!w.fut.done()) n++;
    return n;
  }

  private _hasRoom(key: string): boolean {
    if (this.limit > 0 && this._total >= this.limit) return false;
    if (this.limitPerHost > 0 && (this._perHost.get(key) ?? 0) >= this.limitPerHost) return false;
    return true;
  }

  private _take(key: string): void {
    this._total++;
    if (this.limitPerHost > 0) this._perHost.set(key, (this._perHost.get(key) ?? 0) + 1);
  }

  /**
   * Takes a slot at once when there is room; returns false otherwise. Waiters never lose their
   * turn to this: every release hands free slots to them first, synchronously, so whenever a
   * new request finds room, no waiter could have used it.
   */
  tryAcquire(key: string): boolean {
    if (!this._hasRoom(key)) return false;
    this._take(key);
    return true;
  }

  /**
   * A future that completes when a slot for `key` is handed over. If it is cancelled after being
   * granted, the caller must call `release(key)` (the slot was already counted for it).
   */
  wait(loop: AbstractEventLoop, key: string): Future<void> {
    const fut = loop.createFuture<void>();
    this._waiters.push({ key, fut });
    return fut;
  }

  /** Gives a slot back and hands free slots to the waiters that can use them. */
  release(key: string): void {
    this._total--;
    if (this.limitPerHost > 0) {
      const n = (this._perHost.get(key) ?? 1) - 1;
      if (n === 0) this._perHost.delete(key);
      else this._perHost.set(key, n);
    }
    this.wakeUp();
  }

  /** Hands free slots to waiting requests, in order. */
  wakeUp(): void {
    if (this._waiters.length === 0) return;
    const kept: Waiter[] = [];
    for (const w of this._waiters) {
      if (w.fut.done()) continue;
      if (this._hasRoom(w.key)) {
        this._take(w.key);
        w.fut.setResult(undefined);
      } else {
        kept.push(w);
      }
    }
    this._waiters = kept;
  }
}
