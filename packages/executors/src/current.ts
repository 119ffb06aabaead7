import { isMainThread, workerData } from "node:worker_threads";

/**
 * The name of the executor worker this code runs in (`ThreadPoolExecutor-0_1`, `io_0`,
 * `ProcessPoolExecutor_2`), or `"MainThread"` outside any worker: Python's
 * `threading.current_thread().name` for pool threads.
 *
 * @example
 * ```ts
 * // work.ts, run with task(new URL("./work.js", import.meta.url), "whoAmI")
 * export function whoAmI() { return currentThreadName(); }
 * ```
 */
export function currentThreadName(): string {
  if (!isMainThread) {
    const name = (workerData as { name?: unknown } | null)?.name;
    if (typeof name === "string") return name;
  }
  return process.env.TSIO_WORKER_NAME ?? "MainThread";
}
