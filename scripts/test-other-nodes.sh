#!/usr/bin/env bash
# Runs a subset of the tests on Node 22 and 24 LTS (package.json `engines`; the Docker image runs 24), each fetched
# from the npm registry into .cache/ by scripts/fetch-node.sh, on a machine whose system Node is 20. CI runs it
# after `npm test` (the whole suite on Node 20); `--no-build` then reuses the dist/ that run just built.
#
# The subset, about 2 minutes a version on 2 cores: what differs between Node releases is the runtime under our
# code, not our logic, so it covers each part of the runtime the app leans on once, not every feature again:
#  - every unit test: Intl and time zones (Asia/Ho_Chi_Minh dates, Vietnamese text folding, the lunar calendar),
#    crypto (webhook signatures), zod and the parsers; cheap, and ICU changes between Node releases;
#  - intake.int: the conversation engine through mongoose and the driver on the embedded database;
#  - jobs-dispatch.int: Agenda and the outbox (timers, claims, sends);
#  - two-processes.int: the compiled app (dist/src/main.js) started twice under that Node, webhook mode over HTTP;
#  - install-and-start.e2e: the production install path (`npm ci --omit=dev` layout, the built CLI, no Go);
#  - telegram.e2e: grammY over the runtime's fetch against a local Bot API, polling and webhook;
#  - zalo-webhook.e2e: express 5 and signed webhooks.
# HOSO_OTHER_NODES overrides the versions (space-separated), e.g. HOSO_OTHER_NODES=24.22.3.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSIONS=${HOSO_OTHER_NODES:-22.23.5 24.22.3}
TESTS=(
  test/unit
  test/integration/intake.int.test.ts
  test/integration/jobs-dispatch.int.test.ts
  test/integration/two-processes.int.test.ts
  test/e2e/install-and-start.e2e.test.ts
  test/e2e/telegram.e2e.test.ts
  test/e2e/zalo-webhook.e2e.test.ts
)
# The tests import dist/ (jest's global setup, the spawned app): build it unless the caller just did.
if [ "${1:-}" != --no-build ]; then npm run build --silent; fi
bash scripts/build-ferretdb.sh
for v in $VERSIONS; do
  node_bin=$(bash scripts/fetch-node.sh "$v")
  # First on PATH, so whatever the tests spawn as `node` (or through process.execPath) is this release too.
  export_path="$(dirname "$node_bin"):$PATH"
  actual=$(PATH="$export_path" node --version)
  [ "$actual" = "v$v" ] || { echo "expected node v$v on PATH, found $actual" >&2; exit 1; }
  echo "== tests on Node $actual ($node_bin)" >&2
  # npm passes .npmrc's node-options to `npm test`; jest is started directly here, so set them the same way.
  PATH="$export_path" NODE_OPTIONS="--experimental-vm-modules${NODE_OPTIONS:+ $NODE_OPTIONS}" \
    "$node_bin" node_modules/jest/bin/jest.js "${TESTS[@]}"
done
