/**
 * aiohttp.StreamReader: the response body as it arrives (`resp.content`), with
 * read/readline/readexactly/readany and chunk iterators. Data is buffered as the server sends
 * it; past twice `readBufsize` the transfer is paused until the reader catches up.
 * @module
 */
import {
  type AbstractEventLoop,
  type Coroutine,
  type Future,
  IncompleteReadError,
  RuntimeError,
  ValueError,
} from "@tsio/future";
import { LineTooLong } from "./errors.js";
import { type RequestTimer, waitFor } from "./timeout.js";

/** What the reader pulls from: a Node Readable (undici's body, or a decoder after it). */
export interface FlowSource {
  pause(): unknown;
  resume(): unknown;
}

const EMPTY = Buffer.alloc(0);

/**
 * aiohttp.StreamReader over a response body. All reads are coroutines (`yield*`); at the end of
 * the body they return an empty Uint8Array.
 *
 * @example
 * ```ts
 * const resp = yield* session.get(url);
 * const firstLine = yield* resp.content.readline();
 * const header = yield* resp.content.readexactly(16);
 * const chunks = resp.content.iterChunked(64 * 1024);
 * while (true) {
 *   const chunk = yield* chunks.anext();
 *   if (chunk === null) break;
 *   file.write(chunk);
 * }
 * ```
 */
export class StreamReader {
  private readonly _loop: AbstractEventLoop;
  private _buffer: Buffer[] = [];
  private _offset = 0;
  private _size = 0;
  private _eof = false;
  private _exception: unknown = null;
  private _waiter: Future<void> | null = null;
  private readonly _lowWater: number;
  private readonly _highWater: number;
  private _source: FlowSource | null = null;
  private _paused = false;
  private _readingAll = false;
  private readonly _timer: RequestTimer | null;
  private _eofCallbacks: (() => void)[] | null = null;
  /**
   * Bytes received so far.
   * @example
   * ```ts
   * resp.content.totalBytes; // bytes received so far
   * ```
   */
  totalBytes = 0;

  /**
   * @param loop - the loop the reads run on.
   * @param limit - the buffer size before the transfer pauses (twice this) and resumes (below it).
   * @param timer - the request's total-timeout timer, if any.
   * @internal
   */
  constructor(loop: AbstractEventLoop, limit = 2 ** 16, timer: RequestTimer | null = null) {
    this._loop = loop;
    this._lowWater = limit;
    this._highWater = limit * 2;
    this._timer = timer;
  }

  // ---- the producer side --------------------------------------------------------------------

  /** @internal */
  _setSource(source: FlowSource): void {
    this._source = source;
  }

  /** Appends data (called as the body arrives). @internal */
  feedData(data: Buffer): void {
    if (this._eof || data.length === 0) return;
    this._buffer.push(data);
    this._size += data.length;
    this.totalBytes += data.length;
    if (!this._readingAll) this._wake();
    if (
      this._size > this._highWater &&
      !this._paused &&
      !this._readingAll &&
      this._source !== null
    ) {
      this._paused = true;
      this._source.pause();
    }
  }

  /** Marks the end of the body. @internal */
  feedEof(): void {
    this._eof = true;
    this._wake();
    const cbs = this._eofCallbacks;
    this._eofCallbacks = null;
    if (cbs !== null) for (const cb of cbs) cb();
  }

  /**
   * Makes the pending and later reads fail with `exc` (a broken connection, a timeout).
   * @example
   * ```ts
   * reader.setException(new ClientPayloadError("Response payload is not completed"));
   * ```
   */
  setException(exc: unknown): void {
    this._exception = exc;
    this._eofCallbacks = null;
    const w = this._waiter;
    if (w !== null) {
      this._waiter = null;
      if (!w.done()) w.setException(exc);
    }
  }

  /** Calls `cb` once the body has fully arrived. @internal */
  onEof(cb: () => void): void {
    if (this._eof) cb();
    else if (this._eofCallbacks === null) this._eofCallbacks = [cb];
    else this._eofCallbacks.push(cb);
  }

  private _wake(): void {
    const w = this._waiter;
    if (w !== null) {
      this._waiter = null;
      if (!w.done()) w.setResult(undefined);
    }
  }

  // ---- state ----------------------------------------------------------------------------------

  /**
   * The exception set on the stream, or null.
   * @example
   * ```ts
   * if (resp.content.exception()) console.log("broken");
   * ```
   */
  exception(): unknown {
    return this._exception;
  }

  /**
   * True once the whole body has arrived (some may still be buffered).
   * @example
   * ```ts
   * resp.content.isEof();
   * ```
   */
  isEof(): boolean {
    return this._eof;
  }

  /**
   * True once the whole body has arrived and been read.
   * @example
   * ```ts
   * while (!resp.content.atEof()) yield* resp.content.readany();
   * ```
   */
  atEof(): boolean {
    return this._eof && this._size === 0;
  }

  /**
   * Waits until the whole body has arrived (without reading it).
   * @example
   * ```ts
   * yield* resp.content.waitEof();
   * ```
   */
  *waitEof(): Coroutine<void> {
    while (!this._eof) yield* this._wait("waitEof");
  }

  private *_wait(funcName: string): Coroutine<void> {
    if (this._exception !== null) throw this._exception;
    if (this._waiter !== null) {
      throw new RuntimeError(
        `${funcName}() called while another coroutine is already waiting for incoming data`,
      );
    }
    if (this._paused && this._source !== null) {
      this._paused = false;
      this._source.resume();
    }
    const waiter = this._loop.createFuture<void>();
    this._waiter = waiter;
    try {
      yield* waitFor(waiter, this._timer);
    } finally {
      if (this._waiter === waiter) this._waiter = null;
    }
  }

  // ---- reading --------------------------------------------------------------------------------

  /**
   * Reads up to `n` bytes (as soon as some are there), or with `n < 0` (the default) the whole
   * rest of the body. An empty result means the end of the body.
   * @example
   * ```ts
   * const all = yield* resp.content.read();
   * const some = yield* resp.content.read(1024);
   * ```
   */
  *read(n = -1): Coroutine<Buffer> {
    if (this._exception !== null) throw this._exception;
    if (n === 0) return EMPTY;
    if (n < 0) {
      this._readingAll = true;
      this._resumeIfPaused();
      try {
        while (!this._eof) yield* this._wait("read");
      } finally {
        this._readingAll = false;
      }
      if (this._exception !== null) throw this._exception;
      return this._readNowait(-1);
    }
    while (this._size === 0 && !this._eof) yield* this._wait("read");
    return this._readNowait(n);
  }

  /**
   * Whatever is buffered, waiting for some data first when nothing is (empty at the end).
   * @example
   * ```ts
   * const piece = yield* resp.content.readany();
   * ```
   */
  *readany(): Coroutine<Buffer> {
    if (this._exception !== null) throw this._exception;
    while (this._size === 0 && !this._eof) yield* this._wait("readany");
    return this._readNowait(-1);
  }

  /**
   * Exactly `n` bytes.
   * @throws {IncompleteReadError} when the body ends first (`partial` holds what came).
   * @example
   * ```ts
   * const magic = yield* resp.content.readexactly(4);
   * ```
   */
  *readexactly(n: number): Coroutine<Buffer> {
    if (this._exception !== null) throw this._exception;
    const blocks: Buffer[] = [];
    let left = n;
    while (left > 0) {
      const block = yield* this.read(left);
      if (block.length === 0) {
        const partial = Buffer.concat(blocks);
        throw new IncompleteReadError(partial, partial.length + left);
      }
      blocks.push(block);
      left -= block.length;
    }
    return blocks.length === 1 ? (blocks[0] as Buffer) : Buffer.concat(blocks);
  }

  /**
   * One line, "\n" included (the last line may lack it; empty at the end).
   * @throws {LineTooLong} past `maxLineLength` (default: twice the buffer limit) without "\n".
   * @example
   * ```ts
   * const line = (yield* resp.content.readline()).toString();
   * ```
   */
  *readline(options?: { maxLineLength?: number }): Coroutine<Buffer> {
    return yield* this.readuntil("\n", { maxSize: options?.maxLineLength });
  }

  /**
   * Bytes up to and including `separator` (or to the end of the body).
   * @throws {ValueError} for an empty separator. {@link LineTooLong} past `maxSize`.
   * @example
   * ```ts
   * const record = yield* resp.content.readuntil("\0");
   * ```
   */
  *readuntil(
    separator: string | Uint8Array = "\n",
    options?: { maxSize?: number },
  ): Coroutine<Buffer> {
    const sep = typeof separator === "string" ? Buffer.from(separator) : Buffer.from(separator);
    if (sep.length === 0) throw new ValueError("Separator should be at least one-byte string");
    if (this._exception !== null) throw this._exception;
    const maxSize = options?.maxSize || this._highWater;
    for (;;) {
      if (this._size > 0) {
        const buf = this._coalesce();
        const at = buf.indexOf(sep, this._offset);
        if (at >= 0) return this._readNowait(at - this._offset + sep.length);
        if (this._size > maxSize) {
          throw new LineTooLong(`Got more than ${maxSize} bytes when reading: line is too long.`);
        }
      }
      if (this._eof) return this._readNowait(-1);
      yield* this._wait("readuntil");
    }
  }

  /** Joins the buffered chunks into one (for a separator search across chunk borders). */
  private _coalesce(): Buffer {
    if (this._buffer.length > 1) {
      const first = (this._buffer[0] as Buffer).subarray(this._offset);
      this._buffer[0] = first;
      this._offset = 0;
      this._buffer = [Buffer.concat(this._buffer, this._size)];
    }
    return this._buffer[0] as Buffer;
  }

  /**
   * What is buffered now, up to `n` bytes, without waiting.
   * @throws {RuntimeError} while a read is waiting.
   * @example
   * ```ts
   * const now = resp.content.readNowait();
   * ```
   */
  readNowait(n = -1): Buffer {
    if (this._exception !== null) throw this._exception;
    if (this._waiter !== null && !this._waiter.done()) {
      throw new RuntimeError("Called while some coroutine is waiting for incoming data.");
    }
    return this._readNowait(n);
  }

  private _readNowaitChunk(n: number): Buffer {
    const first = this._buffer[0] as Buffer;
    const offset = this._offset;
    let data: Buffer;
    if (n !== -1 && first.length - offset > n) {
      data = first.subarray(offset, offset + n);
      this._offset += n;
    } else {
      this._buffer.shift();
      data = offset ? first.subarray(offset) : first;
      this._offset = 0;
    }
    this._size -= data.length;
    return data;
  }

  private _readNowait(n: number): Buffer {
    this._resumeIfPaused();
    if (this._buffer.length === 0) return EMPTY;
    if (n === -1 && this._offset === 0) {
      const all =
        this._buffer.length === 1
          ? (this._buffer[0] as Buffer)
          : Buffer.concat(this._buffer, this._size);
      this._buffer = [];
      this._size = 0;
      this._afterRead();
      return all;
    }
    const chunks: Buffer[] = [];
    let left = n;
    while (this._buffer.length > 0) {
      const chunk = this._readNowaitChunk(left);
      chunks.push(chunk);
      if (left !== -1) {
        left -= chunk.length;
        if (left === 0) break;
      }
    }
    this._afterRead();
    return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
  }

  private _afterRead(): void {
    if (this._paused && this._size < this._lowWater) this._resumeIfPaused();
  }

  private _resumeIfPaused(): void {
    if (
      this._paused &&
      this._source !== null &&
      (this._readingAll || this._size < this._lowWater)
    ) {
      this._paused = false;
      this._source.resume();
    }
  }

  // ---- iteration --------------------------------------------------------------------------------

  /**
   * Chunks of at most `n` bytes until the end (aiohttp's `iter_chunked`).
   * @example
   * ```ts
   * const it = resp.content.iterChunked(1024);
   * for (let c = yield* it.anext(); c !== null; c = yield* it.anext()) out.push(c);
   * ```
   */
  iterChunked(n: number): StreamIterator<Buffer> {
    if (!(n > 0)) throw new ValueError(`iterChunked needs a chunk size > 0, got ${n}`);
    return new StreamIterator(() => this.read(n));
  }

  /**
   * Each piece as it arrives, until the end (aiohttp's `iter_any`).
   * @example
   * ```ts
   * const it = resp.content.iterAny();
   * ```
   */
  iterAny(): StreamIterator<Buffer> {
    return new StreamIterator(() => this.readany());
  }

  /**
   * Line by line, until the end (aiohttp's `async for line in resp.content`).
   * @example
   * ```ts
   * const lines = resp.content.iterLine();
   * while (true) { const line = yield* lines.anext(); if (line === null) break; }
   * ```
   */
  iterLine(): StreamIterator<Buffer> {
    return new StreamIterator(() => this.readline());
  }

  /**
   * Native async iteration over the pieces, for `for await` in async functions and for
   * streaming the body into another request's `data`.
   * @example
   * ```ts
   * for await (const chunk of resp.content) hash.update(chunk);
   * ```
   */
  [Symbol.asyncIterator](): AsyncIterator<Buffer> {
    return this.iterAny()[Symbol.asyncIterator]();
  }

  /**
   * aiohttp's repr: `<StreamReader 12 bytes eof>`.
   * @example
   * ```ts
   * String(resp.content);
   * ```
   */
  toString(): string {
    const info = ["StreamReader"];
    if (this._size) info.push(`${this._size} bytes`);
    if (this._eof) info.push("eof");
    if (this._exception !== null) info.push(`e=${String(this._exception)}`);
    return `<${info.join(" ")}>`;
  }
}

/**
 * An iterator over a stream: `yield* it.anext()` gives the next item, or null at the end (the
 * coroutine form of Python's `async for`). It is also a native AsyncIterable.
 *
 * @example
 * ```ts
 * const it = resp.content.iterChunked(4096);
 * while (true) {
 *   const chunk = yield* it.anext();
 *   if (chunk === null) break;
 *   total += chunk.length;
 * }
 * ```
 */
export class StreamIterator<T extends Uint8Array> implements AsyncIterable<T> {
  private _done = false;
  /** @internal */
  constructor(private readonly _read: () => Coroutine<T>) {}

  /**
   * The next item, or null once the stream is exhausted.
   * @example
   * ```ts
   * const first = yield* it.anext();
   * ```
   */
  *anext(): Coroutine<T | null> {
    if (this._done) return null;
    const item = yield* this._read();
    if (item.length === 0) {
      this._done = true;
      return null;
    }
    return item;
  }

  /**
   * For `for await (const chunk of it)` in native async code (runs on the loop of the stream).
   * @example
   * ```ts
   * for await (const chunk of resp.content.iterChunked(1024)) console.log(chunk.length);
   * ```
   */
  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: async (): Promise<IteratorResult<T>> => {
        const item = await runCoroutine(this.anext());
        return item === null ? { done: true, value: undefined } : { done: false, value: item };
      },
    };
  }
}

/**
 * Drives a coroutine from native code: each yielded future is awaited as a Promise. Used for
 * the AsyncIterable side of streams (undici pulls request bodies from outside any task).
 */
async function runCoroutine<T>(coro: Coroutine<T>): Promise<T> {
  let step = coro.next();
  while (!step.done) {
    const fut = step.value as Future<unknown>;
    fut._asyncioFutureBlocking = false;
    try {
      await fut;
    } catch {
      // The coroutine sees the outcome through the future itself.
    }
    step = coro.next();
  }
  return step.value;
}
