/**
 * aiohttp.ClientTimeout, and the timer that enforces `total` over a whole request.
 * @module
 */
import {
  type AbstractEventLoop,
  CancelledError,
  type Coroutine,
  type Future,
  TimeoutError,
  type TimerHandle,
  ValueError,
} from "@tsio/future";
import { currentTask } from "@tsio/task";

/**
 * The fields of a ClientTimeout, in seconds; null (or absent) means no limit.
 * @example
 * ```ts
 * new ClientTimeout({ total: 30, sockRead: 5 });
 * ```
 */
export interface ClientTimeoutOptions {
  /** The whole operation: connecting, sending, redirects and reading the body. */
  total?: number | null;
  /** Getting a connection: waiting for a free slot of the connector plus making a new one. */
  connect?: number | null;
  /** Reading: the most time between two pieces of data from the server (headers included). */
  sockRead?: number | null;
  /** Making a new connection (TCP and TLS handshake) to the server. */
  sockConnect?: number | null;
}

function check(name: string, v: number | null | undefined): number | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== "number" || Number.isNaN(v) || v < 0) {
    throw new ValueError(
      `ClientTimeout.${name} must be a number of seconds >= 0 or null, got ${String(v)}`,
    );
  }
  return v;
}

/**
 * aiohttp.ClientTimeout: the time limits of a request, in seconds (null: no limit).
 *
 * - `total`: the whole request, body reading included. Expiring raises TimeoutError.
 * - `connect`: getting a connection, including the wait for a free slot of the connector's
 *   `limit`/`limitPerHost`. Raises ConnectionTimeoutError.
 * - `sockConnect`: connecting to the server (TCP + TLS) for a new connection. Raises
 *   ConnectionTimeoutError.
 * - `sockRead`: the most time without data from the server, waiting for the headers or between
 *   two pieces of the body. Raises SocketTimeoutError.
 *
 * The session default is aiohttp's: `{ total: 300, sockConnect: 30 }`.
 *
 * @example
 * ```ts
 * const session = new ClientSession({ timeout: new ClientTimeout({ total: 60, sockRead: 10 }) });
 * yield* session.get(url, { timeout: new ClientTimeout({ total: 5 }) });
 * yield* session.get(url, { timeout: 5 }); // same: a number is `total`
 * ```
 */
export class ClientTimeout {
  /**
   * Seconds for the whole operation, or null.
   * @example
   * ```ts
   * session.timeout.total; // 300
   * ```
   */
  readonly total: number | null;
  /**
   * Seconds to get a connection (slot wait included), or null.
   * @example
   * ```ts
   * new ClientTimeout({ connect: 2 }).connect; // 2
   * ```
   */
  readonly connect: number | null;
  /**
   * Seconds without data from the server, or null.
   * @example
   * ```ts
   * new ClientTimeout({ sockRead: 10 }).sockRead; // 10
   * ```
   */
  readonly sockRead: number | null;
  /**
   * Seconds to connect to the server, or null.
   * @example
   * ```ts
   * session.timeout.sockConnect; // 30
   * ```
   */
  readonly sockConnect: number | null;

  /**
   * @param options - `{ total, connect, sockRead, sockConnect }`, each in seconds; absent or null
   *   means no limit.
   * @throws {ValueError} for a negative or non-numeric value.
   * @example
   * ```ts
   * new ClientTimeout({ total: 10, connect: 2 });
   * ```
   */
  constructor(options: ClientTimeoutOptions = {}) {
    this.total = check("total", options.total);
    this.connect = check("connect", options.connect);
    this.sockRead = check("sockRead", options.sockRead);
    this.sockConnect = check("sockConnect", options.sockConnect);
  }

  /**
   * A copy with some fields changed (Python's `dataclasses.replace`).
   * @example
   * ```ts
   * const t = DEFAULT_TIMEOUT.replace({ total: 10 });
   * ```
   */
  replace(options: ClientTimeoutOptions): ClientTimeout {
    return new ClientTimeout({
      total: this.total,
      connect: this.connect,
      sockRead: this.sockRead,
      sockConnect: this.sockConnect,
      ...options,
    });
  }

  /**
   * aiohttp's repr.
   * @example
   * ```ts
   * String(DEFAULT_TIMEOUT); // "ClientTimeout(total=300, connect=None, sock_read=None, sock_connect=30)"
   * ```
   */
  toString(): string {
    const f = (v: number | null) => (v === null ? "None" : String(v));
    return `ClientTimeout(total=${f(this.total)}, connect=${f(this.connect)}, sock_read=${f(this.sockRead)}, sock_connect=${f(this.sockConnect)})`;
  }
}

/**
 * aiohttp's DEFAULT_TIMEOUT: five minutes in all, 30 s to connect a socket.
 * @example
 * ```ts
 * new ClientSession({ timeout: DEFAULT_TIMEOUT.replace({ sockRead: 30 }) });
 * ```
 */
export const DEFAULT_TIMEOUT: ClientTimeout = new ClientTimeout({ total: 300, sockConnect: 30 });

/**
 * A deadline over a whole request (aiohttp's TimeoutHandle + TimerContext): when it passes it
 * cancels the future the request waits on, and `waitFor` turns that cancellation into a
 * TimeoutError; `onExpire` hooks abort the transfer in flight.
 * @internal
 */
export class RequestTimer {
  expired = false;
  private _handle: TimerHandle | null;
  private _current: Future<unknown> | null = null;
  private _hooks: (() => void)[] | null = null;

  constructor(loop: AbstractEventLoop, seconds: number) {
    this._handle = loop.callLater(seconds, expire, this);
  }

  /** @internal */
  _expire(): void {
    this.expired = true;
    this._handle = null;
    const hooks = this._hooks;
    this._hooks = null;
    if (hooks !== null) for (const hook of hooks) hook();
    this._current?.cancel();
  }

  /** Runs `hook` when the deadline passes (at once when it has passed). */
  onExpire(hook: () => void): void {
    if (this.expired) hook();
    else if (this._hooks === null) this._hooks = [hook];
    else this._hooks.push(hook);
  }

  /** Stops the timer: the request is over. */
  cancel(): void {
    this._handle?.cancel();
    this._handle = null;
    this._hooks = null;
  }

  /** @internal */
  _enter(fut: Future<unknown>): void {
    this._current = fut;
  }

  /** @internal */
  _leave(): void {
    this._current = null;
  }
}

function expire(timer: RequestTimer): void {
  timer._expire();
}

function cancelledByUs(e: unknown): boolean {
  if (!(e instanceof CancelledError)) return false;
  const task = currentTask();
  return task === null || task.cancelling() === 0;
}

/**
 * Waits for `fut` under the request's deadline: raises TimeoutError instead of the cancellation
 * the deadline caused (a cancellation of the task itself goes through unchanged).
 * @internal
 */
export function* waitFor<T>(fut: Future<T>, timer: RequestTimer | null): Coroutine<T> {
  if (timer === null) return yield* fut;
  if (timer.expired) {
    fut.cancel();
    throw new TimeoutError();
  }
  timer._enter(fut as Future<unknown>);
  try {
    return yield* fut;
  } catch (e) {
    if (timer.expired && cancelledByUs(e)) throw new TimeoutError();
    throw e;
  } finally {
    timer._leave();
  }
}

/**
 * Waits for `fut`, cancelling it after `seconds` and raising `onTimeout()` instead (used for
 * the connect timeout over the wait for a connector slot).
 * @internal
 */
export function* waitWithDeadline<T>(
  loop: AbstractEventLoop,
  fut: Future<T>,
  seconds: number | null,
  timer: RequestTimer | null,
  onTimeout: () => Error,
): Coroutine<T> {
  if (seconds === null) return yield* waitFor(fut, timer);
  let fired = false;
  const handle = loop.callLater(seconds, () => {
    fired = true;
    fut.cancel();
  });
  try {
    return yield* waitFor(fut, timer);
  } catch (e) {
    if (fired && cancelledByUs(e)) throw onTimeout();
    throw e;
  } finally {
    handle.cancel();
  }
}
