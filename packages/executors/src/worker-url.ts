/**
 * Where the worker program is: `worker.js` beside this module, in `src/` (tests run the sources)
 * and in `dist/` (tsup copies it there as its own entry).
 * @internal
 * @module
 */
export const WORKER_URL = new URL("./worker.js", import.meta.url);

/**
 * The process's Node options that a worker can take: `--input-type` and `--eval` belong to the
 * main script and make a worker or a forked child fail at start.
 */
export function inheritableExecArgv(): string[] {
  const out: string[] = [];
  const argv = process.execArgv;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg.startsWith("--input-type")) continue;
    if (arg === "-e" || arg === "--eval" || arg === "-p" || arg === "--print") {
      i++;
      continue;
    }
    if (arg.startsWith("--eval=") || arg.startsWith("--print=")) continue;
    out.push(arg);
  }
  return out;
}
