/**
 * aiohttp.ClientResponse: status, headers and the body of a response, read with coroutines.
 * @module
 */
import type { Readable } from "node:stream";
import zlib from "node:zlib";
import { type AbstractEventLoop, type Coroutine, TimeoutError } from "@tsio/future";
import { type Morsel, parseSetCookieHeaders } from "./cookiejar.js";
import {
  ClientConnectionError,
  ClientPayloadError,
  ClientResponseError,
  ContentTypeError,
  DecompressSizeError,
  PayloadTooLargeError,
  type RequestInfo,
  SocketTimeoutError,
} from "./errors.js";
import { decodeBytes, lookupEncoding, parseMimetype } from "./helpers.js";
import { type CIMultiDictProxy, headersFromUndici } from "./multidict.js";
import { StreamReader } from "./streams.js";
import type { RequestTimer } from "./timeout.js";
import type { Trace } from "./tracing.js";

type UndiciHeaders = Record<string, string | string[] | undefined>;

/** Everything a response is built from. @internal */
export interface ResponseInit {
  loop: AbstractEventLoop;
  method: string;
  url: URL;
  requestInfo: RequestInfo;
  status: number;
  reason: string;
  headers: UndiciHeaders;
  body: Readable;
  timer: RequestTimer | null;
  readBufsize: number;
  autoDecompress: boolean;
  readUntilEof: boolean;
  maxResponseSize: number | null;
  maxDecompressSize: number;
  traces: readonly Trace[];
  resolveCharset: (resp: ClientResponse, body: Buffer) => string;
  /** Called once when the transfer is over (ended, failed or dropped): frees the slot. */
  onDone: (resp: ClientResponse) => void;
}

/**
 * Options of {@link ClientResponse.json}.
 * @example
 * ```ts
 * yield* resp.json({ contentType: null, loads: JSON.parse });
 * ```
 */
export interface JsonOptions {
  /** The expected Content-Type (default "application/json", which also accepts `+json` types); null: no check. */
  contentType?: string | null;
  /** How to parse (default JSON.parse). */
  loads?: (text: string) => unknown;
  /** The text encoding (default: from the headers). */
  encoding?: string;
}

/**
 * Options of {@link ClientResponse.text}.
 * @example
 * ```ts
 * yield* resp.text("utf-8", { errors: "replace" });
 * ```
 */
export interface TextOptions {
  /** "strict" (default) raises on invalid bytes; "replace" puts U+FFFD instead. */
  errors?: "strict" | "replace";
}

let CONNECTION_CLOSED: ClientConnectionError | null = null;
const JSON_RE = /^application\/(?:[\w.+-]+?\+)?json/;
const DECODERS = new Set(["gzip", "x-gzip", "deflate", "br"]);

function describeError(e: unknown): string {
  if (e instanceof Error) return `${(e as { code?: string }).code ?? e.name}: ${e.message}`;
  return String(e);
}

/** undici / zlib errors while the body streams -> aiohttp's errors. */
function bodyError(e: unknown, encoding: string | null, decoderFailed: boolean): unknown {
  const code = (e as { code?: string } | null)?.code;
  if (code === "UND_ERR_BODY_TIMEOUT") {
    return new SocketTimeoutError("Timeout on reading data from socket", { cause: e });
  }
  if (decoderFailed) {
    return new ClientPayloadError(`Can not decode content-encoding: ${encoding}`, { cause: e });
  }
  return new ClientPayloadError(`Response payload is not completed: ${describeError(e)}`, {
    cause: e,
  });
}

const RESPONSE = Symbol("tsio.http.response");
const ZLIB_OPTIONS = { finishFlush: zlib.constants.Z_SYNC_FLUSH };

/** A body or decoder stream tagged with its response, so that its listeners are shared functions. */
type WiredStream = Readable & { [RESPONSE]: ClientResponse };

// Stream listeners run with `this` = the stream; one set of functions serves every response.
function onSourceClose(this: WiredStream): void {
  this[RESPONSE]._finish();
}
function onSourceError(this: WiredStream, err: unknown): void {
  this[RESPONSE]._onError(err);
}
function onDecodedData(this: WiredStream, chunk: Buffer): void {
  this[RESPONSE]._onData(chunk);
}
function onDecodedEnd(this: WiredStream): void {
  this[RESPONSE].content.feedEof();
}
function onEncodedData(this: WiredStream, chunk: Buffer): void {
  const resp = this[RESPONSE];
  const decoder = (resp._decoderStream ?? resp._startDecoder(chunk)) as unknown as zlib.Gunzip;
  if (!decoder.write(chunk)) this.pause();
}
function onEncodedEnd(this: WiredStream): void {
  const resp = this[RESPONSE];
  const decoder = resp._decoderStream as unknown as zlib.Gunzip | null;
  if (decoder === null) resp.content.feedEof();
  else decoder.end();
}
function onDecoderError(this: WiredStream, err: unknown): void {
  const resp = this[RESPONSE];
  resp._decoderFailed = true;
  resp._onError(err);
  resp._sourceStream.destroy();
}
function onDecoderDrain(this: WiredStream): void {
  this[RESPONSE]._sourceStream.resume();
}

/**
 * aiohttp.ClientResponse. Get one from `yield* session.get(url)`; read the body with
 * `yield* resp.read()`, `text()` or `json()`, or stream it through `resp.content`. Release it
 * when done (`release()`, `using`, or the `.with()` form of the request) so its connection goes
 * back to the pool; a response whose body was read to the end has released itself.
 *
 * @example
 * ```ts
 * const resp = yield* session.get("http://127.0.0.1:8080/api");
 * try {
 *   console.log(resp.status, resp.headers.get("content-type"));
 *   const data = yield* resp.json();
 * } finally {
 *   resp.release();
 * }
 * ```
 */
export class ClientResponse {
  /**
   * The request method.
   * @example
   * ```ts
   * resp.method; // "GET"
   * ```
   */
  readonly method: string;
  /**
   * The URL of this response (the last one after redirects), without fragment.
   * @example
   * ```ts
   * resp.url.href; // after redirects
   * ```
   */
  readonly url: URL;
  /**
   * The URL as requested, fragment included.
   * @example
   * ```ts
   * resp.realUrl.hash; // "#top"
   * ```
   */
  readonly realUrl: URL;
  /**
   * The HTTP status code.
   * @example
   * ```ts
   * if (resp.status === 404) console.log("missing");
   * ```
   */
  readonly status: number;
  /**
   * The reason phrase ("OK", "Not Found").
   * @example
   * ```ts
   * resp.reason; // "Not Found"
   * ```
   */
  readonly reason: string;
  /**
   * What was sent.
   * @example
   * ```ts
   * resp.requestInfo.headers.get("user-agent");
   * ```
   */
  readonly requestInfo: RequestInfo;
  /**
   * The body as a stream (aiohttp's `content`).
   * @example
   * ```ts
   * const line = yield* resp.content.readline();
   * ```
   */
  readonly content: StreamReader;
  /** @internal */ _history: readonly ClientResponse[] = [];
  /** @internal */ _body: Buffer | null = null;
  private readonly _rawHeaders: UndiciHeaders;
  private _headers: CIMultiDictProxy | null = null;
  private _cookies: Map<string, Morsel> | null = null;
  private _released = false;
  private _closed = false;
  private _done = false;
  private readonly _source: Readable;
  private _decoder: zlib.Gunzip | zlib.Inflate | zlib.InflateRaw | zlib.BrotliDecompress | null =
    null;
  private readonly _traces: readonly Trace[];
  private readonly _resolveCharset: ResponseInit["resolveCharset"];
  private readonly _onDone: ResponseInit["onDone"];
  /** @internal */ _releaseHooks: (() => void)[] | null = null;
  private _doneCallbacks: (() => void)[] | null = null;

  /** @internal */
  get _decoderStream(): WiredStream | null {
    return this._decoder as unknown as WiredStream | null;
  }

  /** @internal */
  get _sourceStream(): Readable {
    return this._source;
  }

  /** @internal */
  constructor(init: ResponseInit) {
    this.method = init.method;
    this.realUrl = init.url;
    if (init.url.hash) {
      const u = new URL(init.url);
      u.hash = "";
      this.url = u;
    } else this.url = init.url;
    this.status = init.status;
    this.reason = init.reason;
    this.requestInfo = init.requestInfo;
    this._rawHeaders = init.headers;
    this._traces = init.traces;
    this._resolveCharset = init.resolveCharset;
    this._onDone = init.onDone;
    this._source = init.body;
    const reader = new StreamReader(init.loop, init.readBufsize, init.timer);
    this.content = reader;
    this._wire(init);
  }

  private _wire(init: ResponseInit): void {
    const body = init.body as WiredStream;
    const reader = this.content;
    body[RESPONSE] = this;
    body.once("close", onSourceClose);
    body.on("error", onSourceError);
    const h = init.headers;
    if (
      !init.readUntilEof &&
      h["content-length"] === undefined &&
      !String(h["transfer-encoding"] ?? "")
        .toLowerCase()
        .includes("chunked")
    ) {
      reader.feedEof();
      body.destroy();
      return;
    }
    const ce = h["content-encoding"];
    if (
      init.autoDecompress &&
      typeof ce === "string" &&
      !(this.method === "HEAD" || this.status === 204 || this.status === 304)
    ) {
      const e = ce.trim().toLowerCase();
      if (DECODERS.has(e)) this._encoding = e;
    }
    this._maxSize = init.maxResponseSize;
    this._maxDecoded = init.maxDecompressSize;
    init.timer?.onExpire(() => {
      if (!this._done) this._fail(new TimeoutError());
    });
    if (this._encoding === null) {
      reader._setSource(body);
      body.on("data", onDecodedData);
      body.on("end", onDecodedEnd);
    } else {
      body.on("data", onEncodedData);
      body.on("end", onEncodedEnd);
    }
  }

  /** @internal */ _encoding: string | null = null;
  /** @internal */ _received = 0;
  /** @internal */ _maxSize: number | null = null;
  /** @internal */ _maxDecoded = 0;
  /** @internal */ _decoderFailed = false;

  /** Stops the transfer with `err` as what reads raise. @internal */
  _fail(err: unknown): void {
    const reader = this.content;
    if (reader.exception() === null && !reader.isEof()) reader.setException(err);
    this._decoder?.destroy();
    this._source.destroy();
  }

  /** Body data after decoding: counted against the limits, then buffered. @internal */
  _onData(chunk: Buffer): void {
    this._received += chunk.length;
    if (this._encoding !== null && this._received > this._maxDecoded) {
      this._fail(
        new DecompressSizeError(
          `Decompressed data exceeds the configured limit of ${this._maxDecoded} bytes: raise maxDecompressSize if the server is trusted`,
        ),
      );
    } else if (this._maxSize !== null && this._received > this._maxSize) {
      this._fail(
        new PayloadTooLargeError(
          `Response payload is larger than maxResponseSize (${this._maxSize} bytes): raise maxResponseSize or stream it through resp.content`,
        ),
      );
    } else this.content.feedData(chunk);
  }

  /** @internal */
  _onError(err: unknown): void {
    const reader = this.content;
    if (reader.exception() === null && !reader.isEof()) {
      reader.setException(bodyError(err, this._encoding, this._decoderFailed));
    }
  }

  /** The first compressed chunk arrived: set up the decoder. @internal */
  _startDecoder(first: Buffer): WiredStream {
    const enc = this._encoding;
    let decoder: NonNullable<ClientResponse["_decoder"]>;
    if (enc === "br") decoder = zlib.createBrotliDecompress();
    else if (enc === "deflate") {
      // RFC 1950 says zlib-wrapped; some servers send raw deflate (aiohttp checks the same way).
      decoder =
        ((first[0] as number) & 0x0f) === 8
          ? zlib.createInflate(ZLIB_OPTIONS)
          : zlib.createInflateRaw(ZLIB_OPTIONS);
    } else decoder = zlib.createGunzip(ZLIB_OPTIONS);
    this._decoder = decoder;
    const wired = decoder as unknown as WiredStream;
    wired[RESPONSE] = this;
    this.content._setSource(decoder);
    decoder.on("data", onDecodedData);
    decoder.on("end", onDecodedEnd);
    decoder.on("error", onDecoderError);
    decoder.on("drain", onDecoderDrain);
    return wired;
  }

  /** @internal */
  _finish(): void {
    if (this._done) return;
    this._done = true;
    this._closed = true;
    this._onDone(this);
    const cbs = this._doneCallbacks;
    this._doneCallbacks = null;
    if (cbs !== null) for (const cb of cbs) cb();
  }

  /** Runs `cb` once the transfer is over (now if it is). @internal */
  _whenDone(cb: () => void): void {
    if (this._done) cb();
    else if (this._doneCallbacks === null) this._doneCallbacks = [cb];
    else this._doneCallbacks.push(cb);
  }

  /** True when the server sent this header (name in lower case). @internal */
  _hasHeader(lowerName: string): boolean {
    return this._rawHeaders[lowerName] !== undefined;
  }

  /**
   * The response headers: case-insensitive and multi-valued.
   * @example
   * ```ts
   * resp.headers.get("content-type");
   * ```
   */
  get headers(): CIMultiDictProxy {
    this._headers ??= headersFromUndici(this._rawHeaders);
    return this._headers;
  }

  /**
   * True for a status below 400 (aiohttp's `ok`; not just 200).
   * @example
   * ```ts
   * if (!resp.ok) console.log("failed", resp.status);
   * ```
   */
  get ok(): boolean {
    return this.status < 400;
  }

  /**
   * The responses of the redirects that led here, first to last.
   * @example
   * ```ts
   * resp.history.map((r) => r.status); // [301, 302]
   * ```
   */
  get history(): readonly ClientResponse[] {
    return this._history;
  }

  /**
   * The MIME type of the body (`type/subtype`, lower case); "application/octet-stream" when the
   * server sent none.
   * @example
   * ```ts
   * resp.contentType; // "application/json"
   * ```
   */
  get contentType(): string {
    const raw = this._rawHeaders["content-type"];
    if (typeof raw !== "string" || raw === "") return "application/octet-stream";
    const semi = raw.indexOf(";");
    return (semi < 0 ? raw : raw.slice(0, semi)).trim().toLowerCase();
  }

  /**
   * The charset parameter of Content-Type, or null.
   * @example
   * ```ts
   * resp.charset; // "utf-8"
   * ```
   */
  get charset(): string | null {
    const raw = this._rawHeaders["content-type"];
    if (typeof raw !== "string") return null;
    return parseMimetype(raw).parameters.get("charset") ?? null;
  }

  /**
   * Content-Length as a number, or null.
   * @example
   * ```ts
   * resp.contentLength; // 1024
   * ```
   */
  get contentLength(): number | null {
    const raw = this._rawHeaders["content-length"];
    return typeof raw === "string" ? Number.parseInt(raw, 10) : null;
  }

  /**
   * The cookies this response set (Python's SimpleCookie: name -> Morsel).
   * @example
   * ```ts
   * resp.cookies.get("session")?.value;
   * ```
   */
  get cookies(): Map<string, Morsel> {
    this._cookies ??= parseSetCookieHeaders(this.headers.getAll("set-cookie"));
    return this._cookies;
  }

  /**
   * True once the connection is released (body read to the end, released, or closed).
   * @example
   * ```ts
   * resp.closed;
   * ```
   */
  get closed(): boolean {
    return this._closed;
  }

  /**
   * Reads the whole body; later calls return the same bytes. On any failure (a cancellation
   * too) the connection is closed, as in aiohttp.
   * @throws {ClientPayloadError} when the body breaks off. {@link ClientConnectionError} after release.
   * @example
   * ```ts
   * const bytes = yield* resp.read();
   * ```
   */
  *read(): Coroutine<Buffer> {
    if (this._body === null) {
      try {
        this._body = yield* this.content.read();
        for (const trace of this._traces)
          yield* trace.sendResponseChunkReceived(this.method, this.url, this._body);
      } catch (e) {
        this.close();
        throw e;
      }
    } else if (this._released) {
      throw new ClientConnectionError("Connection closed");
    }
    return this._body;
  }

  /**
   * The encoding of the body: the Content-Type charset, utf-8 for JSON, otherwise the
   * session's `fallbackCharsetResolver` (utf-8 by default).
   * @throws {Error} when the fallback is needed and the body was not read yet.
   * @example
   * ```ts
   * resp.getEncoding(); // "utf-8"
   * ```
   */
  getEncoding(): string {
    const raw = this._rawHeaders["content-type"];
    const mimetype = parseMimetype(typeof raw === "string" ? raw.toLowerCase() : "");
    const charset = mimetype.parameters.get("charset");
    if (charset) {
      const known = lookupEncoding(charset);
      if (known !== null) return known;
    }
    if (
      mimetype.type === "application" &&
      (mimetype.subtype === "json" || mimetype.subtype === "rdap")
    ) {
      return "utf-8";
    }
    if (this._body === null) {
      throw new Error("Cannot compute fallback encoding of a not yet read body: read() it first");
    }
    return this._resolveCharset(this, this._body);
  }

  /**
   * Reads the body and decodes it: with `encoding`, or the one the headers name (see
   * getEncoding).
   * @throws {ValueError} (Python's UnicodeDecodeError) for bytes invalid in the encoding.
   * @example
   * ```ts
   * const html = yield* resp.text();
   * const legacy = yield* resp.text("windows-1252");
   * ```
   */
  *text(encoding?: string, options?: TextOptions): Coroutine<string> {
    if (this._body === null) yield* this.read();
    const enc = encoding ?? this.getEncoding();
    return decodeBytes(this._body as Buffer, enc, options?.errors ?? "strict");
  }

  /**
   * Reads the body and parses it as JSON (null for an empty body). Checks Content-Type first,
   * like aiohttp: `application/json` or any `application/...+json`.
   * @throws {ContentTypeError} for another Content-Type (pass `{ contentType: null }` to skip).
   * @example
   * ```ts
   * const data = (yield* resp.json()) as { id: number };
   * ```
   */
  *json(options: JsonOptions = {}): Coroutine<unknown> {
    if (this._body === null) yield* this.read();
    const expected = options.contentType === undefined ? "application/json" : options.contentType;
    if (expected) {
      const ctype = String(this._rawHeaders["content-type"] ?? "").toLowerCase();
      const okType =
        expected === "application/json" ? JSON_RE.test(ctype) : ctype.includes(expected);
      if (!okType) {
        throw new ContentTypeError(this.requestInfo, this._history, {
          status: this.status,
          message: `Attempt to decode JSON with unexpected mimetype: ${ctype}`,
          headers: this.headers,
        });
      }
    }
    const text = decodeBytes(
      this._body as Buffer,
      options.encoding ?? this.getEncoding(),
      "strict",
    ).trim();
    if (text === "") return null;
    return (options.loads ?? JSON.parse)(text);
  }

  /**
   * Raises ClientResponseError (and releases the response) when the status is 400 or more.
   * @throws {ClientResponseError} with `status`, `detail` (the reason) and `headers`.
   * @example
   * ```ts
   * resp.raiseForStatus();
   * ```
   */
  raiseForStatus(): void {
    if (this.ok) return;
    this.release();
    throw new ClientResponseError(this.requestInfo, this._history, {
      status: this.status,
      message: this.reason,
      headers: this.headers,
    });
  }

  private _notifyContent(): void {
    if (!this._released && this.content.exception() === null) {
      // One shared instance, as aiohttp's _CONNECTION_CLOSED_EXCEPTION: releasing is frequent
      // and capturing a stack trace each time is not free.
      CONNECTION_CLOSED ??= new ClientConnectionError("Connection closed");
      this.content.setException(CONNECTION_CLOSED);
    }
    this._released = true;
    const hooks = this._releaseHooks;
    this._releaseHooks = null;
    if (hooks !== null) for (const hook of hooks) hook();
  }

  /**
   * Gives the connection back: a body not read to the end is dropped (its connection closed, as
   * aiohttp does). Idempotent.
   * @example
   * ```ts
   * resp.release();
   * ```
   */
  release(): void {
    this._notifyContent();
    this._closed = true;
    this._drop();
  }

  /**
   * Closes the connection of this response (a body not read to the end is dropped).
   * @example
   * ```ts
   * resp.close();
   * ```
   */
  close(): void {
    this._notifyContent();
    this._closed = true;
    this._drop();
  }

  private _drop(): void {
    if (!this._done) {
      this._decoder?.destroy();
      this._source.destroy();
      // The connection is being closed: its slot is free now, not when the socket says so.
      this._finish();
    }
  }

  /**
   * `using resp = yield* session.get(url)` releases it at the end of the block.
   * @example
   * ```ts
   * using resp = yield* session.get(url);
   * ```
   */
  [Symbol.dispose](): void {
    this.release();
  }

  /**
   * aiohttp's repr: `<ClientResponse(http://host/) [200 OK]>`.
   * @example
   * ```ts
   * String(resp);
   * ```
   */
  toString(): string {
    return `<ClientResponse(${this.url.href}) [${this.status} ${this.reason}]>`;
  }
}
