//! A Kinesis session in CBOR, as the AWS SDK for Java holds it: blobs as byte strings,
//! timestamps as tag 1 around epoch milliseconds, errors as CBOR maps.

use ciborium::Value;
use endpoint::Config;

use crate::support::*;

fn text(s: &str) -> Value {
    Value::Text(s.into())
}

fn map(entries: Vec<(&str, Value)>) -> Value {
    Value::Map(entries.into_iter().map(|(k, v)| (text(k), v)).collect())
}

fn get<'a>(value: &'a Value, key: &str) -> &'a Value {
    match value {
        Value::Map(entries) => {
            &entries
                .iter()
                .find(|(k, _)| *k == text(key))
                .unwrap_or_else(|| panic!("{key} in {value:?}"))
                .1
        }
        other => panic!("not a map: {other:?}"),
    }
}

fn millis(value: &Value) -> i128 {
    match value {
        Value::Tag(1, inner) => match **inner {
            Value::Integer(i) => i128::from(i),
            ref other => panic!("tag 1 around {other:?}"),
        },
        other => panic!("not a tag 1 timestamp: {other:?}"),
    }
}

struct Session<'a> {
    server: &'a Running,
    stream: std::net::TcpStream,
}

impl Session<'_> {
    fn call(&mut self, action: &str, request: Value) -> Reply {
        use std::io::Write;
        let mut body = Vec::new();
        ciborium::ser::into_writer(&request, &mut body).unwrap();
        let headers = format!("{CBOR}{SIGNED}");
        self.stream
            .write_all(&post(&format!("Kinesis_20131202.{action}"), &headers, &body))
            .unwrap();
        let reply = read_reply(&mut self.stream);
        assert_eq!(reply.header("content-type"), Some(AMZ_CBOR), "{reply:?}");
        let _ = self.server;
        reply
    }

    fn ok(&mut self, action: &str, request: Value) -> Value {
        let reply = self.call(action, request);
        assert_eq!(reply.status, 200, "{action}: {reply:?}");
        // Operations without output answer with an empty body.
        if reply.body.is_empty() {
            return Value::Null;
        }
        reply.cbor()
    }
}

#[test]
fn a_stream_written_and_read_in_cbor() {
    let server = Running::start_with(Config { delay_ms: 0, ..Config::default() });
    let mut s = Session { server: &server, stream: server.connect() };
    let before =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis()
            as i128;

    s.ok(
        "CreateStream",
        map(vec![("StreamName", text("orders")), ("ShardCount", Value::Integer(1.into()))]),
    );
    let summary = s.ok("DescribeStreamSummary", map(vec![("StreamName", text("orders"))]));
    let summary = get(&summary, "StreamDescriptionSummary");
    assert_eq!(get(summary, "StreamStatus"), &text("ACTIVE"));
    let created = millis(get(summary, "StreamCreationTimestamp"));
    assert!((before - 1000..before + 60_000).contains(&created), "{created} vs {before}");

    let data = vec![0u8, 1, 2, 254, 255];
    let put = s.ok(
        "PutRecord",
        map(vec![
            ("StreamName", text("orders")),
            ("Data", Value::Bytes(data.clone())),
            ("PartitionKey", text("customer-1")),
        ]),
    );
    assert_eq!(get(&put, "ShardId"), &text("shardId-000000000000"));

    // AT_TIMESTAMP with the creation time (milliseconds) finds the record.
    let iterator = s.ok(
        "GetShardIterator",
        map(vec![
            ("StreamName", text("orders")),
            ("ShardId", text("shardId-000000000000")),
            ("ShardIteratorType", text("AT_TIMESTAMP")),
            ("Timestamp", Value::Tag(1, Box::new(Value::Integer((created as i64).into())))),
        ]),
    );
    let records =
        s.ok("GetRecords", map(vec![("ShardIterator", get(&iterator, "ShardIterator").clone())]));
    let Value::Array(records) = get(&records, "Records") else { panic!("{records:?}") };
    assert_eq!(records.len(), 1);
    assert_eq!(get(&records[0], "Data"), &Value::Bytes(data));
    assert_eq!(get(&records[0], "PartitionKey"), &text("customer-1"));
    assert_eq!(get(&records[0], "SequenceNumber"), get(&put, "SequenceNumber"));
    let arrived = millis(get(&records[0], "ApproximateArrivalTimestamp"));
    assert!(arrived >= created, "{arrived} < {created}");

    // Errors are CBOR maps with the engine's members.
    let reply = s.call("DescribeStreamSummary", map(vec![("StreamName", text("missing"))]));
    assert_eq!(reply.status, 400);
    assert_eq!(reply.header("x-amzn-ErrorType"), Some("ResourceNotFoundException"));
    assert_eq!(get(&reply.cbor(), "__type"), &text("ResourceNotFoundException"));
    assert_request_ids(&reply);
}

#[test]
fn a_timestamp_in_seconds_is_read_as_milliseconds_as_at_aws() {
    // What the Java SDK's peers got wrong: a client that follows RFC 8949 (seconds) asks for a
    // moment in January 1970, and AWS reads it so.
    let server = Running::start_with(Config { delay_ms: 0, ..Config::default() });
    let mut s = Session { server: &server, stream: server.connect() };
    s.ok(
        "CreateStream",
        map(vec![("StreamName", text("s")), ("ShardCount", Value::Integer(1.into()))]),
    );
    s.ok(
        "PutRecord",
        map(vec![
            ("StreamName", text("s")),
            ("Data", Value::Bytes(b"x".to_vec())),
            ("PartitionKey", text("k")),
        ]),
    );
    let now_seconds =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs()
            as i64;
    let iterator = s.ok(
        "GetShardIterator",
        map(vec![
            ("StreamName", text("s")),
            ("ShardId", text("shardId-000000000000")),
            ("ShardIteratorType", text("AT_TIMESTAMP")),
            ("Timestamp", Value::Tag(1, Box::new(Value::Integer(now_seconds.into())))),
        ]),
    );
    // January 1970 is before every record: the iterator starts at the oldest one.
    let records =
        s.ok("GetRecords", map(vec![("ShardIterator", get(&iterator, "ShardIterator").clone())]));
    let Value::Array(records) = get(&records, "Records") else { panic!() };
    assert_eq!(records.len(), 1);
}
