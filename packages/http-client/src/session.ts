/**
 * aiohttp.ClientSession: the client. Requests are coroutines run by the caller's task, so
 * cancelling the task cancels the request (the transfer is aborted and its connection freed).
 * @module
 */
import {
  _getRunningLoop,
  type AbstractEventLoop,
  CancelledError,
  type Coroutine,
  fromPromise,
  getRunningLoop,
  RuntimeError,
  TimeoutError,
  ValueError,
} from "@tsio/future";
import { isCoroutine } from "@tsio/generator-utils";
import type { Dispatcher } from "undici";
import { TCPConnector } from "./connector.js";
import { type AbstractCookieJar, CookieJar, type LooseCookies } from "./cookiejar.js";
import { dispatch } from "./dispatch.js";
import {
  ClientConnectionError,
  ClientConnectorCertificateError,
  ClientConnectorDNSError,
  ClientConnectorError,
  ClientConnectorSSLError,
  ClientError,
  ClientOSError,
  ClientResponseError,
  ConnectionTimeoutError,
  InvalidUrlClientError,
  InvalidUrlRedirectClientError,
  NonHttpUrlClientError,
  NonHttpUrlRedirectClientError,
  PayloadTooLargeError,
  RedirectClientError,
  type RequestInfo,
  ServerDisconnectedError,
  SocketTimeoutError,
  TooManyRedirects,
} from "./errors.js";
import { FormData, type PreparedBody, urlencode } from "./formdata.js";
import { BasicAuth, checkHeader, checkMethod } from "./helpers.js";
import { CIMultiDict, type CIMultiDictProxy, type HeadersInit } from "./multidict.js";
import { ClientResponse } from "./response.js";
import { StreamReader } from "./streams.js";
import {
  ClientTimeout,
  DEFAULT_TIMEOUT,
  RequestTimer,
  waitFor,
  waitWithDeadline,
} from "./timeout.js";
import { Trace, type TraceConfig } from "./tracing.js";

/**
 * Query parameters: an object (arrays repeat the key), pairs, URLSearchParams or a string.
 * @example
 * ```ts
 * session.get(url, { params: { q: "tsio", tag: ["a", "b"] } }); // ?q=tsio&tag=a&tag=b
 * ```
 */
export type Params =
  | Record<string, string | number | readonly (string | number)[]>
  | Iterable<readonly [string, string | number]>
  | URLSearchParams
  | string;

/**
 * A request body: text, bytes, form fields (an object or pairs, sent url-encoded), a FormData,
 * another response's `content`, or any AsyncIterable of bytes (a Node stream, an async
 * generator) streamed with chunked encoding.
 * @example
 * ```ts
 * session.post(url, { data: createReadStream("big.bin") });
 * ```
 */
export type RequestData =
  | string
  | Uint8Array
  | ArrayBuffer
  | URLSearchParams
  | FormData
  | StreamReader
  | AsyncIterable<Uint8Array | string>
  | Record<string, string | number>
  | Iterable<readonly [string, string | number]>;

/**
 * `raiseForStatus`: true to raise for statuses >= 400, or a (coroutine) function to call.
 * @example
 * ```ts
 * new ClientSession({ raiseForStatus: (resp) => { if (resp.status === 429) throw new Error("slow down"); } });
 * ```
 */
export type RaiseForStatus = boolean | ((response: ClientResponse) => Coroutine<unknown> | unknown);

/**
 * Per-request options: aiohttp's keyword arguments of `session.request()`.
 * @example
 * ```ts
 * session.get(url, { params: { page: 1 }, timeout: 5, allowRedirects: false });
 * ```
 */
export interface RequestOptions {
  /** Query parameters appended to the URL. */
  params?: Params;
  /** The body (see {@link RequestData}). */
  data?: RequestData | null;
  /** A value sent as JSON (with the session's jsonSerialize); not together with `data`. */
  json?: unknown;
  /** Headers, merged over the session's. */
  headers?: HeadersInit;
  /** Cookies to send with this request (besides the jar's). */
  cookies?: LooseCookies;
  /** Basic auth for this request. */
  auth?: BasicAuth | null;
  /** Follow redirects (default true). */
  allowRedirects?: boolean;
  /** The redirect cap (default: the session's, 10). */
  maxRedirects?: number;
  /** Time limits (a number is `total` seconds). */
  timeout?: ClientTimeout | number;
  /** Overrides the session's raiseForStatus. */
  raiseForStatus?: RaiseForStatus;
  /** Read a body without length until the connection closes (default true). */
  readUntilEof?: boolean;
  /** Refuse bodies larger than this many bytes (after decoding). */
  maxResponseSize?: number | null;
  /** The most bytes a compressed body may expand to (default 32 MiB). */
  maxDecompressSize?: number;
  /** Decode gzip/deflate/br bodies (default: the session's, true). */
  autoDecompress?: boolean;
  /** The body buffer size before the transfer pauses (default 64 KiB). */
  readBufsize?: number;
  /** Automatic headers not to send (e.g. "User-Agent", "Accept-Encoding"). */
  skipAutoHeaders?: Iterable<string>;
  /** Handed to the trace callbacks as `ctx.traceRequestCtx`. */
  traceRequestCtx?: unknown;
}

/**
 * Options of the ClientSession constructor: aiohttp's keyword arguments.
 * @example
 * ```ts
 * new ClientSession({ baseUrl: "http://127.0.0.1:8080/", raiseForStatus: true });
 * ```
 */
export interface ClientSessionOptions {
  /** Relative request URLs are resolved against it; must end with "/" when it has a path. */
  baseUrl?: string | URL;
  /** The connection pool (default: a new TCPConnector, closed with the session). */
  connector?: TCPConnector;
  /** Close the connector with the session (default: true when the session made it). */
  connectorOwner?: boolean;
  /** Cookies to start the jar with (sent to every host). */
  cookies?: LooseCookies;
  /** Headers sent with every request. */
  headers?: HeadersInit;
  /** Automatic headers not to send. */
  skipAutoHeaders?: Iterable<string>;
  /** Basic auth for every request to the base URL's origin (or every request without baseUrl). */
  auth?: BasicAuth | null;
  /** How `json` bodies are serialized (default JSON.stringify). */
  jsonSerialize?: (value: unknown) => string;
  /** The cookie jar (default: a new CookieJar). */
  cookieJar?: AbstractCookieJar;
  /** Raise ClientResponseError for statuses >= 400, or call this (coroutine) function. */
  raiseForStatus?: RaiseForStatus;
  /** Time limits (default `{ total: 300, sockConnect: 30 }`). */
  timeout?: ClientTimeout;
  /** Decode compressed bodies (default true). */
  autoDecompress?: boolean;
  /** The body buffer size before the transfer pauses (default 64 KiB). */
  readBufsize?: number;
  /** The redirect cap (default 10). */
  maxRedirects?: number;
  /** Refuse bodies larger than this many bytes (default: no limit). */
  maxResponseSize?: number | null;
  /** The most bytes a compressed body may expand to (default 32 MiB). */
  maxDecompressSize?: number;
  /** The most bytes of response headers (default 16 KiB). */
  maxHeaderSize?: number;
  /** Tracing hooks. */
  traceConfigs?: readonly TraceConfig[];
  /** The text encoding when the response names none (default: utf-8). */
  fallbackCharsetResolver?: (response: ClientResponse, body: Buffer) => string;
}

const USER_AGENT = `tsio-http-client/0.1 Node.js/${process.versions.node}`;
/** aiohttp's automatic headers, as name/value pairs. */
const AUTO_HEADERS: readonly string[] = [
  "Accept",
  "*/*",
  "Accept-Encoding",
  "gzip, deflate, br",
  "User-Agent",
  USER_AGENT,
];
const NO_TRACES: readonly Trace[] = [];

function removeFlat(flat: string[], lowerName: string): void {
  for (let i = flat.length - 2; i >= 0; i -= 2) {
    if ((flat[i] as string).toLowerCase() === lowerName) flat.splice(i, 2);
  }
}

/** The RequestInfo of a sent request; its headers multidict is built when first asked for. */
class SentRequest implements RequestInfo {
  private _headers: CIMultiDictProxy | null = null;
  constructor(
    readonly url: URL,
    readonly method: string,
    private readonly _flat: readonly string[],
  ) {}
  get realUrl(): URL {
    return this.url;
  }
  get headers(): CIMultiDictProxy {
    if (this._headers === null) {
      const h = new CIMultiDict();
      for (let i = 0; i < this._flat.length; i += 2)
        h.add(this._flat[i] as string, this._flat[i + 1] as string);
      this._headers = h;
    }
    return this._headers;
  }
}
const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"]);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const CERT_CODES = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_UNTRUSTED",
  "CERT_REVOKED",
  "CERT_REJECTED",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);
const CONNECT_CODES = new Set([
  "ECONNREFUSED",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "ETIMEDOUT",
  "EACCES",
  "EPERM",
]);
const DNS_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_FAIL", "EAI_NONAME", "ENODATA"]);

const unclosedSessions = new FinalizationRegistry<{
  loop: AbstractEventLoop;
  stack: string | undefined;
}>(({ loop, stack }) => {
  if (loop.isClosed()) return;
  loop.callExceptionHandler({
    message: "Unclosed client session",
    client_session: "<ClientSession>",
    ...(stack === undefined ? {} : { source_traceback: stack }),
  });
});

interface Slot {
  key: string;
  released: boolean;
}

/** The state of one request across its redirects. */
interface RequestState {
  method: string;
  url: URL;
  headers: CIMultiDict;
  body: PreparedBody | null;
  auth: BasicAuth | null;
  cookies: LooseCookies | undefined;
}

function toMs(seconds: number | null): number {
  return seconds === null ? 0 : Math.max(1, Math.round(seconds * 1000));
}

function appendParams(url: URL, params: Params): void {
  let extra: string;
  if (typeof params === "string") extra = params.replace(/^\?/, "");
  else if (params instanceof URLSearchParams) extra = params.toString();
  else {
    const pairs: [string, string][] = [];
    const push = (k: string, v: unknown) => {
      if (typeof v === "boolean" || (typeof v !== "string" && typeof v !== "number")) {
        throw new TypeError(
          `Invalid variable type: value should be str, int or float, got ${JSON.stringify(v)} of type ${typeof v}: convert it to a string first`,
        );
      }
      pairs.push([k, String(v)]);
    };
    if (typeof (params as Iterable<unknown>)[Symbol.iterator] === "function") {
      for (const [k, v] of params as Iterable<readonly [string, string | number]>) push(k, v);
    } else {
      for (const [k, v] of Object.entries(params as Record<string, unknown>)) {
        if (Array.isArray(v)) for (const item of v) push(k, item);
        else push(k, v);
      }
    }
    extra = urlencode(pairs);
  }
  if (extra === "") return;
  url.search = url.search.length > 1 ? `${url.search}&${extra}` : `?${extra}`;
}

function isAsyncIterable(v: unknown): v is AsyncIterable<Uint8Array | string> {
  return (
    typeof v === "object" &&
    v !== null &&
    typeof (v as AsyncIterable<unknown>)[Symbol.asyncIterator] === "function"
  );
}

function prepareData(data: RequestData): PreparedBody {
  if (typeof data === "string")
    return { body: data, contentType: "text/plain; charset=utf-8", replayable: true };
  if (data instanceof Uint8Array) {
    return {
      body: Buffer.from(data.buffer, data.byteOffset, data.byteLength),
      contentType: "application/octet-stream",
      replayable: true,
    };
  }
  if (data instanceof ArrayBuffer)
    return { body: Buffer.from(data), contentType: "application/octet-stream", replayable: true };
  if (data instanceof URLSearchParams) {
    return {
      body: data.toString(),
      contentType: "application/x-www-form-urlencoded",
      replayable: true,
    };
  }
  if (data instanceof FormData) return data._prepare();
  if (data instanceof StreamReader || isAsyncIterable(data)) {
    return {
      body: data as AsyncIterable<Uint8Array | string>,
      contentType: "application/octet-stream",
      replayable: false,
    };
  }
  if (typeof data === "object" && data !== null) {
    return new FormData(data as Record<string, string | number>)._prepare();
  }
  throw new TypeError(
    `data of type ${typeof data} cannot be sent: pass a string, bytes, a FormData, an object or an AsyncIterable`,
  );
}

function stripAuth(url: URL): BasicAuth | null {
  const auth = BasicAuth.fromUrl(url);
  if (auth !== null) {
    url.username = "";
    url.password = "";
  }
  return auth;
}

/** undici's errors before a response -> aiohttp's. */
function requestError(e: unknown, url: URL, info: RequestInfo, maxHeaderSize: number): unknown {
  if (e instanceof CancelledError || e instanceof TimeoutError || e instanceof ClientError)
    return e;
  const err = e as Error & { code?: string; syscall?: string };
  const code = err?.code ?? "";
  const key = {
    host: url.hostname,
    port: Number(url.port || (url.protocol === "https:" ? 443 : 80)),
    ssl: url.protocol === "https:",
  };
  if (code === "UND_ERR_CONNECT_TIMEOUT") {
    return new ConnectionTimeoutError(`Connection timeout to host ${url.href}`, { cause: e });
  }
  if (code === "UND_ERR_HEADERS_TIMEOUT") {
    return new SocketTimeoutError("Timeout on reading data from socket", { cause: e });
  }
  if (code === "UND_ERR_HEADERS_OVERFLOW") {
    return new ClientResponseError(info, [], {
      status: 400,
      message: `Got more than ${maxHeaderSize} bytes when reading: headers are too long (raise maxHeaderSize to accept them)`,
    });
  }
  if (code.startsWith("HPE_") || err?.name === "HTTPParserError") {
    return new ClientResponseError(info, [], {
      status: 400,
      message: `Invalid HTTP response: ${err.message}`,
    });
  }
  if (code === "UND_ERR_SOCKET")
    return new ServerDisconnectedError("Server disconnected", { cause: e });
  if (code === "UND_ERR_CLOSED" || code === "UND_ERR_DESTROYED") {
    return new ClientConnectionError(
      "Connector is closed: the session was closed during the request",
      {
        cause: e,
      },
    );
  }
  if (DNS_CODES.has(code)) return new ClientConnectorDNSError(key, err);
  if (CERT_CODES.has(code) || /CERT/.test(code))
    return new ClientConnectorCertificateError(key, err);
  if (
    code.startsWith("ERR_SSL") ||
    code.startsWith("ERR_TLS") ||
    /SSL|TLS/.test(err?.message ?? "")
  ) {
    return new ClientConnectorSSLError(key, err);
  }
  if (CONNECT_CODES.has(code) || err?.syscall === "connect")
    return new ClientConnectorError(key, err);
  if (code === "ECONNRESET" || code === "EPIPE") {
    return new ClientOSError(`${code}: ${err.message}`, { cause: e, code });
  }
  if (code === "UND_ERR_INVALID_ARG")
    return new ValueError(`${err.message}: check the request's headers and body`, { cause: e });
  return e;
}

/**
 * What `session.get()` and friends return: a coroutine (so `yield* session.get(url)` gives the
 * response, and `createTask`/`gather` take it) that also has aiohttp's `async with` form,
 * `.with(body)`, which always releases the response.
 *
 * @example
 * ```ts
 * // async with session.get(url) as resp: text = await resp.text()
 * const text = yield* session.get(url).with(function* (resp) {
 *   return yield* resp.text();
 * });
 * ```
 */
export class RequestContextManager implements Coroutine<ClientResponse> {
  /** @internal */
  constructor(private readonly _coro: Coroutine<ClientResponse>) {}

  /** @internal */
  next(value?: unknown): IteratorResult<unknown, ClientResponse> {
    return this._coro.next(value);
  }
  /** @internal */
  throw(e?: unknown): IteratorResult<unknown, ClientResponse> {
    return this._coro.throw(e);
  }
  /** @internal */
  return(value: ClientResponse): IteratorResult<unknown, ClientResponse> {
    return this._coro.return(value);
  }
  /**
   * Makes `yield* session.get(url)` work.
   * @example
   * ```ts
   * const resp = yield* session.get(url);
   * ```
   */
  [Symbol.iterator](): RequestContextManager {
    return this;
  }
  /** @internal */
  [Symbol.dispose](): void {}
  /** @internal */
  get [Symbol.toStringTag](): string {
    return "Generator";
  }

  /**
   * Sends the request, runs `body(resp)` and releases the response however the body ends
   * (Python's `async with session.get(url) as resp:`). `body` may be a coroutine function or a
   * plain function.
   * @example
   * ```ts
   * const status = yield* session.get(url).with((resp) => resp.status);
   * ```
   */
  *with<R>(body: (response: ClientResponse) => Coroutine<R> | R): Coroutine<R> {
    const resp = yield* this._coro;
    try {
      const r = body(resp);
      return isCoroutine(r) ? ((yield* r as Coroutine<R>) as R) : (r as R);
    } finally {
      resp.release();
    }
  }
}

/**
 * aiohttp.ClientSession: keeps a connection pool, default headers, a cookie jar and settings
 * for many requests. Create one per application (or per job), not per request, and close it.
 *
 * Every request method returns a coroutine: `yield* session.get(url)` gives a ClientResponse.
 * Cancelling the task that waits on it aborts the request and frees its connection.
 *
 * @example
 * ```ts
 * function* main() {
 *   const session = new ClientSession({ baseUrl: "http://127.0.0.1:8080/", timeout: new ClientTimeout({ total: 10 }) });
 *   try {
 *     const data = yield* session.get("api/items", { params: { page: 2 } }).with((resp) => resp.json());
 *     yield* session.post("api/items", { json: { name: "new" } }).with((resp) => resp.raiseForStatus());
 *   } finally {
 *     yield* session.close();
 *   }
 * }
 * await run(main());
 * ```
 */
export class ClientSession {
  private readonly _baseUrl: URL | null;
  private readonly _connector: TCPConnector;
  private readonly _connectorOwner: boolean;
  private readonly _defaultHeaders: CIMultiDict;
  private readonly _skipAutoHeaders: Set<string>;
  private readonly _defaultAuth: BasicAuth | null;
  private readonly _jsonSerialize: (value: unknown) => string;
  private readonly _cookieJar: AbstractCookieJar;
  private readonly _raiseForStatus: RaiseForStatus;
  private readonly _timeout: ClientTimeout;
  private readonly _autoDecompress: boolean;
  private readonly _readBufsize: number;
  private readonly _maxRedirects: number;
  private readonly _maxResponseSize: number | null;
  private readonly _maxDecompressSize: number;
  private readonly _maxHeaderSize: number;
  private readonly _traceConfigs: readonly TraceConfig[];
  private readonly _resolveCharset: (response: ClientResponse, body: Buffer) => string;
  private readonly _open = new Set<ClientResponse>();
  private _closed = false;
  private _loop: AbstractEventLoop | null = null;
  private readonly _token = {};

  /**
   * @param options - see {@link ClientSessionOptions}.
   * @throws {ValueError} for a baseUrl with a path that does not end with "/".
   * @example
   * ```ts
   * const session = new ClientSession({ headers: { Authorization: "Bearer x" }, raiseForStatus: true });
   * ```
   */
  constructor(options: ClientSessionOptions = {}) {
    if (options.baseUrl !== undefined) {
      let base: URL;
      try {
        base = new URL(String(options.baseUrl));
      } catch (e) {
        throw new InvalidUrlClientError(
          String(options.baseUrl),
          "baseUrl must be an absolute URL",
          { cause: e },
        );
      }
      if (!base.pathname.endsWith("/")) throw new ValueError("baseUrl must have a trailing '/'");
      this._baseUrl = base;
    } else this._baseUrl = null;
    this._connector = options.connector ?? new TCPConnector();
    this._connectorOwner = options.connectorOwner ?? options.connector === undefined;
    this._defaultHeaders = new CIMultiDict(options.headers);
    for (const [k, v] of this._defaultHeaders) checkHeader(k, v);
    this._skipAutoHeaders = new Set(
      [...(options.skipAutoHeaders ?? [])].map((h) => h.toLowerCase()),
    );
    this._defaultAuth = options.auth ?? null;
    this._jsonSerialize = options.jsonSerialize ?? JSON.stringify;
    this._cookieJar = options.cookieJar ?? new CookieJar();
    if (options.cookies !== undefined) this._cookieJar.updateCookies(options.cookies);
    this._raiseForStatus = options.raiseForStatus ?? false;
    this._timeout = options.timeout ?? DEFAULT_TIMEOUT;
    this._autoDecompress = options.autoDecompress ?? true;
    this._readBufsize = options.readBufsize ?? 2 ** 16;
    this._maxRedirects = options.maxRedirects ?? 10;
    this._maxResponseSize = options.maxResponseSize ?? null;
    this._maxDecompressSize = options.maxDecompressSize ?? 2 ** 25;
    this._maxHeaderSize = options.maxHeaderSize ?? 16 * 1024;
    this._traceConfigs = options.traceConfigs ?? [];
    this._resolveCharset = options.fallbackCharsetResolver ?? (() => "utf-8");
    const loop = _getRunningLoop();
    if (loop !== null) this._bind(loop);
  }

  private _bind(loop: AbstractEventLoop): void {
    this._loop = loop;
    if (loop.getDebug()) {
      unclosedSessions.register(
        this,
        { loop, stack: new Error("ClientSession created at").stack },
        this._token,
      );
    }
  }

  /**
   * True once close() was called.
   * @example
   * ```ts
   * session.closed; // false
   * ```
   */
  get closed(): boolean {
    return this._closed;
  }

  /**
   * The session's connector.
   * @example
   * ```ts
   * session.connector.limit; // 100
   * ```
   */
  get connector(): TCPConnector {
    return this._connector;
  }

  /**
   * The session's cookie jar.
   * @example
   * ```ts
   * [...session.cookieJar].map((c) => c.key);
   * ```
   */
  get cookieJar(): AbstractCookieJar {
    return this._cookieJar;
  }

  /**
   * The default headers (a mutable multidict).
   * @example
   * ```ts
   * session.headers.set("X-Trace", "1");
   * ```
   */
  get headers(): CIMultiDict {
    return this._defaultHeaders;
  }

  /**
   * The default time limits.
   * @example
   * ```ts
   * session.timeout.total; // 300
   * ```
   */
  get timeout(): ClientTimeout {
    return this._timeout;
  }

  // ---- the request methods ------------------------------------------------------------------

  /**
   * Sends a request with any method. Returns a coroutine (`yield*` it) that also has the
   * `.with(body)` form.
   * @throws {RuntimeError} "Session is closed". See the ClientError family for the rest.
   * @example
   * ```ts
   * const resp = yield* session.request("PROPFIND", url, { headers: { Depth: "1" } });
   * ```
   */
  request(method: string, url: string | URL, options: RequestOptions = {}): RequestContextManager {
    return new RequestContextManager(this._request(method, url, options));
  }

  /**
   * GET.
   * @example
   * ```ts
   * const resp = yield* session.get(url, { params: { q: "tsio" } });
   * ```
   */
  get(url: string | URL, options?: RequestOptions): RequestContextManager {
    return new RequestContextManager(this._request("GET", url, options ?? {}));
  }

  /**
   * POST.
   * @example
   * ```ts
   * yield* session.post(url, { json: { a: 1 } });
   * ```
   */
  post(url: string | URL, options?: RequestOptions): RequestContextManager {
    return new RequestContextManager(this._request("POST", url, options ?? {}));
  }

  /**
   * PUT.
   * @example
   * ```ts
   * yield* session.put(url, { data: Buffer.from("x") });
   * ```
   */
  put(url: string | URL, options?: RequestOptions): RequestContextManager {
    return new RequestContextManager(this._request("PUT", url, options ?? {}));
  }

  /**
   * PATCH.
   * @example
   * ```ts
   * yield* session.patch(url, { json: { done: true } });
   * ```
   */
  patch(url: string | URL, options?: RequestOptions): RequestContextManager {
    return new RequestContextManager(this._request("PATCH", url, options ?? {}));
  }

  /**
   * DELETE.
   * @example
   * ```ts
   * yield* session.delete(url);
   * ```
   */
  delete(url: string | URL, options?: RequestOptions): RequestContextManager {
    return new RequestContextManager(this._request("DELETE", url, options ?? {}));
  }

  /**
   * HEAD (redirects are not followed unless `allowRedirects: true`, as in aiohttp).
   * @example
   * ```ts
   * const size = (yield* session.head(url)).contentLength;
   * ```
   */
  head(url: string | URL, options?: RequestOptions): RequestContextManager {
    return new RequestContextManager(
      this._request("HEAD", url, { allowRedirects: false, ...options }),
    );
  }

  /**
   * OPTIONS.
   * @example
   * ```ts
   * (yield* session.options(url)).headers.get("allow");
   * ```
   */
  options(url: string | URL, options?: RequestOptions): RequestContextManager {
    return new RequestContextManager(this._request("OPTIONS", url, options ?? {}));
  }

  // ---- the request itself ---------------------------------------------------------------------

  private _buildUrl(strOrUrl: string | URL): URL {
    const text = String(strOrUrl);
    try {
      return this._baseUrl === null ? new URL(text) : new URL(text, this._baseUrl);
    } catch (e) {
      throw new InvalidUrlClientError(
        text,
        this._baseUrl === null && !/^[a-z][a-z0-9+.-]*:/i.test(text)
          ? "a relative URL needs the session's baseUrl"
          : "not a valid URL",
        { cause: e },
      );
    }
  }

  private _prepareHeaders(headers: HeadersInit | undefined): CIMultiDict {
    const result = new CIMultiDict(this._defaultHeaders);
    if (headers !== undefined) {
      const added = new Set<string>();
      for (const [name, value] of new CIMultiDict(headers)) {
        checkHeader(name, value);
        const k = name.toLowerCase();
        if (added.has(k)) result.add(name, value);
        else {
          result.set(name, value);
          added.add(k);
        }
      }
    }
    return result;
  }

  /** @internal */
  *_request(
    method: string,
    strOrUrl: string | URL,
    options: RequestOptions,
  ): Coroutine<ClientResponse> {
    if (this._closed) throw new RuntimeError("Session is closed: create a new ClientSession");
    const loop = getRunningLoop();
    if (this._loop === null) this._bind(loop);
    checkMethod(method);
    method = method.toUpperCase();
    if (options.data != null && options.json !== undefined) {
      throw new ValueError("data and json parameters can not be used at the same time");
    }
    let body: PreparedBody | null = null;
    if (options.json !== undefined) {
      body = {
        body: this._jsonSerialize(options.json),
        contentType: "application/json",
        replayable: true,
      };
    } else if (options.data != null) body = prepareData(options.data);

    const headers = this._prepareHeaders(options.headers);
    let url = this._buildUrl(strOrUrl);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new NonHttpUrlClientError(url);
    if (options.params !== undefined) appendParams(url, options.params);

    const rawTimeout = options.timeout;
    const timeout =
      rawTimeout === undefined
        ? this._timeout
        : typeof rawTimeout === "number"
          ? new ClientTimeout({ total: rawTimeout })
          : rawTimeout;
    const timer = timeout.total === null ? null : new RequestTimer(loop, timeout.total);
    const allowRedirects = options.allowRedirects ?? true;
    const maxRedirects = options.maxRedirects ?? this._maxRedirects;
    const traces =
      this._traceConfigs.length === 0
        ? NO_TRACES
        : this._traceConfigs.map(
            (c) => new Trace(this, c, c.traceConfigCtx(options.traceRequestCtx)),
          );
    for (const trace of traces) yield* trace.sendRequestStart(method, url, headers);

    const history: ClientResponse[] = [];
    let auth = options.auth ?? null;
    let cookies = options.cookies;
    let retried = false;
    let resp: ClientResponse;
    try {
      for (;;) {
        if (!url.hostname) {
          throw history.length > 0
            ? new InvalidUrlRedirectClientError(url)
            : new InvalidUrlClientError(url, "no host");
        }
        const authFromUrl = stripAuth(url);
        if (history.length === 0 && auth !== null && authFromUrl !== null) {
          throw new ValueError("Cannot combine AUTH argument with credentials encoded in URL");
        }
        if (auth === null || (history.length > 0 && authFromUrl !== null)) auth = authFromUrl;
        if (
          auth === null &&
          this._defaultAuth !== null &&
          (this._baseUrl === null || this._baseUrl.origin === url.origin)
        ) {
          auth = this._defaultAuth;
        }
        if (auth !== null && headers.has("Authorization")) {
          throw new ValueError(
            "Cannot combine AUTHORIZATION header with AUTH argument or credentials encoded in URL",
          );
        }
        const state: RequestState = { method, url, headers, body, auth, cookies };
        try {
          resp = yield* this._send(loop, state, options, timeout, timer, traces);
        } catch (e) {
          const retryable =
            e instanceof ServerDisconnectedError ||
            (e instanceof ClientOSError && !(e instanceof ClientConnectorError));
          if (
            retryable &&
            !retried &&
            IDEMPOTENT.has(method) &&
            (body === null || body.replayable)
          ) {
            retried = true;
            continue;
          }
          throw e;
        }
        if (resp._hasHeader("set-cookie")) {
          this._cookieJar.updateCookiesFromHeaders(resp.headers.getAll("set-cookie"), resp.url);
        }

        if (!(allowRedirects && REDIRECTS.has(resp.status))) break;
        for (const trace of traces) yield* trace.sendRequestRedirect(method, url, headers, resp);
        history.push(resp);
        if (maxRedirects && history.length >= maxRedirects) {
          resp.close();
          throw new TooManyRedirects(history[0]?.requestInfo as RequestInfo, [...history], {
            status: resp.status,
            message: `Exceeded ${maxRedirects} redirects: raise maxRedirects, or pass allowRedirects: false to see the redirect`,
            headers: resp.headers,
          });
        }
        if (
          (resp.status === 303 && method !== "HEAD") ||
          ((resp.status === 301 || resp.status === 302) && method === "POST")
        ) {
          method = "GET";
          body = null;
          headers.delete("Content-Length");
        } else if (body !== null && !body.replayable) {
          resp.close();
          throw new RedirectClientError(
            `Cannot follow the ${resp.status} redirect to ${resp.headers.get("location")}: the request body was a stream, which cannot be sent twice; send bytes, or pass allowRedirects: false`,
          );
        }
        const location = resp.headers.get("location") ?? resp.headers.get("uri");
        if (location === undefined) break;
        resp.release();
        let next: URL;
        try {
          next = new URL(location, url);
        } catch (e) {
          throw new InvalidUrlRedirectClientError(
            location,
            "Server attempted redirecting to a location that does not look like a URL",
            { cause: e },
          );
        }
        if (next.protocol !== "http:" && next.protocol !== "https:") {
          throw new NonHttpUrlRedirectClientError(
            location,
            "redirects may only go to http or https URLs",
          );
        }
        if (next.origin !== url.origin) {
          auth = null;
          headers.delete("Authorization");
          headers.delete("Cookie");
          headers.delete("Proxy-Authorization");
          cookies = undefined;
        }
        url = next;
        retried = false;
      }

      const rfs = options.raiseForStatus ?? this._raiseForStatus;
      if (typeof rfs === "function") {
        const r = rfs(resp);
        if (isCoroutine(r)) yield* r;
      } else if (rfs) resp.raiseForStatus();

      resp._history = history;
      if (timer !== null) resp._whenDone(() => timer.cancel());
      for (const trace of traces) yield* trace.sendRequestEnd(method, url, headers, resp);
      return resp;
    } catch (e) {
      timer?.cancel();
      for (const trace of traces) yield* trace.sendRequestException(method, url, headers, e);
      throw e;
    }
  }

  /** Takes a connector slot, sends one request, returns its response (aiohttp's connect + send + start). */
  private *_send(
    loop: AbstractEventLoop,
    state: RequestState,
    options: RequestOptions,
    timeout: ClientTimeout,
    timer: RequestTimer | null,
    traces: readonly Trace[],
  ): Coroutine<ClientResponse> {
    const { method, url } = state;
    const origin = url.origin;
    const connector = this._connector;
    if (connector.closed) throw new RuntimeError("Session is closed: its connector was closed");
    const limiter = connector._limiter;
    if (!limiter.tryAcquire(origin)) {
      for (const trace of traces) yield* trace.sendConnectionQueuedStart();
      const fut = limiter.wait(loop, origin);
      try {
        yield* waitWithDeadline(
          loop,
          fut,
          timeout.connect,
          timer,
          () => new ConnectionTimeoutError(`Connection timeout to host ${url.href}`),
        );
      } catch (e) {
        if (fut.done() && !fut.cancelled()) limiter.release(origin);
        throw e;
      }
      for (const trace of traces) yield* trace.sendConnectionQueuedEnd();
    }
    const slot: Slot = { key: origin, released: false };

    const base = state.headers;
    const flat: string[] = [];
    for (let i = 0; i < base._keys.length; i++)
      flat.push(base._names[i] as string, base._values[i] as string);
    const optSkip =
      options.skipAutoHeaders === undefined
        ? null
        : new Set([...options.skipAutoHeaders].map((h) => h.toLowerCase()));
    if (base._keys.length === 0 && optSkip === null && this._skipAutoHeaders.size === 0) {
      flat.push(...AUTO_HEADERS);
    } else {
      for (let i = 0; i < AUTO_HEADERS.length; i += 2) {
        const name = AUTO_HEADERS[i] as string;
        const lower = name.toLowerCase();
        if (!base.has(name) && !this._skipAutoHeaders.has(lower) && !optSkip?.has(lower)) {
          flat.push(name, AUTO_HEADERS[i + 1] as string);
        }
      }
    }
    if (state.auth !== null) flat.push("Authorization", state.auth.encode());
    const jarCookies = this._cookieJar.size === 0 ? null : this._cookieJar.filterCookies(url);
    if ((jarCookies !== null && jarCookies.size > 0) || state.cookies !== undefined) {
      const pairs: string[] = [];
      const existing = base.get("Cookie");
      if (existing !== undefined) {
        pairs.push(existing);
        removeFlat(flat, "cookie");
      }
      if (jarCookies !== null)
        for (const m of jarCookies.values()) pairs.push(`${m.key}=${m.value}`);
      if (state.cookies !== undefined) {
        const tmp = new CookieJar({ unsafe: true });
        tmp.updateCookies(state.cookies);
        for (const m of tmp.filterCookies(url).values()) pairs.push(`${m.key}=${m.value}`);
      }
      for (const p of pairs) checkHeader("Cookie", p);
      if (pairs.length > 0) flat.push("Cookie", pairs.join("; "));
    }
    const body = state.body;
    if (
      body !== null &&
      body.contentType !== null &&
      !base.has("Content-Type") &&
      !this._skipAutoHeaders.has("content-type") &&
      !optSkip?.has("content-type")
    ) {
      flat.push("Content-Type", body.contentType);
    }

    const requestInfo = new SentRequest(url, method, flat);
    const connectTimeout =
      timeout.connect === null
        ? timeout.sockConnect
        : timeout.sockConnect === null
          ? timeout.connect
          : Math.min(timeout.connect, timeout.sockConnect);
    const sockRead = toMs(timeout.sockRead);
    let data: Dispatcher.ResponseData;
    try {
      const pool = connector._pool(
        origin,
        connectTimeout === null ? null : toMs(connectTimeout),
        this._maxHeaderSize,
      );
      const payload =
        body === null
          ? null
          : body.body instanceof StreamReader
            ? toAsyncIterable(body.body)
            : body.body;
      const fut = dispatch(loop, pool, {
        path: url.pathname + url.search,
        method: method as Dispatcher.HttpMethod,
        headers: flat,
        body: payload as Dispatcher.DispatchOptions["body"],
        headersTimeout: sockRead,
        bodyTimeout: sockRead,
        reset: connector.forceClose,
      });
      data = yield* waitFor(fut, timer);
    } catch (e) {
      releaseSlot(limiter, slot);
      throw requestError(e, url, requestInfo, this._maxHeaderSize);
    }

    const resp: ClientResponse = new ClientResponse({
      loop,
      method,
      url,
      requestInfo,
      status: data.statusCode,
      reason: data.statusText ?? "",
      headers: data.headers as Record<string, string | string[] | undefined>,
      body: data.body,
      timer,
      readBufsize: options.readBufsize ?? this._readBufsize,
      autoDecompress: options.autoDecompress ?? this._autoDecompress,
      readUntilEof: options.readUntilEof ?? true,
      maxResponseSize:
        options.maxResponseSize === undefined ? this._maxResponseSize : options.maxResponseSize,
      maxDecompressSize: options.maxDecompressSize ?? this._maxDecompressSize,
      traces,
      resolveCharset: this._resolveCharset,
      onDone: (r) => {
        releaseSlot(limiter, slot);
        this._open.delete(r);
      },
    });
    if (!resp.closed) this._open.add(resp);
    const maxSize =
      options.maxResponseSize === undefined ? this._maxResponseSize : options.maxResponseSize;
    const length = resp.contentLength;
    if (
      maxSize !== null &&
      length !== null &&
      length > maxSize &&
      resp.headers.get("content-encoding") === undefined
    ) {
      resp.close();
      throw new PayloadTooLargeError(
        `Response payload is larger than maxResponseSize: Content-Length ${length} > ${maxSize} bytes (${url.href}); raise maxResponseSize or stream it through resp.content`,
      );
    }
    return resp;
  }

  // ---- closing ----------------------------------------------------------------------------------

  private _closeNow(): Promise<void> {
    if (this._closed) return Promise.resolve();
    this._closed = true;
    unclosedSessions.unregister(this._token);
    for (const resp of [...this._open]) resp.close();
    this._open.clear();
    if (this._connectorOwner) return this._connector._closeNow();
    return Promise.resolve();
  }

  /**
   * Closes the session: responses still open are closed, and the connector too when the session
   * owns it. Idempotent.
   * @example
   * ```ts
   * yield* session.close();
   * ```
   */
  *close(): Coroutine<void> {
    if (this._closed) return;
    yield* fromPromise(this._closeNow());
  }

  /**
   * `await using session = new ClientSession()` in native async code closes it at the end.
   * @example
   * ```ts
   * await using session = new ClientSession();
   * ```
   */
  [Symbol.asyncDispose](): Promise<void> {
    return this._closeNow();
  }

  /**
   * `using session = new ClientSession()` inside a coroutine: closes it at the end of the block
   * (the sockets finish closing in the background).
   * @example
   * ```ts
   * function* main() {
   *   using session = new ClientSession();
   *   const resp = yield* session.get(url);
   * }
   * ```
   */
  [Symbol.dispose](): void {
    void this._closeNow();
  }

  /**
   * Runs `body(session)` and closes the session however it ends (Python's
   * `async with aiohttp.ClientSession() as session:`).
   * @example
   * ```ts
   * const html = yield* new ClientSession().with(function* (session) {
   *   return yield* session.get(url).with((resp) => resp.text());
   * });
   * ```
   */
  *with<R>(body: (session: ClientSession) => Coroutine<R> | R): Coroutine<R> {
    try {
      const r = body(this);
      return isCoroutine(r) ? ((yield* r as Coroutine<R>) as R) : (r as R);
    } finally {
      yield* this.close();
    }
  }

  /**
   * aiohttp's repr.
   * @example
   * ```ts
   * String(session); // "<ClientSession closed=false>"
   * ```
   */
  toString(): string {
    return `<ClientSession closed=${this._closed}>`;
  }
}

function releaseSlot(limiter: TCPConnector["_limiter"], slot: Slot): void {
  if (slot.released) return;
  slot.released = true;
  limiter.release(slot.key);
}

async function* toAsyncIterable(reader: StreamReader): AsyncGenerator<Uint8Array> {
  yield* reader;
}

/**
 * Options of the module-level {@link request}: the request's, plus the one-off session's.
 * @example
 * ```ts
 * yield* request("GET", url, { timeout: 5, session: { headers: { "X-A": "1" } } });
 * ```
 */
export interface OneOffRequestOptions extends RequestOptions {
  /** A connector to use (the one-off session does not close it). */
  connector?: TCPConnector;
  /** Session options for the one-off session. */
  session?: Omit<ClientSessionOptions, "connector">;
}

function* oneOff(
  method: string,
  url: string | URL,
  options: OneOffRequestOptions,
): Coroutine<ClientResponse> {
  const { connector, session: sessionOptions, ...requestOptions } = options;
  const session = new ClientSession({
    ...sessionOptions,
    ...(connector === undefined ? {} : { connector, connectorOwner: false }),
  });
  let resp: ClientResponse;
  try {
    resp = yield* session._request(method, url, requestOptions);
  } catch (e) {
    void session[Symbol.asyncDispose]();
    throw e;
  }
  const done = () => void session[Symbol.asyncDispose]();
  if (resp._releaseHooks === null) resp._releaseHooks = [done];
  else resp._releaseHooks.push(done);
  resp._whenDone(done);
  return resp;
}

/**
 * aiohttp.request: one request on a session of its own, closed when the response is released
 * or read to the end. For many requests, use a ClientSession.
 *
 * @example
 * ```ts
 * // async with aiohttp.request("GET", url) as resp: print(await resp.text())
 * const text = yield* request("GET", url).with((resp) => resp.text());
 * const resp = yield* request("POST", url, { json: { a: 1 } });
 * console.log(yield* resp.json());
 * ```
 */
export function request(
  method: string,
  url: string | URL,
  options: OneOffRequestOptions = {},
): RequestContextManager {
  return new RequestContextManager(oneOff(method, url, options));
}
