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
import { ByteQueue } from "./byte-queue.js";

/**
 * asyncio's `_DEFAULT_LIMIT`: 64 KiB, the default `limit` of readers and of the streams
 * functions. A constant; a line longer than the limit makes `readline` throw ValueError
 * (`readuntil`: LimitOverrunError).
 *
 * @example
 * ```ts
 * const reader = new StreamReader({ limit: 4 * DEFAULT_LIMIT }); // lines up to 256 KiB
 * ```
 */
export const DEFAULT_LIMIT = 2 ** 16;

const EMPTY: Buffer = Buffer.alloc(0);
const LF: Buffer = Buffer.from("\n");

/**
 * A separator for {@link StreamReader.readuntil}: bytes, or a string (encoded as UTF-8).
 * readuntil throws ValueError for an empty separator.
 *
 * @example
 * ```ts
 * const crlf: Separator = "\r\n";
 * const nul: Separator = new Uint8Array([0]);
 * function* readRecord(reader: StreamReader) {
 *   return yield* reader.readuntil([crlf, nul]);
 * }
 * ```
 */
export type Separator = string | Uint8Array;

/** What the reader needs of its transport: flow control on the reading side. */
export interface ReadTransport {
  pauseReading(): void;
  resumeReading(): void;
}

/**
 * Options of the StreamReader constructor: Python's `limit` and `loop`. The constructor throws
 * ValueError when `limit` is not positive.
 *
 * @example
 * ```ts
 * const options: StreamReaderOptions = { limit: 1024 * 1024 };
 * const reader = new StreamReader(options);
 * reader.feedData(Buffer.from("hello\n"));
 * reader.feedEof();
 * ```
 */
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
  private readonly _queue = new ByteQueue();
  /** @internal */ _eof = false;
  /** @internal */ _waiter: Future<void> | null = null;
  /** @internal */ _exception: unknown = undefined;
  /** @internal */ _transport: ReadTransport | null = null;
  /** @internal */ _paused = false;
  private _matchStart = -1;
  private _scanFrom = 0;

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
    if (this._paused && this._queue.length <= this._limit) {
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
    return this._eof && this._queue.length === 0;
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
    const queue = this._queue;
    queue.push(chunk);
    this._wakeupWaiter();
    const transport = this._transport;
    if (transport !== null && !this._paused && queue.length > 2 * this._limit) {
      this._paused = true;
      transport.pauseReading();
    }
  }

  /** The buffered bytes, as a view: what `_buffer` is in Python's tests. @internal */
  get _buffer(): Buffer {
    return this._queue.view();
  }

  /**
   * The future a read waits on until feedData() or feedEof() is called (Python's
   * `_wait_for_data`, without its own coroutine frame: callers `yield*` it and clear
   * `_waiter` in a finally). A paused transport is resumed first: a read larger than the
   * buffer limit would wait forever otherwise.
   */
  private _waitForData(funcName: string): Future<void> {
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
    return waiter;
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
      this._scanFrom = 0;
      for (;;) {
        const line = this._scan(LF, 1, 1);
        if (line !== null) return line;
        const waiter = this._waitForData("readuntil");
        try {
          yield* waiter;
        } finally {
          this._waiter = null;
        }
      }
    } catch (e) {
      if (e instanceof IncompleteReadError) return e.partial as Buffer;
      if (e instanceof LimitOverrunError) {
        if (this._queue.startsWith(LF, e.consumed)) this._queue.take(e.consumed + 1);
        else this._queue.clear();
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
    let seps: Buffer | Buffer[];
    let minSeplen: number;
    let maxSeplen: number;
    if (Array.isArray(separator)) {
      seps = (separator as readonly Separator[]).map(toBytes).sort((a, b) => a.length - b.length);
      if (seps.length === 0) throw new ValueError("Separator should contain at least one element");
      minSeplen = (seps[0] as Buffer).length;
      maxSeplen = (seps[seps.length - 1] as Buffer).length;
    } else {
      seps = separator === LF ? LF : toBytes(separator as Separator);
      minSeplen = maxSeplen = seps.length;
    }
    if (minSeplen === 0) throw new ValueError("Separator should be at least one-byte string");
    this._scanFrom = 0;
    for (;;) {
      const chunk = this._scan(seps, minSeplen, maxSeplen);
      if (chunk !== null) return chunk;
      const waiter = this._waitForData("readuntil");
      try {
        yield* waiter;
      } finally {
        this._waiter = null;
      }
    }
  }

  /**
   * One pass of Python's readuntil loop over what is buffered: returns the bytes up to and
   * including the first separator, or null when the caller must wait for more data.
   * `_scanFrom` carries how many leading bytes are known to hold no separator.
   *
   * @throws {LimitOverrunError} past the limit. {@link IncompleteReadError} at EOF.
   */
  private _scan(seps: Buffer | Buffer[], minSeplen: number, maxSeplen: number): Buffer | null {
    if (this._exception !== undefined) throw this._exception;
    const queue = this._queue;
    const buflen = queue.length;
    if (buflen - this._scanFrom >= minSeplen) {
      const matchEnd = this._search(seps, this._scanFrom);
      if (matchEnd !== -1) {
        if (this._matchStart > this._limit) {
          throw new LimitOverrunError(
            "Separator is found, but chunk is longer than limit",
            this._matchStart,
          );
        }
        const chunk = queue.take(matchEnd);
        this._maybeResumeTransport();
        return chunk;
      }
      this._scanFrom = Math.max(0, buflen + 1 - maxSeplen);
      if (this._scanFrom > this._limit) {
        throw new LimitOverrunError(
          "Separator is not found, and chunk exceed the limit",
          this._scanFrom,
        );
      }
    }
    // The last chunk may complete a separator, so EOF is checked after searching.
    if (this._eof) throw new IncompleteReadError(queue.take(buflen), null);
    return null;
  }

  /**
   * The end of the earliest-ending separator found at or after `offset` (its start goes to
   * `_matchStart`), or -1.
   */
  private _search(seps: Buffer | Buffer[], offset: number): number {
    const queue = this._queue;
    if (!Array.isArray(seps)) {
      const i = queue.indexOf(seps, offset);
      this._matchStart = i;
      return i === -1 ? -1 : i + seps.length;
    }
    let matchEnd = -1;
    for (const sep of seps) {
      const i = queue.indexOf(sep, offset);
      if (i !== -1 && (matchEnd === -1 || i + sep.length < matchEnd)) {
        matchEnd = i + sep.length;
        this._matchStart = i;
      }
    }
    return matchEnd;
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
    const queue = this._queue;
    if (queue.length === 0 && !this._eof) {
      const waiter = this._waitForData("read");
      try {
        yield* waiter;
      } finally {
        this._waiter = null;
      }
    }
    const data = queue.take(Math.min(n, queue.length));
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
    const queue = this._queue;
    while (queue.length < n) {
      if (this._eof) throw new IncompleteReadError(queue.take(queue.length), n);
      const waiter = this._waitForData("readexactly");
      try {
        yield* waiter;
      } finally {
        this._waiter = null;
      }
    }
    const data = queue.take(n);
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
    const len = this._queue.length;
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
