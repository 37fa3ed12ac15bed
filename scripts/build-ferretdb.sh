#!/usr/bin/env bash
# Builds the embedded FerretDB v1.24.2 (tools/ferretdb) once into the gitignored .cache/.
# Embedding avoids the start-up panic of a plain `go install` (see shared docs, database.md).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="$PWD/.cache/ferretdb-v1.24.2"
if [ -x "$OUT" ]; then exit 0; fi
command -v go >/dev/null || { echo "Go is needed to build the development database (FerretDB)." >&2; exit 1; }
mkdir -p .cache
echo "Building FerretDB v1.24.2 (first run only, about a minute)..." >&2
( cd tools/ferretdb && CGO_ENABLED=0 go build -trimpath -buildvcs=false -o "$OUT.tmp" . )
mv "$OUT.tmp" "$OUT"
