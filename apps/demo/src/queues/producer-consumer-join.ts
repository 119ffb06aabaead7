import { getEventLoop } from "@tsio/loop";
import { Queue } from "@tsio/sync-primitives";
import { createTask, gatherAll, sleep } from "@tsio/task";
import type { Example, Out } from "../example.js";
import { scaled } from "../scale.js";
import { producerConsumerOptions } from "./options.js";

/**
 * The asyncio docs' producer/consumer "using task_done()": consumers call taskDone() for each
 * item; run() waits for the producers, then for queue.join(), then cancels the consumers, which
 * are still waiting for an item.
 */
async function demo(args: string[], out: Out): Promise<undefined> {
  const { items, producers, consumers, maxsize, random } = producerConsumerOptions(
    args,
    "producer-consumer-join",
  );
  const who = (role: string, i: number, many: number) => (many > 1 ? `${role} ${i}: ` : "");

  function* produce(queue: Queue<string>, n: number, p: number) {
    for (let x = 0; x < n; x++) {
      // produce an item
      out.print(`${who("producer", p, producers)}producing ${x}/${n}`);
      // simulate i/o operation using sleep
      yield* sleep(scaled(random()));
      const item = producers > 1 ? `${p}.${x}` : String(x);
      // put the item in the queue
      yield* queue.put(item);
    }
  }

  function* consume(queue: Queue<string>, c: number) {
    for (;;) {
      // wait for an item from the producer
      const item = yield* queue.get();

      // process the item
      out.print(`${who("consumer", c, consumers)}consuming ${item}...`);
      // simulate i/o operation using sleep
      yield* sleep(scaled(random()));

      // Notify the queue that the item has been processed
      queue.taskDone();
    }
  }

  function* run(n: number) {
    const queue = new Queue<string>(maxsize);
    // register the consume coroutines
    const workers = Array.from({ length: consumers }, (_, i) => createTask(consume(queue, i + 1)));
    // launch the producers and wait for completion
    yield* gatherAll(Array.from({ length: producers }, (_, i) => produce(queue, n, i + 1)));
    // ensure the consumers consume all produced items
    yield* queue.join();
    // consumers are always awaiting a new item: cancel them
    for (const worker of workers) worker.cancel();
  }

  const loop = getEventLoop();
  await loop.runUntilComplete(run(items));
  loop.close();
  return undefined;
}

export default {
  name: "producer-consumer-join",
  summary: "taskDone() per item; join(), then cancel the consumers",
  run: demo,
} satisfies Example;
