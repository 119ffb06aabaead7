import { writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Coroutine } from "@tsio/future";
import { request } from "@tsio/http-client";
import { getEventLoop } from "@tsio/loop";
import { wait } from "@tsio/task";
import type { Example, Out } from "../example.js";
import { POP20_CC } from "../flags/countries.js";
import { startFlagServer } from "../flags/server.js";
import { formatFixed } from "../pyrepr.js";
import { timeTime } from "../pytime.js";

/**
 * Seed 003's flag download (Fluent Python 1st ed., fixed as SEED-EXAMPLES.md says: `async def`,
 * `sorted`, tasks for `wait`, `async with aiohttp.request(...)`), with the book's `save_flag`,
 * `show` and `main`. The flags are the demo server's 41-byte GIFs, saved in a temporary folder.
 */
async function demo(_args: string[], out: Out): Promise<undefined> {
  const server = await startFlagServer({ port: 0 });
  const BASE_URL = `${server.url}/flags`; // was 'http://flupy.org/data/flags'
  const DEST_DIR = await mkdtemp(join(tmpdir(), "flags-")); // was 'downloads/'

  function saveFlag(img: Uint8Array, filename: string) {
    const path = join(DEST_DIR, filename);
    writeFileSync(path, img);
  }

  function show(text: string) {
    out.write(`${text} `); // print(text, end=' '); sys.stdout.flush()
  }

  async function main(downloadMany: (ccList: readonly string[]) => Promise<number>) {
    const t0 = timeTime();
    const count = await downloadMany(POP20_CC);
    const elapsed = timeTime() - t0;
    out.print(`\n${count} flags downloaded in ${formatFixed(elapsed, 2)}s`);
  }

  // --- the seed's fragment, fixed ---

  function* getFlag(cc: string): Coroutine<Buffer> {
    const url = `${BASE_URL}/${cc.toLowerCase()}/${cc.toLowerCase()}.gif`;
    const image = yield* request("GET", url).with((resp) => resp.read());
    return image;
  }

  function* downloadOne(cc: string): Coroutine<string> {
    const image = yield* getFlag(cc);
    show(cc);
    saveFlag(image, `${cc.toLowerCase()}.gif`);
    return cc;
  }

  async function downloadMany(ccList: readonly string[]): Promise<number> {
    const loop = getEventLoop();
    const toDo = [...ccList].sort().map((cc) => loop.createTask(downloadOne(cc)));
    const waitCoro = wait(toDo);

    const [result, _] = await loop.runUntilComplete(waitCoro);
    loop.close();
    return result.size;
  }

  try {
    await main(downloadMany);
  } finally {
    await server.close();
    await rm(DEST_DIR, { recursive: true, force: true });
  }
  return undefined;
}

export default {
  name: "003-flags-asyncio",
  summary: "20 flags at once with request() and wait(), codes as they finish",
  run: demo,
} satisfies Example;
