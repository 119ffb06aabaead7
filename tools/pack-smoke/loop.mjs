// @tsio/loop installed alone: run() a coroutine that sleeps, gathers and talks to itself over TCP.
import assert from "node:assert/strict";
import { getRunningLoop, openConnection, run, startServer } from "@tsio/loop";
import { gather, sleep } from "@tsio/task";

function* handleEcho(reader, writer) {
  const line = yield* reader.readline();
  writer.write(Buffer.from(line.toString().toUpperCase()));
  yield* writer.drain();
  writer.close();
  yield* writer.waitClosed();
}

function* client(port, message) {
  const [reader, writer] = yield* openConnection("127.0.0.1", port);
  writer.write(Buffer.from(`${message}\n`));
  yield* writer.drain();
  const data = yield* reader.read();
  writer.close();
  yield* writer.waitClosed();
  return data.toString();
}

function* main() {
  const loop = getRunningLoop();
  const start = loop.time();
  const server = yield* startServer(handleEcho, "127.0.0.1", 0);
  const [, port] = server.sockets[0].getsockname();
  const replies = yield* gather(client(port, "hello"), client(port, "world"), sleep(0.05));
  server.close();
  yield* server.waitClosed();
  assert.ok(loop.time() - start >= 0.05);
  return replies.slice(0, 2);
}

assert.deepEqual(await run(main()), ["HELLO\n", "WORLD\n"]);
console.log("@tsio/loop (esm): ok");
