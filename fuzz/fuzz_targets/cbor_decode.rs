//! Any bytes as a CBOR request body (the AWS SDK for Java's encoding) through the local
//! endpoint's codec: decoding must give a JSON object or "malformed" (AWS's bare
//! SerializationException), never panic, never recurse without bound; whatever decodes must
//! encode back to CBOR along the operation's output shape without panicking. The first byte
//! picks the Kinesis operation whose input shape guides the decoding.
//!
//! Seeds: `endpoint/tests/peer/seed_corpus.py fuzz/corpus` writes the peer suite's malformed
//! bodies (its wrongly typed members, in CBOR) for this target and `api_dispatch`.
#![no_main]

use libfuzzer_sys::fuzz_target;

use endpoint::cbor::{self, shapes};

const ACTIONS: [&str; 8] = [
    "PutRecord",
    "PutRecords",
    "GetShardIterator",
    "GetRecords",
    "ListShards",
    "AddTagsToStream",
    "DescribeStreamSummary",
    "CreateStream",
];

fuzz_target!(|data: &[u8]| {
    let Some((&first, body)) = data.split_first() else { return };
    let target = format!("Kinesis_20131202.{}", ACTIONS[first as usize % ACTIONS.len()]);
    let Ok(json) = cbor::decode_request(body, shapes::of(&target, shapes::Side::Input)) else {
        return;
    };
    assert!(json.is_object(), "a request that decodes is an object: {json}");
    let _ = cbor::encode(&json, shapes::of(&target, shapes::Side::Output));
    let _ = cbor::encode(&json, shapes::of(&target, shapes::Side::Input));
});
