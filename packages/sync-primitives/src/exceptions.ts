import { AsyncioError } from "@tsio/future";

/**
 * `asyncio.QueueEmpty`: `getNowait()` was called on an empty queue. Wait with
 * `yield* queue.get()` instead, or check `queue.empty()` first.
 *
 * @example
 * ```ts
 * try { queue.getNowait(); } catch (e) { if (e instanceof QueueEmpty) console.log("nothing yet"); }
 * ```
 */
export class QueueEmpty extends AsyncioError {}

/**
 * `asyncio.QueueFull`: `putNowait()` was called on a full queue. Wait for room with
 * `yield* queue.put(item)` instead, or check `queue.full()` first.
 *
 * @example
 * ```ts
 * try { queue.putNowait(item); } catch (e) { if (e instanceof QueueFull) console.log("full"); }
 * ```
 */
export class QueueFull extends AsyncioError {}

/**
 * `asyncio.QueueShutDown` (Python 3.13): a put on a queue that was shut down, or a get on one
 * that was shut down and is empty (or shut down with `{ immediate: true }`).
 *
 * @example
 * ```ts
 * queue.shutdown();
 * try { yield* queue.put(1); } catch (e) { if (e instanceof QueueShutDown) console.log("closed"); }
 * ```
 */
export class QueueShutDown extends AsyncioError {}
