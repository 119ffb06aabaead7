import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CaptureOut, type Example } from "../src/example.js";
import asyncio from "../src/flags/asyncio.js";
import compare, { bar } from "../src/flags/compare.js";
import { countries, POP20_CC } from "../src/flags/countries.js";
import { wantsFirstVersion } from "../src/flags/programs.js";
import sequential from "../src/flags/sequential.js";
import { type FlagServer, type FlagServerOptions, startFlagServer } from "../src/flags/server.js";
import threadpool from "../src/flags/threadpool.js";
import { main } from "../src/main.js";
import { randomSource } from "../src/random.js";
import { setTimeScale } from "../src/scale.js";

// Fluent Python's flag downloads, against real flag servers on 127.0.0.1 (started here on free
// ports and passed with --url, or started by the commands themselves), saving into temporary
// folders that the tests read back.

const servers: FlagServer[] = [];
const dirs: string[] = [];

async function server(options: FlagServerOptions = {}): Promise<string> {
  const s = await startFlagServer({ port: 0, ...options });
  servers.push(s);
  return `${s.url}/flags`;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "flags-test-"));
  dirs.push(dir);
  return dir;
}

async function run(example: Example, args: string[]): Promise<CaptureOut> {
  const out = new CaptureOut();
  const code = await example.run(args, out);
  expect(out.errors).toEqual([]);
  expect(code ?? 0).toBe(0);
  return out;
}

function svg(cc: string): Buffer {
  return readFileSync(countries().get(cc.toLowerCase())?.svgPath as string);
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const programs = [
  ["sequential", sequential],
  ["threadpool", threadpool],
  ["asyncio", asyncio],
] as const;

describe("the first versions (flags.py, flags_threadpool.py, flags_asyncio.py)", () => {
  it.each(programs)(
    "%s: the 20 codes as they finish, the count and time, 20 files",
    async (name, example) => {
      const url = await server();
      const dest = tempDir();
      const lines = (await run(example, ["--url", url, "--dest", dest])).lines();
      expect(lines).toHaveLength(2);
      const codes = (lines[0] as string).trimEnd().split(" ");
      expect(lines[0]?.endsWith(" ")).toBe(true);
      if (name === "sequential") expect(codes).toEqual([...POP20_CC].sort());
      else expect([...codes].sort()).toEqual([...POP20_CC].sort());
      expect(lines[1]).toMatch(/^20 downloads in \d+\.\d\ds$/);
      expect(readdirSync(dest).sort()).toEqual(POP20_CC.map((cc) => `${cc}.svg`).sort());
      for (const cc of POP20_CC)
        expect(readFileSync(join(dest, `${cc}.svg`)).equals(svg(cc))).toBe(true);
    },
  );

  it("any country code or flags2 option selects the flags2 version", () => {
    expect(wantsFirstVersion([])).toBe(true);
    expect(wantsFirstVersion(["--dest", "x", "--url=http://h/flags"])).toBe(true);
    expect(wantsFirstVersion(["KR"])).toBe(false);
    expect(wantsFirstVersion(["-s", "LOCAL"])).toBe(false);
    expect(wantsFirstVersion(["--dest", "x", "-v"])).toBe(false);
  });
});

describe("flags2: the book's command line and reports", () => {
  it.each(programs)(
    "%s -v: OK and not found per code, the final report, the files",
    async (name, example) => {
      const url = await server();
      const dest = tempDir();
      const out = await run(example, ["kr", "BR", "ZZ", "-v", "--url", url, "--dest", dest]);
      const lines = out.lines();
      const connections = {
        sequential: "1 connection will be used.",
        threadpool: "3 concurrent connections will be used.",
        asyncio: "3 concurrent connections will be used.",
      }[name];
      expect(lines.slice(0, 3)).toEqual([
        `LOCAL site: ${url}`,
        "Searching for 3 flags: BR, KR, ZZ",
        connections,
      ]);
      const progress = lines.slice(3, 6);
      if (name === "sequential") {
        expect(progress).toEqual(["BR OK", "KR OK", `ZZ not found: ${url}/zz/zz.svg`]);
      } else {
        expect([...progress].sort()).toEqual(["BR OK", "KR OK", `ZZ not found: ${url}/zz/zz.svg`]);
      }
      expect(lines.slice(6, 9)).toEqual([
        "-".repeat(20),
        "  2 flags downloaded.",
        "  1 not found.",
      ]);
      expect(lines[9]).toMatch(/^Elapsed time: \d+\.\d\ds$/);
      expect(lines).toHaveLength(10);
      expect(readdirSync(dest).sort()).toEqual(["BR.svg", "KR.svg"]);
      expect(readFileSync(join(dest, "KR.svg")).equals(svg("KR"))).toBe(true);
    },
  );

  it.each(programs)(
    "%s against the ERROR server: 418s counted as errors, 404s as not found",
    async (_name, example) => {
      // A seeded ERROR server: whatever the order of the requests, the same draws say 418.
      const seed = 20;
      const draws = randomSource(seed);
      const expectedErrors = Array.from({ length: 26 }, () => draws() < 0.25).filter(
        Boolean,
      ).length;
      expect(expectedErrors).toBeGreaterThan(0);
      const url = await server({ errorRate: 0.25, random: randomSource(seed) });
      const dest = tempDir();
      const out = await run(example, [
        "B",
        "-s",
        "ERROR",
        "-m",
        "4",
        "-v",
        "--url",
        url,
        "--dest",
        dest,
      ]);
      const lines = out.lines();
      expect(lines[0]).toBe(`ERROR site: ${url}`);
      expect(lines[1]).toBe("Searching for 26 flags: from BA to BZ");
      const perCode = lines.slice(3, 29);
      expect(perCode.map((l) => l.slice(0, 2)).sort()).toEqual(
        Array.from({ length: 26 }, (_, i) => `B${String.fromCharCode(65 + i)}`),
      );
      const ok = perCode.filter((l) => / OK$/.test(l)).map((l) => l.slice(0, 2));
      const notFound = perCode.filter((l) => / not found: /.test(l));
      const errors = perCode.filter((l) => / error: HTTP error 418 - I'm a Teapot$/.test(l));
      expect(errors).toHaveLength(expectedErrors);
      expect(ok.length + notFound.length + errors.length).toBe(26);
      const report = lines.slice(29);
      expect(report[0]).toBe("-".repeat(20));
      expect(report).toContain(`${String(ok.length).padStart(3)} flags downloaded.`);
      expect(report).toContain(`${String(notFound.length).padStart(3)} not found.`);
      expect(report).toContain(
        `${String(expectedErrors).padStart(3)} error${expectedErrors === 1 ? "" : "s"}.`,
      );
      expect(readdirSync(dest).sort()).toEqual(ok.map((cc) => `${cc}.svg`).sort());
    },
  );

  it("-l N takes the first N codes; -a all 194; letters expand to 26", async () => {
    const url = await server();
    const dest = tempDir();
    const lines = (
      await run(asyncio, ["-a", "-l", "12", "-m", "4", "--url", url, "--dest", dest])
    ).lines();
    expect(lines.slice(1, 3)).toEqual([
      "Searching for 12 flags: from AD to BA",
      "4 concurrent connections will be used.",
    ]);
    expect(lines).toContain(" 12 flags downloaded.");
    expect(readdirSync(dest)).toHaveLength(12);
  });
});

describe("the flag servers the commands start themselves", () => {
  let base = 0;
  beforeAll(async () => {
    // three free ports in a row for LOCAL, DELAY and ERROR
    for (;;) {
      base = 20000 + Math.floor(Math.random() * 30000);
      const taken = await Promise.all([0, 1, 2].map((i) => portTaken(base + i)));
      if (!taken.some(Boolean)) break;
    }
    process.env.TSIO_DEMO_FLAG_PORT = String(base);
    setTimeScale(0.02);
  });
  afterAll(() => {
    delete process.env.TSIO_DEMO_FLAG_PORT;
    setTimeScale(undefined);
  });

  function portTaken(port: number): Promise<boolean> {
    return new Promise((resolve) => {
      const probe = createServer();
      probe.once("error", () => resolve(true));
      probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(false)));
    });
  }

  it("starts the DELAY server on its port for the run, and stops it after", async () => {
    const dest = tempDir();
    const lines = (await run(asyncio, ["-s", "delay", "-l", "3", "--dest", dest])).lines();
    expect(lines[0]).toBe(`DELAY site: http://127.0.0.1:${base + 1}/flags`);
    expect(lines).toContain("  3 flags downloaded.");
    expect(await portTaken(base + 1)).toBe(false);
  });

  it("uses a flag server that already runs there (pnpm demo flags serve)", async () => {
    const log: string[] = [];
    const s = await startFlagServer({ port: base, log: (line) => log.push(line) });
    servers.push(s);
    const dest = tempDir();
    await run(sequential, ["--dest", dest]);
    expect(log.filter((l) => / \/flags\/[a-z]{2}\/[a-z]{2}\.svg 200 /.test(l))).toHaveLength(20);
  });

  it("refuses a port taken by something else, with exit status 2", async () => {
    const sockets = new Set<Socket>();
    const other = createServer((socket) => {
      sockets.add(socket);
      socket.end("HTTP/1.1 500 Nope\r\nContent-Length: 0\r\n\r\n");
    });
    await new Promise<void>((resolve) => other.listen(base + 2, "127.0.0.1", resolve));
    try {
      const out = new CaptureOut();
      expect(await main(["flags", "threadpool", "-s", "ERROR"], out)).toBe(2);
      expect(out.errors.join("\n")).toMatch(
        new RegExp(`port ${base + 2} answers, but not as a flag server \\(status 500\\)`),
      );
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => other.close(resolve));
    }
  });
});

describe("bad command lines: the book's messages, exit status 2", () => {
  it.each([
    [
      ["asyncio", "1X"],
      /^\*\*\* Usage error: each CC argument must be A to Z or AA to ZZ\.\nusage: /,
    ],
    [["threadpool", "ABC"], /^\*\*\* Usage error: each CC argument must be A to Z or AA to ZZ\./],
    [["asyncio", "-m", "0"], /^\*\*\* Usage error: --max_req CONCURRENT must be >= 1\nusage: /],
    [["sequential", "-l", "0"], /^\*\*\* Usage error: --limit N must be >= 1/],
    [["asyncio", "-l", "x"], /argument -l\/--limit: invalid int value: 'x'/],
    [
      ["asyncio", "-s", "REMOTE"],
      /--server LABEL must be one of DELAY, ERROR, LOCAL \(REMOTE is the book's site/,
    ],
    [["asyncio", "--bogus"], /Unknown option '--bogus'/],
    [["compare", "-s", "LOCAL"], /-s is not an option here/],
  ])("flags %j", async (argv, message) => {
    const out = new CaptureOut();
    expect(await main(["flags", ...argv], out)).toBe(2);
    expect(out.errors.join("\n")).toMatch(message);
    expect(out.text).toBe("");
  });

  it("-h prints the book's help and exits 0", async () => {
    const out = new CaptureOut();
    expect(await main(["flags", "asyncio", "-h"], out)).toBe(0);
    expect(out.text).toContain("maximum concurrent requests (default=5)");
    expect(out.text).toContain("one of DELAY, ERROR, LOCAL (default=LOCAL)");
  });
});

describe("flags compare", () => {
  beforeAll(() => setTimeScale(0.02));
  afterAll(() => setTimeScale(undefined));

  it("runs the three against a DELAY server and charts their times", async () => {
    const out = await run(compare, ["--delay", "1", "-l", "6", "-m", "3"]);
    const lines = out.lines();
    expect(lines[0]).toMatch(
      /^The same downloads three ways, from the DELAY server \(http:\/\/127\.0\.0\.1:\d+\/flags, 0\.02 s per answer\):$/,
    );
    expect(lines[2]).toMatch(/^ {2}sequential {2}1 connection +6 flags +\d+\.\d\ds$/);
    expect(lines[3]).toMatch(/^ {2}threadpool {2}3 threads +6 flags +\d+\.\d\ds$/);
    expect(lines[4]).toMatch(/^ {2}asyncio {5}3 requests at a time +6 flags +\d+\.\d\ds$/);
    expect(lines.slice(6, 9).map((l) => l.slice(0, 14))).toEqual([
      "  sequential  ",
      "  threadpool  ",
      "  asyncio     ",
    ]);
    expect(lines[10]).toMatch(
      /^Against sequential: threadpool \d+\.\dx faster, asyncio \d+\.\dx faster/,
    );
  });

  it("bars: eighths of a cell, the longest one full", () => {
    expect(bar(10, 10, 4)).toBe("████");
    expect(bar(5, 10, 4)).toBe("██");
    expect(bar(1, 10, 4)).toBe("▍");
    expect(bar(0, 10, 4)).toBe("");
  });
});
