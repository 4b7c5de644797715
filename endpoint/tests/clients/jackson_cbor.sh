#!/usr/bin/env bash
# Starts the endpoint on a free port and runs JacksonCbor.java against it with Debian's Jackson
# CBOR jars (libjackson2-dataformat-cbor).
#   endpoint/tests/clients/jackson_cbor.sh ENDPOINT_BIN
set -euo pipefail
bin=${1:?usage: jackson_cbor.sh ENDPOINT_BIN}
here=$(cd "$(dirname "$0")" && pwd)
jars=/usr/share/java/jackson-core.jar:/usr/share/java/jackson-dataformat-cbor.jar
log=$(mktemp)
"$bin" --port 0 --delay-ms 0 --quiet >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -f "$log"' EXIT
url=
for _ in $(seq 100); do
  url=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$log")
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { echo "the endpoint did not start"; cat "$log"; exit 2; }
java -cp "$jars" "$here/JacksonCbor.java" "$url"
