// The seeds' examples, as tests: blocking I/O in a thread pool, the CPU-bound sum in a process
// pool, PEP 3148's load_url with asCompleted, and the hama blog's return_after_5_secs (scaled).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { asCompleted, type Future, ProcessPoolExecutor, ThreadPoolExecutor } from "../src/index.js";
import { latch, work } from "./helpers.js";

it("blocking_io: 100 bytes of /dev/urandom in a thread pool", async () => {
  await using pool = new ThreadPoolExecutor();
  const result = await pool.submit(() => {
    const fs = require("node:fs");
    const fd = fs.openSync("/dev/urandom", "r");
    const buf = Buffer.alloc(100);
    fs.readSync(fd, buf, 0, 100, null);
    fs.closeSync(fd);
    return buf;
  });
  expect(result).toBeInstanceOf(Uint8Array);
  expect(result.length).toBe(100);
});

it("cpu_bound: sum(i * i for i in range(10 ** 7)) in a process pool", async () => {
  await using pool = new ProcessPoolExecutor();
  const sum = await pool.submit((n: number) => {
    // Numbers stay exact below 2**53; the total needs BigInt.
    let total = 0n;
    let partial = 0;
    for (let i = 0; i < n; i++) {
      partial += i * i;
      if (partial > 2 ** 52) {
        total += BigInt(partial);
        partial = 0;
      }
    }
    return total + BigInt(partial);
  }, 10 ** 7);
  expect(sum).toBe(333333283333335000000n);
});

let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === "/missing") {
      res.writeHead(404).end("not here");
      return;
    }
    res
      .writeHead(200, { "content-type": "text/html" })
      .end(`<html>${"x".repeat(Number(req.url?.slice(1)) || 10)}</html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

it("PEP 3148 load_url: five workers, asCompleted, one URL failing", async () => {
  const URLS = [`${base}/100`, `${base}/2000`, `${base}/300`, `${base}/missing`, `${base}/40`];
  const loadUrl = async (url: string, timeout: number) => {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeout * 1000) });
    if (!res.ok) throw new Error(`HTTP Error ${res.status}: ${res.statusText}`);
    return new Uint8Array(await res.arrayBuffer());
  };
  const printed: string[] = [];
  {
    await using executor = new ThreadPoolExecutor({ maxWorkers: 5 });
    const futureToUrl = new Map<Future<Uint8Array>, string>(
      URLS.map((url) => [executor.submit(loadUrl, url, 60), url]),
    );
    for await (const future of asCompleted(futureToUrl.keys())) {
      const url = futureToUrl.get(future);
      try {
        printed.push(`'${url}' page is ${(await future).length} bytes`);
      } catch (e) {
        printed.push(`'${url}' generated an exception: ${(e as Error).message}`);
      }
    }
  }
  expect(printed.sort()).toEqual(
    [
      `'${base}/100' page is 113 bytes`,
      `'${base}/2000' page is 2013 bytes`,
      `'${base}/300' page is 313 bytes`,
      `'${base}/40' page is 53 bytes`,
      `'${base}/missing' generated an exception: HTTP Error 404: Not Found`,
    ].sort(),
  );
});

it("return_after_5_secs with a three-worker pool (the sleep replaced by a latch)", async () => {
  const pool = new ThreadPoolExecutor({ maxWorkers: 3 });
  const fiveSeconds = latch();
  const future = pool.submit(
    work<(l: Int32Array, m: string) => string>("waitLatch"),
    fiveSeconds.cells,
    "hello",
  );
  expect(future.done()).toBe(false);
  fiveSeconds.open();
  await future;
  expect(future.done()).toBe(true);
  expect(future.result()).toBe("hello");
  await pool.shutdown();
});
