/**
 * Code that several seeds share: the seeds repeat it (001 and 002 quote the same asyncio docs),
 * the demo writes it once.
 */
import { ValueError } from "@tsio/future";
import { sleep } from "@tsio/task";
import type { Out } from "../example.js";
import { nameCoroutineFunctions } from "../pyrepr.js";
import { scaled } from "../scale.js";

/**
 * The docs' hello/world `main()`:
 * ```python
 * async def main():
 *     print('hello')
 *     await asyncio.sleep(1)
 *     print('world')
 * ```
 */
export function helloWorldMain(out: Out): () => Generator<unknown, void> {
  function* main() {
    out.print("hello");
    yield* sleep(scaled(1));
    out.print("world");
  }
  nameCoroutineFunctions(main); // so that print(main()) shows <coroutine object main at 0x...>
  return main;
}

/**
 * The docs' `factorial(name, number)`; with `raiseOnFour` it raises `ValueError('에러')` for
 * number 4 before printing anything, as the seeds' return_exceptions variants do.
 */
export function factorialFor(
  out: Out,
  raiseOnFour: boolean,
): (name: string, number: number) => Generator<unknown, number> {
  return function* factorial(name, number) {
    let f = 1;
    if (raiseOnFour && number === 4) throw new ValueError("에러");
    for (let i = 2; i < number + 1; i++) {
      out.print(`Task ${name}: Compute factorial(${i})...`);
      yield* sleep(scaled(1));
      f *= i;
    }
    out.print(`Task ${name}: factorial(${number}) = ${f}`);
    return f;
  };
}

/** `async def nested(): return 42`. */
export function* nested() {
  return 42;
}

/**
 * brownbears' `async_task_1` (3 s) and `async_task_2` (2 s), which 001 awaits in turn and then
 * as tasks. (The prints say `sync_task_...`: the seed's text.)
 */
export function brownbearsTasks(out: Out): {
  asyncTask1: () => Generator<unknown, void>;
  asyncTask2: () => Generator<unknown, void>;
} {
  function* asyncTask1() {
    out.print("async_task_1 시작");
    out.print("sync_task_1 3초 대기");
    yield* sleep(scaled(3));
    out.print("sync_task_1 재시작");
  }

  function* asyncTask2() {
    out.print("async_task_2 시작");
    out.print("sync_task_2 2초 대기");
    yield* sleep(scaled(2));
    out.print("sync_task_2 재시작");
  }

  return { asyncTask1, asyncTask2 };
}

/** The docs' `say_after(delay, what)`: sleeps, then prints. */
export function sayAfterFor(out: Out): (delay: number, what: string) => Generator<unknown, void> {
  return function* sayAfter(delay, what) {
    yield* sleep(scaled(delay));
    out.print(what);
  };
}
