#!/usr/bin/env node
// The proof that each package works installed by itself, as users install it:
//
// 1. packs every public package with `pnpm pack` (workspace: and catalog: ranges become
//    versions) and checks the packed manifest;
// 2. for each package, makes a fresh npm project in a temporary directory outside the workspace,
//    installs that one tarball with plain npm, its @tsio dependencies from the packed tarballs
//    too (npm `overrides`; the @tsio scope points at a dead registry, so nothing @tsio can come
//    from a registry), and checks that `npm ls` shows every @tsio package from a tarball;
// 3. runs tools/pack-smoke/<dir>.mjs and <dir>.cjs there, and deep-import.mjs, which checks
//    that `<name>/dist/...` fails with ERR_PACKAGE_PATH_NOT_EXPORTED.
// Before installing, it lints every tarball in this one process (faster than a CLI run per
// package): publint, and @arethetypeswrong/core with the CLI's node16 profile (resolution from
// node16 CommonJS, node16 ESM and bundlers; node10 left out). `--no-lint` skips that.
//
// Needs the packages built (`pnpm build`). Usage:
//   node tools/pack-smoke.mjs [--node <node binary>] [--keep] [--no-lint] [package dir ...]
// `--node` runs the programs with another Node (tools/test-other-node.sh uses it); `--keep`
// leaves the temporary directory in place and prints it.
import { execFile } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const smokeDir = join(root, "tools", "pack-smoke");

const argv = process.argv.slice(2);
let nodeBin = process.execPath;
let keep = false;
let lint = true;
const only = [];
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === "--node") nodeBin = argv[++i];
  else if (argv[i] === "--keep") keep = true;
  else if (argv[i] === "--no-lint") lint = false;
  else only.push(argv[i]);
}

/** Runs a command; resolves with { code, stdout, stderr, seconds }, never rejects. */
function run(cmd, args, options = {}) {
  const start = performance.now();
  return new Promise((resolve) => {
    execFile(
      cmd,
      args,
      {
        maxBuffer: 64 * 1024 * 1024,
        timeout: 180_000,
        ...options,
        env: { ...process.env, ...options.env },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        const seconds = (performance.now() - start) / 1000;
        resolve({
          code,
          stdout: String(stdout),
          stderr: String(stderr || error?.message || ""),
          seconds,
        });
      },
    );
  });
}

/** Maps `fn` over `items`, at most `limit` at a time, keeping the order of results. */
async function pool(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  });
  await Promise.all(workers);
  return results;
}

const packagesDir = join(root, "packages");
const packages = readdirSync(packagesDir)
  .sort()
  .filter((dir) => existsSync(join(packagesDir, dir, "package.json")))
  .map((dir) => ({
    dir,
    manifest: JSON.parse(readFileSync(join(packagesDir, dir, "package.json"), "utf8")),
  }))
  .filter((p) => !p.manifest.private);
// Every package is packed (a selected one needs its dependencies' tarballs); only the selected
// ones are installed and run.
const selected = packages.filter((p) => only.length === 0 || only.includes(p.dir));
if (selected.length === 0) {
  console.error(`pack-smoke: no package named ${only.join(", ")} under packages/`);
  process.exit(1);
}

const problems = [];
for (const p of packages) {
  if (!existsSync(join(packagesDir, p.dir, "dist", "index.js"))) {
    problems.push(`${p.manifest.name}: packages/${p.dir}/dist is missing: run pnpm build first`);
  }
  for (const ext of ["mjs", "cjs"]) {
    if (selected.includes(p) && !existsSync(join(smokeDir, `${p.dir}.${ext}`))) {
      problems.push(
        `${p.manifest.name}: write tools/pack-smoke/${p.dir}.${ext}, a small program that uses it`,
      );
    }
  }
}
if (problems.length > 0) {
  for (const line of problems) console.error(`pack-smoke: ${line}`);
  process.exit(1);
}

const work = mkdtempSync(join(tmpdir(), "tsio-pack-smoke-"));
const tarballs = join(work, "tarballs");
mkdirSync(tarballs);
const nodeVersion = (await run(nodeBin, ["--version"])).stdout.trim();
const npmVersion = (await run("npm", ["--version"])).stdout.trim();
console.log(
  `pack-smoke: ${selected.length} packages, node ${nodeVersion}, npm ${npmVersion}, in ${work}`,
);

// 1. pack
const t0 = performance.now();
const packed = await pool(packages, 4, async (p) => {
  const r = await run("pnpm", ["pack", "--json", "--pack-destination", tarballs], {
    cwd: join(packagesDir, p.dir),
  });
  if (r.code !== 0) return { ...p, error: `pnpm pack failed:\n${r.stderr}${r.stdout}` };
  const { filename, files } = JSON.parse(r.stdout.slice(r.stdout.indexOf("{")));
  const m = await run("tar", ["-xzOf", filename, "package/package.json"]);
  const manifest = JSON.parse(m.stdout);
  const errors = [];
  for (const field of ["dependencies", "peerDependencies", "optionalDependencies"]) {
    for (const [dep, range] of Object.entries(manifest[field] ?? {})) {
      if (/^(workspace|catalog):/.test(range))
        errors.push(`${field}.${dep} is still "${range}" in the tarball`);
    }
  }
  const paths = files.map((f) => f.path);
  const stray = paths.filter(
    (f) => !/^(dist\/|package\.json$|README\.md$|LICENSE|CHANGELOG\.md$)/.test(f),
  );
  if (stray.length > 0) errors.push(`unexpected files in the tarball: ${stray.join(", ")}`);
  return { ...p, tarball: filename, packedManifest: manifest, fileCount: paths.length, errors };
});
const byName = new Map(packed.map((p) => [p.manifest.name, p]));
console.log(`pack-smoke: packed in ${((performance.now() - t0) / 1000).toFixed(1)}s`);

/**
 * publint and attw (node16 profile) on one tarball; the problems found, as lines. The linters
 * are loaded once: publint from the root's devDependencies, @arethetypeswrong/core through the
 * CLI that depends on it.
 */
let linters;
async function lintTarball(p) {
  if (!linters) {
    const require = createRequire(import.meta.url);
    const { publint } = await import("publint");
    const { formatMessage } = await import("publint/utils");
    const cli = require.resolve("@arethetypeswrong/cli/package.json");
    const core = await import(
      pathToFileURL(createRequire(cli).resolve("@arethetypeswrong/core")).href
    );
    linters = { publint, formatMessage, core };
  }
  const data = readFileSync(p.tarball);
  const problems = [];
  const { messages, pkg } = await linters.publint({
    pkgDir: "package", // where the tarball keeps its files
    pack: { tarball: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) },
  });
  for (const m of messages) {
    if (m.type === "error")
      problems.push(`publint: ${linters.formatMessage(m, pkg, { color: false })}`);
  }
  const result = await linters.core.checkPackage(
    linters.core.createPackageFromTarballData(new Uint8Array(data)),
  );
  if (!result.types) problems.push("attw: the package has no types");
  for (const problem of result.problems ?? []) {
    if (problem.resolutionKind === "node10") continue; // the node16 profile leaves node10 out
    const where = [problem.entrypoint, problem.resolutionKind].filter(Boolean).join(", ");
    problems.push(`attw: ${problem.kind}${where ? ` (${where})` : ""}`);
  }
  return problems;
}

/** The @tsio packages `name` needs, transitively (itself excluded). */
function closure(name, seen = new Set()) {
  const p = byName.get(name);
  for (const dep of Object.keys(p?.packedManifest?.dependencies ?? {})) {
    if ((dep.startsWith("@tsio/") || dep === "tsio") && !seen.has(dep)) {
      seen.add(dep);
      closure(dep, seen);
    }
  }
  return seen;
}

if (lint) {
  const t1 = performance.now();
  for (const p of packed) {
    if (p.error || !selected.some((s) => s.dir === p.dir)) continue;
    p.errors.push(...(await lintTarball(p)));
  }
  const secs = ((performance.now() - t1) / 1000).toFixed(1);
  console.log(`pack-smoke: publint and attw (node16 from CJS and ESM, bundler) in ${secs}s`);
}

// 2 and 3: install each alone, run its programs
const toRun = packed.filter((p) => selected.some((s) => s.dir === p.dir));
const results = await pool(toRun, 3, async (p) => {
  const name = p.manifest.name;
  const out = { name, steps: [], ok: false };
  if (p.error || p.errors.length > 0) {
    out.steps.push(p.error ?? p.errors.join("\n"));
    return out;
  }
  const deps = [...closure(name)];
  const missing = deps.filter((d) => !byName.has(d));
  if (missing.length > 0) {
    out.steps.push(
      `depends on ${missing.join(", ")}, not packed (not in packages/ or not selected)`,
    );
    return out;
  }
  const project = join(work, `project-${p.dir}`);
  mkdirSync(project);
  writeFileSync(
    join(project, "package.json"),
    `${JSON.stringify(
      {
        name: `pack-smoke-${p.dir}`,
        version: "0.0.0",
        private: true,
        dependencies: { [name]: `file:${p.tarball}` },
        overrides: Object.fromEntries(deps.map((d) => [d, `file:${byName.get(d).tarball}`])),
      },
      null,
      2,
    )}\n`,
  );
  writeFileSync(
    join(project, ".npmrc"),
    [
      "@tsio:registry=http://127.0.0.1:9/",
      "audit=false",
      "fund=false",
      "update-notifier=false",
      "package-lock=false",
      "",
    ].join("\n"),
  );
  const install = await run(
    "npm",
    ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"],
    {
      cwd: project,
    },
  );
  out.install = install.seconds;
  if (install.code !== 0) {
    out.steps.push(`npm install failed:\n${install.stderr}${install.stdout}`);
    return out;
  }
  // npm's hidden lockfile records where each installed package came from.
  const hidden = JSON.parse(
    readFileSync(join(project, "node_modules", ".package-lock.json"), "utf8"),
  );
  const installed = Object.entries(hidden.packages)
    .map(([path, info]) => [
      path.slice(path.lastIndexOf("node_modules/") + 13),
      String(info.resolved ?? ""),
    ])
    .filter(([dep]) => dep.startsWith("@tsio/") || dep === "tsio");
  const notFromTarball = installed
    .filter(([, resolved]) => !resolved.startsWith("file:"))
    .map(([dep]) => dep);
  const expected = [name, ...deps].sort();
  const got = [...new Set(installed.map(([dep]) => dep))].sort();
  if (notFromTarball.length > 0 || got.join() !== expected.join()) {
    out.steps.push(
      `@tsio packages installed: ${got.join(", ")} (expected ${expected.join(", ")}); not from a tarball: ${notFromTarball.join(", ") || "none"}`,
    );
    return out;
  }
  for (const file of [`${p.dir}.mjs`, `${p.dir}.cjs`, "mini-loop.cjs", "deep-import.mjs"]) {
    copyFileSync(join(smokeDir, file), join(project, file));
  }
  const env = { NODE_OPTIONS: "", NO_COLOR: "1" };
  for (const [label, args] of [
    ["esm", [`${p.dir}.mjs`]],
    ["cjs", [`${p.dir}.cjs`]],
    ["deep imports", ["deep-import.mjs", name]],
  ]) {
    const r = await run(nodeBin, args, { cwd: project, env, timeout: 120_000 });
    if (r.code !== 0) {
      out.steps.push(`${label} failed (exit ${r.code}):\n${r.stdout}${r.stderr}`);
      return out;
    }
    out.steps.push(`${label} ${r.seconds.toFixed(1)}s`);
  }
  out.ok = true;
  return out;
});

for (const r of results) {
  const head = `${r.ok ? "ok  " : "FAIL"} ${r.name.padEnd(24)}`;
  const install = r.install === undefined ? "" : `install ${r.install.toFixed(1)}s, `;
  if (r.ok) console.log(`${head} ${install}${r.steps.join(", ")}`);
  else
    console.log(
      `${head} ${install}\n${r.steps.map((s) => `     ${s.replace(/\n/g, "\n     ")}`).join("\n")}`,
    );
}
const failed = results.filter((r) => !r.ok).length;
console.log(
  `pack-smoke: ${results.length - failed} of ${results.length} packages work installed alone (node ${nodeVersion}), ${((performance.now() - t0) / 1000).toFixed(1)}s`,
);
if (keep) console.log(`pack-smoke: kept ${work}`);
else rmSync(work, { recursive: true, force: true });
process.exit(failed > 0 ? 1 : 0);
