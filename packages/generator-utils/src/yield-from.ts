import { GeneratorExit } from "./exceptions.js";
import { close } from "./protocol.js";
import { type GeneratorLike, resume } from "./state.js";

/**
 * Python's `yield from` to the letter (PEP 380), for the few cases where JS's `yield*` differs:
 * write `yield* yieldFrom(inner)` where Python has `yield from inner`.
 *
 * Plain `yield*` already is `yield from` for sends, throws and return values. It differs in that:
 * - GeneratorExit (from {@link close}) is forwarded to the inner generator with `throw`, so an inner
 *   generator that catches it and returns lets the outer one go on. PEP 380 closes the inner one,
 *   then raises GeneratorExit in the outer one whatever the inner one did; here too.
 * - An error thrown while delegating to an iterator without `throw` (an array's, a Map's) becomes
 *   a TypeError in JS. PEP 380 raises the error itself in the outer generator; here too.
 * - A JS `gen.return()` (a `break` in a `for...of`) reaches the inner iterator as `return()`.
 *   Python has no such call; here the inner generator is closed as Python closes it when the
 *   outer one is collected: GeneratorExit at its paused `yield`.
 *
 * @returns the inner iterator's return value.
 * @example
 * ```ts
 * function* inner() {
 *   try { yield 1; } catch (e) { if (e instanceof GeneratorExit) return "cleaned up"; throw e; }
 * }
 * function* outer() {
 *   const v = yield* yieldFrom(inner());
 *   console.log("never reached after close()", v);
 * }
 * const gen = outer();
 * next(gen);
 * close(gen); // the inner generator returned, yet GeneratorExit still ends the outer one
 * ```
 */
export function* yieldFrom<Y, R, S>(iterable: Iterable<Y, R, S>): Generator<Y, R, S> {
  const it = iterable[Symbol.iterator]();
  // Each step goes through resume, so the inner generator's state is kept and a StopIteration
  // escaping it becomes RuntimeError at its own boundary, as in Python.
  let r = resume(it, () => it.next(), false);
  let atYield = false; // true only while suspended at our yield: then a finally means return()
  try {
    while (!r.done) {
      let sent: S;
      try {
        atYield = true;
        sent = yield r.value;
        atYield = false;
      } catch (e) {
        atYield = false;
        if (e instanceof GeneratorExit) {
          closeIterator(it);
          throw e;
        }
        if (typeof it.throw !== "function") throw e;
        const { throw: throwIt } = it;
        r = resume(it, () => throwIt.call(it, e), true);
        continue;
      }
      r = resume(it, () => it.next(sent), false);
    }
    return r.value;
  } finally {
    if (atYield) closeIterator(it);
  }
}

function closeIterator<Y, R, S>(it: Iterator<Y, R, S>): void {
  if (typeof it.throw === "function") close(it as GeneratorLike<Y, R, never>);
  else it.return?.();
}
