#!/usr/bin/env bash
# Scaffolds packages/<name> with the files every tsio package has.
# Usage: tools/new-package.sh <name> "<one-line description>" [dep ...]
set -euo pipefail
name=$1; desc=$2; shift 2
dir=packages/$name
mkdir -p "$dir/src" "$dir/test"
deps=""
for d in "$@"; do deps="$deps\"@tsio/$d\": \"workspace:^\", "; done
deps=${deps%, }
cat > "$dir/package.json" <<JSON
{
  "name": "@tsio/$name",
  "version": "0.1.0",
  "description": "$desc",
  "license": "MIT",
  "repository": { "type": "git", "url": "git+https://github.com/tsio/tsio.git", "directory": "packages/$name" },
  "keywords": ["asyncio", "async", "coroutine", "tsio"],
  "type": "module",
  "main": "./dist/index.cjs",
  "module": "./dist/index.js",
  "types": "./dist/index.d.cts",
  "exports": {
    ".": {
      "import": { "types": "./dist/index.d.ts", "default": "./dist/index.js" },
      "require": { "types": "./dist/index.d.cts", "default": "./dist/index.cjs" }
    },
    "./package.json": "./package.json"
  },
  "files": ["dist"],
  "sideEffects": false,
  "engines": { "node": ">=20.19" },
  "scripts": {
    "build": "tsup",
    "test": "vitest run",
    "typecheck": "tsc -p tsconfig.json",
    "check:package": "publint && attw --pack . --profile node16"
  },
  "dependencies": { $deps },
  "devDependencies": {
    "@types/node": "catalog:",
    "tsup": "catalog:",
    "typescript": "catalog:",
    "vitest": "catalog:"
  }
}
JSON
echo '{ "extends": "../../tsconfig.base.json", "include": ["src", "test"] }' > "$dir/tsconfig.json"
cat > "$dir/tsup.config.ts" <<'TS'
import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "node20",
});
TS
cat > "$dir/vitest.config.ts" <<'TS'
import { tsioProject } from "../../tools/vitest-project.ts";

export default tsioProject();
TS
