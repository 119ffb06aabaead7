/**
 * Just enough of Python's printing to compare a port's output with CPython's, line for line.
 */
import { isCoroutine } from "@tsio/generator-utils";

/** Python's builtin `Exception`, so that an uncaught one prints as `Exception: !`. */
export class Exception extends Error {
  constructor(message?: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Python's `ValueError`, for the ported CPython tests. */
export class ValueError extends Exception {}

/** Python's `str()` of the values the examples print. */
export function str(value: unknown): string {
  if (value === undefined || value === null) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  return String(value);
}

/** Python's `type(value)` as print shows it, for the generators these examples make. */
export function type(value: unknown): string {
  if (isCoroutine(value)) return "<class 'generator'>";
  throw new Error(`type() of ${String(value)} is not needed by these tests`);
}

/** The last line of the traceback CPython writes for an uncaught exception. */
export function tracebackLastLine(e: unknown): string {
  if (!(e instanceof Error)) return str(e);
  return e.message === "" ? e.name : `${e.name}: ${e.message}`;
}

/** Python's `print(a, b, ...)`: each argument's str(), joined by one space, into `lines`. */
export function printer(): { lines: string[]; print: (...args: unknown[]) => void } {
  const lines: string[] = [];
  return { lines, print: (...args) => lines.push(args.map(str).join(" ")) };
}

/**
 * Runs `script` as CPython runs a file: the lines it prints, then, if it raises, the traceback's
 * last line.
 */
export function runScript(script: (print: (...args: unknown[]) => void) => void): string[] {
  const { lines, print } = printer();
  try {
    script(print);
  } catch (e) {
    lines.push(tracebackLastLine(e));
  }
  return lines;
}
