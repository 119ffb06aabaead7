/**
 * The exceptions asyncio shares between its modules, named as Python names them.
 *
 * JavaScript has no `BaseException`: `catch` sees every error, `CancelledError` included. Code
 * that catches broadly must re-throw it, as `except BaseException` handlers do in Python:
 *
 * @example
 * ```ts
 * try {
 *   yield* work();
 * } catch (e) {
 *   if (e instanceof CancelledError) throw e; // let the cancellation through
 *   log(e);
 * }
 * ```
 * @module
 */

/**
 * Base class of tsio's own errors that have a Python counterpart. Sets `name` to the subclass
 * name so that stack traces read like Python's (`CancelledError: ...`).
 *
 * @example
 * ```ts
 * class QuotaExceeded extends AsyncioError {}
 * new QuotaExceeded("too many").name; // "QuotaExceeded"
 * ```
 */
export class AsyncioError extends Error {
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * The operation was cancelled: thrown into a coroutine at its `yield*` when its task is
 * cancelled, and raised by `result()` of a cancelled future. Carries the cancel message.
 *
 * @example
 * ```ts
 * task.cancel("stop now");
 * try { yield* task; } catch (e) { if (e instanceof CancelledError) console.log(e.message); }
 * ```
 */
export class CancelledError extends AsyncioError {}

/**
 * A future was used in a state that does not allow the call: `result()` before it is done,
 * `setResult()` on a future that is already done.
 *
 * @example
 * ```ts
 * const fut = loop.createFuture<number>();
 * fut.result(); // throws InvalidStateError("Result is not ready.")
 * ```
 */
export class InvalidStateError extends AsyncioError {}

/**
 * A deadline passed: raised by `waitFor` and `timeout` (Python's builtin `TimeoutError`, which
 * `asyncio.TimeoutError` aliases since 3.11).
 *
 * @example
 * ```ts
 * try { yield* waitFor(eternity(), 1); } catch (e) { if (e instanceof TimeoutError) console.log("timeout!"); }
 * ```
 */
export class TimeoutError extends AsyncioError {}

/**
 * Python's `RuntimeError`: an operation that the current state does not allow, such as running a
 * loop that is already running, or `run()` inside a running loop.
 *
 * @example
 * ```ts
 * throw new RuntimeError("This event loop is already running");
 * ```
 */
export class RuntimeError extends AsyncioError {}

/**
 * Python's `ValueError`: an argument of the right type but a wrong value (a NaN delay, a
 * negative size, `taskDone()` called too often).
 *
 * @example
 * ```ts
 * throw new ValueError("Invalid delay: NaN (not a number)");
 * ```
 */
export class ValueError extends AsyncioError {}

/**
 * Python's `KeyboardInterrupt`: the process got SIGINT (Ctrl-C) twice while `run()` was running
 * main, or main swallowed the cancellation that the first Ctrl-C caused.
 *
 * @example
 * ```ts
 * run(main()).catch((e) => { if (e instanceof KeyboardInterrupt) process.exitCode = 130; });
 * ```
 */
export class KeyboardInterrupt extends AsyncioError {}

/**
 * `asyncio.IncompleteReadError`: the stream ended before the requested bytes arrived.
 * `partial` holds what was read.
 *
 * @example
 * ```ts
 * try { yield* reader.readexactly(10); } catch (e) { if (e instanceof IncompleteReadError) e.partial; }
 * ```
 */
export class IncompleteReadError extends AsyncioError {
  /**
   * The bytes read before the end of the stream.
   * @example
   * ```ts
   * const err = new IncompleteReadError(new Uint8Array([1, 2, 3]), 10);
   * err.partial.length; // 3
   * ```
   */
  readonly partial: Uint8Array;
  /**
   * How many bytes were expected, or null when reading until a separator.
   * @example
   * ```ts
   * const err = new IncompleteReadError(new Uint8Array([1, 2, 3]), 10);
   * err.expected; // 10
   * ```
   */
  readonly expected: number | null;
  constructor(partial: Uint8Array, expected: number | null) {
    const r = expected === null ? "undefined" : String(expected);
    super(`${partial.length} bytes read on a total of ${r} expected bytes`);
    this.partial = partial;
    this.expected = expected;
  }
}

/**
 * `asyncio.LimitOverrunError`: a separator was not found within the stream's buffer limit.
 * `consumed` is how many bytes may be consumed before retrying.
 *
 * @example
 * ```ts
 * try { yield* reader.readuntil("\n"); } catch (e) { if (e instanceof LimitOverrunError) e.consumed; }
 * ```
 */
export class LimitOverrunError extends AsyncioError {
  /**
   * Bytes that may be consumed: read them (such as with `reader.read(e.consumed)`) before
   * retrying, or the next `readuntil` overruns again.
   * @example
   * ```ts
   * const err = new LimitOverrunError("Separator is not found", 65536);
   * err.consumed; // 65536
   * ```
   */
  readonly consumed: number;
  constructor(message: string, consumed: number) {
    super(message);
    this.consumed = consumed;
  }
}

/**
 * `asyncio.BrokenBarrierError`: a Barrier was reset or aborted while tasks waited on it.
 *
 * @example
 * ```ts
 * barrier.abort(); // waiting tasks get BrokenBarrierError
 * ```
 */
export class BrokenBarrierError extends RuntimeError {}
