import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from "node:zlib";
import { type Coroutine, IncompleteReadError, ValueError } from "@tsio/future";
import { run } from "@tsio/loop";
import { gather, sleep } from "@tsio/task";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  BasicAuth,
  ClientResponseError,
  ClientSession,
  ContentTypeError,
  FormData,
  request,
  TraceConfig,
} from "../src/index.js";
import { startServer, type TestServer } from "./server.js";

let srv: TestServer;
const delays: { path: string; start: number; end: number }[] = [];

beforeAll(async () => {
  srv = await startServer(async (req, res, body) => {
    const url = new URL(req.url ?? "/", "http://x");
    const p = url.pathname;
    if (p === "/json") {
      res.setHeader("content-type", "application/json; charset=utf-8");
      res.setHeader("set-cookie", ["a=1", "b=2"]);
      res.setHeader("X-Custom", "yes");
      res.end(JSON.stringify({ hello: "world", n: 1 }));
    } else if (p === "/echo") {
      res.setHeader("content-type", "application/json");
      res.end(
        JSON.stringify({
          method: req.method,
          url: req.url,
          headers: req.headers,
          body: body.toString("latin1"),
        }),
      );
    } else if (p === "/latin1") {
      res.setHeader("content-type", "text/plain; charset=ISO-8859-1");
      res.end(Buffer.from("café crème", "latin1"));
    } else if (p === "/cp1251") {
      res.setHeader("content-type", "text/html; charset=windows-1251");
      res.end(Buffer.from([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2])); // "Привет"
    } else if (p === "/utf8-nocharset") {
      res.setHeader("content-type", "text/plain");
      res.end("naïve ☃");
    } else if (p === "/bad-utf8") {
      res.setHeader("content-type", "text/plain; charset=utf-8");
      res.end(Buffer.from([0x61, 0xff, 0x62]));
    } else if (p === "/text-json") {
      res.setHeader("content-type", "text/plain");
      res.end('{"x": 1}');
    } else if (p === "/problem") {
      res.setHeader("content-type", "application/problem+json");
      res.end('{"title": "oops"}');
    } else if (p === "/empty-json") {
      res.setHeader("content-type", "application/json");
      res.end("  \n");
    } else if (p === "/large") {
      const n = Number(url.searchParams.get("n"));
      const buf = Buffer.alloc(n);
      for (let i = 0; i < n; i++) buf[i] = i % 251;
      res.setHeader("content-length", n);
      res.end(buf);
    } else if (p === "/chunked") {
      res.setHeader("content-type", "text/plain");
      for (let i = 0; i < 5; i++) {
        res.write(`line ${i}\n`);
        await new Promise((r) => setTimeout(r, 5));
      }
      res.end("last line without newline");
    } else if (p === "/gzip" || p === "/deflate" || p === "/deflate-raw" || p === "/br") {
      const data = Buffer.from("compressed ".repeat(1000));
      const enc = {
        "/gzip": "gzip",
        "/deflate": "deflate",
        "/deflate-raw": "deflate",
        "/br": "br",
      }[p] as string;
      const packed =
        p === "/gzip"
          ? gzipSync(data)
          : p === "/deflate"
            ? deflateSync(data)
            : p === "/deflate-raw"
              ? deflateRawSync(data)
              : brotliCompressSync(data);
      res.setHeader("content-encoding", enc);
      res.setHeader("content-length", packed.length);
      res.end(packed);
    } else if (p.startsWith("/delay/")) {
      const start = Date.now();
      await new Promise((r) => setTimeout(r, Number(p.slice(7)) * 1000));
      delays.push({ path: p, start, end: Date.now() });
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ delayed: Number(p.slice(7)) }));
    } else if (p.startsWith("/status/")) {
      res.statusCode = Number(p.slice(8));
      res.end("status");
    } else {
      res.statusCode = 404;
      res.end("not found");
    }
  });
});
afterAll(() => srv.close());

function withSession<T>(body: (s: ClientSession) => Coroutine<T>, options = {}): Promise<T> {
  return run(new ClientSession(options).with(body));
}

describe("responses", () => {
  test("json, status, reason, headers (case-insensitive, multi-valued), cookies", async () => {
    const out = await withSession(function* (s) {
      const resp = yield* s.get(`${srv.url}/json`);
      const data = yield* resp.json();
      return {
        data,
        status: resp.status,
        reason: resp.reason,
        ok: resp.ok,
        ctype: resp.contentType,
        charset: resp.charset,
        custom: resp.headers.get("x-CUSTOM"),
        cookies: resp.headers.getAll("Set-Cookie"),
        parsed: [...resp.cookies.values()].map((m) => `${m.key}=${m.value}`),
        url: resp.url.href,
        closed: resp.closed,
      };
    });
    expect(out).toEqual({
      data: { hello: "world", n: 1 },
      status: 200,
      reason: "OK",
      ok: true,
      ctype: "application/json",
      charset: "utf-8",
      custom: "yes",
      cookies: ["a=1", "b=2"],
      parsed: ["a=1", "b=2"],
      url: `${srv.url}/json`,
      closed: true,
    });
  });

  test("text decodes with the charset the server names, else utf-8; an explicit encoding wins", async () => {
    const out = await withSession(function* (s) {
      const latin = yield* s.get(`${srv.url}/latin1`).with((r) => r.text());
      const cyr = yield* s.get(`${srv.url}/cp1251`).with((r) => r.text());
      const plain = yield* s.get(`${srv.url}/utf8-nocharset`).with((r) => r.text());
      const forced = yield* s.get(`${srv.url}/utf8-nocharset`).with((r) => r.text("latin-1"));
      return { latin, cyr, plain, forced };
    });
    expect(out).toEqual({
      latin: "café crème",
      cyr: "Привет",
      plain: "naïve ☃",
      forced: "naÃ¯ve â\u0098\u0083",
    });
  });

  test("invalid bytes raise ValueError (UnicodeDecodeError) unless errors: replace", async () => {
    const out = await withSession(function* (s) {
      const resp = yield* s.get(`${srv.url}/bad-utf8`);
      let error: unknown;
      try {
        yield* resp.text();
      } catch (e) {
        error = e;
      }
      return { error, replaced: yield* resp.text(undefined, { errors: "replace" }) };
    });
    expect(out.error).toBeInstanceOf(ValueError);
    expect(out.replaced).toBe("a\ufffdb");
  });

  test("json checks Content-Type like aiohttp (ContentTypeError), accepts +json, null for empty", async () => {
    const out = await withSession(function* (s) {
      let error: unknown;
      try {
        yield* s.get(`${srv.url}/text-json`).with((r) => r.json());
      } catch (e) {
        error = e;
      }
      const unchecked = yield* s
        .get(`${srv.url}/text-json`)
        .with((r) => r.json({ contentType: null }));
      const problem = yield* s.get(`${srv.url}/problem`).with((r) => r.json());
      const empty = yield* s.get(`${srv.url}/empty-json`).with((r) => r.json());
      return { error, unchecked, problem, empty };
    });
    expect(out.error).toBeInstanceOf(ContentTypeError);
    expect((out.error as ContentTypeError).detail).toBe(
      "Attempt to decode JSON with unexpected mimetype: text/plain",
    );
    expect(out.unchecked).toEqual({ x: 1 });
    expect(out.problem).toEqual({ title: "oops" });
    expect(out.empty).toBeNull();
  });

  test("a large body (8 MB) arrives intact through read(), and in chunks through iterChunked", async () => {
    const n = 8 * 1024 * 1024;
    const out = await withSession(function* (s) {
      const all = yield* s.get(`${srv.url}/large?n=${n}`).with((r) => r.read());
      const sizes = yield* s.get(`${srv.url}/large?n=${n}`).with(function* (r) {
        const it = r.content.iterChunked(100_000);
        let total = 0;
        let max = 0;
        let ok = true;
        for (;;) {
          const chunk = yield* it.anext();
          if (chunk === null) break;
          for (let i = 0; i < chunk.length; i += 9973)
            if (chunk[i] !== (total + i) % 251) ok = false;
          total += chunk.length;
          max = Math.max(max, chunk.length);
        }
        return { total, max, ok };
      });
      return { length: all.length, last: all[n - 1], sizes };
    });
    expect(out).toEqual({
      length: n,
      last: (n - 1) % 251,
      sizes: { total: n, max: 100_000, ok: true },
    });
  });

  test("a chunked body read line by line, then readexactly past the end raises IncompleteReadError", async () => {
    const out = await withSession(function* (s) {
      const lines = yield* s.get(`${srv.url}/chunked`).with(function* (r) {
        const it = r.content.iterLine();
        const got: string[] = [];
        for (;;) {
          const line = yield* it.anext();
          if (line === null) break;
          got.push(line.toString());
        }
        return got;
      });
      const partial = yield* s.get(`${srv.url}/chunked`).with(function* (r) {
        const head = (yield* r.content.readexactly(7)).toString();
        try {
          yield* r.content.readexactly(10_000);
        } catch (e) {
          return { head, error: e };
        }
        return { head, error: null };
      });
      return { lines, partial };
    });
    expect(out.lines).toEqual([
      "line 0\n",
      "line 1\n",
      "line 2\n",
      "line 3\n",
      "line 4\n",
      "last line without newline",
    ]);
    expect(out.partial.head).toBe("line 0\n");
    expect(out.partial.error).toBeInstanceOf(IncompleteReadError);
    expect((out.partial.error as IncompleteReadError).partial.toString()).toMatch(
      /^line 1\n.*newline$/s,
    );
  });

  test("gzip, deflate (zlib and raw) and br bodies are decoded; autoDecompress: false keeps the bytes", async () => {
    const out = await withSession(function* (s) {
      const texts: string[] = [];
      for (const p of ["gzip", "deflate", "deflate-raw", "br"]) {
        texts.push(yield* s.get(`${srv.url}/${p}`).with((r) => r.text()));
      }
      const raw = yield* s.get(`${srv.url}/gzip`, { autoDecompress: false }).with((r) => r.read());
      return { texts, rawMagic: [raw[0], raw[1]] };
    });
    for (const t of out.texts) expect(t).toBe("compressed ".repeat(1000));
    expect(out.rawMagic).toEqual([0x1f, 0x8b]);
  });
});

describe("requests", () => {
  test("methods, params, baseUrl, merged headers, auto headers", async () => {
    const out = await withSession(
      function* (s) {
        const results: Record<string, unknown>[] = [];
        for (const m of ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const) {
          const call = {
            GET: s.get,
            POST: s.post,
            PUT: s.put,
            PATCH: s.patch,
            DELETE: s.delete,
            OPTIONS: s.options,
          }[m].call(s, "echo", {
            params: [
              ["k", "a b"],
              ["k", 2],
            ],
            headers: { "X-Req": "r" },
          });
          results.push((yield* call.with((r) => r.json())) as Record<string, unknown>);
        }
        const head = yield* s.head("echo");
        head.release();
        return { results, headStatus: head.status };
      },
      { baseUrl: `${srv.url}/`, headers: { "X-Session": "s", "X-Req": "overridden" } },
    );
    expect(out.results.map((r) => r.method)).toEqual([
      "GET",
      "POST",
      "PUT",
      "PATCH",
      "DELETE",
      "OPTIONS",
    ]);
    const first = out.results[0] as { url: string; headers: Record<string, string> };
    expect(first.url).toBe("/echo?k=a+b&k=2");
    expect(first.headers).toMatchObject({
      "x-session": "s",
      "x-req": "r",
      accept: "*/*",
      "accept-encoding": "gzip, deflate, br",
    });
    expect(first.headers["user-agent"]).toMatch(/^tsio-http-client\//);
    expect(out.headStatus).toBe(200);
  });

  test("bodies: json, text, bytes, form fields, FormData multipart, a streamed async source", async () => {
    async function* source() {
      for (let i = 0; i < 3; i++) {
        await new Promise((r) => setTimeout(r, 2));
        yield Buffer.from(`part${i};`);
      }
    }
    const out = await withSession(function* (s) {
      const post = (opts: object) =>
        s.post(`${srv.url}/echo`, opts).with((r) => r.json()) as Coroutine<{
          body: string;
          headers: Record<string, string>;
        }>;
      const json = yield* post({ json: { a: [1, 2] } });
      const text = yield* post({ data: "plain text" });
      const bytes = yield* post({ data: new Uint8Array([1, 2, 3]) });
      const form = yield* post({ data: { name: "a b", x: 1 } });
      const fd = new FormData();
      fd.addField("title", "hi");
      fd.addField("file", Buffer.from("file-bytes"), {
        filename: "a.bin",
        contentType: "application/x-test",
      });
      const multipart = yield* post({ data: fd });
      const streamed = yield* post({ data: source() });
      return { json, text, bytes, form, multipart, streamed };
    });
    expect(out.json.body).toBe('{"a":[1,2]}');
    expect(out.json.headers["content-type"]).toBe("application/json");
    expect(out.text.body).toBe("plain text");
    expect(out.text.headers["content-type"]).toBe("text/plain; charset=utf-8");
    expect(out.bytes.body).toBe("\x01\x02\x03");
    expect(out.bytes.headers["content-type"]).toBe("application/octet-stream");
    expect(out.form.body).toBe("name=a+b&x=1");
    expect(out.form.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    const boundary = /boundary=(\w+)/.exec(out.multipart.headers["content-type"] as string)?.[1];
    expect(out.multipart.body).toBe(
      `--${boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Disposition: form-data; name="title"\r\n\r\nhi\r\n` +
        `--${boundary}\r\nContent-Type: application/x-test\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\n\r\nfile-bytes\r\n` +
        `--${boundary}--\r\n`,
    );
    expect(out.streamed.body).toBe("part0;part1;part2;");
    expect(out.streamed.headers["transfer-encoding"]).toBe("chunked");
  });

  test("a response's content streams into another request (proxying)", async () => {
    const out = await withSession(function* (s) {
      const src = yield* s.get(`${srv.url}/large?n=300000`);
      const echoed = (yield* s
        .post(`${srv.url}/echo`, { data: src.content })
        .with((r) => r.json())) as { body: string };
      return echoed.body.length;
    });
    expect(out).toBe(300000);
  });

  test("BasicAuth from the session, the request or the URL", async () => {
    const out = await withSession(
      function* (s) {
        const h = (r: { headers: Record<string, string> }) => r.headers.authorization;
        const a = h((yield* s.get(`${srv.url}/echo`).with((r) => r.json())) as never);
        const b = h(
          (yield* s
            .get(`${srv.url}/echo`, { auth: new BasicAuth("req", "pw") })
            .with((r) => r.json())) as never,
        );
        const c = h(
          (yield* s
            .get(`${srv.url.replace("http://", "http://u%40x:p@")}/echo`)
            .with((r) => r.json())) as never,
        );
        let error: unknown;
        try {
          yield* s.get(`${srv.url.replace("http://", "http://u:p@")}/echo`, {
            auth: new BasicAuth("x"),
          });
        } catch (e) {
          error = e;
        }
        return { a, b, c, error };
      },
      { auth: new BasicAuth("sess", "pw") },
    );
    expect(out.a).toBe(`Basic ${Buffer.from("sess:pw").toString("base64")}`);
    expect(out.b).toBe(`Basic ${Buffer.from("req:pw").toString("base64")}`);
    expect(out.c).toBe(`Basic ${Buffer.from("u@x:p").toString("base64")}`);
    expect(out.error).toBeInstanceOf(ValueError);
  });

  test("raiseForStatus: per session, per request, or a coroutine function", async () => {
    const out = await withSession(
      function* (s) {
        const caught: unknown[] = [];
        try {
          yield* s.get(`${srv.url}/status/404`);
        } catch (e) {
          caught.push(e);
        }
        const ok = yield* s.get(`${srv.url}/status/500`, { raiseForStatus: false });
        ok.release();
        const seen: number[] = [];
        const r = yield* s.get(`${srv.url}/status/503`, {
          *raiseForStatus(resp) {
            yield* sleep(0);
            seen.push(resp.status);
          },
        });
        r.release();
        return { caught, okStatus: ok.status, seen };
      },
      { raiseForStatus: true },
    );
    const err = out.caught[0] as ClientResponseError;
    expect(err).toBeInstanceOf(ClientResponseError);
    expect(err.status).toBe(404);
    expect(err.detail).toBe("Not Found");
    expect(err.message).toBe(`404, message='Not Found', url='${srv.url}/status/404'`);
    expect(out.okStatus).toBe(500);
    expect(out.seen).toEqual([503]);
  });

  test("TraceConfig callbacks run in order", async () => {
    const events: string[] = [];
    const trace = new TraceConfig();
    trace.onRequestStart.append((_s, ctx, p) => {
      events.push(`start ${p.method} ${String(ctx.traceRequestCtx)}`);
    });
    trace.onRequestEnd.append(function* (_s, _ctx, p) {
      yield* sleep(0);
      events.push(`end ${p.response.status}`);
    });
    trace.onResponseChunkReceived.append((_s, _c, p) => {
      events.push(`chunk ${p.chunk.length}`);
    });
    trace.onRequestException.append((_s, _c, p) => {
      events.push(`exception ${(p.exception as Error).name}`);
    });
    await withSession(
      function* (s) {
        yield* s.get(`${srv.url}/status/200`, { traceRequestCtx: "ctx1" }).with((r) => r.read());
        try {
          yield* s.get(`${srv.url}/status/418`, { raiseForStatus: true });
        } catch {}
      },
      { traceConfigs: [trace] },
    );
    expect(events).toEqual([
      "start GET ctx1",
      "end 200",
      "chunk 6",
      "start GET undefined",
      "exception ClientResponseError",
    ]);
  });
});

describe("context forms", () => {
  test("with() releases even when the body throws; using releases at the end of the block", async () => {
    const out = await withSession(function* (s) {
      let held: import("../src/index.js").ClientResponse | null = null;
      try {
        yield* s.get(`${srv.url}/large?n=2000000`).with((r) => {
          held = r;
          throw new Error("boom");
        });
      } catch {}
      const afterWith = (held as unknown as { closed: boolean }).closed;
      let usingResp: import("../src/index.js").ClientResponse;
      {
        using r = yield* s.get(`${srv.url}/large?n=2000000`);
        usingResp = r;
      }
      return { afterWith, afterUsing: usingResp.closed, inUse: s.connector.inUse };
    });
    expect(out).toEqual({ afterWith: true, afterUsing: true, inUse: 0 });
  });

  test("module-level request() closes its own session", async () => {
    const out = await run(
      (function* () {
        const text = yield* request("GET", `${srv.url}/utf8-nocharset`).with((r) => r.text());
        const resp = yield* request("POST", `${srv.url}/echo`, { json: 1 });
        const body = (yield* resp.json()) as { body: string };
        return { text, body: body.body };
      })(),
    );
    expect(out).toEqual({ text: "naïve ☃", body: "1" });
  });

  test("the seed's pattern: /delay/2 and /delay/3 gathered run at the same time", async () => {
    delays.length = 0;
    const out = await withSession(function* (s) {
      return yield* gather(
        s.get(`${srv.url}/delay/2`).with((r) => r.json()),
        s.get(`${srv.url}/delay/3`).with((r) => r.json()),
      );
    });
    expect(out).toEqual([{ delayed: 2 }, { delayed: 3 }]);
    const [a, b] = delays.sort((x, y) => x.path.localeCompare(y.path));
    // Overlap: each started before the other ended.
    expect(a && b && a.start < b.end && b.start < a.end).toBe(true);
  });
});
