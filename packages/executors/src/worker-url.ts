/**
 * Where the worker program is: `worker.js` beside this module, in `src/` (tests run the sources)
 * and in `dist/` (tsup copies it there as its own entry).
 * @internal
 * @module
 */
export const WORKER_URL = new URL("./worker.js", import.meta.url);
