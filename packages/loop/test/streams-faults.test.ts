/**
 * Bad input and faults on real sockets: a closed port, an unknown host, writing after close, a
 * line longer than the limit, a client leaving mid-line, a connection reset. Each gives the
 * named error with a clear message, and the server keeps serving the other clients.
 */
import type * as net from "node:net";
import {
  CancelledError,
  type Coroutine,
  getRunningLoop,
  IncompleteReadError,
  LimitOverrunError,
  ValueError,
} from "@tsio/future";
import {
  ConnectionRefusedError,
  ConnectionResetError,
  FileNotFoundError,
  gaierror,
  OSError,
  openConnection,
  openUnixConnection,
  run,
  type StreamReader,
  type StreamWriter,
  startServer,
} from "@tsio/loop";
import { createTask, gather, sleep } from "@tsio/task";
import { describe, expect, test } from "vitest";
import {
  closedPort,
  nodeServer,
  raises,
  runRecording,
  serverAddress,
  unixSocketPath,
} from "./streams-helpers.js";

const b = (s: string): Buffer => Buffer.from(s);

/** Sends one line and returns the answer line. */
function* ask(host: string, port: number, line: string): Coroutine<string> {
  const [reader, writer] = yield* openConnection(host, port);
  writer.write(b(line));
  yield* writer.drain();
  const answer = (yield* reader.readline()).toString();
  writer.close();
  yield* writer.waitClosed();
  return answer;
}

describe("connecting", () => {
  test("a closed port: ConnectionRefusedError with errno, code and the address", async () => {
    const port = await closedPort();
    await run(
      (function* () {
        const err = yield* raises(openConnection("127.0.0.1", port));
        expect(err).toBeInstanceOf(ConnectionRefusedError);
        expect(err).toBeInstanceOf(OSError);
        const e = err as ConnectionRefusedError;
        expect(e.errno).toBe(111);
        expect(e.code).toBe("ECONNREFUSED");
        expect(e.name).toBe("ConnectionRefusedError");
        expect(e.message).toBe(
          `[Errno 111] Connection refused: Connect call failed ('127.0.0.1', ${port})`,
        );
      })(),
    );
  });

  test("an unknown host: gaierror naming the host", async () => {
    await run(
      (function* () {
        const err = yield* raises(openConnection("no-such-host.invalid", 80));
        expect(err).toBeInstanceOf(gaierror);
        const e = err as gaierror;
        expect(e.errno).toBeLessThan(0); // getaddrinfo's EAI_* code, as Python's
        expect(e.message).toMatch(/^\[Errno -\d+\] .*\(host 'no-such-host\.invalid'\)$/);
      })(),
    );
  });

  test("no Unix socket at the path: FileNotFoundError", async () => {
    const path = unixSocketPath();
    await run(
      (function* () {
        const err = yield* raises(openUnixConnection(path));
        expect(err).toBeInstanceOf(FileNotFoundError);
        expect((err as Error).message).toBe(`[Errno 2] No such file or directory: '${path}'`);
      })(),
    );
  });

  test("neither host/port nor sock; an invalid limit", async () => {
    await run(
      (function* () {
        expect(yield* raises(openConnection())).toBeInstanceOf(ValueError);
        const err = yield* raises(openConnection("127.0.0.1", 1, { limit: 0 }));
        expect((err as Error).message).toMatch(/Limit cannot be <= 0/);
      })(),
    );
  });

  test("a taken port: OSError 'error while attempting to bind'", async () => {
    await run(
      (function* () {
        const first = yield* startServer(function* () {}, "127.0.0.1", 0);
        const [, port] = serverAddress(first);
        const err = yield* raises(startServer(function* () {}, "127.0.0.1", port));
        expect(err).toBeInstanceOf(OSError);
        expect((err as OSError).code).toBe("EADDRINUSE");
        expect((err as Error).message).toMatch(
          new RegExp(
            `^\\[Errno 98\\] error while attempting to bind on address \\('127.0.0.1', ${port}\\): address already in use`,
          ),
        );
        first.close();
        yield* first.waitClosed();
      })(),
    );
  });

  test("startServer with a coroutine instead of the function", async () => {
    await run(
      (function* () {
        function* handler(): Coroutine<void> {}
        const err = yield* raises(startServer(handler() as never, "127.0.0.1", 0));
        expect(err).toBeInstanceOf(TypeError);
        expect((err as Error).message).toMatch(/pass handleEcho, not handleEcho\(\)/);
      })(),
    );
  });
});

describe("cancelling a connect", () => {
  test("cancelled during the TLS handshake: CancelledError, and the socket is closed", async () => {
    let serverSawClose = false;
    const server = await nodeServer((socket) => {
      // Read, and stay silent: the handshake never completes.
      socket.resume();
      socket.on("close", () => {
        serverSawClose = true;
      });
    });
    try {
      await run(
        (function* () {
          const connecting = createTask(openConnection(...server.address, { ssl: true }));
          yield* sleep(0.05);
          connecting.cancel();
          const [r] = yield* gather(connecting, { returnExceptions: true });
          expect(r).toBeInstanceOf(CancelledError);
          for (let i = 0; i < 200 && !serverSawClose; i++) yield* sleep(0.005);
        })(),
      );
      expect(serverSawClose).toBe(true);
    } finally {
      await server.close();
    }
  });
});

describe("IPv6", () => {
  test("peername and sockname are Python's 4-tuples", async () => {
    await run(
      (function* () {
        const server = yield* startServer(
          function* (reader, writer) {
            writer.write(yield* reader.readline());
            writer.close();
          },
          "::1",
          0,
        );
        const [host, port] = serverAddress(server);
        expect(host).toBe("::1");
        expect(server.sockets[0]?.family).toBe("AF_INET6");
        const [reader, writer] = yield* openConnection("::1", port);
        writer.write(b("six\n"));
        expect((yield* reader.readline()).toString()).toBe("six\n");
        expect(writer.getExtraInfo("peername")).toEqual(["::1", port, 0, 0]);
        writer.close();
        server.close();
        yield* server.waitClosed();
      })(),
    );
  });
});

describe("a line server facing bad clients keeps serving the others", () => {
  /** Drops the rest of a line that overran the limit: readuntil leaves those bytes buffered. */
  function* skipLine(reader: StreamReader, overrun: LimitOverrunError): Coroutine<void> {
    let consumed = overrun.consumed;
    for (;;) {
      yield* reader.readexactly(consumed);
      try {
        yield* reader.readuntil("\n");
        return;
      } catch (e) {
        if (!(e instanceof LimitOverrunError)) throw e;
        consumed = e.consumed;
      }
    }
  }

  /** Echoes lines; a too-long line gets an error line; a client leaving mid-line is logged. */
  function lineServer(log: string[]) {
    return function* handle(reader: StreamReader, writer: StreamWriter): Coroutine<void> {
      try {
        for (;;) {
          let line: Buffer;
          try {
            line = yield* reader.readuntil("\n");
          } catch (e) {
            if (e instanceof LimitOverrunError) {
              log.push("too long");
              writer.write(b("ERR line too long\n"));
              yield* skipLine(reader, e);
              continue;
            }
            if (e instanceof IncompleteReadError) {
              if (e.partial.length > 0)
                log.push(`left mid-line: ${Buffer.from(e.partial).toString()}`);
              break;
            }
            if (e instanceof ConnectionResetError) {
              log.push(`reset: ${e.code} ${e.errno}`);
              break;
            }
            throw e;
          }
          writer.write(line);
          yield* writer.drain();
        }
      } finally {
        writer.close();
      }
    };
  }

  test("a line longer than the limit", async () => {
    const log: string[] = [];
    const { messages } = await runRecording(function* () {
      const server = yield* startServer(lineServer(log), "127.0.0.1", 0, { limit: 1024 });
      const [host, port] = serverAddress(server);
      const [reader, writer] = yield* openConnection(host, port);
      writer.write(b(`${"x".repeat(5000)}\nshort\n`));
      expect((yield* reader.readline()).toString()).toBe("ERR line too long\n");
      expect((yield* reader.readline()).toString()).toBe("short\n");
      // Meanwhile another client is served.
      expect(yield* ask(host, port, "other\n")).toBe("other\n");
      writer.close();
      server.close();
      yield* server.waitClosed();
    });
    expect(log[0]).toBe("too long");
    expect(messages).toEqual([]);
  });

  test("readline's ValueError for a long line, then the next line", async () => {
    const seen: string[] = [];
    const { messages } = await runRecording(function* () {
      const server = yield* startServer(
        function* (reader, writer) {
          for (;;) {
            try {
              const line = yield* reader.readline();
              if (line.length === 0) break;
              seen.push(line.toString());
            } catch (e) {
              seen.push(`${(e as Error).name}: ${(e as Error).message.split(" (")[0]}`);
            }
          }
          writer.close();
        },
        "127.0.0.1",
        0,
        { limit: 16 },
      );
      const [host, port] = serverAddress(server);
      const [, writer] = yield* openConnection(host, port);
      writer.write(b(`${"y".repeat(20)}\nok\n`));
      writer.close();
      yield* sleep(0.05);
      server.close();
      yield* server.waitClosed();
    });
    expect(seen).toEqual([
      "ValueError: Separator is found, but chunk is longer than limit",
      "ok\n",
    ]);
    expect(messages).toEqual([]);
  });

  test("a client disconnecting mid-line", async () => {
    const log: string[] = [];
    const { messages } = await runRecording(function* () {
      const server = yield* startServer(lineServer(log), "127.0.0.1", 0);
      const [host, port] = serverAddress(server);
      const [, writer] = yield* openConnection(host, port);
      writer.write(b("half a li"));
      yield* writer.drain();
      writer.close();
      yield* writer.waitClosed();
      expect(yield* ask(host, port, "whole line\n")).toBe("whole line\n");
      server.close();
      yield* server.waitClosed();
    });
    expect(log).toEqual(["left mid-line: half a li"]);
    expect(messages).toEqual([]);
  });

  test("readline returns the partial line at EOF", async () => {
    const got: string[] = [];
    await run(
      (function* () {
        const server = yield* startServer(
          function* (reader, writer) {
            got.push((yield* reader.readline()).toString());
            got.push((yield* reader.readline()).toString());
            writer.close();
          },
          "127.0.0.1",
          0,
        );
        const [host, port] = serverAddress(server);
        const [, writer] = yield* openConnection(host, port);
        writer.write(b("no newline"));
        writer.close();
        server.close();
        yield* server.waitClosed();
      })(),
    );
    expect(got).toEqual(["no newline", ""]);
  });

  test("a connection reset: ConnectionResetError with code ECONNRESET on the next read", async () => {
    const log: string[] = [];
    const { messages } = await runRecording(function* () {
      const server = yield* startServer(lineServer(log), "127.0.0.1", 0);
      const [host, port] = serverAddress(server);
      const [reader, writer] = yield* openConnection(host, port);
      writer.write(b("first\n"));
      expect((yield* reader.readline()).toString()).toBe("first\n");
      // An RST instead of a FIN.
      (writer.getExtraInfo("socket") as net.Socket).resetAndDestroy();
      yield* sleep(0.05);
      expect(yield* ask(host, port, "still here\n")).toBe("still here\n");
      server.close();
      yield* server.waitClosed();
    });
    expect(log).toEqual(["reset: ECONNRESET 104"]);
    expect(messages).toEqual([]);
  });

  test("writing to a reset connection: drain raises the reset error", async () => {
    await run(
      (function* () {
        const accepted = getRunningLoop().createFuture<StreamWriter>();
        const server = yield* startServer(
          function* (_reader, writer) {
            accepted.setResult(writer);
          },
          "127.0.0.1",
          0,
        );
        const [host, port] = serverAddress(server);
        const [, writer] = yield* openConnection(host, port);
        const w = yield* accepted;
        (writer.getExtraInfo("socket") as net.Socket).resetAndDestroy();
        yield* sleep(0.05);
        const err = yield* raises(
          (function* () {
            for (let i = 0; i < 100; i++) {
              w.write(b("data\n"));
              yield* w.drain();
            }
          })(),
        );
        expect(err).toBeInstanceOf(ConnectionResetError);
        w.close();
        server.close();
        yield* server.waitClosed();
      })(),
    );
  });
});
