import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TaskRef } from "../src/index.js";
import {
  type Future,
  ProcessPoolExecutor,
  type ProcessPoolExecutorOptions,
  ThreadPoolExecutor,
  type ThreadPoolExecutorOptions,
} from "../src/index.js";
import { latch, work } from "./helpers.js";

/**
 * What the shared executor tests need from a kind of pool: make one, and block a call until the
 * test releases it (a shared-memory latch for threads, a file for processes), so that tests say
 * "this call is still running" without sleeping.
 */
export interface Kind {
  name: string;
  make(
    options?: ThreadPoolExecutorOptions & ProcessPoolExecutorOptions,
  ): ThreadPoolExecutor | ProcessPoolExecutor;
  /** Submits a call that returns `value` once `release()` is called. */
  blocked<T>(pool: ThreadPoolExecutor | ProcessPoolExecutor, value: T): Future<T>;
  release(): void;
  /** The task that blocks on a gate: `waitTask(gate, value)` returns value once the gate opens. */
  waitTask: TaskRef<(gate: unknown, value: unknown) => unknown>;
  /** A gate argument for waitTask, open or closed (closed ones open at cleanup). */
  gate(open: boolean): unknown;
  cleanup(): void;
}

export function threadKind(): Kind {
  let l = latch();
  const closed: ReturnType<typeof latch>[] = [];
  return {
    name: "ThreadPoolExecutor",
    make: (options) => new ThreadPoolExecutor({ maxWorkers: 5, ...options }),
    blocked: (pool, value) =>
      pool.submit(
        work<(l: Int32Array, v: typeof value) => typeof value>("waitLatch"),
        l.cells,
        value,
      ),
    release: () => {
      l.open();
      l = latch();
    },
    waitTask: work("waitLatch"),
    gate(open) {
      const g = latch();
      if (open) g.open();
      else closed.push(g);
      return g.cells;
    },
    cleanup: () => {
      l.open();
      for (const g of closed) g.open();
    },
  };
}

export function processKind(): Kind {
  const dir = mkdtempSync(join(tmpdir(), "tsio-executors-"));
  let n = 0;
  let path = join(dir, String(n));
  let gates = 0;
  const closed: string[] = [];
  return {
    name: "ProcessPoolExecutor",
    make: (options) => new ProcessPoolExecutor({ maxWorkers: 5, ...options }),
    blocked: (pool, value) =>
      pool.submit(work<(p: string, v: typeof value) => typeof value>("waitFile"), path, value),
    release: () => {
      writeFileSync(path, "");
      path = join(dir, String(++n));
    },
    waitTask: work("waitFile"),
    gate(open) {
      const p = join(dir, `gate-${gates++}`);
      if (open) writeFileSync(p, "");
      else closed.push(p);
      return p;
    },
    cleanup: () => {
      writeFileSync(path, "");
      for (const p of closed) writeFileSync(p, "");
      setTimeout(() => rmSync(dir, { recursive: true, force: true }), 2000).unref();
    },
  };
}
