import { readFileSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { CaptureOut } from "../src/example.js";
import { countries } from "../src/flags/countries.js";
import { type FlagServer, startFlagServer } from "../src/flags/server.js";
import { main } from "../src/main.js";
import crawler from "../src/net/crawl.js";
import echo from "../src/net/echo.js";
import { runExample } from "./helpers.js";

const servers: FlagServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe("the crawler (500 Lines' crawl.py)", () => {
  it("crawls the flag server's pages: a redirect, 196 pages, 582 files, one 404, one refusal", async () => {
    const server = await startFlagServer({ port: 0 });
    servers.push(server);
    const base = server.url;
    const out = await runExample(crawler, [
      `${base}/flags`,
      `${base}/nope`,
      "http://127.0.0.1:1/",
      "--max_tries",
      "2",
    ]);
    const lines = out.lines();
    expect(lines[0]).toBe("*** Report ***");
    const perUrl = lines.slice(1, 1 + 781);
    expect(perUrl).toEqual([...perUrl].sort());
    expect(perUrl).toContain(`${base}/flags 301 redirect ${base}/flags/`);
    expect(perUrl).toContainEqual(
      expect.stringMatching(new RegExp(`^${base}/flags/ 200 text/html utf-8 \\d+ 195/195$`)),
    );
    expect(perUrl).toContainEqual(
      expect.stringMatching(new RegExp(`^${base}/flags/kr/ 200 text/html utf-8 \\d+ 3/4$`)),
    );
    const svgSize = readFileSync(countries().get("kr")?.svgPath as string).length;
    expect(perUrl).toContain(`${base}/flags/kr/kr.svg 200 image/svg+xml utf-8 ${svgSize}`);
    expect(perUrl).toContain(`${base}/flags/kr/kr.gif 200 image/gif utf-8 41`);
    expect(perUrl).toContain(`${base}/nope 404 None None 10`);
    expect(perUrl).toContainEqual(
      expect.stringMatching(/^http:\/\/127\.0\.0\.1:1\/ error .*ECONNREFUSED|refused/i),
    );
    const rest = lines.slice(1 + 781);
    expect(rest[0]).toMatch(
      /^Finished 781 urls in \d+\.\d{3} secs \(max_tasks=100\) \(\d+\.\d{3} urls\/sec\/task\)$/,
    );
    expect(rest.slice(1, -3)).toEqual([
      "         1 error",
      "        10 error_bytes",
      "         1 fail",
      expect.stringMatching(/^ {9}1 fail_Client\w*Error$/),
      "       196 html",
      expect.stringMatching(/^ +\d+ html_bytes$/),
      "       582 other",
      expect.stringMatching(/^ +\d+ other_bytes$/),
      "         1 redirect",
      "         1 status_404",
    ]);
    expect(rest.slice(-3, -1)).toEqual(["Todo: 0", "Done: 781"]);
    expect(rest.at(-1)).toMatch(/^Date: \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4} local time$/);
    // INFO logging on standard error, as crawl.py's default level
    expect(out.errors).toContain(`INFO:crawling:redirect to '${base}/flags/' from '${base}/flags'`);
    expect(out.errors).toContain(`INFO:crawling:got 195 distinct urls from '${base}/flags/'`);
    expect(out.errors).toContain("ERROR:crawling:'http://127.0.0.1:1/' failed after 2 tries");
  });

  it("keeps to --limit_per_host connections at once, with 100 worker tasks", async () => {
    let inFlight = 0;
    let most = 0;
    const site = createHttpServer((req, res) => {
      inFlight++;
      most = Math.max(most, inFlight);
      const n = Number(req.url?.slice(1)) || 0;
      const links = Array.from({ length: 8 }, (_, i) => `<a href="/${n * 8 + i + 1}">x</a>`);
      setTimeout(() => {
        inFlight--;
        res.writeHead(200, { "Content-Type": "text/html" });
        res.end(n < 8 ? links.join("") : "leaf");
      }, 5);
    });
    await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
    try {
      const port = (site.address() as AddressInfo).port;
      const out = await runExample(crawler, [`127.0.0.1:${port}/`, "--limit_per_host", "3", "-q"]);
      expect(out.lines()).toContainEqual(expect.stringMatching(/^Finished 65 urls in /));
      expect(out.errors).toEqual([]);
      expect(most).toBe(3);
    } finally {
      site.closeAllConnections();
      await new Promise((resolve) => site.close(resolve));
    }
  });

  it("bad options exit with status 2", async () => {
    for (const argv of [
      ["crawler", "--max_tasks", "0"],
      ["crawler", "--exclude", "("],
    ]) {
      const out = new CaptureOut();
      expect(await main(argv, out)).toBe(2);
      expect(out.errors[0]).toMatch(/--max_tasks must be >= 1|--exclude: not a regular expression/);
    }
  });
});

describe("the echo server and clients (asyncio docs, streams)", () => {
  it("one client: the docs' lines of both sides, in order", async () => {
    const lines = (await runExample(echo, ["--port", "0"])).lines();
    expect(lines[0]).toMatch(/^server: Serving on \('127\.0\.0\.1', \d+\)$/);
    expect(lines.slice(1)).toEqual([
      "client: Send: 'Hello World!'",
      expect.stringMatching(/^server: Received 'Hello World!' from \('127\.0\.0\.1', \d+\)$/),
      "server: Send: 'Hello World!'",
      "server: Close the connection",
      "client: Received: 'Hello World!'",
      "client: Close the connection",
    ]);
  });

  it("many clients at once: every echo comes back intact", async () => {
    const lines = (await runExample(echo, ["--port", "0", "-n", "200"])).lines();
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^200 clients at once: 200 echoes came back intact in \d+\.\d{3}s$/);
  });

  it("three clients with their own messages, every line printed", async () => {
    const lines = (await runExample(echo, ["--port", "0", "-n", "3", "--message", "hi"])).lines();
    for (const i of [1, 2, 3]) {
      expect(lines).toContain(`client: Send: 'hi #${i}'`);
      expect(lines).toContain(`client: Received: 'hi #${i}'`);
      expect(lines).toContain(`server: Send: 'hi #${i}'`);
    }
    expect(lines.at(-1)).toMatch(/^3 clients at once: 3 echoes came back intact in /);
  });

  it("a busy port: exit status 2", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = blocker.address() as AddressInfo;
      const out = new CaptureOut();
      expect(await main(["echo", "--port", String(port)], out)).toBe(2);
      expect(out.errors[0]).toMatch(new RegExp(`port ${port} on 127\\.0\\.0\\.1 is busy`));
    } finally {
      blocker.close();
    }
  });
});
