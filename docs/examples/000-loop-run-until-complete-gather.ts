import { gather, getEventLoop, sleep } from "tsio";

const coroutines = [sleep(0.2, "a"), sleep(0.1, "b")];
const loop = getEventLoop();
const results = await loop.runUntilComplete(gather(...coroutines));
console.log(results); // [ 'a', 'b' ]: in argument order, not in finishing order
loop.close();
