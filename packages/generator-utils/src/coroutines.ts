const GeneratorFunction = Object.getPrototypeOf(function* () {}).constructor as FunctionConstructor;
const GeneratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf((function* () {})()));

/**
 * True for a generator object: what calling a coroutine function (a `function*`) returns.
 * Python's `asyncio.iscoroutine`.
 *
 * @example
 * ```ts
 * function* main() { return 1; }
 * isCoroutine(main()); // true
 * isCoroutine(main);   // false: that is the function
 * ```
 */
export function isCoroutine(value: unknown): value is Generator<unknown, unknown, unknown> {
  if (typeof value !== "object" || value === null) return false;
  // Fast path for native generators, then duck typing for hand-written ones.
  if (Object.getPrototypeOf(Object.getPrototypeOf(value)) === GeneratorPrototype) return true;
  const v = value as Record<string | symbol, unknown>;
  return (
    typeof v.next === "function" &&
    typeof v.throw === "function" &&
    typeof v.return === "function" &&
    typeof v[Symbol.iterator] === "function" &&
    typeof v.then !== "function"
  );
}

/**
 * True for a generator function (`function*`): Python's `asyncio.iscoroutinefunction`.
 *
 * @example
 * ```ts
 * isCoroutineFunction(function* () {}); // true
 * isCoroutineFunction(async () => {});  // false
 * ```
 */
export function isCoroutineFunction(
  value: unknown,
): value is (...args: never[]) => Generator<unknown, unknown, unknown> {
  return typeof value === "function" && value instanceof GeneratorFunction;
}
