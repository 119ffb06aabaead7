import { gather, sleep, TestLoop } from "tsio";

// A loop on a virtual clock: time stands still while callbacks run, and jumps to the next timer
// when nothing is ready. An hour of sleeps takes no time, and times are exact.
const loop = new TestLoop();
const order: string[] = [];

function* after(seconds: number, what: string) {
  yield* sleep(seconds);
  order.push(`${what} at ${loop.time()}`);
}

function* main() {
  yield* gather(after(3600, "an hour"), after(60, "a minute"));
}

await loop.runUntilComplete(main()); // gather() made here, outside main, would bind another loop
loop.close();
console.log(order); // [ 'a minute at 60', 'an hour at 3600' ]
