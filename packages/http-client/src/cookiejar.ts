/**
 * aiohttp.CookieJar (RFC 6265 storage: domain and path matching, host-only cookies, Secure,
 * Max-Age and Expires) and DummyCookieJar. Every ClientSession has one.
 * @module
 */
import { isIP } from "node:net";

/**
 * One cookie with its attributes: Python's `http.cookies.Morsel`. `key` and `value` are the
 * name and value; attribute names are lower case, as Morsel keys are.
 * @example
 * ```ts
 * resp.cookies.get("sid")?.httponly; // true
 * ```
 */
export interface Morsel {
  key: string;
  value: string;
  domain: string;
  path: string;
  expires: string;
  "max-age": string;
  secure: boolean;
  httponly: boolean;
  samesite: string;
}

/**
 * What `updateCookies` takes: name -> value, name -> Morsel, or pairs of them.
 * @example
 * ```ts
 * session.cookieJar.updateCookies({ token: "abc" });
 * ```
 */
export type LooseCookies =
  | Record<string, string | Morsel>
  | Map<string, string | Morsel>
  | Iterable<readonly [string, string | Morsel]>;

function newMorsel(key: string, value: string): Morsel {
  return {
    key,
    value,
    domain: "",
    path: "",
    expires: "",
    "max-age": "",
    secure: false,
    httponly: false,
    samesite: "",
  };
}

function unquote(v: string): string {
  if (v.length >= 2 && v[0] === '"' && v[v.length - 1] === '"') {
    return v.slice(1, -1).replace(/\\(.)/g, "$1");
  }
  return v;
}

/**
 * Parses Set-Cookie header values into Morsels (leniently, as aiohttp's
 * `parse_set_cookie_headers`: a malformed cookie is skipped, not fatal).
 * @example
 * ```ts
 * parseSetCookieHeaders(["sid=abc; Path=/; HttpOnly"]).get("sid")?.httponly; // true
 * ```
 */
export function parseSetCookieHeaders(headers: Iterable<string>): Map<string, Morsel> {
  const out = new Map<string, Morsel>();
  for (const header of headers) {
    const parts = header.split(";");
    const first = parts[0] as string;
    const eq = first.indexOf("=");
    if (eq <= 0) continue;
    const name = first.slice(0, eq).trim();
    if (!name || /[\s,;="]/.test(name)) continue;
    const morsel = newMorsel(name, unquote(first.slice(eq + 1).trim()));
    for (let i = 1; i < parts.length; i++) {
      const part = parts[i] as string;
      const e = part.indexOf("=");
      const attr = (e < 0 ? part : part.slice(0, e)).trim().toLowerCase();
      const value = e < 0 ? "" : part.slice(e + 1).trim();
      switch (attr) {
        case "domain":
          morsel.domain = value.toLowerCase();
          break;
        case "path":
          morsel.path = value;
          break;
        case "expires":
          morsel.expires = value;
          break;
        case "max-age":
          morsel["max-age"] = value;
          break;
        case "secure":
          morsel.secure = true;
          break;
        case "httponly":
          morsel.httponly = true;
          break;
        case "samesite":
          morsel.samesite = value;
          break;
      }
    }
    out.set(name, morsel);
  }
  return out;
}

function toPairs(cookies: LooseCookies): Iterable<readonly [string, string | Morsel]> {
  if (cookies instanceof Map) return cookies.entries();
  if (typeof (cookies as Iterable<unknown>)[Symbol.iterator] === "function") {
    return cookies as Iterable<readonly [string, string | Morsel]>;
  }
  return Object.entries(cookies as Record<string, string | Morsel>);
}

/**
 * The interface a session needs from a cookie jar (aiohttp's AbstractCookieJar); CookieJar and
 * DummyCookieJar implement it, and so can your own jar.
 * @example
 * ```ts
 * const jar: AbstractCookieJar = new CookieJar();
 * jar.updateCookies({ a: "1" });
 * jar.filterCookies(new URL("http://example.com/")).get("a")?.value; // "1"
 * ```
 */
export interface AbstractCookieJar extends Iterable<Morsel> {
  /** How many cookies it holds. */
  readonly size: number;
  /** Stores cookies a response at `responseUrl` set (all hosts' when no URL). */
  updateCookies(cookies: LooseCookies, responseUrl?: URL): void;
  /** Stores the cookies of Set-Cookie header values. */
  updateCookiesFromHeaders(headers: readonly string[], responseUrl: URL): void;
  /** The cookies to send to `requestUrl`. */
  filterCookies(requestUrl: URL): Map<string, Morsel>;
  /** Removes the cookies the predicate selects (every cookie without one). */
  clear(predicate?: (morsel: Morsel) => boolean): void;
  /** Removes the cookies of a domain and its subdomains. */
  clearDomain(domain: string): void;
}

/**
 * Options of {@link CookieJar}.
 * @example
 * ```ts
 * new CookieJar({ unsafe: true, treatAsSecureOrigin: ["http://127.0.0.1:8080"] });
 * ```
 */
export interface CookieJarOptions {
  /** Accept cookies from IP-address hosts too (default false, as aiohttp). */
  unsafe?: boolean;
  /** Origins whose plain-http requests may get Secure cookies (e.g. "http://127.0.0.1:8080"). */
  treatAsSecureOrigin?: readonly (string | URL)[];
}

const MAX_TIME = 253402300799; // 9999-12-31T23:59:59Z, aiohttp's CookieJar.MAX_TIME

/**
 * aiohttp.CookieJar: keeps the cookies responses set and sends them back where RFC 6265 says
 * they belong. Like aiohttp it ignores cookies from IP addresses unless `unsafe: true`.
 *
 * @example
 * ```ts
 * const jar = new CookieJar({ unsafe: true }); // a local test server on 127.0.0.1
 * const session = new ClientSession({ cookieJar: jar });
 * yield* (yield* session.get("http://127.0.0.1:8080/login")).read();
 * for (const morsel of jar) console.log(morsel.key, morsel.value);
 * ```
 */
export class CookieJar implements AbstractCookieJar {
  private readonly _unsafe: boolean;
  private readonly _secureOrigins: Set<string>;
  // "domain\0path" -> name -> morsel
  private readonly _cookies = new Map<string, Map<string, Morsel>>();
  private readonly _hostOnly = new Set<string>();
  // "domain\0path\0name" -> unix time
  private readonly _expirations = new Map<string, number>();

  /**
   * @param options - `{ unsafe, treatAsSecureOrigin }`.
   * @example
   * ```ts
   * new CookieJar({ unsafe: true });
   * ```
   */
  constructor(options: CookieJarOptions = {}) {
    this._unsafe = options.unsafe ?? false;
    this._secureOrigins = new Set(
      (options.treatAsSecureOrigin ?? []).map((o) => new URL(String(o)).origin),
    );
  }

  /**
   * How many cookies the jar holds.
   * @example
   * ```ts
   * jar.size; // 2
   * ```
   */
  get size(): number {
    let n = 0;
    for (const m of this._cookies.values()) n += m.size;
    return n;
  }

  /**
   * Every cookie, as Morsels.
   * @example
   * ```ts
   * for (const c of jar) console.log(c.key, c.domain);
   * ```
   */
  *[Symbol.iterator](): Iterator<Morsel> {
    this._doExpiration();
    for (const m of this._cookies.values()) yield* m.values();
  }

  /**
   * Stores cookies. With `responseUrl` they belong to its host (and are refused when they name
   * another domain); without it they are shared and sent to every host.
   * @example
   * ```ts
   * jar.updateCookies({ token: "abc" }); // sent everywhere
   * jar.updateCookies({ sid: "1" }, new URL("http://example.com/app/"));
   * ```
   */
  updateCookies(cookies: LooseCookies, responseUrl?: URL): void {
    const hostname = responseUrl ? responseUrl.hostname.replace(/^\[|\]$/g, "") : null;
    if (!this._unsafe && hostname !== null && isIP(hostname) !== 0) return;
    for (const [name, c] of toPairs(cookies)) {
      const cookie = typeof c === "string" ? newMorsel(name, c) : { ...c };
      let domain = cookie.domain;
      if (domain?.endsWith(".")) {
        domain = "";
        cookie.domain = "";
      }
      if (!domain && hostname !== null) {
        this._hostOnly.add(`${hostname}\0${name}`);
        domain = cookie.domain = hostname;
      }
      if (domain.startsWith(".")) {
        domain = domain.slice(1);
        cookie.domain = domain;
      }
      if (hostname && !isDomainMatch(domain, hostname)) continue;
      let path = cookie.path;
      if (!path?.startsWith("/")) {
        const p = responseUrl?.pathname ?? "";
        path = p.startsWith("/") ? `/${p.slice(1, p.lastIndexOf("/"))}` : "/";
        cookie.path = path;
      }
      path = path.replace(/\/+$/, "");
      const maxAge = cookie["max-age"];
      if (maxAge) {
        const delta = /^-?\d+$/.test(maxAge) ? Number.parseInt(maxAge, 10) : Number.NaN;
        if (Number.isNaN(delta)) cookie["max-age"] = "";
        else
          this._expirations.set(
            `${domain}\0${path}\0${name}`,
            Math.min(Date.now() / 1000 + delta, MAX_TIME),
          );
      } else if (cookie.expires) {
        const t = Date.parse(cookie.expires);
        if (Number.isNaN(t)) cookie.expires = "";
        else this._expirations.set(`${domain}\0${path}\0${name}`, t / 1000);
      }
      const key = `${domain}\0${path}`;
      let bucket = this._cookies.get(key);
      if (bucket === undefined) {
        bucket = new Map();
        this._cookies.set(key, bucket);
      }
      bucket.set(name, cookie);
    }
    this._doExpiration();
  }

  /**
   * Stores the cookies of Set-Cookie header values received from `responseUrl`.
   * @example
   * ```ts
   * jar.updateCookiesFromHeaders(resp.headers.getAll("set-cookie"), resp.url);
   * ```
   */
  updateCookiesFromHeaders(headers: readonly string[], responseUrl: URL): void {
    if (headers.length === 0) return;
    this.updateCookies(parseSetCookieHeaders(headers), responseUrl);
  }

  /**
   * The cookies to send with a request to `requestUrl`: shared ones, plus those whose domain and
   * path match (Secure ones only over https or a secure origin).
   * @example
   * ```ts
   * jar.filterCookies(new URL("https://example.com/app/page")).get("sid")?.value;
   * ```
   */
  filterCookies(requestUrl: URL): Map<string, Morsel> {
    const filtered = new Map<string, Morsel>();
    if (this._cookies.size === 0) return filtered;
    this._doExpiration();
    const hostname = requestUrl.hostname.replace(/^\[|\]$/g, "");
    const isSecure =
      requestUrl.protocol === "https:" ||
      requestUrl.protocol === "wss:" ||
      this._secureOrigins.has(requestUrl.origin);
    const shared = this._cookies.get("\0");
    if (shared !== undefined) for (const c of shared.values()) filtered.set(c.key, c);
    let domains: string[];
    if (isIP(hostname) !== 0) {
      if (!this._unsafe) return filtered;
      domains = [hostname];
    } else {
      const labels = hostname.split(".");
      domains = [];
      for (let i = labels.length - 1; i >= 0; i--) domains.push(labels.slice(i).join("."));
    }
    const segments = requestUrl.pathname.split("/");
    const paths: string[] = [];
    let acc = "";
    for (let i = 0; i < segments.length; i++) {
      acc = i === 0 ? (segments[0] as string) : `${acc}/${segments[i]}`;
      paths.push(acc);
    }
    const pathLen = requestUrl.pathname.length;
    for (const d of domains) {
      for (const p of paths) {
        const bucket = this._cookies.get(`${d}\0${p}`);
        if (bucket === undefined) continue;
        for (const [name, cookie] of bucket) {
          if (this._hostOnly.has(`${cookie.domain}\0${name}`) && cookie.domain !== hostname)
            continue;
          if (cookie.path.length > pathLen) continue;
          if (!isSecure && cookie.secure) continue;
          filtered.set(name, cookie);
        }
      }
    }
    return filtered;
  }

  /**
   * Removes the cookies `predicate` selects, or every cookie.
   * @example
   * ```ts
   * jar.clear((c) => c.key.startsWith("tmp_"));
   * ```
   */
  clear(predicate?: (morsel: Morsel) => boolean): void {
    if (predicate === undefined) {
      this._cookies.clear();
      this._hostOnly.clear();
      this._expirations.clear();
      return;
    }
    for (const [key, bucket] of this._cookies) {
      for (const [name, morsel] of bucket) {
        if (predicate(morsel)) {
          bucket.delete(name);
          this._expirations.delete(`${key}\0${name}`);
          this._hostOnly.delete(`${morsel.domain}\0${name}`);
        }
      }
      if (bucket.size === 0) this._cookies.delete(key);
    }
  }

  /**
   * Removes the cookies of `domain` and its subdomains.
   * @example
   * ```ts
   * jar.clearDomain("example.com");
   * ```
   */
  clearDomain(domain: string): void {
    this.clear((m) => isDomainMatch(domain, m.domain));
  }

  private _doExpiration(): void {
    if (this._expirations.size === 0) return;
    const now = Date.now() / 1000;
    for (const [key, when] of this._expirations) {
      if (when > now) continue;
      this._expirations.delete(key);
      const cut = key.lastIndexOf("\0");
      const bucketKey = key.slice(0, cut);
      const name = key.slice(cut + 1);
      const bucket = this._cookies.get(bucketKey);
      if (bucket === undefined) continue;
      const morsel = bucket.get(name);
      bucket.delete(name);
      if (morsel !== undefined) this._hostOnly.delete(`${morsel.domain}\0${name}`);
      if (bucket.size === 0) this._cookies.delete(bucketKey);
    }
  }
}

function isDomainMatch(domain: string, hostname: string): boolean {
  if (hostname === domain) return true;
  if (!hostname.endsWith(domain)) return false;
  if (!hostname.slice(0, hostname.length - domain.length).endsWith(".")) return false;
  return isIP(hostname) === 0;
}

/**
 * aiohttp.DummyCookieJar: keeps no cookies (for sessions that must not carry state).
 * @example
 * ```ts
 * const session = new ClientSession({ cookieJar: new DummyCookieJar() });
 * ```
 */
export class DummyCookieJar implements AbstractCookieJar {
  /**
   * Always 0.
   * @example
   * ```ts
   * new DummyCookieJar().size; // 0
   * ```
   */
  readonly size = 0;
  /** @example `[...jar]; // []` */
  *[Symbol.iterator](): Iterator<Morsel> {}
  /** Ignores the cookies. @example `jar.updateCookies({ a: "1" });` */
  updateCookies(): void {}
  /** Ignores the headers. @example `jar.updateCookiesFromHeaders([], url);` */
  updateCookiesFromHeaders(): void {}
  /** Always empty. @example `jar.filterCookies(url).size; // 0` */
  filterCookies(): Map<string, Morsel> {
    return new Map();
  }
  /** Nothing to clear. @example `jar.clear();` */
  clear(): void {}
  /** Nothing to clear. @example `jar.clearDomain("example.com");` */
  clearDomain(): void {}
}
