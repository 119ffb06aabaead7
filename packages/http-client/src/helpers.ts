/**
 * Small pieces of aiohttp.helpers: BasicAuth, MIME type parsing, header and method checks,
 * text decoding with Python's codec names.
 * @module
 */
import { TextDecoder } from "node:util";
import { ValueError } from "@tsio/future";

/**
 * aiohttp.BasicAuth: HTTP Basic credentials. Pass it as the session's or a request's `auth`.
 *
 * @example
 * ```ts
 * const session = new ClientSession({ auth: new BasicAuth("user", "pass") });
 * new BasicAuth("user", "pass").encode(); // "Basic dXNlcjpwYXNz"
 * ```
 */
export class BasicAuth {
  /**
   * @param login - the user name; may not contain ":".
   * @param password - the password (default "").
   * @param encoding - how the credentials are encoded before base64 (default "latin1", as
   *   aiohttp; "utf-8" for non-Latin-1 names).
   * @throws {ValueError} when the login contains ":".
   * @example
   * ```ts
   * new BasicAuth("user", "pass", "utf-8");
   * ```
   */
  constructor(
    readonly login: string,
    readonly password = "",
    readonly encoding: "latin1" | "utf-8" = "latin1",
  ) {
    if (login.includes(":")) {
      throw new ValueError('A ":" is not allowed in login (RFC 1945#section-11.1)');
    }
  }

  /**
   * The Authorization header value: `Basic <base64(login:password)>`.
   * @example
   * ```ts
   * headers.set("Authorization", auth.encode());
   * ```
   */
  encode(): string {
    const bytes = Buffer.from(
      `${this.login}:${this.password}`,
      this.encoding === "utf-8" ? "utf8" : "latin1",
    );
    return `Basic ${bytes.toString("base64")}`;
  }

  /**
   * Parses an Authorization header value back into credentials.
   * @throws {ValueError} for anything but a well-formed Basic header.
   * @example
   * ```ts
   * BasicAuth.decode("Basic dXNlcjpwYXNz").login; // "user"
   * ```
   */
  static decode(header: string, encoding: "latin1" | "utf-8" = "latin1"): BasicAuth {
    const space = header.indexOf(" ");
    if (space < 0) throw new ValueError("Could not parse authorization header.");
    if (header.slice(0, space).toLowerCase() !== "basic") {
      throw new ValueError(`Unknown authorization method ${header.slice(0, space)}`);
    }
    const b64 = header.slice(space + 1);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) throw new ValueError("Invalid base64 encoding.");
    const decoded = Buffer.from(b64, "base64").toString(encoding === "utf-8" ? "utf8" : "latin1");
    const colon = decoded.indexOf(":");
    if (colon < 0) throw new ValueError("Invalid credentials.");
    return new BasicAuth(decoded.slice(0, colon), decoded.slice(colon + 1), encoding);
  }

  /**
   * The credentials in a URL's userinfo (`http://user:pass@host/`), or null.
   * @example
   * ```ts
   * BasicAuth.fromUrl(new URL("http://u:p@example.com/"))?.login; // "u"
   * ```
   */
  static fromUrl(url: URL): BasicAuth | null {
    if (url.username === "" && url.password === "") return null;
    return new BasicAuth(decodeURIComponent(url.username), decodeURIComponent(url.password));
  }
}

/**
 * A parsed MIME type, as aiohttp.helpers.MimeType.
 * @example
 * ```ts
 * parseMimetype("text/html; charset=utf-8").parameters.get("charset"); // "utf-8"
 * ```
 */
export interface MimeType {
  type: string;
  subtype: string;
  suffix: string;
  parameters: Map<string, string>;
}

/**
 * aiohttp.helpers.parse_mimetype: `text/html; charset=utf-8` -> its parts (lower-cased type).
 * @example
 * ```ts
 * parseMimetype("application/hal+json; charset=utf-8");
 * // { type: "application", subtype: "hal", suffix: "json", parameters: Map { charset => "utf-8" } }
 * ```
 */
export function parseMimetype(mimetype: string): MimeType {
  const parameters = new Map<string, string>();
  if (!mimetype) return { type: "", subtype: "", suffix: "", parameters };
  const parts = mimetype.split(";");
  for (let i = 1; i < parts.length; i++) {
    const item = parts[i] as string;
    if (!item) continue;
    const eq = item.indexOf("=");
    const key = (eq < 0 ? item : item.slice(0, eq)).trim().toLowerCase();
    const value = eq < 0 ? "" : stripChars(item.slice(eq + 1), ' "');
    if (!parameters.has(key)) parameters.set(key, value);
  }
  let fulltype = (parts[0] as string).trim().toLowerCase();
  if (fulltype === "*") fulltype = "*/*";
  const slash = fulltype.indexOf("/");
  const type = slash < 0 ? fulltype : fulltype.slice(0, slash);
  let subtype = slash < 0 ? "" : fulltype.slice(slash + 1);
  let suffix = "";
  const plus = subtype.indexOf("+");
  if (plus >= 0) {
    suffix = subtype.slice(plus + 1);
    subtype = subtype.slice(0, plus);
  }
  return { type, subtype, suffix, parameters };
}

function stripChars(s: string, chars: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && chars.includes(s[a] as string)) a++;
  while (b > a && chars.includes(s[b - 1] as string)) b--;
  return s.slice(a, b);
}

const TOKEN_RE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Rejects a method that is not an HTTP token (aiohttp's check).
 * @internal
 */
export function checkMethod(method: string): void {
  if (!TOKEN_RE.test(method)) {
    throw new ValueError(
      `Method cannot contain non-token characters ${JSON.stringify(method)}: use a plain name such as "GET"`,
    );
  }
}

const CTL_RE = /[\r\n\0]/;

/**
 * Rejects header names that are not tokens and values with CR, LF or NUL (header injection).
 * @internal
 */
export function checkHeader(name: string, value: string): void {
  if (!TOKEN_RE.test(name)) {
    throw new ValueError(
      `Invalid header name ${JSON.stringify(name)}: a header name is a token (letters, digits and !#$%&'*+-.^_\`|~)`,
    );
  }
  if (CTL_RE.test(value)) {
    throw new ValueError(
      `Newline or carriage return detected in headers. Potential header injection attack (header ${JSON.stringify(name)}): remove CR, LF and NUL characters from the value`,
    );
  }
}

const LATIN1 = /^(latin[-_]?1|iso[-_]?8859[-_]1|iso8859[-_]?1|l1|cp819|8859)$/;
const decoders = new Map<string, TextDecoder>();

/**
 * Python's codec name -> a canonical name, or null when unknown (codecs.lookup).
 * @internal
 */
export function lookupEncoding(name: string): string | null {
  const n = name.trim().toLowerCase();
  if (LATIN1.test(n)) return "latin-1";
  const label = n.replace(/_/g, "-");
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return null;
  }
}

/**
 * Decodes bytes as Python's `bytes.decode(encoding, errors)` does, for the common codecs.
 * @throws {ValueError} (Python's UnicodeDecodeError) for invalid bytes with errors "strict";
 *   a ValueError (Python: LookupError) for an unknown encoding.
 * @internal
 */
export function decodeBytes(
  data: Uint8Array,
  encoding: string,
  errors: "strict" | "replace",
): string {
  const canonical = lookupEncoding(encoding);
  if (canonical === null) {
    throw new ValueError(
      `unknown encoding: ${encoding} (LookupError): pass a known codec name such as "utf-8"`,
    );
  }
  if (canonical === "latin-1")
    return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("latin1");
  const key = `${canonical}|${errors}`;
  let decoder = decoders.get(key);
  if (decoder === undefined) {
    decoder = new TextDecoder(canonical, { fatal: errors === "strict", ignoreBOM: true });
    decoders.set(key, decoder);
  }
  try {
    return decoder.decode(data);
  } catch (e) {
    throw new ValueError(
      `'${encoding}' codec can't decode the body (UnicodeDecodeError): pass the right encoding to text(), or { errors: "replace" }`,
      { cause: e },
    );
  }
}
