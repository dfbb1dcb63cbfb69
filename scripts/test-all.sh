#!/usr/bin/env bash
# The one command that checks everything (`npm test`, and CI through .ci/run):
# install, generate, typecheck, lint, unit + integration tests, build, end-to-end tests.
# Every step runs even after an earlier check fails (unless it cannot: nothing runs without
# node_modules, no e2e without a build), and the last line is always "N passed, N failed".
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$(pwd)"

export NEXT_TELEMETRY_DISABLED=1
# CI (set by the CI runner) is passed through untouched: Playwright reads it to refuse an
# already-running server and to forbid test.only.
if [[ -n "${CI:-}" ]]; then export CI; fi

RESULTS_DIR="test-results"
VITEST_JSON="$RESULTS_DIR/vitest.json"
PLAYWRIGHT_JSON="$RESULTS_DIR/playwright.json"
E2E_DATA_DIR=".data/e2e"
CHROMIUM="${PLAYWRIGHT_CHROMIUM_PATH:-/usr/bin/chromium}"

declare -a STEP_LINES=()
declare -a FAILED_STEPS=()
VITEST_RC=""
PLAYWRIGHT_RC=""
SUMMARY_PRINTED=0

now() { date +%s; }

# run_step NAME COMMAND...: runs it, records status and duration, never exits the script.
run_step() {
  local name="$1"; shift
  local start rc
  start="$(now)"
  printf '\n==> %s\n' "$name"
  set +e
  "$@"
  rc=$?
  set -e
  local took=$(( $(now) - start ))
  if [[ $rc -eq 0 ]]; then
    STEP_LINES+=("  ok    ${name} (${took}s)")
  else
    STEP_LINES+=("  FAIL  ${name} (${took}s, exit ${rc})")
    FAILED_STEPS+=("$name")
  fi
  return $rc
}

print_summary() {
  [[ $SUMMARY_PRINTED -eq 1 ]] && return
  SUMMARY_PRINTED=1
  printf '\n==> Summary\n'
  local line
  for line in "${STEP_LINES[@]+"${STEP_LINES[@]}"}"; do printf '%s\n' "$line"; done
  # Test counts from both JSON reports. A step that failed without reporting a failing test
  # (typecheck, lint, a crashed runner) adds one failure, so "0 failed" always means green.
  VITEST_JSON="$VITEST_JSON" PLAYWRIGHT_JSON="$PLAYWRIGHT_JSON" \
  VITEST_RC="$VITEST_RC" PLAYWRIGHT_RC="$PLAYWRIGHT_RC" \
  FAILED_STEPS="$(printf '%s\n' "${FAILED_STEPS[@]+"${FAILED_STEPS[@]}"}")" \
  node -e '
    const fs = require("node:fs");
    const read = (f) => { try { return JSON.parse(fs.readFileSync(f, "utf8")); } catch { return undefined; } };
    let passed = 0, failed = 0, skipped = 0;
    const reported = { vitest: 0, playwright: 0 };
    const v = process.env.VITEST_RC !== "" ? read(process.env.VITEST_JSON) : undefined;
    if (v) {
      // A file whose set-up failed (beforeAll) reports its tests as skipped, not failed:
      // it counts as one failure of its own.
      const failedFiles = (v.testResults ?? []).filter((f) => f.status === "failed" && !(f.assertionResults ?? []).some((a) => a.status === "failed")).length;
      passed += v.numPassedTests ?? 0;
      reported.vitest = (v.numFailedTests ?? 0) + failedFiles;
      failed += reported.vitest;
      skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
      console.log(`  vitest:     ${v.numPassedTests ?? 0} passed, ${reported.vitest} failed, ${(v.numPendingTests ?? 0) + (v.numTodoTests ?? 0)} skipped` + (failedFiles ? ` (${failedFiles} file(s) failed to set up)` : ""));
    }
    const p = process.env.PLAYWRIGHT_RC !== "" ? read(process.env.PLAYWRIGHT_JSON) : undefined;
    if (p && p.stats) {
      const s = p.stats;
      passed += (s.expected ?? 0) + (s.flaky ?? 0);
      reported.playwright = s.unexpected ?? 0;
      failed += reported.playwright;
      skipped += s.skipped ?? 0;
      const dur = typeof s.duration === "number" ? `, ${(s.duration / 1000).toFixed(1)}s` : "";
      console.log(`  playwright: ${(s.expected ?? 0) + (s.flaky ?? 0)} passed, ${s.unexpected ?? 0} failed, ${s.skipped ?? 0} skipped${dur}`);
    }
    for (const step of (process.env.FAILED_STEPS || "").split("\n").filter(Boolean)) {
      if (step === "vitest" && reported.vitest > 0) continue;
      if (step === "playwright" && reported.playwright > 0) continue;
      failed += 1;
    }
    console.log("");
    console.log(`${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ""));
    // A runner can exit 0 with a failed test in its report (seen with vitest when a worker
    // hangs on close): the report decides.
    process.exitCode = failed > 0 ? 3 : 0;
  ' || {
    local status=$?
    SUMMARY_FAILED=1
    if [[ $status -ne 3 ]]; then printf '0 passed, %d failed\n' "$(( ${#FAILED_STEPS[@]} > 0 ? ${#FAILED_STEPS[@]} : 1 ))"; fi
  }
}

SUMMARY_FAILED=0

finish() {
  local rc=$?
  print_summary
  if [[ $SUMMARY_FAILED -ne 0 && $rc -eq 0 ]]; then rc=1; fi
  if [[ ${#FAILED_STEPS[@]} -gt 0 && $rc -eq 0 ]]; then rc=1; fi
  exit "$rc"
}
trap finish EXIT

# Stop an embedded Postgres left running in the e2e data dir by a killed run, so that the
# directory can be removed and the port reused.
stop_orphan_e2e_postgres() {
  local pidfile="$E2E_DATA_DIR/pg/postmaster.pid" pid cmdline
  [[ -f "$pidfile" ]] || return 0
  pid="$(head -n1 "$pidfile" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 0
  cmdline=""
  [[ -r "/proc/$pid/cmdline" ]] && cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"
  if [[ "$cmdline" == *"$ROOT/$E2E_DATA_DIR/pg"* ]]; then
    echo "stopping a leftover e2e Postgres (pid $pid)"
    kill -INT "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
}

install_deps() {
  if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
    npm ci --no-audit --no-fund
  else
    echo "node_modules is up to date with package-lock.json; skipping npm ci"
  fi
}

ensure_chromium() {
  if [[ -x "$CHROMIUM" ]]; then
    echo "browser: $CHROMIUM"
    return 0
  fi
  if [[ "$CHROMIUM" != "/usr/bin/chromium" ]]; then
    echo "PLAYWRIGHT_CHROMIUM_PATH=$CHROMIUM does not exist or is not executable" >&2
    return 1
  fi
  if [[ "$(id -u)" -ne 0 ]]; then
    echo "Chromium is missing at /usr/bin/chromium and this is not root, so it cannot be installed here." >&2
    echo "Install it with: sudo apt-get install -y --no-install-recommends chromium fonts-liberation" >&2
    echo "(or point PLAYWRIGHT_CHROMIUM_PATH at a Chromium binary)" >&2
    return 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update && apt-get install -y --no-install-recommends chromium fonts-liberation
}

mkdir -p "$RESULTS_DIR"
rm -f "$VITEST_JSON" "$PLAYWRIGHT_JSON"

# Without these nothing else can run: stop at the first failure.
run_step "npm ci" install_deps || exit 1
run_step "chromium" ensure_chromium || exit 1
run_step "prisma generate" npm run prisma:generate || exit 1

# Checks: each runs even if an earlier one failed, so one run reports everything.
run_step "typecheck" npm run typecheck || true
run_step "lint" npm run lint || true

VITEST_RC=0
run_step "vitest" npx vitest run \
  --reporter=default --reporter=json --outputFile.json="$VITEST_JSON" || VITEST_RC=$?

stop_orphan_e2e_postgres
rm -rf "$E2E_DATA_DIR"
if run_step "build" npm run build; then
  PLAYWRIGHT_RC=0
  run_step "playwright" env \
    PLAYWRIGHT_JSON_OUTPUT_NAME="$PLAYWRIGHT_JSON" \
    PLAYWRIGHT_HTML_OPEN=never \
    npx playwright test --reporter=list,json,html || PLAYWRIGHT_RC=$?
else
  echo "skipping Playwright: the build failed"
fi
