/**
 * One undici request as a Future: cancelling the future aborts the request (through undici's
 * `signal` option), and a response that arrives after the cancellation is dropped so that its
 * connection is freed. This is `fromPromise((signal) => pool.request({ ..., signal }))` without
 * the Promise and the AbortController, which cost a fifth of the client's time per request.
 * @module
 */
import { type AbstractEventLoop, CancelledError, Future } from "@tsio/future";
import type { Dispatcher, Pool } from "undici";

/**
 * The EventEmitter form of an abort signal that undici accepts (`once`/`removeListener`,
 * `aborted`, `reason`), holding its single listener.
 */
class RequestAbort {
  aborted = false;
  reason: unknown = undefined;
  private _listener: (() => void) | null = null;

  on(_event: "abort", listener: () => void): this {
    this._listener = listener;
    return this;
  }

  once(_event: "abort", listener: () => void): this {
    this._listener = listener;
    return this;
  }

  removeListener(): this {
    this._listener = null;
    return this;
  }

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const listener = this._listener;
    this._listener = null;
    listener?.();
  }
}

/** @internal */
export class DispatchFuture extends Future<Dispatcher.ResponseData> {
  readonly abortSignal = new RequestAbort();
}

function abortIfCancelled(fut: DispatchFuture): void {
  if (fut.cancelled()) fut.abortSignal.abort(fut._makeCancelledError());
}

/**
 * Sends `options` through `pool` and returns a future of the response head (status, headers,
 * body stream).
 * @internal
 */
export function dispatch(
  loop: AbstractEventLoop,
  pool: Pool,
  options: Dispatcher.RequestOptions,
): DispatchFuture {
  const fut = new DispatchFuture({ loop });
  fut.addDoneCallback(abortIfCancelled);
  options.signal = fut.abortSignal as unknown as Dispatcher.RequestOptions["signal"];
  pool.request(options, (err, data) => {
    if (fut.done()) {
      // Cancelled while the head was on its way: drop the body so the connection is freed.
      if (err === null && data !== undefined) {
        data.body.on("error", () => {}).destroy(new CancelledError("request cancelled"));
      }
      return;
    }
    if (err !== null) fut.setException(err);
    else fut.setResult(data);
  });
  return fut;
}
