// Fluent Python's download_one for the thread-pool versions (flags_threadpool.py,
// flags2_threadpool.py), run in worker threads by module and export name. A worker blocks on
// nothing of the main thread's: it fetches with node:http and writes the file itself. Plain
// JavaScript, imported by the workers with Node's own loader (tsup copies it to dist/workers/).

import { writeFileSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";

/** httpx.HTTPStatusError: an answer >= 400 (`raise_for_status()`). */
export class HTTPStatusError extends Error {
  constructor(status, reason, url) {
    super(`${status} ${reason} for url '${url}'`);
    this.name = "HTTPStatusError";
    this.status = status;
    this.reason = reason;
    this.url = url;
  }
}

/** httpx.RequestError: the request itself failed (refused, reset, timed out). */
export class RequestError extends Error {
  constructor(message, kind) {
    super(message);
    this.name = "RequestError";
    this.kind = kind;
  }
}

function getOnce(url, timeout) {
  return new Promise((resolve, reject) => {
    const req = request(url, { timeout: timeout * 1000 }, (res) => {
      const chunks = [];
      res.on("data", (chunk) => chunks.push(chunk));
      res.on("end", () => resolve({ res, body: Buffer.concat(chunks) }));
      res.on("error", (e) => reject(new RequestError(e.message, "ReadError")));
    });
    req.on("timeout", () => req.destroy(new RequestError("timed out", "TimeoutException")));
    req.on("error", (e) =>
      reject(e instanceof RequestError ? e : new RequestError(e.message, "ConnectError")),
    );
    req.end();
  });
}

/**
 * `httpx.get(url, timeout=..., follow_redirects=True)` then `resp.raise_for_status()` and
 * `resp.content`.
 */
export async function getFlag(baseUrl, cc, ext, timeout) {
  let url = new URL(`${baseUrl}/${cc}/${cc}.${ext}`.toLowerCase());
  for (let hops = 0; ; hops++) {
    const { res, body } = await getOnce(url, timeout);
    const status = res.statusCode ?? 0;
    if ([301, 302, 303, 307, 308].includes(status) && res.headers.location && hops < 20) {
      url = new URL(res.headers.location, url);
      continue;
    }
    if (status >= 400) throw new HTTPStatusError(status, res.statusMessage ?? "", url.href);
    return body;
  }
}

/** flags_threadpool.py's download_one(cc): get, save, and give back the code. */
export async function downloadOne(cc, baseUrl, destDir, ext) {
  const image = await getFlag(baseUrl, cc, ext, 6.1);
  writeFileSync(join(destDir, `${cc}.${ext}`), image);
  return cc;
}

/**
 * flags2_sequential.py's download_one(cc, base_url, verbose), as the thread pool runs it:
 * `{ status: "OK" | "NOT_FOUND", msg }`, or the HTTPStatusError / RequestError for the main
 * thread to count. The message is printed by the main thread (in verbose mode), whose output is
 * the one the demo shows.
 */
export async function downloadOne2(cc, baseUrl, destDir, ext) {
  let image;
  try {
    image = await getFlag(baseUrl, cc, ext, 3.1);
  } catch (e) {
    if (e instanceof HTTPStatusError && e.status === 404) {
      return { status: "NOT_FOUND", msg: `not found: ${e.url}` };
    }
    throw e;
  }
  writeFileSync(join(destDir, `${cc}.${ext}`), image);
  return { status: "OK", msg: "OK" };
}

/** flags2_asyncio's `save_flag(img, filename)`, for `toThread`: writes the file in a worker. */
export function saveFlag(path, img) {
  writeFileSync(path, img);
}
