import { lookup } from "node:dns/promises";
import { statSync, unlinkSync } from "node:fs";
import * as net from "node:net";
import * as tls from "node:tls";
import {
  type AbstractEventLoop,
  CancelledError,
  type Coroutine,
  type Future,
  fromPromise,
  getRunningLoop,
  RuntimeError,
  ValueError,
} from "@tsio/future";
import { sleep } from "@tsio/task";
import { bindError, formatAddress, fromNodeError } from "./errors.js";
import { waitForEvent } from "./node-events.js";
import { type ClientConnectedCallback, StreamReaderProtocol } from "./protocol.js";
import { StreamReader } from "./reader.js";
import { type ServerSSL, SSL_HANDSHAKE_TIMEOUT, serverTlsOptions } from "./tls.js";
import {
  destroyQuietly,
  type InetAddress,
  type SockAddr,
  SocketTransport,
  type TransportOwner,
} from "./transport.js";

/**
 * Options of {@link startServer}: Python's keyword arguments. startServer throws OSError when
 * it cannot listen (the address is in use, for one).
 *
 * @example
 * ```ts
 * const options: StartServerOptions = { backlog: 512, family: 4, startServing: false };
 * function* main() {
 *   const server = yield* startServer(handleClient, "127.0.0.1", 8888, options);
 *   yield* server.serveForever(); // starts serving now
 * }
 * ```
 */
export interface StartServerOptions {
  /** Each connection's reader buffer limit in bytes (default 64 KiB). */
  limit?: number;
  /** Address family for host names: 4, 6, or 0 for both (default 0). */
  family?: 0 | 4 | 6;
  /** How many pending connections the kernel queues (default 100). */
  backlog?: number;
  /** TLS: Node TLS options (`{ key, cert, ... }`) or a `tls.SecureContext`. */
  ssl?: ServerSSL;
  /** Seconds a client's TLS handshake may take (default 60). Only with `ssl`. */
  sslHandshakeTimeout?: number;
  /**
   * Accept connections at once (default true). With false, connections wait (queued) until
   * `startServing()` or `serveForever()`.
   */
  startServing?: boolean;
}

/**
 * Options of {@link startUnixServer}: Python's keyword arguments. startUnixServer throws
 * OSError when it cannot listen on the path.
 *
 * @example
 * ```ts
 * const options: StartUnixServerOptions = { backlog: 64 };
 * function* main() {
 *   const server = yield* startUnixServer(handleClient, "/tmp/app.sock", options);
 * }
 * ```
 */
export interface StartUnixServerOptions {
  /** Each connection's reader buffer limit in bytes (default 64 KiB). */
  limit?: number;
  /** How many pending connections the kernel queues (default 100). */
  backlog?: number;
  /** TLS: Node TLS options (`{ key, cert, ... }`) or a `tls.SecureContext`. */
  ssl?: ServerSSL;
  /** Seconds a client's TLS handshake may take (default 60). Only with `ssl`. */
  sslHandshakeTimeout?: number;
  /** Accept connections at once (default true). */
  startServing?: boolean;
}

/**
 * A listening socket of a {@link Server}, as `server.sockets` lists them (Python's
 * `TransportSocket`).
 *
 * @example
 * ```ts
 * const [host, port] = server.sockets[0].getsockname();
 * ```
 */
export class TransportSocket<A extends SockAddr = SockAddr> {
  private readonly _server: net.Server;
  private readonly _sockname: A;

  /** @internal */
  constructor(server: net.Server, sockname: A) {
    this._server = server;
    this._sockname = sockname;
  }

  /**
   * The address the socket listens on: `[host, port]` (IPv6: `[host, port, 0, 0]`), or the
   * path of a Unix socket.
   * @example
   * ```ts
   * server.sockets[0].getsockname(); // ["127.0.0.1", 8888]
   * ```
   */
  getsockname(): A {
    return this._sockname;
  }

  /**
   * The address family: "AF_INET", "AF_INET6" or "AF_UNIX".
   * @example
   * ```ts
   * server.sockets[0].family; // "AF_INET"
   * ```
   */
  get family(): "AF_INET" | "AF_INET6" | "AF_UNIX" {
    const name = this._sockname;
    if (typeof name === "string") return "AF_UNIX";
    return name.length === 4 ? "AF_INET6" : "AF_INET";
  }

  /**
   * The Node `net.Server` (or `tls.Server`) behind this socket.
   * @example
   * ```ts
   * server.sockets[0].netServer.maxConnections = 1000;
   * ```
   */
  get netServer(): net.Server {
    return this._server;
  }

  /**
   * `<TransportSocket family=AF_INET laddr=('127.0.0.1', 8888)>`.
   * @example
   * ```ts
   * String(server.sockets[0]);
   * ```
   */
  toString(): string {
    const name = this._sockname;
    const laddr = typeof name === "string" ? `'${name}'` : formatAddress(name[0], name[1]);
    return `<TransportSocket family=${this.family} laddr=${laddr}>`;
  }
}

function inetSockname(server: net.Server): InetAddress {
  const info = server.address() as net.AddressInfo;
  return info.family === "IPv6" ? [info.address, info.port, 0, 0] : [info.address, info.port];
}

const startTransport = (transport: SocketTransport): void => transport._start();

function noop(): void {}

/**
 * asyncio.Server: what `startServer` returns. It accepts connections on its sockets and runs
 * the client-connected callback for each; `close()` stops accepting, `waitClosed()` waits until
 * it is closed and every connection is gone.
 *
 * In a coroutine, Python's `async with server:` is a try/finally:
 * ```ts
 * try { yield* server.serveForever(); } finally { server.close(); yield* server.waitClosed(); }
 * ```
 * In native async code, `await using server = ...` works through `Symbol.asyncDispose`.
 *
 * @example
 * ```ts
 * const server = yield* startServer(handleEcho, "127.0.0.1", 8888);
 * console.log(`Serving on ${server.sockets.map((s) => s.getsockname()).join(", ")}`);
 * yield* server.serveForever();
 * ```
 */
export class Server<A extends SockAddr = SockAddr> implements TransportOwner {
  /** @internal */ readonly _loop: AbstractEventLoop;
  private _servers: net.Server[] | null;
  private readonly _sockets: TransportSocket<A>[];
  private readonly _clients = new Set<SocketTransport>();
  private _waiters: Future<void>[] | null = [];
  private _serving = false;
  private _servingForeverFut: Future<void> | null = null;
  private _pending: net.Socket[] = [];
  private readonly _makeProtocol: () => StreamReaderProtocol;
  private readonly _sslcontext: unknown;
  private readonly _unixPath: string | undefined;

  /** @internal Servers are made by startServer and startUnixServer. */
  constructor(
    loop: AbstractEventLoop,
    servers: net.Server[],
    sockets: TransportSocket<A>[],
    makeProtocol: () => StreamReaderProtocol,
    sslcontext: unknown,
    unixPath?: string,
  ) {
    this._loop = loop;
    this._servers = servers;
    this._sockets = sockets;
    this._makeProtocol = makeProtocol;
    this._sslcontext = sslcontext;
    this._unixPath = unixPath;
  }

  /** @internal */
  _attach(transport: SocketTransport): void {
    this._clients.add(transport);
  }

  /** @internal */
  _detach(transport: SocketTransport): void {
    this._clients.delete(transport);
    if (this._clients.size === 0 && this._servers === null) this._wakeup();
  }

  private _wakeup(): void {
    const waiters = this._waiters;
    this._waiters = null;
    if (waiters === null) return;
    for (const waiter of waiters) {
      if (!waiter.done()) waiter.setResult(undefined);
    }
  }

  /**
   * Takes a new connection from Node: queued while not serving, else handed to a transport
   * whose protocol runs the callback in the next loop iteration.
   * @internal
   */
  _accept(socket: net.Socket): void {
    if (this._servers === null || this._loop.isClosed()) {
      destroyQuietly(socket);
      return;
    }
    if (!this._serving) {
      socket.on("error", noop);
      socket.pause();
      socket.unref();
      this._pending.push(socket);
      return;
    }
    const transport = new SocketTransport(this._loop, socket, this._makeProtocol(), {
      sslcontext: this._sslcontext,
      server: this,
      unixPath:
        this._unixPath === undefined ? undefined : { sockname: this._unixPath, peername: "" },
    });
    this._loop.callSoon(startTransport, transport);
  }

  /** @internal */
  _startServing(): void {
    if (this._serving || this._servers === null) return;
    this._serving = true;
    const pending = this._pending;
    this._pending = [];
    for (const socket of pending) {
      socket.off("error", noop);
      socket.resume();
      this._accept(socket);
    }
  }

  /**
   * The loop the server runs on.
   * @example
   * ```ts
   * server.getLoop().time();
   * ```
   */
  getLoop(): AbstractEventLoop {
    return this._loop;
  }

  /**
   * True while the server accepts connections.
   * @example
   * ```ts
   * server.isServing(); // true
   * ```
   */
  isServing(): boolean {
    return this._serving;
  }

  /**
   * The listening sockets; empty once the server is closed.
   * @example
   * ```ts
   * const [host, port] = server.sockets[0].getsockname();
   * ```
   */
  get sockets(): TransportSocket<A>[] {
    return this._servers === null ? [] : [...this._sockets];
  }

  /**
   * Stops listening (the connections already accepted go on; see {@link closeClients}) and
   * cancels a `serveForever()` in progress.
   * @example
   * ```ts
   * server.close();
   * yield* server.waitClosed();
   * ```
   */
  close(): void {
    const servers = this._servers;
    if (servers === null) return;
    this._servers = null;
    for (const srv of servers) srv.close();
    for (const socket of this._pending) destroyQuietly(socket);
    this._pending = [];
    this._serving = false;
    const fut = this._servingForeverFut;
    if (fut !== null && !fut.done()) {
      fut.cancel();
      this._servingForeverFut = null;
    }
    if (this._clients.size === 0) this._wakeup();
  }

  /**
   * Closes every connection of the server, after its queued bytes are sent (Python 3.13).
   * @example
   * ```ts
   * server.close();
   * server.closeClients();
   * ```
   */
  closeClients(): void {
    for (const transport of [...this._clients]) transport.close();
  }

  /**
   * Closes every connection of the server at once, dropping unsent bytes (Python 3.13).
   * @example
   * ```ts
   * server.abortClients();
   * ```
   */
  abortClients(): void {
    for (const transport of [...this._clients]) transport.abort();
  }

  /**
   * Starts accepting connections (a no-op when already serving).
   * @example
   * ```ts
   * const server = yield* startServer(cb, "127.0.0.1", 0, { startServing: false });
   * yield* server.startServing();
   * ```
   */
  *startServing(): Coroutine<void> {
    this._startServing();
    yield* sleep(0);
  }

  /**
   * Serves until cancelled; then closes the server and waits for it (its connections
   * included) before the CancelledError goes on.
   * @throws {RuntimeError} when already awaited by another `serveForever()`, or closed.
   * @example
   * ```ts
   * const server = yield* startServer(handleEcho, "127.0.0.1", 8888);
   * yield* server.serveForever();
   * ```
   */
  *serveForever(): Coroutine<void> {
    if (this._servingForeverFut !== null) {
      throw new RuntimeError(`server ${String(this)} is already being awaited on serveForever()`);
    }
    if (this._servers === null) throw new RuntimeError(`server ${String(this)} is closed`);
    this._startServing();
    const fut = this._loop.createFuture<void>();
    this._servingForeverFut = fut;
    try {
      yield* fut;
    } catch (e) {
      if (e instanceof CancelledError) {
        try {
          this.close();
          yield* this.waitClosed();
        } catch {
          // The cancellation is what goes on, as in Python's `finally: raise`.
        }
      }
      throw e;
    } finally {
      this._servingForeverFut = null;
    }
  }

  /**
   * Waits until the server is closed and every connection it accepted is gone (Python
   * 3.12.1+); returns at once when that is already so.
   * @example
   * ```ts
   * server.close();
   * yield* server.waitClosed();
   * ```
   */
  *waitClosed(): Coroutine<void> {
    const waiters = this._waiters;
    if (waiters === null) return;
    const waiter = this._loop.createFuture<void>();
    waiters.push(waiter);
    yield* waiter;
  }

  /**
   * `await using server = ...` in native async code running on the loop: closes the server and
   * waits for it, as Python's `async with server:` does on exit.
   * @example
   * ```ts
   * await using server = await loop.createTask(startServer(cb, "127.0.0.1", 0));
   * ```
   */
  [Symbol.asyncDispose](): Promise<void> {
    this.close();
    return Promise.resolve(this._loop.createTask(this.waitClosed()));
  }

  /**
   * `<Server sockets=[...]>`.
   * @example
   * ```ts
   * String(server);
   * ```
   */
  toString(): string {
    return `<Server sockets=[${this.sockets.map(String).join(", ")}]>`;
  }
}

function checkCallback(cb: unknown): void {
  if (typeof cb !== "function") {
    throw new TypeError(
      "clientConnectedCb must be a function taking (reader, writer), a function* or a plain one: " +
        "pass handleEcho, not handleEcho()",
    );
  }
}

function checkServerTls(
  options: { ssl?: unknown; sslHandshakeTimeout?: number } | undefined,
): void {
  if (options?.ssl === undefined && options?.sslHandshakeTimeout !== undefined) {
    throw new ValueError("ssl_handshake_timeout is only meaningful with ssl");
  }
}

interface ListenSetup {
  loop: AbstractEventLoop;
  ssl: ServerSSL | undefined;
  sslHandshakeTimeout: number | undefined;
  onConnection: (socket: net.Socket) => void;
}

function createNetServer(setup: ListenSetup, tcp: boolean): net.Server {
  const { loop, ssl } = setup;
  let srv: net.Server;
  if (ssl === undefined) {
    srv = net.createServer({ allowHalfOpen: true, noDelay: tcp });
    srv.on("connection", setup.onConnection);
  } else {
    const timeout = setup.sslHandshakeTimeout ?? SSL_HANDSHAKE_TIMEOUT;
    srv = tls.createServer({
      ...serverTlsOptions(ssl),
      handshakeTimeout: Math.round(timeout * 1000),
      noDelay: tcp,
    });
    srv.on("secureConnection", setup.onConnection);
    srv.on("tlsClientError", (err: Error, socket: tls.TLSSocket) => {
      // As asyncio: a failed handshake is the client's problem, reported in debug mode only.
      destroyQuietly(socket);
      if (loop.getDebug() && !loop.isClosed()) {
        loop.callExceptionHandler({
          message: "SSL handshake failed",
          exception: fromNodeError(err),
        });
      }
    });
  }
  return srv;
}

function* listen(
  loop: AbstractEventLoop,
  srv: net.Server,
  options: net.ListenOptions,
  address: string,
): Coroutine<void> {
  srv.listen(options);
  try {
    yield* waitForEvent<void>(loop, srv, "listening", { mapError: (e) => bindError(e, address) });
  } catch (e) {
    srv.close();
    throw e;
  }
  srv.on("error", (err: unknown) => {
    if (!loop.isClosed()) {
      loop.callExceptionHandler({ message: "Server socket error", exception: fromNodeError(err) });
    }
  });
  srv.unref();
}

function* resolveHosts(
  host: string | readonly string[] | null | undefined,
  family: 0 | 4 | 6,
  loop: AbstractEventLoop,
): Coroutine<(string | undefined)[]> {
  if (host === null || host === undefined || host === "") return [undefined];
  const hosts = typeof host === "string" ? [host] : [...host];
  const addresses: (string | undefined)[] = [];
  for (const h of hosts) {
    if (h === "") {
      addresses.push(undefined);
    } else if (net.isIP(h) !== 0) {
      addresses.push(h);
    } else {
      let found: { address: string }[];
      try {
        found = yield* fromPromise(lookup(h, { all: true, family }), { loop });
      } catch (e) {
        throw fromNodeError(e);
      }
      for (const a of found) addresses.push(a.address);
    }
  }
  return [...new Set(addresses)];
}

function makeProtocolFactory(
  cb: ClientConnectedCallback,
  limit: number | undefined,
  loop: AbstractEventLoop,
): () => StreamReaderProtocol {
  // Validate the limit now, not at the first connection.
  new StreamReader({ limit, loop });
  return () => new StreamReaderProtocol(new StreamReader({ limit, loop }), cb, loop);
}

/**
 * asyncio.start_server: listens on `host`:`port` and calls `clientConnectedCb(reader, writer)`
 * for each connection; a `function*` callback's coroutine runs as a task (its exception is
 * reported to the loop's exception handler and the connection closed; the server goes on).
 *
 * `host` may be a name (every address it resolves to is bound), a list of them, or
 * null/"" for every interface; port 0 picks a free port (see `server.sockets`).
 *
 * @throws {OSError} "error while attempting to bind on address ..." when the port is taken.
 * @example
 * ```ts
 * function* handleEcho(reader: StreamReader, writer: StreamWriter) {
 *   const data = yield* reader.read(100);
 *   writer.write(data);
 *   yield* writer.drain();
 *   writer.close();
 *   yield* writer.waitClosed();
 * }
 * function* main() {
 *   const server = yield* startServer(handleEcho, "127.0.0.1", 8888);
 *   yield* server.serveForever();
 * }
 * ```
 */
export function* startServer(
  clientConnectedCb: ClientConnectedCallback,
  host?: string | readonly string[] | null,
  port?: number | null,
  options?: StartServerOptions,
): Coroutine<Server<InetAddress>> {
  return yield* createServer<InetAddress>(clientConnectedCb, options, function* (setup) {
    const addresses = yield* resolveHosts(host, options?.family ?? 0, setup.loop);
    const servers: net.Server[] = [];
    const sockets: TransportSocket<InetAddress>[] = [];
    try {
      for (const address of addresses) {
        const srv = createNetServer(setup, true);
        servers.push(srv);
        yield* listen(
          setup.loop,
          srv,
          { host: address, port: port ?? 0, backlog: options?.backlog ?? 100 },
          formatAddress(address ?? "0.0.0.0", port ?? 0),
        );
        sockets.push(new TransportSocket(srv, inetSockname(srv)));
      }
    } catch (e) {
      for (const srv of servers) srv.close();
      throw e;
    }
    return [servers, sockets];
  });
}

/**
 * asyncio.start_unix_server: like {@link startServer}, on a Unix socket at `path`. A stale
 * socket file left there is removed first; the file is removed when the server closes.
 *
 * @throws {OSError} when the path cannot be bound (e.g. a live server uses it).
 * @example
 * ```ts
 * const server = yield* startUnixServer(handleEcho, "/tmp/echo.sock");
 * ```
 */
export function* startUnixServer(
  clientConnectedCb: ClientConnectedCallback,
  path?: string | null,
  options?: StartUnixServerOptions,
): Coroutine<Server<string>> {
  if (path === null || path === undefined || path === "") {
    throw new ValueError("path was not specified, and no sock specified");
  }
  return yield* createServer<string>(
    clientConnectedCb,
    options,
    function* (setup) {
      if (!path.startsWith("\0")) removeStaleSocket(path);
      const srv = createNetServer(setup, false);
      yield* listen(setup.loop, srv, { path, backlog: options?.backlog ?? 100 }, `'${path}'`);
      return [[srv], [new TransportSocket(srv, path)]];
    },
    path,
  );
}

/** What startServer and startUnixServer share: checks, the protocol factory, serving. */
function* createServer<A extends SockAddr>(
  clientConnectedCb: ClientConnectedCallback,
  options: StartUnixServerOptions | undefined,
  bind: (setup: ListenSetup) => Coroutine<[net.Server[], TransportSocket<A>[]]>,
  unixPath?: string,
): Coroutine<Server<A>> {
  checkCallback(clientConnectedCb);
  checkServerTls(options);
  const loop = getRunningLoop();
  const makeProtocol = makeProtocolFactory(clientConnectedCb, options?.limit, loop);
  let server: Server<A> | null = null;
  const [servers, sockets] = yield* bind({
    loop,
    ssl: options?.ssl,
    sslHandshakeTimeout: options?.sslHandshakeTimeout,
    onConnection: (socket) => {
      if (server === null) destroyQuietly(socket);
      else server._accept(socket);
    },
  });
  server = new Server(loop, servers, sockets, makeProtocol, options?.ssl, unixPath);
  if (options?.startServing ?? true) {
    server._startServing();
    yield* sleep(0);
  }
  return server;
}

function removeStaleSocket(path: string): void {
  try {
    if (statSync(path).isSocket()) unlinkSync(path);
  } catch (e) {
    if ((e as { code?: string }).code !== "ENOENT") throw fromNodeError(e, `'${path}'`);
  }
}
