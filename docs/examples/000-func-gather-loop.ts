import { gather, getEventLoop, sleep } from "tsio";

function* func(ind: number) {
  console.log(`func ${ind} called at`, Date.now() / 1000);
  yield* sleep(ind); // simulate an I/O operation (from a different source for each function)
  console.log(`func ${ind} term at`, Date.now() / 1000);
}

const loop = getEventLoop();
const curT = Date.now() / 1000;
await loop.runUntilComplete(gather(func(1), func(2), func(3)));
console.log("total loop elapsed ", Date.now() / 1000 - curT); // about 3, not 6

loop.close();
