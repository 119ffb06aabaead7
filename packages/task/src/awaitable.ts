import { type Coroutine, Future, fromPromise, isFuture, ValueError } from "@tsio/future";
import { isCoroutine } from "@tsio/generator-utils";
import type { AwaitableLike } from "./ensure-future.js";

/** What `yield*` can take: a coroutine, a Future, or an object whose iterator speaks the protocol. */
export type YieldStarable<T> = { [Symbol.iterator](): Iterator<unknown, T, unknown> };

/**
 * What Python's `await aw` does inside a coroutine, as something `yield*` takes: a coroutine runs
 * inline (no new task), a Future is awaited, a Promise-like is wrapped with fromPromise.
 * @throws {TypeError} for anything that cannot be awaited.
 * @internal
 */
export function _awaitable<T>(aw: AwaitableLike<T>): YieldStarable<T> {
  // Cheapest checks first: a coroutine (generator) or one of our futures.
  if (isCoroutine(aw) || aw instanceof Future || isFuture(aw)) return aw as YieldStarable<T>;
  if (typeof aw === "object" && aw !== null) {
    if (typeof (aw as PromiseLike<T>).then === "function") return fromPromise(aw as PromiseLike<T>);
    if (typeof (aw as Iterable<unknown>)[Symbol.iterator] === "function") {
      return aw as YieldStarable<T>;
    }
  }
  throw new TypeError(
    `An asyncio.Future, a coroutine or an awaitable is required, got ${describeValue(aw)}`,
  );
}

/**
 * Closes a coroutine that will never run (Python's `coro.close()` on an error path), so that it
 * is not reported as never awaited.
 * @internal
 */
export function _closeCoroutine(aw: unknown): void {
  if (isCoroutine(aw)) {
    try {
      (aw as Coroutine<unknown>).return(undefined);
    } catch {
      // A coroutine that was never started cannot fail to close.
    }
  }
}

/** A short description of a value for error messages. @internal */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "function") return `function ${value.name || "<anonymous>"}`;
  if (typeof value === "object") {
    if (isFuture(value)) return String(value);
    if (isCoroutine(value)) return "a coroutine";
    return Object.prototype.toString.call(value);
  }
  return `${typeof value} ${String(value)}`;
}

/**
 * Checks a timeout in seconds: a number (negative means "already expired", as in Python), or
 * null/undefined for no timeout.
 * @throws {TypeError} for anything else. {@link ValueError} for NaN.
 * @internal
 */
export function _checkTimeout(timeout: unknown, what = "timeout"): number | null {
  if (timeout === null || timeout === undefined) return null;
  if (typeof timeout !== "number") {
    throw new TypeError(
      `${what} must be a number of seconds, or null for no ${what}, got ${describeValue(timeout)}`,
    );
  }
  if (Number.isNaN(timeout)) {
    throw new ValueError(
      `Invalid ${what}: NaN (not a number): pass a number of seconds, or null for no ${what}`,
    );
  }
  return timeout;
}
