/**
 * Fluent Python's thread-pool downloads: `flags_threadpool.py` and `flags2_threadpool.py`, on
 * tsio's ThreadPoolExecutor (worker threads). Each `download_one` runs in a worker
 * (src/workers/flags.js), fetching and saving there; the main thread takes the results with
 * `asCompleted`.
 */
import { asCompleted, type Future, ThreadPoolExecutor } from "@tsio/executors";
import { progressBar } from "../term.js";
import { workerTask } from "../workers/index.js";
import {
  type Downloader,
  type DownloadStatus,
  FLAG_EXT,
  type Flags2Context,
  requestErrorMessage,
  StatusCounter,
} from "./common.js";
import { flagsExample } from "./programs.js";

// ---- flags_threadpool.py ----

const downloadOne = workerTask<
  (cc: string, baseUrl: string, destDir: string, ext: string) => Promise<string>
>("flags", "downloadOne");

const downloadMany: Downloader = async (ccList, { baseUrl, destDir, out }) => {
  await using executor = new ThreadPoolExecutor();
  const res = [...ccList].sort().map((cc) => {
    const future = executor.submit(downloadOne, cc, baseUrl, destDir, FLAG_EXT);
    // print(cc, end=' ') as each finishes: the worker's own print would pass through this
    // thread anyway, so the main thread prints it when the result arrives.
    future.addDoneCallback((f) => {
      if (f.exception() === undefined) out.write(`${f.result()} `);
    });
    return future;
  });
  const results = await Promise.all(res); // len(list(res)): re-raises the first error
  return results.length;
};

// ---- flags2_threadpool.py ----

interface Outcome {
  status: Exclude<DownloadStatus, "ERROR">;
  msg: string;
}

const downloadOne2 = workerTask<
  (cc: string, baseUrl: string, destDir: string, ext: string) => Promise<Outcome>
>("flags", "downloadOne2");

/** The worker's errors arrive with their name and fields (HTTPStatusError, RequestError). */
function errorMessage(exc: unknown): string | null {
  const e = exc as { name?: string; status?: number; reason?: string; kind?: string };
  if (e?.name === "HTTPStatusError") return `HTTP error ${e.status} - ${e.reason}`;
  if (e?.name === "RequestError") return requestErrorMessage(exc, `httpx.${e.kind}`);
  return null;
}

async function downloadMany2(
  ccList: readonly string[],
  { baseUrl, verbose, concurReq, destDir, out }: Flags2Context,
): Promise<StatusCounter> {
  const counter = new StatusCounter();
  await using executor = new ThreadPoolExecutor({ maxWorkers: concurReq });
  const toDoMap = new Map<Future<Outcome>, string>();
  for (const cc of [...ccList].sort()) {
    const future = executor.submit(downloadOne2, cc, baseUrl, destDir, FLAG_EXT);
    toDoMap.set(future, cc);
  }
  const bar = verbose ? null : progressBar(ccList.length, "");
  try {
    for await (const future of asCompleted(toDoMap.keys())) {
      let status: DownloadStatus = "ERROR";
      let errorMsg = "";
      try {
        const outcome = future.result();
        status = outcome.status;
        if (verbose) out.print(toDoMap.get(future), outcome.msg);
      } catch (exc) {
        const known = errorMessage(exc);
        if (known === null) throw exc;
        errorMsg = known;
      }
      if (errorMsg) status = "ERROR";
      counter.add(status);
      bar?.increment();
      if (verbose && errorMsg) out.print(`${toDoMap.get(future)} error: ${errorMsg}`);
    }
  } finally {
    bar?.stop();
  }
  return counter;
}

export default flagsExample(
  "threadpool",
  "worker threads (flags_threadpool.py; with options, flags2_...)",
  downloadMany,
  { name: "threadpool", defaultConcurReq: 30, maxConcurReq: 1000, downloadMany: downloadMany2 },
);
