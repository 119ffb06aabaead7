// @tsio/http-client installed alone, from CommonJS: a text body and a refused connection.
const assert = require("node:assert/strict");
const { createServer } = require("node:http");
const { _setRunningLoop, Future } = require("@tsio/future");
const { ClientConnectorError, ClientSession, ClientTimeout } = require("@tsio/http-client");
const { Task } = require("@tsio/task");
const { createMiniLoop } = require("./mini-loop.cjs");

const loop = createMiniLoop({ Future, Task, _setRunningLoop });
const server = createServer((_req, res) => res.end("hello from node:http"));

server.listen(0, "127.0.0.1", () => {
  const url = `http://127.0.0.1:${server.address().port}/`;
  function* main() {
    const session = new ClientSession({ timeout: new ClientTimeout({ total: 10 }) });
    try {
      const text = yield* session.get(url).with((resp) => resp.text());
      let refused = null;
      try {
        yield* session.get("http://127.0.0.1:1/");
      } catch (e) {
        refused = e;
      }
      return [text, refused];
    } finally {
      yield* session.close();
    }
  }
  loop.runUntilComplete(main()).then(([text, refused]) => {
    assert.equal(text, "hello from node:http");
    assert.ok(refused instanceof ClientConnectorError, String(refused));
    server.close();
    console.log("@tsio/http-client (cjs): ok");
  });
});
