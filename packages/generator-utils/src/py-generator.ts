import { close, next, send, sendStep, throwInto } from "./protocol.js";
import { type GeneratorLike, type GeneratorState, getGeneratorState, resume } from "./state.js";

/**
 * A JS generator with Python's generator methods: `next()` (Python's `__next__`), `send`,
 * `throw`, `close`, and `state` (`inspect.getgeneratorstate`). It shares its state with the free
 * functions {@link next}, {@link send}, {@link throwInto} and {@link close} on the same generator.
 *
 * Iterating it (`for...of`, `yield*`, spread) goes through the same bookkeeping, and as in
 * Python, a `break` out of the loop leaves the generator suspended rather than closing it.
 * `using` closes it at the end of the scope, like `contextlib.closing(gen)`.
 *
 * @example
 * ```ts
 * function* test(): Generator<number, string, string> {
 *   const val = yield 1;
 *   console.log(val);
 *   yield 2;
 *   return "done";
 * }
 * const gen = new PyGenerator(test());
 * gen.next(); // 1
 * gen.send("abc"); // prints "abc", returns 2
 * gen.state; // "GEN_SUSPENDED"
 * gen.close(); // undefined: the generator did not catch GeneratorExit
 * ```
 */
export class PyGenerator<Y, R = unknown, S = undefined>
  implements Iterable<Y, R, S | undefined>, Disposable
{
  /**
   * The wrapped generator, for the functions of this package that take one.
   * @example
   * ```ts
   * function* count() { yield 1; yield 2; }
   * const gen = new PyGenerator(count());
   * getGeneratorState(gen.gen); // "GEN_CREATED"
   * ```
   */
  readonly gen: GeneratorLike<Y, R, S>;

  constructor(gen: GeneratorLike<Y, R, S>) {
    this.gen = gen;
  }

  /**
   * Python's `gen.__next__()`: the next yielded value.
   * @throws {StopIteration} when the generator returns.
   * @example
   * ```ts
   * function* g() { yield 1; }
   * new PyGenerator(g()).next(); // 1
   * ```
   */
  next(): Y {
    return next(this.gen);
  }

  /**
   * Python's `gen.send(value)`.
   * @throws {TypeError} when sending a value to a just-started generator.
   * @throws {StopIteration} when the generator returns.
   * @example
   * ```ts
   * gen.next();
   * gen.send("abc");
   * ```
   */
  send(value: S | undefined): Y {
    return send(this.gen, value);
  }

  /**
   * Python's `gen.throw(exc)`: throws `exc` at the paused `yield`, returns the next yielded value.
   * @throws {StopIteration} when the generator catches `exc` and returns.
   * @example
   * ```ts
   * gen.throw(new Error("!"));
   * ```
   */
  throw(exc: unknown): Y {
    return throwInto(this.gen, exc);
  }

  /**
   * Python's `gen.close()`: throws GeneratorExit at the paused `yield`.
   * @throws {RuntimeError} "generator ignored GeneratorExit" when the generator yields instead.
   * @example
   * ```ts
   * gen.close();
   * ```
   */
  close(): R | undefined {
    return close(this.gen);
  }

  /**
   * Python's `inspect.getgeneratorstate(gen)`.
   * @example
   * ```ts
   * gen.state; // "GEN_CREATED"
   * ```
   */
  get state(): GeneratorState {
    return getGeneratorState(this.gen);
  }

  /**
   * An iterator over the generator with the same bookkeeping (and the just-started check of
   * `send`). It has no `return`, so a `break` does not close the generator, as in Python.
   * @example
   * ```ts
   * for (const x of gen) if (x > 1) break;
   * gen.next(); // goes on after the break
   * ```
   */
  [Symbol.iterator](): Iterator<Y, R, S | undefined> {
    const gen = this.gen;
    return {
      next: (...value: [] | [S | undefined]) => sendStep(gen, value[0]),
      throw: (e: unknown) => resume(gen, () => gen.throw(e), true),
    };
  }

  /**
   * Closes the generator: `using gen = new PyGenerator(work())`.
   * @example
   * ```ts
   * {
   *   using gen = new PyGenerator(work());
   *   gen.next();
   * } // gen.close() ran here
   * ```
   */
  [Symbol.dispose](): void {
    this.close();
  }
}
