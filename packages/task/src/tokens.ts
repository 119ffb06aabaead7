/**
 * What `yield* sleep(0)` yields to the task: "give up one loop iteration". Python's `__sleep0`
 * does a bare `yield`; a bare `yield` in a generator is usually a forgotten star, so tsio uses a
 * token of its own and treats `undefined` as a mistake.
 * @internal
 */
export const SLEEP0: unique symbol = Symbol("tsio.sleep0");

/**
 * What the task sends into the coroutine when it resumes it after a SLEEP0 yield; lets the
 * shared sleep(0) iterator stay stateless.
 * @internal
 */
export const RESUME: unique symbol = Symbol("tsio.resume");
