#!/usr/bin/env bash
# Starts the endpoint binary on a free port, runs a command with ENDPOINT_URL set to it, stops
# the endpoint however the command ends, and exits with the command's status.
#   endpoint/tests/with_endpoint.sh ENDPOINT_BIN [endpoint flags] -- COMMAND [ARGS...]
set -euo pipefail
bin=${1:?usage: with_endpoint.sh ENDPOINT_BIN [endpoint flags] -- COMMAND [ARGS...]}; shift
flags=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do flags+=("$1"); shift; done
[ $# -gt 1 ] || { echo "with_endpoint.sh: no command after --" >&2; exit 2; }
shift
log=$(mktemp)
"$bin" --port 0 --quiet "${flags[@]}" >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -f "$log"' EXIT
url=
for _ in $(seq 100); do
  url=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$log")
  [ -n "$url" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
[ -n "$url" ] || { echo "the endpoint did not start:" >&2; cat "$log" >&2; exit 2; }
ENDPOINT_URL=$url "$@"
