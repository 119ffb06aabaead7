import {
  _getRunningLoop,
  CancelledError,
  type Coroutine,
  fromPromise,
  getRunningLoop,
  RuntimeError,
  ValueError,
} from "@tsio/future";
import { isCoroutine } from "@tsio/generator-utils";
import { type EventLoop, newEventLoop, run, setEventLoop } from "@tsio/loop";
import { allTasks, createTask, gatherAll, sleep } from "@tsio/task";
import type { Example, Out } from "../example.js";
import { pyRepr } from "../pyrepr.js";

/**
 * The seed quotes CPython 3.8's `asyncio.run()`; here it is line by line in tsio (JavaScript
 * cannot block, so the loop's part runs after the synchronous checks, in a Promise).
 */
function seedRun<T>(main: Coroutine<T>, { debug }: { debug?: boolean } = {}): Promise<T> {
  if (_getRunningLoop() !== null) {
    throw new RuntimeError("asyncio.run() cannot be called from a running event loop");
  }

  if (!isCoroutine(main)) {
    throw new ValueError(`a coroutine was expected, got ${pyRepr(main)}`);
  }

  const loop = newEventLoop();
  return (async () => {
    try {
      setEventLoop(loop);
      if (debug !== undefined) loop.setDebug(debug);
      return await loop.runUntilComplete(main);
    } finally {
      try {
        await cancelAllTasks(loop);
        await loop.runUntilComplete(loop.shutdownAsyncgens());
      } finally {
        setEventLoop(null);
        loop.close();
      }
    }
  })();
}

/** `asyncio.runners._cancel_all_tasks`, which the quoted source calls. */
async function cancelAllTasks(loop: EventLoop): Promise<void> {
  const toCancel = allTasks(loop);
  if (toCancel.size === 0) return;
  for (const task of toCancel) task.cancel();
  await loop.runUntilComplete(gatherAll(toCancel, { returnExceptions: true }));
  for (const task of toCancel) {
    if (task.cancelled()) continue;
    if (task.exception() !== undefined) {
      loop.callExceptionHandler({
        message: "unhandled exception during asyncio.run() shutdown",
        exception: task.exception(),
        task,
      });
    }
  }
}

type RunFn = <T>(main: Coroutine<T>) => Promise<T>;

async function demo(_args: string[], out: Out): Promise<undefined> {
  // twin: the checks
  const kept: AsyncGenerator[] = [];

  function* answer() {
    yield* sleep(0);
    return 42;
  }

  async function* ticker() {
    try {
      yield 1;
      yield 2;
    } finally {
      out.print("  async generator finalized");
    }
  }

  function* leaveThingsBehind() {
    function* forever() {
      try {
        yield* sleep(3600);
      } catch (e) {
        if (e instanceof CancelledError) out.print("  leftover task cancelled");
        throw e;
      }
    }
    createTask(forever());
    const loop = getRunningLoop() as EventLoop;
    const agen = ticker();
    // Python's async-generator hooks register a generator with its loop when it first runs;
    // JavaScript has no such hook, so it is registered by hand.
    loop._trackAsyncgen(agen);
    yield* fromPromise(agen.next()); // suspended at its first yield
    kept.push(agen); // still referenced when the main coroutine returns
    yield* sleep(0);
    return loop;
  }

  async function check(name: string, runFn: RunFn): Promise<void> {
    function* nested() {
      const inner = answer();
      try {
        void runFn(inner);
      } catch (e) {
        if (!(e instanceof RuntimeError)) throw e;
        out.print("  RuntimeError:", e.message);
      } finally {
        (inner as Generator<unknown, unknown>).return(undefined); // inner.close()
      }
    }

    out.print(`${name}:`);
    out.print("  returns the result:", await runFn(answer()));
    try {
      await runFn(123 as unknown as Coroutine<never>);
    } catch (e) {
      if (!(e instanceof ValueError)) throw e;
      out.print("  ValueError:", e.message);
    }
    const loop1 = await runFn(leaveThingsBehind());
    out.print("  loop closed at the end:", loop1.isClosed());
    const loop2 = await runFn(leaveThingsBehind());
    out.print("  a new loop each call:", loop2 !== loop1);
    await runFn(nested());
    kept.length = 0;
  }

  await check("the seed's run (3.8 source)", seedRun);
  await check("asyncio.run (3.13)", run);
  return undefined;
}

export default {
  name: "001-asyncio-run-source",
  summary: "what run() does (the seed quotes CPython 3.8's source)",
  run: demo,
} satisfies Example;
