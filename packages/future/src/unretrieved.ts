/**
 * "Future exception was never retrieved" (asyncio's `Future.__del__`), in every mode.
 *
 * A future that fails is registered here; reading its exception (`result()`, `exception()`,
 * awaiting it, `cancel()`) unregisters it. What is left is reported through its loop's
 * exception handler when the garbage collector reclaims the future, when its loop closes, or
 * when the process exits, whichever comes first, and only once. Nothing here runs for futures
 * that succeed.
 * @module
 */
import type { Future } from "./future.js";
import type { AbstractEventLoop } from "./loop-interface.js";

interface Unretrieved {
  loop: AbstractEventLoop;
  exception: unknown;
  /** The class name (`Future`, `Task`): the first word of the message. */
  kind: string;
  /** A repr taken when the future failed, for when it is gone. */
  repr: string;
  ref: WeakRef<Future<unknown>>;
}

const live = new Set<Unretrieved>();
const byFuture = new WeakMap<Future<unknown>, Unretrieved>();
let registry: FinalizationRegistry<Unretrieved> | null = null;
let exitHookInstalled = false;

function report(rec: Unretrieved): void {
  live.delete(rec);
  const fut = rec.ref.deref();
  if (fut !== undefined) {
    byFuture.delete(fut);
    registry?.unregister(fut);
  }
  rec.loop.callExceptionHandler({
    message: `${rec.kind} exception was never retrieved`,
    exception: rec.exception,
    ...(fut !== undefined ? { future: fut } : { futureRepr: rec.repr }),
  });
}

/**
 * Registers a future that just failed. Called by `Future.setException` (and tasks failing).
 * @internal
 */
export function _trackUnretrieved(fut: Future<unknown>): void {
  if (registry === null) {
    registry = new FinalizationRegistry((rec) => {
      if (live.has(rec)) report(rec);
    });
  }
  if (!exitHookInstalled && typeof process !== "undefined" && typeof process.once === "function") {
    exitHookInstalled = true;
    process.once("exit", () => {
      for (const rec of [...live]) report(rec);
    });
  }
  const exc = fut._exception;
  // V8 keeps an error's stack frames (and through them the objects they ran on, such as the
  // failing task) until `stack` is first read: read it, so that holding the error here does not
  // keep the future alive.
  if (exc instanceof Error) void exc.stack;
  const rec: Unretrieved = {
    loop: fut._loop,
    exception: exc,
    kind: fut.constructor.name,
    repr: fut._repr(),
    ref: new WeakRef(fut),
  };
  live.add(rec);
  byFuture.set(fut, rec);
  registry.register(fut, rec, fut);
}

/**
 * The future's exception was looked at: forget it.
 * @internal
 */
export function _forgetUnretrieved(fut: Future<unknown>): void {
  const rec = byFuture.get(fut);
  if (rec === undefined) return;
  byFuture.delete(fut);
  live.delete(rec);
  registry?.unregister(fut);
}

/**
 * Reports every failed future of `loop` whose exception nobody retrieved; the loop calls it when
 * it closes.
 * @internal
 */
export function _reportUnretrieved(loop: AbstractEventLoop): void {
  for (const rec of [...live]) if (rec.loop === loop) report(rec);
}
