// A server of the seed GIFs (`/flags/<cc>/<cc>.gif`) in a worker thread of its own, for the
// example whose main thread blocks while it fetches (a server on that thread could not answer).
// Posts `{ port }` to the parent once it listens; ends when the parent terminates it.
import { createServer } from "node:http";
import { parentPort } from "node:worker_threads";
import { gifBody } from "./gif.js";

const server = createServer((req, res) => {
  const m = /^\/flags\/([a-z]{2})\/\1\.gif$/.exec(req.url ?? "");
  if (m === null) {
    res.writeHead(404, { "Content-Type": "text/plain" }).end("not found\n");
    return;
  }
  const body = gifBody(m[1]);
  res.writeHead(200, { "Content-Type": "image/gif", "Content-Length": body.length }).end(body);
});
server.listen(0, "127.0.0.1", () => {
  parentPort?.postMessage({ port: server.address().port });
});
