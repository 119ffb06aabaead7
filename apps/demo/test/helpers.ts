import { expect } from "vitest";
import { CaptureOut, type Example } from "../src/example.js";
import { seedExamples } from "../src/seeds/index.js";

/** Runs an example with no arguments, checks that it exits 0, and returns what it printed. */
export async function runExample(example: Example, args: string[] = []): Promise<CaptureOut> {
  const out = new CaptureOut();
  const code = await example.run(args, out);
  expect(code ?? 0).toBe(0);
  return out;
}

/** A Python float as print() shows it: digits, a dot, digits (or an exponent). */
export const FLOAT = String.raw`\d+\.\d+(?:e[+-]\d+)?|\d+e[+-]\d+`;

/** A seed example by name. */
export function seed(name: string): Example {
  const example = seedExamples.find((e) => e.name === name);
  if (example === undefined) throw new Error(`no seed example ${name}`);
  return example;
}

/** Runs a seed example, checks it printed nothing on standard error, and returns its lines. */
export async function seedLines(name: string): Promise<string[]> {
  const out = await runExample(seed(name));
  expect(out.errors).toEqual([]);
  return out.lines();
}
