//! Never a panic, never a hang: the bad input kinesalite's suite sends (its malformed member
//! values at each member path it types, its connection matrix of methods, content types,
//! targets, signatures and bodies), replayed in JSON and in CBOR. Every answer must be one of
//! AWS's, the server must go on serving, and no call may reach the engine's panic guard (which
//! answers InternalFailure 500).

use std::io::Write;

use ciborium::Value as Cbor;
use serde_json::{json, Value as Json};

use crate::support::*;

/// The operations the suite covers.
const ACTIONS: [&str; 17] = [
    "AddTagsToStream",
    "CreateStream",
    "DecreaseStreamRetentionPeriod",
    "DeleteStream",
    "DescribeStream",
    "DescribeStreamSummary",
    "GetRecords",
    "GetShardIterator",
    "IncreaseStreamRetentionPeriod",
    "ListShards",
    "ListStreams",
    "ListTagsForStream",
    "MergeShards",
    "PutRecord",
    "PutRecords",
    "RemoveTagsFromStream",
    "SplitShard",
];

/// Member paths the suite sends wrongly typed values to (`0` is a list index).
const PATHS: [&str; 32] = [
    "AdjacentShardToMerge",
    "Data",
    "ExclusiveStartShardId",
    "ExclusiveStartStreamName",
    "ExclusiveStartTagKey",
    "ExplicitHashKey",
    "Limit",
    "MaxResults",
    "NewStartingHashKey",
    "NextToken",
    "PartitionKey",
    "Records",
    "Records.0",
    "Records.0.Data",
    "Records.0.ExplicitHashKey",
    "Records.0.PartitionKey",
    "RetentionPeriodHours",
    "SequenceNumberForOrdering",
    "ShardCount",
    "ShardId",
    "ShardIterator",
    "ShardIteratorType",
    "ShardToMerge",
    "ShardToSplit",
    "StartingSequenceNumber",
    "StreamCreationTimestamp",
    "StreamName",
    "TagKeys",
    "TagKeys.0",
    "Tags",
    "Tags.a",
    "Timestamp",
];

/// The wrongly typed and out-of-range values, plus the shapes the suite's validations use.
fn bad_values() -> Vec<Json> {
    vec![
        json!("23"),
        json!(true),
        json!(23),
        json!(-2147483648i64),
        json!(2147483648i64),
        json!(34.56),
        json!([]),
        json!({}),
        json!("23456"),
        json!("=+/="),
        json!("+/+="),
        json!(""),
        json!(null),
        json!("a".repeat(300)),
        json!(-1),
        json!(1e30),
        json!(100000),
        json!("shardId-"),
        json!("2.14E4"),
        json!("0"),
    ]
}

/// `{"Records": [{"Data": value}]}` for `Records.0.Data`, as the suite nests them.
fn body_with(path: &str, value: Json) -> Json {
    let pieces: Vec<&str> = path.split('.').collect();
    let mut value = value;
    for i in (1..pieces.len()).rev() {
        value = if pieces[i] == "0" { json!([value]) } else { json!({ pieces[i]: value }) };
    }
    let mut body = serde_json::Map::new();
    body.insert(pieces[0].to_owned(), value);
    Json::Object(body)
}

fn to_cbor(value: &Json) -> Cbor {
    match value {
        Json::Null => Cbor::Null,
        Json::Bool(b) => Cbor::Bool(*b),
        Json::Number(n) => match n.as_i64() {
            Some(i) => Cbor::Integer(i.into()),
            None => Cbor::Float(n.as_f64().unwrap_or_default()),
        },
        Json::String(s) => Cbor::Text(s.clone()),
        Json::Array(items) => Cbor::Array(items.iter().map(to_cbor).collect()),
        Json::Object(o) => {
            Cbor::Map(o.iter().map(|(k, v)| (Cbor::Text(k.clone()), to_cbor(v))).collect())
        }
    }
}

fn assert_aws_answer(r: &Reply, what: &str) {
    assert!(r.status == 200 || r.status == 400, "{what}: {r:?}");
    assert_request_ids(r);
    if r.status == 400 {
        let code = r.header("x-amzn-ErrorType").unwrap_or_default().to_owned();
        assert!(code.ends_with("Exception"), "{what}: {r:?}");
    }
}

#[test]
fn the_suites_malformed_members_get_aws_answers_in_json_and_cbor() {
    let server = Running::start();
    let mut s = server.connect();
    let mut sent = 0;
    for action in ACTIONS {
        let target = format!("Kinesis_20131202.{action}");
        for path in PATHS {
            for value in bad_values() {
                let body = body_with(path, value);
                s.write_all(&post(
                    &target,
                    &format!("{JSON}{SIGNED}"),
                    body.to_string().as_bytes(),
                ))
                .unwrap();
                assert_aws_answer(&read_reply(&mut s), &format!("{action} JSON {body}"));
                let mut bytes = Vec::new();
                ciborium::ser::into_writer(&to_cbor(&body), &mut bytes).unwrap();
                s.write_all(&post(&target, &format!("{CBOR}{SIGNED}"), &bytes)).unwrap();
                assert_aws_answer(&read_reply(&mut s), &format!("{action} CBOR {body}"));
                sent += 2;
            }
        }
    }
    assert_eq!(sent, 17 * 32 * 20 * 2);
}

#[test]
fn the_suites_connection_matrix_gets_aws_answers() {
    let server = Running::start();
    let mut s = server.connect();
    let mut answered = 0;
    for path in ["/whatever", "/?X-Amz-Algorithm"] {
        for auth in ["", "Authorization: a\r\n", SIGNED] {
            for content_type in [
                "",
                "application/x-amz-json-1.0",
                "application/x-amz-json-1.1",
                "application/json",
                "application/x-amz-cbor-1.1",
            ] {
                for origin in ["", "Origin: whatever\r\n"] {
                    for target in [
                        "",
                        "whatever",
                        "Kinesis_20131202.",
                        "Kinesis_20131202.whatever",
                        "whatever.ListStreams",
                        "Kinesis_20131202.ListStreams",
                    ] {
                        for body in ["", "hello", "true", "null", "{}", "\u{a0}"] {
                            for method in ["OPTIONS", "GET", "PUT", "DELETE", "POST"] {
                                let mut headers = format!("{auth}{origin}");
                                if !content_type.is_empty() {
                                    headers.push_str(&format!("Content-Type: {content_type}\r\n"));
                                }
                                if !target.is_empty() {
                                    headers.push_str(&format!("X-Amz-Target: {target}\r\n"));
                                }
                                let request = format!(
                                    "{method} {path} HTTP/1.1\r\nHost: x\r\n{headers}\
                                     Content-Length: {}\r\n\r\n{body}",
                                    body.len()
                                );
                                s.write_all(request.as_bytes()).unwrap();
                                let r = read_reply(&mut s);
                                let what = format!("{request:?}");
                                assert_request_id(&r);
                                // The one 500 AWS gives here is its XML InternalFailure for a
                                // known service's unknown operation outside JSON and CBOR.
                                if r.status == 500 {
                                    assert_eq!(r.text(), "<InternalFailure/>\n", "{what}");
                                } else {
                                    assert!(
                                        [200, 400, 403, 404].contains(&r.status),
                                        "{what}: {r:?}"
                                    );
                                }
                                answered += 1;
                            }
                        }
                    }
                }
            }
        }
    }
    assert_eq!(answered, 2 * 3 * 5 * 2 * 6 * 6 * 5);
}
