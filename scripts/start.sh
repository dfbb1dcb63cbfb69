#!/bin/sh
# `npm start`: compiles the server (scripts/build-server.mjs), then replaces this shell with
# it (exec: no launcher process stays behind). The settings below keep the proxy process's
# memory flat under load; docs/deployment.md ("Memory of the proxy process") explains each.
set -e
cd "$(dirname "$0")/.."

# Node 22 or 24 (installed into .tools/ when the node on PATH is neither), then the
# dependencies on it when there are none yet or the lock file is newer: a fresh clone starts
# with `npm start` alone.
. scripts/ensure-node.sh
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
node scripts/build-server.mjs

# glibc malloc: blocks of 128 KB and more come from mmap and go back to the system when
# freed, and freed memory at the top of the heap is returned past 128 KB, instead of
# thresholds that grow with the largest block ever freed. An operator's own values win.
export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-131072}"
export MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-131072}"

# No core dumps: a dump of the server (or its console worker, which inherits the limit)
# would hold the provider keys it had opened and the master key, written to disk in clear.
# Soft and hard limit both (so nothing in the process can raise it again); only the soft
# one where the hard limit may not be lowered.
ulimit -c 0 2>/dev/null || ulimit -S -c 0 2>/dev/null || true

# V8: the old generation grows by 40 % of what survived the last full collection before the
# next one (by default up to 300 % when the process allocates fast, which it does under load).
# The console worker does not take this (server/console-host.ts).
exec node --heap-growing-percent=40 dist/server/start.js "$@"
