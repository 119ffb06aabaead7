/**
 * multidict's CIMultiDict and CIMultiDictProxy: ordered, multi-valued, case-insensitive maps,
 * what aiohttp uses for headers. Iterating gives `[name, value]` pairs (as a JS Map does), one
 * per value, in insertion order.
 * @module
 */

/**
 * What a CIMultiDict can be built from: another multidict, a plain object, pairs.
 * @example
 * ```ts
 * new CIMultiDict([["Accept", "text/html"], ["Accept", "application/json"]]);
 * ```
 */
export type HeadersInit =
  | CIMultiDictProxy
  | Iterable<readonly [string, string]>
  | Record<string, string | number | readonly (string | number)[] | undefined>;

/**
 * multidict.CIMultiDictProxy: a read-only view of a case-insensitive multidict. Response
 * headers are one: `resp.headers.get("content-type")`, `resp.headers.getAll("set-cookie")`.
 *
 * @example
 * ```ts
 * resp.headers.get("Content-Type"); // "application/json"
 * resp.headers.getAll("Set-Cookie"); // ["a=1", "b=2"]
 * for (const [name, value] of resp.headers) console.log(name, value);
 * ```
 */
export class CIMultiDictProxy {
  /** @internal lower-cased names */ _keys: string[] = [];
  /** @internal names as given */ _names: string[] = [];
  /** @internal */ _values: string[] = [];

  /**
   * @param init - a multidict to copy, an object (arrays become several values) or pairs.
   * @example
   * ```ts
   * const h = new CIMultiDictProxy({ Accept: "*\/*" });
   * ```
   */
  constructor(init?: HeadersInit) {
    if (init !== undefined) this._extend(init);
  }

  /** @internal */
  _extend(init: HeadersInit): void {
    if (init instanceof CIMultiDictProxy) {
      this._keys.push(...init._keys);
      this._names.push(...init._names);
      this._values.push(...init._values);
    } else if (typeof (init as Iterable<unknown>)[Symbol.iterator] === "function") {
      for (const [name, value] of init as Iterable<readonly [string, string]>) {
        this._append(name, value);
      }
    } else {
      for (const name of Object.keys(init)) {
        const value = (init as Record<string, unknown>)[name];
        if (value === undefined) continue;
        if (Array.isArray(value)) for (const v of value) this._append(name, String(v));
        else this._append(name, String(value));
      }
    }
  }

  /** @internal */
  _append(name: string, value: string): void {
    this._keys.push(name.toLowerCase());
    this._names.push(name);
    this._values.push(value);
  }

  private _index(key: string): number {
    const k = key.toLowerCase();
    const keys = this._keys;
    for (let i = 0; i < keys.length; i++) if (keys[i] === k) return i;
    return -1;
  }

  /**
   * The first value for `key` (any case), or `defaultValue` (undefined) when absent.
   * @example
   * ```ts
   * headers.get("content-length"); // "42"
   * headers.get("x-missing", "none"); // "none"
   * ```
   */
  get(key: string): string | undefined;
  get<D>(key: string, defaultValue: D): string | D;
  get<D>(key: string, defaultValue?: D): string | D | undefined {
    const i = this._index(key);
    return i < 0 ? defaultValue : this._values[i];
  }

  /**
   * multidict's `getone`: the first value for `key`.
   * @throws {RangeError} (Python: KeyError) when the key is absent and no default is given.
   * @example
   * ```ts
   * headers.getOne("content-type");
   * ```
   */
  getOne(key: string, defaultValue?: string): string {
    const i = this._index(key);
    if (i >= 0) return this._values[i] as string;
    if (defaultValue !== undefined) return defaultValue;
    throw new RangeError(`no header named ${JSON.stringify(key)}: use get() for optional headers`);
  }

  /**
   * multidict's `getall`: every value for `key`, in order (an empty array when absent).
   * @example
   * ```ts
   * headers.getAll("set-cookie"); // ["a=1; Path=/", "b=2"]
   * ```
   */
  getAll(key: string): string[] {
    const k = key.toLowerCase();
    const out: string[] = [];
    for (let i = 0; i < this._keys.length; i++) {
      if (this._keys[i] === k) out.push(this._values[i] as string);
    }
    return out;
  }

  /**
   * True when `key` is present (Python's `key in headers`).
   * @example
   * ```ts
   * headers.has("ETag");
   * ```
   */
  has(key: string): boolean {
    return this._index(key) >= 0;
  }

  /**
   * How many values it holds (Python's `len(headers)`).
   * @example
   * ```ts
   * headers.size; // 5
   * ```
   */
  get size(): number {
    return this._keys.length;
  }

  /**
   * The names, one per value, as they were given.
   * @example
   * ```ts
   * [...headers.keys()];
   * ```
   */
  *keys(): IterableIterator<string> {
    yield* this._names;
  }

  /**
   * The values, in order.
   * @example
   * ```ts
   * [...headers.values()];
   * ```
   */
  *values(): IterableIterator<string> {
    yield* this._values;
  }

  /**
   * `[name, value]` pairs, in order (Python's `items()`).
   * @example
   * ```ts
   * for (const [name, value] of headers.items()) console.log(name, value);
   * ```
   */
  *items(): IterableIterator<[string, string]> {
    for (let i = 0; i < this._keys.length; i++) {
      yield [this._names[i] as string, this._values[i] as string];
    }
  }

  /**
   * Same as `items()`.
   * @example
   * ```ts
   * const pairs = [...headers];
   * ```
   */
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.items();
  }

  /**
   * A mutable copy.
   * @example
   * ```ts
   * const h = resp.headers.copy(); h.set("X-Seen", "1");
   * ```
   */
  copy(): CIMultiDict {
    return new CIMultiDict(this);
  }

  /**
   * A plain object (the last value wins for repeated names; names lower-cased).
   * @example
   * ```ts
   * JSON.stringify(headers.toJSON());
   * ```
   */
  toJSON(): Record<string, string> {
    const out: Record<string, string> = {};
    for (let i = 0; i < this._keys.length; i++)
      out[this._keys[i] as string] = this._values[i] as string;
    return out;
  }

  /**
   * multidict's repr: `<CIMultiDictProxy('Accept': '*\/*')>`.
   * @example
   * ```ts
   * String(headers);
   * ```
   */
  toString(): string {
    const parts = [];
    for (let i = 0; i < this._keys.length; i++)
      parts.push(`'${this._names[i]}': '${this._values[i]}'`);
    return `<${this.constructor.name}(${parts.join(", ")})>`;
  }
}

/**
 * multidict.CIMultiDict: a mutable case-insensitive multidict, for request headers.
 *
 * @example
 * ```ts
 * const headers = new CIMultiDict({ "X-Token": "abc" });
 * headers.add("Accept", "text/html");
 * headers.add("Accept", "application/json");
 * headers.set("x-token", "def"); // replaces every X-Token
 * headers.delete("accept");
 * ```
 */
export class CIMultiDict extends CIMultiDictProxy {
  /**
   * Appends a value, keeping those already there (multidict's `add`).
   * @example
   * ```ts
   * headers.add("Set-Cookie", "a=1");
   * ```
   */
  add(key: string, value: string): void {
    this._append(key, value);
  }

  /**
   * Replaces every value of `key` with `value` (Python's `headers[key] = value`). The first
   * occurrence keeps its place.
   * @example
   * ```ts
   * headers.set("User-Agent", "tsio");
   * ```
   */
  set(key: string, value: string): void {
    const k = key.toLowerCase();
    let found = false;
    let j = 0;
    for (let i = 0; i < this._keys.length; i++) {
      if (this._keys[i] === k) {
        if (found) continue;
        found = true;
        this._names[i] = key;
        this._values[i] = value;
      }
      this._keys[j] = this._keys[i] as string;
      this._names[j] = this._names[i] as string;
      this._values[j] = this._values[i] as string;
      j++;
    }
    this._keys.length = this._names.length = this._values.length = j;
    if (!found) this._append(key, value);
  }

  /**
   * Sets `key` only when it is absent; returns the value it has then (Python's `setdefault`).
   * @example
   * ```ts
   * headers.setDefault("Accept", "*\/*");
   * ```
   */
  setDefault(key: string, value: string): string {
    const v = this.get(key);
    if (v !== undefined) return v;
    this._append(key, value);
    return value;
  }

  /**
   * Removes every value of `key`; returns true when there was one (Python's `del headers[key]`,
   * without the KeyError).
   * @example
   * ```ts
   * headers.delete("Authorization");
   * ```
   */
  delete(key: string): boolean {
    const k = key.toLowerCase();
    let j = 0;
    const n = this._keys.length;
    for (let i = 0; i < n; i++) {
      if (this._keys[i] === k) continue;
      this._keys[j] = this._keys[i] as string;
      this._names[j] = this._names[i] as string;
      this._values[j] = this._values[i] as string;
      j++;
    }
    this._keys.length = this._names.length = this._values.length = j;
    return j !== n;
  }

  /**
   * Removes every value of `key` and returns them (multidict's `popall`).
   * @example
   * ```ts
   * const cookies = headers.popAll("Cookie");
   * ```
   */
  popAll(key: string): string[] {
    const values = this.getAll(key);
    this.delete(key);
    return values;
  }

  /**
   * Adds every pair of `other`, keeping what is there (multidict's `extend`).
   * @example
   * ```ts
   * headers.extend({ "X-A": "1", "X-B": ["2", "3"] });
   * ```
   */
  extend(other: HeadersInit): void {
    this._extend(other);
  }

  /**
   * Sets each name of `other`, replacing what is there (multidict's `update`).
   * @example
   * ```ts
   * headers.update({ "User-Agent": "tsio" });
   * ```
   */
  update(other: HeadersInit): void {
    const incoming = new CIMultiDictProxy(other);
    const seen = new Set<string>();
    for (let i = 0; i < incoming._keys.length; i++) {
      const k = incoming._keys[i] as string;
      if (seen.has(k)) this.add(incoming._names[i] as string, incoming._values[i] as string);
      else {
        seen.add(k);
        this.set(incoming._names[i] as string, incoming._values[i] as string);
      }
    }
  }

  /**
   * Removes everything.
   * @example
   * ```ts
   * headers.clear();
   * ```
   */
  clear(): void {
    this._keys.length = this._names.length = this._values.length = 0;
  }
}

/**
 * Builds a read-only multidict from undici's header object (lower-cased names, repeated
 * headers as arrays).
 * @internal
 */
export function headersFromUndici(
  raw: Record<string, string | string[] | undefined>,
): CIMultiDictProxy {
  const out = new CIMultiDictProxy();
  for (const name in raw) {
    const value = raw[name];
    if (value === undefined) continue;
    if (typeof value === "string") {
      out._keys.push(name);
      out._names.push(name);
      out._values.push(value);
    } else {
      for (const v of value) {
        out._keys.push(name);
        out._names.push(name);
        out._values.push(v);
      }
    }
  }
  return out;
}
