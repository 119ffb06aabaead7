/**
 * Call graphs (Python 3.14's asyncio.graph) and task dumps (`python -m asyncio pstree/ps`).
 * Shapes follow Lib/test/test_asyncio/test_graph.py: which task awaits which, through gather,
 * TaskGroup and shield.
 */
import { type Coroutine, type Future, RuntimeError } from "@tsio/future";
import {
  _setAwaitTracing,
  captureCallGraph,
  createTask,
  dumpTasks,
  type FutureCallGraph,
  formatCallGraph,
  gather,
  installTaskDump,
  printCallGraph,
  shield,
  sleep,
  type Task,
  taskGroup,
} from "@tsio/task";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { runTest, thrown } from "./run-test.js";

/** The graph as nested names: [name, [awaitedBy...]]. */
type Shape = [string, Shape[]];
function shape(g: FutureCallGraph): Shape {
  const f = g.future as Future<unknown> & { getName?: () => string };
  return [f.getName ? f.getName() : f.constructor.name, g.awaitedBy.map(shape)];
}

describe("captureCallGraph", () => {
  test("the current task, awaited by a task through gather, awaited by main", () =>
    runTest(function* () {
      let graph: FutureCallGraph | null = null;
      function* deep(): Coroutine<void> {
        yield* sleep(0);
        graph = captureCallGraph();
      }
      function* c1(): Coroutine<void> {
        yield* taskGroup(function* (tg) {
          tg.createTask(deep(), { name: "deep" });
        });
      }
      function* main(): Coroutine<void> {
        yield* gather(createTask(c1(), { name: "c1" }));
      }
      yield* createTask(main(), { name: "main" });
      const g = graph as FutureCallGraph | null;
      expect(g).not.toBeNull();
      expect(shape(g as FutureCallGraph)).toEqual([
        "deep",
        [["c1", [["GatheringFuture", [["main", [["Task-1", []]]]]]]]],
      ]);
      // The current task's own stack is read from the JavaScript stack, innermost first.
      expect(g?.callStack[0]?.name).toBe("deep");
    }));

  test("a suspended task: awaited by the tasks waiting for it, through shield", () =>
    runTest(function* () {
      const inner = createTask(sleep(10), { name: "inner" });
      const a = createTask(
        (function* () {
          yield* shield(inner);
        })(),
        { name: "a" },
      );
      const b = createTask(
        (function* () {
          yield* inner;
        })(),
        { name: "b" },
      );
      yield* sleep(0);
      const g = captureCallGraph(inner) as FutureCallGraph;
      expect(g.callStack).toEqual([]); // not in debug mode
      const byName = new Map(g.awaitedBy.map((p) => [shape(p)[0], p]));
      expect([...byName.keys()].sort()).toEqual(["Future", "b"]);
      expect(shape(byName.get("Future") as FutureCallGraph)).toEqual(["Future", [["a", []]]]);
      a.cancel();
      b.cancel();
      inner.cancel();
    }));

  test("null outside a task; RuntimeError outside a loop; TypeError for a non-future", () =>
    runTest(function* (loop) {
      const done = loop.createFuture<unknown>();
      loop.callSoon(() => done.setResult(captureCallGraph()));
      expect(yield* done).toBeNull();
      expect(() => captureCallGraph({} as Future<unknown>)).toThrow(TypeError);
    }).then(() => {
      expect(thrown(() => captureCallGraph())).toBeInstanceOf(RuntimeError);
    }));

  test("formatCallGraph / printCallGraph render Python's layout", () =>
    runTest(function* () {
      let text = "";
      let printed = "";
      function* child(): Coroutine<void> {
        text = formatCallGraph();
        printCallGraph(null, { write: (t) => (printed += t) });
        yield* sleep(0);
      }
      function* parent(): Coroutine<void> {
        yield* createTask(child(), { name: "child" });
      }
      yield* createTask(parent(), { name: "parent" });
      const lines = text.split("\n");
      expect(lines[0]).toMatch(/^\* Task\(name='child', id=0x[0-9a-f]+\)$/);
      expect(lines[1]).toBe("  + Call stack:");
      expect(lines[2]).toMatch(/^ {2}\| {3}at .*graph\.test\.ts:\d+:\d+, in child\(\)$/);
      expect(lines).toContain("  + Awaited by:");
      expect(lines.some((l) => /^ {4}\* Task\(name='parent', id=0x[0-9a-f]+\)$/.test(l))).toBe(
        true,
      );
      // Same layout (the call sites differ by a line).
      expect(printed.replace(/:\d+:\d+/g, "")).toBe(`${text.replace(/:\d+:\d+/g, "")}\n`);
    }));
});

describe("dumpTasks", () => {
  function* scene(): Coroutine<Task<unknown>[]> {
    const worker = createTask(
      (function* () {
        yield* gather(sleep(10), sleep(20));
      })(),
      { name: "worker" },
    );
    const idle = createTask(sleep(30), { name: "idle" });
    yield* sleep(0);
    yield* sleep(0);
    return [worker, idle];
  }

  test("tree: roots are the tasks nobody awaits; children hang under their awaiter", () =>
    runTest(function* () {
      const tasks = yield* scene();
      const text = dumpTasks();
      const lines = text.split("\n");
      expect(lines[0]).toMatch(/^├── \(T\) Task-\d+$/); // the test's own task, running now
      expect(text).toMatch(
        /├── \(T\) worker\n│ {3}└── Future:gather\(id=0x[0-9a-f]+\) <GatheringFuture pending/,
      );
      expect(text).toMatch(/│ {7}├── \(T\) Task-\d+\n│ {7}│ {3}└── Future\(id=/);
      expect(text).toMatch(/└── \(T\) idle\n {4}└── Future\(id=0x[0-9a-f]+\) <Future pending/);
      for (const t of tasks) t.cancel();
    }));

  test("table: one line per awaiter", () =>
    runTest(function* () {
      const tasks = yield* scene();
      const rows = dumpTasks({ format: "table" }).split("\n");
      expect(rows[0]).toMatch(
        /^task id +task name +coroutine stack +awaiter chain +awaiter name +awaiter id$/,
      );
      expect(rows[1]).toMatch(/^-+$/);
      const gathered = rows.filter((r) => /^0x[0-9a-f]+ +Task-\d+ +worker +0x[0-9a-f]+$/.test(r));
      expect(gathered).toHaveLength(2); // the two sleeps, awaited by worker through gather
      expect(rows.some((r) => /^0x[0-9a-f]+ +idle +0x0$/.test(r))).toBe(true);
      for (const t of tasks) t.cancel();
    }));

  test("outside a loop it says so; installTaskDump prints on the signal", () =>
    runTest(function* () {
      const tasks = yield* scene();
      let out = "";
      const uninstall = installTaskDump({ signal: "SIGUSR2", write: (t) => (out += t) });
      process.emit("SIGUSR2", "SIGUSR2");
      uninstall();
      expect(out).toMatch(/^tsio task dump \(pid \d+, .*\)\n/);
      expect(out).toMatch(/\(T\) worker/);
      process.emit("SIGUSR2", "SIGUSR2"); // removed: nothing more
      expect(out.match(/tsio task dump/g)).toHaveLength(1);
      for (const t of tasks) t.cancel();
    }).then(() => {
      expect(dumpTasks()).toMatch(/^no running event loop/);
    }));
});

describe("with await sites recorded (debug mode)", () => {
  beforeEach(() => _setAwaitTracing(true));
  afterEach(() => _setAwaitTracing(false));

  test("a suspended task's stack, innermost frame first; sleep shows as sleep", () =>
    runTest(function* () {
      function* leaf(): Coroutine<void> {
        yield* sleep(10);
      }
      function* middle(): Coroutine<void> {
        yield* leaf();
      }
      const t = createTask(middle(), { name: "t" });
      yield* sleep(0);
      const g = captureCallGraph(t) as FutureCallGraph;
      expect(g.callStack.map((f) => f.name)).toEqual(["sleep", "leaf", "middle"]);
      expect(g.callStack[1]?.location).toMatch(/graph\.test\.ts:\d+:\d+$/);
      const tree = dumpTasks();
      expect(tree).toMatch(
        /\(T\) t\n.*└── {2}middle .*\n.*└── {2}leaf .*\n.*└── {2}sleep .*\n.*└── Future\(id=/,
      );
      t.cancel();
    }));
});
