import { CancelledError, KeyboardInterrupt, ValueError } from "./exceptions.js";

/**
 * A class of errors, as `split()` and `subgroup()` take it (Python's `except* SomeError`):
 * any constructor, abstract or not, of any arity. A type only; it throws nothing.
 *
 * @example
 * ```ts
 * const handled: ErrorClass[] = [ValueError, TimeoutError];
 * const group = new ExceptionGroup("many", [new ValueError("a"), new RuntimeError("b")]);
 * const [matched, rest] = group.split(handled);
 * ```
 */
// biome-ignore lint/suspicious/noExplicitAny: a constructor of any arity
export type ErrorClass = abstract new (...args: any[]) => unknown;

/**
 * What `split()` and `subgroup()` match leaf exceptions with: a class, a list of classes, or a
 * predicate, as Python's `BaseExceptionGroup.split(condition)`. A predicate sees each group
 * and each leaf; an error it throws propagates out of `split()`/`subgroup()`.
 *
 * @example
 * ```ts
 * const isTimeout: ExceptionGroupCondition = (e) => e instanceof TimeoutError;
 * const group = new ExceptionGroup("many", [new TimeoutError(), new ValueError("x")]);
 * group.subgroup(isTimeout); // an ExceptionGroup with the TimeoutError only
 * ```
 */
export type ExceptionGroupCondition =
  | ErrorClass
  | readonly ErrorClass[]
  | ((exc: unknown) => boolean);

/**
 * True for what Python derives from `BaseException` but not from `Exception`: CancelledError,
 * KeyboardInterrupt, and a BaseExceptionGroup that holds one. An `ExceptionGroup` cannot hold
 * them; a TaskGroup that sees one raises a BaseExceptionGroup.
 *
 * @example
 * ```ts
 * isBaseException(new CancelledError()); // true
 * isBaseException(new ValueError("x"));  // false
 * ```
 */
export function isBaseException(exc: unknown): boolean {
  return (
    exc instanceof CancelledError ||
    exc instanceof KeyboardInterrupt ||
    (exc instanceof BaseExceptionGroup && !(exc instanceof ExceptionGroup))
  );
}

function isErrorClass(value: unknown): value is ErrorClass {
  return (
    typeof value === "function" &&
    (value === Error || (value as { prototype?: unknown }).prototype instanceof Error)
  );
}

function toPredicate(condition: ExceptionGroupCondition): (exc: unknown) => boolean {
  if (isErrorClass(condition)) return (exc) => exc instanceof condition;
  if (Array.isArray(condition)) {
    const classes = condition as readonly ErrorClass[];
    for (const c of classes) {
      if (!isErrorClass(c)) {
        throw new TypeError("expected an error class, a list of error classes or a predicate");
      }
    }
    return (exc) => classes.some((c) => exc instanceof c);
  }
  if (typeof condition === "function") return condition as (exc: unknown) => boolean;
  throw new TypeError("expected an error class, a list of error classes or a predicate");
}

function validate(message: unknown, exceptions: unknown): unknown[] {
  if (typeof message !== "string") {
    throw new TypeError(`argument 1 (message) must be a string, not ${typeof message}`);
  }
  if (
    exceptions === null ||
    typeof exceptions !== "object" ||
    typeof (exceptions as Iterable<unknown>)[Symbol.iterator] !== "function"
  ) {
    throw new TypeError("second argument (exceptions) must be a sequence: pass an array of errors");
  }
  const list = [...(exceptions as Iterable<unknown>)];
  if (list.length === 0) {
    throw new ValueError("second argument (exceptions) must be a non-empty sequence");
  }
  list.forEach((exc, i) => {
    if (exc === undefined || exc === null) {
      throw new TypeError(`Item ${i} of second argument (exceptions) is not an exception`);
    }
  });
  return list;
}

/**
 * Python's `BaseExceptionGroup`: several errors raised together, such as every failure of a
 * TaskGroup. It extends JavaScript's `AggregateError`, so `errors` holds the same list as
 * `exceptions` and Node prints every sub-error of an uncaught group.
 *
 * As in Python, `new BaseExceptionGroup(msg, excs)` returns an {@link ExceptionGroup} when no
 * member is a base exception (see {@link isBaseException}). There is no `except*` in JavaScript:
 * `split()` does its work.
 *
 * @typeParam E - the type of the member errors.
 * @example
 * ```ts
 * try {
 *   yield* taskGroup(function* (tg) { ... });
 * } catch (e) {
 *   if (!(e instanceof BaseExceptionGroup)) throw e;
 *   const [valueErrors, rest] = e.split(ValueError); // except* ValueError
 *   if (valueErrors) console.log("bad values:", valueErrors.exceptions.length);
 *   if (rest) throw rest;
 * }
 * ```
 */
export class BaseExceptionGroup<E = unknown> extends AggregateError {
  /**
   * The member errors, in order (Python's `.exceptions`). Groups may nest.
   * @example
   * ```ts
   * const group = new ExceptionGroup("two", [new ValueError("a"), new TimeoutError()]);
   * group.exceptions.length; // 2
   * ```
   */
  readonly exceptions: readonly E[];

  /**
   * @param message - the group's message (Python's `.message`).
   * @param exceptions - a non-empty list of errors.
   * @throws {TypeError} when the message is not a string or a member is undefined or null.
   * @throws {ValueError} when the list is empty.
   * @example
   * ```ts
   * const eg = new BaseExceptionGroup("two failures", [new ValueError("a"), new TypeError("b")]);
   * eg instanceof ExceptionGroup; // true: no member is a base exception
   * ```
   */
  constructor(message: string, exceptions: Iterable<E>) {
    const list = validate(message, exceptions) as E[];
    super(list, message);
    this.name = new.target.name;
    this.exceptions = Object.freeze(list);
    if (new.target === BaseExceptionGroup && !list.some(isBaseException)) {
      // biome-ignore lint/correctness/noConstructorReturn: Python's BaseExceptionGroup.__new__
      return new ExceptionGroup<E>(message, list);
    }
  }

  /**
   * The sub-group of the errors that match `condition` (recursively through nested groups), or
   * null when none does. The group itself is returned when it matches as a whole.
   * @example
   * ```ts
   * eg.subgroup(ValueError)?.exceptions; // only the ValueErrors
   * ```
   */
  subgroup(condition: ExceptionGroupCondition): BaseExceptionGroup<E> | null {
    return this.split(condition)[0];
  }

  /**
   * Splits the group into `[match, rest]`: the errors that match `condition` and those that do
   * not, each a group of the same shape (nested groups are split too), or null when empty. This
   * is what Python's `except* Cls` does.
   * @example
   * ```ts
   * const [timeouts, rest] = eg.split(TimeoutError);
   * ```
   */
  split(
    condition: ExceptionGroupCondition,
  ): [match: BaseExceptionGroup<E> | null, rest: BaseExceptionGroup<E> | null] {
    return this._split(toPredicate(condition));
  }

  private _split(
    pred: (exc: unknown) => boolean,
  ): [BaseExceptionGroup<E> | null, BaseExceptionGroup<E> | null] {
    if (pred(this)) return [this, null];
    const match: E[] = [];
    const rest: E[] = [];
    let changed = false;
    for (const exc of this.exceptions) {
      if (exc instanceof BaseExceptionGroup) {
        const [m, r] = (exc as BaseExceptionGroup<unknown>)._split(pred);
        if (m !== null) match.push(m as E);
        if (r !== null) rest.push(r as E);
        if (m !== exc) changed = true;
      } else if (pred(exc)) {
        match.push(exc);
      } else {
        rest.push(exc);
        changed = true;
      }
    }
    if (!changed) return [this, null];
    return [
      match.length > 0 ? this._derived(match) : null,
      rest.length > 0 ? this._derived(rest) : null,
    ];
  }

  private _derived(exceptions: E[]): BaseExceptionGroup<E> {
    const eg = this.derive(exceptions);
    if (this.cause !== undefined) eg.cause = this.cause;
    if (this.stack !== undefined) eg.stack = this.stack;
    return eg;
  }

  /**
   * A group of the same kind and message holding `exceptions`; `split()` and `subgroup()` call
   * it. Override it in a subclass whose constructor takes other arguments.
   * @example
   * ```ts
   * eg.derive([first]);
   * ```
   */
  derive(exceptions: Iterable<E>): BaseExceptionGroup<E> {
    return new BaseExceptionGroup(this.message, exceptions);
  }

  /**
   * Python's str(): `message (N sub-exceptions)`, after the class name.
   * @example
   * ```ts
   * String(eg); // "ExceptionGroup: unhandled errors in a TaskGroup (2 sub-exceptions)"
   * ```
   */
  override toString(): string {
    const n = this.exceptions.length;
    return `${this.name}: ${this.message} (${n} sub-exception${n === 1 ? "" : "s"})`;
  }
}

/**
 * Python's `ExceptionGroup`: a {@link BaseExceptionGroup} whose members are ordinary errors
 * (no CancelledError, no KeyboardInterrupt). A TaskGroup raises one when its tasks fail.
 *
 * @example
 * ```ts
 * const eg = new ExceptionGroup("unhandled errors in a TaskGroup", [new ValueError("x")]);
 * eg.exceptions[0]; // ValueError: x
 * eg.errors[0];     // the same (AggregateError's name for it)
 * ```
 */
export class ExceptionGroup<E = unknown> extends BaseExceptionGroup<E> {
  /**
   * @param message - the group's message.
   * @param exceptions - a non-empty list of errors, none of them a base exception.
   * @throws {TypeError} "Cannot nest BaseExceptions in an ExceptionGroup" for a CancelledError or
   *   KeyboardInterrupt member: use BaseExceptionGroup.
   * @example
   * ```ts
   * new ExceptionGroup("failures", [new Error("a"), new Error("b")]);
   * ```
   */
  constructor(message: string, exceptions: Iterable<E>) {
    super(message, exceptions);
    if (this.exceptions.some(isBaseException)) {
      throw new TypeError(
        "Cannot nest BaseExceptions in an ExceptionGroup: use BaseExceptionGroup for " +
          "CancelledError or KeyboardInterrupt members",
      );
    }
  }
}
