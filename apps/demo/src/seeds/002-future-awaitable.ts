import { type Future, getRunningLoop } from "@tsio/future";
import { run } from "@tsio/loop";
import { gather, sleep } from "@tsio/task";
import type { Example, Out } from "../example.js";
import { scaled } from "../scale.js";

async function demo(_args: string[], out: Out): Promise<undefined> {
  function functionThatReturnsAFutureObject(): Future<string> {
    // twin: a Future that a loop callback sets 0.1 s later
    const loop = getRunningLoop();
    const fut = loop.createFuture<string>();
    loop.callLater(scaled(0.1), (result: string) => fut.setResult(result), "future result");
    fut.addDoneCallback((f) => out.print("future done:", f.result()));
    return fut;
  }

  function* somePythonCoroutine() {
    // twin: any coroutine
    yield* sleep(scaled(0.1));
    out.print("some_python_coroutine done");
    return "coroutine result";
  }

  function* main() {
    yield* functionThatReturnsAFutureObject();

    // this is also valid:
    yield* gather(functionThatReturnsAFutureObject(), somePythonCoroutine());
  }

  await run(main());
  return undefined;
}

export default {
  name: "002-future-awaitable",
  summary: "a Future is awaitable, alone or in gather beside a coroutine",
  run: demo,
} satisfies Example;
