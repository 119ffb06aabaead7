/**
 * Helpers for the stream tests: a self-signed certificate made with openssl, plain Node servers
 * to talk to (CPython's `run_test_server`), and a loop runner that records what reaches the
 * exception handler.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import * as net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tls from "node:tls";
import type { Coroutine, ExceptionContext } from "@tsio/future";
import {
  type ClientConnectedCallback,
  type InetAddress,
  newEventLoop,
  type OpenConnectionOptions,
  openConnection,
  type Server,
  type StartServerOptions,
  type StreamReader,
  type StreamWriter,
  startServer,
} from "@tsio/loop";
import { sleep } from "@tsio/task";

export interface TestCert {
  key: string;
  cert: string;
}

function opensslWorks(): boolean {
  try {
    execFileSync("openssl", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** True when the `openssl` command can make test certificates here. */
export const HAS_OPENSSL = opensslWorks();

let cached: TestCert | null = null;

/**
 * A self-signed certificate for localhost and 127.0.0.1 (EC P-256, valid one day), made once
 * per test file with the openssl command line.
 */
export function selfSignedCert(): TestCert {
  if (cached !== null) return cached;
  const dir = mkdtempSync(join(tmpdir(), "tsio-tls-"));
  try {
    const key = join(dir, "key.pem");
    const cert = join(dir, "cert.pem");
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        key,
        "-out",
        cert,
        "-days",
        "1",
        "-subj",
        "/CN=localhost",
        "-addext",
        "subjectAltName=DNS:localhost,IP:127.0.0.1",
      ],
      { stdio: "ignore" },
    );
    cached = { key: readFileSync(key, "utf8"), cert: readFileSync(cert, "utf8") };
    return cached;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A running plain Node server, closed with `close()`. */
export interface NodeServer {
  port: number;
  address: [string, number];
  path: string;
  server: net.Server;
  close(): Promise<void>;
}

const RESPONSE = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nTest message";

function httpLike(socket: net.Socket): void {
  let seen = "";
  socket.on("error", () => {});
  socket.on("data", (d) => {
    seen += d.toString("latin1");
    if (seen.includes("\r\n\r\n")) socket.end(RESPONSE);
  });
}

async function listening(server: net.Server, listen: () => void): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.once("listening", resolve);
    listen();
  });
}

function wrap(server: net.Server, sockets: Set<net.Socket>, path = ""): NodeServer {
  const info = server.address();
  const port = typeof info === "object" && info !== null ? info.port : 0;
  return {
    port,
    address: ["127.0.0.1", port],
    path,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * CPython's `run_test_server`: answers any request ending with an empty line with a small
 * HTTP/1.0 response, then closes. TLS with `{ tls: cert }`, a Unix socket with `{ path }`.
 */
export async function runTestServer(
  options: { tls?: TestCert; path?: string } = {},
): Promise<NodeServer> {
  const sockets = new Set<net.Socket>();
  const onSocket = (socket: net.Socket): void => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    httpLike(socket);
  };
  const server = options.tls
    ? tls.createServer({ key: options.tls.key, cert: options.tls.cert }, onSocket)
    : net.createServer(onSocket);
  if (options.path !== undefined) await listening(server, () => server.listen(options.path));
  else await listening(server, () => server.listen(0, "127.0.0.1"));
  return wrap(server, sockets, options.path);
}

/** A plain Node server whose connection handler is `onSocket`. */
export async function nodeServer(onSocket: (socket: net.Socket) => void): Promise<NodeServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    onSocket(socket);
  });
  await listening(server, () => server.listen(0, "127.0.0.1"));
  return wrap(server, sockets);
}

/** A port that nothing listens on (bound, then closed). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await listening(server, () => server.listen(0, "127.0.0.1"));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A fresh Unix socket path in the temp directory. */
export function unixSocketPath(): string {
  const dir = mkdtempSync(join(tmpdir(), "tsio-sock-"));
  return join(dir, "s.sock");
}

/**
 * Runs `main` on a new loop and returns its result with the contexts that reached the loop's
 * exception handler (CPython's tests collect `messages` the same way).
 */
export async function runRecording<T>(
  main: () => Coroutine<T>,
): Promise<{ result: T; messages: ExceptionContext[] }> {
  const loop = newEventLoop();
  const messages: ExceptionContext[] = [];
  loop.setExceptionHandler((_loop, ctx) => {
    messages.push(ctx);
  });
  try {
    const result = await loop.runUntilComplete(main());
    // A turn for the callbacks that closing sockets schedule.
    await loop.runUntilComplete(sleep(0.01));
    return { result, messages };
  } finally {
    loop.close();
  }
}

/** Runs `coro` and returns what it throws (undefined when it returns). */
export function* raises(coro: Coroutine<unknown>): Coroutine<unknown> {
  try {
    yield* coro;
  } catch (e) {
    return e;
  }
  return undefined;
}

/**
 * Starts a server on 127.0.0.1 with `handler`, connects one client and runs `body` with it;
 * then closes the client and the server and waits for the server (the handler must close its
 * writer, as Python's handlers do).
 */
export function* withServer<T>(
  handler: ClientConnectedCallback,
  body: (reader: StreamReader, writer: StreamWriter, server: Server<InetAddress>) => Coroutine<T>,
  options: { server?: StartServerOptions; client?: OpenConnectionOptions } = {},
): Coroutine<T> {
  const server = yield* startServer(handler, "127.0.0.1", 0, options.server);
  try {
    const [host, port] = serverAddress(server);
    const [reader, writer] = yield* openConnection(host, port, options.client);
    try {
      return yield* body(reader, writer, server);
    } finally {
      writer.close();
    }
  } finally {
    server.close();
    yield* server.waitClosed();
  }
}

/** The `[host, port]` of a server's first socket. */
export function serverAddress(server: Server<InetAddress>): InetAddress {
  const socket = server.sockets[0];
  if (socket === undefined) throw new Error("the server has no socket (closed?)");
  return socket.getsockname();
}
