/**
 * A picture of every task of a running program and what each awaits: what Python 3.14's
 * `python -m asyncio pstree PID` (a tree) and `ps PID` (a table) show, from inside the process,
 * on demand or on a signal.
 * @module
 */
import { _getRunningLoop, type AbstractEventLoop, type Future } from "@tsio/future";
import {
  _awaitEdges,
  _currentStack,
  _describeNode,
  _idOf,
  _taskStack,
  type AwaitEdges,
  type FrameCallGraphEntry,
} from "./graph.js";
import { _tasksOf } from "./registry.js";
import { Task } from "./task.js";

/**
 * Options of {@link dumpTasks}: which loop, and a tree or a table. dumpTasks throws
 * RuntimeError when no loop is given and none is running.
 *
 * @example
 * ```ts
 * const options: DumpTasksOptions = { format: "table" };
 * function* main() {
 *   console.log(dumpTasks(options)); // one line per await
 * }
 * ```
 */
export interface DumpTasksOptions {
  /** The loop whose tasks to show (default: the running loop). */
  loop?: AbstractEventLoop;
  /** "tree" (pstree: who awaits whom, default) or "table" (ps: one line per await). */
  format?: "tree" | "table";
}

function frameLabel(f: FrameCallGraphEntry): string {
  return f.location ? `${f.name} ${f.location}` : f.name;
}

function leafLabel(f: Future<unknown>): string {
  return f instanceof Task ? `(T) ${f.getName()}` : `${_describeNode(f)} ${String(f)}`;
}

type Stacks = (t: Future<unknown>) => FrameCallGraphEntry[];

function tree(tasks: Future<unknown>[], edges: AwaitEdges, stackOf: Stacks): string {
  const lines: string[] = [];
  const onPath = new Set<Future<unknown>>();
  const render = (
    label: string,
    prefix: string,
    last: boolean,
    expand: ((prefix: string) => void) | null,
  ): void => {
    lines.push(`${prefix}${last ? "└── " : "├── "}${label}`);
    if (expand !== null) expand(prefix + (last ? "    " : "│   "));
  };
  const renderFuture = (f: Future<unknown>, prefix: string, last: boolean): void => {
    if (onPath.has(f)) {
      render(`${leafLabel(f)} (cycle)`, prefix, last, null);
      return;
    }
    const children = edges.awaits.get(f) ?? [];
    const stack = f instanceof Task ? [...stackOf(f)].reverse() : [];
    render(leafLabel(f), prefix, last, (p) => {
      onPath.add(f);
      // The coroutine frames, outermost first, then what the innermost one awaits.
      const renderFrames = (i: number, fp: string): void => {
        if (i === stack.length) {
          children.forEach((c, k) => {
            renderFuture(c, fp, k === children.length - 1);
          });
          return;
        }
        render(` ${frameLabel(stack[i] as FrameCallGraphEntry)}`, fp, true, (np) =>
          renderFrames(i + 1, np),
        );
      };
      renderFrames(0, p);
      onPath.delete(f);
    });
  };
  // Roots: the tasks no other pending task awaits (directly or through gather/shield).
  const roots = tasks.filter((t) => !isAwaitedByATask(t, edges));
  const shown = roots.length > 0 ? roots : tasks;
  shown.forEach((t, i) => {
    renderFuture(t, "", i === shown.length - 1);
  });
  return lines.join("\n");
}

function isAwaitedByATask(
  f: Future<unknown>,
  edges: AwaitEdges,
  seen = new Set<Future<unknown>>(),
): boolean {
  if (seen.has(f)) return false;
  seen.add(f);
  for (const parent of edges.awaitedBy.get(f) ?? []) {
    if (parent instanceof Task || isAwaitedByATask(parent, edges, seen)) return true;
  }
  return false;
}

/** The tasks that await `f`, through gather and shield futures. */
function awaitingTasks(
  f: Future<unknown>,
  edges: AwaitEdges,
  seen = new Set<Future<unknown>>(),
): Task<unknown>[] {
  const out: Task<unknown>[] = [];
  for (const parent of edges.awaitedBy.get(f) ?? []) {
    if (seen.has(parent)) continue;
    seen.add(parent);
    if (parent instanceof Task) out.push(parent);
    else out.push(...awaitingTasks(parent, edges, seen));
  }
  return out;
}

function table(tasks: Future<unknown>[], edges: AwaitEdges, stackOf: Stacks): string {
  const rows: string[][] = [
    ["task id", "task name", "coroutine stack", "awaiter chain", "awaiter name", "awaiter id"],
  ];
  const chain = (t: Future<unknown>): string =>
    stackOf(t)
      .map((f) => f.name)
      .join(" -> ");
  for (const t of tasks) {
    const name = t instanceof Task ? t.getName() : String(t);
    const awaiters = awaitingTasks(t, edges);
    if (awaiters.length === 0) rows.push([_idOf(t), name, chain(t), "", "", "0x0"]);
    for (const a of awaiters)
      rows.push([_idOf(t), name, chain(t), chain(a), a.getName(), _idOf(a)]);
  }
  const widths =
    rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] as string).length))) ?? [];
  const fmt = (r: string[]): string =>
    r
      .map((cell, c) => cell.padEnd(widths[c] as number))
      .join("  ")
      .trimEnd();
  const header = fmt(rows[0] as string[]);
  return [header, "-".repeat(header.length), ...rows.slice(1).map(fmt)].join("\n");
}

/**
 * Every pending task of a loop and what each awaits, as text: a tree of who awaits whom (Python
 * 3.14's `python -m asyncio pstree`) or a table (`ps`). Coroutine call stacks appear in debug
 * mode (`run(main(), { debug: true })` or TSIO_DEBUG=1); otherwise the tree shows tasks and the
 * futures they wait on.
 *
 * @throws {RuntimeError} when no loop is given and none runs.
 * @example
 * ```ts
 * function* main() {
 *   createTask(worker(), { name: "worker" });
 *   yield* sleep(0.1);
 *   console.log(dumpTasks());
 *   // └── (T) Task-1
 *   //     └── (T) worker ...
 * }
 * ```
 */
export function dumpTasks(options?: DumpTasksOptions): string {
  const loop = options?.loop ?? _getRunningLoop();
  if (loop === null || loop === undefined) {
    return "no running event loop: pass { loop } to dumpTasks()";
  }
  const tasks: Future<unknown>[] = [..._tasksOf(loop)];
  const current = loop._currentTask;
  if (current !== null && !tasks.includes(current)) tasks.unshift(current);
  if (tasks.length === 0) return "no pending tasks";
  const edges = _awaitEdges(loop, tasks);
  // The running task's stack is read here, before this module's own frames pile up.
  const currentStack = current !== null ? _currentStack() : [];
  const stackOf: Stacks = (t) => (t === current ? currentStack : _taskStack(t));
  return options?.format === "table" ? table(tasks, edges, stackOf) : tree(tasks, edges, stackOf);
}

/**
 * Options of {@link installTaskDump}: those of dumpTasks, plus the signal to listen to and
 * where to write (default: stderr). A plain options object; it throws nothing itself.
 *
 * @example
 * ```ts
 * const options: InstallTaskDumpOptions = { signal: "SIGUSR1", write: (t) => console.log(t) };
 * function* main() {
 *   const remove = installTaskDump(options);
 *   try { yield* sleep(3600); } finally { remove(); }
 * }
 * ```
 */
export interface InstallTaskDumpOptions extends DumpTasksOptions {
  /** The signal to listen to (default "SIGUSR2"). */
  signal?: NodeJS.Signals;
  /** Where to write the dump (default: stderr). */
  write?: (text: string) => void;
}

/**
 * Prints {@link dumpTasks} whenever the process receives a signal (default SIGUSR2): run
 * `kill -USR2 <pid>` to see what a running program is waiting for. Returns a function that
 * removes the handler. Node's event loop delivers the signal between two batches of the
 * asyncio loop, so the dump sees every task at an await point.
 *
 * @example
 * ```ts
 * const uninstall = installTaskDump(); // kill -USR2 <pid>
 * await run(main(), { debug: true });   // debug mode adds coroutine stacks
 * uninstall();
 * ```
 */
export function installTaskDump(options?: InstallTaskDumpOptions): () => void {
  const signal = options?.signal ?? "SIGUSR2";
  const write = options?.write ?? ((text: string) => process.stderr.write(text));
  const listener = (): void => {
    const header = `tsio task dump (pid ${process.pid}, ${new Date().toISOString()})`;
    write(`${header}\n${dumpTasks(options)}\n`);
  };
  process.on(signal, listener);
  return () => {
    process.off(signal, listener);
  };
}
