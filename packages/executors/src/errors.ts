/**
 * concurrent.futures' exceptions, named as Python names them, plus the named errors for what
 * cannot cross to a worker.
 *
 * These are **not** asyncio's: `CancelledError`, `TimeoutError` and `InvalidStateError` here are
 * `concurrent.futures.CancelledError` & co., distinct classes from the ones in `@tsio/future`
 * (Python keeps the same split between `concurrent.futures` and `asyncio`).
 * @module
 */

/**
 * Base class of this package's errors (Python's `concurrent.futures.Error` for the future-related
 * ones). Sets `name` to the subclass name, so stack traces read like Python's.
 *
 * @example
 * ```ts
 * try { await fut; } catch (e) { if (e instanceof ExecutorError) console.log(e.name); }
 * ```
 */
export class ExecutorError extends Error {
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * `concurrent.futures.CancelledError`: the future was cancelled; thrown by `result()` and by
 * awaiting a cancelled future. Not asyncio's CancelledError.
 *
 * @example
 * ```ts
 * fut.cancel();
 * try { await fut; } catch (e) { e instanceof CancelledError; } // true
 * ```
 */
export class CancelledError extends ExecutorError {}

/**
 * `concurrent.futures.TimeoutError` (Python's builtin TimeoutError): a timeout given to
 * `resultAsync`, `exceptionAsync`, `map` or `asCompleted` passed first.
 *
 * @example
 * ```ts
 * await fut.resultAsync({ timeout: 0.5 }); // rejects with TimeoutError if not done in 0.5 s
 * ```
 */
export class TimeoutError extends ExecutorError {}

/**
 * `concurrent.futures.InvalidStateError`: the future's state does not allow the call (`result()`
 * before it is done, `setResult()` on a done future).
 *
 * @example
 * ```ts
 * new Future().result(); // throws InvalidStateError("Result is not ready.")
 * ```
 */
export class InvalidStateError extends ExecutorError {}

/**
 * Python's `RuntimeError`, as concurrent.futures raises it: `submit()` after `shutdown()`,
 * `setRunningOrNotifyCancel()` called twice.
 *
 * @example
 * ```ts
 * await pool.shutdown();
 * pool.submit(fn); // throws RuntimeError("cannot schedule new futures after shutdown")
 * ```
 */
export class RuntimeError extends ExecutorError {}

/**
 * Python's `ValueError`: an argument with a wrong value (`maxWorkers <= 0`, `chunksize < 1`).
 *
 * @example
 * ```ts
 * new ThreadPoolExecutor({ maxWorkers: 0 }); // throws ValueError("max_workers must be greater than 0")
 * ```
 */
export class ValueError extends ExecutorError {}

/**
 * `concurrent.futures.BrokenExecutor`: the executor became unusable after a severe failure (a
 * worker died, an initializer failed). Pending futures fail with it, `submit()` throws it.
 *
 * @example
 * ```ts
 * try { await fut; } catch (e) { if (e instanceof BrokenExecutor) console.log("pool is gone:", e.message); }
 * ```
 */
export class BrokenExecutor extends RuntimeError {}

/**
 * `concurrent.futures.thread.BrokenThreadPool`: a worker thread died (process.exit, an uncaught
 * error outside a task, out of memory) or its initializer failed.
 *
 * @example
 * ```ts
 * const pool = new ThreadPoolExecutor({ initializer: () => { throw new Error("no") } });
 * await pool.submit(() => 1).catch((e) => e instanceof BrokenThreadPool); // true
 * ```
 */
export class BrokenThreadPool extends BrokenExecutor {}

/**
 * `concurrent.futures.process.BrokenProcessPool`: a child process terminated abruptly (killed,
 * crashed, exited) or its initializer failed.
 *
 * @example
 * ```ts
 * const fut = pool.submit(() => process.exit(1));
 * await fut.catch((e) => e instanceof BrokenProcessPool); // true
 * ```
 */
export class BrokenProcessPool extends BrokenExecutor {}

/**
 * An argument (or a result) that cannot cross to (or from) a worker by structured clone:
 * functions, symbols, class instances' methods and prototypes, WeakMaps, sockets, ... `position`
 * says which one (`"argument 2"`, `"result"`, `"initargs[0]"`).
 *
 * @example
 * ```ts
 * await pool.submit(fn, () => 1).catch((e) => e instanceof CloneError && e.position); // "argument 1"
 * ```
 */
export class CloneError extends ExecutorError {
  /**
   * Which value could not be cloned: `"argument N"` (1-based), `"result"`, `"initargs[N]"`.
   * @example
   * ```ts
   * const err = new CloneError("could not clone a function", "argument 2");
   * err.position; // "argument 2"
   * ```
   */
  readonly position: string;
  constructor(message: string, position: string, options?: ErrorOptions) {
    super(message, options);
    this.position = position;
  }
}

/**
 * A function shipped to a worker by its source uses variables from outside itself (a closure, an
 * import, a module-level constant). Such a function cannot run in a worker: put it in a module and
 * submit `task(moduleUrl, exportName)` instead. `names` lists the outside variables.
 *
 * @example
 * ```ts
 * const n = 10;
 * await pool.submit(() => n * 2).catch((e) => e instanceof FreeVariableError && e.names); // ["n"]
 * ```
 */
export class FreeVariableError extends ExecutorError {
  /**
   * The outside variables the function uses, in the order they appear.
   * @example
   * ```ts
   * const err = new FreeVariableError("the function uses outside variables: n", ["n"]);
   * err.names; // ["n"]
   * ```
   */
  readonly names: readonly string[];
  constructor(message: string, names: readonly string[], options?: ErrorOptions) {
    super(message, options);
    this.names = names;
  }
}

/**
 * Python's `ModuleNotFoundError`: the module of a `task(module, name)` could not be imported in
 * the worker (no such file, or a package that does not resolve).
 *
 * @example
 * ```ts
 * await pool.submit(task("./nope.js", "f")).catch((e) => e instanceof ModuleNotFoundError); // true
 * ```
 */
export class ModuleNotFoundError extends ExecutorError {}

/**
 * Python's `AttributeError`: the module of a `task(module, name)` has no export of that name.
 *
 * @example
 * ```ts
 * await pool.submit(task(url, "fibb")).catch((e) => e instanceof AttributeError); // true
 * ```
 */
export class AttributeError extends ExecutorError {}

/**
 * Python's `TypeError: 'int' object is not callable`: the export named by a task, or the
 * initializer, is not a function; or a function cannot be shipped by its source (bound, native,
 * a class).
 *
 * @example
 * ```ts
 * await pool.submit(task(url, "LIMIT")).catch((e) => e instanceof NotCallableError); // true
 * ```
 */
export class NotCallableError extends ExecutorError {}
