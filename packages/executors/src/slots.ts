/**
 * The cells through which a thread pool and its workers agree on who owns a call that was handed
 * to a worker but has not started. Each worker has an Int32Array on a SharedArrayBuffer, one cell
 * per slot. The main thread writes QUEUED before posting the call; the worker swaps QUEUED for
 * STARTED right before running it; the main thread swaps QUEUED for TAKEN to cancel it or to move
 * it to an idle worker. `Atomics.compareExchange` makes exactly one side win, so a future stays
 * cancellable until its call really starts (Python's ThreadPoolExecutor semantics) while calls are
 * posted ahead of time, which hides the message round trip.
 * @internal
 * @module
 */

/** The slot is free. */
export const SLOT_FREE = 0;
/** Posted to the worker, not started: the main thread may still take it back. */
export const SLOT_QUEUED = 1;
/** The worker started it. */
export const SLOT_STARTED = 2;
/** The main thread took it back (cancelled, or moved to another worker): the worker skips it. */
export const SLOT_TAKEN = 3;
