//! The operations AWS added after 2020: resource policies decided on every call, the account's
//! billing commitment, larger records, warm throughput. Driven through the API dispatch, with
//! callers named by their access key ids as the endpoint names them.

use crate::support;
use engine::api::ApiError;
use engine::{Command, World};
use serde_json::Value;

const KINESIS: &str = "Kinesis_20131202";
const STREAM_ARN: &str = "arn:aws:kinesis:us-east-1:000000000000:stream/orders";

fn call(w: &mut World, action: &str, body: &str) -> Result<Value, ApiError> {
    support::call(w, KINESIS, action, body)
}

/// The call signed with access key id `key`.
fn call_as(w: &mut World, key: &str, action: &str, body: &str) -> Result<String, ApiError> {
    w.apply(Command::api_as(key, format!("{KINESIS}.{action}"), body)).result
}

fn orders(w: &mut World) {
    call(w, "CreateStream", r#"{"StreamName":"orders","ShardCount":1}"#).expect("create");
    w.advance_by(1_000);
}

fn put_policy(w: &mut World, statements: &str) -> Result<Value, ApiError> {
    let policy = format!(r#"{{"Version":"2012-10-17","Statement":[{statements}]}}"#);
    let body = serde_json::json!({ "ResourceARN": STREAM_ARN, "Policy": policy });
    call(w, "PutResourcePolicy", &body.to_string())
}

const PUT: &str = r#"{"StreamName":"orders","Data":"AA==","PartitionKey":"k"}"#;

#[test]
fn an_explicit_deny_refuses_the_principal_it_names_with_aws_text() {
    let mut w = support::world(1);
    orders(&mut w);
    put_policy(
        &mut w,
        r#"{"Sid":"NoBob","Effect":"Deny","Principal":{"AWS":"arn:aws:iam::000000000000:user/bob"},
            "Action":"kinesis:Put*","Resource":"arn:aws:kinesis:*:*:stream/orders"}"#,
    )
    .expect("policy");
    let e = call_as(&mut w, "bob", "PutRecord", PUT).expect_err("bob is denied");
    assert_eq!(e.code, "AccessDeniedException");
    assert_eq!(
        e.message,
        "User: arn:aws:iam::000000000000:user/bob is not authorized to perform: \
         kinesis:PutRecord on resource: arn:aws:kinesis:us-east-1:000000000000:stream/orders \
         with an explicit deny in a resource-based policy"
    );
    // Others of the account, and bob's reads, are not touched by the statement.
    assert!(call_as(&mut w, "alice", "PutRecord", PUT).is_ok());
    let describe = r#"{"StreamName":"orders"}"#;
    assert!(call_as(&mut w, "bob", "DescribeStreamSummary", describe).is_ok());
    // The root user may always take the policy away again, and then bob writes.
    let arn = format!(r#"{{"ResourceARN":"{STREAM_ARN}"}}"#);
    call_as(&mut w, "sandbox", "DeleteResourcePolicy", &arn).expect("root deletes");
    assert!(call_as(&mut w, "bob", "PutRecord", PUT).is_ok());
}

#[test]
fn another_account_gets_only_what_the_policy_allows() {
    let mut w = support::world(1);
    orders(&mut w);
    let by_arn = format!(r#"{{"StreamARN":"{STREAM_ARN}","Data":"AA==","PartitionKey":"k"}}"#);
    let e = call_as(&mut w, "carol@111122223333", "PutRecord", &by_arn).expect_err("no policy");
    assert_eq!(
        e.message,
        "User: arn:aws:iam::111122223333:user/carol is not authorized to perform: \
         kinesis:PutRecord on resource: arn:aws:kinesis:us-east-1:000000000000:stream/orders \
         because no resource-based policy allows the kinesis:PutRecord action"
    );
    put_policy(
        &mut w,
        r#"{"Effect":"Allow","Principal":{"AWS":"111122223333"},
            "Action":["kinesis:PutRecord","kinesis:PutRecords"],"Resource":"*"}"#,
    )
    .expect("policy");
    assert!(call_as(&mut w, "carol@111122223333", "PutRecord", &by_arn).is_ok());
    let read = format!(r#"{{"StreamARN":"{STREAM_ARN}"}}"#);
    let e = call_as(&mut w, "carol@111122223333", "DescribeStreamSummary", &read)
        .expect_err("reads are not granted");
    assert_eq!(e.code, "AccessDeniedException");
    // Managing the policy stays with the owning account.
    let arn = format!(r#"{{"ResourceARN":"{STREAM_ARN}"}}"#);
    let e = call_as(&mut w, "111122223333", "GetResourcePolicy", &arn).expect_err("foreign");
    assert!(e.message.starts_with("User: arn:aws:iam::111122223333:root is not authorized"));
}

#[test]
fn policies_are_stored_as_given_and_checked_as_iam_checks_them() {
    let mut w = support::world(1);
    orders(&mut w);
    let arn = format!(r#"{{"ResourceARN":"{STREAM_ARN}"}}"#);
    assert_eq!(call(&mut w, "GetResourcePolicy", &arn).expect("get")["Policy"], "{}");
    let e = put_policy(&mut w, r#"{"Effect":"Allow","Action":"kinesis:*","Resource":"*"}"#)
        .expect_err("no principal");
    assert_eq!(
        (e.code.as_str(), e.message.as_str()),
        (
            "InvalidArgumentException",
            "Policy is not a valid IAM policy document: Missing required field Principal"
        )
    );
    let statement = r#"{"Effect":"Allow","Principal":"*","Action":"kinesis:Get*","Resource":"*"}"#;
    put_policy(&mut w, statement).expect("policy");
    let policy = call(&mut w, "GetResourcePolicy", &arn).expect("get")["Policy"].clone();
    assert!(policy.as_str().is_some_and(|p| p.contains(r#""Action":"kinesis:Get*""#)));
    call(&mut w, "DeleteResourcePolicy", &arn).expect("delete");
    assert_eq!(
        support::failure(call(&mut w, "DeleteResourcePolicy", &arn), "delete again").1,
        format!("No resource policy found for resource ARN {STREAM_ARN}.")
    );
    let missing = r#"{"ResourceARN":"arn:aws:kinesis:us-east-1:000000000000:stream/nope"}"#;
    assert_eq!(
        support::failure(call(&mut w, "GetResourcePolicy", missing), "get").1,
        "Stream arn:aws:kinesis:us-east-1:000000000000:stream/nope under account 000000000000 \
         not found."
    );
}

#[test]
fn a_deleted_stream_takes_its_policy_with_it() {
    let mut w = support::world(1);
    orders(&mut w);
    put_policy(
        &mut w,
        r#"{"Effect":"Deny","Principal":"*","Action":"kinesis:PutRecord","Resource":"*"}"#,
    )
    .expect("policy");
    assert!(call_as(&mut w, "alice", "PutRecord", PUT).is_err());
    call(&mut w, "DeleteStream", r#"{"StreamName":"orders"}"#).expect("delete");
    w.advance_by(1_000);
    orders(&mut w);
    assert!(call_as(&mut w, "alice", "PutRecord", PUT).is_ok());
}

#[test]
fn larger_records_are_accepted_once_the_stream_allows_them() {
    let mut w = support::world(1);
    orders(&mut w);
    let two_mib = "A".repeat(2 * 1024 * 1024 / 3 * 4);
    let put = format!(r#"{{"StreamName":"orders","Data":"{two_mib}","PartitionKey":"k"}}"#);
    let e = call(&mut w, "PutRecord", &put).expect_err("1 MiB by default");
    assert!(e.message.ends_with("Member must have length less than or equal to 1048576"));
    let body = format!(r#"{{"StreamARN":"{STREAM_ARN}","MaxRecordSizeInKiB":10241}}"#);
    assert_eq!(
        support::failure(call(&mut w, "UpdateMaxRecordSize", &body), "too big").1,
        "1 validation error detected: Value '10241' at 'maxRecordSizeInKiB' failed to satisfy \
         constraint: Member must have value less than or equal to 10240"
    );
    let body = format!(r#"{{"StreamARN":"{STREAM_ARN}","MaxRecordSizeInKiB":4096}}"#);
    call(&mut w, "UpdateMaxRecordSize", &body).expect("raise");
    assert!(call(&mut w, "PutRecord", &put).is_ok());
    let summary = call(&mut w, "DescribeStreamSummary", r#"{"StreamName":"orders"}"#).expect("d");
    assert_eq!(summary["StreamDescriptionSummary"]["MaxRecordSizeInKiB"], 4096);
}

#[test]
fn warm_throughput_needs_an_on_demand_stream_and_a_commitment() {
    let mut w = support::world(1);
    let settings = call(&mut w, "DescribeAccountSettings", "{}").expect("settings");
    assert_eq!(settings["MinimumThroughputBillingCommitment"]["Status"], "DISABLED");
    call(
        &mut w,
        "CreateStream",
        r#"{"StreamName":"orders","StreamModeDetails":{"StreamMode":"ON_DEMAND"}}"#,
    )
    .expect("create");
    w.advance_by(1_000);
    let warm = r#"{"StreamName":"orders","WarmThroughputMiBps":10}"#;
    let e = call(&mut w, "UpdateStreamWarmThroughput", warm).expect_err("no commitment");
    assert_eq!(e.code, "InvalidArgumentException");
    let enable = r#"{"MinimumThroughputBillingCommitment":{"Status":"ENABLED"}}"#;
    let out = call(&mut w, "UpdateAccountSettings", enable).expect("enable");
    let c = &out["MinimumThroughputBillingCommitment"];
    assert_eq!(c["Status"], "ENABLED");
    assert_eq!(
        c["EarliestAllowedEndAt"].as_f64().zip(c["StartedAt"].as_f64()).map(|(e, s)| e - s),
        Some(86_400.0)
    );
    let out = call(&mut w, "UpdateStreamWarmThroughput", warm).expect("warm");
    assert_eq!(out["WarmThroughput"], serde_json::json!({"TargetMiBps": 10, "CurrentMiBps": 4}));
    w.advance_by(1_000);
    let summary = call(&mut w, "DescribeStreamSummary", r#"{"StreamName":"orders"}"#).expect("d");
    let s = &summary["StreamDescriptionSummary"];
    assert_eq!(s["OpenShardCount"], 10, "the stream keeps 10 MiB/s of shards ready");
    assert_eq!(s["WarmThroughput"], serde_json::json!({"TargetMiBps": 10, "CurrentMiBps": 10}));
    // Disabling within the first day leaves it on until the day is over.
    let disable = r#"{"MinimumThroughputBillingCommitment":{"Status":"DISABLED"}}"#;
    let out = call(&mut w, "UpdateAccountSettings", disable).expect("disable");
    assert_eq!(
        out["MinimumThroughputBillingCommitment"]["Status"],
        "ENABLED_UNTIL_EARLIEST_ALLOWED_END"
    );
}
