import { type AbstractEventLoop, type Coroutine, type Future, isFuture } from "@tsio/future";
import { isCoroutine } from "@tsio/generator-utils";
import { ConnectionResetError } from "./errors.js";
import type { StreamReader } from "./reader.js";
import type { SocketTransport, StreamProtocolLike } from "./transport.js";
import { StreamWriter } from "./writer.js";

/**
 * What `startServer` calls for each new connection: a plain function, or a coroutine function
 * (`function*`), whose coroutine then runs as a task. An `async` function works too: its
 * rejection is reported like a coroutine's exception. Other return values are ignored. What
 * the callback throws goes to the loop's exception handler ("Unhandled exception in
 * client_connected_cb") and closes that connection; the server keeps serving.
 *
 * @example
 * ```ts
 * const echo: ClientConnectedCallback = function* (reader, writer) {
 *   const line = yield* reader.readline();
 *   writer.write(line);
 *   yield* writer.drain();
 *   writer.close();
 * };
 * function* main() {
 *   const server = yield* startServer(echo, "127.0.0.1", 8888);
 * }
 * ```
 */
export type ClientConnectedCallback = (reader: StreamReader, writer: StreamWriter) => unknown;

const MESSAGE = "Unhandled exception in client_connected_cb";

/**
 * asyncio's `StreamReaderProtocol` with its `FlowControlMixin`: feeds a StreamReader from the
 * transport, calls the client-connected callback of a server, and lets `drain()` wait while
 * the transport's write buffer is full.
 * @internal
 */
export class StreamReaderProtocol implements StreamProtocolLike {
  /** @internal */ readonly _loop: AbstractEventLoop;
  /** @internal */ _reader: StreamReader | null;
  /** @internal */ readonly _clientConnectedCb: ClientConnectedCallback | null;
  /** @internal */ _transport: SocketTransport | null = null;
  /** @internal */ _task: Future<unknown> | null = null;
  /** @internal */ _overSsl = false;
  /** @internal */ readonly _closed: Future<void>;
  // FlowControlMixin
  /** @internal */ _paused = false;
  /** @internal */ _connectionLost = false;
  private readonly _drainWaiters: Future<void>[] = [];

  constructor(
    reader: StreamReader | null,
    clientConnectedCb: ClientConnectedCallback | null,
    loop: AbstractEventLoop,
  ) {
    this._loop = loop;
    this._reader = reader;
    this._clientConnectedCb = clientConnectedCb;
    this._closed = loop.createFuture<void>();
  }

  /** @internal */
  _replaceWriter(writer: StreamWriter): void {
    const transport = writer.transport;
    this._transport = transport;
    this._overSsl = transport.getExtraInfo("sslcontext") !== undefined;
    this._reader?._replaceTransport(transport);
  }

  connectionMade(transport: SocketTransport): void {
    this._transport = transport;
    const reader = this._reader;
    if (reader !== null) reader.setTransport(transport);
    this._overSsl = transport.getExtraInfo("sslcontext") !== undefined;
    const cb = this._clientConnectedCb;
    if (cb === null) return;
    const loop = this._loop;
    // Not kept here (as in Python 3.13): a writer the handler drops can be collected, and then
    // closes its connection (see StreamWriter).
    const writer = new StreamWriter(transport, this, reader, loop);
    const fail = (exc: unknown): void => {
      loop.callExceptionHandler({ message: MESSAGE, exception: exc, transport });
      transport.close();
    };
    let res: unknown;
    try {
      res = cb(reader as StreamReader, writer);
    } catch (exc) {
      fail(exc);
      return;
    }
    if (isCoroutine(res)) {
      const task = loop.createTask(res as Coroutine<unknown>);
      this._task = task;
      task.addDoneCallback((t) => {
        // V8 keeps a finished generator's locals (the writer) reachable through the task:
        // let go of it so an unclosed writer can be collected and closed.
        this._task = null;
        if (t.cancelled()) {
          transport.close();
          return;
        }
        const exc = t.exception();
        if (exc !== undefined) fail(exc);
      });
    } else if (
      !isFuture(res) &&
      typeof res === "object" &&
      res !== null &&
      typeof (res as PromiseLike<unknown>).then === "function"
    ) {
      (res as PromiseLike<unknown>).then(undefined, (exc: unknown) => {
        if (!loop.isClosed()) loop.callSoon(fail, exc);
      });
    }
  }

  connectionLost(exc: Error | null): void {
    const reader = this._reader;
    if (reader !== null) {
      if (exc === null) reader.feedEof();
      else reader.setException(exc);
    }
    const closed = this._closed;
    if (!closed.done()) {
      if (exc === null) {
        closed.setResult(undefined);
      } else {
        closed.setException(exc);
        closed.exception(); // retrieved: waitClosed() is optional
      }
    }
    this._connectionLost = true;
    if (this._paused) {
      for (const waiter of this._drainWaiters) {
        if (waiter.done()) continue;
        if (exc === null) waiter.setResult(undefined);
        else waiter.setException(exc);
      }
    }
    this._reader = null;
    this._task = null;
    this._transport = null;
  }

  dataReceived(chunk: Buffer): void {
    this._reader?._feed(chunk);
  }

  eofReceived(): boolean {
    this._reader?.feedEof();
    // Over TLS the connection closes at EOF (Python's SSL transport ignores half-closes).
    return !this._overSsl;
  }

  pauseWriting(): void {
    this._paused = true;
  }

  resumeWriting(): void {
    this._paused = false;
    for (const waiter of this._drainWaiters) {
      if (!waiter.done()) waiter.setResult(undefined);
    }
  }

  /** @internal */
  *_drainHelper(): Coroutine<void> {
    if (this._connectionLost) {
      throw new ConnectionResetError(
        "Connection lost: the peer closed the connection, or close() was called",
      );
    }
    if (!this._paused) return;
    const waiter = this._loop.createFuture<void>();
    this._drainWaiters.push(waiter);
    try {
      yield* waiter;
    } finally {
      const i = this._drainWaiters.indexOf(waiter);
      if (i !== -1) this._drainWaiters.splice(i, 1);
    }
  }

  /** @internal */
  _getCloseWaiter(): Future<void> {
    return this._closed;
  }
}
