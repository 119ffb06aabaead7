import cliProgress from "cli-progress";

/** ANSI styles for the demo's own chrome; every function returns its text unchanged when off. */
export interface Colors {
  readonly enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  cyan(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  red(text: string): string;
}

function style(enabled: boolean, open: number, close: number): (text: string) => string {
  return enabled ? (text) => `\x1b[${open}m${text}\x1b[${close}m` : (text) => text;
}

/**
 * Whether to colour a stream: only a terminal, never when NO_COLOR is set (no-color.org) or
 * TERM is `dumb`; FORCE_COLOR (not `0`) turns it on anyway.
 */
export function useColors(
  stream: { isTTY?: boolean } | null,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "" && env.FORCE_COLOR !== "0") {
    return true;
  }
  if (env.TERM === "dumb") return false;
  return stream?.isTTY === true;
}

/** The colours for a stream (see {@link useColors}); null gives none. */
export function colorsFor(stream: { isTTY?: boolean } | null, env?: NodeJS.ProcessEnv): Colors {
  const on = stream !== null && useColors(stream, env);
  return {
    enabled: on,
    bold: style(on, 1, 22),
    dim: style(on, 2, 22),
    cyan: style(on, 36, 39),
    green: style(on, 32, 39),
    yellow: style(on, 33, 39),
    red: style(on, 31, 39),
  };
}

/** A progress bar that draws itself on a terminal and does nothing anywhere else. */
export interface Progress {
  increment(by?: number): void;
  stop(): void;
}

/**
 * A progress bar (cli-progress) on standard error when it is a terminal; otherwise a no-op, so
 * that piped output and tests stay plain.
 */
export function progressBar(
  total: number,
  label: string,
  stream: NodeJS.WriteStream = process.stderr,
): Progress {
  if (stream.isTTY !== true) return { increment() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {value}/{total} {percentage}% {duration_formatted}`,
      stream,
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return {
    increment(by = 1) {
      bar.increment(by);
    },
    stop() {
      bar.stop();
    },
  };
}
