// A minimal event loop on @tsio/future's AbstractEventLoop interface, for the pack-smoke
// programs of the packages that do not depend on @tsio/loop (future, task, sync-primitives,
// http-client): it proves they work installed alone, with any loop that keeps the interface.
// CommonJS so that both the .mjs and the .cjs programs can load it; it takes the package's own
// Future, Task and _setRunningLoop, so that it never loads a second copy of a package.
"use strict";

/** @param {{ Future: any, Task?: any, _setRunningLoop: (loop: any) => void }} api */
function createMiniLoop(api) {
  const t0 = performance.now();
  let ready = [];
  let scheduled = false;
  const errors = [];

  const handle = (when) => {
    const h = {
      _cancelled: false,
      cancel() {
        h._cancelled = true;
      },
      cancelled: () => h._cancelled,
      when: () => when,
    };
    return h;
  };

  const loop = {
    _currentTask: null,
    errors,
    time: () => (performance.now() - t0) / 1000,
    _enqueue(fn, arg) {
      ready.push(() => fn(arg));
      if (!scheduled) {
        scheduled = true;
        setImmediate(runOnce);
      }
    },
    callSoon(callback, ...args) {
      const h = handle(loop.time());
      loop._enqueue(() => {
        if (!h._cancelled) callback(...args);
      });
      return h;
    },
    callSoonThreadsafe(callback, ...args) {
      return loop.callSoon(callback, ...args);
    },
    callLater(delay, callback, ...args) {
      const h = handle(loop.time() + delay);
      const timer = setTimeout(
        () => loop._enqueue(() => !h._cancelled && callback(...args)),
        delay * 1000,
      );
      h.cancel = () => {
        h._cancelled = true;
        clearTimeout(timer);
      };
      return h;
    },
    callAt(when, callback, ...args) {
      return loop.callLater(Math.max(0, when - loop.time()), callback, ...args);
    },
    // The interface's internal timer fast path (what sleep() uses): an entry with `_when`,
    // `_cancelled`, `_scheduled` and `_run()`, scheduled without a Handle.
    _callLaterEntry(delay, entry) {
      entry._when = loop.time() + delay;
      entry._scheduled = true;
      const timer = setTimeout(
        () =>
          loop._enqueue(() => {
            entry._scheduled = false;
            if (!entry._cancelled) entry._run();
          }),
        delay * 1000,
      );
      entry._miniTimer = timer;
    },
    _timerHandleCancelled(entry) {
      if (entry._miniTimer !== undefined) clearTimeout(entry._miniTimer);
    },
    createFuture: () => new api.Future({ loop }),
    createTask(coro, options) {
      if (!api.Task) throw new Error("this mini loop was made without a Task class");
      return new api.Task(coro, { ...options, loop });
    },
    isRunning: () => true,
    isClosed: () => false,
    getDebug: () => false,
    callExceptionHandler(context) {
      errors.push(context);
    },
    /** Runs a coroutine as a Task; a Promise of its result. */
    runUntilComplete(coro) {
      let task;
      loop._enqueue(() => {
        task = loop.createTask(coro);
      });
      return new Promise((resolve, reject) => {
        loop._enqueue(() =>
          task.addDoneCallback((t) => {
            if (t.cancelled()) reject(new Error("cancelled"));
            else if (t.exception()) reject(t.exception());
            else resolve({ value: t.result() }); // boxed: a thenable result must not be adopted
          }),
        );
      }).then((box) => box.value);
    },
  };

  function runOnce() {
    scheduled = false;
    const batch = ready;
    ready = [];
    api._setRunningLoop(loop);
    try {
      for (const fn of batch) fn();
    } finally {
      api._setRunningLoop(null);
    }
  }

  return loop;
}

module.exports = { createMiniLoop };
