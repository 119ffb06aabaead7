/**
 * aiohttp's client exceptions (`aiohttp.client_exceptions`), with the same names and the same
 * hierarchy. Python's multiple inheritance is kept where it matters: a ServerTimeoutError is
 * both a ClientConnectionError and a TimeoutError (`instanceof` answers true for both), and the
 * redirect URL errors are also RedirectClientErrors.
 *
 * @example
 * ```ts
 * try {
 *   yield* session.get(url);
 * } catch (e) {
 *   if (e instanceof ClientConnectorError) console.log("cannot connect to", e.host, e.port);
 *   else if (e instanceof ClientError) console.log("request failed:", e.message);
 *   else throw e;
 * }
 * ```
 * @module
 */
import { AsyncioError, TimeoutError } from "@tsio/future";
import type { CIMultiDictProxy } from "./multidict.js";

/**
 * What a ClientResponseError and a ClientResponse know about the request that was sent.
 * @example
 * ```ts
 * resp.requestInfo.method; // "GET"
 * ```
 */
export interface RequestInfo {
  /** The URL requested, without its fragment. */
  readonly url: URL;
  /** The method, upper case. */
  readonly method: string;
  /** The headers that were sent. */
  readonly headers: CIMultiDictProxy;
  /** The URL as given, fragment included. */
  readonly realUrl: URL;
}

/** A response as the errors see it (ClientResponse satisfies it). */
export interface ResponseLike {
  readonly status: number;
  readonly url: URL;
}

type AnyClass = abstract new (...args: never[]) => unknown;

/** Classes an error class also counts as, for `instanceof` (Python's extra base classes). */
const VIRTUAL_BASES = Symbol("tsio.http.virtualBases");

function hasVirtualBase(value: unknown, cls: AnyClass): boolean {
  if (typeof value !== "object" || value === null) return false;
  let proto = Object.getPrototypeOf(value) as { constructor?: unknown } | null;
  while (proto !== null) {
    const bases = (proto.constructor as Record<symbol, readonly AnyClass[] | undefined>)?.[
      VIRTUAL_BASES
    ];
    if (bases !== undefined && Object.hasOwn(proto.constructor as object, VIRTUAL_BASES)) {
      for (const base of bases) {
        if (base === cls || Object.prototype.isPrototypeOf.call(cls.prototype, base.prototype)) {
          return true;
        }
      }
    }
    proto = Object.getPrototypeOf(proto);
  }
  return false;
}

/**
 * aiohttp.ClientError: the base class of every error the client raises (except the total
 * timeout, a TimeoutError, and cancellation).
 *
 * @example
 * ```ts
 * try { yield* session.get(url); } catch (e) { if (!(e instanceof ClientError)) throw e; }
 * ```
 */
export class ClientError extends AsyncioError {
  // `this` is the class `instanceof` asks about (a subclass too), so it cannot be named here.
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: the class being tested, as explained above
    return Function.prototype[Symbol.hasInstance].call(this, value) || hasVirtualBase(value, this);
  }
}

/**
 * aiohttp.ClientResponseError: a response arrived but cannot be used (a status >= 400 with
 * raiseForStatus, a malformed status line or headers, too many redirects). `status`, `headers`,
 * `requestInfo` and `history` describe it; `detail` is aiohttp's `message` (the reason phrase for
 * raiseForStatus), while `message` is aiohttp's `str(e)`: `404, message='Not Found', url='...'`.
 *
 * @example
 * ```ts
 * try { yield* session.get(url, { raiseForStatus: true }); }
 * catch (e) { if (e instanceof ClientResponseError && e.status === 404) console.log("missing"); }
 * ```
 */
export class ClientResponseError extends ClientError {
  /**
   * The request that got this response.
   * @example
   * ```ts
   * e.requestInfo.url.href;
   * ```
   */
  readonly requestInfo: RequestInfo;
  /**
   * The redirect responses that led here.
   * @example
   * ```ts
   * e.history.map((r) => r.status); // [302]
   * ```
   */
  readonly history: readonly ResponseLike[];
  /**
   * The HTTP status (0 when unknown).
   * @example
   * ```ts
   * e.status; // 404
   * ```
   */
  readonly status: number;
  /**
   * aiohttp's `message`: the reason phrase, or what went wrong.
   * @example
   * ```ts
   * e.detail; // "Not Found"
   * ```
   */
  readonly detail: string;
  /**
   * The response headers, when there were any.
   * @example
   * ```ts
   * e.headers?.get("retry-after");
   * ```
   */
  readonly headers: CIMultiDictProxy | null;

  /**
   * @param requestInfo - the request.
   * @param history - the redirect responses before this one.
   * @param options - `{ status, message, headers }` as aiohttp's keyword arguments.
   * @example
   * ```ts
   * throw new ClientResponseError(resp.requestInfo, resp.history, { status: 418, message: "teapot" });
   * ```
   */
  constructor(
    requestInfo: RequestInfo,
    history: readonly ResponseLike[],
    options: { status?: number; message?: string; headers?: CIMultiDictProxy | null } = {},
  ) {
    const status = options.status ?? 0;
    const detail = options.message ?? "";
    super(`${status}, message=${pyRepr(detail)}, url=${pyRepr(String(requestInfo.realUrl))}`);
    this.requestInfo = requestInfo;
    this.history = history;
    this.status = status;
    this.detail = detail;
    this.headers = options.headers ?? null;
  }
}

function pyRepr(s: string): string {
  return s.includes("'") && !s.includes('"') ? `"${s}"` : `'${s.replace(/'/g, "\\'")}'`;
}

/**
 * aiohttp.ContentTypeError: `json()` found a Content-Type other than the expected one. Pass
 * `json({ contentType: null })` to skip the check.
 *
 * @example
 * ```ts
 * const data = yield* resp.json({ contentType: null }); // accept text/plain JSON too
 * ```
 */
export class ContentTypeError extends ClientResponseError {}

/**
 * aiohttp.TooManyRedirects: more redirects than `maxRedirects` (10 by default). `history` holds
 * the responses.
 *
 * @example
 * ```ts
 * yield* session.get(url, { maxRedirects: 30 });
 * ```
 */
export class TooManyRedirects extends ClientResponseError {}

/**
 * aiohttp.ClientConnectionError: the base class of the errors about the connection.
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof ClientConnectionError) retryLater(); }
 * ```
 */
export class ClientConnectionError extends ClientError {}

/**
 * aiohttp.ClientOSError: an OS-level error on the connection. `code` is Node's error code
 * (`ECONNRESET`), `errno` its number when Node gave one.
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof ClientOSError) console.log(e.code); }
 * ```
 */
export class ClientOSError extends ClientConnectionError {
  /**
   * Node's error code, e.g. "ECONNREFUSED".
   * @example
   * ```ts
   * e.code; // "ECONNRESET"
   * ```
   */
  readonly code: string | undefined;
  /**
   * The errno, when known.
   * @example
   * ```ts
   * e.errno; // -104
   * ```
   */
  readonly errno: number | undefined;
  /**
   * @param message - what failed.
   * @param options - `{ cause, code, errno }`.
   * @example
   * ```ts
   * new ClientOSError("ECONNRESET: socket hang up", { code: "ECONNRESET" });
   * ```
   */
  constructor(message: string, options?: ErrorOptions & { code?: string; errno?: number }) {
    super(message, options);
    this.code = options?.code;
    this.errno = options?.errno;
  }
}

/**
 * The host a connection was for, as ClientConnectorError reports it.
 * @example
 * ```ts
 * const key: ConnectionKey = { host: "127.0.0.1", port: 80, ssl: false };
 * ```
 */
export interface ConnectionKey {
  readonly host: string;
  readonly port: number;
  readonly ssl: boolean;
}

/**
 * aiohttp.ClientConnectorError: no connection could be made (refused, unreachable, DNS failure,
 * TLS failure). `host`, `port`, `ssl` and `osError` say which and why.
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof ClientConnectorError) console.log(`${e.host}:${e.port} is down`); }
 * ```
 */
export class ClientConnectorError extends ClientOSError {
  /**
   * The host that could not be reached.
   * @example
   * ```ts
   * e.host; // "127.0.0.1"
   * ```
   */
  readonly host: string;
  /**
   * Its port.
   * @example
   * ```ts
   * e.port; // 8080
   * ```
   */
  readonly port: number;
  /**
   * True for an https connection.
   * @example
   * ```ts
   * e.ssl; // false
   * ```
   */
  readonly ssl: boolean;
  /**
   * Node's original error.
   * @example
   * ```ts
   * e.osError.message; // "connect ECONNREFUSED 127.0.0.1:8080"
   * ```
   */
  readonly osError: Error;
  /**
   * @param key - the host, port and whether TLS was used.
   * @param osError - Node's error.
   * @example
   * ```ts
   * new ClientConnectorError({ host: "127.0.0.1", port: 1, ssl: false }, err);
   * ```
   */
  constructor(key: ConnectionKey, osError: Error & { code?: string; errno?: number }) {
    const ssl = key.ssl ? "default" : "false";
    super(`Cannot connect to host ${key.host}:${key.port} ssl:${ssl} [${osError.message}]`, {
      cause: osError,
      code: osError.code,
      errno: typeof osError.errno === "number" ? osError.errno : undefined,
    });
    this.host = key.host;
    this.port = key.port;
    this.ssl = key.ssl;
    this.osError = osError;
  }
}

/**
 * aiohttp.ClientConnectorDNSError: the host name could not be resolved.
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof ClientConnectorDNSError) console.log("no such host"); }
 * ```
 */
export class ClientConnectorDNSError extends ClientConnectorError {}

/**
 * aiohttp.ClientSSLError: the TLS layer failed while connecting.
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof ClientSSLError) console.log("TLS failed"); }
 * ```
 */
export class ClientSSLError extends ClientConnectorError {}

/**
 * aiohttp.ClientConnectorSSLError: a TLS error other than a certificate problem.
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof ClientConnectorSSLError) console.log(e.osError.message); }
 * ```
 */
export class ClientConnectorSSLError extends ClientSSLError {}

/**
 * aiohttp.ClientConnectorCertificateError: the server's certificate failed verification
 * (self-signed, expired, wrong host name). Verification is on by default; pass
 * `new TCPConnector({ ssl: { ca } })` to trust a private CA, or `ssl: false` to skip it.
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof ClientConnectorCertificateError) console.log("bad certificate"); }
 * ```
 */
export class ClientConnectorCertificateError extends ClientSSLError {}

/**
 * aiohttp.ServerConnectionError: the server side of the connection failed.
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof ServerConnectionError) console.log("server trouble"); }
 * ```
 */
export class ServerConnectionError extends ClientConnectionError {}

/**
 * aiohttp.ServerDisconnectedError: the server closed the connection before sending a response.
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof ServerDisconnectedError) console.log(e.message); } // "Server disconnected"
 * ```
 */
export class ServerDisconnectedError extends ServerConnectionError {
  /**
   * @param message - default "Server disconnected", as aiohttp.
   * @example
   * ```ts
   * new ServerDisconnectedError();
   * ```
   */
  constructor(message = "Server disconnected", options?: ErrorOptions) {
    super(message, options);
  }
}

/**
 * aiohttp.ServerTimeoutError: a connect or socket-read timeout of ClientTimeout expired. Like in
 * Python it is both a ServerConnectionError (so a ClientError) and a TimeoutError.
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof TimeoutError) console.log("slow server"); } // also catches these
 * ```
 */
export class ServerTimeoutError extends TimeoutError {
  /** @internal */
  static readonly [VIRTUAL_BASES]: readonly AnyClass[] = [ServerConnectionError];
}

/**
 * aiohttp.ConnectionTimeoutError: no connection within `timeout.connect` (which includes the wait
 * for a free slot of the connector) or `timeout.sockConnect`.
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof ConnectionTimeoutError) console.log("could not connect in time"); }
 * ```
 */
export class ConnectionTimeoutError extends ServerTimeoutError {}

/**
 * aiohttp.SocketTimeoutError: `timeout.sockRead` passed without any data from the server
 * (waiting for the headers, or between two pieces of the body).
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof SocketTimeoutError) console.log("server stalled"); }
 * ```
 */
export class SocketTimeoutError extends ServerTimeoutError {}

/**
 * aiohttp.ClientPayloadError: the response body could not be read completely (the connection
 * broke, the encoding was wrong, a size limit was passed).
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof ClientPayloadError) console.log("truncated body"); }
 * ```
 */
export class ClientPayloadError extends ClientError {}

/**
 * The decoded (gunzipped, inflated, brotli-decoded) body grew past `maxDecompressSize`: aiohttp's
 * DecompressSizeError, the guard against decompression bombs. Raise the limit if the server is
 * trusted.
 *
 * @example
 * ```ts
 * yield* session.get(url, { maxDecompressSize: 256 * 2 ** 20 });
 * ```
 */
export class DecompressSizeError extends ClientPayloadError {}

/**
 * The response body is larger than the `maxResponseSize` the request allowed (known from
 * Content-Length before reading, or counted while reading).
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof PayloadTooLargeError) console.log("refused a huge body"); }
 * ```
 */
export class PayloadTooLargeError extends ClientPayloadError {}

/**
 * aiohttp's LineTooLong: `readline()`/`readuntil()` found no separator within the size limit.
 *
 * @example
 * ```ts
 * const line = yield* resp.content.readline({ maxLineLength: 1 << 20 });
 * ```
 */
export class LineTooLong extends ClientPayloadError {}

/**
 * aiohttp.InvalidURL: the URL cannot be used (unparsable, no host). `url` is what was given,
 * `description` says why.
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof InvalidURL) console.log(e.url); }
 * ```
 */
export class InvalidURL extends ClientError {
  /**
   * The URL as given.
   * @example
   * ```ts
   * e.url; // "http://"
   * ```
   */
  readonly url: string;
  /**
   * Why it was rejected.
   * @example
   * ```ts
   * e.description; // "no host"
   * ```
   */
  readonly description: string | null;
  /**
   * @param url - the URL as given.
   * @param description - why it was rejected.
   * @example
   * ```ts
   * new InvalidURL("http://", "no host");
   * ```
   */
  constructor(url: string | URL, description?: string | null, options?: ErrorOptions) {
    const text = String(url);
    super(description ? `${text} - ${description}` : text, options);
    this.url = text;
    this.description = description ?? null;
  }
}

/**
 * aiohttp.InvalidUrlClientError: the request URL is not a valid absolute http(s) URL.
 *
 * @example
 * ```ts
 * yield* session.get("http://"); // InvalidUrlClientError
 * ```
 */
export class InvalidUrlClientError extends InvalidURL {}

/**
 * aiohttp.RedirectClientError: base of the errors about a redirect that cannot be followed.
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof RedirectClientError) console.log("bad redirect"); }
 * ```
 */
export class RedirectClientError extends ClientError {}

/**
 * aiohttp.NonHttpUrlClientError: the URL's scheme is not http or https (`ftp:`, `file:`, `data:`).
 *
 * @example
 * ```ts
 * yield* session.get("file:///etc/passwd"); // NonHttpUrlClientError
 * ```
 */
export class NonHttpUrlClientError extends ClientError {
  /**
   * The URL as given.
   * @example
   * ```ts
   * e.url; // "ftp://example.com/"
   * ```
   */
  readonly url: string;
  /**
   * @param url - the URL as given.
   * @param description - why it was rejected.
   * @example
   * ```ts
   * new NonHttpUrlClientError("ftp://example.com/");
   * ```
   */
  constructor(url: string | URL, description?: string) {
    const text = String(url);
    super(description ? `${text} - ${description}` : text);
    this.url = text;
  }
}

/**
 * aiohttp.InvalidUrlRedirectClientError: the server redirected to something that is not a URL.
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof InvalidUrlRedirectClientError) console.log(e.url); }
 * ```
 */
export class InvalidUrlRedirectClientError extends InvalidUrlClientError {
  /** @internal */
  static readonly [VIRTUAL_BASES]: readonly AnyClass[] = [RedirectClientError];
}

/**
 * aiohttp.NonHttpUrlRedirectClientError: the server redirected to a scheme other than http or
 * https (`file:`, `data:`, `javascript:`); the redirect is refused.
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof NonHttpUrlRedirectClientError) console.log("refused", e.url); }
 * ```
 */
export class NonHttpUrlRedirectClientError extends NonHttpUrlClientError {
  /** @internal */
  static readonly [VIRTUAL_BASES]: readonly AnyClass[] = [RedirectClientError];
}
