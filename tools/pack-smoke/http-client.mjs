// @tsio/http-client installed alone: GET and POST against a local node:http server, and a
// cancelled task whose request is aborted on the wire, on a minimal loop (no @tsio/loop).
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { _setRunningLoop, CancelledError, Future } from "@tsio/future";
import { ClientResponseError, ClientSession } from "@tsio/http-client";
import { createTask, sleep, Task } from "@tsio/task";

const { createMiniLoop } = createRequire(import.meta.url)("./mini-loop.cjs");
const loop = createMiniLoop({ Future, Task, _setRunningLoop });

let aborted = false;
const server = createServer((req, res) => {
  if (req.url === "/slow") {
    req.socket.on("close", () => {
      aborted = true;
    });
    return; // never answers
  }
  if (req.url === "/missing") {
    res.writeHead(404).end();
    return;
  }
  let body = "";
  req.on("data", (c) => {
    body += c;
  });
  req.on("end", () => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ method: req.method, url: req.url, body }));
  });
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${server.address().port}/`;

function* main() {
  const session = new ClientSession({ baseUrl: base });
  try {
    const got = yield* session.get("items", { params: { page: 2 } }).with((resp) => resp.json());
    const posted = yield* session.post("items", { json: { a: 1 } }).with(function* (resp) {
      assert.equal(resp.status, 200);
      return yield* resp.json();
    });
    try {
      yield* session.get("missing", { raiseForStatus: true });
      assert.fail("a 404 with raiseForStatus throws");
    } catch (e) {
      assert.ok(e instanceof ClientResponseError);
      assert.equal(e.status, 404);
    }
    const slow = createTask(session.get("slow"));
    yield* sleep(0.05);
    slow.cancel();
    try {
      yield* slow;
      assert.fail("the request was cancelled");
    } catch (e) {
      assert.ok(e instanceof CancelledError);
    }
    return [got, posted];
  } finally {
    yield* session.close();
  }
}

const [got, posted] = await loop.runUntilComplete(main());
assert.deepEqual(got, { method: "GET", url: "/items?page=2", body: "" });
assert.deepEqual(posted, { method: "POST", url: "/items", body: '{"a":1}' });
await new Promise((resolve) => setTimeout(resolve, 50));
assert.ok(aborted, "cancelling the task closed the request's connection");
server.close();
console.log("@tsio/http-client (esm): ok");
