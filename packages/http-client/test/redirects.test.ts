import { run } from "@tsio/loop";
import { afterAll, beforeAll, expect, test } from "vitest";
import {
  BasicAuth,
  ClientSession,
  CookieJar,
  InvalidUrlRedirectClientError,
  NonHttpUrlRedirectClientError,
  RedirectClientError,
  TooManyRedirects,
} from "../src/index.js";
import { failure, startServer, type TestServer } from "./server.js";

let a: TestServer;
let b: TestServer;

function echo(
  res: import("node:http").ServerResponse,
  req: import("node:http").IncomingMessage,
  body: Buffer,
): void {
  res.setHeader("content-type", "application/json");
  res.end(
    JSON.stringify({
      method: req.method,
      url: req.url,
      headers: req.headers,
      body: body.toString(),
    }),
  );
}

beforeAll(async () => {
  b = await startServer((req, res, body) => echo(res, req, body));
  a = await startServer((req, res, body) => {
    const url = new URL(req.url ?? "/", "http://x");
    const p = url.pathname;
    const to = (status: number, location: string) => {
      res.statusCode = status;
      res.setHeader("location", location);
      res.end("redirect body");
    };
    if (p === "/chain/1") to(301, "/chain/2");
    else if (p === "/chain/2")
      to(302, "3"); // relative: /chain/3
    else if (p === "/chain/3") to(307, `${a.url}/echo`);
    else if (p === "/303") to(303, "/echo");
    else if (p === "/302") to(302, "/echo");
    else if (p === "/307") to(307, "/echo");
    else if (p === "/308") to(308, "/echo");
    else if (p === "/loop/a") to(302, "/loop/b");
    else if (p === "/loop/b") to(302, "/loop/a");
    else if (p === "/n") {
      const n = Number(url.searchParams.get("n"));
      if (n > 0) to(302, `/n?n=${n - 1}`);
      else res.end("arrived");
    } else if (p === "/cross") to(302, `${b.url}/echo`);
    else if (p === "/file") to(302, "file:///etc/passwd");
    else if (p === "/data") to(302, "data:text/plain,hello");
    else if (p === "/bad") to(302, "http://[not-an-ip/");
    else if (p === "/set-and-redirect") {
      res.setHeader("set-cookie", "hop=1; Path=/");
      to(302, "/echo");
    } else echo(res, req, body);
  });
});
afterAll(async () => {
  await a.close();
  await b.close();
});

function go<T>(
  body: (s: ClientSession) => Generator<unknown, T, unknown>,
  options = {},
): Promise<T> {
  return run(new ClientSession(options).with(body));
}

test("a same-origin chain: history holds every hop, the URL is the last one", async () => {
  const out = await go(function* (s) {
    const resp = yield* s.get(`${a.url}/chain/1`);
    const data = (yield* resp.json()) as { url: string };
    return {
      history: resp.history.map((r) => [r.status, r.url.pathname]),
      url: resp.url.pathname,
      path: data.url,
      historyClosed: resp.history.every((r) => r.closed),
    };
  });
  expect(out).toEqual({
    history: [
      [301, "/chain/1"],
      [302, "/chain/2"],
      [307, "/chain/3"],
    ],
    url: "/echo",
    path: "/echo",
    historyClosed: true,
  });
});

test("303 turns any method into GET without body; 301/302 only POST; 307/308 keep method and body", async () => {
  const out = await go(function* (s) {
    const m = function* (method: string, path: string) {
      const r = (yield* s
        .request(method, `${a.url}${path}`, { data: "payload" })
        .with((x) => x.json())) as {
        method: string;
        body: string;
        headers: Record<string, string>;
      };
      return `${r.method}:${r.body}:${r.headers["content-length"] ?? "-"}`;
    };
    return [
      yield* m("PUT", "/303"),
      yield* m("POST", "/302"),
      yield* m("PUT", "/302"),
      yield* m("POST", "/307"),
      yield* m("POST", "/308"),
    ];
  });
  expect(out).toEqual(["GET::-", "GET::-", "PUT:payload:7", "POST:payload:7", "POST:payload:7"]);
});

test("the cap: maxRedirects hops raise TooManyRedirects; a loop too", async () => {
  const out = await go(function* (s) {
    const ok = yield* s.get(`${a.url}/n?n=9`).with((r) => r.text());
    const tooMany = (yield* failure(s.get(`${a.url}/n?n=10`))) as TooManyRedirects;
    const capped = yield* s.get(`${a.url}/n?n=3`, { maxRedirects: 4 }).with((r) => r.text());
    const loop = (yield* failure(s.get(`${a.url}/loop/a`))) as TooManyRedirects;
    const off = yield* s
      .get(`${a.url}/loop/a`, { allowRedirects: false })
      .with((r) => [r.status, r.headers.get("location")]);
    return { ok, tooMany, capped, loop, off };
  });
  expect(out.ok).toBe("arrived");
  expect(out.tooMany).toBeInstanceOf(TooManyRedirects);
  expect(out.tooMany.history).toHaveLength(10);
  expect(out.capped).toBe("arrived");
  expect(out.loop).toBeInstanceOf(TooManyRedirects);
  expect(out.off).toEqual([302, "/loop/b"]);
});

test("a cross-origin hop drops Authorization, Cookie and Proxy-Authorization; same-origin keeps them", async () => {
  const out = await go(
    function* (s) {
      const opts = {
        auth: new BasicAuth("u", "p"),
        headers: { Cookie: "c=1", "Proxy-Authorization": "Basic eA==", "X-Keep": "k" },
      };
      const cross = (yield* s.get(`${a.url}/cross`, opts).with((r) => r.json())) as {
        headers: Record<string, string>;
      };
      const same = (yield* s.get(`${a.url}/302`, opts).with((r) => r.json())) as {
        headers: Record<string, string>;
      };
      return { cross: cross.headers, same: same.headers };
    },
    { cookieJar: new CookieJar({ unsafe: true }) },
  );
  expect(out.cross.authorization).toBeUndefined();
  expect(out.cross.cookie).toBeUndefined();
  expect(out.cross["proxy-authorization"]).toBeUndefined();
  expect(out.cross["x-keep"]).toBe("k");
  expect(out.same.authorization).toBe(`Basic ${Buffer.from("u:p").toString("base64")}`);
  expect(out.same.cookie).toBe("c=1");
  expect(out.same["proxy-authorization"]).toBe("Basic eA==");
});

test("cookies set on a redirect response are sent on the next hop", async () => {
  const out = await go(
    function* (s) {
      return (
        (yield* s.get(`${a.url}/set-and-redirect`).with((r) => r.json())) as {
          headers: Record<string, string>;
        }
      ).headers.cookie;
    },
    { cookieJar: new CookieJar({ unsafe: true }) },
  );
  expect(out).toBe("hop=1");
});

test("redirects to file:, data: or a broken URL are refused with named errors", async () => {
  const out = await go(function* (s) {
    return {
      file: yield* failure(s.get(`${a.url}/file`)),
      data: yield* failure(s.get(`${a.url}/data`)),
      bad: yield* failure(s.get(`${a.url}/bad`)),
      inUse: s.connector.inUse,
    };
  });
  expect(out.file).toBeInstanceOf(NonHttpUrlRedirectClientError);
  expect(out.file).toBeInstanceOf(RedirectClientError);
  expect((out.file as NonHttpUrlRedirectClientError).url).toBe("file:///etc/passwd");
  expect(out.data).toBeInstanceOf(NonHttpUrlRedirectClientError);
  expect(out.bad).toBeInstanceOf(InvalidUrlRedirectClientError);
  expect(out.bad).toBeInstanceOf(RedirectClientError);
  expect(out.inUse).toBe(0);
});

test("a streamed body cannot follow a 307: RedirectClientError says why", async () => {
  async function* once() {
    yield "data";
  }
  const out = await go(function* (s) {
    return yield* failure(s.post(`${a.url}/307`, { data: once() }));
  });
  expect(out).toBeInstanceOf(RedirectClientError);
  expect((out as Error).message).toMatch(/stream, which cannot be sent twice/);
});
