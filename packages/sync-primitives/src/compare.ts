/**
 * A comparator: negative when `a` comes first, positive when `b` does, 0 when equal (the
 * contract of `Array.prototype.sort`). PriorityQueue takes one as its `compare` option; a
 * comparator may throw (such as TypeError for items it cannot order), and the put that called
 * it then fails, leaving the queue as it was.
 *
 * @typeParam T - the items compared.
 * @example
 * ```ts
 * const byLength: Comparator<string> = (a, b) => a.length - b.length;
 * const q = new PriorityQueue<string>({ compare: byLength });
 * ```
 */
export type Comparator<T> = (a: T, b: T) => number;

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "object") return (v as object).constructor?.name ?? "object";
  return typeof v;
}

function incomparable(a: unknown, b: unknown): TypeError {
  return new TypeError(
    `'<' not supported between instances of '${typeName(a)}' and '${typeName(b)}': ` +
      "give PriorityQueue a compare function, or put [priority, counter, item] tuples so that " +
      "equal priorities never compare the items",
  );
}

/** Compares strings by code point, as Python does (JS `<` compares UTF-16 code units). */
function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      // Astral characters are surrogate pairs: compare whole code points there.
      return (a.codePointAt(i) as number) - (b.codePointAt(i) as number);
    }
  }
  return a.length - b.length;
}

function isNumeric(v: unknown): v is number | bigint | boolean {
  const t = typeof v;
  return t === "number" || t === "bigint" || t === "boolean";
}

/**
 * The default order of {@link PriorityQueue}, Python's `<` for the values it is defined on:
 * - numbers, bigints and booleans by value (booleans are 0 and 1, as in Python);
 * - strings by code point;
 * - arrays as Python tuples: element by element, the first unequal pair decides, a shorter
 *   prefix comes first. Elements equal by identity (`===`) are not compared, so in
 *   `[priority, data]` the data is only compared when the priorities are equal.
 *
 * Anything else (objects, null, undefined, a number against a string) throws TypeError, as
 * Python does: give the queue a `compare` function, or add a tie-breaking counter.
 *
 * @throws {TypeError} for values Python would refuse to order.
 * @example
 * ```ts
 * pythonCompare([1, "b"], [1, "a"]); // > 0
 * pythonCompare([0, "x"], [1]);      // < 0
 * ```
 */
export function pythonCompare(a: unknown, b: unknown): number {
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "string" && typeof b === "string") return compareStrings(a, b);
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const x = a[i];
      const y = b[i];
      if (x === y) continue;
      const c = pythonCompare(x, y);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  if (isNumeric(a) && isNumeric(b)) {
    const x = typeof a === "boolean" ? Number(a) : a;
    const y = typeof b === "boolean" ? Number(b) : b;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  throw incomparable(a, b);
}
