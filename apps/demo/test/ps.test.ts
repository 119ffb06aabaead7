import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ps from "../src/queues/ps.js";
import { setTimeScale } from "../src/scale.js";
import { runExample } from "./helpers.js";

// The snapshot is taken at a fixed point of the schedule (timers decide it): the queue is full,
// the producer waits in put(), both consumers sleep over an item, main waits in gather.

beforeAll(() => setTimeScale(0.25));
afterAll(() => setTimeScale(undefined));

describe("ps: the task tree of a running producer/consumer", () => {
  it("pstree, ps and the producer's call graph, with coroutine frames (debug mode)", async () => {
    const out = await runExample(ps);
    expect(out.errors).toEqual([]);
    const text = out.text;
    const lines = out.lines();
    expect(lines[0]).toBe("pstree (dumpTasks()):");
    // main awaits gather, which awaits the producer and the monitor; the consumers are roots
    expect(text).toMatch(
      /├── \(T\) Task-\d+\n│ {3}└── {2}main apps\/demo\/src\/queues\/ps\.ts:\d+:\d+\n│ {7}└── Future:gather\(id=0x[0-9a-f]+\)/,
    );
    expect(text).toMatch(
      /├── \(T\) producer\n│ {11}│ {3}└── {2}produce apps\/demo\/src\/queues\/ps\.ts:\d+:\d+\n│ {11}│ {7}└── {2}Queue\.put packages\/sync-primitives\/src\/queue\.ts:\d+:\d+/,
    );
    expect(text).toMatch(/└── \(T\) monitor\n/);
    for (const name of ["consumer-1", "consumer-2"]) {
      expect(text).toMatch(
        new RegExp(`── \\(T\\) ${name}\\n.*└── {2}consume apps/demo/src/queues/ps\\.ts`),
      );
    }
    expect(lines).toContain("ps (dumpTasks({ format: 'table' })):");
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^task id +task name +coroutine stack +awaiter chain +awaiter name +awaiter id$/,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^0x[0-9a-f]+ +producer +Queue\.put -> produce +main +Task-\d+ +0x[0-9a-f]+$/,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^0x[0-9a-f]+ +consumer-1 +sleep -> consume +0x0$/),
    );
    const graph = lines.slice(
      lines.indexOf("call graph of the producer (formatCallGraph(producer)):") + 1,
    );
    expect(graph[0]).toMatch(/^\* Task\(name='producer', id=0x[0-9a-f]+\)$/);
    expect(graph.slice(1, 4)).toEqual([
      "  + Call stack:",
      expect.stringMatching(
        /^ {2}\| {3}at packages\/sync-primitives\/src\/queue\.ts:\d+:\d+, in Queue\.put\(\)$/,
      ),
      expect.stringMatching(
        /^ {2}\| {3}at apps\/demo\/src\/queues\/ps\.ts:\d+:\d+, in produce\(\)$/,
      ),
    ]);
    expect(graph.slice(4, 8)).toEqual([
      "  + Awaited by:",
      expect.stringMatching(/^ {4}\* Future:gather\(id=0x[0-9a-f]+\)$/),
      "      + Awaited by:",
      expect.stringMatching(/^ {8}\* Task\(name='Task-\d+', id=0x[0-9a-f]+\)$/),
    ]);
  });

  it("--no-stacks: tasks and the futures they wait on, no frames", async () => {
    const out = await runExample(ps, ["--no-stacks"]);
    expect(out.text).toMatch(
      /── \(T\) producer\n.*└── Future\(id=0x[0-9a-f]+\) <Future pending cb=\[wakeup\(\)\]>/,
    );
    // only the running task's (the monitor's) frame, read from the live stack
    expect(out.text).not.toMatch(/(produce|consume|main) apps\//);
    expect(out.text).toMatch(/monitor apps\/demo\/src\/queues\/ps\.ts:\d+/);
  });
});
