// What run() does, written with tsio's own pieces (the seed quotes CPython 3.8's asyncio.run).
// JavaScript cannot block, so the loop's part runs in a Promise after the synchronous checks.
import {
  _getRunningLoop,
  allTasks,
  type Coroutine,
  type EventLoop,
  gatherAll,
  isCoroutine,
  newEventLoop,
  RuntimeError,
  setEventLoop,
  ValueError,
} from "tsio";

export function run<T>(main: Coroutine<T>, { debug }: { debug?: boolean } = {}): Promise<T> {
  if (_getRunningLoop() !== null) {
    throw new RuntimeError("asyncio.run() cannot be called from a running event loop");
  }

  if (!isCoroutine(main)) {
    throw new ValueError(`a coroutine was expected, got ${String(main)}`);
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
