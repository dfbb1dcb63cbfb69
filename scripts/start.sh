#!/bin/sh
# `npm start`: compiles the server (scripts/build-server.mjs), then replaces this shell with
# it (exec: no launcher process stays behind). The settings below keep the proxy process's
# memory flat under load; docs/deployment.md ("Memory of the proxy process") explains each.
set -e
cd "$(dirname "$0")/.."
node scripts/build-server.mjs

# glibc malloc: blocks of 128 KB and more come from mmap and go back to the system when
# freed, and freed memory at the top of the heap is returned past 128 KB, instead of
# thresholds that grow with the largest block ever freed. An operator's own values win.
export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-131072}"
export MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-131072}"

# V8: the old generation grows by 40 % of what survived the last full collection before the
# next one (by default up to 300 % when the process allocates fast, which it does under load).
# The console worker does not take this (server/console-host.ts).
exec node --heap-growing-percent=40 dist/server/start.js "$@"
