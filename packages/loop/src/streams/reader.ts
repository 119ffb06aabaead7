import {
  _getEventLoop,
  type AbstractEventLoop,
  type Coroutine,
  type Future,
  IncompleteReadError,
  LimitOverrunError,
  RuntimeError,
  ValueError,
} from "@tsio/future";

/** asyncio's `_DEFAULT_LIMIT`: 64 KiB. */
export const DEFAULT_LIMIT = 2 ** 16;

/** The smallest buffer the reader allocates when it must copy. */
const MIN_CAPACITY = 16 * 1024;
const EMPTY: Buffer = Buffer.alloc(0);
const LF: Buffer = Buffer.from("\n");

/** A separator for {@link StreamReader.readuntil}: bytes, or a string (encoded as UTF-8). */
export type Separator = string | Uint8Array;

/** What the reader needs of its transport: flow control on the reading side. */
export interface ReadTransport {
  pauseReading(): void;
  resumeReading(): void;
}

/** Options of the StreamReader constructor. */
export interface StreamReaderOptions {
  /**
   * The buffer limit in bytes (default 64 KiB): the longest line `readline`/`readuntil`
   * return, and half the buffered size at which the transport stops reading.
   */
  limit?: number;
  /** The loop (default: the running loop). */
  loop?: AbstractEventLoop;
}

function toBytes(sep: Separator): Buffer {
  if (typeof sep === "string") return Buffer.from(sep, "utf8");
  if (sep instanceof Uint8Array) return Buffer.from(sep.buffer, sep.byteOffset, sep.byteLength);
  throw new TypeError(
    `a separator must be a string or a Uint8Array (or an array of them), not ${describe(sep)}`,
  );
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "object") return Object.prototype.toString.call(value);
  return typeof value;
}

/**
 * asyncio.StreamReader: the reading half of a stream. Bytes arrive through `feedData` (the
 * connection calls it) and are read with `read`, `readline`, `readexactly` and `readuntil`,
 * coroutines awaited with `yield*`. Reads return `Buffer`s (a `Buffer` is a `Uint8Array`).
 *
 * When more than twice `limit` bytes are buffered, the reader pauses its transport (the socket
 * stops reading and TCP pushes back on the sender); reading below `limit` resumes it.
 *
 * Only one coroutine may wait on a reader at a time. Cancelling a read leaves the buffered
 * bytes where they were.
 *
 * @example
 * ```ts
 * function* handle(reader: StreamReader, writer: StreamWriter) {
 *   const line = yield* reader.readline();      // Buffer, ends with "\n" (or EOF)
 *   const header = yield* reader.readexactly(4); // exactly 4 bytes or IncompleteReadError
 *   const rest = yield* reader.read();           // everything until EOF
 * }
 * ```
 */
export class StreamReader {
  /** @internal */ readonly _limit: number;
  /** @internal */ readonly _loop: AbstractEventLoop;
  // The buffered bytes are _buf[_start, _end). Bytes before _start were handed out as views
  // and are never written again; bytes after _end are spare capacity, ours only when _owned.
  private _buf: Buffer = EMPTY;
  private _start = 0;
  private _end = 0;
  private _owned = false;
  /** @internal */ _eof = false;
  /** @internal */ _waiter: Future<void> | null = null;
  /** @internal */ _exception: unknown = undefined;
  /** @internal */ _transport: ReadTransport | null = null;
  /** @internal */ _paused = false;

  /**
   * @param options - `{ limit, loop }`.
   * @throws {ValueError} "Limit cannot be <= 0" for a limit that is not positive.
   * @example
   * ```ts
   * const reader = new StreamReader({ limit: 1024 });
   * reader.feedData(Buffer.from("hello\n"));
   * reader.feedEof();
   * ```
   */
  constructor(options?: StreamReaderOptions) {
    const limit = options?.limit ?? DEFAULT_LIMIT;
    if (typeof limit !== "number" || Number.isNaN(limit)) {
      throw new TypeError(`limit must be a number of bytes, got ${describe(limit)}`);
    }
    if (limit <= 0)
      throw new ValueError(`Limit cannot be <= 0 (got ${limit}): pass a positive byte count`);
    this._limit = limit;
    this._loop = options?.loop ?? _getEventLoop();
  }

  /**
   * The exception set with {@link setException}, or undefined.
   * @example
   * ```ts
   * if (reader.exception() !== undefined) console.log("the connection failed");
   * ```
   */
  exception(): unknown {
    return this._exception;
  }

  /**
   * Makes every later read raise `exc` (the connection calls it when the connection fails), and
   * wakes a read waiting now with it.
   * @example
   * ```ts
   * reader.setException(new ConnectionResetError("gone"));
   * ```
   */
  setException(exc: unknown): void {
    this._exception = exc;
    const waiter = this._waiter;
    if (waiter !== null) {
      this._waiter = null;
      if (!waiter.cancelled()) waiter.setException(exc);
    }
  }

  private _wakeupWaiter(): void {
    const waiter = this._waiter;
    if (waiter !== null) {
      this._waiter = null;
      if (!waiter.cancelled()) waiter.setResult(undefined);
    }
  }

  /**
   * Attaches the transport whose reading the reader pauses and resumes.
   * @throws {RuntimeError} when a transport is already set.
   * @example
   * ```ts
   * reader.setTransport(transport);
   * ```
   */
  setTransport(transport: ReadTransport): void {
    if (this._transport !== null) throw new RuntimeError("Transport already set");
    this._transport = transport;
  }

  /** @internal */
  _replaceTransport(transport: ReadTransport): void {
    this._transport = transport;
    this._paused = false;
  }

  private _maybeResumeTransport(): void {
    if (this._paused && this._end - this._start <= this._limit) {
      this._paused = false;
      this._transport?.resumeReading();
    }
  }

  /**
   * Marks the end of the stream: reads return what is buffered, then empty buffers.
   * @example
   * ```ts
   * reader.feedEof();
   * ```
   */
  feedEof(): void {
    this._eof = true;
    this._wakeupWaiter();
  }

  /**
   * True when the end of the stream was fed and every buffered byte was read.
   * @example
   * ```ts
   * while (!reader.atEof()) chunks.push(yield* reader.read(4096));
   * ```
   */
  atEof(): boolean {
    return this._eof && this._start === this._end;
  }

  /**
   * Adds bytes to the buffer (copied) and wakes a waiting read.
   * @throws {RuntimeError} after {@link feedEof}. {@link TypeError} for anything not bytes.
   * @example
   * ```ts
   * reader.feedData(Buffer.from("line1\nline2\n"));
   * ```
   */
  feedData(data: Uint8Array): void {
    if (!(data instanceof Uint8Array)) {
      throw new TypeError(`feedData() needs a Uint8Array or Buffer, not ${describe(data)}`);
    }
    if (this._eof) throw new RuntimeError("feedData() after feedEof(): the stream has ended");
    if (data.byteLength === 0) return;
    this._feed(Buffer.from(data));
  }

  /**
   * Adds a chunk the reader may keep without copying (a fresh chunk from a socket).
   * @internal
   */
  _feed(chunk: Buffer): void {
    const n = chunk.length;
    if (n === 0) return;
    const len = this._end - this._start;
    if (len === 0) {
      this._buf = chunk;
      this._start = 0;
      this._end = n;
      this._owned = false;
    } else if (this._owned && this._end + n <= this._buf.length) {
      chunk.copy(this._buf, this._end);
      this._end += n;
    } else {
      const next = Buffer.allocUnsafeSlow(Math.max(MIN_CAPACITY, 2 * (len + n)));
      this._buf.copy(next, 0, this._start, this._end);
      chunk.copy(next, len);
      this._buf = next;
      this._start = 0;
      this._end = len + n;
      this._owned = true;
    }
    this._wakeupWaiter();
    const transport = this._transport;
    if (transport !== null && !this._paused && this._end - this._start > 2 * this._limit) {
      this._paused = true;
      transport.pauseReading();
    }
  }

  /** Removes and returns the first n buffered bytes (n <= buffered), as a view. */
  private _take(n: number): Buffer {
    const start = this._start;
    const out = this._buf.subarray(start, start + n);
    if (start + n === this._end) {
      // The memory now belongs to views handed out: never write into it again.
      this._buf = EMPTY;
      this._start = 0;
      this._end = 0;
      this._owned = false;
    } else {
      this._start = start + n;
    }
    return out;
  }

  private _discard(n: number): void {
    this._take(n);
  }

  /** The buffered bytes, as a view: what `_buffer` is in Python's tests. @internal */
  get _buffer(): Buffer {
    return this._buf.subarray(this._start, this._end);
  }

  /** Index of `sep` in the buffered bytes at or after `offset`, or -1. */
  private _find(sep: Buffer, offset: number): number {
    const buf = this._buf;
    const start = this._start;
    const i = buf.indexOf(sep, start + offset);
    // A first match running past _end is in spare capacity: no valid match exists then.
    if (i === -1 || i + sep.length > this._end) return -1;
    return i - start;
  }

  /**
   * Waits until feedData() or feedEof() is called, resuming a paused transport first (a
   * read larger than the buffer limit would wait forever otherwise).
   */
  private *_waitForData(funcName: string): Coroutine<void> {
    if (this._waiter !== null) {
      throw new RuntimeError(
        `${funcName}() called while another coroutine is already waiting for incoming data: ` +
          "read a stream from one task at a time",
      );
    }
    if (this._eof) throw new RuntimeError("_waitForData after EOF");
    if (this._paused) {
      this._paused = false;
      this._transport?.resumeReading();
    }
    const waiter = this._loop.createFuture<void>();
    this._waiter = waiter;
    try {
      yield* waiter;
    } finally {
      this._waiter = null;
    }
  }

  /**
   * Reads one line, up to and including "\n". At EOF, returns the incomplete last line without
   * "\n", or an empty buffer when nothing is left.
   *
   * @throws {ValueError} when the line is longer than the limit; the line (or, when its end is
   *   not buffered yet, the whole buffer) is discarded so that reading can go on.
   * @throws the connection's error (e.g. {@link ConnectionResetError}) once it failed.
   * @example
   * ```ts
   * const line = yield* reader.readline();
   * if (line.length === 0) console.log("EOF");
   * ```
   */
  *readline(): Coroutine<Buffer> {
    try {
      return yield* this.readuntil(LF);
    } catch (e) {
      if (e instanceof IncompleteReadError) return e.partial as Buffer;
      if (e instanceof LimitOverrunError) {
        if (this._startsWith(LF, e.consumed)) this._discard(e.consumed + 1);
        else this._discard(this._end - this._start);
        this._maybeResumeTransport();
        throw new ValueError(
          `${e.message} (readline() limit is ${this._limit} bytes: the line was discarded; ` +
            "pass a larger { limit } to openConnection/startServer to accept longer lines)",
          { cause: e },
        );
      }
      throw e;
    }
  }

  private _startsWith(sep: Buffer, at: number): boolean {
    if (this._end - this._start < at + sep.length) return false;
    return (
      this._buf.compare(sep, 0, sep.length, this._start + at, this._start + at + sep.length) === 0
    );
  }

  /**
   * Reads until `separator` is found and returns the bytes including it. `separator` may be a
   * string (UTF-8), bytes, or an array of them (Python 3.13's tuple): then the shortest result
   * ending with any of them wins.
   *
   * @throws {IncompleteReadError} at EOF before a separator; `partial` holds the bytes read
   *   (the buffer is emptied).
   * @throws {LimitOverrunError} when no separator is found within the limit; the bytes stay
   *   buffered and `consumed` says how many may be skipped.
   * @throws {ValueError} for an empty separator or an empty array.
   * @example
   * ```ts
   * const header = yield* reader.readuntil("\r\n\r\n");
   * const token = yield* reader.readuntil([",", ";"]);
   * ```
   */
  *readuntil(separator: Separator | readonly Separator[] = LF): Coroutine<Buffer> {
    let seps: Buffer[];
    if (Array.isArray(separator)) {
      seps = (separator as readonly Separator[]).map(toBytes).sort((a, b) => a.length - b.length);
      if (seps.length === 0) {
        throw new ValueError("Separator should contain at least one element");
      }
    } else {
      seps = [separator === LF ? LF : toBytes(separator as Separator)];
    }
    const minSeplen = (seps[0] as Buffer).length;
    const maxSeplen = (seps[seps.length - 1] as Buffer).length;
    if (minSeplen === 0) throw new ValueError("Separator should be at least one-byte string");

    if (this._exception !== undefined) throw this._exception;

    // `offset`: how many leading bytes are known to hold no separator.
    let offset = 0;
    let matchStart = -1;
    let matchEnd = -1;
    for (;;) {
      const buflen = this._end - this._start;
      if (buflen - offset >= minSeplen) {
        for (const sep of seps) {
          const isep = this._find(sep, offset);
          if (isep !== -1) {
            const end = isep + sep.length;
            if (matchEnd === -1 || end < matchEnd) {
              matchEnd = end;
              matchStart = isep;
            }
          }
        }
        if (matchEnd !== -1) break;
        offset = Math.max(0, buflen + 1 - maxSeplen);
        if (offset > this._limit) {
          throw new LimitOverrunError("Separator is not found, and chunk exceed the limit", offset);
        }
      }
      // The last chunk may complete a separator, so EOF is checked after searching.
      if (this._eof) {
        throw new IncompleteReadError(this._take(buflen), null);
      }
      yield* this._waitForData("readuntil");
    }
    if (matchStart > this._limit) {
      throw new LimitOverrunError("Separator is found, but chunk is longer than limit", matchStart);
    }
    const chunk = this._take(matchEnd);
    this._maybeResumeTransport();
    return chunk;
  }

  /**
   * Reads up to `n` bytes: with n > 0, returns as soon as at least one byte is buffered (an
   * empty buffer at EOF); with n < 0 (the default), reads until EOF; with 0, returns at once.
   *
   * @throws the connection's error (e.g. {@link ConnectionResetError}) once it failed.
   * @example
   * ```ts
   * const chunk = yield* reader.read(4096);
   * const everything = yield* reader.read();
   * ```
   */
  *read(n = -1): Coroutine<Buffer> {
    if (this._exception !== undefined) throw this._exception;
    if (n === 0) return EMPTY;
    if (n < 0) {
      // Reading `limit` at a time keeps a paused transport resuming (a single wait would
      // deadlock once more than 2 * limit bytes arrive).
      const blocks: Buffer[] = [];
      for (;;) {
        const block = yield* this.read(this._limit);
        if (block.length === 0) break;
        blocks.push(block);
      }
      return blocks.length === 1 ? (blocks[0] as Buffer) : Buffer.concat(blocks);
    }
    if (!Number.isInteger(n)) throw new TypeError(`read() needs an integer byte count, got ${n}`);
    if (this._start === this._end && !this._eof) yield* this._waitForData("read");
    const data = this._take(Math.min(n, this._end - this._start));
    this._maybeResumeTransport();
    return data;
  }

  /**
   * Reads exactly `n` bytes.
   *
   * @throws {IncompleteReadError} when the stream ends first; `partial` holds what was read and
   *   `expected` is n.
   * @throws {ValueError} for a negative n.
   * @example
   * ```ts
   * const size = (yield* reader.readexactly(4)).readUInt32BE(0);
   * const body = yield* reader.readexactly(size);
   * ```
   */
  *readexactly(n: number): Coroutine<Buffer> {
    if (n < 0) throw new ValueError("readexactly size can not be less than zero");
    if (!Number.isInteger(n))
      throw new TypeError(`readexactly() needs an integer byte count, got ${n}`);
    if (this._exception !== undefined) throw this._exception;
    if (n === 0) return EMPTY;
    while (this._end - this._start < n) {
      if (this._eof) {
        throw new IncompleteReadError(this._take(this._end - this._start), n);
      }
      yield* this._waitForData("readexactly");
    }
    const data = this._take(n);
    this._maybeResumeTransport();
    return data;
  }

  /**
   * asyncio's repr: `<StreamReader 4 bytes eof limit=123 ...>`.
   * @example
   * ```ts
   * String(reader); // "<StreamReader>"
   * ```
   */
  toString(): string {
    const info = ["StreamReader"];
    const len = this._end - this._start;
    if (len > 0) info.push(`${len} bytes`);
    if (this._eof) info.push("eof");
    if (this._limit !== DEFAULT_LIMIT) info.push(`limit=${this._limit}`);
    if (this._waiter !== null) info.push(`waiter=${String(this._waiter)}`);
    if (this._exception !== undefined) info.push(`exception=${reprError(this._exception)}`);
    if (this._transport !== null) info.push(`transport=${String(this._transport)}`);
    if (this._paused) info.push("paused");
    return `<${info.join(" ")}>`;
  }

  /** @internal */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

function reprError(e: unknown): string {
  if (e instanceof Error) return `${e.name}(${e.message ? JSON.stringify(e.message) : ""})`;
  return String(e);
}
