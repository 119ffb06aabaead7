import { GeneratorExit, RuntimeError, StopIteration } from "./exceptions.js";
import { type GeneratorLike, getGeneratorState, resume } from "./state.js";

/**
 * Python's builtin `next(gen)`: resumes the generator and returns the value it yields. When it
 * returns instead, throws {@link StopIteration} carrying the return value, or, given a second
 * argument, returns that default as `next(gen, default)` does.
 *
 * @throws {StopIteration} when the generator returns (and no default is given).
 * @throws {RuntimeError} "generator raised StopIteration" when one escapes the generator's code.
 * @example
 * ```ts
 * function* test() { yield 1; yield 2; }
 * const gen = test();
 * next(gen); // 1
 * next(gen); // 2
 * next(gen, "done"); // "done"
 * next(gen); // throws StopIteration
 * ```
 */
export function next<Y>(gen: Iterator<Y, unknown, never>): Y;
export function next<Y, D>(gen: Iterator<Y, unknown, never>, defaultValue: D): Y | D;
export function next<Y, D>(gen: Iterator<Y, unknown, never>, ...defaultValue: [D?]): Y | D {
  const r = resume(gen, () => gen.next(), false);
  if (!r.done) return r.value;
  if (defaultValue.length > 0) return defaultValue[0] as D;
  throw new StopIteration(r.value);
}

/**
 * Python's `gen.send(value)`: resumes the generator so that its paused `yield` evaluates to
 * `value`, and returns the next value it yields. `send(gen, undefined)` is `next(gen)`.
 *
 * @throws {TypeError} when sending a value other than undefined to a just-started generator.
 * @throws {StopIteration} when the generator returns; `value` is its return value.
 * @throws {RuntimeError} "generator raised StopIteration" when one escapes the generator's code.
 * @example
 * ```ts
 * function* test(): Generator<number, void, string> {
 *   const val = yield 1;
 *   console.log(val);
 *   yield 2;
 * }
 * const gen = test();
 * next(gen); // 1
 * send(gen, "abc"); // prints "abc", returns 2
 * ```
 */
export function send<Y, S>(gen: Iterator<Y, unknown, S>, value: S | undefined): Y {
  const r = sendStep(gen, value);
  if (r.done) throw new StopIteration(r.value);
  return r.value;
}

/** One `send`, as an IteratorResult: shared with PyGenerator's iterator, which `yield*` drives. */
export function sendStep<Y, R, S>(
  gen: Iterator<Y, R, S>,
  value: S | undefined,
): IteratorResult<Y, R> {
  if (value !== undefined && getGeneratorState(gen) === "GEN_CREATED") {
    throw new TypeError(
      "can't send non-None value to a just-started generator: start it with next(gen) first " +
        "(a generator advanced only by native gen.next() calls still counts as just started)",
    );
  }
  return resume(gen, () => gen.next(value as S), false);
}

/**
 * Python's `gen.throw(exc)`: throws `exc` into the generator at its paused `yield` and returns
 * the next value it yields. An Error class is instantiated, as `gen.throw(ValueError)` does.
 * Thrown into a generator that has not started or has finished, `exc` comes straight back out.
 *
 * @throws {StopIteration} when the generator catches `exc` and returns.
 * @throws whatever the generator does not catch, `exc` included.
 * @example
 * ```ts
 * function* test() {
 *   try { yield 1; } catch (e) { yield `caught ${(e as Error).message}`; }
 * }
 * const gen = test();
 * next(gen); // 1
 * throwInto(gen, new Error("!")); // "caught !"
 * ```
 */
export function throwInto<Y>(gen: GeneratorLike<Y, unknown, never>, exc: unknown): Y {
  const error = isErrorClass(exc) ? new exc() : exc;
  const r = resume(gen, () => gen.throw(error), true);
  if (r.done) throw new StopIteration(r.value);
  return r.value;
}

/**
 * Python's `gen.close()`: throws {@link GeneratorExit} into the generator at its paused `yield`
 * (so its `catch` and `finally` blocks run, which JS's `gen.return()` would skip for `catch`).
 * Returns the generator's return value if it returns (Python 3.13), else undefined. Closing a
 * generator that has not started or has finished does nothing.
 *
 * @throws {RuntimeError} "generator ignored GeneratorExit" when the generator yields instead.
 * @throws any other error the generator throws while closing.
 * @example
 * ```ts
 * function* f() {
 *   try { yield; } catch (e) { if (e instanceof GeneratorExit) return 0; throw e; }
 * }
 * const gen = f();
 * next(gen);
 * close(gen); // 0
 * close(gen); // undefined: already closed
 * ```
 */
export function close<R>(gen: GeneratorLike<unknown, R, never>): R | undefined {
  if (getGeneratorState(gen) === "GEN_CLOSED") return undefined;
  let r: IteratorResult<unknown, R>;
  try {
    r = resume(gen, () => gen.throw(new GeneratorExit()), true);
  } catch (e) {
    if (e instanceof GeneratorExit) return undefined;
    throw e;
  }
  if (!r.done) throw new RuntimeError("generator ignored GeneratorExit");
  return r.value;
}

/**
 * Advances a coroutine-style generator to its first `yield` and returns it, ready for
 * {@link send}: what the classic `@coroutine` priming decorator does with `next(gen)`.
 *
 * @throws {StopIteration} when the generator returns before yielding.
 * @example
 * ```ts
 * function* averager(): Generator<number | undefined, never, number> {
 *   let total = 0;
 *   let count = 0;
 *   let average: number | undefined;
 *   while (true) {
 *     total += yield average;
 *     count += 1;
 *     average = total / count;
 *   }
 * }
 * const avg = prime(averager());
 * send(avg, 10); // 10
 * send(avg, 30); // 20
 * ```
 */
export function prime<G extends Iterator<unknown, unknown, never>>(gen: G): G {
  next(gen);
  return gen;
}

function isErrorClass(exc: unknown): exc is new () => Error {
  return typeof exc === "function" && (exc === Error || exc.prototype instanceof Error);
}
