import { concurrent } from "tsio";

const { ThreadPoolExecutor, asCompleted } = concurrent.futures;

const URLS = [
  "http://127.0.0.1:8765/page/foxnews",
  "http://127.0.0.1:8765/page/cnn",
  "http://127.0.0.1:1/",
];

// Runs in a worker thread: self-contained (fetch is a global there too).
async function loadUrl(url: string, timeout: number): Promise<number> {
  const resp = await fetch(url, { signal: AbortSignal.timeout(timeout * 1000) });
  return (await resp.arrayBuffer()).byteLength;
}

async function main() {
  const executor = new ThreadPoolExecutor({ maxWorkers: 5 });
  try {
    const futureToUrl = new Map(URLS.map((url) => [executor.submit(loadUrl, url, 60), url]));
    for await (const future of asCompleted(futureToUrl.keys())) {
      const url = futureToUrl.get(future);
      try {
        console.log(`'${url}' page is ${await future} bytes`);
      } catch (e) {
        console.log(`'${url}' generated an exception: ${e}`);
      }
    }
  } finally {
    await executor.shutdown(); // Python's `with` block: shutdown(wait=True)
  }
}

await main();
