import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gifBody } from "../workers/gif.js";
import { COUNTRY_CODES, countries } from "./countries.js";

/** Options of {@link startFlagServer}. */
export interface FlagServerOptions {
  /** The port; 0 (the default) takes any free one. */
  port?: number;
  /** The address to listen on (default 127.0.0.1: loopback only). */
  host?: string;
  /** A fixed delay, in seconds, before every answer under /flags/ (the book's DELAY server). */
  delay?: number;
  /** With delayMax: a delay drawn uniformly between the two, in seconds, for each answer. */
  delayMin?: number;
  /** With delayMin: see there. */
  delayMax?: number;
  /**
   * The fraction (0 to 1) of answers under /flags/ that are `418 I'm a teapot` instead (the
   * book's ERROR server). Default 0.
   */
  errorRate?: number;
  /** The random source for delays and errors (default Math.random); tests pass their own. */
  random?: () => number;
  /** Called with one line per request answered (`GET /flags/ad/ad.svg 200 0.52s`). */
  log?: (line: string) => void;
}

/** A running flag server. */
export interface FlagServer {
  /** The base URL, e.g. `http://127.0.0.1:8000` (flags at `${url}/flags/ad/ad.svg`). */
  url: string;
  /** The port it listens on. */
  port: number;
  /** Stops it: closes every connection and cancels the answers still waiting out a delay. */
  close(): Promise<void>;
}

/** A flag server option out of range: the message says which and what it takes. */
export class FlagServerOptionError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = "FlagServerOptionError";
  }
}

/** The port is taken: another server (perhaps another `flags serve`) listens there. */
export class PortInUseError extends Error {
  constructor(
    readonly host: string,
    readonly port: number,
  ) {
    super(
      `port ${port} on ${host} is busy (another flag server?): stop it, or pick another port ` +
        "with --port N (0 takes any free one)",
    );
    this.name = "PortInUseError";
  }
}

function checkSeconds(name: string, value: number | undefined): void {
  if (value === undefined) return;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new FlagServerOptionError(`${name} must be a number of seconds >= 0, got ${value}`);
  }
}

/** Throws FlagServerOptionError for options out of range; returns the delay function. */
function delayFunction(options: FlagServerOptions): () => number {
  const { delay, delayMin, delayMax, errorRate } = options;
  checkSeconds("delay", delay);
  checkSeconds("delayMin", delayMin);
  checkSeconds("delayMax", delayMax);
  if (errorRate !== undefined && !(errorRate >= 0 && errorRate <= 1)) {
    throw new FlagServerOptionError(
      `errorRate must be between 0 and 1 (0.25 answers 418 to a quarter of requests), got ${errorRate}`,
    );
  }
  if (options.port !== undefined) {
    const p = options.port;
    if (!Number.isInteger(p) || p < 0 || p > 65535) {
      throw new FlagServerOptionError(`port must be a whole number from 0 to 65535, got ${p}`);
    }
  }
  const random = options.random ?? Math.random;
  if (delayMin !== undefined || delayMax !== undefined) {
    if (delay !== undefined) {
      throw new FlagServerOptionError(
        "give either delay (a fixed delay) or delayMin and delayMax (a random one), not both",
      );
    }
    if (delayMin === undefined || delayMax === undefined) {
      throw new FlagServerOptionError("a random delay needs both delayMin and delayMax");
    }
    if (delayMin > delayMax) {
      throw new FlagServerOptionError(
        `delayMin (${delayMin}) must not be greater than delayMax (${delayMax})`,
      );
    }
    return () => delayMin + random() * (delayMax - delayMin);
  }
  const fixed = delay ?? 0;
  return () => fixed;
}

const svgCache = new Map<string, Buffer>();

async function flagSvg(path: string): Promise<Buffer> {
  let body = svgCache.get(path);
  if (body === undefined) {
    body = await readFile(path);
    svgCache.set(path, body);
  }
  return body;
}

export { gifBody };

/** The seed server's `/page/NAME` body: 100 paragraphs naming the page (1527 bytes for foxnews). */
export function pageBody(name: string): string {
  return `<html><body>${`<p>${name}</p>\n`.repeat(100)}</body></html>\n`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function htmlPage(title: string, body: string): string {
  return (
    `<!doctype html>\n<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>\n` +
    `<body>\n<h1>${escapeHtml(title)}</h1>\n${body}</body></html>\n`
  );
}

function rootPage(): string {
  return htmlPage(
    "tsio demo flag server",
    `<p>Flags of ${COUNTRY_CODES.length} countries (images from the flag-icons package).</p>\n` +
      '<ul>\n<li><a href="/flags/">/flags/</a>: the countries</li>\n' +
      "<li>/flags/&lt;cc&gt;/&lt;cc&gt;.svg, /flags/&lt;cc&gt;/&lt;cc&gt;.gif, " +
      "/flags/&lt;cc&gt;/metadata.json</li>\n" +
      "<li>/delay/N, /get, /page/NAME, /status/N: the seed server's endpoints</li>\n</ul>\n",
  );
}

function flagsIndexPage(): string {
  const items = [...countries().entries()].map(
    ([cc, info]) => `<li><a href="${cc}/">${info.iso_cc}</a> ${escapeHtml(info.country)}</li>`,
  );
  return htmlPage("Flags", `<ul>\n${items.join("\n")}\n</ul>\n<p><a href="/">home</a></p>\n`);
}

function countryPage(cc: string): string {
  const info = countries().get(cc);
  if (info === undefined) throw new Error(`unknown country ${cc}`);
  return htmlPage(
    `${info.iso_cc}: ${info.country}`,
    `<p><img src="${cc}.svg" alt="flag of ${escapeHtml(info.country)}" width="160"></p>\n` +
      `<ul>\n<li><a href="${cc}.svg">${cc}.svg</a></li>\n<li><a href="${cc}.gif">${cc}.gif</a></li>\n` +
      '<li><a href="metadata.json">metadata.json</a></li>\n</ul>\n' +
      '<p><a href="../">all flags</a></p>\n',
  );
}

interface Answer {
  status: number;
  body?: string | Buffer;
  type?: string;
  headers?: Record<string, string>;
}

const TEXT = "text/plain; charset=utf-8";
const HTML = "text/html; charset=utf-8";
const notFound: Answer = { status: 404, body: "not found\n", type: TEXT };

/** Answers a path under /flags (after the delay and the error draw). */
async function flagsAnswer(parts: string[]): Promise<Answer> {
  // parts: ["flags", ...]
  if (parts.length === 1) return { status: 301, headers: { Location: "/flags/" } };
  const cc = parts[1] as string;
  if (parts.length === 2 && cc === "") return { status: 200, body: flagsIndexPage(), type: HTML };
  const info = countries().get(cc);
  if (info === undefined) return notFound;
  if (parts.length === 2) return { status: 301, headers: { Location: `/flags/${cc}/` } };
  if (parts.length !== 3) return notFound;
  const file = parts[2];
  if (file === "") return { status: 200, body: countryPage(cc), type: HTML };
  if (file === `${cc}.svg`) {
    return { status: 200, body: await flagSvg(info.svgPath), type: "image/svg+xml" };
  }
  if (file === `${cc}.gif`) return { status: 200, body: gifBody(cc), type: "image/gif" };
  if (file === "metadata.json") {
    const { svgPath: _svgPath, ...metadata } = info;
    return { status: 200, body: `${JSON.stringify(metadata)}\n`, type: "application/json" };
  }
  return notFound;
}

/** The seed server's routes (seed_server.py), except the flags. */
function seedAnswer(parts: string[], req: IncomingMessage): Answer | "delay" {
  const host = req.headers.host ?? "127.0.0.1";
  if (parts.length === 2 && parts[0] === "delay") return "delay";
  if (parts.length === 1 && parts[0] === "get") {
    const url = new URL(req.url ?? "/", `http://${host}`);
    const body = {
      args: Object.fromEntries(url.searchParams),
      headers: { Host: host },
      origin: "127.0.0.1",
      url: `http://${host}${req.url}`,
    };
    return { status: 200, body: `${JSON.stringify(body, null, 2)}\n`, type: "application/json" };
  }
  if (parts.length === 2 && parts[0] === "page" && parts[1] !== "") {
    return { status: 200, body: pageBody(parts[1] as string), type: HTML };
  }
  if (parts.length === 2 && parts[0] === "status" && /^\d+$/.test(parts[1] as string)) {
    const status = Number(parts[1]);
    if (status >= 100 && status <= 999) return { status, body: "", type: TEXT };
  }
  if (parts.length === 1 && parts[0] === "") return { status: 200, body: rootPage(), type: HTML };
  return notFound;
}

/**
 * Starts the demo's flag server on loopback: flag images of the 194 countries of Fluent
 * Python's list, from the flag-icons package, plus the seed server's endpoints:
 *
 * - `/flags/` and `/flags/<cc>/`: HTML index pages linking the flags (for the crawler);
 * - `/flags/<cc>/<cc>.svg`: the flag; `/flags/<cc>/<cc>.gif`: the seeds' 41-byte stand-in GIF;
 * - `/flags/<cc>/metadata.json`: `{"country": "Andorra", "iso_cc": "AD", ...}`;
 * - 404 for codes not in the list; `delay`/`delayMin`/`delayMax` and `errorRate` (418) apply to
 *   everything under /flags/;
 * - `/delay/N` (answers after N seconds, httpbin-like JSON), `/get`, `/page/NAME`, `/status/N`.
 *
 * @throws {FlagServerOptionError} for options out of range (at once).
 * @throws {PortInUseError} when the port is taken.
 * @example
 * ```ts
 * const server = await startFlagServer({ port: 0, delay: 0.5 });
 * const res = await fetch(`${server.url}/flags/kr/kr.svg`);
 * await server.close();
 * ```
 */
export async function startFlagServer(options: FlagServerOptions = {}): Promise<FlagServer> {
  const nextDelay = delayFunction(options);
  const errorRate = options.errorRate ?? 0;
  const random = options.random ?? Math.random;
  const host = options.host ?? "127.0.0.1";
  const log = options.log;
  const timers = new Set<NodeJS.Timeout>();

  const sleep = (seconds: number, res: ServerResponse): Promise<boolean> =>
    new Promise((resolve) => {
      if (seconds <= 0) {
        resolve(true);
        return;
      }
      const timer = setTimeout(() => {
        timers.delete(timer);
        res.off("close", onClose);
        resolve(true);
      }, seconds * 1000);
      timers.add(timer);
      // The client went away (or the server closed): no answer to send.
      const onClose = () => {
        clearTimeout(timer);
        timers.delete(timer);
        resolve(false);
      };
      res.once("close", onClose);
    });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    const path = (req.url ?? "/").split("?")[0] as string;
    let answer: Answer;
    if (req.method !== "GET" && req.method !== "HEAD") {
      answer = {
        status: 405,
        body: "method not allowed\n",
        type: TEXT,
        headers: { Allow: "GET, HEAD" },
      };
    } else {
      const parts = path.replace(/^\/+/, "").split("/");
      if (parts[0] === "flags") {
        if (!(await sleep(nextDelay(), res))) return;
        answer =
          errorRate > 0 && random() < errorRate
            ? { status: 418, body: "I'm a teapot (the ERROR server's answer)\n", type: TEXT }
            : await flagsAnswer(parts);
      } else {
        const seed = seedAnswer(parts, req);
        if (seed === "delay") {
          const seconds = Number(parts[1]);
          if (parts[1] === "" || !Number.isFinite(seconds) || seconds < 0) {
            answer = { status: 400, body: "bad delay\n", type: TEXT };
          } else {
            if (!(await sleep(Math.min(seconds, 10), res))) return;
            answer = seedAnswer(["get"], req) as Answer;
          }
        } else {
          answer = seed;
        }
      }
    }
    const body = answer.body === undefined ? Buffer.alloc(0) : Buffer.from(answer.body);
    res.writeHead(answer.status, {
      ...(answer.type === undefined ? {} : { "Content-Type": answer.type }),
      "Content-Length": String(body.length),
      ...answer.headers,
    });
    res.end(req.method === "HEAD" ? undefined : body);
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    log?.(`${req.method} ${req.url} ${answer.status} ${seconds}s`);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "Content-Type": TEXT });
      res.end(`${String(e)}\n`);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", (e: NodeJS.ErrnoException) => {
      reject(e.code === "EADDRINUSE" ? new PortInUseError(host, options.port ?? 0) : e);
    });
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
