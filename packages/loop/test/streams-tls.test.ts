/**
 * TLS streams with a self-signed certificate made by openssl in the test: openConnection with
 * `ssl`, startServer with `ssl`, startTls (CPython's test_start_tls), certificate errors.
 */
import * as tls from "node:tls";
import { type Coroutine, RuntimeError, ValueError } from "@tsio/future";
import {
  ConnectionAbortedError,
  openConnection,
  openUnixConnection,
  run,
  SSLCertVerificationError,
  type StreamReader,
  type StreamWriter,
  startServer,
  startUnixServer,
} from "@tsio/loop";
import { afterEach, describe, expect, test } from "vitest";
import {
  HAS_OPENSSL,
  type NodeServer,
  nodeServer,
  raises,
  runRecording,
  runTestServer,
  selfSignedCert,
  serverAddress,
  unixSocketPath,
  withServer,
} from "./streams-helpers.js";

const b = (s: string): Buffer => Buffer.from(s);

let httpd: NodeServer | null = null;
afterEach(async () => {
  await httpd?.close();
  httpd = null;
});

function* echoLines(reader: StreamReader, writer: StreamWriter): Coroutine<void> {
  for (;;) {
    const line = yield* reader.readline();
    if (line.length === 0) break;
    writer.write(line);
    yield* writer.drain();
  }
  writer.close();
}

describe.skipIf(!HAS_OPENSSL)("TLS (certificate made with openssl)", () => {
  test("open_connection with ssl to a TLS server", async () => {
    const cert = selfSignedCert();
    const server = await runTestServer({ tls: cert });
    httpd = server;
    const { messages } = await runRecording(function* () {
      const [reader, writer] = yield* openConnection(...server.address, {
        ssl: { ca: [cert.cert] },
      });
      expect(writer.getExtraInfo("sslcontext")).toBeDefined();
      expect(writer.getExtraInfo("ssl_object")).toBeInstanceOf(tls.TLSSocket);
      const peercert = writer.getExtraInfo("peercert");
      expect(peercert?.subject.CN).toBe("localhost");
      expect(writer.canWriteEof()).toBe(false);
      expect(() => writer.writeEof()).toThrow(RuntimeError);
      writer.write(b("GET / HTTP/1.0\r\n\r\n"));
      const data = yield* reader.read();
      expect(data.toString().endsWith("\r\n\r\nTest message")).toBe(true);
      writer.close();
      yield* writer.waitClosed();
    });
    expect(messages).toEqual([]);
  });

  test("a self-signed certificate without its CA fails verification", async () => {
    const server = await runTestServer({ tls: selfSignedCert() });
    httpd = server;
    await run(
      (function* () {
        const err = yield* raises(openConnection(...server.address, { ssl: true }));
        expect(err).toBeInstanceOf(SSLCertVerificationError);
        expect((err as SSLCertVerificationError).verifyMessage).toBe("self-signed certificate");
        expect((err as Error).message).toMatch(
          /^\[SSL: CERTIFICATE_VERIFY_FAILED\] certificate verify failed/,
        );
      })(),
    );
  });

  test("a wrong host name fails verification; '' turns the check off", async () => {
    const cert = selfSignedCert();
    const server = await runTestServer({ tls: cert });
    httpd = server;
    await run(
      (function* () {
        const ssl = { ca: [cert.cert] };
        const err = yield* raises(
          openConnection(...server.address, { ssl, serverHostname: "example.com" }),
        );
        expect(err).toBeInstanceOf(SSLCertVerificationError);
        expect((err as Error).message).toMatch(/Hostname mismatch/);

        const [reader, writer] = yield* openConnection(...server.address, {
          ssl,
          serverHostname: "",
        });
        writer.write(b("GET / HTTP/1.0\r\n\r\n"));
        expect((yield* reader.readline()).toString()).toBe("HTTP/1.0 200 OK\r\n");
        writer.close();
      })(),
    );
  });

  test("TLS options without ssl are refused", async () => {
    await run(
      (function* () {
        const err = yield* raises(openConnection("127.0.0.1", 1, { serverHostname: "x" }));
        expect(err).toBeInstanceOf(ValueError);
        expect((err as Error).message).toMatch(/server_hostname is only meaningful with ssl/);
        const err2 = yield* raises(openUnixConnection("/tmp/x", { ssl: true }));
        expect((err2 as Error).message).toMatch(/server_hostname when using ssl/);
      })(),
    );
  });

  test("startServer with ssl, many lines echoed over TLS", async () => {
    const cert = selfSignedCert();
    const { messages } = await runRecording(() =>
      withServer(
        echoLines,
        function* (reader, writer) {
          for (let i = 0; i < 50; i++) {
            writer.write(b(`line ${i}\n`));
            yield* writer.drain();
            expect((yield* reader.readline()).toString()).toBe(`line ${i}\n`);
          }
          expect(writer.getExtraInfo("cipher")).toBeDefined();
        },
        { server: { ssl: cert }, client: { ssl: { ca: [cert.cert] } } },
      ),
    );
    expect(messages).toEqual([]);
  });

  test("TLS over a Unix socket", async () => {
    const cert = selfSignedCert();
    const path = unixSocketPath();
    await run(
      (function* () {
        const server = yield* startUnixServer(echoLines, path, { ssl: cert });
        const [reader, writer] = yield* openUnixConnection(path, {
          ssl: { ca: [cert.cert] },
          serverHostname: "localhost",
        });
        writer.write(b("over unix\n"));
        expect((yield* reader.readline()).toString()).toBe("over unix\n");
        writer.close();
        server.close();
        yield* server.waitClosed();
      })(),
    );
  });

  test("start_tls: a plain connection upgraded on both sides", async () => {
    const cert = selfSignedCert();
    function* handleClient(reader: StreamReader, writer: StreamWriter): Coroutine<void> {
      const data1 = yield* reader.readline();
      writer.write(data1);
      yield* writer.drain();
      expect(writer.getExtraInfo("sslcontext")).toBeUndefined();
      yield* writer.startTls(cert);
      expect(writer.getExtraInfo("sslcontext")).toBeDefined();
      const data2 = yield* reader.readline();
      writer.write(data2);
      yield* writer.drain();
      writer.close();
      yield* writer.waitClosed();
    }
    const { result, messages } = await runRecording(function* () {
      const server = yield* startServer(handleClient, "127.0.0.1", 0);
      const [host, port] = serverAddress(server);
      const [reader, writer] = yield* openConnection(host, port);
      writer.write(b("hello world 1!\n"));
      yield* writer.drain();
      const msgback1 = yield* reader.readline();
      expect(writer.getExtraInfo("sslcontext")).toBeUndefined();
      yield* writer.startTls({ ca: [cert.cert] }, { serverHostname: "localhost" });
      expect(writer.getExtraInfo("sslcontext")).toBeDefined();
      writer.write(b("hello world 2!\n"));
      yield* writer.drain();
      const msgback2 = yield* reader.readline();
      writer.close();
      yield* writer.waitClosed();
      server.close();
      yield* server.waitClosed();
      return [msgback1.toString(), msgback2.toString()];
    });
    expect(messages).toEqual([]);
    expect(result).toEqual(["hello world 1!\n", "hello world 2!\n"]);
  });

  test("a handshake that never completes times out with ConnectionAbortedError", async () => {
    // A TCP server that accepts and stays silent: no TLS handshake ever comes.
    const server = await nodeServer(() => {});
    httpd = server;
    await run(
      (function* () {
        const err = yield* raises(
          openConnection(...server.address, { ssl: true, sslHandshakeTimeout: 0.2 }),
        );
        expect(err).toBeInstanceOf(ConnectionAbortedError);
        expect((err as Error).message).toMatch(/SSL handshake is taking longer than 0.2 seconds/);
      })(),
    );
  });

  test("a plain client at a TLS server does not stop the server", async () => {
    const cert = selfSignedCert();
    const { messages } = await runRecording(function* () {
      const server = yield* startServer(echoLines, "127.0.0.1", 0, { ssl: cert });
      const [host, port] = serverAddress(server);
      const [plainReader, plainWriter] = yield* openConnection(host, port);
      plainWriter.write(b("not tls\n"));
      // The server drops it.
      const err = yield* raises(plainReader.read());
      expect(err === undefined || err instanceof Error).toBe(true);
      plainWriter.close();
      // Another client, with TLS, is served.
      const [reader, writer] = yield* openConnection(host, port, { ssl: { ca: [cert.cert] } });
      writer.write(b("tls\n"));
      expect((yield* reader.readline()).toString()).toBe("tls\n");
      writer.close();
      server.close();
      yield* server.waitClosed();
    });
    expect(messages).toEqual([]);
  });
});
