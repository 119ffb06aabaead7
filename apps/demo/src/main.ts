import { type Example, type Out, UsageError } from "./example.js";
import {
  findExample,
  findGroup,
  type Group,
  groups,
  pendingExample,
  suggestions,
} from "./registry.js";
import { parseScale, setTimeScale, timeScale } from "./scale.js";

/** The tour `pnpm demo` runs: a minute or less that shows why tsio exists. */
const TOUR: ReadonlyArray<{ note: string; example: string; args?: string[] }> = [
  {
    note: "Coroutines awaited one after the other run in turn: 1 s + 2 s = 3 s.",
    example: "002-say-after-await",
  },
  {
    note: "Made into tasks first, the same two overlap: 2 s.",
    example: "002-say-after-create-task",
  },
  {
    note: "gather runs three factorials at once; their steps interleave, results come in order.",
    example: "001-factorial-gather",
  },
  {
    note: "With { returnExceptions: true } the ValueError takes its place in the results.",
    example: "001-factorial-return-exceptions",
  },
  {
    note: "waitFor gives up after 1 s and cancels the coroutine: it never prints its line.",
    example: "001-wait-for-timeout",
  },
  {
    note: "A task is cancelled at its await point: the spinner catches CancelledError, cleans up.",
    example: "003-spinner-asyncio",
  },
  {
    note: "runInExecutor: blocking reads in thread pools, a CPU-bound BigInt sum in a process pool.",
    example: "001-run-in-executor",
  },
  {
    note: "Fluent Python's flag downloads three ways against a slow server: tasks beat waiting.",
    example: "compare",
    args: ["--delay", "0.2"],
  },
  {
    note: "A Queue between a producer and two consumers: taskDone(), join(), then cancel them.",
    example: "producer-consumer-join",
    args: ["-n", "6", "-c", "2"],
  },
];

function allNames(): string[] {
  return groups.flatMap((g) => [
    g.name,
    ...g.examples.map((e) => e.name),
    ...g.pending.map((p) => p.name),
  ]);
}

function helpText(out: Out): string {
  const { bold, dim, cyan } = out.colors;
  const lines = [
    `${bold("tsio demo")}: Python's asyncio examples, run on tsio`,
    "",
    "usage: pnpm demo                       a short tour",
    "       pnpm demo <group> [name] [options]",
    "       pnpm demo <name> [options]      one example by its name alone",
    "       pnpm demo --help                this list",
    "",
  ];
  for (const group of groups) {
    const width = Math.max(...[...group.examples, ...group.pending].map((e) => e.name.length));
    lines.push(`${bold(cyan(group.name))}: ${group.summary}`);
    for (const e of group.examples) lines.push(`  ${e.name.padEnd(width)}  ${e.summary}`);
    for (const p of group.pending) {
      lines.push(dim(`  ${p.name.padEnd(width)}  (not yet: waits for ${p.waitsFor})`));
    }
    lines.push("");
  }
  lines.push(
    "options:",
    "  --scale X     multiply every sleep and server delay by X (0.1: ten times faster);",
    "                also the TSIO_DEMO_SCALE variable",
    "  NO_COLOR=1    no colours (they appear only on a terminal anyway)",
    "",
    "pnpm demo seeds runs every seed example; pnpm demo seeds <name> [name...] runs some.",
    "Run alone, an example prints exactly what its Python twin prints.",
  );
  return lines.join("\n");
}

/** Takes `--scale X` / `--scale=X` out of the arguments and applies it. */
function takeScale(args: string[]): string[] {
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === "--scale") {
      const value = args[i + 1];
      if (value === undefined) throw new UsageError("--scale needs a number, e.g. --scale 0.1");
      setTimeScale(parseScale(value, "--scale"));
      i++;
    } else if (arg.startsWith("--scale=")) {
      setTimeScale(parseScale(arg.slice("--scale=".length), "--scale"));
    } else {
      rest.push(arg);
    }
  }
  return rest;
}

function header(out: Out, title: string, note: string): void {
  const { bold, cyan, dim } = out.colors;
  out.print(`${bold(cyan(`== ${title}`))} ${dim(note)}`);
}

function scaleNote(out: Out): void {
  const scale = timeScale();
  if (scale !== 1) out.print(out.colors.dim(`(every sleep and delay is scaled by ${scale})`));
}

async function runMany(
  out: Out,
  steps: ReadonlyArray<{ example: Example; note: string; args?: string[] }>,
) {
  scaleNote(out);
  let status = 0;
  for (const [i, { example, note, args }] of steps.entries()) {
    if (i > 0) out.print("");
    header(out, [example.name, ...(args ?? [])].join(" "), note);
    const code = (await example.run(args ?? [], out)) ?? 0;
    if (code !== 0) status = code;
  }
  return status;
}

function unknown(name: string, candidates: readonly string[]): UsageError {
  const pending = pendingExample(name);
  if (pending !== undefined) {
    return new UsageError(
      `'${name}' (${pending.group.name}) is not runnable yet: it waits for ${pending.waitsFor}.`,
    );
  }
  const near = suggestions(name, candidates);
  const hint = near.length > 0 ? ` Did you mean ${near.map((n) => `'${n}'`).join(", ")}?` : "";
  return new UsageError(
    `Unknown example '${name}'.${hint}\nRun 'pnpm demo --help' for the list of examples.`,
  );
}

async function runGroup(group: Group, args: string[], out: Out): Promise<number> {
  const names = group.examples.map((e) => e.name);
  if (args[0] === "--list" || args[0] === "--help" || args[0] === "-h") {
    for (const e of group.examples) out.print(`${e.name}  ${e.summary}`);
    for (const p of group.pending) out.print(out.colors.dim(`${p.name}  (not yet: ${p.waitsFor})`));
    return 0;
  }
  if (group.name === "seeds") {
    // Seeds take no options: every argument names one.
    const chosen = args.map((name) => {
      const example = findExample(group, name);
      if (example === undefined) throw unknown(name, names);
      return example;
    });
    if (chosen.length === 1) return (await (chosen[0] as Example).run([], out)) ?? 0;
    const list = chosen.length > 0 ? chosen : group.examples;
    return runMany(
      out,
      list.map((example) => ({ example, note: example.summary })),
    );
  }
  const [name, ...rest] = args;
  if (name === undefined) {
    if (group.examples.length === 0) throw unknown(group.pending[0]?.name ?? group.name, names);
    return runGroup(group, ["--list"], out);
  }
  const example = findExample(group, name);
  if (example === undefined) throw unknown(name, names);
  return (await example.run(rest, out)) ?? 0;
}

async function tour(out: Out): Promise<number> {
  out.print(
    out.colors.bold("tsio: Python's asyncio for TypeScript.") +
      " A short tour; `pnpm demo --help` lists every example.",
  );
  out.print("");
  return runMany(
    out,
    TOUR.map(({ note, example, args }) => {
      const found = groups.flatMap((g) => g.examples).find((e) => e.name === example);
      if (found === undefined) throw new Error(`the tour names an unknown example: ${example}`);
      return { example: found, note, args };
    }),
  );
}

async function dispatch(argv: string[], out: Out): Promise<number> {
  const args = takeScale(argv[0] === "--" ? argv.slice(1) : argv);
  const [first, ...rest] = args;
  if (first === undefined || first === "tour") return tour(out);
  if (first === "--help" || first === "-h" || first === "help") {
    out.print(helpText(out));
    return 0;
  }
  const group = findGroup(first);
  if (group !== undefined) return runGroup(group, rest, out);
  // An example by its name alone: the same as `<group> <name>`.
  const owner = groups.find((g) => findExample(g, first) !== undefined);
  if (owner !== undefined) return runGroup(owner, args, out);
  throw unknown(first, allNames());
}

/**
 * The demo's command line: runs what `argv` asks for, printing to `out`, and resolves to the
 * exit status (2 for a bad command line, with the reason on standard error).
 */
export async function main(argv: readonly string[], out: Out): Promise<number> {
  try {
    return await dispatch([...argv], out);
  } catch (e) {
    if (e instanceof UsageError) {
      if (e.exitCode === 0) out.print(e.message);
      else out.error(e.message);
      return e.exitCode;
    }
    out.error(e instanceof Error ? (e.stack ?? String(e)) : String(e));
    return 1;
  } finally {
    setTimeScale(undefined);
  }
}
