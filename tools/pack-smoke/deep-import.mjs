// Deep imports into an installed package must fail with Node's ERR_PACKAGE_PATH_NOT_EXPORTED,
// from ESM and from CommonJS, while the package itself and its package.json resolve.
// Usage: node deep-import.mjs <package name>
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const name = process.argv[2];
const require = createRequire(import.meta.url);

await import(name);
require(name);
assert.equal(require(`${name}/package.json`).name, name);

for (const sub of ["dist/index.js", "dist/index.cjs", "src/index.ts", "package"]) {
  const spec = `${name}/${sub}`;
  await assert.rejects(import(spec), { code: "ERR_PACKAGE_PATH_NOT_EXPORTED" }, spec);
  assert.throws(() => require(spec), { code: "ERR_PACKAGE_PATH_NOT_EXPORTED" }, spec);
}
console.log(`${name}: deep imports refused (ERR_PACKAGE_PATH_NOT_EXPORTED)`);
