import { getEventLoop, sleep } from "tsio";

function* add(a: number, b: number) {
  console.log(`add: ${a} + ${b}`);
  yield* sleep(1.0);
  return a + b;
}

function* printAdd(a: number, b: number) {
  const result = yield* add(a, b);
  console.log(`print_add: ${a} + ${b} = ${result}`);
}

const loop = getEventLoop();
await loop.runUntilComplete(printAdd(1, 2));
loop.close();
