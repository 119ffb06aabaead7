/**
 * Python's `repr()`, `str()` and `print()` formats for JavaScript values, so that the demo's
 * examples print exactly what CPython prints: `[2, 6, 24]` (not Node's `[ 2, 6, 24 ]`),
 * `'정말 좋아요'`, `ValueError('에러')`, `b'GIF89a'`, `True`, `None`, `3.0019125938415527`.
 *
 * How JavaScript values map to Python's:
 *
 * | JavaScript | Python |
 * |---|---|
 * | `number` with an integer value, `bigint` | `int` (`2`, `333333283333335000000`) |
 * | other `number`, {@link PyFloat} (`pyFloat(3)`) | `float` (`0.5`, `3.0`, `1e-05`) |
 * | `string` | `str` |
 * | `boolean`, `null` / `undefined` | `True` / `False`, `None` |
 * | `Array` | `list`; {@link tuple}`(...)` makes a `tuple` |
 * | plain object, `Map` | `dict` |
 * | `Set` | `set` |
 * | `Uint8Array` (and `Buffer`) | `bytes` |
 * | `Error` | an exception: `ValueError('에러')`; a plain `Error` is `Exception` |
 * | generator object | `<coroutine object main at 0x…>` (see {@link nameCoroutineFunctions}) |
 * | object with a {@link PY_REPR} method | what that method returns |
 * | class instance with its own `toString` (Future, Task) | `String(value)` |
 *
 * @module
 */

/** Objects may define `[PY_REPR](): string` to choose their own repr. */
export const PY_REPR: unique symbol = Symbol.for("tsio.demo.pyRepr");

/**
 * A Python float whose value happens to be an integer: `pyFloat(3)` prints `3.0`, where the
 * plain number 3 prints `3` (an int). Non-integer numbers are floats without it.
 */
export class PyFloat {
  /**
   * @param value - the float's value.
   * @example
   * ```ts
   * pyRepr(new PyFloat(3)); // "3.0"
   * ```
   */
  constructor(readonly value: number) {}

  /** The float's repr, so that template strings show it the Python way. */
  toString(): string {
    return reprFloat(this.value);
  }
}

/**
 * Marks a number as a Python float: `pyFloat(3)` prints `3.0`.
 * @example
 * ```ts
 * pyPrint(pyFloat(end - start)); // 3.0019125938415527
 * ```
 */
export function pyFloat(value: number): PyFloat {
  return new PyFloat(value);
}

const tuples = new WeakSet<readonly unknown[]>();

/**
 * A Python tuple: a frozen array that prints as `(1, 'a')` (and `(1,)` for one item).
 * @example
 * ```ts
 * pyRepr([tuple(1, "Daisy", 92)]); // "[(1, 'Daisy', 92)]"
 * ```
 */
export function tuple<const T extends unknown[]>(...items: T): Readonly<T> {
  const t = Object.freeze(items);
  tuples.add(t);
  return t;
}

/**
 * True for an array made by {@link tuple}.
 * @example
 * ```ts
 * isTuple(tuple(1, 2)); // true
 * isTuple([1, 2]);      // false
 * ```
 */
export function isTuple(value: unknown): value is readonly unknown[] {
  return Array.isArray(value) && tuples.has(value);
}

const coroutineNames = new WeakMap<object, string>();

/**
 * Tells pyRepr the names of coroutine functions, so that their coroutine objects print as
 * Python's `<coroutine object main at 0x7f3405445cc0>`. (A JavaScript generator object does not
 * know the function that made it; its prototype is that function's `prototype`.)
 * @example
 * ```ts
 * function* main() {}
 * nameCoroutineFunctions(main);
 * pyRepr(main()); // "<coroutine object main at 0x7f3405445cc0>"
 * ```
 */
export function nameCoroutineFunctions(...fns: Array<(...args: never[]) => Generator>): void {
  for (const fn of fns) coroutineNames.set(fn.prototype as object, fn.name);
}

const addresses = new WeakMap<object, string>();
let nextAddress = 0x7f3405445cc0;

/**
 * A made-up but stable memory address for an object, as Python shows in `<... at 0x...>`.
 * @example
 * ```ts
 * addressOf(obj); // "0x7f3405445cc0", the same every time for obj
 * ```
 */
export function addressOf(value: object): string {
  let address = addresses.get(value);
  if (address === undefined) {
    address = `0x${nextAddress.toString(16)}`;
    nextAddress += 0x1c0;
    addresses.set(value, address);
  }
  return address;
}

/**
 * Python's `repr(float)`: the shortest string that reads back as the same double, in fixed
 * notation between 1e-4 and 1e16 (always with a `.`), otherwise as `1e-05`, `1.5e+16`.
 * @example
 * ```ts
 * reprFloat(3);     // "3.0"
 * reprFloat(1e-5);  // "1e-05"
 * reprFloat(0.1 + 0.2); // "0.30000000000000004"
 * ```
 */
export function reprFloat(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Number.POSITIVE_INFINITY) return "inf";
  if (x === Number.NEGATIVE_INFINITY) return "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const sign = x < 0 ? "-" : "";
  // toExponential() without an argument gives the shortest round-tripping digits, as repr does.
  const [mantissa, expText] = Math.abs(x).toExponential().split("e") as [string, string];
  const digits = mantissa.replace(".", "");
  const exp = Number(expText);
  const decpt = exp + 1;
  if (decpt > -4 && decpt <= 16) {
    if (decpt <= 0) return `${sign}0.${"0".repeat(-decpt)}${digits}`;
    if (decpt >= digits.length) return `${sign}${digits}${"0".repeat(decpt - digits.length)}.0`;
    return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
  }
  const frac = digits.length > 1 ? `.${digits.slice(1)}` : "";
  const expSign = exp < 0 ? "-" : "+";
  return `${sign}${digits[0]}${frac}e${expSign}${String(Math.abs(exp)).padStart(2, "0")}`;
}

/**
 * Python's `format(x, '.Nf')` (`f'{x:.2f}'`): fixed notation rounded half to even on the
 * double's exact value, as CPython does. (`Number#toFixed` rounds exact ties up:
 * `(0.125).toFixed(2)` is `0.13` where Python prints `0.12`.)
 * @example
 * ```ts
 * formatFixed(1.234, 2); // "1.23"
 * formatFixed(0.125, 2); // "0.12"
 * ```
 */
export function formatFixed(x: number, digits: number): string {
  if (!Number.isInteger(digits) || digits < 0) {
    throw new RangeError(`formatFixed needs a whole number of digits >= 0, got ${digits}`);
  }
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  const negative = x < 0 || Object.is(x, -0);
  // The double as m * 2**e, exactly.
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const m = biased === 0 ? fraction : fraction | (1n << 52n);
  const e = (biased === 0 ? 1 : biased) - 1075;
  const scale = 10n ** BigInt(digits);
  let q: bigint;
  if (e >= 0) {
    q = (m << BigInt(e)) * scale;
  } else {
    const num = m * scale;
    const den = 1n << BigInt(-e);
    q = num / den;
    const twice = 2n * (num % den);
    if (twice > den || (twice === den && q % 2n === 1n)) q += 1n;
  }
  let text = q.toString().padStart(digits + 1, "0");
  if (digits > 0) text = `${text.slice(0, -digits)}.${text.slice(-digits)}`;
  return negative ? `-${text}` : text;
}

const unprintable = /^[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]$/u;

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, "0");
}

/**
 * Python's `repr(str)`: single quotes unless the text holds a `'` and no `"`; backslash escapes
 * for `\\`, the quote, `\t`, `\n`, `\r`, control characters (`\x1b`) and other characters that
 * Python does not print (`\xa0`, `\u200b`, lone surrogates `\ud800`).
 * @example
 * ```ts
 * reprStr("정말 좋아요"); // "'정말 좋아요'"
 * reprStr("it's");        // "\"it's\""
 * ```
 */
export function reprStr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (ch === quote || ch === "\\") out += `\\${ch}`;
    else if (ch === "\t") out += "\\t";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (code < 0x20 || code === 0x7f) out += `\\x${hex(code, 2)}`;
    else if (code < 0x7f) out += ch;
    else if (!unprintable.test(ch)) out += ch;
    else if (code <= 0xff) out += `\\x${hex(code, 2)}`;
    else if (code <= 0xffff) out += `\\u${hex(code, 4)}`;
    else out += `\\U${hex(code, 8)}`;
  }
  return out + quote;
}

/**
 * Python's `repr(bytes)`: `b'GIF89a'`, with `\xNN` for bytes outside printable ASCII.
 * @example
 * ```ts
 * reprBytes(new Uint8Array([0x1e, 0xec, 0x57])); // "b'\\x1e\\xecW'"
 * ```
 */
export function reprBytes(bytes: Uint8Array): string {
  const quote = bytes.includes(0x27) && !bytes.includes(0x22) ? '"' : "'";
  const quoteByte = quote.charCodeAt(0);
  let out = `b${quote}`;
  for (const b of bytes) {
    if (b === quoteByte || b === 0x5c) out += `\\${String.fromCharCode(b)}`;
    else if (b === 0x09) out += "\\t";
    else if (b === 0x0a) out += "\\n";
    else if (b === 0x0d) out += "\\r";
    else if (b < 0x20 || b >= 0x7f) out += `\\x${hex(b, 2)}`;
    else out += String.fromCharCode(b);
  }
  return out + quote;
}

/** The Python class name of an error: a plain `Error` is Python's `Exception`. */
function exceptionName(error: Error): string {
  const name = error.name || error.constructor?.name || "Exception";
  return name === "Error" ? "Exception" : name;
}

/** Python's `exc.args`: an `args` array when the error has one, else `(message,)` or `()`. */
function exceptionArgs(error: Error): readonly unknown[] {
  const args = (error as Error & { args?: unknown }).args;
  if (Array.isArray(args)) return args;
  return error.message === "" ? [] : [error.message];
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function hasOwnToString(value: object): boolean {
  // Look for a toString below Object.prototype in the chain (Future, Task, URL...).
  let proto = Object.getPrototypeOf(value);
  while (proto !== null && proto !== Object.prototype) {
    if (Object.hasOwn(proto, "toString")) return true;
    proto = Object.getPrototypeOf(proto);
  }
  return false;
}

function isGeneratorObject(value: object): value is Generator {
  return Object.prototype.toString.call(value) === "[object Generator]";
}

function reprInner(value: unknown, seen: Set<object>): string {
  switch (typeof value) {
    case "string":
      return reprStr(value);
    case "number":
      return Number.isInteger(value) ? BigInt(value).toString() : reprFloat(value);
    case "bigint":
      return value.toString();
    case "boolean":
      return value ? "True" : "False";
    case "undefined":
      return "None";
    case "symbol":
      return value.toString();
    case "function":
      if (/^class[\s{]/.test(Function.prototype.toString.call(value))) {
        return `<class '${value.name}'>`;
      }
      return `<function ${value.name || "<lambda>"} at ${addressOf(value)}>`;
  }
  if (value === null) return "None";
  const obj = value as object;
  const custom = (obj as { [PY_REPR]?: unknown })[PY_REPR];
  if (typeof custom === "function") return String(custom.call(obj));
  if (obj instanceof PyFloat) return reprFloat(obj.value);
  if (obj instanceof Uint8Array) return reprBytes(obj);
  if (obj instanceof Error) {
    const args = exceptionArgs(obj).map((a) => reprInner(a, seen));
    return `${exceptionName(obj)}(${args.join(", ")})`;
  }
  if (isGeneratorObject(obj)) {
    const name = coroutineNames.get(Object.getPrototypeOf(obj)) ?? "<unknown>";
    return `<coroutine object ${name} at ${addressOf(obj)}>`;
  }
  const isArray = Array.isArray(obj);
  const isDictLike = obj instanceof Map || (!isArray && isPlainObject(obj));
  if (isArray || isDictLike || obj instanceof Set) {
    if (seen.has(obj)) {
      if (isArray) return isTuple(obj) ? "(...)" : "[...]";
      return "{...}";
    }
    seen.add(obj);
    try {
      if (isArray) {
        const items = (obj as unknown[]).map((v) => reprInner(v, seen));
        if (!isTuple(obj)) return `[${items.join(", ")}]`;
        return items.length === 1 ? `(${items[0]},)` : `(${items.join(", ")})`;
      }
      if (obj instanceof Set) {
        if (obj.size === 0) return "set()";
        return `{${[...obj].map((v) => reprInner(v, seen)).join(", ")}}`;
      }
      const entries = obj instanceof Map ? [...obj] : Object.entries(obj);
      const parts = entries.map(([k, v]) => `${reprInner(k, seen)}: ${reprInner(v, seen)}`);
      return `{${parts.join(", ")}}`;
    } finally {
      seen.delete(obj);
    }
  }
  if (hasOwnToString(obj)) return String(obj);
  const className = (obj.constructor as { name?: string } | undefined)?.name || "object";
  return `<${className} object at ${addressOf(obj)}>`;
}

/**
 * Python's `repr(value)` for a JavaScript value (see the module's table).
 * @example
 * ```ts
 * pyRepr([2, 6, new ValueError("에러")]); // "[2, 6, ValueError('에러')]"
 * pyRepr({ a: 1 });                      // "{'a': 1}"
 * pyRepr(null);                          // "None"
 * ```
 */
export function pyRepr(value: unknown): string {
  return reprInner(value, new Set());
}

/**
 * Python's `str(value)`: text as it is, an exception as its message (`str(ValueError('x'))` is
 * `x`), anything else as its repr.
 * @example
 * ```ts
 * pyStr("hello");                 // "hello"
 * pyStr(new ValueError("에러"));  // "에러"
 * pyStr([1, "a"]);                // "[1, 'a']"
 * ```
 */
export function pyStr(value: unknown): string {
  if (typeof value === "string") return value;
  if (value instanceof Error && typeof (value as { [PY_REPR]?: unknown })[PY_REPR] !== "function") {
    const args = exceptionArgs(value);
    if (args.length === 0) return "";
    if (args.length === 1) return pyStr(args[0]);
    return pyRepr(tuple(...args));
  }
  return pyRepr(value);
}

/**
 * The line Python's `print(*values, sep=sep)` writes, without the end: each value's `str()`,
 * joined by `sep` (one space by default).
 * @example
 * ```ts
 * pyFormat(["High Scores:", [tuple(1, "Daisy", 92)]]); // "High Scores: [(1, 'Daisy', 92)]"
 * ```
 */
export function pyFormat(values: readonly unknown[], sep = " "): string {
  return values.map(pyStr).join(sep);
}

/**
 * Python's `print(*values)`: writes the values' `str()`, joined by spaces, and a newline to
 * standard output.
 * @example
 * ```ts
 * pyPrint([2, 6, 24]); // prints [2, 6, 24]
 * pyPrint("total loop elapsed ", pyFloat(3.0027339458465576)); // two spaces, as in Python
 * ```
 */
export function pyPrint(...values: unknown[]): void {
  process.stdout.write(`${pyFormat(values)}\n`);
}

/**
 * `str(type(value))` for the values the seeds ask about: `<class 'generator'>`, `<class 'int'>`.
 * @example
 * ```ts
 * pyType((function* () {})()); // "<class 'generator'>"
 * ```
 */
export function pyType(value: unknown): string {
  let name: string;
  if (value === null || value === undefined) name = "NoneType";
  else if (typeof value === "string") name = "str";
  else if (typeof value === "boolean") name = "bool";
  else if (typeof value === "bigint") name = "int";
  else if (typeof value === "number") name = Number.isInteger(value) ? "int" : "float";
  else if (value instanceof PyFloat) name = "float";
  else if (typeof value === "function") name = "function";
  else if (isGeneratorObject(value as object)) name = "generator";
  else if (isTuple(value)) name = "tuple";
  else if (Array.isArray(value)) name = "list";
  else if (value instanceof Uint8Array) name = "bytes";
  else if (value instanceof Set) name = "set";
  else if (value instanceof Map || isPlainObject(value as object)) name = "dict";
  else if (value instanceof Error) name = exceptionName(value);
  else name = (value as object).constructor?.name ?? "object";
  return `<class '${name}'>`;
}

/**
 * The last line of the traceback Python prints for an uncaught exception: `ValueError: 에러`,
 * or just `ValueError` when its message is empty.
 * @example
 * ```ts
 * pyExceptionLine(new ValueError("에러")); // "ValueError: 에러"
 * ```
 */
export function pyExceptionLine(error: unknown): string {
  if (!(error instanceof Error)) return `Exception: ${pyStr(error)}`;
  const text = pyStr(error);
  return text === "" ? exceptionName(error) : `${exceptionName(error)}: ${text}`;
}
