/**
 * What crosses between an executor and its workers, on the main side. The worker side is
 * `worker.js` (plain JavaScript, so that it runs from `src/` in tests and from `dist/` alike); the
 * two must agree on the constants and shapes below.
 *
 * Main -> worker: `{ d?: [id, FunctionSpec][], b: [slot, id, args, chunk, ...] }`: definitions
 * of functions the worker has not seen yet, then calls, four entries each (`chunk` is 1 when
 * `args` is a list of argument lists, for `map` with a chunksize).
 * Worker -> main: `[slot, status, value]` per call; `{ initFailed: PackedError }` once.
 * @internal
 * @module
 */
import {
  AttributeError,
  BrokenExecutor,
  BrokenProcessPool,
  BrokenThreadPool,
  CancelledError,
  CloneError,
  FreeVariableError,
  InvalidStateError,
  ModuleNotFoundError,
  NotCallableError,
  RuntimeError,
  TimeoutError,
  ValueError,
} from "./errors.js";

/** The call returned; value is its result. */
export const STATUS_OK = 0;
/** The call threw; value is the PackedError (or the thrown non-Error value, cloned). */
export const STATUS_ERROR = 1;
/** The main thread took the call back before it started (see slots.ts); no value. */
export const STATUS_SKIPPED = 2;

/** An Error as the worker sends it (worker.js `packError`). */
export interface PackedError {
  __tsioError: true;
  name: string;
  message: string;
  stack: string | undefined;
  props: Record<string, unknown>;
  cause?: unknown;
  errors?: unknown[];
}

const CLASSES: Record<string, new (message?: string) => Error> = {
  Error,
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
  AttributeError,
  BrokenExecutor,
  BrokenProcessPool,
  BrokenThreadPool,
  CancelledError,
  InvalidStateError,
  ModuleNotFoundError,
  NotCallableError,
  RuntimeError,
  TimeoutError,
  ValueError,
};

function isPacked(value: unknown): value is PackedError {
  return typeof value === "object" && value !== null && (value as PackedError).__tsioError === true;
}

/**
 * Rebuilds an error thrown in a worker: the same class when it is a builtin or one of this
 * package's, else an Error with the same `name`; the worker's message, stack and own properties.
 */
export function unpackError(value: unknown): unknown {
  if (!isPacked(value)) return value;
  let err: Error;
  if (value.name === "CloneError") {
    err = new CloneError(value.message, String(value.props.position ?? "result"));
  } else if (value.name === "FreeVariableError") {
    err = new FreeVariableError(value.message, (value.props.names as string[]) ?? []);
  } else if (value.name === "AggregateError") {
    err = new AggregateError((value.errors ?? []).map(unpackError), value.message);
  } else {
    const Class = Object.hasOwn(CLASSES, value.name) ? CLASSES[value.name] : undefined;
    err = Class ? new Class(value.message) : new Error(value.message);
  }
  Object.assign(err, value.props);
  if (err.name !== value.name) {
    Object.defineProperty(err, "name", { value: value.name, configurable: true, writable: true });
  }
  if (value.stack !== undefined) {
    Object.defineProperty(err, "stack", { value: value.stack, configurable: true, writable: true });
  }
  if ("cause" in value) {
    Object.defineProperty(err, "cause", {
      value: unpackError(value.cause),
      configurable: true,
      writable: true,
    });
  }
  return err;
}

const CLONE_HELP =
  "Values cross to workers by structured clone: primitives, BigInt, plain objects and arrays, " +
  "Map, Set, Date, RegExp, ArrayBuffer and typed arrays, Error; not functions, symbols, " +
  "promises, WeakMap/WeakSet, sockets or handles, and class instances arrive as plain objects " +
  "(their methods are lost).";

/**
 * Finds which argument of a call cannot be cloned, with `check` (the transport's serializer), and
 * returns the CloneError that says so; null if they all can.
 */
export function findUncloneable(
  args: readonly unknown[],
  chunk: boolean,
  label: string,
  check: (value: unknown) => void,
): CloneError | null {
  const calls = chunk ? (args as unknown[][]) : [args];
  for (let c = 0; c < calls.length; c++) {
    const call = calls[c] as unknown[];
    for (let i = 0; i < call.length; i++) {
      try {
        check(call[i]);
      } catch (e) {
        const position = chunk
          ? `argument ${i + 1} of call ${c + 1} in the chunk`
          : `argument ${i + 1}`;
        return new CloneError(
          `${position} of ${label} cannot be sent to a worker: ${(e as Error).message} ${CLONE_HELP}`,
          position,
          { cause: e },
        );
      }
    }
  }
  return null;
}

/** The CloneError for initargs that cannot be cloned; null if they can. */
export function checkInitargs(
  args: readonly unknown[],
  check: (value: unknown) => void,
): CloneError | null {
  for (let i = 0; i < args.length; i++) {
    try {
      check(args[i]);
    } catch (e) {
      const position = `initargs[${i}]`;
      return new CloneError(
        `${position} cannot be sent to a worker: ${(e as Error).message} ${CLONE_HELP}`,
        position,
        { cause: e },
      );
    }
  }
  return null;
}
