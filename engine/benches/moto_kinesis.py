#!/usr/bin/env python3
"""The same work as benches/kinesis.rs (PutRecords of 500 records of 100 bytes, then GetRecords on
every shard, for 1, 4 and 64 shards) against moto's in-process Kinesis backend, to compare with
the engine. Prints records per second for each shard count.

Run: python3 engine/benches/moto_kinesis.py [seconds-per-case]
"""

import sys
import time

from moto import mock_aws
from moto.kinesis.models import kinesis_backends

BATCH = 500
RECORD = b"x" * 100
ACCOUNT, REGION = "123456789012", "us-east-1"


def run(shards, seconds):
    backend = kinesis_backends[ACCOUNT][REGION]
    name = f"bench-{shards}"
    stream = backend.create_stream(name, shards)
    arn = stream.arn
    iterators = [
        backend.get_shard_iterator(arn, name, f"shardId-{n:012}", "LATEST", None, None)
        for n in range(shards)
    ]
    records = [{"Data": RECORD, "PartitionKey": f"customer-{i}"} for i in range(BATCH)]
    done = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        out = backend.put_records(arn, name, records)
        assert out["FailedRecordCount"] == 0
        read = 0
        for i, it in enumerate(iterators):
            nxt, recs, _ = backend.get_records(arn, it, None)
            read += len(recs)
            iterators[i] = nxt
        assert read == BATCH, read
        done += BATCH
    elapsed = time.perf_counter() - start
    backend.delete_stream(arn, name)
    return done / elapsed


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
    with mock_aws():
        for shards in (1, 4, 64):
            rate = run(shards, seconds)
            print(f"moto put_then_get_100B shards={shards}: {rate:,.0f} records/s")


if __name__ == "__main__":
    main()
