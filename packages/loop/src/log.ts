/**
 * asyncio's logger (`asyncio.log.logger`, the "asyncio" logging channel): where the loop writes
 * what is not an exception of the program, such as debug mode's slow-callback warnings.
 * @module
 */

/**
 * A logging level, as Python's logging names them (lowest first): what {@link AsyncioLogger.level}
 * filters on. A plain string type; it throws nothing.
 *
 * @example
 * ```ts
 * const level: LogLevel = "debug";
 * logger.level = level; // let debug mode's slow-callback warnings and more through
 * ```
 */
export type LogLevel = "debug" | "info" | "warning" | "error";

/**
 * What a log handler receives: the level and the formatted text. A plain record; it throws
 * nothing.
 *
 * @example
 * ```ts
 * const records: LogRecord[] = [];
 * logger.setHandler((record: LogRecord) => records.push(record));
 * ```
 */
export interface LogRecord {
  /** The level. */
  level: LogLevel;
  /** The text, formatted. */
  message: string;
}

/**
 * Receives the records the logger lets through (those at or above `logger.level`). What a
 * handler throws comes out of the call that logged.
 *
 * @example
 * ```ts
 * const toConsole: LogHandler = (r) => console.log(`[asyncio ${r.level}] ${r.message}`);
 * logger.setHandler(toConsole);
 * ```
 */
export type LogHandler = (record: LogRecord) => void;

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warning: 30, error: 40 };

function writeToStderr(record: LogRecord): void {
  process.stderr.write(`${record.message}\n`);
}

/**
 * The "asyncio" logger. By default it writes warnings and errors to stderr, as Python's logging
 * does when nothing is configured; `setHandler` sends records elsewhere (a test, pino, winston)
 * and `level` filters them.
 *
 * @example
 * ```ts
 * logger.setHandler((r) => myLogger[r.level](r.message));
 * logger.level = "debug";
 * ```
 */
export class AsyncioLogger {
  /**
   * Records below this level are dropped (default "warning").
   * @example
   * ```ts
   * logger.level = "debug"; // also debug mode's slow-callback reports
   * ```
   */
  level: LogLevel = "warning";
  private _handler: LogHandler = writeToStderr;

  /**
   * Sends records to `handler` (null restores the default, stderr).
   * @example
   * ```ts
   * const seen: string[] = [];
   * logger.setHandler((r) => seen.push(r.message));
   * ```
   */
  setHandler(handler: LogHandler | null): void {
    if (handler !== null && typeof handler !== "function") {
      throw new TypeError("a log handler must be a function (record) => void, or null");
    }
    this._handler = handler ?? writeToStderr;
  }

  /**
   * Logs at `level`.
   * @example
   * ```ts
   * logger.log("info", "connected");
   * ```
   */
  log(level: LogLevel, message: string): void {
    if (ORDER[level] < ORDER[this.level]) return;
    this._handler({ level, message });
  }

  /**
   * Logs a debug record.
   * @example
   * ```ts
   * logger.debug("poll took 3 ms");
   * ```
   */
  debug(message: string): void {
    this.log("debug", message);
  }

  /**
   * Logs an info record.
   * @example
   * ```ts
   * logger.info("server listening");
   * ```
   */
  info(message: string): void {
    this.log("info", message);
  }

  /**
   * Logs a warning.
   * @example
   * ```ts
   * logger.warning("Executing <Task ...> took 0.123 seconds");
   * ```
   */
  warning(message: string): void {
    this.log("warning", message);
  }

  /**
   * Logs an error.
   * @example
   * ```ts
   * logger.error("Task exception was never retrieved");
   * ```
   */
  error(message: string): void {
    this.log("error", message);
  }
}

/**
 * The "asyncio" logger every loop writes to.
 * @example
 * ```ts
 * logger.setHandler((r) => console.log(`[asyncio ${r.level}] ${r.message}`));
 * ```
 */
export const logger: AsyncioLogger = new AsyncioLogger();
