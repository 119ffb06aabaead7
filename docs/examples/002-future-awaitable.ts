import { type Future, gather, getRunningLoop, run, sleep } from "tsio";

function functionThatReturnsAFutureObject(): Future<string> {
  const loop = getRunningLoop();
  const fut = loop.createFuture<string>();
  loop.callLater(0.1, () => fut.setResult("future result"));
  return fut;
}

function* somePythonCoroutine() {
  yield* sleep(0.1);
  return "coroutine result";
}

function* main() {
  yield* functionThatReturnsAFutureObject();

  // this is also valid:
  const [a, b] = yield* gather(functionThatReturnsAFutureObject(), somePythonCoroutine());
  console.log(a, b); // future result coroutine result
}

await run(main());
