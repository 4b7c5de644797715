use super::*;
use serde_json::json;

fn cbor(value: &Cbor) -> Vec<u8> {
    let mut out = Vec::new();
    ciborium::ser::into_writer(value, &mut out).unwrap();
    out
}

fn text(s: &str) -> Cbor {
    Cbor::Text(s.into())
}

fn map(entries: Vec<(&str, Cbor)>) -> Cbor {
    Cbor::Map(entries.into_iter().map(|(k, v)| (text(k), v)).collect())
}

fn millis(ms: i64) -> Cbor {
    Cbor::Tag(EPOCH_TAG, Box::new(Cbor::Integer(ms.into())))
}

fn decode(target: &str, value: &Cbor) -> Result<Json, Malformed> {
    decode_request(&cbor(value), shapes::of(target, shapes::Side::Input))
}

#[test]
fn put_record_data_bytes_become_base64() {
    let request = map(vec![
        ("StreamName", text("orders")),
        ("Data", Cbor::Bytes(b"hello".to_vec())),
        ("PartitionKey", text("k")),
    ]);
    assert_eq!(
        decode("Kinesis_20131202.PutRecord", &request).unwrap(),
        json!({"StreamName": "orders", "Data": "aGVsbG8=", "PartitionKey": "k"})
    );
}

#[test]
fn timestamps_in_requests_are_milliseconds() {
    let at = |ts: Cbor| {
        decode(
            "Kinesis_20131202.GetShardIterator",
            &map(vec![("ShardIteratorType", text("AT_TIMESTAMP")), ("Timestamp", ts)]),
        )
        .unwrap()["Timestamp"]
            .clone()
    };
    assert_eq!(at(millis(1_700_000_000_123)), json!(1_700_000_000.123));
    assert_eq!(at(millis(1_700_000_000_000)), json!(1_700_000_000));
    // Untagged, as Jackson also reads it.
    assert_eq!(at(Cbor::Integer(1_700_000_000_000i64.into())), json!(1_700_000_000));
    // A text timestamp reaches the engine as text, which words its own error.
    assert_eq!(at(text("23")), json!("23"));
}

#[test]
fn tags_elsewhere_are_looked_through_and_unknown_members_kept() {
    let request = map(vec![
        ("StreamName", Cbor::Tag(32, Box::new(text("orders")))),
        ("Whatever", Cbor::Array(vec![Cbor::Bool(true), Cbor::Null, Cbor::Float(1.5)])),
    ]);
    assert_eq!(
        decode("Kinesis_20131202.DescribeStream", &request).unwrap(),
        json!({"StreamName": "orders", "Whatever": [true, null, 1.5]})
    );
}

#[test]
fn put_records_entries_follow_the_list_shape() {
    let entry = map(vec![("Data", Cbor::Bytes(vec![0, 255])), ("PartitionKey", text("a"))]);
    let request = map(vec![("Records", Cbor::Array(vec![entry])), ("StreamName", text("s"))]);
    assert_eq!(
        decode("Kinesis_20131202.PutRecords", &request).unwrap()["Records"][0]["Data"],
        json!("AP8=")
    );
}

#[test]
fn what_is_not_one_map_is_malformed() {
    let target = "Kinesis_20131202.ListStreams";
    for not_a_map in [text("x"), Cbor::Array(vec![]), Cbor::Null, Cbor::Integer(1.into())] {
        assert_eq!(decode(target, &not_a_map), Err(Malformed));
    }
    // Non-text keys, trailing bytes, truncation, garbage, NaN.
    assert_eq!(
        decode(target, &Cbor::Map(vec![(Cbor::Integer(1.into()), Cbor::Null)])),
        Err(Malformed)
    );
    let mut two = cbor(&map(vec![]));
    two.extend(cbor(&map(vec![])));
    assert_eq!(decode_request(&two, None), Err(Malformed));
    let whole = cbor(&map(vec![("StreamName", text("orders"))]));
    assert_eq!(decode_request(&whole[..whole.len() - 1], None), Err(Malformed));
    assert_eq!(decode_request(b"hello", None), Err(Malformed));
    assert_eq!(decode(target, &map(vec![("Limit", Cbor::Float(f64::NAN))])), Err(Malformed));
    // Nesting deeper than any request: refused, not a stack overflow.
    let deep: Vec<u8> = std::iter::repeat_n(0x81, 100_000).chain([0xa0]).collect();
    assert_eq!(decode_request(&deep, None), Err(Malformed));
    // A byte string that claims to be far longer than the body.
    assert_eq!(
        decode_request(
            &[0xa1, 0x61, b'a', 0x5b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
            None
        ),
        Err(Malformed)
    );
}

#[test]
fn an_empty_indefinite_map_is_an_empty_request() {
    assert_eq!(decode_request(b"\xbf\xff", None).unwrap(), json!({}));
}

#[test]
fn get_records_answer_has_bytes_and_millisecond_tags() {
    let answer = json!({
        "Records": [{
            "Data": "aGVsbG8=",
            "PartitionKey": "k",
            "SequenceNumber": "4960",
            "ApproximateArrivalTimestamp": 1_700_000_000.123,
        }],
        "MillisBehindLatest": 0,
        "NextShardIterator": "AAAA",
    });
    let bytes = encode(&answer, shapes::of("Kinesis_20131202.GetRecords", shapes::Side::Output));
    let back: Cbor = ciborium::de::from_reader(&bytes[..]).unwrap();
    let record = match &back {
        Cbor::Map(entries) => match &entries.iter().find(|(k, _)| *k == text("Records")).unwrap().1
        {
            Cbor::Array(items) => items[0].clone(),
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    };
    let field = |name: &str| match &record {
        Cbor::Map(entries) => entries.iter().find(|(k, _)| *k == text(name)).unwrap().1.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(field("Data"), Cbor::Bytes(b"hello".to_vec()));
    assert_eq!(field("ApproximateArrivalTimestamp"), millis(1_700_000_000_123));
    assert_eq!(field("PartitionKey"), text("k"));
}

#[test]
fn errors_encode_as_text_maps() {
    let bytes = encode(&json!({"__type": "ResourceNotFoundException", "message": "gone"}), None);
    let back: Cbor = ciborium::de::from_reader(&bytes[..]).unwrap();
    assert_eq!(
        back,
        map(vec![("__type", text("ResourceNotFoundException")), ("message", text("gone"))])
    );
}

#[test]
fn round_trip_keeps_every_value() {
    // What the engine answers, through CBOR and back through the request decoder, is the same
    // JSON (timestamps and blobs included), so nothing is lost either way.
    let answer = json!({
        "StreamDescriptionSummary": {
            "StreamName": "s",
            "StreamCreationTimestamp": 1_700_000_000.5,
            "OpenShardCount": 3,
            "EnhancedMonitoring": [{"ShardLevelMetrics": []}],
        }
    });
    let output = shapes::of("Kinesis_20131202.DescribeStreamSummary", shapes::Side::Output);
    let bytes = encode(&answer, output);
    assert_eq!(decode_request(&bytes, output).unwrap(), answer);
}
