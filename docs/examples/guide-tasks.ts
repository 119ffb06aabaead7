import { asCompleted, createTask, gather, gatherAll, run, sleep, taskGroup } from "tsio";

function* fetchOne(name: string, delay: number) {
  yield* sleep(delay);
  return { name, delay };
}

function* main() {
  // create_task: runs concurrently from the next loop iteration
  const t1 = createTask(fetchOne("a", 0.2), { name: "fetch-a" });

  // gather: a typed tuple, in argument order
  const [b, c] = yield* gather(fetchOne("b", 0.1), fetchOne("c", 0.3));

  // gatherAll: any number of awaitables from an array or iterable
  const many = yield* gatherAll(Array.from({ length: 1000 }, (_, i) => fetchOne(`n${i}`, 0.01)));

  // asCompleted: outcomes in the order they finish
  for (const next of asCompleted([fetchOne("slow", 0.2), fetchOne("fast", 0.1)])) {
    const { name } = yield* next;
    console.log("finished:", name); // fast, then slow
  }

  // TaskGroup (async with asyncio.TaskGroup() as tg): waits for all; if one fails, cancels the
  // others and throws an ExceptionGroup
  const [d, e] = yield* taskGroup(function* (tg) {
    return [tg.createTask(fetchOne("d", 0.1)), tg.createTask(fetchOne("e", 0.1))] as const;
  });

  return [(yield* t1).name, b.name, c.name, many.length, d.result().name, e.result().name];
}

console.log(await run(main())); // [ 'a', 'b', 'c', 1000, 'd', 'e' ]
