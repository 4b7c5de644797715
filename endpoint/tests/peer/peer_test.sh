#!/usr/bin/env bash
# Starts the endpoint (limits off, short transitions, a free port), runs kinesalite's
# AWS-recorded suite against it through run_suite.py, prints the count, stops the endpoint.
#   endpoint/tests/peer/peer_test.sh ENDPOINT_BIN [run_suite.py args, e.g. --results out.json]
# KINESALITE_SUITE (the shared runner) and KINESALITE_WORK (its npm copy) may be set.
set -euo pipefail
bin=${1:?usage: peer_test.sh ENDPOINT_BIN [run_suite.py args]}; shift
here=$(cd "$(dirname "$0")" && pwd)
log=$(mktemp)
"$bin" --port 0 --limits off --delay-ms "${PEER_DELAY_MS:-50}" --quiet >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -f "$log"' EXIT
url=
for _ in $(seq 100); do
  url=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$log")
  [ -n "$url" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$log"; exit 2; }
  sleep 0.1
done
[ -n "$url" ] || { echo "the endpoint did not start"; cat "$log"; exit 2; }
python3 "$here/run_suite.py" "$url" "$@"
