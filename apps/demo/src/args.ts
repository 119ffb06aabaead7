import { type ParseArgsConfig, parseArgs } from "node:util";
import { UsageError } from "./example.js";

/**
 * node:util's parseArgs, strict, with its errors turned into UsageError (exit status 2) and a
 * hint to the example's help.
 */
export function parseOptions<T extends ParseArgsConfig>(
  config: T,
  usage: string,
): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs<T>({ strict: true, ...config });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new UsageError(`${message}\n${usage}`);
  }
}

/** A number option: finite and within [min, max], else UsageError naming the option. */
export function numberOption(
  name: string,
  text: string | undefined,
  { min = Number.NEGATIVE_INFINITY, max = Number.POSITIVE_INFINITY, integer = false } = {},
): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  const kind = integer ? "a whole number" : "a number";
  if (text.trim() === "" || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new UsageError(`--${name} needs ${kind}, got '${text}'`);
  }
  if (value < min || value > max) {
    const range = max === Number.POSITIVE_INFINITY ? `>= ${min}` : `from ${min} to ${max}`;
    throw new UsageError(`--${name} must be ${range}, got ${text}`);
  }
  return value;
}
