/**
 * "A Web Crawler With asyncio Coroutines" (500 Lines or Less, A. Jesse Jiryu Davis and Guido van
 * Rossum), the crawler seed 000 links to: `crawling.py` on tsio. A Queue of URLs, a fixed number
 * of worker tasks, redirects followed by hand (each hop is a URL of its own), retries on network
 * errors, and `join()` to know when everything is done. The connector's `limitPerHost` keeps the
 * number of connections to one host down.
 */
import type { Coroutine } from "@tsio/future";
import { CancelledError } from "@tsio/future";
import { ClientError, type ClientResponse, ClientSession, TCPConnector } from "@tsio/http-client";
import { Queue } from "@tsio/sync-primitives";
import { createTask } from "@tsio/task";
import { pyRepr } from "../pyrepr.js";
import { timeTime } from "../pytime.js";

/** Python's logging levels, for the crawler's LOGGER. */
export const LEVELS = { ERROR: 40, WARNING: 30, INFO: 20, DEBUG: 10 } as const;

/** `logging.getLogger('crawling')` with basicConfig's format: `INFO:crawling:message`. */
export class Logger {
  constructor(
    readonly level: number,
    private readonly write: (line: string) => void,
  ) {}

  private log(level: keyof typeof LEVELS, message: string): void {
    if (LEVELS[level] >= this.level) this.write(`${level}:crawling:${message}`);
  }
  error(message: string): void {
    this.log("ERROR", message);
  }
  info(message: string): void {
    this.log("INFO", message);
  }
  debug(message: string): void {
    this.log("DEBUG", message);
  }
}

function lenientHost(host: string): string {
  return host.split(".").slice(-2).join("");
}

function isRedirect(response: ClientResponse): boolean {
  return [300, 301, 302, 303, 307].includes(response.status);
}

const IP = /^[\d.]*$/;

/** `FetchStatistic` (a namedtuple there). */
export interface FetchStatistic {
  url: string;
  nextUrl: string | null;
  status: number | null;
  exception: Error | null;
  size: number;
  contentType: string | null;
  encoding: string | null;
  numUrls: number;
  numNewUrls: number;
}

/** Options of {@link Crawler} (crawl.py's command line). */
export interface CrawlerOptions {
  exclude?: string | null;
  strict?: boolean;
  maxRedirect?: number;
  maxTries?: number;
  maxTasks?: number;
  /** At most this many connections to one host at once (0: no limit). */
  limitPerHost?: number;
  logger: Logger;
}

/** `cgi.parse_header`: `text/html; charset=utf-8` -> ["text/html", { charset: "utf-8" }]. */
function parseHeader(value: string): [string, Record<string, string>] {
  const [main, ...params] = value.split(";");
  const pdict: Record<string, string> = {};
  for (const param of params) {
    const i = param.indexOf("=");
    if (i < 0) continue;
    pdict[param.slice(0, i).trim().toLowerCase()] = param
      .slice(i + 1)
      .trim()
      .replace(/^"(.*)"$/, "$1");
  }
  return [(main ?? "").trim().toLowerCase(), pdict];
}

/** Crawl a set of URLs: `urls` seen, and `done`, a list of FetchStatistics. */
export class Crawler {
  readonly roots: readonly string[];
  readonly exclude: string | null;
  readonly strict: boolean;
  readonly maxRedirect: number;
  readonly maxTries: number;
  readonly maxTasks: number;
  readonly q = new Queue<[string, number]>();
  readonly seenUrls = new Set<string>();
  readonly done: FetchStatistic[] = [];
  readonly session: ClientSession;
  readonly rootDomains = new Set<string>();
  t0: number;
  t1: number | null = null;
  private readonly logger: Logger;

  constructor(roots: readonly string[], options: CrawlerOptions) {
    this.roots = roots;
    this.exclude = options.exclude ?? null;
    this.strict = options.strict ?? true;
    this.maxRedirect = options.maxRedirect ?? 10;
    this.maxTries = options.maxTries ?? 4;
    this.maxTasks = options.maxTasks ?? 10;
    this.logger = options.logger;
    this.session = new ClientSession({
      connector: new TCPConnector({ limitPerHost: options.limitPerHost ?? 0 }),
    });
    for (const root of roots) {
      const host = new URL(root).hostname;
      if (!host) continue;
      if (IP.test(host)) {
        this.rootDomains.add(host);
      } else if (this.strict) {
        this.rootDomains.add(host.toLowerCase());
      } else {
        this.rootDomains.add(lenientHost(host.toLowerCase()));
      }
    }
    for (const root of roots) this.addUrl(root);
    this.t0 = timeTime();
  }

  /** Close resources. */
  *close(): Coroutine<void> {
    yield* this.session.close();
  }

  /**
   * Check if a host should be crawled: a literal match is always good; for hosts that are not
   * IP addresses, `www.` may come or go (strict) or the last two parts must match (lenient).
   */
  hostOkay(host: string): boolean {
    const h = host.toLowerCase();
    if (this.rootDomains.has(h)) return true;
    if (IP.test(h)) return false;
    if (this.strict) return this.hostOkayStrictish(h);
    return this.hostOkayLenient(h);
  }

  private hostOkayStrictish(host: string): boolean {
    const other = host.startsWith("www.") ? host.slice(4) : `www.${host}`;
    return this.rootDomains.has(other);
  }

  private hostOkayLenient(host: string): boolean {
    return this.rootDomains.has(lenientHost(host));
  }

  /** Record the FetchStatistic for completed / failed URL. */
  recordStatistic(fetchStatistic: FetchStatistic): void {
    this.done.push(fetchStatistic);
  }

  /** Return a FetchStatistic and the set of links. */
  *parseLinks(response: ClientResponse): Coroutine<[FetchStatistic, Set<string>]> {
    const links = new Set<string>();
    let contentType: string | null = null;
    let encoding: string | null = null;
    const body = yield* response.read();

    if (response.status === 200) {
      contentType = response.headers.get("content-type") ?? null;
      let pdict: Record<string, string> = {};
      if (contentType) [contentType, pdict] = parseHeader(contentType);
      encoding = pdict.charset ?? "utf-8";
      if (contentType === "text/html" || contentType === "application/xml") {
        const text = yield* response.text();
        // Replace href with (?:href|src) to follow image links.
        const urls = new Set(
          [...text.matchAll(/href=["']([^\s"'<>]+)/gi)].map((m) => m[1] as string),
        );
        if (urls.size > 0) {
          this.logger.info(`got ${urls.size} distinct urls from ${pyRepr(response.url.href)}`);
        }
        for (const url of urls) {
          const normalized = new URL(url, response.url).href;
          const defragmented = normalized.split("#")[0] as string;
          if (this.urlAllowed(defragmented)) links.add(defragmented);
        }
      }
    }

    const stat: FetchStatistic = {
      url: response.url.href,
      nextUrl: null,
      status: response.status,
      exception: null,
      size: body.length,
      contentType,
      encoding,
      numUrls: links.size,
      numNewUrls: [...links].filter((l) => !this.seenUrls.has(l)).length,
    };
    return [stat, links];
  }

  /** Fetch one URL. */
  *fetch(url: string, maxRedirect: number): Coroutine<void> {
    let tries = 0;
    let exception: Error | null = null;
    let response: ClientResponse | null = null;
    while (tries < this.maxTries) {
      try {
        response = yield* this.session.get(url, { allowRedirects: false });
        if (tries > 1) this.logger.info(`try ${tries} for ${pyRepr(url)} success`);
        break;
      } catch (e) {
        if (!(e instanceof ClientError)) throw e;
        this.logger.info(`try ${tries} for ${pyRepr(url)} raised ${e.name}(${pyRepr(e.message)})`);
        exception = e;
      }
      tries += 1;
    }
    if (response === null) {
      // We never broke out of the loop: all tries failed.
      this.logger.error(`${pyRepr(url)} failed after ${this.maxTries} tries`);
      this.recordStatistic({
        url,
        nextUrl: null,
        status: null,
        exception,
        size: 0,
        contentType: null,
        encoding: null,
        numUrls: 0,
        numNewUrls: 0,
      });
      return;
    }

    try {
      if (isRedirect(response)) {
        const location = response.headers.get("location") ?? "";
        const nextUrl = new URL(location, url).href;
        this.recordStatistic({
          url,
          nextUrl,
          status: response.status,
          exception: null,
          size: 0,
          contentType: null,
          encoding: null,
          numUrls: 0,
          numNewUrls: 0,
        });
        if (this.seenUrls.has(nextUrl)) return;
        if (maxRedirect > 0) {
          this.logger.info(`redirect to ${pyRepr(nextUrl)} from ${pyRepr(url)}`);
          this.addUrl(nextUrl, maxRedirect - 1);
        } else {
          this.logger.error(`redirect limit reached for ${pyRepr(nextUrl)} from ${pyRepr(url)}`);
        }
      } else {
        const [stat, links] = yield* this.parseLinks(response);
        this.recordStatistic(stat);
        for (const link of links) {
          if (!this.seenUrls.has(link)) this.q.putNowait([link, this.maxRedirect]);
        }
        for (const link of links) this.seenUrls.add(link);
      }
    } finally {
      response.release();
    }
  }

  /** Process queue items forever. */
  *work(): Coroutine<void> {
    try {
      for (;;) {
        const [url, maxRedirect] = yield* this.q.get();
        if (!this.seenUrls.has(url)) throw new Error(`assert url in self.seen_urls: ${url}`);
        yield* this.fetch(url, maxRedirect);
        this.q.taskDone();
      }
    } catch (e) {
      if (!(e instanceof CancelledError)) throw e;
    }
  }

  /** Whether to follow a link: not excluded, http(s), on a root host. */
  urlAllowed(url: string): boolean {
    if (this.exclude && new RegExp(this.exclude).test(url)) return false;
    const parts = new URL(url);
    if (parts.protocol !== "http:" && parts.protocol !== "https:") {
      this.logger.debug(`skipping non-http scheme in ${pyRepr(url)}`);
      return false;
    }
    if (!this.hostOkay(parts.hostname)) {
      this.logger.debug(`skipping non-root host in ${pyRepr(url)}`);
      return false;
    }
    return true;
  }

  /** Add a URL to the queue if not seen before. */
  addUrl(url: string, maxRedirect: number = this.maxRedirect): void {
    this.logger.debug(`adding ${pyRepr(url)} ${maxRedirect}`);
    this.seenUrls.add(url);
    this.q.putNowait([url, maxRedirect]);
  }

  /** Run the crawler until all finished. */
  *crawl(): Coroutine<void> {
    const workers = Array.from({ length: this.maxTasks }, (_, i) =>
      createTask(this.work(), { name: `worker-${i + 1}` }),
    );
    this.t0 = timeTime();
    yield* this.q.join();
    this.t1 = timeTime();
    for (const w of workers) w.cancel();
  }
}
