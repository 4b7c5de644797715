#!/usr/bin/env python3
"""Seeds the fuzz corpora with the peer suite's malformed bodies: every wrongly typed value the
kinesalite suite sends, at every member path it types, for the operations it covers.

    endpoint/tests/peer/seed_corpus.py fuzz/corpus      # then: make fuzz FUZZ_TARGET=cbor_decode

Writes fuzz/corpus/api_dispatch/peer-* (JSON bodies, target spelled out) and
fuzz/corpus/cbor_decode/peer-* (the same bodies in CBOR; needs cbor2).
"""

import hashlib
import json
import os
import sys

# The operations whose input shapes cbor_decode's first byte picks, in its order.
CBOR_ACTIONS = ["PutRecord", "PutRecords", "GetShardIterator", "GetRecords", "ListShards",
                "AddTagsToStream", "DescribeStreamSummary", "CreateStream"]
ACTIONS = ["AddTagsToStream", "CreateStream", "DecreaseStreamRetentionPeriod", "DeleteStream",
           "DescribeStream", "DescribeStreamSummary", "GetRecords", "GetShardIterator",
           "IncreaseStreamRetentionPeriod", "ListShards", "ListStreams", "ListTagsForStream",
           "MergeShards", "PutRecord", "PutRecords", "RemoveTagsFromStream", "SplitShard",
           # The operations added since the suite was recorded.
           "PutResourcePolicy", "GetResourcePolicy", "DeleteResourcePolicy",
           "DescribeAccountSettings", "UpdateAccountSettings", "UpdateMaxRecordSize",
           "UpdateStreamWarmThroughput"]
PATHS = ["AdjacentShardToMerge", "Data", "ExclusiveStartShardId", "ExclusiveStartStreamName",
         "ExclusiveStartTagKey", "ExplicitHashKey", "Limit", "MaxResults", "NewStartingHashKey",
         "NextToken", "PartitionKey", "Records", "Records.0", "Records.0.Data",
         "Records.0.ExplicitHashKey", "Records.0.PartitionKey", "RetentionPeriodHours",
         "SequenceNumberForOrdering", "ShardCount", "ShardId", "ShardIterator",
         "ShardIteratorType", "ShardToMerge", "ShardToSplit", "StartingSequenceNumber",
         "StreamCreationTimestamp", "StreamName", "TagKeys", "TagKeys.0", "Tags", "Tags.a",
         "Timestamp", "ResourceARN", "Policy", "MaxRecordSizeInKiB", "WarmThroughputMiBps",
         "MinimumThroughputBillingCommitment", "MinimumThroughputBillingCommitment.Status",
         "StreamARN"]
VALUES = ["23", True, 23, -2147483648, 2147483648, 34.56, [], {}, "23456", "=+/=", "+/+=", "",
          None, "a" * 300, -1, 1e30, 100000, "shardId-", "2.14E4", "0"]


def nested(path, value):
    pieces = path.split(".")
    for piece in reversed(pieces[1:]):
        value = [value] if piece == "0" else {piece: value}
    return {pieces[0]: value}


def write(folder, data):
    os.makedirs(folder, exist_ok=True)
    name = "peer-" + hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "fuzz/corpus"
    try:
        import cbor2
    except ImportError:
        cbor2 = None
    count = 0
    for action in ACTIONS:
        for path in PATHS:
            for value in VALUES:
                body = nested(path, value)
                text = f"Kinesis_20131202.{action}\n{json.dumps(body)}".encode()
                write(os.path.join(root, "api_dispatch"), b"\xff" + text)
                if cbor2 and action in CBOR_ACTIONS:
                    write(os.path.join(root, "cbor_decode"),
                          bytes([CBOR_ACTIONS.index(action)]) + cbor2.dumps(body))
                count += 1
    print(f"{count} bodies seeded under {root}" + ("" if cbor2 else " (no cbor2: JSON only)"))


if __name__ == "__main__":
    main()
