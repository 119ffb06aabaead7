/**
 * The asyncio documentation's "TCP echo client and server using streams", translated line by
 * line, run with many concurrent clients; the same over a Unix socket.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { Coroutine } from "@tsio/future";
import {
  type InetAddress,
  openConnection,
  openUnixConnection,
  run,
  type StreamReader,
  type StreamWriter,
  startServer,
  startUnixServer,
} from "@tsio/loop";
import { createTask, gatherAll, sleep } from "@tsio/task";
import { describe, expect, test } from "vitest";
import { runRecording, serverAddress, unixSocketPath } from "./streams-helpers.js";

const CLIENTS = 200;

describe("the docs' TCP echo server and client", () => {
  test(`${CLIENTS} concurrent clients each get their own message back`, async () => {
    const log: string[] = [];

    function* handleEcho(reader: StreamReader, writer: StreamWriter): Coroutine<void> {
      const data = yield* reader.read(100);
      const message = data.toString();
      const addr = writer.getExtraInfo("peername") as InetAddress;
      log.push(`Received ${JSON.stringify(message)} from ${addr[0]}`);
      writer.write(data);
      yield* writer.drain();
      writer.close();
      yield* writer.waitClosed();
    }

    function* tcpEchoClient(message: string, port: number): Coroutine<string> {
      const [reader, writer] = yield* openConnection("127.0.0.1", port);
      writer.write(Buffer.from(message));
      yield* writer.drain();
      const data = yield* reader.read(100);
      writer.close();
      yield* writer.waitClosed();
      return data.toString();
    }

    const { result, messages } = await runRecording(function* () {
      const server = yield* startServer(handleEcho, "127.0.0.1", 0, { backlog: 1024 });
      const [, port] = serverAddress(server);
      const serving = createTask(server.serveForever());
      const replies = yield* gatherAll(
        Array.from({ length: CLIENTS }, (_, i) => tcpEchoClient(`Hello World! #${i}`, port)),
      );
      serving.cancel(); // as Ctrl-C would: serveForever closes the server and waits for it
      yield* gatherAll([serving], { returnExceptions: true });
      expect(server.isServing()).toBe(false);
      return replies;
    });

    expect(result).toEqual(Array.from({ length: CLIENTS }, (_, i) => `Hello World! #${i}`));
    expect(log.length).toBe(CLIENTS);
    expect(log).toContain('Received "Hello World! #7" from 127.0.0.1');
    expect(messages).toEqual([]);
  });

  test("long conversations: 50 clients x 100 line round trips", async () => {
    function* echoLines(reader: StreamReader, writer: StreamWriter): Coroutine<void> {
      for (;;) {
        const line = yield* reader.readline();
        if (line.length === 0) break;
        writer.write(line);
        yield* writer.drain();
      }
      writer.close();
    }
    function* client(port: number, id: number): Coroutine<number> {
      const [reader, writer] = yield* openConnection("127.0.0.1", port);
      let ok = 0;
      for (let i = 0; i < 100; i++) {
        const msg = `client ${id} line ${i}\n`;
        writer.write(Buffer.from(msg));
        yield* writer.drain();
        if ((yield* reader.readline()).toString() === msg) ok++;
      }
      writer.close();
      yield* writer.waitClosed();
      return ok;
    }
    const counts = await run(
      (function* () {
        const server = yield* startServer(echoLines, "127.0.0.1", 0);
        const [, port] = serverAddress(server);
        const result = yield* gatherAll(Array.from({ length: 50 }, (_, i) => client(port, i)));
        server.close();
        yield* server.waitClosed();
        return result;
      })(),
    );
    expect(counts).toEqual(Array.from({ length: 50 }, () => 100));
  });

  test("the same over a Unix socket", async () => {
    const path = unixSocketPath();
    const replies = await run(
      (function* () {
        const server = yield* startUnixServer(function* (reader, writer) {
          writer.write(yield* reader.read(100));
          yield* writer.drain();
          writer.close();
        }, path);
        const replies = yield* gatherAll(
          Array.from({ length: 50 }, (_, i) =>
            (function* () {
              const [reader, writer] = yield* openUnixConnection(path);
              writer.write(Buffer.from(`unix ${i}`));
              const data = yield* reader.read(100);
              writer.close();
              return data.toString();
            })(),
          ),
        );
        server.close();
        yield* server.waitClosed();
        return replies;
      })(),
    );
    expect(replies).toEqual(Array.from({ length: 50 }, (_, i) => `unix ${i}`));
  });
});

describe("a writer nobody closes", () => {
  test("is closed, with a ResourceWarning, once collected (Python's StreamWriter.__del__)", async () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const warnings: string[] = [];
    const onWarning = (w: Error): void => {
      if (w.name === "ResourceWarning") warnings.push(w.message);
    };
    process.on("warning", onWarning);
    try {
      const reply = await run(
        (function* () {
          // The handler forgets writer.close(); the writer is dropped when it returns.
          const server = yield* startServer(
            function* (reader, writer) {
              writer.write(yield* reader.readline());
            },
            "127.0.0.1",
            0,
          );
          const [host, port] = serverAddress(server);
          const [reader, writer] = yield* openConnection(host, port);
          writer.write(Buffer.from("hi\n"));
          const line = (yield* reader.readline()).toString();
          for (let i = 0; i < 50 && warnings.length === 0; i++) {
            gc();
            yield* sleep(0.01);
          }
          // The server side was closed: the client sees EOF.
          const rest = yield* reader.read();
          writer.close();
          server.close();
          yield* server.waitClosed();
          return `${line}|${rest.length}`;
        })(),
      );
      expect(reply).toBe("hi\n|0");
      expect(warnings.some((w) => w.startsWith("unclosed <StreamWriter"))).toBe(true);
    } finally {
      process.off("warning", onWarning);
    }
  });
});
