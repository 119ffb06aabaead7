// The keep-alive server of bench/http.bench.ts, run in its own process so that the client's CPU
// time can be measured apart. Prints its port, then serves a small body to every request.
import { createServer } from "node:http";

const body = Buffer.from(JSON.stringify({ ok: true, message: "hello from the bench server" }));
const server = createServer((_req, res) => {
  res.writeHead(200, { "content-type": "application/json", "content-length": body.length });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${server.address().port}\n`);
});
process.on("disconnect", () => process.exit(0));
