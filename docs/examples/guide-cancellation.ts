import {
  CancelledError,
  createTask,
  currentTask,
  run,
  shield,
  sleep,
  TimeoutError,
  timeout,
  waitFor,
} from "tsio";

function* worker(log: string[]) {
  try {
    for (;;) {
      yield* sleep(1); // CancelledError is thrown here, at the yield*
      log.push("tick");
    }
  } finally {
    yield* sleep(0.1); // cleanup may itself wait
    log.push("cleaned up");
  }
}

function* stubborn() {
  try {
    yield* sleep(10);
  } catch (e) {
    if (!(e instanceof CancelledError)) throw e;
    // Swallowing a cancellation is allowed, as in Python; uncancel() says it was handled.
    currentTask()?.uncancel();
    return "carried on";
  }
  return "finished";
}

function* main() {
  const log: string[] = [];
  const task = createTask(worker(log));
  yield* sleep(2.5);
  task.cancel("enough"); // requests cancellation: the task sees it at its next yield*
  try {
    yield* task;
  } catch (e) {
    if (e instanceof CancelledError) log.push(`cancelled: ${e.message}`);
  }

  const s = createTask(stubborn());
  yield* sleep(0);
  s.cancel();
  log.push(yield* s); // carried on

  try {
    yield* waitFor(sleep(10), 0.5); // cancels the sleep after 0.5 s
  } catch (e) {
    if (e instanceof TimeoutError) log.push("waitFor timed out");
  }

  try {
    yield* timeout(0.5).run(function* () {
      yield* sleep(10);
    });
  } catch (e) {
    if (e instanceof TimeoutError) log.push("timeout() expired");
  }

  const save = createTask(sleep(0.2, "saved"));
  log.push(yield* shield(save)); // cancelling main would not cancel `save`
  return log;
}

console.log(await run(main()));
// [ 'tick', 'tick', 'cleaned up', 'cancelled: enough', 'carried on',
//   'waitFor timed out', 'timeout() expired', 'saved' ]
