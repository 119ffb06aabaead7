/**
 * Streams: echo round trips per second with 100 concurrent connections (a 64-byte line each
 * way, readline on both sides), and the bulk throughput of one connection (64 KiB writes with
 * drain, reads of 64 KiB until EOF). tsio's asyncio streams against raw node:net in the same
 * run, and against CPython 3.13's asyncio streams (bench/python/streams.py).
 */
import * as net from "node:net";
import type { Coroutine } from "@tsio/future";
import {
  type InetAddress,
  openConnection,
  run,
  type Server,
  type StreamReader,
  type StreamWriter,
  startServer,
} from "@tsio/loop";
import { gatherAll } from "@tsio/task";
import { type Case, printTable, runPython } from "./lib.ts";

const CONNS = 100;
const ROUNDS = 500; // per connection
const LINE = Buffer.from(`${"x".repeat(63)}\n`);
const BULK = 256 * 1024 * 1024;
const CHUNK = 64 * 1024;
const HOST = "127.0.0.1";

// ---- tsio --------------------------------------------------------------------------------
function portOf(server: Server<InetAddress>): number {
  const socket = server.sockets[0];
  if (socket === undefined) throw new Error("the server has no socket");
  return socket.getsockname()[1];
}

function* echoLines(reader: StreamReader, writer: StreamWriter): Coroutine<void> {
  for (;;) {
    const line = yield* reader.readline();
    if (line.length === 0) break;
    writer.write(line);
    yield* writer.drain();
  }
  writer.close();
}

function* echoClient(port: number): Coroutine<void> {
  const [reader, writer] = yield* openConnection(HOST, port);
  for (let i = 0; i < ROUNDS; i++) {
    writer.write(LINE);
    yield* writer.drain();
    const line = yield* reader.readline();
    if (line.length !== LINE.length) throw new Error("short echo");
  }
  writer.close();
  yield* writer.waitClosed();
}

function* tsioEcho(): Coroutine<void> {
  const server = yield* startServer(echoLines, HOST, 0, { backlog: 1024 });
  const port = portOf(server);
  yield* gatherAll(Array.from({ length: CONNS }, () => echoClient(port)));
  server.close();
  yield* server.waitClosed();
}

function* countBytes(reader: StreamReader, writer: StreamWriter): Coroutine<void> {
  let n = 0;
  for (;;) {
    const block = yield* reader.read(CHUNK);
    if (block.length === 0) break;
    n += block.length;
  }
  writer.write(Buffer.from(`${n}\n`));
  yield* writer.drain();
  writer.close();
}

function* tsioBulk(): Coroutine<void> {
  const server = yield* startServer(countBytes, HOST, 0);
  const port = portOf(server);
  const [reader, writer] = yield* openConnection(HOST, port);
  const chunk = Buffer.alloc(CHUNK, 0x61);
  for (let sent = 0; sent < BULK; sent += CHUNK) {
    writer.write(chunk);
    yield* writer.drain();
  }
  writer.writeEof();
  const reply = (yield* reader.readline()).toString();
  if (Number(reply) !== BULK) throw new Error(`bulk: server counted ${reply}`);
  writer.close();
  server.close();
  yield* server.waitClosed();
}

// ---- raw node:net --------------------------------------------------------------------------
function listen(server: net.Server): Promise<number> {
  return new Promise((resolve) => {
    server.listen({ host: HOST, port: 0, backlog: 1024 }, () => {
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}

async function nodeEcho(): Promise<void> {
  const server = net.createServer({ noDelay: true }, (socket) => {
    socket.on("data", (d) => socket.write(d));
    socket.on("end", () => socket.end());
  });
  const port = await listen(server);
  await Promise.all(
    Array.from(
      { length: CONNS },
      () =>
        new Promise<void>((resolve, reject) => {
          const socket = net.connect({ host: HOST, port, noDelay: true });
          let rounds = 0;
          let got = 0;
          socket.on("connect", () => socket.write(LINE));
          socket.on("data", (d) => {
            got += d.length;
            if (got < LINE.length) return;
            got = 0;
            if (++rounds === ROUNDS) socket.end();
            else socket.write(LINE);
          });
          socket.on("close", () => resolve());
          socket.on("error", reject);
        }),
    ),
  );
  await new Promise((r) => server.close(r));
}

async function nodeBulk(): Promise<void> {
  const server = net.createServer((socket) => {
    let n = 0;
    socket.on("data", (d) => {
      n += d.length;
    });
    socket.on("end", () => socket.end(`${n}\n`));
  });
  const port = await listen(server);
  await new Promise<void>((resolve, reject) => {
    const socket = net.connect({ host: HOST, port });
    const chunk = Buffer.alloc(CHUNK, 0x61);
    let sent = 0;
    const pump = (): void => {
      while (sent < BULK) {
        sent += CHUNK;
        if (!socket.write(chunk)) {
          socket.once("drain", pump);
          return;
        }
      }
      socket.end();
    };
    let reply = "";
    socket.on("connect", pump);
    socket.on("data", (d) => {
      reply += d.toString();
    });
    socket.on("close", () => {
      if (Number(reply) !== BULK) reject(new Error(`bulk: server counted ${reply}`));
      else resolve();
    });
    socket.on("error", reject);
  });
  await new Promise((r) => server.close(r));
}

// ---- run -------------------------------------------------------------------------------------
interface Timing {
  /** Best wall time, seconds. */
  wall: number;
  /** Best CPU time (user + system) of this process, seconds: steadier on a busy machine. */
  cpu: number;
}

/**
 * Best wall and CPU times of `repeat` runs of each subject, the subjects interleaved run by run
 * so that a busy machine slows them alike (one warm-up run each first).
 */
async function interleaved(repeat: number, ...fns: (() => Promise<unknown>)[]): Promise<Timing[]> {
  for (const fn of fns) await fn();
  const best = fns.map(() => ({ wall: Number.POSITIVE_INFINITY, cpu: Number.POSITIVE_INFINITY }));
  for (let r = 0; r < repeat; r++) {
    for (const [i, fn] of fns.entries()) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      await fn();
      const c = process.cpuUsage(c0);
      const b = best[i] as Timing;
      b.wall = Math.min(b.wall, (performance.now() - t0) / 1000);
      b.cpu = Math.min(b.cpu, (c.user + c.system) / 1e6);
    }
  }
  return best;
}

const roundTrips = CONNS * ROUNDS;
const [tsioEchoT, nodeEchoT] = (await interleaved(5, () => run(tsioEcho()), nodeEcho)) as [
  Timing,
  Timing,
];
const [tsioBulkT, nodeBulkT] = (await interleaved(5, () => run(tsioBulk()), nodeBulk)) as [
  Timing,
  Timing,
];
const py = runPython<{ echo_s: number; echo_cpu: number; bulk_s: number; bulk_cpu: number }>(
  "streams.py",
  [String(CONNS), String(ROUNDS), String(BULK), String(CHUNK)],
);

const MB = 1024 * 1024;
const MiBs = BULK / MB;

/** One case: tsio, raw node:net and CPython (null when python3.13 is absent). */
function threeWay(
  name: string,
  better: "higher" | "lower",
  unit: string,
  [tsio, node, python]: [number, number, number | null],
  target?: string,
): Case {
  return {
    name,
    better,
    target,
    rows: [
      { subject: "tsio streams", value: tsio, unit },
      { subject: "raw node:net", value: node, unit },
      {
        subject: "CPython 3.13 asyncio streams",
        value: python,
        unit,
        note: "python3.13 not found",
      },
    ],
  };
}

const TARGET = ">= 0.7x node:net, >= 3x CPython";
const cases: Case[] = [
  threeWay(
    `echo round trips, ${CONNS} connections x ${ROUNDS} (64-byte lines)`,
    "higher",
    "round trips/s",
    [roundTrips / tsioEchoT.wall, roundTrips / nodeEchoT.wall, py && roundTrips / py.echo_s],
    TARGET,
  ),
  threeWay("echo: CPU time per round trip (both ends)", "lower", "us", [
    (tsioEchoT.cpu / roundTrips) * 1e6,
    (nodeEchoT.cpu / roundTrips) * 1e6,
    py && (py.echo_cpu / roundTrips) * 1e6,
  ]),
  threeWay(
    `bulk, 1 connection, ${MiBs} MiB in ${CHUNK / 1024} KiB writes`,
    "higher",
    "MiB/s",
    [MiBs / tsioBulkT.wall, MiBs / nodeBulkT.wall, py && MiBs / py.bulk_s],
    TARGET,
  ),
  threeWay("bulk: CPU time per MiB (both ends)", "lower", "us", [
    (tsioBulkT.cpu / MiBs) * 1e6,
    (nodeBulkT.cpu / MiBs) * 1e6,
    py && (py.bulk_cpu / MiBs) * 1e6,
  ]),
];
printTable("streams (bench/streams.bench.ts)", cases);
