#!/usr/bin/env bash
# Package checks run by .ci/run: publint and @arethetypeswrong/cli on every package.
set -euo pipefail
cd "$(dirname "$0")/.."
pnpm --silent check:packages --output-logs=errors-only
