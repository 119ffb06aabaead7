import { newEventLoop } from "@tsio/loop";
import { numberOption, parseOptions } from "../args.js";
import { type Example, type Out, UsageError } from "../example.js";
import { flagSite } from "../flags/servers.js";
import { Crawler, LEVELS, Logger } from "./crawling.js";
import { report } from "./reporting.js";

const USAGE = `usage: pnpm demo crawler [ROOT ...] [--max_redirect N] [--max_tries N] [--max_tasks N]
                        [--limit_per_host N] [--exclude REGEX] [--strict | --lenient] [-v] [-q]

Web crawler (500 Lines' crawl.py on tsio). With no ROOT, crawls the demo's flag server (its
/flags index pages, every flag and metadata file they link), started for the run if none runs.
  ROOT                  root URL (may be repeated)
  --max_redirect N      limit redirection chains (for 301, 302 etc.) (default 10)
  --max_tries N         limit retries on network errors (default 4)
  --max_tasks N         limit concurrent connections (default 100)
  --limit_per_host N    at most N connections to one host at once (default 10; 0: no limit)
  --exclude REGEX       exclude matching URLs
  --strict              strict host matching (default)
  --lenient             lenient host matching
  -v, --verbose         verbose logging (repeat for more verbose)
  -q, --quiet           only log errors`;

/** Prefix a schema-less URL with http://. */
function fixUrl(url: string): string {
  return url.includes("://") ? url : `http://${url}`;
}

async function crawl(args: string[], out: Out): Promise<number> {
  const { values, positionals, tokens } = parseOptions(
    {
      args,
      allowPositionals: true,
      tokens: true,
      options: {
        max_redirect: { type: "string" },
        max_tries: { type: "string" },
        max_tasks: { type: "string" },
        limit_per_host: { type: "string" },
        exclude: { type: "string" },
        strict: { type: "boolean" },
        lenient: { type: "boolean" },
        verbose: { type: "boolean", short: "v", multiple: true },
        quiet: { type: "boolean", short: "q" },
        help: { type: "boolean", short: "h" },
      },
    },
    USAGE,
  );
  if (values.help) throw new UsageError(USAGE, 0);
  const count = (name: string, text: string | undefined, fallback: number, min: number) =>
    numberOption(name, text, { integer: true, min }) ?? fallback;
  if (values.exclude !== undefined) {
    try {
      new RegExp(values.exclude);
    } catch (e) {
      throw new UsageError(`--exclude: not a regular expression: ${(e as Error).message}`);
    }
  }
  // -v counts up from 2 (INFO), -q sets 0 (ERROR only), the last one wins as in argparse.
  let level = 2;
  for (const token of tokens ?? []) {
    if (token.kind !== "option") continue;
    if (token.name === "verbose") level += 1;
    if (token.name === "quiet") level = 0;
  }
  const levels = [LEVELS.ERROR, LEVELS.WARNING, LEVELS.INFO, LEVELS.DEBUG];
  const logger = new Logger(levels[Math.min(level, levels.length - 1)] as number, (line) =>
    out.error(line),
  );

  const site = positionals.length === 0 ? await flagSite("LOCAL") : null;
  const roots = [...new Set((site === null ? positionals : [site.url]).map(fixUrl))];
  const loop = newEventLoop();
  const crawler = new Crawler(roots, {
    exclude: values.exclude ?? null,
    strict: values.lenient !== true,
    maxRedirect: count("max_redirect", values.max_redirect, 10, 0),
    maxTries: count("max_tries", values.max_tries, 4, 1),
    maxTasks: count("max_tasks", values.max_tasks, 100, 1),
    limitPerHost: count("limit_per_host", values.limit_per_host, 10, 0),
    logger,
  });
  try {
    await loop.runUntilComplete(crawler.crawl()); // Crawler gonna crawl.
  } finally {
    report(crawler, out);
    await loop.runUntilComplete(crawler.close());
    loop.close();
    await site?.close();
  }
  return 0;
}

export default {
  name: "crawler",
  summary: "500 Lines' crawler: a Queue, worker tasks, a per-host limit, join()",
  run: crawl,
} satisfies Example;
