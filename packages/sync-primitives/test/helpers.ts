import type { Coroutine } from "@tsio/future";
import { TestLoop } from "@tsio/loop";

/**
 * A TestLoop that calls `onIdle` whenever nothing is ready to run, before its clock jumps to
 * the next timer: the moments when every woken task has run, where invariants such as "nobody
 * sleeps while the resource is free" must hold.
 */
class IdleCheckedLoop extends TestLoop {
  constructor(private readonly onIdle: () => void) {
    super();
  }
  protected override _idleAdvance(when: number): boolean {
    this.onIdle();
    return super._idleAdvance(when);
  }
}

/**
 * Runs `main()` on a fresh TestLoop (virtual clock), as IsolatedAsyncioTestCase runs a test on
 * a fresh loop, and closes the loop afterwards. With `onIdle`, calls it at every idle moment.
 */
export async function runOn<T>(main: () => Coroutine<T>, onIdle?: () => void): Promise<T> {
  const loop = onIdle === undefined ? new TestLoop() : new IdleCheckedLoop(onIdle);
  try {
    return await loop.runUntilComplete(main());
  } finally {
    loop.close();
  }
}

/** Python's `with self.assertRaises(cls): await coro` inside a coroutine. */
export function* raises(
  cls: abstract new (...args: never[]) => unknown,
  coro: Iterable<unknown>,
): Coroutine<unknown> {
  try {
    yield* coro;
  } catch (e) {
    if (e instanceof cls) return e;
    throw e;
  }
  throw new Error(`${cls.name} was not raised`);
}
