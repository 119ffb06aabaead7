import { numberOption, parseOptions } from "../args.js";
import { UsageError } from "../example.js";
import { seedOption } from "../random.js";

/** What both producer/consumer examples take. */
export interface ProducerConsumerOptions {
  /** Items each producer makes (the asyncio docs' n, 10). */
  items: number;
  producers: number;
  consumers: number;
  /** The queue's capacity; 0 is unbounded (the docs' Queue()). */
  maxsize: number;
  /** random.random(): the seconds each produce or consume step sleeps. */
  random: () => number;
}

/** The usage text of an example named `name`. */
export function usage(name: string): string {
  return `usage: pnpm demo queues ${name} [-n ITEMS] [-p PRODUCERS] [-c CONSUMERS] [--maxsize M] [--seed S]

  -n, --items N      items each producer makes (default 10)
  -p, --producers P  producer tasks (default 1)
  -c, --consumers C  consumer tasks (default 1)
  --maxsize M        the queue's capacity; put() waits while it is full (default 0: unbounded)
  --seed S           seed the random sleeps, to repeat a run`;
}

/** Reads the options; UsageError (exit 2) for bad ones, help with exit 0. */
export function producerConsumerOptions(args: string[], name: string): ProducerConsumerOptions {
  const text = usage(name);
  const { values } = parseOptions(
    {
      args,
      options: {
        items: { type: "string", short: "n" },
        producers: { type: "string", short: "p" },
        consumers: { type: "string", short: "c" },
        maxsize: { type: "string" },
        seed: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    },
    text,
  );
  if (values.help) throw new UsageError(text, 0);
  return {
    items: numberOption("items", values.items, { min: 0, integer: true }) ?? 10,
    producers: numberOption("producers", values.producers, { min: 1, integer: true }) ?? 1,
    consumers: numberOption("consumers", values.consumers, { min: 1, integer: true }) ?? 1,
    maxsize: numberOption("maxsize", values.maxsize, { min: 0, integer: true }) ?? 0,
    random: seedOption(values.seed),
  };
}
