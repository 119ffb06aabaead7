import { Worker } from "node:worker_threads";
import type { Coroutine } from "@tsio/future";
import { request } from "@tsio/http-client";
import { run } from "@tsio/loop";
import type { Example, Out } from "../example.js";
import { workerModule } from "../workers/index.js";

/**
 * `urllib.request.urlopen(url).read()`, blocking this thread as Python's does: a worker thread
 * fetches while this one waits in Atomics.wait, and the bytes come back through shared memory.
 * (A plain Worker, not a pool: a pool's `submit()` posts its call when the submitting thread
 * returns to its event loop, which a blocked thread never does.)
 */
function urlopenRead(url: string, timeout = 60): Uint8Array {
  const shared = new SharedArrayBuffer(8 + (1 << 20));
  const header = new Int32Array(shared, 0, 2);
  const worker = new Worker(workerModule("urlopen-blocking"), {
    workerData: { url, timeout, shared },
  });
  // until the worker stores 1 (the bytes) or 2 (an error)
  const waited = Atomics.wait(header, 0, 0, (timeout + 5) * 1000);
  void worker.terminate();
  if (waited === "timed-out") throw new Error(`<urlopen error timed out> (${url})`);
  const body = new Uint8Array(shared, 8, header[1]);
  if (header[0] === 2) throw new Error(new TextDecoder().decode(body));
  return body.slice();
}

/**
 * Seed 003's two `get_flag`s: the non-blocking one awaits the request on the loop
 * (`async with aiohttp.request(...)`), the blocking one waits with the thread stopped
 * (`urllib.request.urlopen`: Node has no blocking HTTP client, so a worker thread fetches while
 * the main thread blocks in Atomics.wait). The KR flag is the seed server's 41-byte GIF, from a
 * server in a worker thread of its own (one on the main thread could not answer while it
 * blocks).
 */
async function demo(_args: string[], out: Out): Promise<undefined> {
  const server = new Worker(workerModule("gif-server"));
  const { port } = await new Promise<{ port: number }>((resolve, reject) => {
    server.once("message", resolve);
    server.once("error", reject);
  });
  const BASE_URL = `http://127.0.0.1:${port}/flags`;

  function* getFlagNonblocking(cc: string): Coroutine<Uint8Array> {
    const url = `${BASE_URL}/${cc.toLowerCase()}/${cc.toLowerCase()}.gif`;
    const image = yield* request("GET", url).with((resp) => resp.read());
    return image;
  }

  function getFlagBlocking(cc: string): Uint8Array {
    const url = `${BASE_URL}/${cc.toLowerCase()}/${cc.toLowerCase()}.gif`;
    const image = urlopenRead(url); // urllib.request.urlopen(url).read()
    return image;
  }

  try {
    let image = await run(getFlagNonblocking("KR"));
    out.print("non-blocking:", image.length, "bytes", image.subarray(0, 6));
    image = getFlagBlocking("KR");
    out.print("blocking:", image.length, "bytes", image.subarray(0, 6));
  } finally {
    await server.terminate();
  }
  return undefined;
}

export default {
  name: "003-get-flag-blocking-vs-nonblocking",
  summary: "get_flag on the loop vs blocking the thread: 41 bytes b'GIF89a'",
  run: demo,
} satisfies Example;
