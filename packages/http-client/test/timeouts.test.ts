import { TimeoutError } from "@tsio/future";
import { run } from "@tsio/loop";
import { createTask, sleep } from "@tsio/task";
import { afterAll, beforeAll, expect, test } from "vitest";
import {
  ClientConnectionError,
  ClientError,
  ClientSession,
  ClientTimeout,
  ConnectionTimeoutError,
  ServerTimeoutError,
  SocketTimeoutError,
  TCPConnector,
} from "../src/index.js";
import { failure, type RawServer, startRawServer, startServer, type TestServer } from "./server.js";

let srv: TestServer;
let silent: RawServer;
beforeAll(async () => {
  srv = await startServer(async (req, res) => {
    const p = new URL(req.url ?? "/", "http://x").pathname;
    if (p === "/never") return; // no response at all
    if (p === "/stall-body") {
      res.writeHead(200, { "content-length": "100" });
      res.write("first part;");
      return; // and nothing more
    }
    if (p === "/slow-drip") {
      res.writeHead(200, { "content-type": "text/plain" });
      for (let i = 0; i < 6; i++) {
        res.write(`${i}`);
        await new Promise((r) => setTimeout(r, 40));
      }
      res.end();
      return;
    }
    res.end("ok");
  });
  // Accepts TCP and never answers: a TLS handshake to it never finishes.
  silent = await startRawServer(() => {});
});
afterAll(async () => {
  await srv.close();
  await silent.close();
});

test("total: no response in time -> TimeoutError (not a ServerTimeoutError), connection freed", async () => {
  const out = await run(
    new ClientSession({ timeout: new ClientTimeout({ total: 0.2 }) }).with(function* (s) {
      const e = yield* failure(s.get(`${srv.url}/never`));
      return { e, inUse: s.connector.inUse };
    }),
  );
  expect(out.e).toBeInstanceOf(TimeoutError);
  expect(out.e).not.toBeInstanceOf(ServerTimeoutError);
  expect(out.inUse).toBe(0);
});

test("total covers the body: a body that stalls raises TimeoutError from read()", async () => {
  const out = await run(
    new ClientSession().with(function* (s) {
      const resp = yield* s.get(`${srv.url}/stall-body`, { timeout: 0.3 });
      const e = yield* failure(resp.read());
      return { status: resp.status, e, inUse: s.connector.inUse };
    }),
  );
  expect(out.status).toBe(200);
  expect(out.e).toBeInstanceOf(TimeoutError);
  expect(out.inUse).toBe(0);
});

test("sockRead: no headers in time, or a stall after the headers -> SocketTimeoutError", async () => {
  const out = await run(
    new ClientSession({ timeout: new ClientTimeout({ sockRead: 0.2 }) }).with(function* (s) {
      const head = yield* failure(s.get(`${srv.url}/never`));
      const resp = yield* s.get(`${srv.url}/stall-body`);
      const body = yield* failure(resp.read());
      const drip = yield* s.get(`${srv.url}/slow-drip`).with((r) => r.text());
      return { head, body, drip };
    }),
  );
  for (const e of [out.head, out.body]) {
    expect(e).toBeInstanceOf(SocketTimeoutError);
    expect(e).toBeInstanceOf(ServerTimeoutError);
    // Python's multiple inheritance: both a ClientError and a TimeoutError.
    expect(e).toBeInstanceOf(ClientConnectionError);
    expect(e).toBeInstanceOf(ClientError);
    expect(e).toBeInstanceOf(TimeoutError);
  }
  // 40 ms between pieces is within a 200 ms read timeout, however long the whole body takes.
  expect(out.drip).toBe("012345");
});

test("connect: waiting for a free slot counts -> ConnectionTimeoutError", async () => {
  const out = await run(
    new ClientSession({
      connector: new TCPConnector({ limit: 1 }),
      timeout: new ClientTimeout({ connect: 0.2 }),
    }).with(function* (s) {
      const holder = createTask(s.get(`${srv.url}/never`, { timeout: 2 }));
      yield* sleep(0.05); // the holder takes the only slot
      const e = yield* failure(s.get(`${srv.url}/`));
      holder.cancel();
      yield* failure(holder as unknown as Generator<unknown, unknown, unknown>);
      const after = yield* s.get(`${srv.url}/`).with((r) => r.text());
      return { e, after };
    }),
  );
  expect(out.e).toBeInstanceOf(ConnectionTimeoutError);
  expect(out.e).toBeInstanceOf(TimeoutError);
  expect(out.after).toBe("ok");
});

test("sockConnect: a TLS handshake that never completes -> ConnectionTimeoutError", async () => {
  const out = await run(
    new ClientSession({ timeout: new ClientTimeout({ sockConnect: 0.2 }) }).with(function* (s) {
      return yield* failure(s.get(`https://127.0.0.1:${silent.port}/`));
    }),
  );
  expect(out).toBeInstanceOf(ConnectionTimeoutError);
  expect((out as Error).message).toBe(
    `Connection timeout to host https://127.0.0.1:${silent.port}/`,
  );
});

test("ClientTimeout validates its fields and keeps aiohttp's defaults", () => {
  expect(String(new ClientSession().timeout)).toBe(
    "ClientTimeout(total=300, connect=None, sock_read=None, sock_connect=30)",
  );
  expect(() => new ClientTimeout({ total: -1 })).toThrow(/total must be a number of seconds >= 0/);
});
