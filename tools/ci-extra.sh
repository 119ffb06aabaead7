#!/usr/bin/env bash
# Package checks run by .ci/run after build and typecheck (the packages' dist/ must exist):
#   1+2. tools/pack-smoke.mjs: each package packed once; publint and @arethetypeswrong on the
#      tarballs (attw's node16 profile: resolution from node16 ESM, node16 CJS and bundlers;
#      node10 left out), in one process (a CLI run per package, `pnpm check:packages`, costs
#      about 50 s more on 2 cores); then each package installed alone with npm in a fresh
#      project outside the workspace, its ESM and CJS programs run, deep imports refused;
#   3. tools/changeset-status.sh: changesets against the base branch;
#   4. tools/check-jsdoc.ts --members: exported symbols and public class members without a JSDoc
#      @example fail the run;
#   5. the guide's examples (docs/examples) typecheck against the built packages, docs/guide.md
#      is in step with them and with the packages' names (a warning), and the API site builds.
#   6. tools/test-other-node.sh: pack-smoke and every test suite on Node 22 and 24 (fetched with
#      npx; about 2 minutes; TSIO_CI_OTHER_NODE=0 skips it, e.g. offline).
# Each step prints its time. Measured in a fresh clone on 2 cores (2026-11-22): steps 1-5 about
# 30 s, step 6 about 2 minutes; all of .ci/run about 5 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."

timed() {
  local label=$1 start=$SECONDS
  shift
  printf -- '--> %s\n' "$label"
  "$@"
  printf -- '<-- %s: %ss\n' "$label" $((SECONDS - start))
}

timed "pack-smoke (publint, attw, each package installed alone with npm)" node tools/pack-smoke.mjs
timed "changeset status" tools/changeset-status.sh
timed "JSDoc @example check (exports and class members)" pnpm --silent tsx tools/check-jsdoc.ts --members --quiet
timed "guide examples typecheck" pnpm --silent tsc -p docs/examples/tsconfig.json
timed "guide up to date (warning only)" bash -c 'pnpm --silent tsx tools/guide.ts --check || true'
timed "API site (typedoc)" bash -c 'pnpm --silent typedoc --logLevel Error'
if [ "${TSIO_CI_OTHER_NODE:-1}" = 1 ]; then
  timed "Node 22 and 24" tools/test-other-node.sh
fi
