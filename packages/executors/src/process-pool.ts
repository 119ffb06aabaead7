import { type ChildProcess, fork } from "node:child_process";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { deserialize, serialize } from "node:v8";
import type { Callable } from "./callable.js";
import { BrokenProcessPool, ValueError } from "./errors.js";
import { newHandle, poolSettings, type WorkerHandle, WorkerPoolExecutor } from "./pool.js";
import { inheritableExecArgv, WORKER_URL } from "./worker-url.js";

/**
 * Options of `ProcessPoolExecutor`.
 *
 * @example
 * ```ts
 * new ProcessPoolExecutor({ maxWorkers: 2, maxTasksPerChild: 100, initializer: task(url, "setup") });
 * ```
 */
export interface ProcessPoolExecutorOptions {
  /** The most child processes (default `availableParallelism()`). Started on demand, reused. */
  maxWorkers?: number;
  /** Runs in each child before its first call; if it throws, the pool breaks. */
  initializer?: Callable;
  /** The initializer's arguments (serialized to each child). */
  initargs?: readonly unknown[];
  /** A child exits after this many calls and a fresh one replaces it (default: never). */
  maxTasksPerChild?: number | null;
  /** Node options of the children (default: the process's `execArgv`). */
  execArgv?: string[];
  /** The children's environment (default: the process's). */
  env?: NodeJS.ProcessEnv;
}

/** Calls handed to a child ahead: one running, one waiting (Python's call queue holds max_workers + 1). */
const PROCESS_DEPTH = 2;

/**
 * `concurrent.futures.ProcessPoolExecutor` on child processes (`child_process.fork` of the
 * package's worker script, with the "advanced" serialization: structured clone, so BigInt, Map,
 * Set, Date and typed arrays cross). For CPU-bound work that must not share a V8 heap with the
 * main process, or code that may crash.
 *
 * A call handed to a child is RUNNING and can no longer be cancelled; at most two calls per child
 * are handed ahead. A child that dies (killed, crashed, exited) breaks the pool: every pending
 * future fails with `BrokenProcessPool` and `submit` throws.
 *
 * @throws {ValueError} if maxWorkers <= 0 or maxTasksPerChild < 1.
 * @example
 * ```ts
 * await using pool = new ProcessPoolExecutor({ maxWorkers: 2 });
 * const sum = await pool.submit((n: number) => {
 *   let s = 0n;
 *   for (let i = 0n; i < BigInt(n); i++) s += i * i;
 *   return s;
 * }, 10 ** 7);
 * console.log(sum); // 333333283333335000000n
 * ```
 */
export class ProcessPoolExecutor extends WorkerPoolExecutor {
  private readonly _options: ProcessPoolExecutorOptions;

  constructor(options: ProcessPoolExecutorOptions = {}) {
    const { maxWorkers, init } = poolSettings(
      options.maxWorkers ?? availableParallelism(),
      options.initializer,
      options.initargs ?? [],
      checkSerializable,
    );
    const maxTasks = options.maxTasksPerChild ?? null;
    if (maxTasks !== null && !(Number.isInteger(maxTasks) && maxTasks >= 1)) {
      throw new ValueError("max_tasks_per_child must be >= 1");
    }
    super({
      maxWorkers,
      namePrefix: "ProcessPoolExecutor",
      depth: PROCESS_DEPTH,
      useCells: false,
      maxTasksPerWorker: maxTasks,
      init,
    });
    this._options = options;
  }

  /** @internal */
  protected _start(name: string): WorkerHandle {
    const child: ChildProcess = fork(fileURLToPath(WORKER_URL), [], {
      serialization: "advanced",
      stdio: "inherit",
      execArgv: this._options.execArgv ?? inheritableExecArgv(),
      env: { ...(this._options.env ?? process.env), TSIO_WORKER_NAME: name },
    });
    child.send({ init: this._settings.init });
    const h: WorkerHandle = {
      ...newHandle(name, null, PROCESS_DEPTH),
      post: (message) => {
        child.send(message as never);
      },
      stop: () => {
        child.kill();
      },
      ref: () => {
        child.ref();
        (child.channel as { ref?: () => void } | undefined)?.ref?.();
      },
      unref: () => {
        child.unref();
        (child.channel as { unref?: () => void } | undefined)?.unref?.();
      },
    };
    child.on("message", (message) => this._onMessage(h, message));
    child.on("error", (err) => {
      h.cause ??= err;
    });
    child.on("exit", (code, signal) => this._onExit(h, code, signal));
    return h;
  }

  /** @internal */
  protected _checkClone(value: unknown): void {
    checkSerializable(value);
  }

  /** @internal */
  protected _brokenError(message: string, cause: unknown): BrokenProcessPool {
    return new BrokenProcessPool(message, cause === undefined ? undefined : { cause });
  }

  /** @internal */
  protected _exitMessage(code: number | null, signal: string | null): string {
    const how = signal !== null ? `killed by ${signal}` : `exit code ${code}`;
    return `A child process terminated abruptly (${how}), the process pool is not usable anymore`;
  }

  /** @internal */
  protected _initFailedMessage(): string {
    return "A child process initializer failed, the process pool is not usable anymore";
  }
}

/** What the "advanced" IPC serialization does: v8.serialize (and back, for host objects). */
function checkSerializable(value: unknown): void {
  deserialize(serialize(value));
}
