import { type AnyFunction, type Callable, type Future, ThreadPoolExecutor } from "@tsio/executors";
import { PY_REPR } from "./pyrepr.js";

let counter = 0;

/**
 * Python's `threading.Thread(target=..., args=...)` for the seeds that use one: the target runs
 * in a worker thread (a one-worker ThreadPoolExecutor of @tsio/executors), so it must be
 * self-contained or a `task(module, name)` reference. Its repr is Python's:
 * `<Thread(Thread-1 (spin), initial)>`.
 */
export class Thread<F extends AnyFunction> {
  readonly name: string;
  private pool: ThreadPoolExecutor | null = null;
  private future: Future<Awaited<ReturnType<F>>> | null = null;
  private stopped = false;

  /**
   * @example
   * ```ts
   * const t = new Thread({ target: task(url, "spin"), args: ["thinking!", signal] });
   * t.start();
   * await t.join();
   * ```
   */
  constructor(
    private readonly options: { target: Callable<F> & { name: string }; args: Parameters<F> },
  ) {
    counter += 1;
    this.name = `Thread-${counter} (${options.target.name})`;
  }

  /**
   * Starts the target in its thread and waits until the thread runs it, as Python's `start()`
   * waits for the new thread to signal that it started (so that code after it may block).
   */
  async start(): Promise<void> {
    if (this.pool !== null) throw new Error("threads can only be started once");
    this.pool = new ThreadPoolExecutor({ maxWorkers: 1, threadNamePrefix: this.name });
    const future = this.pool.submit(this.options.target, ...this.options.args);
    this.future = future;
    while (!future.running() && !future.done()) {
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }

  /** Waits for the target to return (Python's `join()`), and gives back what it returned. */
  async join(): Promise<Awaited<ReturnType<F>>> {
    if (this.pool === null || this.future === null) {
      throw new Error("cannot join thread before it is started");
    }
    try {
      return await this.future;
    } finally {
      this.stopped = true;
      await this.pool.shutdown();
    }
  }

  /** `<Thread(Thread-1 (spin), initial)>`, `started`, or `stopped`. */
  [PY_REPR](): string {
    const state = this.stopped ? "stopped" : this.pool === null ? "initial" : "started";
    return `<Thread(${this.name}, ${state})>`;
  }
}
