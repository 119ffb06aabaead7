/**
 * The exceptions of Python's generator protocol, named as Python names them.
 *
 * JavaScript has no `BaseException`: a `catch` sees every error, GeneratorExit included. A
 * generator that catches broadly must re-throw GeneratorExit, as `except BaseException` handlers
 * do in Python, or `close()` reports that it ignored it.
 *
 * @module
 */

/**
 * Python's `StopIteration`: thrown by {@link next}, {@link send} and {@link throwInto} when the
 * generator returns instead of yielding. `value` is the generator's return value (`undefined`
 * when it fell off its end), as in Python.
 *
 * @example
 * ```ts
 * function* test() { yield 1; return "abc"; }
 * const gen = test();
 * next(gen); // 1
 * try {
 *   next(gen);
 * } catch (e) {
 *   if (e instanceof StopIteration) console.log(e.value); // abc
 * }
 * ```
 */
export class StopIteration<R = unknown> extends Error {
  /**
   * The generator's return value (undefined when it returned none).
   * @example
   * ```ts
   * new StopIteration("abc").value; // "abc"
   * ```
   */
  readonly value: R;
  constructor(value?: R) {
    // str(StopIteration()) is "" and a traceback shows a bare "StopIteration"; None has no args.
    super(value === undefined || value === null ? "" : describe(value));
    this.name = new.target.name;
    this.value = value as R;
  }
}

/**
 * Python's `GeneratorExit`: what {@link close} throws into a generator at its paused `yield`, so
 * that its `catch` and `finally` blocks run. A generator may catch it to clean up, then return
 * (or re-throw it); yielding instead makes `close()` throw RuntimeError.
 *
 * @example
 * ```ts
 * function* worker() {
 *   try {
 *     while (true) yield;
 *   } catch (e) {
 *     if (e instanceof GeneratorExit) console.log("closing");
 *     throw e;
 *   }
 * }
 * const gen = worker();
 * next(gen);
 * close(gen); // prints "closing"
 * ```
 */
export class GeneratorExit extends Error {
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * Python's `RuntimeError`, as raised by generators: "generator ignored GeneratorExit" (from
 * {@link close}) and "generator raised StopIteration" (PEP 479: a StopIteration that escapes a
 * generator's body is not mistaken for its return; the original is the `cause`).
 *
 * This package depends on nothing, so this is its own class; `e.name === "RuntimeError"` matches
 * it and `@tsio/future`'s RuntimeError alike.
 *
 * @example
 * ```ts
 * function* stubborn() {
 *   try { yield 1; } catch { yield 2; }
 * }
 * const gen = stubborn();
 * next(gen);
 * close(gen); // throws RuntimeError("generator ignored GeneratorExit")
 * ```
 */
export class RuntimeError extends Error {
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

function describe(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value); // e.g. an object with a null prototype
  }
}
