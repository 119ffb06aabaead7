import * as net from "node:net";
import { type AbstractEventLoop, type Coroutine, getRunningLoop, ValueError } from "@tsio/future";
import { formatAddress, fromNodeError } from "./errors.js";
import { waitForEvent } from "./node-events.js";
import { StreamReaderProtocol } from "./protocol.js";
import { StreamReader } from "./reader.js";
import { type ClientSSL, clientTlsOptions, wrapClientTls } from "./tls.js";
import { destroyQuietly, SocketTransport } from "./transport.js";
import { StreamWriter } from "./writer.js";

/**
 * Options of {@link openConnection}: Python's keyword arguments. openConnection throws
 * ValueError for options that do not go together (such as `serverHostname` without `ssl`, or
 * `sock` with a host), OSError when the connection fails, and TimeoutError when the TLS
 * handshake takes too long.
 *
 * @example
 * ```ts
 * const options: OpenConnectionOptions = { ssl: true, family: 4, limit: 1024 * 1024 };
 * function* main() {
 *   const [reader, writer] = yield* openConnection("example.com", 443, options);
 * }
 * ```
 */
export interface OpenConnectionOptions {
  /** The reader's buffer limit in bytes (default 64 KiB). */
  limit?: number;
  /** TLS: `true`, Node TLS options (`{ ca, cert, key, ... }`) or a `tls.SecureContext`. */
  ssl?: ClientSSL;
  /**
   * The host name to check the server's certificate against and send as SNI (default: `host`);
   * '' turns the check off. Only with `ssl`.
   */
  serverHostname?: string;
  /** Seconds the TLS handshake may take (default 60). Only with `ssl`. */
  sslHandshakeTimeout?: number;
  /** Address family: 4, 6, or 0 for either (default 0). */
  family?: 0 | 4 | 6;
  /** Local `[host, port]` to bind the socket to. */
  localAddr?: [host: string, port: number];
  /**
   * Seconds to wait for one address before trying the next one (Happy Eyeballs, RFC 8305);
   * Node tries addresses this way by default, with 0.25 s.
   */
  happyEyeballsDelay?: number;
  /** An already connected `net.Socket` to use instead of connecting (host and port omitted). */
  sock?: net.Socket;
}

/**
 * Options of {@link openUnixConnection}: Python's keyword arguments. openUnixConnection throws
 * ValueError for `ssl` without `serverHostname`, and OSError when the connection fails.
 *
 * @example
 * ```ts
 * const options: OpenUnixConnectionOptions = { limit: 256 * 1024 };
 * function* main() {
 *   const [reader, writer] = yield* openUnixConnection("/tmp/app.sock", options);
 * }
 * ```
 */
export interface OpenUnixConnectionOptions {
  /** The reader's buffer limit in bytes (default 64 KiB). */
  limit?: number;
  /** TLS over the Unix socket; `serverHostname` is then required. */
  ssl?: ClientSSL;
  /** The host name to check the certificate against ('' turns the check off). */
  serverHostname?: string;
  /** Seconds the TLS handshake may take (default 60). */
  sslHandshakeTimeout?: number;
  /** An already connected `net.Socket` to use instead of connecting (path omitted). */
  sock?: net.Socket;
}

interface NodeConnectError {
  code?: string;
  syscall?: string;
  address?: string;
  port?: number;
  errors?: unknown[];
}

function connectError(error: unknown, host: string | undefined, port: number | undefined): Error {
  const e = error as NodeConnectError;
  // Happy Eyeballs reports every address that failed in an AggregateError.
  if (
    e !== null &&
    typeof e === "object" &&
    e.code === undefined &&
    Array.isArray(e.errors) &&
    e.errors.length > 0
  ) {
    const all = e.errors.map((x) => connectError(x, host, port));
    const first = all[0] as Error;
    if (all.length === 1) return first;
    const Cls = all.every((x) => x.constructor === first.constructor) ? first.constructor : Error;
    const mapped = fromNodeError(e.errors[0]);
    return Object.assign(
      new (Cls as new (m: string, o?: ErrorOptions) => Error)(
        `Multiple exceptions: ${all.map((x) => x.message).join(", ")}`,
        { cause: error },
      ),
      { errno: (mapped as { errno?: number }).errno, code: (mapped as { code?: string }).code },
    );
  }
  if (e?.syscall === "getaddrinfo") return fromNodeError(error);
  const address = typeof e?.address === "string" ? e.address : host;
  const p = typeof e?.port === "number" ? e.port : port;
  return fromNodeError(error, `Connect call failed ${formatAddress(address, p)}`);
}

/**
 * Waits until `socket` is connected.
 * @internal
 */
function* waitConnected(
  loop: AbstractEventLoop,
  socket: net.Socket,
  mapError: (e: unknown) => Error,
): Coroutine<net.Socket> {
  if (!socket.connecting) {
    if (socket.destroyed) throw new ValueError("sock is closed: pass a connected net.Socket");
    return socket;
  }
  try {
    yield* waitForEvent<void>(loop, socket, "connect", { mapError });
  } catch (e) {
    destroyQuietly(socket);
    throw e;
  }
  return socket;
}

function* finishOpen(
  loop: AbstractEventLoop,
  socket: net.Socket,
  reader: StreamReader,
  ssl: ClientSSL | undefined,
  tls: { serverHostname?: string; sslHandshakeTimeout?: number },
  unixPath?: { sockname: string; peername: string },
): Coroutine<[StreamReader, StreamWriter]> {
  let sslcontext: unknown;
  if (ssl !== undefined && ssl !== false) {
    sslcontext = ssl === true ? clientTlsOptions(ssl) : ssl;
    socket = yield* wrapClientTls(loop, socket, ssl, tls);
  }
  const protocol = new StreamReaderProtocol(reader, null, loop);
  const transport = new SocketTransport(loop, socket, protocol, { sslcontext, unixPath });
  transport._start();
  const writer = new StreamWriter(transport, protocol, reader, loop);
  return [reader, writer];
}

function checkTlsOptions(
  options: OpenConnectionOptions | OpenUnixConnectionOptions | undefined,
): boolean {
  const ssl = options?.ssl;
  const useSsl = ssl !== undefined && ssl !== false;
  if (!useSsl && options?.serverHostname !== undefined) {
    throw new ValueError(
      "server_hostname is only meaningful with ssl: pass { ssl: true } or drop serverHostname",
    );
  }
  if (!useSsl && options?.sslHandshakeTimeout !== undefined) {
    throw new ValueError("ssl_handshake_timeout is only meaningful with ssl");
  }
  return useSsl;
}

/**
 * asyncio.open_connection: connects to `host`:`port` over TCP (with TLS when `ssl` is given)
 * and returns a `[reader, writer]` pair.
 *
 * @throws {ConnectionRefusedError} when nothing listens there, {@link gaierror} for a host name
 *   that does not resolve, {@link SSLCertVerificationError} for an untrusted certificate, and
 *   the other {@link OSError}s of a failed connect.
 * @throws {ValueError} for TLS options without `ssl`, or neither host/port nor `sock`.
 * @example
 * ```ts
 * function* tcpEchoClient(message: string) {
 *   const [reader, writer] = yield* openConnection("127.0.0.1", 8888);
 *   writer.write(Buffer.from(message));
 *   yield* writer.drain();
 *   const data = yield* reader.read(100);
 *   console.log(`Received: ${data.toString()}`);
 *   writer.close();
 *   yield* writer.waitClosed();
 * }
 * ```
 */
export function* openConnection(
  host?: string | null,
  port?: number | null,
  options?: OpenConnectionOptions,
): Coroutine<[StreamReader, StreamWriter]> {
  const loop = getRunningLoop();
  const useSsl = checkTlsOptions(options);
  const reader = new StreamReader({ limit: options?.limit, loop });
  const sock = options?.sock;
  let socket: net.Socket;
  const h = host ?? undefined;
  const p = port ?? undefined;
  if (sock !== undefined) {
    if (h !== undefined || p !== undefined) {
      throw new ValueError("host/port and sock can not be specified at the same time");
    }
    socket = yield* waitConnected(loop, sock, (e) => connectError(e, h, p));
  } else {
    if (h === undefined && p === undefined) {
      throw new ValueError("host and port was not specified and no sock specified");
    }
    const localAddr = options?.localAddr;
    const delay = options?.happyEyeballsDelay;
    const connectOptions: net.TcpNetConnectOpts = {
      host: h,
      port: p ?? 0,
      allowHalfOpen: true,
      noDelay: true,
      family: options?.family ?? 0,
    };
    if (localAddr !== undefined) {
      connectOptions.localAddress = localAddr[0];
      connectOptions.localPort = localAddr[1];
    }
    if (delay !== undefined) {
      connectOptions.autoSelectFamily = true;
      connectOptions.autoSelectFamilyAttemptTimeout = Math.max(10, Math.round(delay * 1000));
    }
    socket = yield* waitConnected(loop, net.connect(connectOptions), (e) => connectError(e, h, p));
  }
  let serverHostname = options?.serverHostname;
  if (useSsl && serverHostname === undefined) serverHostname = h;
  return yield* finishOpen(loop, socket, reader, useSsl ? options?.ssl : undefined, {
    serverHostname,
    sslHandshakeTimeout: options?.sslHandshakeTimeout,
  });
}

/**
 * asyncio.open_unix_connection: connects to the Unix socket at `path` and returns a
 * `[reader, writer]` pair.
 *
 * @throws {FileNotFoundError} when no socket exists at `path`; {@link ConnectionRefusedError}
 *   when nothing listens on it.
 * @throws {ValueError} with `ssl` but no `serverHostname`.
 * @example
 * ```ts
 * const [reader, writer] = yield* openUnixConnection("/tmp/echo.sock");
 * ```
 */
export function* openUnixConnection(
  path?: string | null,
  options?: OpenUnixConnectionOptions,
): Coroutine<[StreamReader, StreamWriter]> {
  const loop = getRunningLoop();
  const useSsl = checkTlsOptions(options);
  if (useSsl && options?.serverHostname === undefined) {
    throw new ValueError(
      "you have to pass server_hostname when using ssl: pass { serverHostname }",
    );
  }
  const reader = new StreamReader({ limit: options?.limit, loop });
  const sock = options?.sock;
  const where = path ?? undefined;
  const mapError = (e: unknown): Error =>
    fromNodeError(e, where === undefined ? undefined : formatAddress(where));
  let socket: net.Socket;
  if (sock !== undefined) {
    if (where !== undefined)
      throw new ValueError("path and sock can not be specified at the same time");
    socket = yield* waitConnected(loop, sock, mapError);
  } else {
    if (where === undefined || where === "") {
      throw new ValueError("no path was specified, and no sock specified");
    }
    socket = yield* waitConnected(
      loop,
      net.connect({ path: where, allowHalfOpen: true }),
      mapError,
    );
  }
  return yield* finishOpen(
    loop,
    socket,
    reader,
    useSsl ? options?.ssl : undefined,
    { serverHostname: options?.serverHostname, sslHandshakeTimeout: options?.sslHandshakeTimeout },
    { sockname: "", peername: where ?? "" },
  );
}
