#!/usr/bin/env python3
"""A CBOR client that is not ours: cbor2 (PyPI) encodes, botocore signs (SigV4), and a Kinesis
session runs against the endpoint binary the way the AWS SDK for Java holds it
(`application/x-amz-cbor-1.1`, blobs as byte strings, timestamps as tag 1 around epoch
milliseconds).

    endpoint/tests/clients/cbor_client.py http://127.0.0.1:4567
    endpoint/tests/with_endpoint.sh target/debug/data-sandbox-endpoint --delay-ms 0 -- \
      endpoint/tests/clients/cbor_client.py        # its own endpoint (make peer-cbor-test)

The stream it creates is `orders`, so give it a fresh endpoint. Prints `N passed, M failed`;
exits 1 on any failure.
"""

import os
import sys
import time
import urllib.error
import urllib.request

import cbor2
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

CBOR = "application/x-amz-cbor-1.1"


class Millis(int):
    """A tag 1 timestamp as AWS sends it: milliseconds, which cbor2 would read as seconds."""


def loads(data):
    return cbor2.loads(data, semantic_decoders={1: lambda value, _immutable: Millis(value)})


class Client:
    def __init__(self, url):
        self.url = url
        self.credentials = Credentials("sandbox", "sandbox")

    def send(self, action, body, signed=True, content_type=CBOR):
        headers = {"Content-Type": content_type, "X-Amz-Target": f"Kinesis_20131202.{action}"}
        request = AWSRequest(method="POST", url=self.url, data=body, headers=headers)
        if signed:
            SigV4Auth(self.credentials, "kinesis", "us-east-1").add_auth(request)
        prepared = urllib.request.Request(self.url, data=body, method="POST",
                                          headers=dict(request.headers.items()))
        try:
            with urllib.request.urlopen(prepared, timeout=10) as r:
                return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
        except urllib.error.HTTPError as e:
            return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()

    def call(self, action, request):
        status, headers, raw = self.send(action, cbor2.dumps(request))
        if headers.get("content-type") != CBOR:
            raise AssertionError(f"{action}: content type {headers.get('content-type')}")
        return status, (loads(raw) if raw else None)


CHECKS = []


def check(fn):
    CHECKS.append(fn)
    return fn


@check
def stream_round_trip(k):
    before = int(time.time() * 1000)
    status, _ = k.call("CreateStream", {"StreamName": "orders", "ShardCount": 2})
    assert status == 200, status
    _, summary = k.call("DescribeStreamSummary", {"StreamName": "orders"})
    created = summary["StreamDescriptionSummary"]["StreamCreationTimestamp"]
    assert isinstance(created, Millis), repr(created)
    assert before - 2000 <= created <= before + 60_000, (created, before)

    data = bytes(range(256))
    status, put = k.call("PutRecord", {"StreamName": "orders", "Data": data, "PartitionKey": "k1"})
    assert status == 200 and put["ShardId"].startswith("shardId-"), put
    status, batch = k.call("PutRecords", {"StreamName": "orders", "Records": [
        {"Data": b"a", "PartitionKey": "k1"}, {"Data": b"", "PartitionKey": "k1"}]})
    assert status == 200 and batch["FailedRecordCount"] == 0, batch

    _, it = k.call("GetShardIterator", {
        "StreamName": "orders", "ShardId": put["ShardId"],
        "ShardIteratorType": "AT_TIMESTAMP", "Timestamp": cbor2.CBORTag(1, created)})
    _, got = k.call("GetRecords", {"ShardIterator": it["ShardIterator"]})
    records = got["Records"]
    assert [r["Data"] for r in records] == [data, b"a", b""], records
    assert all(isinstance(r["ApproximateArrivalTimestamp"], Millis) for r in records), records
    assert records[0]["SequenceNumber"] == put["SequenceNumber"]


@check
def errors_are_cbor_maps(k):
    status, body = k.call("DescribeStreamSummary", {"StreamName": "missing"})
    assert status == 400 and body["__type"] == "ResourceNotFoundException", body
    assert "missing" in (body.get("message") or body.get("Message")), body


@check
def unreadable_requests_get_bare_answers(k):
    status, headers, raw = k.send("ListStreams", b"")
    assert (status, headers.get("content-type")) == (400, CBOR), (status, headers)
    assert loads(raw) == {"__type": "SerializationException"}, loads(raw)
    status, _, raw = k.send("NoSuchThing", cbor2.dumps({}))
    assert status == 400 and loads(raw) == {"__type": "UnknownOperationException"}, loads(raw)
    status, _, raw = k.send("ListStreams", cbor2.dumps([1, 2]))
    assert status == 400 and loads(raw) == {"__type": "SerializationException"}, loads(raw)


@check
def unsigned_is_refused_in_cbor(k):
    status, _, raw = k.send("ListStreams", cbor2.dumps({}), signed=False)
    assert status == 400, status
    assert loads(raw) == {"__type": "MissingAuthenticationTokenException",
                          "message": "Missing Authentication Token"}, loads(raw)


def main():
    url = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("ENDPOINT_URL")
    if not url:
        print("usage: cbor_client.py URL (or ENDPOINT_URL)")
        return 2
    client = Client(url)
    passed = failed = 0
    for fn in CHECKS:
        try:
            fn(client)
            passed += 1
            print(f"ok   {fn.__name__}")
        except Exception as e:  # noqa: BLE001 - every failure is reported, then counted
            failed += 1
            print(f"FAIL {fn.__name__}: {e!r}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
