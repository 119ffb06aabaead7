import { run } from "@tsio/loop";
import { createTask, gatherAll, sleep } from "@tsio/task";
import { afterAll, beforeAll, expect, test } from "vitest";
import { ClientSession, TCPConnector } from "../src/index.js";
import { startServer, type TestServer } from "./server.js";

let a: TestServer;
let b: TestServer;
const slow = async (
  req: import("node:http").IncomingMessage,
  res: import("node:http").ServerResponse,
) => {
  if (req.url === "/hold") {
    // The body takes 300 ms to complete: the response holds its slot until then.
    res.write("start;");
    await new Promise((r) => setTimeout(r, 300));
    res.end("end");
    return;
  }
  await new Promise((r) => setTimeout(r, 10));
  res.end("done");
};
beforeAll(async () => {
  a = await startServer(slow);
  b = await startServer(slow);
});
afterAll(async () => {
  await a.close();
  await b.close();
});

test("limit: 100 concurrent requests never hold more than `limit` connections", async () => {
  a.stats.maxActive = 0;
  const out = await run(
    new ClientSession({ connector: new TCPConnector({ limit: 7 }) }).with(function* (s) {
      const texts = yield* gatherAll(
        Array.from({ length: 100 }, () => s.get(`${a.url}/`).with((r) => r.text())),
      );
      return { n: texts.filter((t) => t === "done").length, inUse: s.connector.inUse };
    }),
  );
  expect(out).toEqual({ n: 100, inUse: 0 });
  expect(a.stats.maxActive).toBeLessThanOrEqual(7);
  expect(a.stats.maxActive).toBeGreaterThan(1);
});

test("limitPerHost: each origin gets at most its share, across two servers", async () => {
  a.stats.maxActive = 0;
  b.stats.maxActive = 0;
  const out = await run(
    new ClientSession({ connector: new TCPConnector({ limit: 0, limitPerHost: 3 }) }).with(
      function* (s) {
        const urls = Array.from({ length: 100 }, (_, i) => (i % 2 ? a.url : b.url));
        const texts = yield* gatherAll(urls.map((u) => s.get(`${u}/`).with((r) => r.text())));
        return texts.length;
      },
    ),
  );
  expect(out).toBe(100);
  expect(a.stats.maxActive).toBeLessThanOrEqual(3);
  expect(b.stats.maxActive).toBeLessThanOrEqual(3);
  expect(a.stats.maxActive + b.stats.maxActive).toBeGreaterThan(2);
});

test("a slot is held until the response is released, so unreleased responses block the next request", async () => {
  const out = await run(
    new ClientSession({ connector: new TCPConnector({ limit: 2 }) }).with(function* (s) {
      const r1 = yield* s.get(`${a.url}/`);
      const r2 = yield* s.get(`${a.url}/`);
      // Both bodies are tiny and fully received, which frees the slots as in aiohttp.
      yield* r1.read();
      yield* r2.read();
      return s.connector.inUse;
    }),
  );
  expect(out).toBe(0);
});

test("a full host does not hold back requests to another host", async () => {
  const out = await run(
    new ClientSession({ connector: new TCPConnector({ limitPerHost: 1 }) }).with(function* (s) {
      const first = yield* s.get(`${a.url}/hold`); // holds a's only slot until its body ends
      const queued = createTask(s.get(`${a.url}/`).with((r) => r.text()));
      yield* sleep(0.02);
      const other = yield* s.get(`${b.url}/`).with((r) => r.text());
      const queuedDone = queued.done();
      yield* first.read();
      return { other, queuedDone, queued: yield* queued };
    }),
  );
  expect(out).toEqual({ other: "done", queuedDone: false, queued: "done" });
});
