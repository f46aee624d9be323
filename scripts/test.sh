#!/usr/bin/env bash
# The one test command (npm test): installs what the tests need, starts the real services
# they use, runs every test, and prints one closing line "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
export TZ=UTC

step() { printf '\n== %s\n' "$*"; }

command -v node >/dev/null || { echo "npm test: node is missing (Node.js >= 20.19 is required)" >&2; exit 1; }
command -v npm >/dev/null || { echo "npm test: npm is missing (it comes with Node.js)" >&2; exit 1; }
if [ ! -x node_modules/.bin/vitest ]; then
  # npm ci: exactly what package-lock.json lists (it names every platform's DuckDB binding),
  # so a fresh machine tests the same dependency tree as every other.
  step "installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund || { echo "npm test: npm ci failed (see above); package-lock.json must match package.json" >&2; exit 1; }
fi

if [ -f scripts/provision.sh ]; then
  step "provisioning test prerequisites"
  bash scripts/provision.sh
fi

started=()
cleanup() {
  for service in "${started[@]}"; do bash scripts/services.sh down "$service" || true; done
}
trap cleanup EXIT
if [ -f scripts/services.sh ] && [ -d test/integration ] && [ "${PURCHASE_TRENDS_SKIP_SERVICES:-0}" != 1 ]; then
  for service in kafka hdfs; do
    if state=$(bash scripts/services.sh status "$service" 2>&1); then
      continue
    elif [[ $state == *" foreign "* ]]; then
      # Served by a process of another cache (PURCHASE_TRENDS_CACHE) or checkout: used as it is.
      step "$service: reusing the one already serving here ($(head -n 1 <<<"$state" | sed 's/  */ /g'))"
    else
      step "starting $service"
      bash scripts/services.sh up "$service"
      started+=("$service")
    fi
  done
fi

step "type check"
node node_modules/typescript/bin/tsc -p tsconfig.json --noEmit

step "tests"
mkdir -p test/output
status=0
node_modules/.bin/vitest run --reporter=default --reporter=json --outputFile.json=test/output/results.json "$@" || status=$?
node -e '
  const r = JSON.parse(require("fs").readFileSync("test/output/results.json", "utf8"));
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ""));
' || true
exit $status
