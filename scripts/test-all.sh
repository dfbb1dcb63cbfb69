#!/usr/bin/env bash
# The one command that checks everything (`npm test`, and CI through .ci/run):
# install, generate, typecheck, lint, unit + integration tests, build, end-to-end tests, all
# on Node 22 (or 24, when that is the node on PATH), then the unit and integration tests once
# more on the other of the two.
# Every step runs even after an earlier check fails (unless it cannot: nothing runs without
# node_modules, no e2e without a build), and the last line is always "N passed, N failed".
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$(pwd)"

# Node 22 or 24 first on PATH (installed into .tools/ when the machine has neither), before
# anything runs npm: npm ci, every npx and every test process then run on it.
# shellcheck source=scripts/ensure-node.sh
. scripts/ensure-node.sh || exit 1
echo "node: $(node -v) ($(command -v node)); npm $(npm -v)"
NODE_MAJOR="$(node -p 'process.versions.node.split(".")[0]')"
# The other supported major, for the second vitest run at the end.
if [[ "$NODE_MAJOR" == 24 ]]; then OTHER_NODE_MAJOR=22; else OTHER_NODE_MAJOR=24; fi

export NEXT_TELEMETRY_DISABLED=1
# CI (set by the CI runner) is passed through untouched: Playwright reads it to refuse an
# already-running server and to forbid test.only.
if [[ -n "${CI:-}" ]]; then export CI; fi

RESULTS_DIR="test-results"
VITEST_JSON="$RESULTS_DIR/vitest.json"
VITEST_OTHER_JSON="$RESULTS_DIR/vitest-node$OTHER_NODE_MAJOR.json"
PLAYWRIGHT_JSON="$RESULTS_DIR/playwright.json"
E2E_DATA_DIR=".data/e2e"
CHROMIUM="${PLAYWRIGHT_CHROMIUM_PATH:-/usr/bin/chromium}"

declare -a STEP_LINES=()
declare -a FAILED_STEPS=()
VITEST_RC=""
VITEST_OTHER_RC=""
VITEST_OTHER_STEP=""
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
  VITEST_JSON="$VITEST_JSON" PLAYWRIGHT_JSON="$PLAYWRIGHT_JSON" VITEST_OTHER_JSON="$VITEST_OTHER_JSON" \
  VITEST_RC="$VITEST_RC" PLAYWRIGHT_RC="$PLAYWRIGHT_RC" VITEST_OTHER_RC="$VITEST_OTHER_RC" \
  VITEST_OTHER_STEP="$VITEST_OTHER_STEP" \
  FAILED_STEPS="$(printf '%s\n' "${FAILED_STEPS[@]+"${FAILED_STEPS[@]}"}")" \
  node -e '
    const fs = require("node:fs");
    const path = require("node:path");
    const read = (f) => { try { return JSON.parse(fs.readFileSync(f, "utf8")); } catch { return undefined; } };
    const firstLine = (s) => String(s ?? "").replace(/\u001b\[[0-9;]*m/g, "").split("\n").find((l) => l.trim() !== "")?.trim().slice(0, 240) ?? "";
    const note = (s) => console.log(`      failed: ${s}`);
    let passed = 0, failed = 0, skipped = 0;
    const reported = {};
    const vitest = (step, rc, file, label) => {
      const v = rc !== "" ? read(file) : undefined;
      if (!v) return;
      // A file whose set-up failed (beforeAll) reports its tests as skipped, not failed:
      // it counts as one failure of its own.
      const failedFiles = (v.testResults ?? []).filter((f) => f.status === "failed" && !(f.assertionResults ?? []).some((a) => a.status === "failed")).length;
      passed += v.numPassedTests ?? 0;
      reported[step] = (v.numFailedTests ?? 0) + failedFiles;
      failed += reported[step];
      skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
      console.log(`  ${label} ${v.numPassedTests ?? 0} passed, ${reported[step]} failed, ${(v.numPendingTests ?? 0) + (v.numTodoTests ?? 0)} skipped` + (failedFiles ? ` (${failedFiles} file(s) failed to set up)` : ""));
      // Name what failed here, at the end of the log, where a CI tail still shows it.
      for (const f of v.testResults ?? []) {
        if (f.status !== "failed") continue;
        const file = path.relative(process.cwd(), f.name ?? "");
        const tests = (f.assertionResults ?? []).filter((a) => a.status === "failed");
        if (tests.length === 0) note(`${file}: ${firstLine(f.message) || "the file failed to set up"}`);
        for (const a of tests) note(`${file} > ${a.fullName}: ${firstLine(a.failureMessages?.[0])}`);
      }
    };
    vitest("vitest", process.env.VITEST_RC, process.env.VITEST_JSON, "vitest:    ");
    const p = process.env.PLAYWRIGHT_RC !== "" ? read(process.env.PLAYWRIGHT_JSON) : undefined;
    if (p && p.stats) {
      const s = p.stats;
      passed += (s.expected ?? 0) + (s.flaky ?? 0);
      reported.playwright = s.unexpected ?? 0;
      failed += reported.playwright;
      skipped += s.skipped ?? 0;
      const dur = typeof s.duration === "number" ? `, ${(s.duration / 1000).toFixed(1)}s` : "";
      console.log(`  playwright: ${(s.expected ?? 0) + (s.flaky ?? 0)} passed, ${s.unexpected ?? 0} failed, ${s.skipped ?? 0} skipped${dur}`);
      const walk = (suite, titles) => {
        for (const spec of suite.specs ?? []) {
          for (const t of spec.tests ?? []) {
            if (t.status !== "unexpected") continue;
            const error = (t.results ?? []).map((r) => r.error?.message).find(Boolean);
            note(`${spec.file} > ${[...titles, spec.title].join(" > ")}: ${firstLine(error)}`);
          }
        }
        for (const child of suite.suites ?? []) walk(child, child.title && child.title !== child.file ? [...titles, child.title] : titles);
      };
      for (const suite of p.suites ?? []) walk(suite, []);
    }
    if (process.env.VITEST_OTHER_STEP) vitest(process.env.VITEST_OTHER_STEP, process.env.VITEST_OTHER_RC, process.env.VITEST_OTHER_JSON, `${process.env.VITEST_OTHER_STEP}:`);
    for (const step of (process.env.FAILED_STEPS || "").split("\n").filter(Boolean)) {
      if (reported[step] > 0) continue;
      failed += 1;
    }
    console.log("");
    console.log(`${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ""));
    // A runner can exit 0 with a failed test in its report (seen with vitest when a worker
    // hangs on close, and when embedded-postgres'"'"' exit hook replaced its exit code, which
    // tests/support/global-setup.ts now prevents): the report decides.
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

# node_modules/.auriko-node holds the Node major that installed it: after a switch of major
# (Node 20 to 22), install again, so that install scripts and generated code ran on this one.
install_deps() {
  if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json \
        || "$(cat node_modules/.auriko-node 2>/dev/null)" != "$NODE_MAJOR" ]]; then
    npm ci --no-audit --no-fund && echo "$NODE_MAJOR" > node_modules/.auriko-node
  else
    echo "node_modules is up to date with package-lock.json (installed on Node $NODE_MAJOR); skipping npm ci"
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
rm -f "$VITEST_JSON" "$VITEST_OTHER_JSON" "$PLAYWRIGHT_JSON"

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

# The unit and integration tests once more on the other supported major (Node 24 when the
# suite ran on 22): the code is the same, so what this catches is the runtime (V8, undici
# and the built-ins the proxy and the meter lean on). The build and the browser tests run
# once: they are most of the suite's time and test Next.js and Chromium more than Node.
# docs/decisions.md, "Node 24 in CI".
if OTHER_NODE_BIN="$(auriko_node_bin "$OTHER_NODE_MAJOR")"; then
  VITEST_OTHER_STEP="vitest on Node $("$OTHER_NODE_BIN/node" -p process.versions.node)"
  VITEST_OTHER_RC=0
  run_step "$VITEST_OTHER_STEP" env PATH="$OTHER_NODE_BIN:$PATH" npx vitest run --project unit --project integration \
    --reporter=default --reporter=json --outputFile.json="$VITEST_OTHER_JSON" || VITEST_OTHER_RC=$?
else
  STEP_LINES+=("  FAIL  Node $OTHER_NODE_MAJOR (could not be installed)")
  FAILED_STEPS+=("Node $OTHER_NODE_MAJOR")
fi
