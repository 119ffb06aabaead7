import type { Socket } from "node:net";
import type { PeerCertificate } from "node:tls";
import type { AbstractEventLoop, Coroutine } from "@tsio/future";
import { sleep } from "@tsio/task";
import type { StreamReaderProtocol } from "./protocol.js";
import type { StreamReader } from "./reader.js";
import { type ClientSSL, type ServerSSL, startTlsTransport } from "./tls.js";
import type { SockAddr, SocketTransport } from "./transport.js";

/**
 * Python's `StreamWriter.__del__`: a writer collected while its connection is open closes it
 * and warns, so a handler that forgets `close()` does not leak the connection forever. (The
 * transport is reachable from its socket, never from here, so holding it is safe.)
 */
const unclosed = new FinalizationRegistry<SocketTransport>((transport) => {
  if (transport.isClosing()) return;
  transport.close();
  process.emitWarning(
    `unclosed <StreamWriter transport=${String(transport)}>: close() the writer when done`,
    { type: "ResourceWarning" },
  );
});

/** A coroutine that is already finished: what `drain()` returns when there is nothing to wait for. */
class Drained implements Coroutine<void> {
  next(): IteratorResult<unknown, void> {
    return { done: true, value: undefined };
  }
  throw(e?: unknown): IteratorResult<unknown, void> {
    throw e;
  }
  return(): IteratorResult<unknown, void> {
    return { done: true, value: undefined };
  }
  [Symbol.iterator](): Drained {
    return this;
  }
  [Symbol.dispose](): void {}
  get [Symbol.toStringTag](): string {
    return "Generator";
  }
}

const DRAINED = new Drained();

/**
 * Options of {@link StreamWriter.startTls}: Python's `server_hostname` and
 * `ssl_handshake_timeout`. startTls throws TimeoutError when the handshake takes longer, and
 * SSLCertVerificationError when the certificate check fails.
 *
 * @example
 * ```ts
 * const options: StartTlsWriterOptions = { serverHostname: "mail.example.com" };
 * function* upgrade(writer: StreamWriter) {
 *   yield* writer.startTls({ ca: [caPem] }, options);
 * }
 * ```
 */
export interface StartTlsWriterOptions {
  /** The name to check the server's certificate against (client side); '' skips the check. */
  serverHostname?: string;
  /** Seconds the handshake may take (default 60). */
  sslHandshakeTimeout?: number;
}

/**
 * asyncio.StreamWriter: the writing half of a stream. `write` queues bytes at once (it is not
 * a coroutine); `drain()` waits while Node's buffer is above its high-water mark, and raises
 * the connection's error once the connection failed. Bytes are `Uint8Array`s (a `Buffer` is
 * one); a string is refused, encode it first.
 *
 * @example
 * ```ts
 * function* send(writer: StreamWriter, lines: string[]) {
 *   for (const line of lines) {
 *     writer.write(Buffer.from(`${line}\n`));
 *     yield* writer.drain();
 *   }
 *   writer.close();
 *   yield* writer.waitClosed();
 * }
 * ```
 */
export class StreamWriter {
  /** @internal */ _transport: SocketTransport;
  /** @internal */ readonly _protocol: StreamReaderProtocol;
  /** @internal */ readonly _reader: StreamReader | null;
  /** @internal */ readonly _loop: AbstractEventLoop;

  /** @internal Streams are made by openConnection and startServer. */
  constructor(
    transport: SocketTransport,
    protocol: StreamReaderProtocol,
    reader: StreamReader | null,
    loop: AbstractEventLoop,
  ) {
    this._transport = transport;
    this._protocol = protocol;
    this._reader = reader;
    this._loop = loop;
    this._track();
  }

  private _track(): void {
    unclosed.register(this, this._transport, this);
  }

  /**
   * The transport under the writer (after `startTls`, the TLS one).
   * @example
   * ```ts
   * writer.transport.getWriteBufferSize();
   * ```
   */
  get transport(): SocketTransport {
    return this._transport;
  }

  /**
   * Queues bytes for sending; follow with `yield* writer.drain()` to respect flow control.
   * Node keeps a reference to `data` until sent: do not modify it afterwards.
   *
   * @throws {TypeError} for a string or anything else not a Uint8Array.
   * @throws {ConnectionResetError} after `close()`.
   * @throws {RuntimeError} after `writeEof()`.
   * @example
   * ```ts
   * writer.write(Buffer.from("hello\n"));
   * yield* writer.drain();
   * ```
   */
  write(data: Uint8Array): void {
    this._transport.write(data);
  }

  /**
   * Queues several chunks at once.
   * @example
   * ```ts
   * writer.writelines([Buffer.from("a\n"), Buffer.from("b\n")]);
   * ```
   */
  writelines(data: Iterable<Uint8Array>): void {
    this._transport.writelines(data);
  }

  /**
   * Sends EOF after the queued bytes (TCP half-close); the reader keeps reading.
   * @throws {RuntimeError} over TLS (see {@link canWriteEof}).
   * @example
   * ```ts
   * writer.writeEof();
   * const answer = yield* reader.read();
   * ```
   */
  writeEof(): void {
    this._transport.writeEof();
  }

  /**
   * True when {@link writeEof} is supported (plain TCP and Unix sockets; not TLS).
   * @example
   * ```ts
   * writer.canWriteEof(); // true
   * ```
   */
  canWriteEof(): boolean {
    return this._transport.canWriteEof();
  }

  /**
   * Closes the stream once the queued bytes are sent. Follow with `yield* writer.waitClosed()`.
   * @example
   * ```ts
   * writer.close();
   * yield* writer.waitClosed();
   * ```
   */
  close(): void {
    this._transport.close();
  }

  /**
   * True once the stream is closing or closed.
   * @example
   * ```ts
   * writer.close(); writer.isClosing(); // true
   * ```
   */
  isClosing(): boolean {
    return this._transport.isClosing();
  }

  /**
   * Waits until the connection is closed.
   * @throws the error the connection was lost with, if any (e.g. {@link ConnectionResetError}).
   * @example
   * ```ts
   * writer.close();
   * yield* writer.waitClosed();
   * ```
   */
  *waitClosed(): Coroutine<void> {
    yield* this._protocol._getCloseWaiter();
  }

  /**
   * Information about the connection: `peername`, `sockname` (`[host, port]`, or a Unix
   * path), `socket` (the Node socket), `sslcontext` (the TLS options; undefined without TLS),
   * `peercert`, `cipher`, `ssl_object`. Unknown names give `defaultValue`.
   * @example
   * ```ts
   * const addr = writer.getExtraInfo("peername"); // ["127.0.0.1", 53712]
   * ```
   */
  getExtraInfo(name: "peername" | "sockname"): SockAddr | undefined;
  getExtraInfo(name: "socket"): Socket;
  getExtraInfo(name: "peercert"): PeerCertificate | undefined;
  getExtraInfo(name: string, defaultValue?: unknown): unknown;
  getExtraInfo(name: string, defaultValue?: unknown): unknown {
    return this._transport.getExtraInfo(name, defaultValue);
  }

  /**
   * Flow control: returns at once while Node's write buffer is below its high-water mark,
   * otherwise waits until it drains.
   *
   * @throws the connection's error (e.g. {@link ConnectionResetError}, {@link BrokenPipeError})
   *   once the connection failed; {@link ConnectionResetError} "Connection lost" once closed.
   * @example
   * ```ts
   * writer.write(chunk);
   * yield* writer.drain();
   * ```
   */
  drain(): Coroutine<void> {
    // The common case, nothing to wait for and nothing to report, costs no coroutine frame.
    const reader = this._reader;
    const protocol = this._protocol;
    if (
      (reader === null || reader._exception === undefined) &&
      !protocol._paused &&
      !protocol._connectionLost &&
      !this._transport.isClosing()
    ) {
      return DRAINED;
    }
    return this._drain();
  }

  private *_drain(): Coroutine<void> {
    const reader = this._reader;
    if (reader !== null && reader._exception !== undefined) throw reader._exception;
    if (this._transport.isClosing()) {
      // Give the loop a turn so a lost connection gets reported: a write/drain loop on a
      // closed socket would spin forever otherwise.
      yield* sleep(0);
    }
    const protocol = this._protocol;
    if (protocol._connectionLost || protocol._paused) yield* protocol._drainHelper();
  }

  /**
   * Upgrades the connection to TLS (STARTTLS). On a client, `sslcontext` is what
   * `openConnection`'s `ssl` takes; on a server's connection, what `startServer`'s `ssl` takes.
   * Bytes already buffered in the reader stay there.
   *
   * @throws {SSLError} / {@link SSLCertVerificationError} when the handshake fails,
   *   {@link ConnectionAbortedError} when it times out.
   * @example
   * ```ts
   * writer.write(Buffer.from("STARTTLS\r\n"));
   * yield* reader.readline();
   * yield* writer.startTls({ ca: [caPem] }, { serverHostname: "mail.example.com" });
   * ```
   */
  *startTls(sslcontext: ClientSSL | ServerSSL, options?: StartTlsWriterOptions): Coroutine<void> {
    const protocol = this._protocol;
    const serverSide = protocol._clientConnectedCb !== null;
    yield* this.drain();
    let serverHostname = options?.serverHostname;
    if (!serverSide && serverHostname === undefined) {
      const peer = this._transport.getExtraInfo("peername");
      serverHostname = Array.isArray(peer) ? (peer[0] as string) : undefined;
    }
    const transport = yield* startTlsTransport(this._loop, this._transport, sslcontext, {
      serverSide,
      serverHostname,
      sslHandshakeTimeout: options?.sslHandshakeTimeout,
    });
    this._transport = transport;
    protocol._replaceWriter(this);
    unclosed.unregister(this);
    this._track();
  }

  /**
   * `<StreamWriter transport=... reader=...>`.
   * @example
   * ```ts
   * String(writer);
   * ```
   */
  toString(): string {
    const info = ["StreamWriter", `transport=${String(this._transport)}`];
    if (this._reader !== null) info.push(`reader=${String(this._reader)}`);
    return `<${info.join(" ")}>`;
  }

  /** @internal */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}
