#!/usr/bin/env bash
# Wall-clock time of the README's first command on a fresh clone: from
# `make demo` until the demo town answers on http://127.0.0.1:8000/.
# Run: bash bench/quickstart_time.sh   (port 8000 must be free; pip may use its cache)
set -euo pipefail
source_repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'kill -- -$pid 2>/dev/null || true; rm -rf "$work"' EXIT
git clone -q "$source_repo" "$work/portal"
cd "$work/portal"
start=$(date +%s.%N)
set -m
make demo > "$work/demo.log" 2>&1 &
pid=$!
until curl -sf -o /dev/null http://127.0.0.1:8000/; do
  if ! kill -0 "$pid" 2>/dev/null; then echo "make demo failed:"; tail -20 "$work/demo.log"; exit 1; fi
  sleep 0.5
done
end=$(date +%s.%N)
grep -A3 "^Logins" "$work/demo.log" | sed 's/^/  /'
printf 'make demo on a fresh clone: serving after %.1f s\n' "$(echo "$end - $start" | bc)"
