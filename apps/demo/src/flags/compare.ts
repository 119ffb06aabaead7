import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { numberOption } from "../args.js";
import { CaptureOut, type Example, type Out, UsageError } from "../example.js";
import { formatFixed } from "../pyrepr.js";
import { scaled } from "../scale.js";
import asyncio from "./asyncio.js";
import { type Flags2Program, type Flags2Result, flags2Main } from "./common.js";
import { programOf } from "./programs.js";
import sequential from "./sequential.js";
import { startFlagServer } from "./server.js";
import { flagSite } from "./servers.js";
import threadpool from "./threadpool.js";

const USAGE = `usage: pnpm demo flags compare [--delay S] [--keep] [CC ...] [-a] [-e] [-l N] [-m CONCURRENT]

Runs flags2_sequential, flags2_threadpool and flags2_asyncio one after the other against the
DELAY server and compares their times. Country codes and -a/-e/-l/-m go to all three.
  --delay S   a server of its own that waits S seconds before each answer (default: the DELAY
              server, 0.5 s, on port 8001, started if none runs there)
  --dest DIR  where the three save their flags (default: a temporary folder, removed after)`;

const EIGHTHS = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];

/** A bar of `width` cells for `value` out of `max`, in eighths of a cell. */
export function bar(value: number, max: number, width = 40): string {
  const eighths = max > 0 ? Math.round((value / max) * width * 8) : 0;
  return "█".repeat(Math.floor(eighths / 8)) + (EIGHTHS[eighths % 8] as string);
}

/** Takes the compare-only options out; the rest goes to the three programs. */
function compareOptions(args: string[]): { delay?: number; dest?: string; rest: string[] } {
  const rest: string[] = [];
  let delay: number | undefined;
  let dest: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const value = () => {
      const v = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : args[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value\n${USAGE}`);
      return v;
    };
    if (arg === "-h" || arg === "--help") throw new UsageError(USAGE, 0);
    else if (arg === "--delay" || arg.startsWith("--delay=")) {
      delay = numberOption("delay", value(), { min: 0 });
    } else if (arg === "--dest" || arg.startsWith("--dest=")) dest = value();
    else if (
      ["-s", "--server", "--url", "-v", "--verbose"].some(
        (o) => arg === o || arg.startsWith(`${o}=`),
      )
    ) {
      throw new UsageError(
        `flags compare chooses the server and prints no details: ${arg} is not an option here\n${USAGE}`,
      );
    } else rest.push(arg);
  }
  return {
    ...(delay === undefined ? {} : { delay }),
    ...(dest === undefined ? {} : { dest }),
    rest,
  };
}

function describe(name: string, actualReq: number): string {
  if (name === "sequential") return "1 connection";
  if (name === "threadpool") return `${actualReq} threads`;
  return `${actualReq} requests at a time`;
}

/**
 * `flags compare`: the three flags2 programs against the DELAY server, their times side by side
 * with a bar chart (the book's point: the concurrent ones are several times faster).
 */
async function compare(args: string[], out: Out): Promise<number> {
  const { delay, dest, rest } = compareOptions(args);
  const scratch = dest === undefined ? await mkdtemp(join(tmpdir(), "flags-compare-")) : null;
  const destDir = dest ?? (scratch as string);
  let url: string;
  let close: () => Promise<void>;
  let delayText: string;
  if (delay !== undefined) {
    const server = await startFlagServer({ port: 0, delay: scaled(delay) });
    url = `${server.url}/flags`;
    close = () => server.close();
    delayText = `${scaled(delay)} s per answer`;
  } else {
    const site = await flagSite("DELAY");
    url = site.url;
    close = () => site.close();
    delayText = site.started ? `${scaled(0.5)} s per answer` : "already running";
  }
  const { bold, dim, green } = out.colors;
  const results: Array<{ name: string; result: Flags2Result }> = [];
  try {
    out.print(
      `${bold("The same downloads three ways")}, from the DELAY server (${url}, ${delayText}):`,
    );
    out.print("");
    for (const example of [sequential, threadpool, asyncio]) {
      const program: Flags2Program = programOf(example);
      const quiet = new CaptureOut();
      const result = await flags2Main(program, [...rest, "--url", url, "--dest", destDir], quiet);
      results.push({ name: program.name, result });
      const { counter, ccList } = result;
      const problems = ccList.length - counter.get("OK");
      out.print(
        `  ${program.name.padEnd(11)} ${describe(program.name, result.actualReq).padEnd(22)} ` +
          `${String(counter.get("OK")).padStart(3)} flags${problems ? dim(` (${problems} not downloaded)`) : ""}` +
          `  ${formatFixed(result.elapsed, 2).padStart(6)}s`,
      );
    }
  } finally {
    await close();
    if (scratch !== null) await rm(scratch, { recursive: true, force: true });
  }
  const max = Math.max(...results.map((r) => r.result.elapsed));
  const fastest = Math.min(...results.map((r) => r.result.elapsed));
  out.print("");
  for (const { name, result } of results) {
    const line = bar(result.elapsed, max);
    out.print(`  ${name.padEnd(11)} ${result.elapsed === fastest ? green(line) : line}`);
  }
  const seq = results[0]?.result.elapsed ?? 0;
  const ratio = (r: Flags2Result) => `${formatFixed(seq / r.elapsed, 1)}x`;
  out.print("");
  out.print(
    `Against sequential: threadpool ${bold(ratio(results[1]?.result as Flags2Result))} faster, ` +
      `asyncio ${bold(ratio(results[2]?.result as Flags2Result))} faster ` +
      dim(
        `(asyncio runs ${results[2]?.result.actualReq} requests at a time by default: -m 20 lets all 20 go at once)`,
      ),
  );
  return 0;
}

export default {
  name: "compare",
  summary: "the three flags2 programs on a slow server, timed, a bar chart",
  run: compare,
} satisfies Example;
