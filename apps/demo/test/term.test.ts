import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { progressBar } from "../src/term.js";

function fakeStream(isTTY: boolean): NodeJS.WriteStream & { text: () => string } {
  const stream = new PassThrough() as unknown as NodeJS.WriteStream & { text: () => string };
  let text = "";
  (stream as unknown as PassThrough).on("data", (d) => {
    text += d;
  });
  Object.assign(stream, {
    isTTY,
    columns: 80,
    cursorTo: () => true,
    clearLine: () => true,
    moveCursor: () => true,
    text: () => text,
  });
  return stream;
}

describe("progressBar", () => {
  it("draws on a terminal", async () => {
    const stream = fakeStream(true);
    const bar = progressBar(4, "flags", stream);
    for (let i = 0; i < 4; i++) bar.increment();
    bar.stop();
    await new Promise((r) => setImmediate(r));
    expect(stream.text()).toContain("flags [");
    expect(stream.text()).toContain("4/4 100%");
  });

  it("writes nothing elsewhere", async () => {
    const stream = fakeStream(false);
    const bar = progressBar(4, "flags", stream);
    bar.increment(4);
    bar.stop();
    await new Promise((r) => setImmediate(r));
    expect(stream.text()).toBe("");
  });
});
