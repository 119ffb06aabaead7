/**
 * What Fluent Python's flag programs share: `flags.py`'s `save_flag` and `main` (the first trio)
 * and `flags2_common.py` (the second: the command line, the reports). The images are the flag
 * server's real flags, `<cc>.svg` (the book downloads `.gif` files), saved as `CN.svg` etc.
 * under `downloaded/` as the book does, or `--dest DIR`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { numberOption, parseOptions } from "../args.js";
import { type Out, UsageError } from "../example.js";
import { formatFixed } from "../pyrepr.js";
import { perfCounter } from "../pytime.js";
import { COUNTRY_CODES, POP20_CC } from "./countries.js";
import { flagSite, SERVER_LABELS, type ServerLabel } from "./servers.js";

export { POP20_CC };

/** The flag images' extension on the server. */
export const FLAG_EXT = "svg";

/** The book's `DEST_DIR = Path('downloaded')`. */
export const DEFAULT_DEST_DIR = "downloaded";

/** `save_flag(img, filename)`: writes the image under the destination folder. */
export function saveFlag(destDir: string, img: Uint8Array, filename: string): void {
  writeFileSync(join(destDir, filename), img);
}

/** `f'{BASE_URL}/{cc}/{cc}.gif'.lower()`, with the server's real images. */
export function flagUrl(baseUrl: string, cc: string): string {
  return `${baseUrl}/${cc}/${cc}.${FLAG_EXT}`.toLowerCase();
}

// ---- the first trio (flags.py, flags_threadpool.py, flags_asyncio.py) ----------------------

/** What a first-trio `download_many` gets: where to download from and to, where to print. */
export interface FlagsContext {
  baseUrl: string;
  destDir: string;
  out: Out;
}

/** A first-trio `download_many(cc_list) -> int`. */
export type Downloader = (ccList: readonly string[], ctx: FlagsContext) => Promise<number>;

const FIRST_USAGE = (name: string) => `usage: pnpm demo flags ${name} [--dest DIR] [--url URL]
       pnpm demo flags ${name} [CC ...] [-a] [-e] [-l N] [-m CONCURRENT] [-s LABEL] [-v]

With no country codes nor options but these: the book's first version (the 20 most populous
countries, codes printed as they finish). With any: the flags2 version (-h: its help).
  --dest DIR   where to save the flags (default downloaded/)
  --url URL    a flag server's /flags URL to use (default: the LOCAL server, started if needed)`;

/**
 * The book's `flags.main(downloader)`: downloads the 20 flags, then prints
 * `\n20 downloads in 1.23s`. Starts a LOCAL flag server if none is running.
 */
export async function flagsMain(
  name: string,
  args: string[],
  out: Out,
  downloader: Downloader,
): Promise<number> {
  const { values } = parseOptions(
    {
      args,
      options: {
        dest: { type: "string" },
        url: { type: "string" },
      },
    },
    FIRST_USAGE(name),
  );
  const destDir = values.dest ?? DEFAULT_DEST_DIR;
  const site = await flagSite("LOCAL", values.url);
  try {
    mkdirSync(destDir, { recursive: true });
    const t0 = perfCounter();
    const count = await downloader(POP20_CC, { baseUrl: site.url, destDir, out });
    const elapsed = perfCounter() - t0;
    out.print(`\n${count} downloads in ${formatFixed(elapsed, 2)}s`);
  } finally {
    await site.close();
  }
  return 0;
}

// ---- flags2_common.py --------------------------------------------------------------------

/** `DownloadStatus = Enum('DownloadStatus', 'OK NOT_FOUND ERROR')`. */
export type DownloadStatus = "OK" | "NOT_FOUND" | "ERROR";

/** `Counter[DownloadStatus]`. */
export class StatusCounter {
  private readonly counts = new Map<DownloadStatus, number>();

  /** `counter[status] += 1`. */
  add(status: DownloadStatus): void {
    this.counts.set(status, this.get(status) + 1);
  }

  /** `counter[status]` (0 when missing). */
  get(status: DownloadStatus): number {
    return this.counts.get(status) ?? 0;
  }
}

/** What a flags2 `download_many` gets. */
export interface Flags2Context {
  baseUrl: string;
  verbose: boolean;
  concurReq: number;
  destDir: string;
  out: Out;
}

/** A flags2 `download_many(cc_list, base_url, verbose, concur_req) -> Counter`. */
export type Downloader2 = (ccList: readonly string[], ctx: Flags2Context) => Promise<StatusCounter>;

/** One flags2 program: its name and concurrency defaults (`DEFAULT_CONCUR_REQ`, `MAX_CONCUR_REQ`). */
export interface Flags2Program {
  name: string;
  defaultConcurReq: number;
  maxConcurReq: number;
  downloadMany: Downloader2;
}

/** The parsed command line (`process_args`). */
export interface Flags2Args {
  ccList: string[];
  server: ServerLabel;
  verbose: boolean;
  maxReq: number;
  destDir: string;
  url?: string;
}

function usageLine(name: string): string {
  return `usage: pnpm demo flags ${name} [-h] [-a] [-e] [-l N] [-m CONCURRENT] [-s LABEL] [-v] [--dest DIR] [--url URL] [CC ...]`;
}

function help(name: string, defaultConcurReq: number): string {
  return `${usageLine(name)}

Download flags for country codes. Default: top 20 countries by population.

positional arguments:
  CC                    country code or 1st letter (eg. B for BA...BZ)

options:
  -h, --help            show this help message and exit
  -a, --all             get all available flags (AD to ZW)
  -e, --every           get flags for every possible code (AA...ZZ)
  -l N, --limit N       limit to N first codes
  -m CONCURRENT, --max_req CONCURRENT
                        maximum concurrent requests (default=${defaultConcurReq})
  -s LABEL, --server LABEL
                        Server to hit; one of ${SERVER_LABELS.join(", ")} (default=LOCAL)
  -v, --verbose         output detailed progress info
  --dest DIR            where to save the flags (default downloaded/; the demo's addition)
  --url URL             a flag server's /flags URL, instead of -s's (the demo's addition)

With no CC and no option but --dest/--url, the book's first version runs instead (flags.py,
flags_threadpool.py, flags_asyncio.py: the 20 codes printed as they finish, then the time).
A flag server is started for the run when none listens on the label's port (LOCAL 8000,
DELAY 8001, ERROR 8002; TSIO_DEMO_FLAG_PORT moves them).`;
}

const A_Z = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/**
 * `expand_cc_args(every_cc, all_cc, cc_args, limit)`: the codes to download, sorted, at most
 * `limit`.
 * @throws {UsageError} for an argument that is neither a letter nor two.
 */
export function expandCcArgs(
  everyCc: boolean,
  allCc: boolean,
  ccArgs: readonly string[],
  limit: number,
): string[] {
  const codes = new Set<string>();
  if (everyCc) {
    for (const a of A_Z) for (const b of A_Z) codes.add(a + b);
  } else if (allCc) {
    for (const cc of COUNTRY_CODES) codes.add(cc);
  } else {
    for (const cc of ccArgs.map((c) => c.toUpperCase())) {
      if (cc.length === 1 && A_Z.includes(cc)) {
        for (const c of A_Z) codes.add(cc + c);
      } else if (cc.length === 2 && [...cc].every((c) => A_Z.includes(c))) {
        codes.add(cc);
      } else {
        throw new ValueError("*** Usage error: each CC argument must be A to Z or AA to ZZ.");
      }
    }
  }
  return [...codes].sort().slice(0, limit);
}

class ValueError extends Error {}

/** `process_args(default_concur_req)`: UsageError (exit 2) with the book's messages. */
export function processArgs(name: string, args: string[], defaultConcurReq: number): Flags2Args {
  const usage = usageLine(name);
  const { values, positionals } = parseOptions(
    {
      args,
      allowPositionals: true,
      options: {
        all: { type: "boolean", short: "a" },
        every: { type: "boolean", short: "e" },
        limit: { type: "string", short: "l" },
        max_req: { type: "string", short: "m" },
        "max-req": { type: "string" },
        server: { type: "string", short: "s" },
        verbose: { type: "boolean", short: "v" },
        dest: { type: "string" },
        url: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    },
    usage,
  );
  if (values.help) throw new UsageError(help(name, defaultConcurReq), 0);
  const int = (option: string, text: string | undefined) => {
    if (text !== undefined && !/^\s*[-+]?\d+\s*$/.test(text)) {
      throw new UsageError(`${usage}\nargument ${option}: invalid int value: '${text}'`);
    }
    return numberOption(option, text, { integer: true });
  };
  const maxReq = int("-m/--max_req", values.max_req ?? values["max-req"]) ?? defaultConcurReq;
  const limit = int("-l/--limit", values.limit) ?? Number.MAX_SAFE_INTEGER;
  if (maxReq < 1) {
    throw new UsageError(`*** Usage error: --max_req CONCURRENT must be >= 1\n${usage}`);
  }
  if (limit < 1) throw new UsageError(`*** Usage error: --limit N must be >= 1\n${usage}`);
  const server = (values.server ?? "LOCAL").toUpperCase();
  if (!(SERVER_LABELS as readonly string[]).includes(server)) {
    const remote =
      server === "REMOTE"
        ? " (REMOTE is the book's site on the internet: the demo stays offline)"
        : "";
    throw new UsageError(
      `*** Usage error: --server LABEL must be one of ${SERVER_LABELS.join(", ")}${remote}\n${usage}`,
    );
  }
  let ccList: string[];
  try {
    ccList = expandCcArgs(values.every === true, values.all === true, positionals, limit);
  } catch (e) {
    if (e instanceof ValueError) throw new UsageError(`${e.message}\n${usage}`);
    throw e;
  }
  if (ccList.length === 0) ccList = [...POP20_CC].sort().slice(0, limit);
  return {
    ccList,
    server: server as ServerLabel,
    verbose: values.verbose === true,
    maxReq,
    destDir: values.dest ?? DEFAULT_DEST_DIR,
    ...(values.url === undefined ? {} : { url: values.url }),
  };
}

/** `initial_report(cc_list, actual_req, server_label)`. */
export function initialReport(
  out: Out,
  ccList: readonly string[],
  actualReq: number,
  serverLabel: string,
  url: string,
): void {
  const ccMsg =
    ccList.length <= 10 ? ccList.join(", ") : `from ${ccList[0]} to ${ccList[ccList.length - 1]}`;
  out.print(`${serverLabel} site: ${url}`);
  const plural = ccList.length !== 1 ? "s" : "";
  out.print(`Searching for ${ccList.length} flag${plural}: ${ccMsg}`);
  if (actualReq === 1) out.print("1 connection will be used.");
  else out.print(`${actualReq} concurrent connections will be used.`);
}

/** `final_report(cc_list, counter, start_time)`. */
export function finalReport(out: Out, counter: StatusCounter, startTime: number): void {
  const elapsed = perfCounter() - startTime;
  out.print("-".repeat(20));
  const ok = counter.get("OK");
  out.print(`${String(ok).padStart(3)} flag${ok !== 1 ? "s" : ""} downloaded.`);
  const notFound = counter.get("NOT_FOUND");
  if (notFound) out.print(`${String(notFound).padStart(3)} not found.`);
  const errors = counter.get("ERROR");
  if (errors) out.print(`${String(errors).padStart(3)} error${errors !== 1 ? "s" : ""}.`);
  out.print(`Elapsed time: ${formatFixed(elapsed, 2)}s`);
}

/** What {@link flags2Main} measured, for `flags compare`. */
export interface Flags2Result {
  counter: StatusCounter;
  elapsed: number;
  actualReq: number;
  ccList: readonly string[];
}

/**
 * flags2_common's `main(download_many, default_concur_req, max_concur_req)`: the command line,
 * the initial report, the downloads and the final report.
 */
export async function flags2Main(
  program: Flags2Program,
  args: string[],
  out: Out,
): Promise<Flags2Result> {
  const parsed = processArgs(program.name, args, program.defaultConcurReq);
  const actualReq = Math.min(parsed.maxReq, program.maxConcurReq, parsed.ccList.length);
  const site = await flagSite(parsed.server, parsed.url);
  try {
    initialReport(out, parsed.ccList, actualReq, parsed.server, site.url);
    mkdirSync(parsed.destDir, { recursive: true });
    const t0 = perfCounter();
    const counter = await program.downloadMany(parsed.ccList, {
      baseUrl: site.url,
      verbose: parsed.verbose,
      concurReq: actualReq,
      destDir: parsed.destDir,
      out,
    });
    const elapsed = perfCounter() - t0;
    finalReport(out, counter, t0);
    return { counter, elapsed, actualReq, ccList: parsed.ccList };
  } finally {
    await site.close();
  }
}

/** `f'{exc} {type(exc)}'.strip()` for a request that failed without an HTTP answer. */
export function requestErrorMessage(e: unknown, kind?: string): string {
  const error = e instanceof Error ? e : new Error(String(e));
  return `${error.message} <class '${kind ?? error.name}'>`.trim();
}
