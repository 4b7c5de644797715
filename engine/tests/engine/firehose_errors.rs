//! AWS's codes and texts for bad Firehose input, driven end to end through the API dispatch.

use crate::support;
use engine::api::ApiError;
use engine::World;
use serde_json::{json, Value};

fn world() -> World {
    support::world(5)
}

fn call(w: &mut World, action: &str, body: &str) -> Result<Value, ApiError> {
    support::call(w, "Firehose_20150804", action, body)
}

fn fails(w: &mut World, action: &str, body: Value) -> (String, String) {
    support::failure(call(w, action, &body.to_string()), action)
}

fn dest() -> Value {
    json!({"RoleARN": "arn:aws:iam::000000000000:role/r", "BucketARN": "arn:aws:s3:::lake"})
}

fn create(w: &mut World, name: &str) {
    let body = json!({"DeliveryStreamName": name, "S3DestinationConfiguration": dest()});
    call(w, "CreateDeliveryStream", &body.to_string()).expect("create");
}

const ACCOUNT: &str = "000000000000";

#[test]
fn validation_wording() {
    let mut w = world();
    assert_eq!(
        fails(&mut w, "CreateDeliveryStream", json!({})),
        (
            "ValidationException".into(),
            "1 validation error detected: Value null at 'deliveryStreamName' failed to satisfy \
             constraint: Member must not be null"
                .into()
        )
    );
    let body = json!({
        "DeliveryStreamName": "s",
        "ExtendedS3DestinationConfiguration": {
            "RoleARN": "role", "BucketARN": "arn:aws:s3:::lake",
            "BufferingHints": {"SizeInMBs": 0, "IntervalInSeconds": 901}
        }
    });
    assert_eq!(
        fails(&mut w, "CreateDeliveryStream", body).1,
        "3 validation errors detected: Value '901' at \
         'extendedS3DestinationConfiguration.bufferingHints.intervalInSeconds' failed to satisfy \
         constraint: Member must have value less than or equal to 900; Value '0' at \
         'extendedS3DestinationConfiguration.bufferingHints.sizeInMBs' failed to satisfy \
         constraint: Member must have value greater than or equal to 1; Value 'role' at \
         'extendedS3DestinationConfiguration.roleARN' failed to satisfy constraint: Member must \
         satisfy regular expression pattern: arn:.*:iam::\\d{12}:role/[a-zA-Z_0-9+=,.@\\-_/]+"
    );
    let (code, msg) = fails(&mut w, "PutRecord", json!({"DeliveryStreamName": "bad name!"}));
    assert_eq!(code, "ValidationException");
    assert_eq!(
        msg,
        "2 validation errors detected: Value 'bad name!' at 'deliveryStreamName' failed to \
         satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; \
         Value null at 'record' failed to satisfy constraint: Member must not be null"
    );
    let big = "A".repeat(1_366_668); // 1,025,001 bytes once decoded
    let (_, msg) =
        fails(&mut w, "PutRecord", json!({"DeliveryStreamName": "s", "Record": {"Data": big}}));
    assert!(
        msg.contains("at 'record.data' failed to satisfy constraint: Member must have length less than or equal to 1024000"),
        "{msg}"
    );
    let records: Vec<Value> = (0..501).map(|_| json!({"Data": "YQ=="})).collect();
    let (_, msg) =
        fails(&mut w, "PutRecordBatch", json!({"DeliveryStreamName": "s", "Records": records}));
    assert!(msg.contains("at 'records' failed to satisfy constraint: Member must have length less than or equal to 500"), "{msg}");
}

#[test]
fn not_found_and_already_exists() {
    let mut w = world();
    let nf = fails(&mut w, "DescribeDeliveryStream", json!({"DeliveryStreamName": "nope"}));
    assert_eq!(
        nf,
        (
            "ResourceNotFoundException".into(),
            format!("Firehose nope under account {ACCOUNT} not found.")
        )
    );
    create(&mut w, "dup");
    let body = json!({"DeliveryStreamName": "dup", "S3DestinationConfiguration": dest()});
    assert_eq!(
        fails(&mut w, "CreateDeliveryStream", body),
        (
            "ResourceInUseException".into(),
            format!("Firehose dup under accountId {ACCOUNT} already exists")
        )
    );
    // Still CREATING: the data plane does not see it yet.
    let put = json!({"DeliveryStreamName": "dup", "Record": {"Data": "YQ=="}});
    assert_eq!(fails(&mut w, "PutRecord", put.clone()).0, "ResourceNotFoundException");
    w.advance_by(1_000);
    assert!(call(&mut w, "PutRecord", &put.to_string()).is_ok());
}

#[test]
fn destinations_and_sources() {
    let mut w = world();
    let none = fails(&mut w, "CreateDeliveryStream", json!({"DeliveryStreamName": "x"}));
    assert_eq!(none.0, "InvalidArgumentException");
    let two = json!({"DeliveryStreamName": "x", "S3DestinationConfiguration": dest(),
                     "ExtendedS3DestinationConfiguration": dest()});
    assert_eq!(fails(&mut w, "CreateDeliveryStream", two).0, "InvalidArgumentException");
    let splunk = json!({"DeliveryStreamName": "x", "SplunkDestinationConfiguration": {}});
    assert!(fails(&mut w, "CreateDeliveryStream", splunk).1.contains("not simulated"));
    let no_error_prefix = json!({"DeliveryStreamName": "x", "ExtendedS3DestinationConfiguration":
        {"RoleARN": "arn:aws:iam::000000000000:role/r", "BucketARN": "arn:aws:s3:::lake",
         "Prefix": "a/!{timestamp:yyyy}/"}});
    assert_eq!(
        fails(&mut w, "CreateDeliveryStream", no_error_prefix).0,
        "InvalidArgumentException"
    );
    let missing_stream = json!({"DeliveryStreamName": "x", "DeliveryStreamType": "KinesisStreamAsSource",
        "KinesisStreamSourceConfiguration": {"KinesisStreamARN": "arn:aws:kinesis:us-east-1:000000000000:stream/none",
                                             "RoleARN": "arn:aws:iam::000000000000:role/r"},
        "S3DestinationConfiguration": dest()});
    assert_eq!(fails(&mut w, "CreateDeliveryStream", missing_stream).0, "InvalidArgumentException");
}

#[test]
fn lists_tags_and_delete() {
    let mut w = world();
    for n in ["c", "a", "b"] {
        create(&mut w, n);
    }
    w.advance_by(1_000);
    let l = call(&mut w, "ListDeliveryStreams", r#"{"Limit":2}"#).unwrap();
    assert_eq!(l, json!({"DeliveryStreamNames": ["a", "b"], "HasMoreDeliveryStreams": true}));
    let l =
        call(&mut w, "ListDeliveryStreams", r#"{"ExclusiveStartDeliveryStreamName":"b"}"#).unwrap();
    assert_eq!(l, json!({"DeliveryStreamNames": ["c"], "HasMoreDeliveryStreams": false}));
    let tags = json!({"DeliveryStreamName": "a", "Tags": [{"Key": "team", "Value": "data"}, {"Key": "env"}]});
    assert_eq!(call(&mut w, "TagDeliveryStream", &tags.to_string()).unwrap(), json!({}));
    let t = call(&mut w, "ListTagsForDeliveryStream", r#"{"DeliveryStreamName":"a","Limit":1}"#)
        .unwrap();
    assert_eq!(t, json!({"Tags": [{"Key": "env", "Value": ""}], "HasMoreTags": true}));
    let aws = json!({"DeliveryStreamName": "a", "Tags": [{"Key": "aws:x", "Value": "v"}]});
    assert!(fails(&mut w, "TagDeliveryStream", aws).1.contains("'tags.1.member.key'"));
    call(&mut w, "UntagDeliveryStream", r#"{"DeliveryStreamName":"a","TagKeys":["env","nope"]}"#)
        .unwrap();
    let t = call(&mut w, "ListTagsForDeliveryStream", r#"{"DeliveryStreamName":"a"}"#).unwrap();
    assert_eq!(t["Tags"], json!([{"Key": "team", "Value": "data"}]));
    assert_eq!(
        call(&mut w, "DeleteDeliveryStream", r#"{"DeliveryStreamName":"a"}"#).unwrap(),
        json!({})
    );
    let d = call(&mut w, "DescribeDeliveryStream", r#"{"DeliveryStreamName":"a"}"#).unwrap();
    assert_eq!(d["DeliveryStreamDescription"]["DeliveryStreamStatus"], "DELETING");
    w.advance_by(1_000);
    assert_eq!(
        fails(&mut w, "DescribeDeliveryStream", json!({"DeliveryStreamName": "a"})).0,
        "ResourceNotFoundException"
    );
}

#[test]
fn garbage_never_panics() {
    let mut w = world();
    create(&mut w, "g");
    w.advance_by(1_000);
    let bodies = [
        "", "null", "[]", "{", "{\"DeliveryStreamName\":5}", "{\"Records\":{}}",
        "{\"DeliveryStreamName\":\"g\",\"Records\":[{\"Data\":\"@@@\"}]}",
        "{\"DeliveryStreamName\":\"g\",\"Records\":[]}",
        "{\"DeliveryStreamName\":\"g\",\"Record\":{}}",
        "{\"DeliveryStreamName\":\"g\",\"ExtendedS3DestinationUpdate\":{\"BufferingHints\":{\"SizeInMBs\":1e40}}}",
    ];
    for action in [
        "CreateDeliveryStream",
        "DeleteDeliveryStream",
        "DescribeDeliveryStream",
        "ListDeliveryStreams",
        "PutRecord",
        "PutRecordBatch",
        "UpdateDestination",
        "TagDeliveryStream",
        "UntagDeliveryStream",
        "ListTagsForDeliveryStream",
        "Nope",
    ] {
        for b in bodies {
            let _ = call(&mut w, action, b);
        }
    }
    assert_eq!(call(&mut w, "Nope", "{}").unwrap_err().code, "UnknownOperationException");
}

#[test]
fn batch_limits_use_aws_texts() {
    let mut w = world();
    create(&mut w, "b");
    w.advance_by(1_000);
    let record = |n: usize| json!({"Data": base64_of(n)});
    let too_many: Vec<Value> = (0..501).map(|_| record(3)).collect();
    let (code, msg) =
        fails(&mut w, "PutRecordBatch", json!({"DeliveryStreamName": "b", "Records": too_many}));
    assert_eq!(code, "ValidationException");
    assert!(
        msg.starts_with(
            "1 validation error detected: Value '[Record(data=java.nio.HeapByteBuffer[pos=0 \
             lim=3 cap=3]), Record(data=java.nio.HeapByteBuffer[pos=0 lim=3 cap=3]),"
        ),
        "{msg}"
    );
    assert!(msg.ends_with(
        "at 'records' failed to satisfy constraint: Member must have length less than or equal \
         to 500"
    ));
    let big: Vec<Value> = (0..5).map(|_| record(1_000_000)).collect();
    let (code, msg) =
        fails(&mut w, "PutRecordBatch", json!({"DeliveryStreamName": "b", "Records": big}));
    assert_eq!(
        (code.as_str(), msg.as_str()),
        ("InvalidArgumentException", "Records size exceeds 4 MB limit")
    );
}

fn base64_of(n: usize) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(vec![b'x'; n])
}
