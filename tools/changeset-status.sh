#!/usr/bin/env bash
# `pnpm changeset status` against the base branch of .changeset/config.json (main): fails when a
# package changed since the branch left main and no changeset names it, or when a changeset is
# malformed or names a package that is not in the workspace. Prints the release plan.
#
# changesets needs the base branch in git. A fresh clone has it; a CI checkout may have only a
# detached HEAD, or be shallow: then origin/<base> is fetched, and with no remote at all the
# check runs against HEAD (the changesets are still parsed and the plan printed).
set -euo pipefail
cd "$(dirname "$0")/.."

base=$(node -p 'require("./.changeset/config.json").baseBranch || "main"')
since=""
if git rev-parse -q --verify "refs/heads/$base" >/dev/null; then
  since=$base
elif git rev-parse -q --verify "refs/remotes/origin/$base" >/dev/null; then
  since=origin/$base
elif git remote get-url origin >/dev/null 2>&1 &&
  git fetch -q origin "+refs/heads/$base:refs/remotes/origin/$base" 2>/dev/null; then
  since=origin/$base
fi
if [ -n "$since" ] && ! git merge-base HEAD "$since" >/dev/null 2>&1; then
  # A shallow clone may not reach the merge base: deepen it, or give up on the comparison.
  git fetch -q --unshallow origin 2>/dev/null || true
  git merge-base HEAD "$since" >/dev/null 2>&1 || since=""
fi
if [ -z "$since" ]; then
  echo "changeset status: no '$base' branch here (nor origin/$base); checking against HEAD"
  since=HEAD
fi
echo "changeset status: against $since ($(git rev-parse --short "$since"))"

# 1. changesets' own gate: packages changed since the branch point need a changeset added there.
#    changesets counts uncommitted changes too: in a working tree with changes in flight (several
#    people share this one), only the committed state is checked, by step 2.
if [ -n "$(git status --porcelain -- packages .changeset)" ]; then
  echo "changeset status: uncommitted changes under packages/ or .changeset/: checking commits only"
elif ! out=$(pnpm --silent changeset status --since="$since" 2>&1); then
  echo "$out"
  exit 1
fi

# 2. Stricter, per package: each package whose src/ or package.json changed since the branch
#    point is named by a changeset added since then (an empty changeset, `changeset add --empty`,
#    says that the change needs no release).
node - "$since" <<'JS'
const { execFileSync } = require("node:child_process");
const { readFileSync, existsSync } = require("node:fs");
const since = process.argv[2];
const git = (...args) => execFileSync("git", args, { encoding: "utf8" }).trim().split("\n").filter(Boolean);
const changed = new Map();
for (const file of git("diff", "--name-only", `${since}...HEAD`)) {
  const m = /^packages\/([^/]+)\/(src\/|package\.json$)/.exec(file);
  if (!m || !existsSync(`packages/${m[1]}/package.json`)) continue;
  const pkg = JSON.parse(readFileSync(`packages/${m[1]}/package.json`, "utf8"));
  if (!pkg.private) changed.set(pkg.name, file);
}
const named = new Set();
let empty = false;
for (const file of git("diff", "--name-only", "--diff-filter=AM", `${since}...HEAD`, "--", ".changeset/*.md")) {
  if (file.endsWith("README.md") || !existsSync(file)) continue;
  const front = /^---\n([\s\S]*?)\n?---/.exec(readFileSync(file, "utf8"));
  const names = [...(front?.[1] ?? "").matchAll(/^\s*["']?([^"':]+)["']?\s*:/gm)].map((m) => m[1].trim());
  if (names.length === 0) empty = true;
  for (const n of names) named.add(n);
}
const missing = [...changed.keys()].filter((n) => !named.has(n));
if (missing.length > 0 && !empty) {
  for (const n of missing) console.error(`changeset status: ${n} changed (${changed.get(n)}) but no changeset added since ${since} names it: run pnpm changeset`);
  process.exit(1);
}
console.log(`changeset status: ${changed.size} package(s) changed since ${since}, all with a changeset`);
JS

# 3. The whole pending release plan (every changeset in .changeset/, parsed and checked).
root=$(git rev-list --max-parents=0 HEAD | tail -1)
pnpm --silent changeset status --since="$root" | grep -v '^🦋  ---$' || true
