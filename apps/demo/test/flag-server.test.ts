import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { COUNTRY_CODES, countries, POP20_CC } from "../src/flags/countries.js";
import {
  type FlagServer,
  FlagServerOptionError,
  type FlagServerOptions,
  PortInUseError,
  startFlagServer,
} from "../src/flags/server.js";

const servers: FlagServer[] = [];

async function start(options: FlagServerOptions = {}): Promise<FlagServer> {
  const server = await startFlagServer({ port: 0, ...options });
  servers.push(server);
  return server;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe("the country list", () => {
  it("has the book's 194 codes, the 20 most populous among them, each with a flag", () => {
    expect(COUNTRY_CODES).toHaveLength(194);
    expect(new Set(COUNTRY_CODES).size).toBe(194);
    for (const cc of POP20_CC) expect(COUNTRY_CODES).toContain(cc);
    expect(countries().size).toBe(194);
    expect(countries().get("kr")?.country).toBe("South Korea");
  });
});

describe("startFlagServer", () => {
  it("serves real flag images from flag-icons", async () => {
    const server = await start();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${server.url}/flags/kr/kr.svg`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/svg+xml");
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.equals(readFileSync(countries().get("kr")?.svgPath as string))).toBe(true);
    expect(body.toString("utf8")).toContain("<svg");
  });

  it("serves metadata.json and the seeds' 41-byte GIF", async () => {
    const server = await start();
    const meta = await (await fetch(`${server.url}/flags/br/metadata.json`)).json();
    expect(meta).toMatchObject({ country: "Brazil", iso_cc: "BR", tld: ".br" });
    const gif = Buffer.from(await (await fetch(`${server.url}/flags/kr/kr.gif`)).arrayBuffer());
    expect(gif).toHaveLength(41);
    expect(gif.subarray(0, 6).toString("latin1")).toBe("GIF89a");
    expect(gif.includes(Buffer.from("KR"))).toBe(true);
  });

  it("answers 404 for codes not in the list and for other files", async () => {
    const server = await start();
    for (const path of ["/flags/xx/xx.svg", "/flags/zz/", "/flags/KR/KR.svg", "/flags/kr/br.svg"]) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(404);
      await res.arrayBuffer();
    }
  });

  it("has index pages linking every flag, and redirects to them", async () => {
    const server = await start();
    const root = await fetch(`${server.url}/flags`, { redirect: "manual" });
    expect(root.status).toBe(301);
    expect(root.headers.get("location")).toBe("/flags/");
    const index = await (await fetch(`${server.url}/flags/`)).text();
    expect(index.match(/<a href="[a-z]{2}\/">/g)).toHaveLength(194);
    const page = await fetch(`${server.url}/flags/kr`);
    expect(page.url).toBe(`${server.url}/flags/kr/`);
    const html = await page.text();
    for (const link of ['href="kr.svg"', 'href="kr.gif"', 'href="metadata.json"']) {
      expect(html).toContain(link);
    }
    expect(await (await fetch(`${server.url}/`)).text()).toContain('href="/flags/"');
  });

  it("the ERROR server: answers 418 at the error rate", async () => {
    const always = await start({ errorRate: 1 });
    expect((await fetch(`${always.url}/flags/kr/kr.svg`)).status).toBe(418);
    // A scripted random source: draws below the rate fail, the others succeed.
    const draws = [0.1, 0.9, 0.2, 0.8];
    const half = await start({ errorRate: 0.5, random: () => draws.shift() ?? 0.99 });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${half.url}/flags/fr/fr.gif`);
      await res.arrayBuffer();
      statuses.push(res.status);
    }
    expect(statuses).toEqual([418, 200, 418, 200]);
  });

  it("the DELAY server: a delayed answer comes after an immediate one; close() cuts it", async () => {
    const server = await start({ delay: 30 });
    const order: string[] = [];
    const slow = fetch(`${server.url}/flags/kr/kr.gif`).then(
      () => order.push("flag"),
      () => order.push("flag cut"),
    );
    const res = await fetch(`${server.url}/get`); // the seed routes are never delayed
    order.push(`get ${res.status}`);
    await server.close();
    await slow;
    expect(order).toEqual(["get 200", "flag cut"]);
  });

  it("draws a random delay between delayMin and delayMax", async () => {
    let draws = 0;
    const server = await start({
      delayMin: 0,
      delayMax: 0.002,
      random: () => {
        draws++;
        return 0.5;
      },
    });
    expect((await fetch(`${server.url}/flags/de/de.gif`)).status).toBe(200);
    expect(draws).toBe(1);
  });

  it("offers the seed server's routes", async () => {
    const server = await start();
    const delayed = await fetch(`${server.url}/delay/0.01`);
    expect(delayed.headers.get("content-type")).toBe("application/json");
    const host = server.url.slice("http://".length);
    expect(await delayed.json()).toEqual({
      args: {},
      headers: { Host: host },
      origin: "127.0.0.1",
      url: `${server.url}/delay/0.01`,
    });
    expect((await fetch(`${server.url}/delay/soon`)).status).toBe(400);
    expect(await (await fetch(`${server.url}/get?a=1`)).json()).toMatchObject({ args: { a: "1" } });
    expect((await (await fetch(`${server.url}/page/foxnews`)).arrayBuffer()).byteLength).toBe(1527);
    expect((await (await fetch(`${server.url}/page/cnn`)).arrayBuffer()).byteLength).toBe(1127);
    const status = await fetch(`${server.url}/status/418`);
    expect(status.status).toBe(418);
    expect(await status.text()).toBe("");
    expect((await fetch(`${server.url}/nothing/here`)).status).toBe(404);
    expect((await fetch(`${server.url}/get`, { method: "POST" })).status).toBe(405);
    const head = await fetch(`${server.url}/flags/kr/kr.gif`, { method: "HEAD" });
    expect(head.headers.get("content-length")).toBe("41");
  });

  it("takes 20 simultaneous connections (the flag downloads' burst)", async () => {
    const server = await start();
    const results = await Promise.all(
      POP20_CC.map(async (cc) => {
        const res = await fetch(`${server.url}/flags/${cc.toLowerCase()}/${cc.toLowerCase()}.svg`);
        await res.arrayBuffer();
        return res.status;
      }),
    );
    expect(results).toEqual(POP20_CC.map(() => 200));
  });

  it("rejects options out of range with a message that says what to give", async () => {
    const bad: Array<[FlagServerOptions, RegExp]> = [
      [{ errorRate: 2 }, /errorRate must be between 0 and 1/],
      [{ delay: -1 }, /delay must be a number of seconds >= 0/],
      [{ delay: 1, delayMin: 0, delayMax: 2 }, /either delay .* or delayMin and delayMax/],
      [{ delayMin: 1 }, /needs both delayMin and delayMax/],
      [{ delayMin: 2, delayMax: 1 }, /must not be greater than delayMax/],
      [{ port: 70000 }, /port must be a whole number from 0 to 65535/],
    ];
    for (const [options, message] of bad) {
      await expect(startFlagServer(options)).rejects.toThrow(FlagServerOptionError);
      await expect(startFlagServer(options)).rejects.toThrow(message);
    }
  });

  it("reports a busy port as PortInUseError", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const attempt = startFlagServer({ port });
      await expect(attempt).rejects.toThrow(PortInUseError);
      await expect(startFlagServer({ port })).rejects.toThrow(/port \d+ on 127.0.0.1 is busy/);
    } finally {
      blocker.close();
    }
  });
});
