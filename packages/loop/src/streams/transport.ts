import type { Socket } from "node:net";
import type { TLSSocket } from "node:tls";
import { type AbstractEventLoop, RuntimeError } from "@tsio/future";
import { ConnectionResetError, formatAddress, fromNodeError } from "./errors.js";

/**
 * An internet address as Python gives it: `[host, port]`, or `[host, port, flowinfo, scopeId]`
 * for IPv6. What `getExtraInfo("peername")` gives for a TCP stream. A tuple type; it throws
 * nothing.
 *
 * @example
 * ```ts
 * function* main(writer: StreamWriter) {
 *   const peer = writer.getExtraInfo("peername") as InetAddress;
 *   const [host, port] = peer;
 *   console.log(`connected to ${host}:${port}`);
 * }
 * ```
 */
export type InetAddress =
  | [host: string, port: number]
  | [host: string, port: number, flowinfo: number, scopeId: number];

/**
 * A socket address: an {@link InetAddress}, or the path of a Unix socket. What
 * `getExtraInfo("peername" | "sockname")` returns. A type only; it throws nothing.
 *
 * @example
 * ```ts
 * function describeAddress(addr: SockAddr): string {
 *   return typeof addr === "string" ? `unix:${addr}` : `${addr[0]}:${addr[1]}`;
 * }
 * ```
 */
export type SockAddr = InetAddress | string;

/** What a transport calls on its protocol (asyncio's Protocol). */
export interface StreamProtocolLike {
  connectionMade(transport: SocketTransport): void;
  dataReceived(chunk: Buffer): void;
  /** True keeps the connection open for writing (a half-close). */
  eofReceived(): boolean;
  connectionLost(exc: Error | null): void;
  pauseWriting(): void;
  resumeWriting(): void;
}

/** What a server does with the transports of its connections (for `waitClosed`). */
export interface TransportOwner {
  _attach(transport: SocketTransport): void;
  _detach(transport: SocketTransport): void;
}

/** Extra information a transport is created with. */
export interface TransportExtra {
  /** The TLS options or secure context in use; undefined for plain TCP. */
  sslcontext?: unknown;
  /** A Unix socket's own path (sockname) and the peer's (peername), known from the call. */
  unixPath?: { sockname: string; peername: string };
  /** The server the connection belongs to. */
  server?: TransportOwner;
}

/** After this many writes to a lost connection, asyncio starts warning (LOG_THRESHOLD_FOR_CONNLOST_WRITES). */
const CONNLOST_WRITES_WARN = 5;

function inetAddress(
  address: string | undefined,
  port: number | undefined,
  family: string | undefined,
): InetAddress | undefined {
  if (address === undefined || port === undefined) return undefined;
  return family === "IPv6" ? [address, port, 0, 0] : [address, port];
}

/** Adds a no-op error listener (so a late error cannot crash the process) and destroys. @internal */
export function destroyQuietly(socket: Socket): void {
  socket.on("error", noop);
  socket.destroy();
}

function noop(): void {}

/**
 * asyncio's socket transport over a Node `net.Socket` (or `tls.TLSSocket`): it turns the
 * socket's events into protocol calls (`dataReceived`, `eofReceived`, `connectionLost`,
 * `pauseWriting`/`resumeWriting`) and offers asyncio's transport methods. Reached from a
 * stream as `writer.transport`.
 *
 * @example
 * ```ts
 * const [reader, writer] = yield* openConnection("127.0.0.1", 8888);
 * writer.transport.getWriteBufferSize(); // bytes Node has not sent yet
 * ```
 */
export class SocketTransport {
  /** @internal */ _socket: Socket;
  /** @internal */ _protocol: StreamProtocolLike;
  /** @internal */ readonly _loop: AbstractEventLoop;
  /** @internal */ readonly _extra: TransportExtra;
  private readonly _peername: SockAddr | undefined;
  private readonly _sockname: SockAddr | undefined;
  /** @internal */ _closing = false;
  private _closedByUser = false;
  private _eofWritten = false;
  /** @internal */ _connLost = false;
  private _connLostWrites = 0;
  private _readPaused = false;
  private _writePaused = false;
  private _error: Error | null = null;
  private _started = false;
  private _socketClosed = false;
  private _detached = false;

  /**
   * @internal Streams create transports; user code gets them from `writer.transport`.
   */
  constructor(
    loop: AbstractEventLoop,
    socket: Socket,
    protocol: StreamProtocolLike,
    extra: TransportExtra = {},
  ) {
    this._loop = loop;
    this._socket = socket;
    this._protocol = protocol;
    this._extra = extra;
    if (extra.unixPath !== undefined) {
      this._peername = extra.unixPath.peername;
      this._sockname = extra.unixPath.sockname;
    } else {
      this._peername = inetAddress(socket.remoteAddress, socket.remotePort, socket.remoteFamily);
      this._sockname = inetAddress(socket.localAddress, socket.localPort, socket.localFamily);
    }
    // An 'error' without a listener would crash the process: listen from the start.
    socket.on("error", this._onError);
    socket.on("close", this._onSocketClose);
    // The loop's own keep-alive holds the process while it runs; a socket must not hold it
    // once the loop is done (Python's process ends with asyncio.run, open sockets or not).
    socket.unref();
    extra.server?._attach(this);
  }

  /**
   * Calls `connectionMade` on the protocol (unless told not to: a TLS upgrade keeps the
   * protocol), then starts delivering the socket's events.
   * @internal
   */
  _start(callConnectionMade = true): void {
    if (this._started) return;
    this._started = true;
    if (callConnectionMade) this._protocol.connectionMade(this);
    const socket = this._socket;
    socket.on("data", this._onData);
    socket.on("end", this._onEnd);
    socket.on("drain", this._onDrain);
    if (this._socketClosed) this._onClose();
  }

  private readonly _onData = (chunk: Buffer): void => {
    if (this._closing) return;
    this._protocol.dataReceived(chunk);
  };

  private readonly _onEnd = (): void => {
    if (this._closing) return;
    const keepOpen = this._protocol.eofReceived();
    if (!keepOpen) this.close();
  };

  private readonly _onDrain = (): void => {
    if (this._writePaused) {
      this._writePaused = false;
      this._protocol.resumeWriting();
    }
  };

  private readonly _onError = (err: unknown): void => {
    if (this._error === null) this._error = fromNodeError(err);
  };

  private readonly _onSocketClose = (): void => {
    this._socketClosed = true;
    if (this._started) this._onClose();
  };

  private _onClose(): void {
    if (this._connLost || this._detached) return;
    this._connLost = true;
    this._closing = true;
    const exc = this._error;
    this._protocol.connectionLost(exc);
    this._extra.server?._detach(this);
  }

  /**
   * Stops listening to the socket (before it is handed to a TLS wrapper by `startTls`).
   * @internal
   */
  _detach(): void {
    this._detached = true;
    const socket = this._socket;
    socket.off("data", this._onData);
    socket.off("end", this._onEnd);
    socket.off("drain", this._onDrain);
    socket.off("close", this._onSocketClose);
    socket.off("error", this._onError);
    socket.on("error", noop);
  }

  /**
   * Sends bytes. Node keeps a reference to `data` until it is sent: do not modify it after.
   * When Node's buffer passes its high-water mark the protocol is paused, and
   * `writer.drain()` waits.
   *
   * @throws {TypeError} for anything but a Uint8Array (a Buffer is one).
   * @throws {ConnectionResetError} after `close()`. {@link RuntimeError} after `writeEof()`.
   * @example
   * ```ts
   * writer.transport.write(Buffer.from("ping\n"));
   * ```
   */
  write(data: Uint8Array): void {
    if (!(data instanceof Uint8Array)) {
      throw new TypeError(
        `data argument must be a bytes-like object (a Uint8Array or Buffer), not ${typeName(data)}: ` +
          'encode text first, e.g. writer.write(Buffer.from("text"))',
      );
    }
    if (this._closedByUser) {
      throw new ConnectionResetError(
        "Cannot write to a closed stream: close() was called on this writer, so the data cannot be sent",
      );
    }
    if (this._eofWritten) {
      throw new RuntimeError(
        "Cannot call write() after write_eof(): the sending side is shut down",
      );
    }
    if (data.byteLength === 0) return;
    if (this._connLost || this._socket.destroyed) {
      // As asyncio: the connection is gone; drain() and reads report why.
      this._connLostWrites++;
      if (this._connLostWrites === CONNLOST_WRITES_WARN) {
        process.emitWarning("socket.send() raised exception: writing to a lost connection", {
          type: "ResourceWarning",
        });
      }
      return;
    }
    if (!this._socket.write(data) && !this._writePaused) {
      this._writePaused = true;
      this._protocol.pauseWriting();
    }
  }

  /**
   * Sends several byte chunks at once (one system call where possible).
   * @example
   * ```ts
   * writer.transport.writelines([header, body]);
   * ```
   */
  writelines(list: Iterable<Uint8Array>): void {
    const chunks: Uint8Array[] = [];
    for (const chunk of list) {
      if (!(chunk instanceof Uint8Array)) {
        throw new TypeError(
          `writelines() needs Uint8Arrays or Buffers, got ${typeName(chunk)}: encode text first`,
        );
      }
      chunks.push(chunk);
    }
    if (chunks.length === 0) return;
    this.write(chunks.length === 1 ? (chunks[0] as Uint8Array) : Buffer.concat(chunks));
  }

  /**
   * True when the transport can half-close (send EOF and keep reading): plain TCP and Unix
   * sockets can, TLS cannot.
   * @example
   * ```ts
   * if (writer.canWriteEof()) writer.writeEof();
   * ```
   */
  canWriteEof(): boolean {
    return this._extra.sslcontext === undefined;
  }

  /**
   * Closes the sending side once the buffered data is sent (TCP FIN); reading goes on.
   * @throws {RuntimeError} on a TLS connection, which cannot half-close.
   * @example
   * ```ts
   * writer.writeEof();
   * const reply = yield* reader.read();
   * ```
   */
  writeEof(): void {
    if (!this.canWriteEof()) {
      throw new RuntimeError(
        "SSL transport does not support write_eof(): close() the writer instead",
      );
    }
    if (this._closing || this._eofWritten) return;
    this._eofWritten = true;
    this._socket.end();
  }

  /**
   * Closes the connection after the buffered data is sent; the protocol then sees
   * `connectionLost`.
   * @example
   * ```ts
   * writer.transport.close();
   * ```
   */
  close(): void {
    this._closedByUser = true;
    if (this._closing) return;
    this._closing = true;
    const socket = this._socket;
    if (socket.destroyed) return;
    if (!this._eofWritten) socket.end();
    if (socket.writableFinished) socket.destroy();
    else socket.once("finish", () => socket.destroy());
  }

  /**
   * Closes the connection at once, dropping unsent data.
   * @example
   * ```ts
   * writer.transport.abort();
   * ```
   */
  abort(): void {
    this._closedByUser = true;
    this._closing = true;
    destroyQuietly(this._socket);
  }

  /**
   * True once the transport is closing or closed.
   * @example
   * ```ts
   * writer.transport.isClosing();
   * ```
   */
  isClosing(): boolean {
    return this._closing || this._connLost;
  }

  /**
   * Stops reading from the socket (TCP then pushes back on the sender).
   * @example
   * ```ts
   * writer.transport.pauseReading();
   * ```
   */
  pauseReading(): void {
    if (this._closing || this._readPaused) return;
    this._readPaused = true;
    this._socket.pause();
  }

  /**
   * Resumes reading after {@link pauseReading}.
   * @example
   * ```ts
   * writer.transport.resumeReading();
   * ```
   */
  resumeReading(): void {
    if (this._closing || !this._readPaused) return;
    this._readPaused = false;
    this._socket.resume();
  }

  /**
   * True while the transport reads (not paused, not closing).
   * @example
   * ```ts
   * writer.transport.isReading();
   * ```
   */
  isReading(): boolean {
    return !this._readPaused && !this._closing;
  }

  /**
   * How many bytes Node holds that the kernel has not accepted yet.
   * @example
   * ```ts
   * writer.transport.getWriteBufferSize();
   * ```
   */
  getWriteBufferSize(): number {
    return this._socket.writableLength;
  }

  /**
   * Node's write high-water mark: above it, `drain()` waits.
   * @example
   * ```ts
   * writer.transport.getWriteBufferLimits(); // [0, 16384]
   * ```
   */
  getWriteBufferLimits(): [low: number, high: number] {
    return [0, this._socket.writableHighWaterMark];
  }

  /**
   * Information about the connection, as asyncio names it: `peername` and `sockname`
   * (`[host, port]`, or a path for Unix sockets), `socket` (the Node socket), `sslcontext`
   * (the TLS options or context; undefined without TLS), `peercert` (the peer's certificate,
   * when it sent one), `cipher`, `ssl_object` (the `tls.TLSSocket`). Unknown names give
   * `defaultValue`.
   * @example
   * ```ts
   * const [host, port] = writer.getExtraInfo("peername") as InetAddress;
   * ```
   */
  getExtraInfo(name: string, defaultValue?: unknown): unknown {
    const value = this._extraInfo(name);
    return value === undefined ? defaultValue : value;
  }

  private _extraInfo(name: string): unknown {
    switch (name) {
      case "peername":
        return this._peername;
      case "sockname":
        return this._sockname;
      case "socket":
        return this._socket;
      case "sslcontext":
        return this._extra.sslcontext;
      case "ssl_object":
        return this._extra.sslcontext === undefined ? undefined : this._socket;
      case "peercert": {
        if (this._extra.sslcontext === undefined) return undefined;
        const cert = (this._socket as TLSSocket).getPeerCertificate?.();
        return cert === undefined || cert === null || Object.keys(cert).length === 0
          ? undefined
          : cert;
      }
      case "cipher": {
        if (this._extra.sslcontext === undefined) return undefined;
        return (this._socket as TLSSocket).getCipher?.();
      }
      default:
        return undefined;
    }
  }

  /**
   * `<SocketTransport peername=... closing>`.
   * @example
   * ```ts
   * String(writer.transport);
   * ```
   */
  toString(): string {
    const info = [this._extra.sslcontext === undefined ? "SocketTransport" : "SSLTransport"];
    if (this._connLost) info.push("closed");
    else if (this._closing) info.push("closing");
    const peer = this._peername;
    if (typeof peer === "string") info.push(`peername='${peer}'`);
    else if (peer !== undefined) info.push(`peername=${formatAddress(peer[0], peer[1])}`);
    return `<${info.join(" ")}>`;
  }
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "string") return "'str' (a string)";
  if (typeof value === "object") return Object.prototype.toString.call(value);
  return typeof value;
}
