/**
 * Flow control on real sockets, both ways, and cancellation of tasks blocked in read and drain.
 */
import type * as net from "node:net";
import { CancelledError, type Coroutine, getRunningLoop } from "@tsio/future";
import {
  BrokenPipeError,
  ConnectionResetError,
  run,
  type StreamReader,
  type StreamWriter,
} from "@tsio/loop";
import { createTask, gather, sleep } from "@tsio/task";
import { describe, expect, test } from "vitest";
import { raises, withServer } from "./streams-helpers.js";

const MiB = 1024 * 1024;

/** Waits (polling the loop) until `cond()` holds; fails after many turns, never by time. */
function* until(cond: () => boolean, what: string): Coroutine<void> {
  for (let i = 0; i < 4000; i++) {
    if (cond()) return;
    yield* sleep(0.005);
  }
  throw new Error(`gave up waiting for ${what}`);
}

function socketOf(writer: StreamWriter): net.Socket {
  return writer.getExtraInfo("socket");
}

describe("reading side: the buffer limit pauses the socket", () => {
  test("a fast sender is paused at 2 * limit and resumed by reading", async () => {
    const total = 4 * MiB;
    function* sender(_reader: StreamReader, writer: StreamWriter): Coroutine<void> {
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      for (let sent = 0; sent < total; sent += chunk.length) {
        writer.write(chunk);
        yield* writer.drain();
      }
      writer.close();
    }
    await run(
      withServer(
        sender,
        function* (reader, writer) {
          // Read nothing until the reader has paused the socket.
          yield* until(() => reader._paused, "the reader to pause its transport");
          expect(socketOf(writer).isPaused()).toBe(true);
          expect(writer.transport.isReading()).toBe(false);
          // Paused means bounded: what the reader holds stays near 2 * limit.
          expect(reader._buffer.length).toBeLessThanOrEqual(2 * 1024 + 64 * 1024);
          let received = 0;
          for (;;) {
            const block = yield* reader.read(64 * 1024);
            if (block.length === 0) break;
            expect(block.every((x) => x === 0x61)).toBe(true);
            received += block.length;
          }
          expect(received).toBe(total);
          expect(reader.atEof()).toBe(true);
        },
        { client: { limit: 1024 } },
      ),
    );
  });

  test("readexactly larger than the limit resumes a paused socket instead of deadlocking", async () => {
    function* sender(_reader: StreamReader, writer: StreamWriter): Coroutine<void> {
      writer.write(Buffer.alloc(MiB, 0x62));
      yield* writer.drain();
      writer.close();
    }
    await run(
      withServer(
        sender,
        function* (reader) {
          yield* until(() => reader._paused, "the reader to pause");
          const all = yield* reader.readexactly(MiB);
          expect(all.length).toBe(MiB);
        },
        { client: { limit: 100 } },
      ),
    );
  });
});

describe("writing side: drain waits while Node's buffer is full", () => {
  /** A server that reads only once `go` is resolved, then reads everything. */
  function slowReader(go: { resolve: () => void; promise: Promise<void> }, counted: number[]) {
    return function* handler(reader: StreamReader, writer: StreamWriter): Coroutine<void> {
      const loop = getRunningLoop();
      const fut = loop.createFuture<void>();
      void go.promise.then(() => loop.callSoon(() => fut.setResult(undefined)));
      yield* fut;
      counted.push((yield* reader.read()).length);
      writer.close();
    };
  }

  function gate(): { resolve: () => void; promise: Promise<void> } {
    let resolve = (): void => {};
    const promise = new Promise<void>((r) => {
      resolve = r;
    });
    return { resolve, promise };
  }

  test("drain blocks until the peer reads", async () => {
    const go = gate();
    const counted: number[] = [];
    // More than loopback's kernel buffers can hold, so Node's own buffer fills.
    const size = 32 * MiB;
    await run(
      withServer(slowReader(go, counted), function* (_reader, writer) {
        writer.write(Buffer.alloc(size, 0x63));
        expect(writer.transport.getWriteBufferSize()).toBeGreaterThan(0);
        const draining = createTask(writer.drain());
        yield* sleep(0.05);
        expect(draining.done()).toBe(false); // the peer reads nothing yet
        go.resolve();
        yield* draining;
        writer.close();
        yield* writer.waitClosed();
      }),
    );
    expect(counted).toEqual([size]);
  });

  test("cancelling a task blocked in drain leaves the writer usable", async () => {
    const go = gate();
    const counted: number[] = [];
    await run(
      withServer(slowReader(go, counted), function* (_reader, writer) {
        writer.write(Buffer.alloc(32 * MiB, 0x64));
        const blocked = createTask(writer.drain());
        yield* sleep(0.02);
        blocked.cancel();
        const [r] = yield* gather(blocked, { returnExceptions: true });
        expect(r).toBeInstanceOf(CancelledError);
        // Still flow-controlled, still connected: a new drain waits and then succeeds.
        writer.write(Buffer.alloc(MiB, 0x64));
        const again = createTask(writer.drain());
        go.resolve();
        yield* again;
        writer.close();
        yield* writer.waitClosed();
      }),
    );
    expect(counted).toEqual([33 * MiB]);
  });

  test("several tasks draining at once are all released (CPython's test_multiple_drain)", async () => {
    let drained = 0;
    await run(
      withServer(
        function* (_reader, writer) {
          writer.close();
        },
        function* (_reader, writer) {
          const protocol = writer._protocol;
          protocol.pauseWriting();
          getRunningLoop().callLater(0.05, () => protocol.resumeWriting());
          function* drainer(): Coroutine<void> {
            yield* writer.drain();
            drained++;
          }
          yield* gather(...Array.from({ length: 10 }, () => drainer()));
        },
      ),
    );
    expect(drained).toBe(10);
  });

  test("a peer that resets while we are blocked in drain: drain raises the connection error", async () => {
    await run(
      withServer(
        function* (_reader, writer) {
          // Reset at once, reading nothing.
          socketOf(writer).resetAndDestroy();
        },
        function* (_reader, writer) {
          const err = yield* raises(
            (function* () {
              for (let i = 0; i < 1000; i++) {
                writer.write(Buffer.alloc(MiB));
                yield* writer.drain();
              }
            })(),
          );
          expect(err instanceof ConnectionResetError || err instanceof BrokenPipeError).toBe(true);
          expect(writer.isClosing()).toBe(true);
          // And waitClosed reports the same error class.
          const closed = yield* raises(writer.waitClosed());
          expect(closed?.constructor).toBe(err?.constructor);
        },
      ),
    );
  });
});

describe("cancelling a blocked read", () => {
  test("the bytes that arrive later are read by the next read", async () => {
    const loop = { go: null as null | (() => void) };
    await run(
      withServer(
        function* (reader, writer) {
          const fut = getRunningLoop().createFuture<void>();
          loop.go = () => fut.setResult(undefined);
          yield* fut;
          writer.write(Buffer.from("late data\n"));
          yield* reader.read();
          writer.close();
        },
        function* (reader, writer) {
          const blocked = createTask(reader.readline());
          yield* sleep(0.01);
          blocked.cancel();
          const [r] = yield* gather(blocked, { returnExceptions: true });
          expect(r).toBeInstanceOf(CancelledError);
          expect(reader._waiter).toBeNull();
          yield* until(() => loop.go !== null, "the server handler");
          loop.go?.();
          expect((yield* reader.readline()).toString()).toBe("late data\n");
          writer.writeEof();
        },
      ),
    );
  });
});
