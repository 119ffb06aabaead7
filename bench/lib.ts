/**
 * Shared helpers for `pnpm bench`. Every bench file (`bench/<area>.bench.ts`) measures its
 * subjects in one run and prints one table through `printTable`, with ratios against the
 * anchors measured in the same run. Benchmarks run on the built packages' sources through tsx.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export interface Row {
  /** What was measured, e.g. "tsio", "CPython 3.13 asyncio", "native async/await". */
  subject: string;
  /** The measured value. */
  value: number | null;
  /** Its unit, e.g. "ops/s", "ms", "bytes". */
  unit: string;
  /** Why value is null (the anchor could not run here), shown instead of a number. */
  note?: string;
}

export interface Case {
  /** The scenario, e.g. "create+gather 1M tasks". */
  name: string;
  rows: Row[];
  /** Which direction is better: "higher" for throughput, "lower" for time and bytes. */
  better: "higher" | "lower";
  /** The subject the ratios are computed for (default: the first row). */
  main?: string;
  /** A target to print next to the result, e.g. ">= 10x CPython". */
  target?: string;
}

/** Runs `fn` and returns the elapsed wall time in seconds. */
export async function timeIt(fn: () => unknown | Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
}

/** Best (lowest) time in seconds of `repeat` runs of `fn`, after one warm-up run. */
export async function bestOf(
  repeat: number,
  fn: () => unknown | Promise<unknown>,
): Promise<number> {
  await fn();
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < repeat; i++) best = Math.min(best, await timeIt(fn));
  return best;
}

const PYTHON_ENV = { ...process.env, PYENV_VERSION: "3.13.0" };

/** True when CPython 3.13 can be run here (`PYENV_VERSION=3.13.0 python3`). */
export function hasPython313(): boolean {
  try {
    const out = execFileSync("python3", ["--version"], { env: PYTHON_ENV, encoding: "utf8" });
    return out.includes("3.13");
  } catch {
    return false;
  }
}

/**
 * Runs `bench/python/<script>` under CPython 3.13 with the arguments; the script prints one JSON
 * object on its last line, which is returned. Null when Python 3.13 is absent.
 */
export function runPython<T = Record<string, number>>(
  script: string,
  args: string[] = [],
): T | null {
  if (!hasPython313()) return null;
  const path = fileURLToPath(new URL(`./python/${script}`, import.meta.url));
  if (!existsSync(path)) throw new Error(`no such python bench script: ${path}`);
  const out = execFileSync("python3", [path, ...args], {
    env: PYTHON_ENV,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const lines = out.trim().split("\n");
  return JSON.parse(lines[lines.length - 1] as string) as T;
}

function fmt(v: number): string {
  if (v >= 1e6) return `${(v / 1e6).toFixed(2)}M`;
  if (v >= 1e4) return `${(v / 1e3).toFixed(1)}k`;
  if (v >= 100) return v.toFixed(0);
  if (v >= 1) return v.toFixed(2);
  return v.toPrecision(3);
}

/**
 * Prints one table: each case's rows with value and the main subject's ratio against each
 * other row ("3.2x" means the main subject is 3.2 times better).
 */
export function printTable(title: string, cases: Case[]): void {
  const lines: string[] = [];
  lines.push(`\n## ${title}\n`);
  lines.push("| case | subject | value | tsio vs this | target |");
  lines.push("|---|---|---|---|---|");
  for (const c of cases) {
    const main = c.rows.find((r) => r.subject === (c.main ?? c.rows[0]?.subject));
    for (const r of c.rows) {
      let ratio = "";
      if (r !== main && main?.value != null && r.value != null && r.value > 0 && main.value > 0) {
        const x = c.better === "higher" ? main.value / r.value : r.value / main.value;
        ratio = `${x.toFixed(2)}x`;
      }
      const value = r.value == null ? (r.note ?? "n/a") : `${fmt(r.value)} ${r.unit}`;
      lines.push(
        `| ${r === c.rows[0] ? c.name : ""} | ${r.subject} | ${value} | ${ratio} | ${r === c.rows[0] ? (c.target ?? "") : ""} |`,
      );
    }
  }
  process.stdout.write(`${lines.join("\n")}\n`);
}
