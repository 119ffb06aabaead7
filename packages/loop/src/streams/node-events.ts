import type { EventEmitter } from "node:events";
import type { AbstractEventLoop, Coroutine } from "@tsio/future";

/** Options of {@link waitForEvent}. */
export interface WaitForEventOptions {
  /** Seconds to wait before failing with `onTimeout()` (default: no limit). */
  timeout?: number;
  /** The error for a timeout. */
  onTimeout?: () => Error;
  /** Turns the emitter's 'error' into the error to raise. */
  mapError: (error: unknown) => Error;
}

/**
 * Waits in a coroutine until `emitter` emits `event` (returning its first argument) or
 * 'error' (raising `mapError(error)`). The listeners are removed however the wait ends,
 * cancellation included; the caller cleans the emitter up on failure.
 * @internal
 */
export function* waitForEvent<T>(
  loop: AbstractEventLoop,
  emitter: EventEmitter,
  event: string,
  options: WaitForEventOptions,
): Coroutine<T> {
  const fut = loop.createFuture<T>();
  const onEvent = (value: T): void => {
    if (!fut.done()) fut.setResult(value);
  };
  const onError = (error: unknown): void => {
    if (!fut.done()) fut.setException(options.mapError(error));
  };
  emitter.once(event, onEvent);
  emitter.once("error", onError);
  const timeout = options.timeout;
  const timer =
    timeout === undefined || timeout === Number.POSITIVE_INFINITY
      ? null
      : loop.callLater(timeout, () => {
          if (!fut.done()) fut.setException((options.onTimeout as () => Error)());
        });
  try {
    return yield* fut;
  } finally {
    emitter.off(event, onEvent);
    emitter.off("error", onError);
    timer?.cancel();
  }
}
