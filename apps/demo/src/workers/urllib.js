// urllib.request.urlopen(url, timeout).read() for worker threads: PEP 3148's load_url, and the
// blocking get_flag of seed 003. Plain JavaScript, because tsio's executors import it with Node's
// own loader in each worker (in the tests as in the build: tsup copies it to dist/workers/).
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { getSystemErrorMap } from "node:util";

/** urllib.error.URLError: str() is `<urlopen error REASON>`, as Python prints it. */
export class URLError extends Error {
  constructor(reason) {
    super(`<urlopen error ${reason}>`);
    this.name = "URLError";
    this.reason = reason;
  }
}

/** urllib.error.HTTPError: `HTTP Error 404: Not Found`. */
export class HTTPError extends URLError {
  constructor(url, code, msg) {
    super("");
    this.message = `HTTP Error ${code}: ${msg}`;
    this.name = "HTTPError";
    this.url = url;
    this.code = code;
  }
}

/** Python's `[Errno 111] Connection refused` for a Node system error (libuv codes differ). */
function oserrorText(error) {
  if (error.code === "ENOTFOUND" || error.code === "EAI_NONAME") {
    return "[Errno -2] Name or service not known";
  }
  if (typeof error.errno === "number" && error.errno < 0) {
    const entry = getSystemErrorMap().get(error.errno);
    if (entry !== undefined && error.errno > -4000) {
      const text = entry[1];
      return `[Errno ${-error.errno}] ${text.charAt(0).toUpperCase()}${text.slice(1)}`;
    }
  }
  return error.message;
}

function getOnce(url, timeout) {
  return new Promise((resolve, reject) => {
    const request = url.protocol === "https:" ? httpsRequest : httpRequest;
    const req = request(url, { method: "GET", timeout: timeout * 1000 }, (res) => {
      const chunks = [];
      res.on("data", (chunk) => chunks.push(chunk));
      res.on("end", () => resolve({ res, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("timeout", () => {
      req.destroy(new URLError("timed out"));
    });
    req.on("error", (e) => reject(e instanceof URLError ? e : new URLError(oserrorText(e))));
    req.end();
  });
}

/**
 * urlopen(url, timeout=...).read(): the body as bytes, redirects followed (up to 10, as
 * urllib's HTTPRedirectHandler); HTTPError for a 4xx/5xx answer, URLError when the connection
 * fails.
 * @param {string} url
 * @param {number} timeout seconds
 * @returns {Promise<Uint8Array>}
 */
export async function urlopenRead(url, timeout) {
  let target = new URL(url);
  for (let hops = 0; ; hops++) {
    const { res, body } = await getOnce(target, timeout);
    const status = res.statusCode ?? 0;
    if ([301, 302, 303, 307, 308].includes(status) && res.headers.location && hops < 10) {
      target = new URL(res.headers.location, target);
      continue;
    }
    if (status >= 400) throw new HTTPError(target.href, status, res.statusMessage ?? "");
    return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  }
}

/** PEP 3148's `load_url(url, timeout)`. */
export function loadUrl(url, timeout) {
  return urlopenRead(url, timeout);
}

/**
 * urlopenRead for a thread that blocks until it is done (Atomics.wait on `shared`): stores the
 * body after an 8-byte header (state: 1 bytes, 2 an error message; length), then notifies.
 * @param {string} url
 * @param {number} timeout
 * @param {SharedArrayBuffer} shared
 */
export async function urlopenReadShared(url, timeout, shared) {
  const header = new Int32Array(shared, 0, 2);
  const room = new Uint8Array(shared, 8);
  let state = 1;
  let bytes;
  try {
    bytes = await urlopenRead(url, timeout);
    if (bytes.length > room.length)
      throw new Error(`the body (${bytes.length} bytes) is larger than the buffer`);
  } catch (e) {
    state = 2;
    bytes = new TextEncoder()
      .encode(e instanceof Error ? e.message : String(e))
      .subarray(0, room.length);
  }
  room.set(bytes);
  header[1] = bytes.length;
  Atomics.store(header, 0, state);
  Atomics.notify(header, 0);
}
