import { request } from "node:http";
import { UsageError } from "../example.js";
import { scaled } from "../scale.js";
import { DEFAULT_FLAG_PORT } from "./serve.js";
import {
  type FlagServer,
  type FlagServerOptions,
  PortInUseError,
  startFlagServer,
} from "./server.js";

/** The flags2 programs' `-s` labels (the book's REMOTE needs the internet: not here). */
export const SERVER_LABELS = ["DELAY", "ERROR", "LOCAL"] as const;
export type ServerLabel = (typeof SERVER_LABELS)[number];

/**
 * What each label's server does when the demo starts it: LOCAL answers at once; DELAY waits
 * 0.5 s before each answer; ERROR waits 0.5 s and answers `418 I'm a teapot` to a quarter of
 * the requests (the book's `slow_server.py 8002 --error-rate .25`). The book's slow_server.py
 * draws DELAY's waits from 0.5 to 5 s: `pnpm demo flags serve --port 8001 --delay-min 0.5
 * --delay-max 5` serves that, and the flags commands use it.
 */
export function serverSettings(label: ServerLabel): FlagServerOptions {
  if (label === "LOCAL") return {};
  if (label === "DELAY") return { delay: scaled(0.5) };
  return { delay: scaled(0.5), errorRate: 0.25 };
}

/**
 * The first port: LOCAL listens there, DELAY on the next, ERROR on the one after (the book's
 * 8000, 8001, 8002). `TSIO_DEMO_FLAG_PORT` moves them (tests use free ports).
 */
export function basePort(): number {
  const text = process.env.TSIO_DEMO_FLAG_PORT;
  if (text === undefined || text === "") return DEFAULT_FLAG_PORT;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65533) {
    throw new UsageError(`TSIO_DEMO_FLAG_PORT must be a port from 1 to 65533, got '${text}'`);
  }
  return port;
}

/** The base URL of a label's server: `http://127.0.0.1:8000/flags` for LOCAL. */
export function serverUrl(label: ServerLabel): string {
  const offset = { LOCAL: 0, DELAY: 1, ERROR: 2 }[label];
  return `http://127.0.0.1:${basePort() + offset}/flags`;
}

/** A flag server to use: `url` is its `/flags` base; `close()` stops it if we started it. */
export interface FlagSite {
  label: string;
  url: string;
  /** True when this process started the server (none was running). */
  started: boolean;
  close(): Promise<void>;
}

/** What answers at `url` (GET `/flags/`): the status, or the connection error's code. */
function probe(url: string): Promise<number | string> {
  return new Promise((resolve) => {
    const req = request(`${url}/`, { method: "HEAD", timeout: 2000, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("timeout", () => req.destroy(Object.assign(new Error("timeout"), { code: "TIMEOUT" })));
    req.on("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    req.end();
  });
}

/**
 * The flag server for a `-s` label: one already listening on its port (`pnpm demo flags serve
 * --port 8001 --delay 1`, say), or one started in this process for as long as the command runs.
 * `override` (tests) names a server to use instead.
 *
 * @throws {UsageError} when the port is taken by something that is not a flag server.
 */
export async function flagSite(label: ServerLabel, override?: string): Promise<FlagSite> {
  if (override !== undefined) {
    return { label, url: override, started: false, close: async () => {} };
  }
  const url = serverUrl(label);
  const port = Number(new URL(url).port);
  for (let attempt = 0; ; attempt++) {
    const answer = await probe(url);
    if (answer === 200) return { label, url, started: false, close: async () => {} };
    if (answer !== "ECONNREFUSED") {
      throw new UsageError(
        `port ${port} answers, but not as a flag server (${typeof answer === "number" ? `status ${answer}` : answer}): stop what listens there, or move the flag ports with TSIO_DEMO_FLAG_PORT=N`,
      );
    }
    let server: FlagServer;
    try {
      server = await startFlagServer({ ...serverSettings(label), port });
    } catch (e) {
      // Another flags command started one at the same moment: use it.
      if (e instanceof PortInUseError && attempt === 0) continue;
      throw e instanceof PortInUseError ? new UsageError(e.message) : e;
    }
    return { label, url, started: true, close: () => server.close() };
  }
}
