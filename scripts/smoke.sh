#!/usr/bin/env bash
# Starts the service as the README's Quick start does (embedded store, fresh data folder) and runs a
# scenario against it: the vngcloud onboarding with the default program, then the Tencent Cloud
# application with PROGRAM=tencentcloud.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run -s build >/dev/null

run() { # program scenario-file port
  local data; data="$(mktemp -d)"
  local log="$data/api.log"
  PROGRAM="$1" DATA_DIR="$data" PORT="$3" LOG_LEVEL=warn node dist/apps/api/src/main.js >"$log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$3/health" >/dev/null 2>&1; then break; fi
    if ! kill -0 $pid 2>/dev/null; then cat "$log"; echo "the service did not start"; return 1; fi
    sleep 1
  done
  local status=0
  DATA_DIR="$data" npm run -s scenario -- "$2" --url "http://127.0.0.1:$3" || status=$?
  kill $pid 2>/dev/null || true
  wait $pid 2>/dev/null || true
  rm -rf "$data"
  return $status
}

run vngcloud ../shared/scenarios/vngcloud-onboarding.json "${SMOKE_PORT:-3917}"
run tencentcloud ../shared/scenarios/tencentcloud-application.json "$(( ${SMOKE_PORT:-3917} + 1 ))"
