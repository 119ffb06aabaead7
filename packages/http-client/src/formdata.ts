/**
 * aiohttp.FormData: form fields sent as `application/x-www-form-urlencoded`, or as
 * `multipart/form-data` once a field is a file, bytes, a stream, or has a filename or content type.
 * @module
 */
import { randomBytes } from "node:crypto";
import { checkHeader } from "./helpers.js";

/**
 * A field value: text, bytes, or a stream of bytes (a file).
 * @example
 * ```ts
 * form.addField("file", createReadStream("a.txt"));
 * ```
 */
export type FieldValue = string | number | Uint8Array | AsyncIterable<Uint8Array | string>;

/**
 * Options of {@link FormData.addField}: aiohttp's keyword arguments.
 * @example
 * ```ts
 * form.addField("photo", bytes, { filename: "a.jpg", contentType: "image/jpeg" });
 * ```
 */
export interface AddFieldOptions {
  /** The part's Content-Type (makes the form multipart). */
  contentType?: string;
  /** The part's file name (makes the form multipart). */
  filename?: string;
}

/**
 * Options of the {@link FormData} constructor.
 * @example
 * ```ts
 * new FormData({ a: "1" }, { quoteFields: false });
 * ```
 */
export interface FormDataOptions {
  /** Percent-quote names and file names in Content-Disposition (default true). */
  quoteFields?: boolean;
  /** The charset for url-encoding and text parts (default utf-8). */
  charset?: string;
  /** The multipart boundary (default: random). */
  boundary?: string;
}

interface Field {
  name: string;
  value: FieldValue;
  contentType: string | undefined;
  filename: string | undefined;
}

/** What a request sends: the body for undici, its type, whether it may be sent twice. @internal */
export interface PreparedBody {
  body: string | Buffer | AsyncIterable<Uint8Array | string> | null;
  contentType: string | null;
  replayable: boolean;
}

/** Python's urllib.parse.quote(value, safe=""). */
function quote(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Python's urlencode with quote_plus. @internal */
export function urlencode(pairs: Iterable<readonly [string, string]>): string {
  const out: string[] = [];
  for (const [k, v] of pairs)
    out.push(`${quote(k).replace(/%20/g, "+")}=${quote(v).replace(/%20/g, "+")}`);
  return out.join("&");
}

function isAsyncIterable(v: unknown): v is AsyncIterable<Uint8Array | string> {
  return (
    typeof v === "object" &&
    v !== null &&
    typeof (v as AsyncIterable<unknown>)[Symbol.asyncIterator] === "function"
  );
}

/**
 * aiohttp.FormData: a form to send as a request's `data`.
 *
 * @example
 * ```ts
 * const form = new FormData();
 * form.addField("title", "holiday");
 * form.addField("photo", createReadStream("beach.jpg"), { filename: "beach.jpg", contentType: "image/jpeg" });
 * yield* session.post(url, { data: form });
 * ```
 */
export class FormData {
  private readonly _fields: Field[] = [];
  private _isMultipart = false;
  private readonly _quoteFields: boolean;
  private readonly _charset: string | null;
  private readonly _boundary: string;

  /**
   * @param fields - initial fields: an object, or `[name, value]` pairs.
   * @param options - `{ quoteFields, charset, boundary }`.
   * @example
   * ```ts
   * new FormData({ user: "ann", age: 7 });
   * ```
   */
  constructor(
    fields?: Record<string, FieldValue> | Iterable<readonly [string, FieldValue]>,
    options: FormDataOptions = {},
  ) {
    this._quoteFields = options.quoteFields ?? true;
    this._charset = options.charset ?? null;
    this._boundary = options.boundary ?? randomBytes(16).toString("hex");
    if (fields !== undefined) {
      const pairs =
        typeof (fields as Iterable<unknown>)[Symbol.iterator] === "function"
          ? (fields as Iterable<readonly [string, FieldValue]>)
          : Object.entries(fields as Record<string, FieldValue>);
      for (const [name, value] of pairs) this.addField(name, value);
    }
  }

  /**
   * True when the form will be sent as multipart/form-data.
   * @example
   * ```ts
   * form.isMultipart; // false for text fields only
   * ```
   */
  get isMultipart(): boolean {
    return this._isMultipart;
  }

  /**
   * Adds a field. Bytes without a filename are sent as a file named after the field (aiohttp
   * 3.x); a stream (an AsyncIterable such as `fs.createReadStream`) is sent as a file.
   * @throws {ValueError} for a content type with CR or LF.
   * @example
   * ```ts
   * form.addField("file", Buffer.from("data"), { filename: "a.bin" });
   * ```
   */
  addField(name: string, value: FieldValue, options: AddFieldOptions = {}): void {
    let filename = options.filename;
    if (value instanceof Uint8Array && filename === undefined) filename = name;
    if (isAsyncIterable(value)) {
      this._isMultipart = true;
      const path = (value as { path?: unknown }).path;
      if (filename === undefined && typeof path === "string") filename = path.split(/[\\/]/).pop();
    }
    if (filename !== undefined) this._isMultipart = true;
    if (options.contentType !== undefined) {
      checkHeader("Content-Type", options.contentType);
      this._isMultipart = true;
    }
    this._fields.push({ name, value, contentType: options.contentType, filename });
  }

  /**
   * Adds several fields: objects of name -> value, or `[name, value]` pairs.
   * @example
   * ```ts
   * form.addFields({ a: "1" }, ["b", "2"]);
   * ```
   */
  addFields(...fields: (Record<string, FieldValue> | readonly [string, FieldValue])[]): void {
    for (const f of fields) {
      if (Array.isArray(f)) this.addField(f[0] as string, f[1] as FieldValue);
      else for (const [k, v] of Object.entries(f)) this.addField(k, v);
    }
  }

  /** The body to send. @internal */
  _prepare(): PreparedBody {
    if (!this._isMultipart) {
      const body = urlencode(this._fields.map((f) => [f.name, String(f.value)] as const));
      const charset = this._charset ? `; charset=${this._charset}` : "";
      return { body, contentType: `application/x-www-form-urlencoded${charset}`, replayable: true };
    }
    const b = this._boundary;
    const parts: (Buffer | AsyncIterable<Uint8Array | string>)[] = [];
    let streaming = false;
    for (const f of this._fields) {
      const q = (s: string) => (this._quoteFields ? quote(s) : s.replace(/(["\\])/g, "\\$1"));
      let disposition = `form-data; name="${q(f.name)}"`;
      if (f.filename !== undefined) disposition += `; filename="${q(f.filename)}"`;
      let ctype = f.contentType;
      if (ctype === undefined) {
        ctype =
          typeof f.value === "string" || typeof f.value === "number"
            ? `text/plain; charset=${this._charset ?? "utf-8"}`
            : "application/octet-stream";
      }
      parts.push(
        Buffer.from(
          `--${b}\r\nContent-Type: ${ctype}\r\nContent-Disposition: ${disposition}\r\n\r\n`,
        ),
      );
      const v = f.value;
      if (typeof v === "string" || typeof v === "number") parts.push(Buffer.from(String(v)));
      else if (v instanceof Uint8Array)
        parts.push(Buffer.from(v.buffer, v.byteOffset, v.byteLength));
      else {
        streaming = true;
        parts.push(v);
      }
      parts.push(Buffer.from("\r\n"));
    }
    parts.push(Buffer.from(`--${b}--\r\n`));
    const contentType = `multipart/form-data; boundary=${b}`;
    if (!streaming)
      return { body: Buffer.concat(parts as Buffer[]), contentType, replayable: true };
    return { body: streamParts(parts), contentType, replayable: false };
  }
}

async function* streamParts(
  parts: (Buffer | AsyncIterable<Uint8Array | string>)[],
): AsyncGenerator<Uint8Array | string> {
  for (const p of parts) {
    if (Buffer.isBuffer(p)) yield p;
    else yield* p;
  }
}
