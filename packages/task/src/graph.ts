/**
 * Python 3.14's `asyncio.graph`: who awaits whom, as a tree of futures and tasks, with the
 * coroutine call stack of each task where it is known.
 *
 * The "awaited by" links are found when a graph is asked for (from every task's `_futWaiter`,
 * gather's children, shield's inner future and the TaskGroups' tasks), so they cost nothing
 * while the program runs. Call stacks: the current task's is read from the JavaScript stack;
 * a suspended task's is recorded where it last awaited, in debug mode only (an Error captured
 * inside its `yield*` chain, which costs a few microseconds per await).
 * @module
 */
import {
  _getRunningLoop,
  type AbstractEventLoop,
  Future,
  isFuture,
  RuntimeError,
} from "@tsio/future";
import { GatheringFuture } from "./gather.js";
import { _tasksOf } from "./registry.js";
import { _shielded } from "./shield.js";
import { Task } from "./task.js";
import { _activeGroups } from "./taskgroup.js";

/**
 * One frame of a coroutine call stack (Python's `FrameCallGraphEntry`), as
 * {@link captureCallGraph} reports it. A plain read-only record; it throws nothing.
 *
 * @example
 * ```ts
 * function* main() {
 *   const graph = captureCallGraph();
 *   const top: FrameCallGraphEntry | undefined = graph?.callStack[0];
 *   if (top) console.log(top.name, top.location || "(unknown location)");
 * }
 * ```
 */
export interface FrameCallGraphEntry {
  /** The function (a `function*` for coroutine frames), e.g. `main` or `Worker.run`. */
  readonly name: string;
  /** Where: `file:line:column` as the JavaScript stack gives it, or "" when unknown. */
  readonly location: string;
}

/**
 * A future and what awaits it (Python's `FutureCallGraph`): what {@link captureCallGraph}
 * returns. A read-only tree; it throws nothing.
 *
 * @example
 * ```ts
 * function depth(g: FutureCallGraph): number {
 *   return 1 + Math.max(0, ...g.awaitedBy.map(depth));
 * }
 * function* main() {
 *   const graph = captureCallGraph();
 *   if (graph) console.log(depth(graph), "levels of awaiting");
 * }
 * ```
 */
export interface FutureCallGraph {
  /** The future or task. */
  readonly future: Future<unknown>;
  /** Its coroutine call stack, innermost frame first (empty when unknown or not a task). */
  readonly callStack: readonly FrameCallGraphEntry[];
  /** The futures and tasks waiting for it, each with its own graph. */
  readonly awaitedBy: readonly FutureCallGraph[];
}

/**
 * Options of {@link captureCallGraph} and {@link formatCallGraph}: Python's `depth` and
 * `limit` keyword arguments. A plain options object; it throws nothing.
 *
 * @example
 * ```ts
 * const options: CallGraphOptions = { depth: 1, limit: 5 };
 * function* main() {
 *   console.log(formatCallGraph(null, options)); // the current task, 5 frames per stack at most
 * }
 * ```
 */
export interface CallGraphOptions {
  /** Frames to skip from the top of the current task's stack, counting the caller as 1 (default 1: keep it). */
  depth?: number;
  /** At most this many frames per stack (default: all). */
  limit?: number;
}

// ---- await sites (debug mode) ----------------------------------------------------------------

interface AwaitSite {
  future: Future<unknown>;
  error: Error;
}

const awaitSites = new WeakMap<Future<unknown>, AwaitSite>();
const plainNext = Future.prototype.next;
let tracing = 0;

function tracingNext(this: Future<unknown>): IteratorResult<Future<unknown>, unknown> {
  const r = plainNext.call(this);
  if (r.done !== true) {
    const task = this._loop._currentTask;
    if (task !== null) {
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 100;
      const error = new Error("await site");
      Error.stackTraceLimit = limit;
      awaitSites.set(task, { future: this, error });
    }
  }
  return r;
}

/**
 * Debug mode on (true) or off (false), counted: while on, every blocking await records where
 * the awaiting task stopped, for call graphs and task dumps. `@tsio/loop` calls it when a
 * debug-mode loop starts and stops running.
 * @internal
 */
export function _setAwaitTracing(enabled: boolean): void {
  tracing += enabled ? 1 : -1;
  if (tracing < 0) tracing = 0;
  Future.prototype.next = (tracing > 0 ? tracingNext : plainNext) as typeof plainNext;
}

const INTERNAL =
  /^(?:(?:[\w$]+\.)?(?:tracingNext|next|throw)|captureCallGraph|formatCallGraph|printCallGraph|_currentStack|dumpTasks|stackOf|_taskStack)$/;
const BOTTOM = /^(?:Task\._stepRunAndHandleResult|Task\._step|Task\._eagerStart|new Task)$/;

/** Parses V8 stack lines into frames, from the top of the coroutine stack down to the task. */
function parseFrames(stack: string | undefined): FrameCallGraphEntry[] {
  if (stack === undefined) return [];
  const frames: FrameCallGraphEntry[] = [];
  for (const line of stack.split("\n").slice(1)) {
    const m = /^\s*at (?:async )?(.*?)(?: \((.*)\))?$/.exec(line);
    if (m === null) continue;
    let name = m[1] as string;
    let location = m[2] ?? "";
    if (m[2] === undefined && /[/\\:]/.test(name)) {
      location = name;
      name = "<anonymous>";
    }
    if (BOTTOM.test(name)) break;
    // sleep() is an iterator object, not a generator: show it as the coroutine it stands for.
    if (name === "SleepFor.next") name = "sleep";
    else if (INTERNAL.test(name) || location === "<anonymous>" || location.startsWith("node:")) {
      continue;
    }
    frames.push({ name, location });
  }
  return frames;
}

function stackOf(task: Future<unknown>): FrameCallGraphEntry[] {
  const site = awaitSites.get(task);
  if (site === undefined || (task as Task<unknown>)._futWaiter !== site.future) return [];
  return parseFrames(site.error.stack);
}

// ---- the graph ---------------------------------------------------------------------------------

/** The await edges of a loop: what each future waits for, and who waits for each future. */
export interface AwaitEdges {
  awaits: Map<Future<unknown>, Future<unknown>[]>;
  awaitedBy: Map<Future<unknown>, Future<unknown>[]>;
}

function addEdge(edges: AwaitEdges, from: Future<unknown>, to: Future<unknown>): void {
  let out = edges.awaits.get(from);
  if (out === undefined) {
    out = [];
    edges.awaits.set(from, out);
  }
  if (out.includes(to)) return;
  out.push(to);
  let inc = edges.awaitedBy.get(to);
  if (inc === undefined) {
    inc = [];
    edges.awaitedBy.set(to, inc);
  }
  inc.push(from);
}

function explore(edges: AwaitEdges, f: Future<unknown>, seen: Set<Future<unknown>>): void {
  if (seen.has(f)) return;
  seen.add(f);
  if (f instanceof GatheringFuture) {
    for (const child of f._children) {
      if (child.done()) continue;
      addEdge(edges, f, child);
      explore(edges, child, seen);
    }
  }
  const inner = _shielded.get(f);
  if (inner !== undefined && !inner.done()) {
    addEdge(edges, f, inner);
    explore(edges, inner, seen);
  }
}

/**
 * Every await edge among the pending tasks of `loop`.
 * @internal
 */
export function _awaitEdges(loop: AbstractEventLoop, tasks: Iterable<Future<unknown>>): AwaitEdges {
  const edges: AwaitEdges = { awaits: new Map(), awaitedBy: new Map() };
  const seen = new Set<Future<unknown>>();
  for (const t of tasks) {
    const w = (t as Task<unknown>)._futWaiter;
    if (w !== null && w !== undefined && !t.done()) {
      addEdge(edges, t, w);
      explore(edges, w, seen);
    }
  }
  for (const g of _activeGroups) {
    const parent = g._parentTask;
    if (parent === null || parent._loop !== loop) continue;
    for (const child of g._tasks) if (!child.done()) addEdge(edges, parent, child);
  }
  return edges;
}

function pendingTasks(loop: AbstractEventLoop): Set<Future<unknown>> {
  const tasks = new Set<Future<unknown>>(_tasksOf(loop));
  const current = loop._currentTask;
  if (current !== null) tasks.add(current);
  return tasks;
}

function build(
  future: Future<unknown>,
  edges: AwaitEdges,
  callStack: FrameCallGraphEntry[],
  limit: number,
  path: Set<Future<unknown>>,
): FutureCallGraph {
  path.add(future);
  const awaitedBy: FutureCallGraph[] = [];
  for (const parent of edges.awaitedBy.get(future) ?? []) {
    if (path.has(parent)) continue; // a cycle: show it once
    awaitedBy.push(build(parent, edges, stackOf(parent), limit, path));
  }
  path.delete(future);
  return { future, callStack: callStack.slice(0, limit), awaitedBy };
}

/**
 * asyncio.capture_call_graph (Python 3.14): the graph of what awaits `future` (default: the
 * current task), transitively, with call stacks. For the current task the stack is read now;
 * for a suspended task it is known in debug mode. Returns null when no future is given and no
 * task runs.
 *
 * @throws {RuntimeError} when no future is given and no loop runs.
 * @throws {TypeError} for something not a Future.
 * @example
 * ```ts
 * function* worker() {
 *   const g = captureCallGraph(); // this task, and who awaits it
 *   console.log(g?.awaitedBy.map((p) => String(p.future)));
 * }
 * ```
 */
export function captureCallGraph(
  future?: Future<unknown> | null,
  options?: CallGraphOptions,
): FutureCallGraph | null {
  const loop = _getRunningLoop();
  const limit = options?.limit ?? Number.POSITIVE_INFINITY;
  if (future !== undefined && future !== null) {
    if (!isFuture(future)) {
      throw new TypeError(
        `${String(future)} object does not appear to be compatible with asyncio.Future`,
      );
    }
    const fl = future._loop;
    const edges = _awaitEdges(fl, pendingTasks(fl));
    const stack =
      loop !== null && future === loop._currentTask ? _currentStack(options) : stackOf(future);
    return build(future, edges, stack, limit, new Set());
  }
  if (loop === null) {
    throw new RuntimeError(
      "captureCallGraph() is called outside of a running event loop and no future to introspect " +
        "was provided: pass the task to look at",
    );
  }
  const current = loop._currentTask;
  if (current === null) return null;
  return build(
    current,
    _awaitEdges(loop, pendingTasks(loop)),
    _currentStack(options),
    limit,
    new Set(),
  );
}

/** The current task's call stack, read now, innermost frame first. @internal */
export function _currentStack(options?: CallGraphOptions): FrameCallGraphEntry[] {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 100;
  const error = new Error("call graph");
  Error.stackTraceLimit = limit;
  const frames = parseFrames(error.stack);
  return frames.slice(Math.max(0, (options?.depth ?? 1) - 1));
}

const ids = new WeakMap<object, number>();
let nextId = 1;

/** A stable small id for an object, for dumps (Python prints `id()`). @internal */
export function _idOf(obj: object): string {
  let id = ids.get(obj);
  if (id === undefined) {
    id = nextId++;
    ids.set(obj, id);
  }
  return `0x${id.toString(16)}`;
}

/** How a future is named in graphs: `Task(name='Task-1', id=0x1)` or `Future(id=0x2)`. @internal */
export function _describeNode(f: Future<unknown>): string {
  if (f instanceof Task) return `Task(name='${f.getName()}', id=${_idOf(f)})`;
  const kind =
    f instanceof GatheringFuture ? "gather" : _shielded.has(f) ? "shield" : f.constructor.name;
  return `${kind === "Future" ? "Future" : `Future:${kind}`}(id=${_idOf(f)})`;
}

/**
 * Renders a call graph as Python 3.14's `format_call_graph` does.
 * @example
 * ```ts
 * const g = captureCallGraph(task);
 * if (g) console.log(renderCallGraph(g));
 * ```
 */
export function renderCallGraph(graph: FutureCallGraph): string {
  const buf: string[] = [];
  const render = (st: FutureCallGraph, level: number): void => {
    const add = (line: string): void => {
      buf.push("    ".repeat(level) + line);
    };
    add(`* ${_describeNode(st.future)}`);
    if (st.callStack.length > 0) {
      add("  + Call stack:");
      for (const f of st.callStack)
        add(`  |   ${f.location ? `at ${f.location}, ` : ""}in ${f.name}()`);
    }
    if (st.awaitedBy.length > 0) {
      add("  + Awaited by:");
      for (const parent of st.awaitedBy) render(parent, level + 1);
    }
  };
  render(graph, 0);
  return buf.join("\n");
}

/**
 * asyncio.format_call_graph (Python 3.14): the call graph of `future` (default: the current
 * task) as text, or "" when there is none.
 * @example
 * ```ts
 * function* worker() { console.log(formatCallGraph()); }
 * ```
 */
export function formatCallGraph(
  future?: Future<unknown> | null,
  options?: CallGraphOptions,
): string {
  const graph = captureCallGraph(future, options);
  return graph === null ? "" : renderCallGraph(graph);
}

/**
 * asyncio.print_call_graph (Python 3.14): prints the call graph of `future` (default: the
 * current task) to stdout, or through `write`.
 * @example
 * ```ts
 * function* worker() {
 *   printCallGraph(); // * Task(name='worker', id=0x3) ... + Awaited by: * Task(name='Task-1', ...)
 * }
 * ```
 */
export function printCallGraph(
  future?: Future<unknown> | null,
  options?: CallGraphOptions & { write?: (text: string) => void },
): void {
  const text = formatCallGraph(future, options);
  if (text === "") return;
  const write = options?.write ?? ((t: string) => process.stdout.write(t));
  write(`${text}\n`);
}

/** The recorded call stack of a suspended task (debug mode), innermost frame first. @internal */
export function _taskStack(task: Future<unknown>): FrameCallGraphEntry[] {
  return stackOf(task);
}
