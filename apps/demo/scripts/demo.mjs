// `pnpm demo [args]`: builds what the demo needs (turbo, quietly; cached after the first time),
// then runs dist/cli.js with the arguments, passing its exit status on.
import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));

const build = spawnSync(
  "pnpm",
  ["exec", "turbo", "run", "build", "--filter=@tsio/demo-app...", "--output-logs=errors-only"],
  {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" },
  },
);
if (build.status !== 0) {
  process.stderr.write(`${build.stdout ?? ""}${build.stderr ?? ""}`);
  process.stderr.write("pnpm demo: the build failed (output above).\n");
  process.exit(build.status ?? 1);
}

const args = process.argv.slice(2);
if (args[0] === "--") args.shift();
const child = spawn(process.execPath, [cli, ...args], { stdio: "inherit" });
// Ctrl-C reaches the child too (same process group): let it decide when to end.
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => {});
child.on("exit", (code, signal) => {
  process.exit(code ?? (signal === "SIGINT" ? 130 : 1));
});
