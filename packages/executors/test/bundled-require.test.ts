import { ThreadPoolExecutor } from "@tsio/executors";
import { expect, test } from "vitest";

// esbuild (and so tsup) rewrites `require` to `__require` in bundled ESM; a function shipped by
// its source from such a bundle must still run in the worker.
test("a shipped function that calls __require (as bundlers emit it) runs", async () => {
  const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
  try {
    const fn = new Function(
      "return function platform() { return __require('node:os').platform(); }",
    )() as () => string;
    expect(await pool.submit(fn)).toBe(process.platform);
  } finally {
    await pool.shutdown();
  }
});
