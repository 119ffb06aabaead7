/**
 * aiohttp.TCPConnector over undici: one undici Pool per origin (its keep-alive connections,
 * parser and socket handling), with aiohttp's limits, DNS cache and TLS settings kept here.
 * @module
 */
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import type { ConnectionOptions } from "node:tls";
import { type Coroutine, fromPromise, ValueError } from "@tsio/future";
import { buildConnector, Pool } from "undici";
import { ConnectionLimiter } from "./limiter.js";

/**
 * Options of {@link TCPConnector}: aiohttp's keyword arguments.
 * @example
 * ```ts
 * new TCPConnector({ limit: 10, limitPerHost: 2, ttlDnsCache: 300 });
 * ```
 */
export interface TCPConnectorOptions {
  /** Most connections in use at once, all hosts together (default 100; 0: no limit). */
  limit?: number;
  /** Most connections in use at once to one origin (default 0: no limit). */
  limitPerHost?: number;
  /** Seconds a resolved address is reused (default 10; null: forever). */
  ttlDnsCache?: number | null;
  /** Cache DNS answers at all (default true). */
  useDnsCache?: boolean;
  /**
   * TLS: true (the default) verifies certificates; false skips verification (never in
   * production); an object gives Node's TLS options (`ca`, `cert`, `key`, `servername`, ...),
   * Python's SSLContext.
   */
  ssl?: boolean | ConnectionOptions;
  /** Close each connection after its response instead of keeping it alive (default false). */
  forceClose?: boolean;
  /** Seconds an idle keep-alive connection is kept (default 15). */
  keepaliveTimeout?: number;
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

interface DnsEntry {
  addresses: LookupAddress[];
  expires: number;
}

/**
 * aiohttp.TCPConnector: the connection pool of a session. `limit` and `limitPerHost` bound the
 * requests that hold a connection at once (a request holds one until its response is read or
 * released; the others wait, and that wait counts against `timeout.connect`).
 *
 * @example
 * ```ts
 * const connector = new TCPConnector({ limit: 10, limitPerHost: 2, ttlDnsCache: 300 });
 * const session = new ClientSession({ connector });
 * ```
 */
export class TCPConnector {
  /**
   * Most connections in use at once (0: unlimited).
   * @example
   * ```ts
   * connector.limit; // 100
   * ```
   */
  readonly limit: number;
  /**
   * Most connections in use at once per origin (0: unlimited).
   * @example
   * ```ts
   * new TCPConnector({ limitPerHost: 2 }).limitPerHost; // 2
   * ```
   */
  readonly limitPerHost: number;
  /**
   * Connections are closed after each response.
   * @example
   * ```ts
   * new TCPConnector({ forceClose: true }).forceClose; // true
   * ```
   */
  readonly forceClose: boolean;
  /** @internal */ readonly _limiter: ConnectionLimiter;
  private readonly _pools = new Map<string, Pool>();
  private readonly _tls: ConnectionOptions;
  private readonly _keepaliveMs: number;
  private readonly _ttl: number | null;
  private readonly _useDnsCache: boolean;
  private readonly _dns = new Map<string, DnsEntry>();
  private _closed = false;

  /**
   * @param options - `{ limit, limitPerHost, ttlDnsCache, useDnsCache, ssl, forceClose,
   *   keepaliveTimeout }`.
   * @throws {ValueError} for negative limits, or forceClose together with keepaliveTimeout.
   * @example
   * ```ts
   * new TCPConnector({ limit: 30, ssl: { ca: readFileSync("ca.pem") } });
   * ```
   */
  constructor(options: TCPConnectorOptions = {}) {
    this.limit = options.limit ?? 100;
    this.limitPerHost = options.limitPerHost ?? 0;
    if (!(this.limit >= 0) || !(this.limitPerHost >= 0)) {
      throw new ValueError("TCPConnector limit and limitPerHost must be >= 0 (0 means no limit)");
    }
    this.forceClose = options.forceClose ?? false;
    if (this.forceClose && options.keepaliveTimeout !== undefined) {
      throw new ValueError("keepaliveTimeout cannot be set if forceClose is true");
    }
    this._keepaliveMs = (options.keepaliveTimeout ?? 15) * 1000;
    this._ttl = options.ttlDnsCache === undefined ? 10 : options.ttlDnsCache;
    this._useDnsCache = options.useDnsCache ?? true;
    const ssl = options.ssl ?? true;
    this._tls = ssl === true ? {} : ssl === false ? { rejectUnauthorized: false } : { ...ssl };
    this._limiter = new ConnectionLimiter(this.limit, this.limitPerHost);
  }

  /**
   * True once closed.
   * @example
   * ```ts
   * connector.closed; // false
   * ```
   */
  get closed(): boolean {
    return this._closed;
  }

  /**
   * Requests holding a connection now.
   * @example
   * ```ts
   * connector.inUse; // 3
   * ```
   */
  get inUse(): number {
    return this._limiter.inUse;
  }

  /** The undici Pool for an origin and connect timeout (created on first use). @internal */
  _pool(origin: string, connectMs: number | null, maxHeaderSize: number): Pool {
    const key = `${origin} ${connectMs ?? ""} ${maxHeaderSize}`;
    let pool = this._pools.get(key);
    if (pool === undefined) {
      const perPool = this.limitPerHost || this.limit || null;
      pool = new Pool(origin, {
        connections: perPool,
        pipelining: 1,
        keepAliveTimeout: this._keepaliveMs,
        keepAliveMaxTimeout: Math.max(this._keepaliveMs, 600_000),
        maxHeaderSize,
        connect: buildConnector({
          ...this._tls,
          timeout: connectMs ?? 0,
          ...(this._useDnsCache ? { lookup: this._lookup } : {}),
        } as buildConnector.BuildOptions),
      });
      this._pools.set(key, pool);
    }
    return pool;
  }

  private readonly _lookup = (
    hostname: string,
    options: unknown,
    callback: LookupCallback,
  ): void => {
    const opts = (typeof options === "object" && options !== null ? options : {}) as {
      family?: number | string;
      all?: boolean;
    };
    const family =
      opts.family === "IPv4" ? 4 : opts.family === "IPv6" ? 6 : Number(opts.family ?? 0);
    const key = `${hostname} ${family}`;
    const answer = (addresses: LookupAddress[]) => {
      if (opts.all) callback(null, addresses);
      else {
        const first = addresses[0] as LookupAddress;
        callback(null, first.address, first.family);
      }
    };
    const hit = this._dns.get(key);
    if (hit !== undefined && hit.expires > performance.now()) {
      answer(hit.addresses);
      return;
    }
    dnsLookup(hostname, { family, all: true }, (err, addresses) => {
      if (err) {
        callback(err, opts.all ? [] : "");
        return;
      }
      const ttl = this._ttl;
      this._dns.set(key, {
        addresses,
        expires: ttl === null ? Number.POSITIVE_INFINITY : performance.now() + ttl * 1000,
      });
      answer(addresses);
    });
  };

  /**
   * Forgets cached DNS answers: of one host, or all.
   * @example
   * ```ts
   * connector.clearDnsCache("example.com");
   * ```
   */
  clearDnsCache(host?: string): void {
    if (host === undefined) this._dns.clear();
    else
      for (const key of [...this._dns.keys()])
        if (key.startsWith(`${host} `)) this._dns.delete(key);
  }

  /** Closes every connection now, without waiting. @internal */
  _closeNow(): Promise<void> {
    this._closed = true;
    const pools = [...this._pools.values()];
    this._pools.clear();
    return Promise.all(pools.map((p) => p.destroy().catch(() => {}))).then(() => undefined);
  }

  /**
   * Closes every connection (responses still open break).
   * @example
   * ```ts
   * yield* connector.close();
   * ```
   */
  *close(): Coroutine<void> {
    if (this._closed && this._pools.size === 0) return;
    yield* fromPromise(this._closeNow());
  }
}
