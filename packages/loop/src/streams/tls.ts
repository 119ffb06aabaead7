import { isIP, type Socket } from "node:net";
import * as tls from "node:tls";
import { type AbstractEventLoop, CancelledError, type Coroutine, ValueError } from "@tsio/future";
import { ConnectionAbortedError, fromNodeError } from "./errors.js";
import { waitForEvent } from "./node-events.js";
import { destroyQuietly, SocketTransport, type StreamProtocolLike } from "./transport.js";

/**
 * TLS for a client, where Python takes an `ssl.SSLContext` or `True`: `true` (Node's
 * defaults: the system's CAs, the host name checked), Node's `tls.ConnectionOptions`
 * (`{ ca, cert, key, rejectUnauthorized, ALPNProtocols, ... }`), or a `tls.SecureContext`.
 * A failed certificate check makes the connecting call throw SSLCertVerificationError.
 *
 * @example
 * ```ts
 * const ssl: ClientSSL = { ca: [caPem], ALPNProtocols: ["http/1.1"] };
 * function* main() {
 *   const [reader, writer] = yield* openConnection("example.com", 443, { ssl });
 * }
 * ```
 */
export type ClientSSL = boolean | tls.ConnectionOptions | tls.SecureContext;

/**
 * TLS for a server: Node's `tls.TlsOptions` (`{ key, cert, ca, requestCert, ... }`) or a
 * `tls.SecureContext` made with `tls.createSecureContext`. A client whose handshake fails is
 * dropped and reported; the server keeps serving.
 *
 * @example
 * ```ts
 * const ssl: ServerSSL = { key: keyPem, cert: certPem };
 * function* main() {
 *   const server = yield* startServer(handleClient, "127.0.0.1", 8443, { ssl });
 * }
 * ```
 */
export type ServerSSL = tls.TlsOptions | tls.SecureContext;

/**
 * asyncio's `SSL_HANDSHAKE_TIMEOUT`: 60 seconds, the default of every `sslHandshakeTimeout`
 * option. A constant; a handshake slower than the limit fails with TimeoutError.
 *
 * @example
 * ```ts
 * function* main() {
 *   const [reader, writer] = yield* openConnection("example.com", 443, {
 *     ssl: true,
 *     sslHandshakeTimeout: SSL_HANDSHAKE_TIMEOUT / 2,
 *   });
 * }
 * ```
 */
export const SSL_HANDSHAKE_TIMEOUT = 60;

let secureContextProto: object | null = null;

/** True for what `tls.createSecureContext()` returns. @internal */
export function isSecureContext(value: unknown): value is tls.SecureContext {
  if (typeof value !== "object" || value === null) return false;
  if (secureContextProto === null)
    secureContextProto = Object.getPrototypeOf(tls.createSecureContext());
  return Object.getPrototypeOf(value) === secureContextProto;
}

/** Node's client options for an `ssl` argument (a fresh object). @internal */
export function clientTlsOptions(ssl: ClientSSL): tls.ConnectionOptions {
  if (ssl === true) return {};
  if (isSecureContext(ssl)) return { secureContext: ssl };
  if (typeof ssl !== "object" || ssl === null) {
    throw new TypeError(
      "ssl must be true, Node TLS options ({ ca, cert, key, ... }) or a tls.SecureContext",
    );
  }
  return { ...(ssl as tls.ConnectionOptions) };
}

/** Node's server options for an `ssl` argument. @internal */
export function serverTlsOptions(ssl: ServerSSL): tls.TlsOptions {
  if (isSecureContext(ssl)) return { secureContext: ssl };
  if (typeof ssl !== "object" || ssl === null) {
    throw new TypeError(
      "a server's ssl must be Node TLS options ({ key, cert, ... }) or a tls.SecureContext",
    );
  }
  return { ...(ssl as tls.TlsOptions) };
}

/** Options of {@link wrapClientTls} and {@link wrapServerTls}. @internal */
export interface TlsWrapOptions {
  /** The name to check the certificate against ('' skips the check); also sent as SNI. */
  serverHostname?: string;
  /** Seconds the handshake may take (default 60). */
  sslHandshakeTimeout?: number;
}

/** Waits for the TLS handshake on `tlsSocket`; on failure both sockets are destroyed. */
function* handshake(
  loop: AbstractEventLoop,
  socket: Socket,
  tlsSocket: tls.TLSSocket,
  event: "secureConnect" | "secure",
  sslHandshakeTimeout: number | undefined,
): Coroutine<void> {
  const timeout = sslHandshakeTimeout ?? SSL_HANDSHAKE_TIMEOUT;
  try {
    yield* waitForEvent<void>(loop, tlsSocket, event, {
      timeout,
      onTimeout: () =>
        new ConnectionAbortedError(
          `SSL handshake is taking longer than ${timeout} seconds: aborting the connection ` +
            "(raise { sslHandshakeTimeout } if the peer is slow)",
        ),
      mapError: (e) => fromNodeError(e),
    });
  } catch (e) {
    destroyQuietly(tlsSocket);
    destroyQuietly(socket);
    throw e;
  }
}

/**
 * Runs a client TLS handshake over a connected socket and returns the TLS socket.
 * @internal
 */
export function* wrapClientTls(
  loop: AbstractEventLoop,
  socket: Socket,
  ssl: ClientSSL,
  options: TlsWrapOptions,
): Coroutine<tls.TLSSocket> {
  const tlsOptions = clientTlsOptions(ssl);
  const name = options.serverHostname;
  if (name === "") {
    tlsOptions.checkServerIdentity = () => undefined;
  } else if (name !== undefined) {
    tlsOptions.host = name;
    if (tlsOptions.servername === undefined && isIP(name) === 0) tlsOptions.servername = name;
  }
  const tlsSocket = tls.connect({ ...tlsOptions, socket });
  yield* handshake(loop, socket, tlsSocket, "secureConnect", options.sslHandshakeTimeout);
  return tlsSocket;
}

/**
 * Runs a server TLS handshake over an accepted socket (for `startTls` on a server's
 * connection) and returns the TLS socket.
 * @internal
 */
export function* wrapServerTls(
  loop: AbstractEventLoop,
  socket: Socket,
  ssl: ServerSSL,
  options: TlsWrapOptions,
): Coroutine<tls.TLSSocket> {
  const tlsOptions = serverTlsOptions(ssl);
  const secureContext = tlsOptions.secureContext ?? tls.createSecureContext(tlsOptions);
  const tlsSocket = new tls.TLSSocket(socket, { ...tlsOptions, isServer: true, secureContext });
  yield* handshake(loop, socket, tlsSocket, "secure", options.sslHandshakeTimeout);
  return tlsSocket;
}

/** Options of {@link startTlsTransport}. @internal */
export interface StartTlsOptions extends TlsWrapOptions {
  serverSide: boolean;
}

/**
 * asyncio's `loop.start_tls`: upgrades a transport's connection to TLS and returns the new
 * transport, bound to the same protocol (whose `connectionMade` is not called again).
 * @internal
 */
export function* startTlsTransport(
  loop: AbstractEventLoop,
  transport: SocketTransport,
  ssl: ClientSSL | ServerSSL,
  options: StartTlsOptions,
): Coroutine<SocketTransport> {
  if (transport.isClosing()) {
    throw new ValueError("startTls() on a closing connection: the connection is already closed");
  }
  if (transport._extra.sslcontext !== undefined) {
    throw new ValueError("startTls(): the connection already uses TLS");
  }
  const raw = transport._socket;
  const protocol: StreamProtocolLike = transport._protocol;
  transport._detach();
  let tlsSocket: tls.TLSSocket;
  try {
    tlsSocket = options.serverSide
      ? yield* wrapServerTls(loop, raw, ssl as ServerSSL, options)
      : yield* wrapClientTls(loop, raw, ssl as ClientSSL, options);
  } catch (e) {
    // The old transport no longer reports: tell the protocol the connection is gone.
    transport._extra.server?._detach(transport);
    protocol.connectionLost(
      e instanceof CancelledError
        ? new ConnectionAbortedError(
            "startTls() was cancelled during the handshake: the connection was closed",
          )
        : fromNodeError(e),
    );
    throw e;
  }
  const upgraded = new SocketTransport(loop, tlsSocket, protocol, {
    sslcontext: ssl === true ? {} : ssl,
    server: transport._extra.server,
  });
  transport._extra.server?._detach(transport);
  upgraded._start(false);
  return upgraded;
}
