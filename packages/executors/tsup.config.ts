import { defineConfig } from "tsup";

export default defineConfig([
  {
    entry: ["src/index.ts"],
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    clean: true,
    target: "node20",
    // import.meta.url (where worker.js is) in the CommonJS build too
    shims: true,
  },
  {
    // The program workers run: its own file, found beside index.js / index.cjs.
    entry: ["src/worker.js"],
    format: ["esm"],
    sourcemap: true,
    target: "node20",
  },
]);
