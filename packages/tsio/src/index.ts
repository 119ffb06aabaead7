/**
 * `tsio`: Python's asyncio for TypeScript in one import, as `import asyncio` is in Python.
 *
 * - Top level: everything asyncio has (`@tsio/future`, `@tsio/task`, `@tsio/loop`,
 *   `@tsio/sync-primitives`), plus `isCoroutine` / `isCoroutineFunction`.
 * - `concurrent.futures`: `@tsio/executors` (Python's `concurrent.futures`), whose Future, wait,
 *   asCompleted, CancelledError and TimeoutError are not asyncio's, as in Python.
 * - `aiohttp`: `@tsio/http-client`, the aiohttp-like client (aiohttp is not part of asyncio).
 * - `generators`: `@tsio/generator-utils`, Python's generator protocol (`next`, `send`,
 *   `throwInto`, `close`, StopIteration, GeneratorExit, its own RuntimeError).
 *
 * @example
 * ```ts
 * import * as asyncio from "tsio";
 *
 * function* sayAfter(delay: number, what: string) {
 *   yield* asyncio.sleep(delay);
 *   return what;
 * }
 *
 * function* main() {
 *   const [a, b] = yield* asyncio.gather(sayAfter(0.1, "hello"), sayAfter(0.2, "world"));
 *   console.log(a, b); // hello world
 * }
 *
 * await asyncio.run(main());
 * ```
 * @module
 */
export * from "@tsio/future";
export * as generators from "@tsio/generator-utils";
export { isCoroutine, isCoroutineFunction } from "@tsio/generator-utils";
export * as aiohttp from "@tsio/http-client";
// asyncio.Handle and asyncio.TimerHandle are the loop's classes; they implement the interfaces of
// the same names that @tsio/future declares for the packages below the loop. getRunningLoop is
// the loop's, typed as its EventLoop (the same function underneath).
export * from "@tsio/loop";
export { getRunningLoop, Handle, TimerHandle } from "@tsio/loop";
export * from "@tsio/sync-primitives";
export * from "@tsio/task";
export * as concurrent from "./concurrent.js";
