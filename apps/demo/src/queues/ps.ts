import type { Coroutine } from "@tsio/future";
import { run } from "@tsio/loop";
import { Queue } from "@tsio/sync-primitives";
import { createTask, dumpTasks, formatCallGraph, gather, sleep, type Task } from "@tsio/task";
import { parseOptions } from "../args.js";
import { type Example, type Out, UsageError } from "../example.js";
import { scaled } from "../scale.js";

const USAGE = `usage: pnpm demo ps [--no-stacks]

A producer and two consumers around a Queue; halfway through, a monitor task prints what every
task is waiting for, as Python 3.14's \`python -m asyncio pstree\` and \`ps\` show it (dumpTasks),
then the call graph of the producer (formatCallGraph: its frames, and who awaits it).
  --no-stacks   no debug mode: the tree shows tasks and futures, without coroutine frames`;

/** Frames' locations from the monorepo's folders (`packages/task/src/sleep.ts:61:24`). */
function shorten(text: string): string {
  return text.replace(/(?:file:\/\/)?\/[^\s,]*?\/(packages|apps)\//g, "$1/");
}

/**
 * `pnpm demo ps`: the task tree of a running producer/consumer, from inside the program
 * (@tsio/task's dumpTasks and formatCallGraph; installTaskDump does the same on SIGUSR2).
 */
async function ps(args: string[], out: Out): Promise<number> {
  const { values } = parseOptions(
    { args, options: { "no-stacks": { type: "boolean" }, help: { type: "boolean", short: "h" } } },
    USAGE,
  );
  if (values.help) throw new UsageError(USAGE, 0);
  const debug = values["no-stacks"] !== true;

  function* produce(queue: Queue<number>, n: number): Coroutine<void> {
    for (let x = 1; x <= n; x++) {
      yield* sleep(scaled(0.05));
      yield* queue.put(x); // waits while the queue is full
    }
  }

  function* consume(queue: Queue<number>): Coroutine<void> {
    for (;;) {
      yield* queue.get();
      yield* sleep(scaled(0.3)); // slower than the producer: the queue fills up
      queue.taskDone();
    }
  }

  function* monitor(watched: Task<void>): Coroutine<void> {
    yield* sleep(scaled(0.3)); // the queue is full: the producer waits in put()
    out.print("pstree (dumpTasks()):");
    out.print(shorten(dumpTasks()));
    out.print("");
    out.print("ps (dumpTasks({ format: 'table' })):");
    out.print(shorten(dumpTasks({ format: "table" })));
    out.print("");
    out.print(`call graph of the ${watched.getName()} (formatCallGraph(producer)):`);
    out.print(shorten(formatCallGraph(watched)));
  }

  function* main(): Coroutine<void> {
    const queue = new Queue<number>(2);
    const consumers = [1, 2].map((i) => createTask(consume(queue), { name: `consumer-${i}` }));
    const producer = createTask(produce(queue, 6), { name: "producer" });
    const watcher = createTask(monitor(producer), { name: "monitor" });
    yield* gather(producer, watcher);
    yield* queue.join();
    for (const c of consumers) c.cancel();
  }

  await run(main(), { debug });
  return 0;
}

export default {
  name: "ps",
  summary: "the task tree of a running producer/consumer (dumpTasks)",
  run: ps,
} satisfies Example;
