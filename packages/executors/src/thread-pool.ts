import { availableParallelism } from "node:os";
import { type ResourceLimits, Worker } from "node:worker_threads";
import type { Callable } from "./callable.js";
import { BrokenThreadPool } from "./errors.js";
import { newHandle, poolSettings, type WorkerHandle, WorkerPoolExecutor } from "./pool.js";
import { inheritableExecArgv, WORKER_URL } from "./worker-url.js";

/**
 * Options of `ThreadPoolExecutor`.
 *
 * @example
 * ```ts
 * new ThreadPoolExecutor({ maxWorkers: 8, threadNamePrefix: "io", resourceLimits: { maxOldGenerationSizeMb: 256 } });
 * ```
 */
export interface ThreadPoolExecutorOptions {
  /**
   * The most worker threads (default `min(32, availableParallelism() + 4)`, Python's formula).
   * They start on demand, one per call while none is idle, and are reused.
   */
  maxWorkers?: number;
  /** Names the threads `<prefix>_<n>` (default `ThreadPoolExecutor-<k>`). */
  threadNamePrefix?: string;
  /** Runs in each worker before its first call; if it throws, the pool breaks. */
  initializer?: Callable;
  /** The initializer's arguments (structured-cloned to each worker). */
  initargs?: readonly unknown[];
  /** Each worker's memory limits (a worker that exceeds them dies and breaks the pool). */
  resourceLimits?: ResourceLimits;
  /** Node options of the workers (default: the process's `execArgv`). */
  execArgv?: string[];
}

let cachedExecArgv: string[] | undefined;

/** The parent's Node options that workers accept (undefined: inherit them all, Node's default). */
function workerExecArgv(): string[] | undefined {
  if (cachedExecArgv !== undefined) return cachedExecArgv;
  const inheritable = inheritableExecArgv();
  return inheritable.length === process.execArgv.length ? undefined : inheritable;
}

/** How many calls a worker thread is handed ahead (see pool.ts). */
const THREAD_DEPTH = 32;
let poolCounter = 0;

/**
 * `concurrent.futures.ThreadPoolExecutor` on Node's worker_threads. Calls run in worker threads,
 * one at a time per worker, in submission order; the main thread stays free.
 *
 * Unlike Python's threads, workers share no memory with the main thread: the function runs from
 * its source text or is imported from a module (`task()`), and arguments and results are
 * structured-cloned. A worker that dies (process.exit, an uncaught error outside a call, out of
 * memory) breaks the pool: its pending futures fail with `BrokenThreadPool` and `submit` throws.
 *
 * Idle workers do not keep the process alive; running calls do.
 *
 * @throws {ValueError} if maxWorkers <= 0.
 * @example
 * ```ts
 * await using pool = new ThreadPoolExecutor({ maxWorkers: 4, threadNamePrefix: "io" });
 * const fut = pool.submit(async (path: string) => {
 *   const { readFile } = await import("node:fs/promises");
 *   return (await readFile(path)).subarray(0, 100);
 * }, "/dev/urandom");
 * console.log(await fut);
 * ```
 */
export class ThreadPoolExecutor extends WorkerPoolExecutor {
  private readonly _options: ThreadPoolExecutorOptions;

  constructor(options: ThreadPoolExecutorOptions = {}) {
    const { maxWorkers, init } = poolSettings(
      options.maxWorkers ?? Math.min(32, availableParallelism() + 4),
      options.initializer,
      options.initargs ?? [],
      structuredClone,
    );
    super({
      maxWorkers,
      namePrefix: options.threadNamePrefix || `ThreadPoolExecutor-${poolCounter++}`,
      depth: THREAD_DEPTH,
      useCells: true,
      maxTasksPerWorker: null,
      init,
    });
    this._options = options;
  }

  /** @internal */
  protected _start(name: string, cells: Int32Array | null): WorkerHandle {
    const options = {
      name,
      workerData: { cells, init: this._settings.init, name },
      resourceLimits: this._options.resourceLimits,
      execArgv: this._options.execArgv ?? workerExecArgv(),
    };
    let worker: Worker;
    try {
      worker = new Worker(WORKER_URL, options);
    } catch (e) {
      // Inherited process-wide flags (--expose-gc, --title, V8 flags) are refused in workers:
      // drop those the error names and remember.
      if (
        this._options.execArgv !== undefined ||
        (e as { code?: string }).code !== "ERR_WORKER_INVALID_EXEC_ARGV"
      ) {
        throw e;
      }
      const refused = new Set(
        String((e as Error).message)
          .split(": ")
          .pop()
          ?.split(",")
          .map((f) => f.trim()),
      );
      cachedExecArgv = (options.execArgv ?? []).filter(
        (a) => !refused.has(a) && !refused.has(a.split("=")[0] as string),
      );
      worker = new Worker(WORKER_URL, { ...options, execArgv: cachedExecArgv });
    }
    const h: WorkerHandle = {
      ...newHandle(name, cells, THREAD_DEPTH),
      post: (message) => worker.postMessage(message),
      stop: () => {
        worker.terminate().catch(() => {});
      },
      ref: () => worker.ref(),
      unref: () => worker.unref(),
    };
    worker.on("message", (message) => this._onMessage(h, message));
    worker.on("error", (err) => {
      h.cause ??= err;
    });
    worker.on("exit", (code) => this._onExit(h, code, null));
    return h;
  }

  /** @internal */
  protected _checkClone(value: unknown): void {
    structuredClone(value);
  }

  /** @internal */
  protected _brokenError(message: string, cause: unknown): BrokenThreadPool {
    return new BrokenThreadPool(message, cause === undefined ? undefined : { cause });
  }

  /** @internal */
  protected _exitMessage(code: number | null): string {
    return `A worker thread exited unexpectedly (exit code ${code}), the thread pool is not usable anymore`;
  }

  /** @internal */
  protected _initFailedMessage(): string {
    return "A thread initializer failed, the thread pool is not usable anymore";
  }
}
