#!/usr/bin/env bash
# Runs a test command while every core is kept busy (issue 19): the suite must pass on a loaded
# machine, as CI's two cores often are. One node busy loop per core (nproc), stopped on exit.
# Usage: npm run test:stress [-- <command>]   (default: npm test)
set -euo pipefail
if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then
  printf '%s\n' 'usage: npm run -s test:stress [-- COMMAND...]' '' 'Runs COMMAND (default: npm test) with one busy loop per core.' '' 'Examples:' '  npm run -s test:stress' '  npm run -s test:stress -- npx jest test/rebuild.e2e-spec.ts' '' 'Exit: the exit code of COMMAND'
  exit 0
fi
cd "$(dirname "$0")/.."
hogs=()
cleanup() { for pid in "${hogs[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT
for _ in $(seq 1 "$(nproc)"); do
  node -e 'for (;;) {}' &
  hogs+=($!)
done
echo "stress: ${#hogs[@]} busy loops on $(nproc) cores; running: ${*:-npm test}"
start=$(date +%s)
status=0
if [ $# -gt 0 ]; then "$@" || status=$?; else npm test || status=$?; fi
echo "stress: exit $status after $(( $(date +%s) - start )) s"
exit $status
