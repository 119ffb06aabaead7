/**
 * Real node:http servers on 127.0.0.1 for the tests: each test starts what it needs and closes
 * it. `track` counts requests in flight so that limits can be checked from the server's side.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createNetServer, type Server as NetServer, type Socket } from "node:net";

export interface TestServer {
  url: string;
  port: number;
  server: Server;
  /** Requests being handled now, and the most at once. */
  stats: { active: number; maxActive: number; total: number; perHostMax: Map<string, number> };
  close(): Promise<void>;
}

export type Handler = (
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
) => void | Promise<void>;

export function startServer(handler: Handler): Promise<TestServer> {
  const stats = { active: 0, maxActive: 0, total: 0, perHostMax: new Map<string, number>() };
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    stats.active++;
    stats.total++;
    stats.maxActive = Math.max(stats.maxActive, stats.active);
    let counted = true;
    const done = () => {
      if (counted) {
        counted = false;
        stats.active--;
      }
    };
    res.on("finish", done);
    res.on("close", done);
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      Promise.resolve(handler(req, res, Buffer.concat(chunks))).catch((e) => {
        res.statusCode = 500;
        res.end(String(e));
      });
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      resolve({
        url: `http://127.0.0.1:${port}`,
        port,
        server,
        stats,
        close: () =>
          new Promise<void>((r) => {
            for (const s of sockets) s.destroy();
            server.close(() => r());
          }),
      });
    });
  });
}

export interface RawServer {
  url: string;
  port: number;
  connections: number;
  close(): Promise<void>;
}

/** A TCP server that answers each connection with `onConnection` (for malformed responses). */
export function startRawServer(onConnection: (socket: Socket) => void): Promise<RawServer> {
  const sockets = new Set<Socket>();
  const result = { connections: 0 } as RawServer;
  const server: NetServer = createNetServer((s) => {
    result.connections++;
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
    s.on("error", () => {});
    onConnection(s);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      result.url = `http://127.0.0.1:${port}`;
      result.port = port;
      result.close = () =>
        new Promise<void>((r) => {
          for (const s of sockets) s.destroy();
          server.close(() => r());
        });
      resolve(result);
    });
  });
}

/** Runs a coroutine and returns what it threw (null when it did not throw). */
export function* failure(
  co: Generator<unknown, unknown, unknown>,
): Generator<unknown, unknown, unknown> {
  try {
    yield* co;
  } catch (e) {
    return e;
  }
  return null;
}
