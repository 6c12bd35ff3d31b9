#!/usr/bin/env bash
# shellcheck disable=SC2016  # the node -e program is single-quoted on purpose
# `npm test`: infrastructure check, lint, typecheck, then the unit, integration and end-to-end jest
# runs, stopping at the first failure. Each jest run writes tmp/jest-<phase>.json; the last line of
# output is always the summary `Tests: N passed, M failed` over those reports.
# Extra arguments go to every jest run, e.g. `npm test -- -t 'spiff'`.
# Before the tests it records the machine's own PostgreSQL and RabbitMQ (start, databases, roles,
# vhosts), and after them fails the run if any of that changed (scripts/machine-services-guard.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

PHASES=(unit integration e2e chaos)
# Every report the summary counts: the jest phases and the portal's vitest run (same JSON fields).
REPORTS=(unit web integration e2e chaos)
mkdir -p tmp
for p in "${REPORTS[@]}"; do rm -f "tmp/jest-$p.json"; done
MACHINE_BEFORE=tmp/machine-services-before.txt
# Every namespace this run's tests make starts with it (testNamespace()): the guard tells what this
# run left behind from what a test run beside it made.
TEST_RUN_NAMESPACE="swt_$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')_"
export TEST_RUN_NAMESPACE
rm -f "$MACHINE_BEFORE"

summary() {
  local code=$?
  if [[ -f "$MACHINE_BEFORE" ]]; then
    echo
    echo "=== the machine's own PostgreSQL and RabbitMQ, after the run ==="
    bash scripts/machine-services-guard.sh compare "$MACHINE_BEFORE" || code=1
  fi
  node -e '
    const fs = require("fs");
    let passed = 0, failed = 0;
    for (const phase of process.argv.slice(1)) {
      const file = `tmp/jest-${phase}.json`;
      if (!fs.existsSync(file)) continue;
      const r = JSON.parse(fs.readFileSync(file, "utf8"));
      passed += r.numPassedTests;
      failed += r.numFailedTests;
    }
    console.log(`Tests: ${passed} passed, ${failed} failed`);
  ' "${REPORTS[@]}" || echo "Tests: 0 passed, 0 failed"
  exit "$code"
}
trap summary EXIT

step=0
run() { # name command...
  local name="$1" start=$SECONDS; shift
  step=$((step + 1))
  echo
  echo "=== [$step/8] $name (at ${SECONDS}s) ==="
  if ! "$@"; then
    echo "=== $name FAILED after $((SECONDS - start))s ===" >&2
    exit 1
  fi
  echo "=== $name ok in $((SECONDS - start))s ==="
}

run infra bash scripts/ensure-infra.sh
bash scripts/machine-services-guard.sh record "$MACHINE_BEFORE"
run lint npm run -s lint
run typecheck npm run -s typecheck
for p in "${PHASES[@]}"; do
  run "test:$p" npm run -s "test:$p" -- --json "--outputFile=tmp/jest-$p.json" "$@"
  # The portal's component tests (vitest, jsdom) right after the unit tests: no services needed.
  if [[ $p == unit ]]; then
    # vitest resolves --outputFile against its own root (apps/web): give it the absolute path.
    run test:web npm run -s test:web -- --reporter=default --reporter=json "--outputFile=$PWD/tmp/jest-web.json"
  fi
done
