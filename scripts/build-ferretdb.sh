#!/usr/bin/env bash
# Builds the embedded FerretDB v1.24.2 (tools/ferretdb, with tools/ferretdb/patches applied) once into the
# gitignored .cache/. Embedding avoids the start-up panic of a plain `go install` (shared docs, database.md).
# The binary's name carries a hash of everything it is built from, so a changed main.go or patch is rebuilt.
# `--path` prints where the binary for this checkout lives (src/devdb/ferretdb.ts asks this) and builds nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
TOOL=tools/ferretdb
KEY=$(cat "$TOOL/go.mod" "$TOOL/go.sum" "$TOOL/main.go" "$TOOL"/patches/*.patch | sha256sum | cut -c1-12)
OUT="$PWD/.cache/ferretdb-v1.24.2-$KEY"
if [ "${1:-}" = "--path" ]; then echo "$OUT"; exit 0; fi
if [ -x "$OUT" ]; then exit 0; fi
command -v go >/dev/null || { echo "Go is needed to build the development database (FerretDB)." >&2; exit 1; }
mkdir -p .cache
echo "Building FerretDB v1.24.2 (first run only, about a minute)..." >&2
WORK=$(mktemp -d)
trap 'chmod -R u+w "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT
# The module cache is read-only: patch a copy and build against it through a throw-away go.mod.
SRC=$(cd "$TOOL" && go mod download github.com/FerretDB/FerretDB && go list -m -f '{{.Dir}}' github.com/FerretDB/FerretDB)
cp -R "$SRC/." "$WORK/ferretdb" && chmod -R u+w "$WORK/ferretdb"
for p in "$TOOL"/patches/*.patch; do patch --quiet -d "$WORK/ferretdb" -p1 < "$p"; done
cp "$TOOL/go.mod" "$WORK/build.mod" && cp "$TOOL/go.sum" "$WORK/build.sum"
( cd "$TOOL" && go mod edit -modfile="$WORK/build.mod" -replace "github.com/FerretDB/FerretDB=$WORK/ferretdb" \
  && CGO_ENABLED=0 go build -modfile="$WORK/build.mod" -trimpath -buildvcs=false -o "$OUT.tmp" . )
mv "$OUT.tmp" "$OUT"
