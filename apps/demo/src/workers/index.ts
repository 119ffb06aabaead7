/**
 * Where the worker modules are: `src/workers/*.js` when the demo runs from its sources (tests,
 * tsx), `dist/workers/*.js` in the build (tsup bundles this file into `dist/cli.js`, so
 * `import.meta.url` is then `dist/cli.js`).
 */
import { type AnyFunction, type TaskRef, task } from "@tsio/executors";

/** The worker modules (plain JavaScript files in src/workers/). */
export type WorkerModule =
  | "urllib"
  | "sqlite"
  | "jobs"
  | "flags"
  | "gif"
  | "gif-server"
  | "urlopen-blocking";

const here = import.meta.url;
const fromSource = /\/src\/workers\/index\.[cm]?[jt]s$/.test(new URL(here).pathname);

/** The file URL of a worker module (`"urllib"` -> `.../workers/urllib.js`). */
export function workerModule(name: WorkerModule): URL {
  return new URL(fromSource ? `./${name}.js` : `./workers/${name}.js`, here);
}

/** `task(module, exportName)` for one of the demo's worker modules. */
export function workerTask<F extends AnyFunction>(
  module: WorkerModule,
  exportName: string,
): TaskRef<F> {
  return task<F>(workerModule(module), exportName);
}
