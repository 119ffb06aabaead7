import { getEventLoop } from "@tsio/loop";
import { Queue } from "@tsio/sync-primitives";
import { gather, gatherAll, sleep } from "@tsio/task";
import type { Example, Out } from "../example.js";
import { scaled } from "../scale.js";
import { producerConsumerOptions } from "./options.js";

/**
 * The asyncio docs' "simple producer/consumer example" (asyncio.readthedocs.io): the producer
 * puts n items with random sleeps, then None; the consumer stops at None. With -p/-c, every
 * producer runs to its end, then one None goes in per consumer; lines name who speaks.
 */
async function demo(args: string[], out: Out): Promise<undefined> {
  const {
    items: n,
    producers,
    consumers,
    maxsize,
    random,
  } = producerConsumerOptions(args, "producer-consumer");
  const who = (role: string, i: number, many: number) => (many > 1 ? `${role} ${i}: ` : "");

  function* produce(queue: Queue<string | null>, n: number, p: number) {
    for (let x = 1; x < n + 1; x++) {
      // produce an item
      out.print(`${who("producer", p, producers)}producing ${x}/${n}`);
      // simulate i/o operation using sleep
      yield* sleep(scaled(random()));
      const item = producers > 1 ? `${p}.${x}` : String(x);
      // put the item in the queue
      yield* queue.put(item);
    }
  }

  function* produceAll(queue: Queue<string | null>) {
    yield* gatherAll(Array.from({ length: producers }, (_, i) => produce(queue, n, i + 1)));
    // indicate the producers are done: one None per consumer
    for (let c = 0; c < consumers; c++) yield* queue.put(null);
  }

  function* consume(queue: Queue<string | null>, c: number) {
    for (;;) {
      // wait for an item from the producer
      const item = yield* queue.get();
      if (item === null) {
        // the producer emits None to indicate that it is done
        break;
      }

      // process the item
      out.print(`${who("consumer", c, consumers)}consuming item ${item}...`);
      // simulate i/o operation using sleep
      yield* sleep(scaled(random()));
    }
  }

  const loop = getEventLoop();
  const queue = new Queue<string | null>(maxsize);
  const consumerCoros = Array.from({ length: consumers }, (_, i) => consume(queue, i + 1));
  await loop.runUntilComplete(gather(produceAll(queue), gatherAll(consumerCoros)));
  loop.close();
  return undefined;
}

export default {
  name: "producer-consumer",
  summary: "a producer puts n items, then None; the consumer stops at None",
  run: demo,
} satisfies Example;
