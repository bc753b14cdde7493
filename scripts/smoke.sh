#!/usr/bin/env bash
# Starts the service as the README's Quick start does (embedded store, fresh data folder) and runs
# the whole onboarding scenario against it.
set -euo pipefail
cd "$(dirname "$0")/.."
export DATA_DIR="$(mktemp -d)"
export PORT="${SMOKE_PORT:-3917}"
export LOG_LEVEL=warn
log="$DATA_DIR/api.log"
npm start >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$DATA_DIR"' EXIT
for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null 2>&1; then break; fi
  if ! kill -0 $pid 2>/dev/null; then cat "$log"; echo "the service did not start"; exit 1; fi
  sleep 1
done
curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null || { cat "$log"; echo "the service did not answer /health"; exit 1; }
npm run -s scenario -- ../shared/scenarios/vngcloud-onboarding.json --url "http://127.0.0.1:$PORT"
