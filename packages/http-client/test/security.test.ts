import { gzipSync } from "node:zlib";
import { ValueError } from "@tsio/future";
import { run } from "@tsio/loop";
import { afterAll, beforeAll, expect, test } from "vitest";
import {
  ClientPayloadError,
  ClientSession,
  DecompressSizeError,
  InvalidURL,
  InvalidUrlClientError,
  NonHttpUrlClientError,
  PayloadTooLargeError,
} from "../src/index.js";
import { failure, startServer, type TestServer } from "./server.js";

let srv: TestServer;
const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024)); // 64 MiB of zeros in ~64 KiB
beforeAll(async () => {
  srv = await startServer((req, res) => {
    const p = new URL(req.url ?? "/", "http://x").pathname;
    if (p === "/bomb") {
      res.writeHead(200, { "content-encoding": "gzip", "content-length": bomb.length });
      res.end(bomb);
    } else if (p === "/sized") {
      res.writeHead(200, { "content-length": 5000 });
      res.end(Buffer.alloc(5000));
    } else if (p === "/unsized") {
      res.writeHead(200, { "content-type": "application/octet-stream" });
      for (let i = 0; i < 10; i++) res.write(Buffer.alloc(1000));
      res.end();
    } else res.end(JSON.stringify(req.headers));
  });
});
afterAll(() => srv.close());

test("header values with CR or LF, bad header names and methods: ValueError before anything is sent", async () => {
  const before = srv.stats.total;
  const out = await run(
    new ClientSession().with(function* (s) {
      return [
        yield* failure(s.get(`${srv.url}/`, { headers: { "X-A": "ok\r\nInjected: yes" } })),
        yield* failure(s.get(`${srv.url}/`, { headers: { "X-A": "line\nfeed" } })),
        yield* failure(s.get(`${srv.url}/`, { headers: { "Bad Name": "v" } })),
        yield* failure(s.request("GE T", `${srv.url}/`)),
        yield* failure(s.get(`${srv.url}/`, { cookies: { a: "1\r\nX: y" } })),
      ];
    }),
  );
  for (const e of out) expect(e).toBeInstanceOf(ValueError);
  expect((out[0] as Error).message).toMatch(/Newline or carriage return detected in headers/);
  expect(() => new ClientSession({ headers: { "X-A": "a\rb" } })).toThrow(ValueError);
  expect(srv.stats.total).toBe(before);
});

test("invalid URLs and schemes other than http(s): InvalidUrlClientError, NonHttpUrlClientError", async () => {
  const out = await run(
    new ClientSession().with(function* (s) {
      const errors: Record<string, unknown> = {};
      for (const u of [
        "http://",
        "not a url",
        "http://exa mple.com/",
        "/relative",
        "ftp://127.0.0.1/",
        "file:///etc/passwd",
        "data:text/plain,x",
        "ws://127.0.0.1/",
      ]) {
        errors[u] = yield* failure(s.get(u));
      }
      return errors;
    }),
  );
  for (const u of ["http://", "not a url", "http://exa mple.com/", "/relative"]) {
    expect(out[u], u).toBeInstanceOf(InvalidUrlClientError);
    expect(out[u], u).toBeInstanceOf(InvalidURL);
  }
  expect((out["/relative"] as Error).message).toBe(
    "/relative - a relative URL needs the session's baseUrl",
  );
  for (const u of [
    "ftp://127.0.0.1/",
    "file:///etc/passwd",
    "data:text/plain,x",
    "ws://127.0.0.1/",
  ]) {
    expect(out[u], u).toBeInstanceOf(NonHttpUrlClientError);
  }
  expect(() => new ClientSession({ baseUrl: "http://127.0.0.1/api" })).toThrow(
    "baseUrl must have a trailing '/'",
  );
});

test("maxResponseSize: refused from Content-Length before reading, or while reading a body without one", async () => {
  const out = await run(
    new ClientSession({ maxResponseSize: 4096 }).with(function* (s) {
      const sized = yield* failure(s.get(`${srv.url}/sized`));
      const resp = yield* s.get(`${srv.url}/unsized`);
      const unsized = yield* failure(resp.read());
      const allowed = (yield* s
        .get(`${srv.url}/sized`, { maxResponseSize: 5000 })
        .with((r) => r.read())).length;
      return { sized, unsized, allowed, inUse: s.connector.inUse };
    }),
  );
  expect(out.sized).toBeInstanceOf(PayloadTooLargeError);
  expect(out.sized).toBeInstanceOf(ClientPayloadError);
  expect(out.unsized).toBeInstanceOf(PayloadTooLargeError);
  expect(out).toMatchObject({ allowed: 5000, inUse: 0 });
});

test("a decompression bomb stops at maxDecompressSize (32 MiB by default)", async () => {
  const out = await run(
    new ClientSession().with(function* (s) {
      const small = yield* failure(
        s.get(`${srv.url}/bomb`, { maxDecompressSize: 1024 * 1024 }).with((r) => r.read()),
      );
      const byDefault = yield* failure(s.get(`${srv.url}/bomb`).with((r) => r.read()));
      const raised = (yield* s
        .get(`${srv.url}/bomb`, { maxDecompressSize: 2 ** 27 })
        .with((r) => r.read())).length;
      return { small, byDefault, raised, inUse: s.connector.inUse };
    }),
  );
  expect(out.small).toBeInstanceOf(DecompressSizeError);
  expect((out.small as Error).message).toMatch(/exceeds the configured limit of 1048576 bytes/);
  expect(out.byDefault).toBeInstanceOf(DecompressSizeError);
  expect(out.raised).toBe(64 * 1024 * 1024);
  expect(out.inUse).toBe(0);
});
