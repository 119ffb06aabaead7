/**
 * Python's `concurrent` package: `concurrent.futures` is `@tsio/executors`, with its own
 * Future, wait, asCompleted, CancelledError and TimeoutError (not asyncio's).
 *
 * @example
 * ```ts
 * import { concurrent } from "tsio";
 *
 * const pool = new concurrent.futures.ThreadPoolExecutor({ maxWorkers: 2 });
 * const fut: concurrent.futures.Future<number> = pool.submit((a: number, b: number) => a + b, 1, 2);
 * console.log(await fut); // 3
 * await pool.shutdown();
 * ```
 * @module
 */
export * as futures from "@tsio/executors";
