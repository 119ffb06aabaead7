/**
 * HTTP client: 10k small GETs with 50 concurrent tasks against a local keep-alive server (run in
 * a child process, so the client's CPU time per request is measured apart). tsio's ClientSession
 * against undici's own Pool.request (the speed limit it is built on), Node's fetch, axios, got
 * and aiohttp 3.8 under Debian's /usr/bin/python3 (skipped when python3-aiohttp is absent).
 */
import { execFileSync, fork } from "node:child_process";
import { Agent as HttpAgent } from "node:http";
import { fileURLToPath } from "node:url";
import { ClientSession } from "@tsio/http-client";
import { run } from "@tsio/loop";
import { gatherAll } from "@tsio/task";
import axios from "axios";
import got from "got";
import { Pool } from "undici";
import { type Case, printTable, type Row } from "./lib.ts";

const N = 10_000;
const C = 50;

const child = fork(fileURLToPath(new URL("./http-server.mjs", import.meta.url)), [], {
  stdio: ["ignore", "pipe", "inherit", "ipc"],
});
const port = await new Promise<number>((resolve) => {
  child.stdout?.once("data", (d: Buffer) => resolve(Number(String(d).trim())));
});
const url = `http://127.0.0.1:${port}/`;

interface Result {
  rps: number;
  cpuUs: number;
}

/** Runs `one` N times from C concurrent workers, after a warm-up; wall and client CPU time. */
async function measure(batch: (n: number) => Promise<unknown>): Promise<Result> {
  await batch(1000);
  let best: Result = { rps: 0, cpuUs: Number.POSITIVE_INFINITY };
  for (let i = 0; i < 3; i++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await batch(N);
    const wall = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const r = { rps: N / wall, cpuUs: (cpu.user + cpu.system) / N };
    if (r.rps > best.rps) best = r;
  }
  return best;
}

async function nativeBatch(n: number, one: () => Promise<unknown>): Promise<void> {
  const worker = async () => {
    for (let i = 0; i < n / C; i++) await one();
  };
  await Promise.all(Array.from({ length: C }, worker));
}

// ---- undici Pool.request: the speed limit ----------------------------------------------------
const pool = new Pool(`http://127.0.0.1:${port}`, { connections: 100 });
const undiciResult = await measure((n) =>
  nativeBatch(n, async () => {
    const { body } = await pool.request({ path: "/", method: "GET" });
    await body.arrayBuffer();
  }),
);
await pool.close();

// ---- tsio ClientSession ----------------------------------------------------------------------
function* tsioWorker(session: ClientSession, n: number): Generator<unknown, void, unknown> {
  for (let i = 0; i < n; i++) {
    const resp = yield* session.get(url);
    yield* resp.read();
    resp.release();
  }
}
const tsioResult = await measure(async (n) => {
  await run(
    (function* () {
      const session = new ClientSession();
      try {
        yield* gatherAll(Array.from({ length: C }, () => tsioWorker(session, n / C)));
      } finally {
        yield* session.close();
      }
    })(),
  );
});

// ---- fetch, axios, got -------------------------------------------------------------------------
const fetchResult = await measure((n) =>
  nativeBatch(n, async () => {
    const r = await fetch(url);
    await r.arrayBuffer();
  }),
);
const agent = new HttpAgent({ keepAlive: true, maxSockets: 100 });
const ax = axios.create({ httpAgent: agent, responseType: "arraybuffer" });
const axiosResult = await measure((n) => nativeBatch(n, () => ax.get(url)));
const gotClient = got.extend({ agent: { http: agent }, retry: { limit: 0 } });
const gotResult = await measure((n) => nativeBatch(n, () => gotClient.get(url).buffer()));
agent.destroy();

// ---- aiohttp under Debian's python3 ----------------------------------------------------------
let aiohttp: { rps: number; cpu_us: number; version: string } | null = null;
let aiohttpNote = "python3-aiohttp absent (apt-get install -y python3-aiohttp)";
try {
  const out = execFileSync(
    "/usr/bin/python3",
    [
      fileURLToPath(new URL("./python/http_aiohttp.py", import.meta.url)),
      url,
      String(N),
      String(C),
    ],
    {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const lines = out.trim().split("\n");
  aiohttp = JSON.parse(lines[lines.length - 1] as string);
} catch (e) {
  if (!String((e as { stderr?: string }).stderr ?? "").includes("No module named"))
    aiohttpNote = `aiohttp failed: ${String(e).slice(0, 80)}`;
}
child.kill();

const rows = (pick: (r: Result) => number, unit: string, py: number | null): Row[] => [
  { subject: "tsio ClientSession", value: pick(tsioResult), unit },
  { subject: "undici Pool.request", value: pick(undiciResult), unit },
  { subject: "fetch (Node)", value: pick(fetchResult), unit },
  { subject: "axios", value: pick(axiosResult), unit },
  { subject: "got", value: pick(gotResult), unit },
  {
    subject: aiohttp ? `aiohttp ${aiohttp.version} (Debian python3)` : "aiohttp",
    value: py,
    unit,
    ...(aiohttp ? {} : { note: aiohttpNote }),
  },
];
const cases: Case[] = [
  {
    name: `${N / 1000}k GETs, ${C} tasks, keep-alive`,
    rows: rows((r) => r.rps, "req/s", aiohttp?.rps ?? null),
    better: "higher",
    target: ">= 0.8x undici Pool.request",
  },
  {
    name: "client CPU per request",
    rows: rows((r) => r.cpuUs, "us", aiohttp?.cpu_us ?? null),
    better: "lower",
  },
];
printTable("HTTP client", cases);
