import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { CaptureOut } from "../src/example.js";
import { serve } from "../src/flags/serve.js";
import { main } from "../src/main.js";
import { groups } from "../src/registry.js";
import { setTimeScale, timeScale } from "../src/scale.js";
import { colorsFor, useColors } from "../src/term.js";

async function cli(...argv: string[]): Promise<{ code: number; out: CaptureOut }> {
  const out = new CaptureOut();
  const code = await main(argv, out);
  return { code, out };
}

afterEach(() => {
  setTimeScale(undefined);
  delete process.env.TSIO_DEMO_SCALE;
});

describe("pnpm demo --help", () => {
  it("lists every example and every planned one, one line each", async () => {
    const { code, out } = await cli("--help");
    expect(code).toBe(0);
    const text = out.lines();
    for (const group of groups) {
      for (const e of group.examples) {
        expect(text.filter((l) => l.trimStart().startsWith(`${e.name} `))).toHaveLength(1);
      }
      for (const p of group.pending) {
        expect(text.some((l) => l.includes(p.name) && l.includes(p.waitsFor))).toBe(true);
      }
    }
    expect(out.text).not.toContain("\x1b["); // no colours off a terminal
    expect((await cli("-h")).out.text).toBe(out.text);
  });
});

describe("running examples", () => {
  it("a seed run alone prints exactly its output, no header", async () => {
    const { code, out } = await cli("seeds", "001-hello-world", "--scale", "0.01");
    expect(code).toBe(0);
    expect(out.lines()).toEqual(["hello", "world"]);
    expect((await cli("--scale=0.01", "001-nested-coroutine")).out.lines()).toEqual(["42"]);
  });

  it("several seeds get a header each", async () => {
    const { code, out } = await cli(
      "--scale",
      "0.01",
      "seeds",
      "001-hello-world",
      "002-nested-task",
    );
    expect(code).toBe(0);
    const lines = out.lines();
    expect(lines[0]).toBe("(every sleep and delay is scaled by 0.01)");
    expect(lines.filter((l) => l.startsWith("== "))).toEqual([
      expect.stringMatching(/^== 001-hello-world /),
      expect.stringMatching(/^== 002-nested-task /),
    ]);
  });

  it("the tour runs with a header per step", async () => {
    const { code, out } = await cli("--scale", "0.01");
    expect(code).toBe(0);
    expect(out.text).toContain("== 002-say-after-create-task");
    expect(out.text).toContain("[2, 6, 24]");
    expect(out.text).toContain("Answer: 42");
  });

  it("passes a leading -- through (pnpm demo -- args)", async () => {
    const { code, out } = await cli("--", "001-nested-coroutine");
    expect(code).toBe(0);
    expect(out.lines()).toEqual(["42"]);
  });

  it("TSIO_DEMO_SCALE scales time; --scale wins and is undone afterwards", async () => {
    process.env.TSIO_DEMO_SCALE = "0.5";
    expect(timeScale()).toBe(0.5);
    await cli("--scale", "0.01", "001-nested-task");
    expect(timeScale()).toBe(0.5);
  });
});

describe("bad command lines exit with status 2 and say why", () => {
  it.each([
    [["nope"], /Unknown example 'nope'\.\nRun 'pnpm demo --help'/],
    [["001-hello-wrld"], /Did you mean '001-hello-world'/],
    [["seeds", "nope"], /Unknown example 'nope'/],
    [["flags", "nope"], /Unknown example 'nope'/],
    [["--scale", "0", "001-hello-world"], /--scale must be a number > 0/],
    [["--scale"], /--scale needs a number/],
    [["001-hello-world", "extra"], /Unknown example 'extra'/],
    [["flags", "serve", "--error-rate", "2"], /--error-rate must be from 0 to 1, got 2/],
    [["flags", "serve", "--delay", "soon"], /--delay needs a number, got 'soon'/],
    [["flags", "serve", "--delay", "1", "--delay-min", "0", "--delay-max", "1"], /not both/],
    [["flags", "serve", "--delay-min", "1"], /go together/],
    [["flags", "serve", "--port", "1.5"], /--port needs a whole number/],
    [["flags", "serve", "--bogus"], /Unknown option '--bogus'[\s\S]*usage: pnpm demo flags serve/],
  ])("%j", async (argv, message) => {
    const { code, out } = await cli(...argv);
    expect(code).toBe(2);
    expect(out.errors.join("\n")).toMatch(message);
    expect(out.text).toBe("");
  });

  it("an environment scale that is not a number", async () => {
    process.env.TSIO_DEMO_SCALE = "fast";
    const { code, out } = await cli("001-hello-world");
    expect(code).toBe(2);
    expect(out.errors[0]).toMatch(/TSIO_DEMO_SCALE must be a number > 0/);
  });

  it("a busy port", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const { code, out } = await cli("flags", "serve", "--port", String(port));
      expect(code).toBe(2);
      expect(out.errors[0]).toMatch(new RegExp(`port ${port} on 127.0.0.1 is busy`));
    } finally {
      blocker.close();
    }
  });
});

describe("flags serve", () => {
  it("serves until stopped, logging each request", async () => {
    const out = new CaptureOut();
    const stop = new AbortController();
    const done = serve(["--port", "0", "--delay", "0"], out, stop.signal);
    while (!out.text.includes("Press Ctrl-C")) await new Promise((r) => setTimeout(r, 5));
    const url = out.text.match(/(http:\/\/127\.0\.0\.1:\d+)\/flags\//)?.[1];
    expect(url).toBeDefined();
    expect((await fetch(`${url}/flags/jp/jp.svg`)).status).toBe(200);
    stop.abort();
    expect(await done).toBe(0);
    expect(out.lines()).toContainEqual(expect.stringMatching(/^GET \/flags\/jp\/jp\.svg 200 /));
    expect(out.lines().at(-1)).toBe("Flag server stopped.");
  });

  it("help", async () => {
    const { code, out } = await cli("flags", "serve", "--help");
    expect(code).toBe(0);
    expect(out.text).toContain("--error-rate R");
  });
});

describe("colours", () => {
  it("only on a terminal, never with NO_COLOR, forced by FORCE_COLOR", () => {
    expect(useColors({ isTTY: true }, {})).toBe(true);
    expect(useColors({ isTTY: false }, {})).toBe(false);
    expect(useColors({ isTTY: true }, { NO_COLOR: "1" })).toBe(false);
    expect(useColors({ isTTY: true }, { TERM: "dumb" })).toBe(false);
    expect(useColors({ isTTY: false }, { FORCE_COLOR: "1" })).toBe(true);
    expect(colorsFor({ isTTY: true }, {}).bold("x")).toBe("\x1b[1mx\x1b[22m");
    expect(colorsFor({ isTTY: true }, { NO_COLOR: "1" }).bold("x")).toBe("x");
  });
});

describe("the real process", () => {
  const cliPath = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
  const cwd = fileURLToPath(new URL("..", import.meta.url));

  function spawnCli(args: string[]) {
    const child = spawn(process.execPath, ["--import", "tsx", cliPath, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: "1" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    return { child, exit, out: () => stdout, err: () => stderr };
  }

  it("exits with status 2 for an unknown example", async () => {
    const run = spawnCli(["nope"]);
    expect(await run.exit).toBe(2);
    expect(run.err()).toContain("Unknown example 'nope'");
  });

  it("flags serve stops cleanly on Ctrl-C (SIGINT)", async () => {
    const run = spawnCli(["flags", "serve", "--port", "0", "--quiet"]);
    while (!run.out().includes("Press Ctrl-C")) {
      if (run.child.exitCode !== null) throw new Error(run.err());
      await new Promise((r) => setTimeout(r, 20));
    }
    const url = run.out().match(/(http:\/\/127\.0\.0\.1:\d+)/)?.[1];
    expect((await fetch(`${url}/flags/`)).status).toBe(200);
    run.child.kill("SIGINT");
    expect(await run.exit).toBe(0);
    expect(run.out()).toContain("Flag server stopped.");
  });
});
