#!/usr/bin/env bash
# Smoke test of the local endpoint with the real AWS CLI and boto3.
#
#   tests/endpoint/smoke.sh                  # builds the endpoint, then runs every check
#   ENDPOINT_BIN=path/to/data-sandbox-endpoint tests/endpoint/smoke.sh
#   SMOKE_ALLOW_PENDING=1 tests/endpoint/smoke.sh
#
# The protocol checks (health, AWS's auth errors, a signed call reaching the engine, SIGTERM)
# pass today. The Kinesis checks need Kinesis in the engine: until then the engine answers
# UnknownOperationException, which fails the run unless SMOKE_ALLOW_PENDING=1, which reports
# them as pending instead.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
bin="${ENDPOINT_BIN:-}"
if [[ -z "$bin" ]]; then
  (cd "$root" && cargo build --quiet -p endpoint)
  bin="${CARGO_TARGET_DIR:-$root/target}/debug/data-sandbox-endpoint"
fi

export AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x AWS_DEFAULT_REGION=us-east-1
export AWS_PAGER="" AWS_EC2_METADATA_DISABLED=true
unset AWS_PROFILE AWS_SESSION_TOKEN

log="$(mktemp)"
out="$(mktemp)"
# Port 0: the endpoint picks a free port and prints its URL on stdout.
"$bin" --port 0 --delay-ms 100 >"$out" 2>"$log" &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; rm -f "$log" "$out"; }
trap cleanup EXIT

url=""
for _ in $(seq 100); do
  url="$(grep -o 'http://[0-9.:]*' "$out" || true)"
  [[ -n "$url" ]] && break
  sleep 0.05
done
[[ -n "$url" ]] || { echo "FAIL: the endpoint did not start"; cat "$log"; exit 1; }
echo "endpoint at $url"

passed=0 failed=0 pending=0
ok() { echo "ok      $1"; passed=$((passed + 1)); }
bad() { echo "FAIL    $1"; failed=$((failed + 1)); }
# A Kinesis call the engine does not answer yet.
later() {
  if [[ "${SMOKE_ALLOW_PENDING:-}" == 1 ]]; then
    echo "pending $1 (the engine answers UnknownOperationException: Kinesis not merged yet)"
    pending=$((pending + 1))
  else
    bad "$1 (UnknownOperationException: is Kinesis in the engine?)"
  fi
}

# 1. Protocol: what any AWS JSON service answers, whatever the engine implements.
if curl -sf "$url/" | grep -q "Data Sandbox endpoint"; then ok "GET / health text"; else bad "GET / health text"; fi

unsigned="$(curl -s -D - -X POST "$url/" -H 'Content-Type: application/x-amz-json-1.1' \
  -H 'X-Amz-Target: Kinesis_20131202.ListStreams' -d '{}')"
if grep -qi '^x-amzn-ErrorType: MissingAuthenticationTokenException' <<<"$unsigned" &&
  grep -q '"message":"Missing Authentication Token"' <<<"$unsigned"; then
  ok "unsigned request -> MissingAuthenticationTokenException"
else
  bad "unsigned request -> MissingAuthenticationTokenException: $unsigned"
fi

# The CLI signs; a signed call to an operation AWS does not have reaches the engine's answer.
if aws kinesis list-streams --endpoint-url "$url" >/dev/null 2>"$out.err"; then
  ok "aws kinesis list-streams"
elif grep -q "UnknownOperationException" "$out.err"; then
  later "aws kinesis list-streams"
else
  bad "aws kinesis list-streams: $(cat "$out.err")"
fi
rm -f "$out.err"

# 2. A short Kinesis session through boto3, if the engine has Kinesis.
set +e
python3 - "$url" <<'PY'
import sys, boto3, botocore
url = sys.argv[1]
k = boto3.client("kinesis", endpoint_url=url)
try:
    k.list_streams()
except botocore.exceptions.ClientError as e:
    if e.response["Error"]["Code"] == "UnknownOperationException":
        sys.exit(3)
    raise
k.create_stream(StreamName="smoke", ShardCount=1)
k.get_waiter("stream_exists").wait(StreamName="smoke", WaiterConfig={"Delay": 1, "MaxAttempts": 30})
k.put_record(StreamName="smoke", Data=b"hello", PartitionKey="pk")
shard = k.list_shards(StreamName="smoke")["Shards"][0]["ShardId"]
it = k.get_shard_iterator(StreamName="smoke", ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
records = k.get_records(ShardIterator=it)["Records"]
assert [r["Data"] for r in records] == [b"hello"], records
k.delete_stream(StreamName="smoke")
PY
status=$?
set -e
case $status in
  0) ok "boto3: create, wait, put, read back, delete" ;;
  3) later "boto3 Kinesis session" ;;
  *) bad "boto3 Kinesis session (exit $status)" ;;
esac

# 3. One log line per request, and a clean stop on SIGTERM.
if grep -qE '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z ListStreams [0-9]{3} [0-9.]+ms$' "$log"; then
  ok "request log lines"
else
  bad "request log lines: $(head -5 "$log")"
fi
kill -TERM "$pid"
if wait "$pid"; then ok "SIGTERM stops it cleanly"; else bad "SIGTERM exit status"; fi

# The plain summary line CI runners read; pending checks count as skipped.
echo "$passed passed, $failed failed, $pending skipped"
[[ $failed -eq 0 ]]
