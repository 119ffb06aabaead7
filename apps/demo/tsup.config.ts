import { defineConfig } from "tsup";

// One file, dist/cli.js; the @tsio packages and npm dependencies stay imports (tsup leaves every
// dependency of package.json external), so the demo runs on the packages' own builds.
export default defineConfig({
  entry: ["src/cli.ts"],
  format: ["esm"],
  sourcemap: true,
  clean: true,
  target: "node20",
  banner: { js: "#!/usr/bin/env node" },
});
