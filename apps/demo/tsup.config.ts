import { defineConfig } from "tsup";

// dist/cli.js, one file; the @tsio packages and npm dependencies stay imports (tsup leaves every
// dependency of package.json external), so the demo runs on the packages' own builds. The
// worker modules (plain JavaScript, imported by worker threads and child processes) are
// entries of their own, in dist/workers/, where src/workers/index.ts finds them.
export default defineConfig({
  entry: {
    cli: "src/cli.ts",
    "workers/flags": "src/workers/flags.js",
    "workers/gif": "src/workers/gif.js",
    "workers/gif-server": "src/workers/gif-server.js",
    "workers/jobs": "src/workers/jobs.js",
    "workers/sqlite": "src/workers/sqlite.js",
    "workers/urllib": "src/workers/urllib.js",
    "workers/urlopen-blocking": "src/workers/urlopen-blocking.js",
  },
  format: ["esm"],
  sourcemap: true,
  clean: true,
  target: "node20",
  // Shared code between the worker entries stays in each (no chunks to find at run time).
  splitting: false,
  banner: { js: "#!/usr/bin/env node" },
});
