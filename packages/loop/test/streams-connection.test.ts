/**
 * openConnection / startServer cases ported from CPython 3.13's test_streams.py, on real
 * sockets on 127.0.0.1 and Unix sockets.
 */
import { spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import * as net from "node:net";
import { type Coroutine, fromPromise } from "@tsio/future";
import {
  BrokenPipeError,
  type ClientConnectedCallback,
  ConnectionAbortedError,
  ConnectionResetError,
  type InetAddress,
  openConnection,
  openUnixConnection,
  run,
  Server,
  type StreamReader,
  type StreamWriter,
  startServer,
  startUnixServer,
} from "@tsio/loop";
import { createTask, currentTask, gather, sleep } from "@tsio/task";
import { afterEach, describe, expect, test } from "vitest";
import {
  type NodeServer,
  nodeServer,
  raises,
  runRecording,
  runTestServer,
  serverAddress,
  unixSocketPath,
  withServer,
} from "./streams-helpers.js";

const b = (s: string): Buffer => Buffer.from(s);

const addr = serverAddress;

let httpd: NodeServer | null = null;
afterEach(async () => {
  await httpd?.close();
  httpd = null;
});

/** Sends a request to runTestServer's server and checks the status line (and the body). */
function* request(reader: StreamReader, writer: StreamWriter, readBody = true): Coroutine<void> {
  writer.write(b("GET / HTTP/1.0\r\n\r\n"));
  expect(yield* reader.readline()).toEqual(b("HTTP/1.0 200 OK\r\n"));
  if (readBody)
    expect((yield* reader.read()).toString().endsWith("\r\n\r\nTest message")).toBe(true);
}

function* basetestOpenConnection(reader: StreamReader, writer: StreamWriter): Coroutine<void> {
  yield* request(reader, writer);
  writer.close();
}

/** CPython's _basetest_open_connection_error: a connection lost with an error fails reads. */
function* basetestOpenConnectionError(
  open: Coroutine<[StreamReader, StreamWriter]>,
): Coroutine<void> {
  class ZeroDivisionError extends Error {}
  const [reader, writer] = yield* open;
  writer._protocol.connectionLost(new ZeroDivisionError());
  expect(yield* raises(reader.read())).toBeInstanceOf(ZeroDivisionError);
  writer.close();
}

describe("openConnection", () => {
  test("open_connection", async () => {
    const server = await runTestServer();
    httpd = server;
    const { messages } = await runRecording(function* () {
      const [reader, writer] = yield* openConnection(...server.address);
      yield* basetestOpenConnection(reader, writer);
    });
    expect(messages).toEqual([]);
  });

  test("open_unix_connection", async () => {
    const path = unixSocketPath();
    const server = await runTestServer({ path });
    httpd = server;
    const { messages } = await runRecording(function* () {
      const [reader, writer] = yield* openUnixConnection(path);
      expect(writer.getExtraInfo("peername")).toBe(path);
      yield* basetestOpenConnection(reader, writer);
    });
    expect(messages).toEqual([]);
  });

  test("open_connection_error: connection lost with an error fails the next read", async () => {
    const server = await runTestServer();
    httpd = server;
    const { messages } = await runRecording(() =>
      basetestOpenConnectionError(openConnection(...server.address)),
    );
    expect(messages).toEqual([]);
  });

  test("open_unix_connection_error", async () => {
    const path = unixSocketPath();
    const server = await runTestServer({ path });
    httpd = server;
    const { messages } = await runRecording(() =>
      basetestOpenConnectionError(openUnixConnection(path)),
    );
    expect(messages).toEqual([]);
  });

  test("wait_closed on close", async () => {
    const server = await runTestServer();
    httpd = server;
    await run(
      (function* () {
        const [rd, wr] = yield* openConnection(...server.address);
        yield* request(rd, wr);
        expect(wr.isClosing()).toBe(false);
        wr.close();
        expect(wr.isClosing()).toBe(true);
        yield* wr.waitClosed();
      })(),
    );
  });

  test("wait_closed on close with unread data", async () => {
    const server = await runTestServer();
    httpd = server;
    await run(
      (function* () {
        const [rd, wr] = yield* openConnection(...server.address);
        yield* request(rd, wr, false);
        wr.close();
        yield* wr.waitClosed();
      })(),
    );
  });

  test("async writer api", async () => {
    const server = await runTestServer();
    httpd = server;
    const { messages } = await runRecording(function* () {
      const [rd, wr] = yield* openConnection(...server.address);
      yield* request(rd, wr);
      wr.close();
      yield* wr.waitClosed();
    });
    expect(messages).toEqual([]);
  });

  test("async writer api: exception after close", async () => {
    const server = await runTestServer();
    httpd = server;
    const { messages } = await runRecording(function* () {
      const [rd, wr] = yield* openConnection(...server.address);
      yield* request(rd, wr);
      wr.close();
      const caught = yield* raises(
        (function* () {
          wr.write(b("data"));
          yield* wr.drain();
        })(),
      );
      expect(caught).toBeInstanceOf(ConnectionResetError);
      expect((caught as Error).message).toMatch(/close\(\) was called/);
    });
    expect(messages).toEqual([]);
  });

  test("eof fed when closing the writer", async () => {
    const server = await runTestServer();
    httpd = server;
    const { messages } = await runRecording(function* () {
      const [rd, wr] = yield* openConnection(...server.address);
      wr.close();
      yield* wr.waitClosed();
      expect(rd.atEof()).toBe(true);
      expect(yield* rd.read()).toEqual(b(""));
    });
    expect(messages).toEqual([]);
  });

  test("drain raises once the server closed the connection", async () => {
    const server = await nodeServer((socket) => socket.destroy());
    httpd = server;
    const { messages } = await runRecording(function* () {
      const [, writer] = yield* openConnection(...server.address);
      let caught: unknown;
      try {
        for (;;) {
          writer.write(b("foo\n"));
          yield* writer.drain();
        }
      } catch (e) {
        caught = e;
      }
      expect(
        caught instanceof ConnectionResetError ||
          caught instanceof ConnectionAbortedError ||
          caught instanceof BrokenPipeError,
      ).toBe(true);
      writer.close();
    });
    expect(messages).toEqual([]);
  });

  test("a connected net.Socket can be passed as sock", async () => {
    const server = await runTestServer();
    httpd = server;
    await run(
      (function* () {
        const sock = net.connect(server.port, "127.0.0.1");
        const [reader, writer] = yield* openConnection(null, null, { sock });
        yield* basetestOpenConnection(reader, writer);
      })(),
    );
  });
});

describe("startServer (CPython's test_start_server)", () => {
  function* handleClient(reader: StreamReader, writer: StreamWriter): Coroutine<void> {
    const data = yield* reader.readline();
    writer.write(data);
    yield* writer.drain();
    writer.close();
    yield* writer.waitClosed();
  }

  function* client(addr: InetAddress): Coroutine<Buffer> {
    const [reader, writer] = yield* openConnection(addr[0], addr[1]);
    writer.write(b("hello world!\n"));
    const msgback = yield* reader.readline();
    writer.close();
    yield* writer.waitClosed();
    return msgback;
  }

  const handlers: [string, ClientConnectedCallback][] = [
    ["coroutine function", handleClient],
    [
      "plain callback",
      (reader, writer) => {
        createTask(handleClient(reader, writer));
      },
    ],
    [
      "async function",
      async (reader, writer) => {
        await createTask(handleClient(reader, writer));
      },
    ],
  ];

  test.each(handlers)("%s as client handler", async (_kind, handler) => {
    const { result, messages } = await runRecording(function* () {
      const server = yield* startServer(handler, "127.0.0.1", 0);
      const msg = yield* createTask(client(addr(server)));
      server.close();
      yield* server.waitClosed();
      return msg;
    });
    expect(result).toEqual(b("hello world!\n"));
    expect(messages).toEqual([]);
  });

  test("start_unix_server, coroutine and callback", async () => {
    for (const variant of ["coroutine", "callback"] as const) {
      const path = unixSocketPath();
      const { result, messages } = await runRecording(function* () {
        const server = yield* startUnixServer(
          variant === "coroutine"
            ? handleClient
            : (reader, writer) => {
                createTask(handleClient(reader, writer));
              },
          path,
        );
        expect(server.sockets[0]?.getsockname()).toBe(path);
        const [reader, writer] = yield* openUnixConnection(path);
        writer.write(b("hello world!\n"));
        const msgback = yield* reader.readline();
        writer.close();
        yield* writer.waitClosed();
        server.close();
        yield* server.waitClosed();
        return msgback;
      });
      expect(result).toEqual(b("hello world!\n"));
      expect(messages).toEqual([]);
    }
  });

  test("a stale Unix socket file is replaced", async () => {
    const path = unixSocketPath();
    // Leave a socket file behind: a process killed while listening cannot clean up.
    spawnSync(process.execPath, [
      "-e",
      `require("net").createServer().listen(${JSON.stringify(path)}, () => process.kill(process.pid, "SIGKILL"))`,
    ]);
    expect(statSync(path).isSocket()).toBe(true);
    const { result } = await runRecording(function* () {
      const server = yield* startUnixServer(handleClient, path);
      const [reader, writer] = yield* openUnixConnection(path);
      writer.write(b("ok\n"));
      const line = yield* reader.readline();
      writer.close();
      server.close();
      yield* server.waitClosed();
      return line;
    });
    expect(result).toEqual(b("ok\n"));
  });

  test("unhandled exception in the handler is reported, the server goes on", async () => {
    const { messages } = await runRecording(function* () {
      const server = yield* startServer(
        function* () {
          throw new Error("test");
        },
        "127.0.0.1",
        0,
      );
      yield* server.startServing();
      const [host, port] = addr(server);
      const [rd, wr] = yield* openConnection(host, port);
      wr.write(b("test msg"));
      yield* wr.drain();
      // The server closes the connection after the failure.
      expect(yield* rd.read()).toEqual(b(""));
      wr.close();
      yield* wr.waitClosed();
      server.close();
      yield* server.waitClosed();
    });
    expect(messages.length).toBe(1);
    expect(messages[0]?.message).toBe("Unhandled exception in client_connected_cb");
    expect(messages[0]?.exception).toBeInstanceOf(Error);
    expect(String(messages[0]?.exception)).toBe("Error: test");
  });

  test("a handler that cancels itself is not reported", async () => {
    const { messages } = await runRecording(function* () {
      const server = yield* startServer(
        function* (_reader, writer) {
          writer.close();
          currentTask()?.cancel();
        },
        "127.0.0.1",
        0,
      );
      const [host, port] = addr(server);
      const [, wr] = yield* openConnection(host, port);
      wr.write(b("test msg"));
      yield* wr.drain();
      wr.close();
      yield* wr.waitClosed();
      server.close();
      yield* server.waitClosed();
    });
    expect(messages).toEqual([]);
  });

  test("a throwing plain callback is reported too", async () => {
    const { messages } = await runRecording(function* () {
      const server = yield* startServer(
        () => {
          throw new TypeError("bad callback");
        },
        "127.0.0.1",
        0,
      );
      const [host, port] = addr(server);
      const [rd, wr] = yield* openConnection(host, port);
      expect(yield* rd.read()).toEqual(b(""));
      wr.close();
      server.close();
      yield* server.waitClosed();
    });
    expect(messages.map((m) => m.message)).toEqual(["Unhandled exception in client_connected_cb"]);
  });
});

describe("Server", () => {
  function* echoLine(reader: StreamReader, writer: StreamWriter): Coroutine<void> {
    writer.write(yield* reader.readline());
    yield* writer.drain();
    writer.close();
  }

  test("sockets, isServing, close and waitClosed", async () => {
    await run(
      (function* () {
        const server = yield* startServer(echoLine, "127.0.0.1", 0);
        expect(server).toBeInstanceOf(Server);
        expect(server.isServing()).toBe(true);
        expect(server.sockets.length).toBe(1);
        const [host, port] = addr(server);
        expect(host).toBe("127.0.0.1");
        expect(port).toBeGreaterThan(0);
        expect(server.sockets[0]?.family).toBe("AF_INET");
        expect(String(server)).toBe(
          `<Server sockets=[<TransportSocket family=AF_INET laddr=('127.0.0.1', ${port})>]>`,
        );
        server.close();
        expect(server.isServing()).toBe(false);
        expect(server.sockets).toEqual([]);
        yield* server.waitClosed();
        yield* server.waitClosed(); // returns at once now
      })(),
    );
  });

  test("waitClosed waits for the open connections (3.12.1+)", async () => {
    const events: string[] = [];
    await run(
      (function* () {
        const server = yield* startServer(
          function* (reader, writer) {
            yield* reader.read(); // until the client closes
            events.push("handler done");
            writer.close();
          },
          "127.0.0.1",
          0,
        );
        const [host, port] = addr(server);
        const [, writer] = yield* openConnection(host, port);
        yield* sleep(0.01);
        server.close();
        const waiting = createTask(
          (function* () {
            yield* server.waitClosed();
            events.push("waitClosed returned");
          })(),
        );
        yield* sleep(0.01);
        events.push("client closes");
        writer.close();
        yield* waiting;
      })(),
    );
    expect(events).toEqual(["client closes", "handler done", "waitClosed returned"]);
  });

  test("closeClients and abortClients end the accepted connections", async () => {
    await run(
      (function* () {
        const server = yield* startServer(
          function* (reader) {
            yield* reader.read();
          },
          "127.0.0.1",
          0,
        );
        const [host, port] = addr(server);
        const [r1] = yield* openConnection(host, port);
        const [r2] = yield* openConnection(host, port);
        yield* sleep(0.01);
        server.close();
        server.closeClients();
        expect(yield* r1.read()).toEqual(b(""));
        expect(yield* r2.read()).toEqual(b(""));
        yield* server.waitClosed();

        const server2 = yield* startServer(
          function* (reader) {
            yield* reader.read();
          },
          "127.0.0.1",
          0,
        );
        const [h2, p2] = addr(server2);
        const [r3] = yield* openConnection(h2, p2);
        yield* sleep(0.01);
        server2.close();
        server2.abortClients();
        expect((yield* r3.read()).length).toBe(0);
        yield* server2.waitClosed();
      })(),
    );
  });

  test("startServing: false queues connections until serving starts", async () => {
    const events: string[] = [];
    await run(
      (function* () {
        const server = yield* startServer(
          function* (reader, writer) {
            events.push("handled");
            yield* echoLine(reader, writer);
          },
          "127.0.0.1",
          0,
          { startServing: false },
        );
        expect(server.isServing()).toBe(false);
        const [host, port] = addr(server);
        const [reader, writer] = yield* openConnection(host, port);
        writer.write(b("queued\n"));
        yield* sleep(0.02);
        events.push("serving");
        yield* server.startServing();
        expect(server.isServing()).toBe(true);
        expect(yield* reader.readline()).toEqual(b("queued\n"));
        writer.close();
        server.close();
        yield* server.waitClosed();
      })(),
    );
    expect(events).toEqual(["serving", "handled"]);
  });

  test("serveForever until cancelled closes the server", async () => {
    await run(
      (function* () {
        const server = yield* startServer(echoLine, "127.0.0.1", 0);
        const forever = createTask(server.serveForever());
        yield* sleep(0);
        let second: unknown;
        try {
          yield* server.serveForever();
        } catch (e) {
          second = e;
        }
        expect((second as Error).message).toMatch(/already being awaited on serveForever/);
        forever.cancel();
        try {
          yield* forever;
        } catch {
          // cancelled
        }
        expect(forever.cancelled()).toBe(true);
        expect(server.isServing()).toBe(false);
        expect(server.sockets).toEqual([]);
        let closed: unknown;
        try {
          yield* server.serveForever();
        } catch (e) {
          closed = e;
        }
        expect((closed as Error).message).toMatch(/is closed/);
      })(),
    );
  });

  test("close() ends serveForever with CancelledError", async () => {
    await run(
      (function* () {
        const server = yield* startServer(echoLine, "127.0.0.1", 0);
        const forever = createTask(server.serveForever());
        yield* sleep(0);
        server.close();
        const [r] = yield* gather(forever, { returnExceptions: true });
        expect((r as Error).name).toBe("CancelledError");
      })(),
    );
  });

  test("Symbol.asyncDispose closes the server and waits for it (await using)", async () => {
    const events: string[] = [];
    await run(
      (function* () {
        const server = yield* startServer(echoLine, "127.0.0.1", 0);
        // Native async code running on the loop, as `await using server = ...` would.
        yield* fromPromise(
          (async () => {
            await server[Symbol.asyncDispose]();
            events.push(
              `disposed, serving=${server.isServing()}, sockets=${server.sockets.length}`,
            );
          })(),
        );
      })(),
    );
    expect(events).toEqual(["disposed, serving=false, sockets=0"]);
  });

  test("host null listens on every interface; a host list gives one socket each", async () => {
    await run(
      (function* () {
        const all = yield* startServer(echoLine, null, 0);
        expect(all.sockets.length).toBe(1);
        const [, port] = addr(all);
        const [reader, writer] = yield* openConnection("127.0.0.1", port);
        writer.write(b("any\n"));
        expect(yield* reader.readline()).toEqual(b("any\n"));
        all.close();
        yield* all.waitClosed();

        const two = yield* startServer(echoLine, ["127.0.0.1", "localhost"], 0);
        expect(two.sockets.length).toBeGreaterThanOrEqual(1);
        two.close();
        yield* two.waitClosed();
      })(),
    );
  });
});

describe("writer details", () => {
  test("getExtraInfo: peername, sockname, socket, sslcontext", async () => {
    let serverSide: [unknown, unknown] = [undefined, undefined];
    function* handler(reader: StreamReader, writer: StreamWriter): Coroutine<void> {
      serverSide = [writer.getExtraInfo("peername"), writer.getExtraInfo("sockname")];
      writer.write(yield* reader.readline());
      writer.close();
    }
    await run(
      withServer(handler, function* (reader, writer, server) {
        writer.write(b("x\n"));
        yield* reader.readline();
        const peer = writer.getExtraInfo("peername") as InetAddress;
        const sock = writer.getExtraInfo("sockname") as InetAddress;
        expect(peer).toEqual(addr(server));
        expect(sock[0]).toBe("127.0.0.1");
        expect(serverSide).toEqual([sock, peer]);
        expect(writer.getExtraInfo("socket")).toBeInstanceOf(net.Socket);
        expect(writer.getExtraInfo("sslcontext")).toBeUndefined();
        expect(writer.getExtraInfo("peercert")).toBeUndefined();
        expect(writer.getExtraInfo("nonsense", "dflt")).toBe("dflt");
        expect(String(writer)).toMatch(/^<StreamWriter transport=<SocketTransport peername=/);
      }),
    );
  });

  test("writeEof half-closes: the server sees EOF and can still answer", async () => {
    function* handler(reader: StreamReader, writer: StreamWriter): Coroutine<void> {
      const all = yield* reader.read(); // until the client's EOF
      writer.write(b(`got ${all.length} bytes`));
      writer.close();
    }
    await run(
      withServer(handler, function* (reader, writer) {
        expect(writer.canWriteEof()).toBe(true);
        writer.write(b("12345"));
        writer.writeEof();
        expect(() => writer.write(b("more"))).toThrow(/write\(\) after write_eof\(\)/);
        expect((yield* reader.read()).toString()).toBe("got 5 bytes");
      }),
    );
  });

  test("writelines sends the chunks in order", async () => {
    function* handler(reader: StreamReader, writer: StreamWriter): Coroutine<void> {
      writer.write(yield* reader.readexactly(9));
      writer.close();
    }
    await run(
      withServer(handler, function* (reader, writer) {
        writer.writelines([b("abc"), b("def"), b("ghi")]);
        yield* writer.drain();
        expect((yield* reader.read()).toString()).toBe("abcdefghi");
      }),
    );
  });

  test("write refuses strings with a message saying how to encode", async () => {
    const server = await runTestServer();
    httpd = server;
    await run(
      (function* () {
        const [, writer] = yield* openConnection(...server.address);
        expect(() => writer.write("text" as unknown as Uint8Array)).toThrow(
          /bytes-like object.*Buffer\.from/,
        );
        writer.close();
      })(),
    );
  });
});
