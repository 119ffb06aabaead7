/**
 * Fluent Python's asyncio downloads: `flags_asyncio.py` (gather) and `flags2_asyncio.py`
 * (asCompleted, a Semaphore limiting the requests in flight, files saved through `toThread` so
 * that the loop never blocks on the disk), on tsio's ClientSession.
 */

import { join } from "node:path";
import type { Coroutine } from "@tsio/future";
import { ClientResponseError, ClientSession } from "@tsio/http-client";
import { run, toThread } from "@tsio/loop";
import { Semaphore } from "@tsio/sync-primitives";
import { asCompleted, gatherAll } from "@tsio/task";
import { progressBar } from "../term.js";
import { workerTask } from "../workers/index.js";
import {
  type Downloader,
  type DownloadStatus,
  FLAG_EXT,
  type Flags2Context,
  flagUrl,
  StatusCounter,
  saveFlag,
} from "./common.js";
import { flagsExample } from "./programs.js";
import { errorMessage } from "./sequential.js";

// ---- flags_asyncio.py ----

const downloadMany: Downloader = (ccList, { baseUrl, destDir, out }) => {
  function* getFlag(session: ClientSession, cc: string): Coroutine<Buffer> {
    const url = flagUrl(baseUrl, cc);
    return yield* session.get(url, { timeout: 6.1 }).with((resp) => resp.read());
  }

  function* downloadOne(session: ClientSession, cc: string): Coroutine<string> {
    const image = yield* getFlag(session, cc);
    saveFlag(destDir, image, `${cc}.${FLAG_EXT}`);
    out.write(`${cc} `);
    return cc;
  }

  function* supervisor(): Coroutine<number> {
    return yield* new ClientSession().with(function* (session) {
      const toDo = [...ccList].sort().map((cc) => downloadOne(session, cc));
      const res = yield* gatherAll(toDo);
      return res.length;
    });
  }

  return run(supervisor());
};

// ---- flags2_asyncio.py ----

/** `save_flag`, run in a worker thread by `toThread` (src/workers/flags.js). */
const saveFlagInThread = workerTask<(path: string, img: Uint8Array) => void>("flags", "saveFlag");

async function downloadMany2(
  ccList: readonly string[],
  { baseUrl, verbose, concurReq, destDir, out }: Flags2Context,
): Promise<StatusCounter> {
  function* getFlag(session: ClientSession, cc: string): Coroutine<Buffer> {
    const url = flagUrl(baseUrl, cc);
    return yield* session.get(url, { timeout: 3.1 }).with(function* (resp) {
      resp.raiseForStatus();
      return yield* resp.read();
    });
  }

  function* downloadOne(
    session: ClientSession,
    cc: string,
    semaphore: Semaphore,
  ): Coroutine<DownloadStatus> {
    let image: Buffer;
    try {
      image = yield* semaphore.with(() => getFlag(session, cc));
    } catch (exc) {
      if (exc instanceof ClientResponseError && exc.status === 404) {
        if (verbose) out.print(cc, `not found: ${exc.requestInfo.url.href}`);
        return "NOT_FOUND";
      }
      // The book finds the code in the failed request's URL (error.request.url); tsio's
      // connection errors carry no request, so the code is noted on the error here.
      if (exc !== null && typeof exc === "object") Object.assign(exc, { cc });
      throw exc;
    }
    yield* toThread(saveFlagInThread, join(destDir, `${cc}.${FLAG_EXT}`), image);
    const status: DownloadStatus = "OK";
    const msg = "OK";
    if (verbose && msg) out.print(cc, msg);
    return status;
  }

  function* supervisor(): Coroutine<StatusCounter> {
    const counter = new StatusCounter();
    const semaphore = new Semaphore(concurReq);
    yield* new ClientSession().with(function* (session) {
      const toDo = [...ccList].sort().map((cc) => downloadOne(session, cc, semaphore));
      const toDoIter = asCompleted(toDo);
      const bar = verbose ? null : progressBar(ccList.length, "");
      try {
        for (const coro of toDoIter) {
          let status: DownloadStatus = "ERROR";
          let errorMsg: string | null = null;
          let error: unknown = null;
          try {
            status = yield* coro;
          } catch (exc) {
            errorMsg = errorMessage(exc);
            if (errorMsg === null) throw exc;
            error = exc;
          }
          if (error !== null) {
            status = "ERROR";
            if (verbose) out.print(`${(error as { cc?: string }).cc} error: ${errorMsg}`);
          }
          counter.add(status);
          bar?.increment();
        }
      } finally {
        bar?.stop();
      }
    });
    return counter;
  }

  return run(supervisor());
}

export default flagsExample(
  "asyncio",
  "tasks on one thread (flags_asyncio.py; with options, flags2_...)",
  downloadMany,
  { name: "asyncio", defaultConcurReq: 5, maxConcurReq: 1000, downloadMany: downloadMany2 },
);
