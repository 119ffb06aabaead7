import { asCompleted, type Future, ThreadPoolExecutor } from "@tsio/executors";
import type { Example, Out } from "../example.js";
import { startFlagServer } from "../flags/server.js";
import { reprStr } from "../pyrepr.js";
import { workerTask } from "../workers/index.js";

/**
 * PEP 3148's example: `load_url` in a ThreadPoolExecutor of five workers, the results taken with
 * `asCompleted` in completion order. The seed's URLs (foxnews, cnn, a made-up domain) become the
 * demo server's `/page/foxnews` and `/page/cnn` (1527 and 1127 bytes, as the seed server's) and
 * `http://127.0.0.1:1/`, where nothing listens, so no internet is needed.
 */
async function demo(_args: string[], out: Out): Promise<undefined> {
  const server = await startFlagServer({ port: 0 });
  const URLS = [`${server.url}/page/foxnews`, `${server.url}/page/cnn`, "http://127.0.0.1:1/"];

  // urllib.request.urlopen(url, timeout=timeout).read(), in a worker (src/workers/urllib.js)
  const loadUrl = workerTask<(url: string, timeout: number) => Promise<Uint8Array>>(
    "urllib",
    "loadUrl",
  );

  async function main() {
    await using executor = new ThreadPoolExecutor({ maxWorkers: 5 });
    const futureToUrl = new Map<Future<Uint8Array>, string>(
      URLS.map((url) => [executor.submit(loadUrl, url, 60), url]),
    );

    for await (const future of asCompleted(futureToUrl.keys())) {
      const url = futureToUrl.get(future) as string;
      try {
        out.print(`${reprStr(url)} page is ${future.result().length} bytes`);
      } catch (e) {
        out.print(`${reprStr(url)} generated an exception: ${(e as Error).message}`);
      }
    }
  }

  try {
    await main();
  } finally {
    await server.close();
  }
  return undefined;
}

export default {
  name: "000-pep3148-as-completed",
  summary: "PEP 3148: load_url on 5 threads, asCompleted, one URL refused",
  run: demo,
} satisfies Example;
