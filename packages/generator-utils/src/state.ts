import { RuntimeError, StopIteration } from "./exceptions.js";

/**
 * A generator's state, as Python's `inspect.getgeneratorstate` names it: created and not yet
 * started, running (its code is on the stack), suspended at a `yield`, or closed. The type of
 * what {@link getGeneratorState} returns; a plain string type, it throws nothing.
 *
 * @example
 * ```ts
 * function* g() { yield 1; }
 * const state: GeneratorState = getGeneratorState(g());
 * if (state === "GEN_CREATED") console.log("not started yet");
 * ```
 */
export type GeneratorState = "GEN_CREATED" | "GEN_RUNNING" | "GEN_SUSPENDED" | "GEN_CLOSED";

/**
 * What {@link send}, {@link throwInto} and {@link close} drive: a JS generator, or any iterator
 * that also has `throw` (such as tsio's hand-written awaitables). `throw` raises the error at
 * the suspended `yield`; it throws it back out when the iterator does not catch it.
 *
 * @typeParam Y - what it yields.
 * @typeParam R - what it returns.
 * @typeParam S - what it is sent.
 * @example
 * ```ts
 * function* g(): Generator<number, string, never> { yield 1; return "done"; }
 * const gen: GeneratorLike<number, string, never> = g();
 * next(gen); // 1
 * close(gen); // runs its finally blocks, marks it closed
 * ```
 */
export interface GeneratorLike<Y = unknown, R = unknown, S = never> extends Iterator<Y, R, S> {
  throw(e?: unknown): IteratorResult<Y, R>;
}

// JavaScript does not expose a generator's state, so it is learned from the calls made through
// this package. A generator never seen here counts as just created.
const states = new WeakMap<object, GeneratorState>();

/**
 * Python's `inspect.getgeneratorstate(gen)`, for generators driven by this package's functions
 * (`next`, `send`, `throwInto`, `close`, `prime`, `PyGenerator`). A generator they have not
 * touched reads as "GEN_CREATED", even if native `gen.next()` calls advanced it.
 *
 * @example
 * ```ts
 * function* h() { yield 1; }
 * const gen = h();
 * getGeneratorState(gen); // "GEN_CREATED"
 * next(gen);
 * getGeneratorState(gen); // "GEN_SUSPENDED"
 * close(gen);
 * getGeneratorState(gen); // "GEN_CLOSED"
 * ```
 */
export function getGeneratorState(gen: object): GeneratorState {
  return states.get(gen) ?? "GEN_CREATED";
}

/**
 * Resumes `gen` once with `call` (one of its next/throw/return) and records its state, as
 * CPython's gen_send_ex does. `throwing` says that `call` throws into the generator: then its code
 * runs only if it is suspended at a yield (a created or closed generator re-throws at once).
 */
export function resume<Y, R>(
  gen: object,
  call: () => IteratorResult<Y, R>,
  throwing: boolean,
): IteratorResult<Y, R> {
  const before = getGeneratorState(gen);
  // Re-entering a running generator: let the engine throw "Generator is already running".
  if (before === "GEN_RUNNING") return call();
  states.set(gen, "GEN_RUNNING");
  try {
    const r = call();
    states.set(gen, r.done ? "GEN_CLOSED" : "GEN_SUSPENDED");
    return r;
  } catch (e) {
    states.set(gen, "GEN_CLOSED");
    const ranBody = !throwing || before === "GEN_SUSPENDED";
    if (ranBody && e instanceof StopIteration) {
      throw new RuntimeError("generator raised StopIteration", { cause: e });
    }
    throw e;
  }
}
