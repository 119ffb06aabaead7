import { pyFormat } from "./pyrepr.js";
import { type Colors, colorsFor } from "./term.js";

/**
 * Where an example prints. `print` is Python's `print(*values)` (each value's `str()`, one space
 * between, then a newline); `write` is `sys.stdout.write` (raw text, as the spinners use).
 */
export interface Out {
  /** Python's `print(*values)`. */
  print(...values: unknown[]): void;
  /** Python's `sys.stdout.write(text)`: the text as it is, no newline added. */
  write(text: string): void;
  /** A line for standard error (usage errors, tracebacks' last lines). */
  error(line: string): void;
  /** Colours for the demo's own chrome (headers, hints); all identity when off. */
  readonly colors: Colors;
  /** True when the output is a terminal (progress bars are drawn only then). */
  readonly isTTY: boolean;
  /**
   * The file descriptor behind `write` (1 for the process's standard output), for a worker
   * thread that must write while the main thread is blocked; undefined when there is none.
   */
  readonly fd?: number;
}

/** One runnable example: `pnpm demo <group> <name> [args]`. */
export interface Example {
  /** The name to run it by (`001-hello-world`, `serve`). */
  name: string;
  /** One line for `pnpm demo --help`. */
  summary: string;
  /**
   * Runs the example with its own arguments, printing to `out`; resolves to the exit code
   * (nothing means 0).
   */
  run(args: string[], out: Out): Promise<number | undefined>;
}

/**
 * A bad command line: the message is printed (on standard error) and the demo exits with status
 * 2. A help text asked for is one too, with status 0 (printed on standard output).
 */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = "UsageError";
  }
}

/** Prints to the process's standard output and error. */
export class ConsoleOut implements Out {
  readonly colors: Colors;
  readonly isTTY: boolean;
  readonly fd?: number;

  constructor(
    private readonly stdout: NodeJS.WriteStream = process.stdout,
    private readonly stderr: NodeJS.WriteStream = process.stderr,
  ) {
    this.isTTY = stdout.isTTY === true;
    this.colors = colorsFor(stdout);
    const fd = (stdout as { fd?: unknown }).fd;
    if (typeof fd === "number") this.fd = fd;
  }

  print(...values: unknown[]): void {
    this.stdout.write(`${pyFormat(values)}\n`);
  }

  write(text: string): void {
    this.stdout.write(text);
  }

  error(line: string): void {
    this.stderr.write(`${line}\n`);
  }
}

/**
 * Collects what an example prints, for tests: `text` is everything written to standard output
 * in order, `lines()` splits it, `errors` holds the standard-error lines.
 */
export class CaptureOut implements Out {
  readonly colors: Colors = colorsFor(null);
  readonly isTTY = false;
  text = "";
  readonly errors: string[] = [];

  print(...values: unknown[]): void {
    this.text += `${pyFormat(values)}\n`;
  }

  write(text: string): void {
    this.text += text;
  }

  error(line: string): void {
    this.errors.push(line);
  }

  /** The printed lines, without the final newline's empty string. */
  lines(): string[] {
    const lines = this.text.split("\n");
    if (lines[lines.length - 1] === "") lines.pop();
    return lines;
  }
}
