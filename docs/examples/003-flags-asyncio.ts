// Fluent Python's asyncio flag download, fixed as the seed notes say (async def, sorted,
// download_one, a context manager for aiohttp.request, tasks for wait).
import { writeFileSync } from "node:fs";
import { aiohttp, getEventLoop, wait } from "tsio";

const BASE_URL = "http://127.0.0.1:8765/flags";

function show(text: string): void {
  process.stdout.write(`${text} `);
}

function saveFlag(img: Uint8Array, filename: string): void {
  writeFileSync(filename, img);
}

function* getFlag(cc: string) {
  const url = `${BASE_URL}/${cc.toLowerCase()}/${cc.toLowerCase()}.gif`;
  return yield* aiohttp.request("GET", url).with((resp) => resp.read());
}

function* downloadOne(cc: string) {
  const image = yield* getFlag(cc);
  show(cc);
  saveFlag(image, `${cc.toLowerCase()}.gif`);
  return cc;
}

async function downloadMany(ccList: string[]): Promise<number> {
  const loop = getEventLoop();
  const toDo = [...ccList].sort().map((cc) => loop.createTask(downloadOne(cc)));
  const waitCoro = wait(toDo);

  const [result] = await loop.runUntilComplete(waitCoro);
  loop.close();
  return result.size;
}

const POP20_CC = "CN IN US ID BR PK NG BD RU JP MX PH VN ET EG DE IR TR CD FR".split(" ");
const start = performance.now();
const count = await downloadMany(POP20_CC);
console.log(`\n${count} flags downloaded in ${((performance.now() - start) / 1000).toFixed(2)}s`);
