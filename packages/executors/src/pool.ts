/**
 * The machinery ThreadPoolExecutor and ProcessPoolExecutor share: a FIFO queue of calls, workers
 * started on demand and reused, calls handed to workers a few at a time, results routed back to
 * their futures, and the pool breaking when a worker dies. The two subclasses only start their
 * kind of worker and name their errors.
 *
 * Each worker has `depth` slots: the calls posted to it and not yet answered. Posting ahead hides
 * the message round trip (the worker starts its next call without waiting for the main thread).
 * In a thread pool the slots are claimed through shared cells (slots.ts), so a posted call stays
 * PENDING and cancellable until it really starts, and an idle worker takes back calls waiting
 * behind a long one elsewhere. A process pool cannot share memory: there, as in Python's call
 * queue, a call handed to a child is RUNNING.
 * @internal
 * @module
 */
import { type Callable, type Definition, define, type FunctionSpec } from "./callable.js";
import { type BrokenExecutor, CloneError, RuntimeError, ValueError } from "./errors.js";
import { Executor, type ResultOf, type ShutdownOptions } from "./executor.js";
import { CANCELLED, Future, PENDING } from "./future.js";
import { LOGGER } from "./logger.js";
import { SLOT_FREE, SLOT_QUEUED, SLOT_TAKEN } from "./slots.js";
import {
  checkInitargs,
  findUncloneable,
  STATUS_ERROR,
  STATUS_OK,
  STATUS_SKIPPED,
  unpackError,
} from "./wire.js";

/** A submitted call. */
interface Job {
  future: Future<unknown>;
  def: Definition;
  args: unknown[];
  chunk: boolean;
  /** Dispatch order, to take back the calls that would start last. */
  seq: number;
}

/** Marks a slot whose call was moved to another worker; the slot frees when the worker skips it. */
const MOVED: Job = Object.freeze({}) as Job;

/** What the initializer sends to each worker. */
export interface InitSpec {
  spec: FunctionSpec;
  args: unknown[];
}

/** One worker, as the pool sees it. The transport fills in post/stop/ref/unref. */
export interface WorkerHandle {
  readonly name: string;
  readonly cells: Int32Array | null;
  /** The call in each slot (null: free). */
  readonly jobs: (Job | null)[];
  readonly free: number[];
  /** Occupied slots. */
  load: number;
  /** Calls ever handed to it (for maxTasksPerChild). */
  dispatched: number;
  /** Function ids it has the definition of. */
  readonly defined: Set<number>;
  /** Takes no more calls (maxTasksPerChild reached); ends when its slots are empty. */
  retiring: boolean;
  /** We are ending it: its exit is not a crash. */
  closing: boolean;
  /** Why it died, when it reported it ('error' event). */
  cause: unknown;
  post(message: unknown): void;
  stop(): void;
  ref(): void;
  unref(): void;
}

/** Settings the subclasses pass. */
export interface PoolSettings {
  maxWorkers: number;
  namePrefix: string;
  depth: number;
  useCells: boolean;
  maxTasksPerWorker: number | null;
  init: InitSpec | null;
}

/** Validates the common constructor options and builds the initializer's spec. */
export function poolSettings(
  maxWorkers: number,
  initializer: Callable | undefined,
  initargs: readonly unknown[],
  checkClone: (value: unknown) => void,
): { maxWorkers: number; init: InitSpec | null } {
  if (!(maxWorkers > 0) || !Number.isInteger(maxWorkers)) {
    throw new ValueError("max_workers must be greater than 0");
  }
  let init: InitSpec | null = null;
  if (initializer !== undefined && initializer !== null) {
    const def = define(initializer);
    if (def instanceof Error) throw def;
    const err = checkInitargs(initargs, checkClone);
    if (err !== null) throw err;
    init = { spec: def.spec, args: [...initargs] };
  }
  return { maxWorkers, init };
}

/**
 * An executor backed by a pool of workers (threads or processes).
 * @internal
 */
export abstract class WorkerPoolExecutor extends Executor {
  /** The most workers this pool starts (Python's `_max_workers`). */
  readonly maxWorkers: number;
  /** @internal */ protected readonly _settings: PoolSettings;
  private readonly _queue: (Job | undefined)[] = [];
  private _head = 0;
  /** Workers that take calls. */
  private readonly _workers: WorkerHandle[] = [];
  /** Workers not yet exited (including those being closed). */
  private readonly _alive = new Set<WorkerHandle>();
  private _spawned = 0;
  private _seq = 0;
  private _shutdown = false;
  private _brokenMessage: string | null = null;
  private _brokenCause: unknown = undefined;
  private _pumpScheduled = false;
  private readonly _drainWaiters: (() => void)[] = [];
  private readonly _pumpNow = (): void => this._pump();

  /** @internal */
  constructor(settings: PoolSettings) {
    super();
    this._settings = settings;
    this.maxWorkers = settings.maxWorkers;
  }

  /** Starts a worker and wires its events to `_onMessage` / `_onExit`. @internal */
  protected abstract _start(name: string, cells: Int32Array | null): WorkerHandle;
  /** The transport's serializer, to find what cannot be cloned. @internal */
  protected abstract _checkClone(value: unknown): void;
  /** BrokenThreadPool or BrokenProcessPool. @internal */
  protected abstract _brokenError(message: string, cause: unknown): BrokenExecutor;
  /** Why the pool broke when a worker exited unexpectedly. @internal */
  protected abstract _exitMessage(code: number | null, signal: string | null): string;
  /** Why the pool broke when an initializer failed. @internal */
  protected abstract _initFailedMessage(): string;

  /**
   * How many workers are alive now (started on demand, up to `maxWorkers`).
   *
   * @example
   * ```ts
   * pool.submit(f); await pool.submit(f); pool.workerCount; // 1 or 2
   * ```
   */
  get workerCount(): number {
    return this._alive.size;
  }

  /**
   * The workers' names (`<prefix>_<n>`), as Python names its threads.
   *
   * @example
   * ```ts
   * new ThreadPoolExecutor({ threadNamePrefix: "io" }).workerNames; // ["io_0", ...] once started
   * ```
   */
  get workerNames(): string[] {
    return [...this._alive].map((h) => h.name);
  }

  /**
   * True once the pool is broken (a worker died or an initializer failed).
   *
   * @example
   * ```ts
   * if (pool.broken) pool = new ThreadPoolExecutor();
   * ```
   */
  get broken(): boolean {
    return this._brokenMessage !== null;
  }

  submit<F extends (...args: never[]) => unknown>(
    fn: Callable<F>,
    ...args: Parameters<F>
  ): Future<ResultOf<F>> {
    return this._submit(fn, args, false) as Future<ResultOf<F>>;
  }

  /** @internal */
  override _submitChunk(fn: Callable, calls: unknown[][]): Future<unknown[]> {
    return this._submit(fn, calls, true) as Future<unknown[]>;
  }

  private _submit(fn: unknown, args: unknown[], chunk: boolean): Future<unknown> {
    if (this._brokenMessage !== null)
      throw this._brokenError(this._brokenMessage, this._brokenCause);
    if (this._shutdown) throw new RuntimeError("cannot schedule new futures after shutdown");
    const future = new Future<unknown>();
    const def = define(fn);
    if (def instanceof Error) {
      future.setException(def);
      return future;
    }
    this._queue.push({ future, def, args, chunk, seq: 0 });
    if (!this._pumpScheduled) {
      this._pumpScheduled = true;
      queueMicrotask(this._pumpNow);
    }
    return future;
  }

  shutdown(options: ShutdownOptions = {}): Promise<void> {
    this._shutdown = true;
    if (options.cancelFutures) {
      const notify: Future<unknown>[] = [];
      for (let i = this._head; i < this._queue.length; i++) {
        const job = this._queue[i];
        if (job?.future.cancel()) notify.push(job.future);
      }
      this._queue.length = 0;
      this._head = 0;
      // Calls posted but not started are still "in the queue": take them back too. Their
      // workers skip them and the waiters are told then.
      for (const h of this._workers)
        for (const job of h.jobs) if (job && job !== MOVED) job.future.cancel();
      // Python only cancels these; telling the waiters too means wait() and asCompleted() on
      // them return instead of hanging.
      for (const f of notify) f.setRunningOrNotifyCancel();
    }
    this._closeIdle();
    if (options.wait === false) return Promise.resolve();
    return new Promise((resolve) => {
      this._drainWaiters.push(resolve);
      this._checkDrained();
    });
  }

  private _pump(): void {
    this._pumpScheduled = false;
    if (this._brokenMessage !== null) return;
    const { depth, maxWorkers } = this._settings;
    while (this._head < this._queue.length) {
      const h = this._pick();
      if (h === null) break;
      // While a worker is idle or more may start, each gets one call (Python starts a thread per
      // call when none is idle); once all are busy, the queue is shared out up to `depth` each.
      let limit = 1;
      if (this._workers.length >= maxWorkers && !this._otherIdle(h)) {
        const share = Math.ceil((this._queue.length - this._head) / this._workers.length);
        limit = Math.min(depth - h.load, share);
      }
      if (!this._fill(h, limit)) break;
    }
    if (this._head > 1024 && this._head * 2 > this._queue.length) {
      this._queue.splice(0, this._head);
      this._head = 0;
    }
    if (this._shutdown) this._closeIdle();
  }

  private _otherIdle(h: WorkerHandle): boolean {
    for (const w of this._workers) if (w !== h && w.load === 0 && !w.retiring) return true;
    return false;
  }

  /** An idle worker, else a new one, else the least loaded with a free slot. */
  private _pick(): WorkerHandle | null {
    let best: WorkerHandle | null = null;
    for (const h of this._workers) {
      if (h.retiring) continue;
      if (h.load === 0) return h;
      if (h.load < this._settings.depth && (best === null || h.load < best.load)) best = h;
    }
    if (this._workers.length < this._settings.maxWorkers) return this._spawn();
    return best;
  }

  private _spawn(): WorkerHandle {
    const { depth, useCells, namePrefix } = this._settings;
    const cells = useCells ? new Int32Array(new SharedArrayBuffer(4 * depth)) : null;
    const h = this._start(`${namePrefix}_${this._spawned++}`, cells);
    this._workers.push(h);
    this._alive.add(h);
    return h;
  }

  /** Hands up to `limit` queued calls to `h` in one message; false if nothing was left. */
  private _fill(h: WorkerHandle, limit: number): boolean {
    const { useCells, maxTasksPerWorker } = this._settings;
    const batch: unknown[] = [];
    let defs: [number, FunctionSpec][] | undefined;
    const wasIdle = h.load === 0;
    let n = 0;
    while (n < limit && this._head < this._queue.length) {
      const job = this._queue[this._head] as Job;
      this._queue[this._head++] = undefined;
      const f = job.future;
      if (f._state === CANCELLED) {
        f.setRunningOrNotifyCancel();
        continue;
      }
      if (f._state !== PENDING) continue;
      if (!useCells) f.setRunningOrNotifyCancel();
      const slot = h.free.pop() as number;
      h.jobs[slot] = job;
      h.load++;
      h.dispatched++;
      n++;
      job.seq = this._seq++;
      if (h.cells !== null) {
        Atomics.store(h.cells, slot, SLOT_QUEUED);
        f._cells = h.cells;
        f._slot = slot;
      }
      if (!h.defined.has(job.def.id)) {
        h.defined.add(job.def.id);
        if (defs === undefined) defs = [];
        defs.push([job.def.id, job.def.spec]);
      }
      batch.push(slot, job.def.id, job.args, job.chunk ? 1 : 0);
      if (maxTasksPerWorker !== null && h.dispatched >= maxTasksPerWorker) {
        h.retiring = true;
        break;
      }
    }
    if (n === 0) return this._head < this._queue.length;
    if (wasIdle) h.ref();
    this._post(h, batch, defs);
    return true;
  }

  private _post(
    h: WorkerHandle,
    batch: unknown[],
    defs: [number, FunctionSpec][] | undefined,
  ): void {
    try {
      h.post(defs === undefined ? { b: batch } : { d: defs, b: batch });
      return;
    } catch {
      // Something in the batch cannot be cloned: fail those calls, send the rest.
      const failed: [Future<unknown>, Error][] = [];
      const kept: unknown[] = [];
      for (let i = 0; i < batch.length; i += 4) {
        const slot = batch[i] as number;
        const job = h.jobs[slot] as Job;
        const err = findUncloneable(job.args, job.chunk, job.def.label, (v) => this._checkClone(v));
        if (err === null) {
          kept.push(batch[i], batch[i + 1], batch[i + 2], batch[i + 3]);
          continue;
        }
        this._release(h, slot);
        h.dispatched--;
        failed.push([job.future, err]);
      }
      if (kept.length > 0 || defs !== undefined) {
        try {
          h.post(defs === undefined ? { b: kept } : { d: defs, b: kept });
        } catch (again) {
          // Not one argument alone: the batch as a whole (e.g. too large) or the transport.
          for (let i = 0; i < kept.length; i += 4) {
            const slot = kept[i] as number;
            const job = h.jobs[slot] as Job;
            const message = `the call of ${job.def.label} cannot be sent to a worker: ${(again as Error).message}`;
            failed.push([job.future, new CloneError(message, "arguments", { cause: again })]);
            this._release(h, slot);
            h.dispatched--;
          }
        }
      }
      if (h.load === 0) h.unref();
      for (const [f, err] of failed) {
        f._cells = null;
        f.setException(err);
      }
    }
  }

  private _release(h: WorkerHandle, slot: number): void {
    h.jobs[slot] = null;
    h.free.push(slot);
    h.load--;
    if (h.cells !== null) Atomics.store(h.cells, slot, SLOT_FREE);
  }

  /** A message from a worker. @internal */
  protected _onMessage(h: WorkerHandle, message: unknown): void {
    if (!Array.isArray(message)) {
      const failure = (message as { initFailed?: unknown }).initFailed;
      if (failure !== undefined) {
        const err = unpackError(failure);
        LOGGER.critical("Exception in initializer:", err);
        this._break(this._initFailedMessage(), err);
      }
      return;
    }
    const slot = message[0] as number;
    const job = h.jobs[slot] ?? null;
    this._release(h, slot);
    // Keep the workers busy before running user callbacks.
    if (h.retiring && h.load === 0) this._close(h);
    if (this._head < this._queue.length) {
      if (h.retiring || h.load <= this._settings.depth >> 1) this._pump();
    } else if (h.load === 0 && !h.closing) {
      if (this._settings.useCells) this._steal(h);
      if (h.load === 0) this._idle(h);
    }
    if (job === null || job === MOVED) return;
    const f = job.future;
    f._cells = null;
    const status = message[1] as number;
    if (status === STATUS_OK) {
      if (!f.done()) f.setResult(message[2]);
    } else if (status === STATUS_ERROR) {
      if (!f.done()) f.setException(unpackError(message[2]));
    } else if (status === STATUS_SKIPPED) {
      if (f._state === CANCELLED) f.setRunningOrNotifyCancel();
    }
  }

  /** A worker ran out of calls. */
  private _idle(h: WorkerHandle): void {
    h.unref();
    if (this._shutdown) this._closeIdle();
  }

  /** Takes back half of the not-yet-started calls of the busiest worker, for idle `thief`. */
  private _steal(thief: WorkerHandle): void {
    let victim: WorkerHandle | null = null;
    let victimQueued: number[] = [];
    for (const h of this._workers) {
      if (h === thief || h.cells === null || h.load < 2) continue;
      const queued: number[] = [];
      for (let s = 0; s < h.jobs.length; s++) {
        const job = h.jobs[s];
        if (job && job !== MOVED && Atomics.load(h.cells, s) === SLOT_QUEUED) queued.push(s);
      }
      if (queued.length > victimQueued.length) {
        victim = h;
        victimQueued = queued;
      }
    }
    if (victim === null || victim.cells === null) return;
    const jobs = victim.jobs;
    victimQueued.sort((a, b) => (jobs[b] as Job).seq - (jobs[a] as Job).seq);
    const taken: Job[] = [];
    const count = Math.ceil(victimQueued.length / 2);
    for (let i = 0; i < count; i++) {
      const s = victimQueued[i] as number;
      if (Atomics.compareExchange(victim.cells, s, SLOT_QUEUED, SLOT_TAKEN) !== SLOT_QUEUED)
        continue;
      const job = jobs[s] as Job;
      jobs[s] = MOVED;
      job.future._cells = null;
      taken.push(job);
    }
    if (taken.length === 0) return;
    taken.reverse();
    this._queue.splice(this._head, 0, ...taken);
    this._pump();
  }

  private _closeIdle(): void {
    if (this._head < this._queue.length) return;
    for (const h of [...this._workers]) if (h.load === 0) this._close(h);
    this._checkDrained();
  }

  private _close(h: WorkerHandle): void {
    if (h.closing) return;
    h.closing = true;
    const i = this._workers.indexOf(h);
    if (i >= 0) this._workers.splice(i, 1);
    // An idle worker is unref'd: without this, the process could exit before its exit event,
    // leaving `await shutdown()` unsettled.
    h.ref();
    h.stop();
  }

  /** A worker exited. @internal */
  protected _onExit(h: WorkerHandle, code: number | null, signal: string | null): void {
    if (!h.closing) {
      h.closing = true;
      this._break(this._exitMessage(code, signal), h.cause);
    }
    this._alive.delete(h);
    const i = this._workers.indexOf(h);
    if (i >= 0) this._workers.splice(i, 1);
    this._checkDrained();
  }

  /** Python's "the pool is not usable anymore": fail every pending call, end every worker. */
  private _break(message: string, cause: unknown): void {
    if (this._brokenMessage !== null) return;
    this._brokenMessage = message;
    this._brokenCause = cause;
    const failed: Future<unknown>[] = [];
    for (let i = this._head; i < this._queue.length; i++) {
      const job = this._queue[i];
      if (job !== undefined) failed.push(job.future);
    }
    this._queue.length = 0;
    this._head = 0;
    for (const h of this._alive) {
      for (let s = 0; s < h.jobs.length; s++) {
        const job = h.jobs[s];
        if (job && job !== MOVED) failed.push(job.future);
        h.jobs[s] = null;
      }
      h.load = 0;
      if (!h.closing) {
        h.closing = true;
        h.stop();
      }
    }
    this._workers.length = 0;
    for (const f of failed) {
      f._cells = null;
      if (f._state === CANCELLED) f.setRunningOrNotifyCancel();
      else if (!f.done()) f.setException(this._brokenError(message, cause));
    }
    this._checkDrained();
  }

  private _checkDrained(): void {
    if (this._alive.size > 0 || this._head < this._queue.length) return;
    if (!this._shutdown && this._brokenMessage === null) return;
    for (const resolve of this._drainWaiters.splice(0)) resolve();
  }
}

/** A fresh handle's bookkeeping, for the transports. @internal */
export function newHandle(name: string, cells: Int32Array | null, depth: number) {
  return {
    name,
    cells,
    jobs: new Array<Job | null>(depth).fill(null),
    free: Array.from({ length: depth }, (_, i) => depth - 1 - i),
    load: 0,
    dispatched: 0,
    defined: new Set<number>(),
    retiring: false,
    closing: false,
    cause: undefined as unknown,
  };
}
