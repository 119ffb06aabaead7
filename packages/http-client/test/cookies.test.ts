import { run } from "@tsio/loop";
import { afterAll, beforeAll, expect, test } from "vitest";
import { ClientSession, CookieJar, DummyCookieJar } from "../src/index.js";
import { startServer, type TestServer } from "./server.js";

let srv: TestServer;
beforeAll(async () => {
  srv = await startServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/login") {
      res.setHeader("set-cookie", [
        "sid=abc; Path=/; HttpOnly",
        "scoped=1; Path=/app",
        "secure=1; Secure",
        "gone=1; Max-Age=0",
      ]);
      res.end("ok");
    } else if (url.pathname === "/logout") {
      res.setHeader("set-cookie", "sid=; Max-Age=0; Path=/");
      res.end("bye");
    } else res.end(req.headers.cookie ?? "");
  });
});
afterAll(() => srv.close());

function go<T>(
  body: (s: ClientSession) => Generator<unknown, T, unknown>,
  options = {},
): Promise<T> {
  return run(new ClientSession(options).with(body));
}

test("cookies a server sets come back where domain, path and Secure allow; Max-Age=0 removes", async () => {
  const jar = new CookieJar({ unsafe: true });
  const out = await go(
    function* (s) {
      const login = yield* s.get(`${srv.url}/login`);
      const setCookies = [...login.cookies.keys()];
      login.release();
      const root = yield* s.get(`${srv.url}/`).with((r) => r.text());
      const app = yield* s.get(`${srv.url}/app/page`).with((r) => r.text());
      const extra = yield* s.get(`${srv.url}/`, { cookies: { extra: "x" } }).with((r) => r.text());
      yield* s.get(`${srv.url}/logout`).with((r) => r.read());
      const after = yield* s.get(`${srv.url}/`).with((r) => r.text());
      return { setCookies, root, app, extra, after };
    },
    { cookieJar: jar },
  );
  expect(out.setCookies).toEqual(["sid", "scoped", "secure", "gone"]);
  expect(out.root).toBe("sid=abc");
  expect(out.app).toBe("sid=abc; scoped=1");
  expect(out.extra).toBe("sid=abc; extra=x");
  expect(out.after).toBe("");
});

test("like aiohttp, the default jar takes no cookies from IP addresses; session cookies go everywhere", async () => {
  const out = await go(
    function* (s) {
      yield* s.get(`${srv.url}/login`).with((r) => r.read());
      const echoed = yield* s.get(`${srv.url}/`).with((r) => r.text());
      return { echoed, size: s.cookieJar.size };
    },
    { cookies: { shared: "1" } },
  );
  expect(out).toEqual({ echoed: "shared=1", size: 1 });
});

test("DummyCookieJar keeps nothing", async () => {
  const out = await go(
    function* (s) {
      yield* s.get(`${srv.url}/login`).with((r) => r.read());
      return yield* s.get(`${srv.url}/`).with((r) => r.text());
    },
    { cookieJar: new DummyCookieJar() },
  );
  expect(out).toBe("");
});

test("CookieJar domain rules: host-only vs Domain=, subdomains, foreign domains refused", () => {
  const jar = new CookieJar();
  jar.updateCookiesFromHeaders(
    [
      "host=1",
      "dom=2; Domain=example.com",
      "evil=3; Domain=other.org",
      "deep=4; Domain=.example.com; Path=/x",
    ],
    new URL("http://www.example.com/"),
  );
  const names = (u: string) => [...jar.filterCookies(new URL(u)).keys()].sort();
  expect(names("http://www.example.com/")).toEqual(["dom", "host"]);
  expect(names("http://api.example.com/x/y")).toEqual(["deep", "dom"]);
  expect(names("http://example.com/")).toEqual(["dom"]);
  expect(names("http://other.org/")).toEqual([]);
  jar.clearDomain("example.com");
  expect(jar.size).toBe(0);
});
