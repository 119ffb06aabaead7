/**
 * Fluent Python's sequential downloads: `flags.py` (one flag after the other) and
 * `flags2_sequential.py` (with error handling and the command line). The book blocks on
 * `httpx.get`; here one coroutine awaits one request at a time on tsio's loop, which is the
 * same schedule: nothing overlaps.
 */
import { type Coroutine, TimeoutError } from "@tsio/future";
import { ClientError, ClientResponseError, request } from "@tsio/http-client";
import { run } from "@tsio/loop";
import { progressBar } from "../term.js";
import {
  type Downloader,
  type DownloadStatus,
  FLAG_EXT,
  type Flags2Context,
  flagUrl,
  requestErrorMessage,
  StatusCounter,
  saveFlag,
} from "./common.js";
import { flagsExample } from "./programs.js";

/** `httpx.get(url, timeout=..., follow_redirects=True)`, `raise_for_status()`, `.content`. */
export function* getFlag(baseUrl: string, cc: string, timeout: number): Coroutine<Buffer> {
  const url = flagUrl(baseUrl, cc);
  return yield* request("GET", url, { timeout }).with(function* (resp) {
    resp.raiseForStatus();
    return yield* resp.read();
  });
}

// ---- flags.py ----

const downloadMany: Downloader = async (ccList, { baseUrl, destDir, out }) => {
  function* downloadAll() {
    for (const cc of [...ccList].sort()) {
      const image = yield* getFlag(baseUrl, cc, 6.1);
      saveFlag(destDir, image, `${cc}.${FLAG_EXT}`);
      out.write(`${cc} `); // print(cc, end=' ', flush=True)
    }
    return ccList.length;
  }
  return run(downloadAll());
};

// ---- flags2_sequential.py ----

/** Python's `HTTPStatus.NOT_FOUND`. */
const NOT_FOUND = 404;

/** flags2_sequential's `download_one(cc, base_url, verbose)`. */
export function* downloadOne(
  cc: string,
  baseUrl: string,
  destDir: string,
  verbose: boolean,
  print: (...values: unknown[]) => void,
): Coroutine<DownloadStatus> {
  let status: DownloadStatus;
  let msg: string;
  let image: Buffer;
  try {
    image = yield* getFlag(baseUrl, cc, 3.1);
  } catch (exc) {
    if (exc instanceof ClientResponseError && exc.status === NOT_FOUND) {
      status = "NOT_FOUND";
      msg = `not found: ${exc.requestInfo.url.href}`;
      if (verbose) print(cc, msg);
      return status;
    }
    throw exc;
  }
  saveFlag(destDir, image, `${cc}.${FLAG_EXT}`);
  status = "OK";
  msg = "OK";
  if (verbose) print(cc, msg);
  return status;
}

/**
 * The book's error triage: an HTTP status error, a request that failed (tsio's ClientError or
 * the total timeout, httpx's RequestError), or anything else, which propagates.
 */
export function errorMessage(exc: unknown): string | null {
  if (exc instanceof ClientResponseError) return `HTTP error ${exc.status} - ${exc.detail}`;
  if (exc instanceof ClientError || exc instanceof TimeoutError) return requestErrorMessage(exc);
  return null;
}

async function downloadMany2(
  ccList: readonly string[],
  { baseUrl, verbose, destDir, out }: Flags2Context,
): Promise<StatusCounter> {
  function* supervisor() {
    const counter = new StatusCounter();
    const ccIter = [...ccList].sort();
    const bar = verbose ? null : progressBar(ccIter.length, "");
    try {
      for (const cc of ccIter) {
        let status: DownloadStatus = "ERROR";
        let errorMsg: string;
        try {
          status = yield* downloadOne(cc, baseUrl, destDir, verbose, (...v) => out.print(...v));
          errorMsg = "";
        } catch (exc) {
          const known = errorMessage(exc);
          if (known === null) throw exc;
          errorMsg = known;
        }
        if (errorMsg) status = "ERROR";
        counter.add(status);
        bar?.increment();
        if (verbose && errorMsg) out.print(`${cc} error: ${errorMsg}`);
      }
    } finally {
      bar?.stop();
    }
    return counter;
  }
  return run(supervisor());
}

export default flagsExample(
  "sequential",
  "one flag after the other (flags.py; with options, flags2_sequential.py)",
  downloadMany,
  { name: "sequential", defaultConcurReq: 1, maxConcurReq: 1, downloadMany: downloadMany2 },
);
