import { UsageError } from "./example.js";

let override: number | undefined;

/**
 * Reads a time scale: a finite number > 0.
 * @throws {UsageError} for anything else, naming where it came from.
 */
export function parseScale(text: string, source: string): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value <= 0) {
    throw new UsageError(`${source} must be a number > 0 (e.g. 0.1), got '${text}'`);
  }
  return value;
}

/**
 * The factor applied to every sleep and server delay of the examples: `--scale` on the command
 * line, else the TSIO_DEMO_SCALE variable, else 1. Tests use 0.01 so that a 3 s example takes
 * 30 ms.
 */
export function timeScale(): number {
  if (override !== undefined) return override;
  const env = process.env.TSIO_DEMO_SCALE;
  if (env === undefined || env === "") return 1;
  return parseScale(env, "TSIO_DEMO_SCALE");
}

/** Sets the time scale (undefined goes back to TSIO_DEMO_SCALE or 1). */
export function setTimeScale(scale: number | undefined): void {
  override = scale;
}

/** `seconds` times the time scale: every example's `sleep(scaled(1))`. */
export function scaled(seconds: number): number {
  return seconds * timeScale();
}
