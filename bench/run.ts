/**
 * `pnpm bench`: runs every `bench/*.bench.ts` (or those named: `pnpm bench core queue`) one
 * after the other, each in its own process so that one's garbage does not weigh on the next.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const dir = fileURLToPath(new URL(".", import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();
process.stdout.write(`# tsio benchmarks (${new Date().toISOString()}, node ${process.version})\n`);
let failed = 0;
for (const f of files) {
  const r = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", `${dir}${f}`], {
    stdio: "inherit",
  });
  if (r.status !== 0) {
    failed++;
    process.stderr.write(`bench ${f} failed with status ${r.status}\n`);
  }
}
process.exitCode = failed ? 1 : 0;
