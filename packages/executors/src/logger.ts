/**
 * Where this package reports what it cannot throw (Python's `concurrent.futures` logger): an
 * exception in a done callback, a future in an unexpected state, a failed initializer.
 * @module
 */

/**
 * The logging interface: replace its methods to route the messages elsewhere.
 *
 * @example
 * ```ts
 * const quiet: Logger = { exception() {}, critical() {} };
 * Object.assign(LOGGER, quiet);
 * ```
 */
export interface Logger {
  /** An exception that was caught and not propagated (a done callback threw). */
  exception(message: string, error?: unknown): void;
  /** A severe failure (a worker initializer failed, a future in an unexpected state). */
  critical(message: string, error?: unknown): void;
}

/**
 * The package's logger; writes to `console.error` by default. Assign its methods to capture or
 * silence the messages.
 *
 * @example
 * ```ts
 * const seen: string[] = [];
 * LOGGER.exception = (message) => seen.push(message);
 * ```
 */
export const LOGGER: Logger = {
  exception(message, error) {
    console.error(message, error);
  },
  critical(message, error) {
    if (error === undefined) console.error(message);
    else console.error(message, error);
  },
};
