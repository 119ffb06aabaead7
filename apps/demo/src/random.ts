import { numberOption } from "./args.js";
import { UsageError } from "./example.js";

/**
 * Python's `random.random()`: a float in [0, 1). With a seed, a small deterministic generator
 * (mulberry32), so a run can be repeated; without one, Math.random.
 */
export function randomSource(seed?: number): () => number {
  if (seed === undefined) return Math.random;
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Reads `--seed N` (a whole number) into a random source. */
export function seedOption(text: string | undefined): () => number {
  const seed = numberOption("seed", text, { integer: true });
  if (seed !== undefined && seed < 0) throw new UsageError(`--seed must be >= 0, got ${text}`);
  return randomSource(seed);
}
