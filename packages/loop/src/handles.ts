import type { Handle as HandleInterface, TimerHandle as TimerHandleInterface } from "@tsio/future";

/** What a Handle needs of its loop. */
export interface HandleLoop {
  /** @internal */ _timerHandleCancelled(handle: TimerHandle): void;
  callExceptionHandler(context: { message: string; exception?: unknown; handle?: Handle }): void;
}

/**
 * asyncio.Handle: a callback scheduled with `callSoon`; `cancel()` keeps it from running.
 *
 * @example
 * ```ts
 * const h = loop.callSoon(() => console.log("never"));
 * h.cancel();
 * ```
 */
export class Handle implements HandleInterface {
  /** @internal */ _callback: ((...args: never[]) => void) | null;
  /** @internal */ _args: unknown[];
  /** @internal */ _cancelled = false;
  /** @internal */ _loop: HandleLoop;

  /** @internal */
  constructor(callback: (...args: never[]) => void, args: unknown[], loop: HandleLoop) {
    this._callback = callback;
    this._args = args;
    this._loop = loop;
  }

  /**
   * Cancels the callback; a no-op when it already ran or was cancelled.
   * @example
   * ```ts
   * handle.cancel();
   * ```
   */
  cancel(): void {
    if (!this._cancelled) {
      this._cancelled = true;
      this._callback = null;
      this._args = [];
    }
  }

  /**
   * True when the callback was cancelled.
   * @example
   * ```ts
   * handle.cancelled(); // false
   * ```
   */
  cancelled(): boolean {
    return this._cancelled;
  }

  /** Runs the callback, reporting an exception to the loop's handler. @internal */
  _run(): void {
    const cb = this._callback;
    if (cb === null) return;
    try {
      (cb as (...args: unknown[]) => void)(...this._args);
    } catch (exc) {
      this._loop.callExceptionHandler({
        message: `Exception in callback ${callbackName(cb)}`,
        exception: exc,
        handle: this,
      });
    }
  }

  /**
   * asyncio's repr: `<Handle cb()>`, `<Handle cancelled>`.
   * @example
   * ```ts
   * String(handle);
   * ```
   */
  toString(): string {
    if (this._cancelled) return `<${this.constructor.name} cancelled>`;
    return `<${this.constructor.name} ${callbackName(this._callback)}>`;
  }
}

/** @internal */
export function callbackName(cb: unknown): string {
  if (typeof cb !== "function") return String(cb);
  return `${cb.name || "<anonymous>"}()`;
}

/**
 * asyncio.TimerHandle: a callback scheduled at a loop time with `callLater` or `callAt`.
 *
 * @example
 * ```ts
 * const h = loop.callLater(5, () => console.log("later"));
 * h.when(); // loop.time() + 5
 * h.cancel();
 * ```
 */
export class TimerHandle extends Handle implements TimerHandleInterface {
  /** @internal */ _when: number;
  /** Tie-breaker for equal times: creation order. @internal */ _seq: number;
  /** True while in the loop's timer heap. @internal */ _scheduled = false;

  /** @internal */
  constructor(
    when: number,
    seq: number,
    callback: (...args: never[]) => void,
    args: unknown[],
    loop: HandleLoop,
  ) {
    super(callback, args, loop);
    this._when = when;
    this._seq = seq;
  }

  /**
   * The loop time (seconds) the callback is scheduled for.
   * @example
   * ```ts
   * handle.when();
   * ```
   */
  when(): number {
    return this._when;
  }

  /**
   * Cancels the timer; the loop drops it from its heap lazily.
   * @example
   * ```ts
   * handle.cancel();
   * ```
   */
  override cancel(): void {
    if (!this._cancelled) this._loop._timerHandleCancelled(this);
    super.cancel();
  }
}
