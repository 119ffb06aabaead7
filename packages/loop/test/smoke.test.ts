import { run, TestLoop } from "@tsio/loop";
import { createTask, gather, sleep } from "@tsio/task";
import { expect, test } from "vitest";

test("say_after with tasks takes 2 s on a virtual clock", async () => {
  const loop = new TestLoop();
  const out: string[] = [];
  function* sayAfter(delay: number, what: string) {
    yield* sleep(delay);
    out.push(`${what} at ${loop.time()}`);
  }
  function* main() {
    const t1 = createTask(sayAfter(1, "hello"));
    const t2 = createTask(sayAfter(2, "world"));
    yield* t1;
    yield* t2;
    return 7;
  }
  const r = await loop.runUntilComplete(main());
  expect(r).toBe(7);
  expect(out).toEqual(["hello at 1", "world at 2"]);
  loop.close();
});

test("run with gather", async () => {
  function* f(x: number) {
    yield* sleep(0.01);
    return x * 2;
  }
  function* main() {
    const [a, b] = yield* gather(f(1), f(2));
    return a + b;
  }
  expect(await run(main())).toBe(6);
});
