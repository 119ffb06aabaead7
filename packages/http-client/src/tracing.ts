/**
 * aiohttp.TraceConfig: hooks called at the steps of each request (start, redirect, end,
 * exception, waiting for a connection, body received), for logging and metrics.
 * @module
 */
import type { Coroutine } from "@tsio/future";
import { isCoroutine } from "@tsio/generator-utils";
import type { CIMultiDict } from "./multidict.js";
import type { ClientResponse } from "./response.js";
import type { ClientSession } from "./session.js";

/**
 * The per-request context object a TraceConfig hands to its callbacks.
 * @example
 * ```ts
 * trace.onRequestEnd.append((s, ctx) => console.log(ctx.traceRequestCtx));
 * ```
 */
export interface TraceContext {
  /** The request's `traceRequestCtx` option. */
  traceRequestCtx: unknown;
  [key: string]: unknown;
}

/**
 * A trace callback: a plain function or a coroutine function.
 * @example
 * ```ts
 * trace.onRequestStart.append((session, ctx, params) => { ctx.start = performance.now(); });
 * ```
 */
export type TraceCallback<P> = (
  session: ClientSession,
  ctx: TraceContext,
  params: P,
) => Coroutine<unknown> | unknown;

/**
 * Parameters of onRequestStart.
 * @example
 * ```ts
 * trace.onRequestStart.append((s, ctx, p) => p.headers.get("user-agent"));
 * ```
 */
export interface TraceRequestStartParams {
  method: string;
  url: URL;
  headers: CIMultiDict;
}
/**
 * Parameters of onRequestEnd and onRequestRedirect.
 * @example
 * ```ts
 * trace.onRequestEnd.append((s, ctx, p) => console.log(p.response.status));
 * ```
 */
export interface TraceRequestEndParams extends TraceRequestStartParams {
  response: ClientResponse;
}
/**
 * Parameters of onRequestException.
 * @example
 * ```ts
 * trace.onRequestException.append((s, ctx, p) => console.log(p.exception));
 * ```
 */
export interface TraceRequestExceptionParams extends TraceRequestStartParams {
  exception: unknown;
}
/**
 * Parameters of onResponseChunkReceived.
 * @example
 * ```ts
 * trace.onResponseChunkReceived.append((s, ctx, p) => console.log(p.chunk.length));
 * ```
 */
export interface TraceResponseChunkReceivedParams {
  method: string;
  url: URL;
  chunk: Uint8Array;
}

/**
 * aiohttp.Signal: a list of callbacks, called in order with `yield* signal.send(...)`.
 * @example
 * ```ts
 * config.onRequestStart.append((session, ctx, params) => console.log(params.method, params.url.href));
 * ```
 */
export class Signal<P> {
  private readonly _callbacks: TraceCallback<P>[] = [];

  /**
   * Adds a callback.
   * @example
   * ```ts
   * signal.append(function* (session, ctx, params) { yield* sleep(0); });
   * ```
   */
  append(callback: TraceCallback<P>): void {
    this._callbacks.push(callback);
  }

  /**
   * How many callbacks there are.
   * @example
   * ```ts
   * signal.length; // 1
   * ```
   */
  get length(): number {
    return this._callbacks.length;
  }

  /**
   * Calls every callback in order, awaiting those that return a coroutine.
   * @example
   * ```ts
   * yield* signal.send(session, ctx, params);
   * ```
   */
  *send(session: ClientSession, ctx: TraceContext, params: P): Coroutine<void> {
    for (const cb of this._callbacks) {
      const r = cb(session, ctx, params);
      if (isCoroutine(r)) yield* r;
    }
  }
}

/**
 * aiohttp.TraceConfig: register callbacks on its signals and pass it in the session's
 * `traceConfigs`.
 *
 * @example
 * ```ts
 * const trace = new TraceConfig();
 * trace.onRequestStart.append((session, ctx) => { ctx.start = performance.now(); });
 * trace.onRequestEnd.append((session, ctx, p) => {
 *   console.log(p.method, p.url.href, performance.now() - (ctx.start as number), "ms");
 * });
 * const session = new ClientSession({ traceConfigs: [trace] });
 * ```
 */
export class TraceConfig {
  /**
   * Before anything is sent.
   * @example
   * ```ts
   * trace.onRequestStart.append((s, ctx, p) => console.log(p.method, p.url.href));
   * ```
   */
  readonly onRequestStart = new Signal<TraceRequestStartParams>();
  /**
   * After a redirect response, before following it.
   * @example
   * ```ts
   * trace.onRequestRedirect.append((s, ctx, p) => console.log("redirected by", p.response.status));
   * ```
   */
  readonly onRequestRedirect = new Signal<TraceRequestEndParams>();
  /**
   * When the response (after redirects) is ready.
   * @example
   * ```ts
   * trace.onRequestEnd.append((s, ctx, p) => console.log(p.response.status));
   * ```
   */
  readonly onRequestEnd = new Signal<TraceRequestEndParams>();
  /**
   * When the request fails.
   * @example
   * ```ts
   * trace.onRequestException.append((s, ctx, p) => console.log(p.exception));
   * ```
   */
  readonly onRequestException = new Signal<TraceRequestExceptionParams>();
  /**
   * When the request starts waiting for a free connection slot.
   * @example
   * ```ts
   * trace.onConnectionQueuedStart.append(() => console.log("waiting for a connection"));
   * ```
   */
  readonly onConnectionQueuedStart = new Signal<Record<string, never>>();
  /**
   * When it got one.
   * @example
   * ```ts
   * trace.onConnectionQueuedEnd.append(() => console.log("got a connection"));
   * ```
   */
  readonly onConnectionQueuedEnd = new Signal<Record<string, never>>();
  /**
   * When `read()` got the body.
   * @example
   * ```ts
   * trace.onResponseChunkReceived.append((s, ctx, p) => console.log(p.chunk.length));
   * ```
   */
  readonly onResponseChunkReceived = new Signal<TraceResponseChunkReceivedParams>();
  private readonly _ctxFactory: (traceRequestCtx: unknown) => TraceContext;

  /**
   * @param traceConfigCtxFactory - makes each request's context (default: `{ traceRequestCtx }`).
   * @example
   * ```ts
   * new TraceConfig((traceRequestCtx) => ({ traceRequestCtx, hops: 0 }));
   * ```
   */
  constructor(traceConfigCtxFactory?: (traceRequestCtx: unknown) => TraceContext) {
    this._ctxFactory = traceConfigCtxFactory ?? ((traceRequestCtx) => ({ traceRequestCtx }));
  }

  /**
   * A fresh context for one request.
   * @example
   * ```ts
   * config.traceConfigCtx({ id: 1 });
   * ```
   */
  traceConfigCtx(traceRequestCtx?: unknown): TraceContext {
    return this._ctxFactory(traceRequestCtx);
  }
}

/** One request's view of one TraceConfig. @internal */
export class Trace {
  constructor(
    private readonly _session: ClientSession,
    private readonly _config: TraceConfig,
    private readonly _ctx: TraceContext,
  ) {}

  *sendRequestStart(method: string, url: URL, headers: CIMultiDict): Coroutine<void> {
    yield* this._config.onRequestStart.send(this._session, this._ctx, { method, url, headers });
  }
  *sendRequestRedirect(
    method: string,
    url: URL,
    headers: CIMultiDict,
    response: ClientResponse,
  ): Coroutine<void> {
    yield* this._config.onRequestRedirect.send(this._session, this._ctx, {
      method,
      url,
      headers,
      response,
    });
  }
  *sendRequestEnd(
    method: string,
    url: URL,
    headers: CIMultiDict,
    response: ClientResponse,
  ): Coroutine<void> {
    yield* this._config.onRequestEnd.send(this._session, this._ctx, {
      method,
      url,
      headers,
      response,
    });
  }
  *sendRequestException(
    method: string,
    url: URL,
    headers: CIMultiDict,
    exception: unknown,
  ): Coroutine<void> {
    yield* this._config.onRequestException.send(this._session, this._ctx, {
      method,
      url,
      headers,
      exception,
    });
  }
  *sendConnectionQueuedStart(): Coroutine<void> {
    yield* this._config.onConnectionQueuedStart.send(this._session, this._ctx, {});
  }
  *sendConnectionQueuedEnd(): Coroutine<void> {
    yield* this._config.onConnectionQueuedEnd.send(this._session, this._ctx, {});
  }
  *sendResponseChunkReceived(method: string, url: URL, chunk: Uint8Array): Coroutine<void> {
    yield* this._config.onResponseChunkReceived.send(this._session, this._ctx, {
      method,
      url,
      chunk,
    });
  }
}
