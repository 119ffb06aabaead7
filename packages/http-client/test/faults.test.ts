import { readFileSync } from "node:fs";
import { createServer as createHttpsServer, type Server as HttpsServer } from "node:https";
import { createServer as createNetServer } from "node:net";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { CancelledError, type ExceptionContext, getRunningLoop } from "@tsio/future";
import { run } from "@tsio/loop";
import { createTask, sleep } from "@tsio/task";
import { afterAll, beforeAll, expect, test } from "vitest";
import {
  ClientConnectionError,
  ClientConnectorCertificateError,
  ClientConnectorError,
  ClientPayloadError,
  ClientResponseError,
  ClientSession,
  ServerDisconnectedError,
  TCPConnector,
} from "../src/index.js";
import { failure, type RawServer, startRawServer, startServer, type TestServer } from "./server.js";

let srv: TestServer;
const closed: string[] = [];
beforeAll(async () => {
  srv = await startServer(async (req, res) => {
    const p = new URL(req.url ?? "/", "http://x").pathname;
    res.on("close", () => {
      if (!res.writableFinished) closed.push(p);
    });
    if (p === "/never") return;
    if (p === "/partial") {
      res.writeHead(200, { "content-length": "1000000" });
      res.write(Buffer.alloc(1000));
      return;
    }
    if (p === "/reset") {
      res.writeHead(200, { "content-length": "1000000" });
      res.write(Buffer.alloc(5000), () => setTimeout(() => req.socket.destroy(), 20));
      return;
    }
    if (p === "/big-headers") {
      res.setHeader("x-big", "a".repeat(20_000));
      res.end("x");
      return;
    }
    if (p === "/big") {
      res.writeHead(200, { "content-length": String(10 * 1024 * 1024) });
      res.write(Buffer.alloc(1024 * 1024));
      return;
    }
    res.end("ok");
  });
});
afterAll(() => srv.close());

const waitFor = async (cond: () => boolean) => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  return cond();
};

test("cancelling the task mid-request aborts it: the server sees the close, the slot is free", async () => {
  closed.length = 0;
  const out = await run(
    new ClientSession().with(function* (s) {
      const task = createTask(s.get(`${srv.url}/never`));
      yield* sleep(0.05);
      task.cancel();
      const e = yield* failure(task as unknown as Generator<unknown, unknown, unknown>);
      return { e, inUse: s.connector.inUse };
    }),
  );
  expect(out.e).toBeInstanceOf(CancelledError);
  expect(out.inUse).toBe(0);
  expect(await waitFor(() => closed.includes("/never"))).toBe(true);
});

test("cancelling mid-body: read() closes the connection, as aiohttp's does", async () => {
  closed.length = 0;
  const out = await run(
    new ClientSession().with(function* (s) {
      const resp = yield* s.get(`${srv.url}/partial`);
      const task = createTask(resp.read());
      yield* sleep(0.05);
      task.cancel();
      const e = yield* failure(task as unknown as Generator<unknown, unknown, unknown>);
      return { e, closed: resp.closed, inUse: s.connector.inUse };
    }),
  );
  expect(out).toMatchObject({ closed: true, inUse: 0 });
  expect(out.e).toBeInstanceOf(CancelledError);
  expect(await waitFor(() => closed.includes("/partial"))).toBe(true);
});

test("a server that resets mid-body: ClientPayloadError", async () => {
  const out = await run(
    new ClientSession().with(function* (s) {
      const resp = yield* s.get(`${srv.url}/reset`);
      return { e: yield* failure(resp.read()), inUse: s.connector.inUse };
    }),
  );
  expect(out.e).toBeInstanceOf(ClientPayloadError);
  expect((out.e as Error).message).toMatch(/^Response payload is not completed/);
  expect(out.inUse).toBe(0);
});

test("a malformed status line and oversized headers: ClientResponseError with status 400", async () => {
  const raw = await startRawServer((sock) => {
    sock.once("data", () => sock.end("HTTP/1.1 abc nonsense\r\n\r\n"));
  });
  const out = await run(
    new ClientSession().with(function* (s) {
      return {
        malformed: yield* failure(s.get(`${raw.url}/`)),
        big: yield* failure(s.get(`${srv.url}/big-headers`)),
      };
    }),
  );
  await raw.close();
  expect(out.malformed).toBeInstanceOf(ClientResponseError);
  expect((out.malformed as ClientResponseError).status).toBe(400);
  expect(out.big).toBeInstanceOf(ClientResponseError);
  expect((out.big as ClientResponseError).detail).toMatch(/Got more than 16384 bytes when reading/);
});

test("maxHeaderSize lets bigger headers in", async () => {
  const out = await run(
    new ClientSession({ maxHeaderSize: 64 * 1024 }).with(function* (s) {
      return yield* s.get(`${srv.url}/big-headers`).with((r) => r.headers.get("x-big")?.length);
    }),
  );
  expect(out).toBe(20_000);
});

test("a refused port: ClientConnectorError naming host and port", async () => {
  const port = await new Promise<number>((resolve) => {
    const s = createNetServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
  const out = await run(
    new ClientSession().with((s) => failure(s.get(`http://127.0.0.1:${port}/`))),
  );
  expect(out).toBeInstanceOf(ClientConnectorError);
  const e = out as ClientConnectorError;
  expect([e.host, e.port, e.ssl, e.code]).toEqual(["127.0.0.1", port, false, "ECONNREFUSED"]);
  expect(e.message).toMatch(new RegExp(`^Cannot connect to host 127.0.0.1:${port} ssl:false \\[`));
});

test("a server that closes without answering: ServerDisconnectedError after one retry (GET is idempotent)", async () => {
  const raw: RawServer = await startRawServer((sock) => sock.once("data", () => sock.end()));
  const out = await run(
    new ClientSession().with(function* (s) {
      return {
        get: yield* failure(s.get(`${raw.url}/`)),
        afterGet: raw.connections,
        post: yield* failure(s.post(`${raw.url}/`)),
      };
    }),
  );
  const total = raw.connections;
  await raw.close();
  expect(out.get).toBeInstanceOf(ServerDisconnectedError);
  expect(out.afterGet).toBe(2);
  expect(out.post).toBeInstanceOf(ServerDisconnectedError);
  expect(total).toBe(3);
});

test("closing the session releases a response nobody read", async () => {
  closed.length = 0;
  const out = await run(
    (function* () {
      const s = new ClientSession();
      const resp = yield* s.get(`${srv.url}/big`);
      yield* s.close();
      return {
        closed: resp.closed,
        e: yield* failure(resp.read()),
        inUse: s.connector.inUse,
        sessionClosed: s.closed,
      };
    })(),
  );
  expect(out).toMatchObject({ closed: true, inUse: 0, sessionClosed: true });
  expect(out.e).toBeInstanceOf(ClientConnectionError);
  expect(await waitFor(() => closed.includes("/big"))).toBe(true);
});

test("closing the session while a request waits for its response: ClientConnectionError", async () => {
  const out = await run(
    (function* () {
      const s = new ClientSession();
      const task = createTask(s.get(`${srv.url}/never`));
      yield* sleep(0.05);
      yield* s.close();
      return yield* failure(task as unknown as Generator<unknown, unknown, unknown>);
    })(),
  );
  expect(out).toBeInstanceOf(ClientConnectionError);
});

test("TLS: verification is on by default; ssl: false or a CA make it pass", async () => {
  const cert = readFileSync(new URL("./fixtures/cert.pem", import.meta.url));
  const key = readFileSync(new URL("./fixtures/key.pem", import.meta.url));
  const https: HttpsServer = createHttpsServer({ cert, key }, (_req, res) => res.end("secure"));
  await new Promise<void>((r) => https.listen(0, "127.0.0.1", () => r()));
  const url = `https://127.0.0.1:${(https.address() as { port: number }).port}/`;
  const out = await run(
    (function* () {
      const strict = yield* new ClientSession().with((s) => failure(s.get(url)));
      const insecure = yield* new ClientSession({
        connector: new TCPConnector({ ssl: false }),
      }).with((s) => s.get(url).with((r) => r.text()));
      const trusted = yield* new ClientSession({
        connector: new TCPConnector({ ssl: { ca: cert } }),
      }).with((s) => s.get(url).with((r) => r.text()));
      return { strict, insecure, trusted };
    })(),
  );
  https.closeAllConnections();
  await new Promise((r) => https.close(r));
  expect(out.strict).toBeInstanceOf(ClientConnectorCertificateError);
  expect(out.strict).toBeInstanceOf(ClientConnectorError);
  expect(out.insecure).toBe("secure");
  expect(out.trusted).toBe("secure");
});

test("debug mode reports an unclosed session (aiohttp's 'Unclosed client session')", async () => {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  const reported: ExceptionContext[] = [];
  await run(
    (function* () {
      const loop = getRunningLoop() as unknown as {
        setExceptionHandler(h: (l: unknown, c: ExceptionContext) => void): void;
      };
      loop.setExceptionHandler((_l, ctx) => reported.push(ctx));
      (function leak() {
        new ClientSession();
      })();
      for (let i = 0; i < 50 && reported.length === 0; i++) {
        gc();
        yield* sleep(0.01);
      }
    })(),
    { debug: true },
  );
  expect(reported.map((c) => c.message)).toContain("Unclosed client session");
  expect(String(reported[0]?.source_traceback)).toMatch(/ClientSession created at/);
});
