#!/usr/bin/env bash
# MongoDB with authentication and a replica set needs a key file readable only by mongod: made once in the data
# volume, then the image's own entrypoint starts mongod (creating the root user on the first start).
set -euo pipefail
KEY=/data/db/hoso-keyfile
if [ ! -s "$KEY" ]; then
  head -c 756 /dev/urandom | base64 | tr -d '\n' > "$KEY"
fi
chmod 400 "$KEY"
chown mongodb:mongodb "$KEY" 2>/dev/null || chown 999:999 "$KEY"
exec docker-entrypoint.sh "$@"
