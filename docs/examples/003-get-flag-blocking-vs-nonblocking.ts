import { aiohttp } from "tsio";

const BASE_URL = "http://127.0.0.1:8765/flags";

// Non-blocking: a coroutine; every yield* lets the loop run other tasks meanwhile.
export function* getFlag(cc: string) {
  const url = `${BASE_URL}/${cc.toLowerCase()}/${cc.toLowerCase()}.gif`;
  const resp = yield* aiohttp.request("GET", url);
  const image = yield* resp.read();
  resp.release();
  return image;
}

// JavaScript has no blocking HTTP call (and aiohttp has none either): the nearest plain
// function is native async code, which the caller must await, and which cannot be cancelled.
export async function getFlagNative(cc: string): Promise<Uint8Array> {
  const url = `${BASE_URL}/${cc.toLowerCase()}/${cc.toLowerCase()}.gif`;
  const resp = await fetch(url);
  return new Uint8Array(await resp.arrayBuffer());
}
