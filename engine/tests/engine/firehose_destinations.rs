//! Firehose beyond plain S3, end to end through the API: transformation with the Lambda
//! contract, every compression format, Redshift and OpenSearch destinations, injected outages
//! with their retry timing and error prefixes, encryption, throughput limits.

use crate::support;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use engine::api::ApiError;
use engine::firehose::model::Target;
use engine::firehose::{Event as F, FirehoseCommand};
use engine::s3::S3Command;
use engine::{Command, Event, World, WorldConfig};
use serde_json::{json, Value};

const ROLE: &str = "arn:aws:iam::000000000000:role/firehose";
const LAMBDA: &str = "arn:aws:lambda:us-east-1:000000000000:function:";
const JDBC: &str = "jdbc:redshift://shop.abc123.us-east-1.redshift.amazonaws.com:5439/dev";
const DOMAIN: &str = "arn:aws:es:us-east-1:000000000000:domain/logs";

fn world() -> World {
    support::world(21)
}

fn call(w: &mut World, action: &str, body: Value) -> Result<Value, ApiError> {
    support::call(w, "Firehose_20150804", action, body)
}

fn fails(w: &mut World, action: &str, body: Value) -> (String, String) {
    support::failure(call(w, action, body), action)
}

fn bucket(w: &mut World) {
    w.apply(Command::S3(S3Command::CreateBucket { bucket: "lake".into() })).result.expect("bucket");
}

fn s3(extra: Value) -> Value {
    let mut c = json!({"RoleARN": ROLE, "BucketARN": "arn:aws:s3:::lake",
                       "BufferingHints": {"SizeInMBs": 1, "IntervalInSeconds": 60}});
    if let (Some(c), Some(e)) = (c.as_object_mut(), extra.as_object()) {
        c.extend(e.clone());
    }
    c
}

fn create(w: &mut World, name: &str, destination: (&str, Value)) {
    let mut body = json!({"DeliveryStreamName": name});
    body[destination.0] = destination.1;
    call(w, "CreateDeliveryStream", body).expect("create");
    w.advance_by(w.config().transition_delay_ms);
}

fn put_batch(w: &mut World, name: &str, records: &[&[u8]]) -> Result<Value, ApiError> {
    let records: Vec<Value> = records.iter().map(|r| json!({"Data": STANDARD.encode(r)})).collect();
    call(w, "PutRecordBatch", json!({"DeliveryStreamName": name, "Records": records}))
}

fn processing(function: &str) -> Value {
    json!({"Enabled": true, "Processors": [{"Type": "Lambda", "Parameters": [
        {"ParameterName": "LambdaArn", "ParameterValue": format!("{LAMBDA}{function}")},
        {"ParameterName": "NumberOfRetries", "ParameterValue": "3"}]}]})
}

fn events(w: &World) -> Vec<(u64, F)> {
    w.log()
        .recent(w.log().len())
        .filter_map(|r| match &r.event {
            Event::Firehose(e) => Some((r.at, e.clone())),
            _ => None,
        })
        .collect()
}

fn content(w: &World, key: &str) -> String {
    String::from_utf8(w.view().s3().object_content("lake", key).expect("object")).unwrap()
}

fn outage(w: &mut World, stream: &str, destination: Target, down: bool) {
    let c =
        FirehoseCommand::SetDestinationOutage { delivery_stream: stream.into(), destination, down };
    w.apply(c.into()).result.expect("outage");
}

// ----- transformation -------------------------------------------------------------------------

#[test]
fn transform_counts_ok_dropped_failed_and_writes_processing_failed_records() {
    let mut w = world();
    bucket(&mut w);
    let config =
        s3(json!({"ProcessingConfiguration": processing("sandbox-drop-matching:level--debug")}));
    create(&mut w, "t", ("ExtendedS3DestinationConfiguration", config));
    let t0 = w.now();
    put_batch(
        &mut w,
        "t",
        &[br#"{"level":"info","n":1}"#, br#"{"level":"debug","n":2}"#, b"not json", br#"{"n":3}"#],
    )
    .unwrap();
    let v = w.view().firehose().delivery_stream("t").unwrap();
    assert_eq!(
        (v.counters.transform_ok, v.counters.transform_dropped, v.counters.transform_failed),
        (2, 1, 1)
    );
    assert_eq!(v.buffer.records, 2);
    w.advance_by(60_000);
    let fh = &w.view().firehose();
    let delivered = fh.delivered_objects("t");
    assert_eq!(delivered.len(), 1);
    assert_eq!(content(&w, &delivered[0].key), r#"{"level":"info","n":1}{"n":3}"#);
    let errors = fh.error_objects("t");
    assert_eq!(errors.len(), 1);
    // AWS's default error prefix: processing-failed/YYYY/MM/dd/HH/.
    assert!(
        errors[0].key.starts_with("processing-failed/2026/01/01/00/t-1-2026-01-01-00-00-00-"),
        "{}",
        errors[0].key
    );
    let line: Value = serde_json::from_str(content(&w, &errors[0].key).trim()).unwrap();
    assert_eq!(line["attemptsMade"], 1);
    assert_eq!(line["errorCode"], "Lambda.ProcessingFailed");
    assert_eq!(line["rawData"], STANDARD.encode(b"not json"));
    assert_eq!(line["lambdaArn"], format!("{LAMBDA}sandbox-drop-matching:level--debug"));
    assert_eq!(line["arrivalTimestamp"].as_i64().unwrap(), w.config().epoch_ms + t0 as i64);
    let v = w.view().firehose().delivery_stream("t").unwrap();
    assert_eq!(v.counters.records_to_error_prefix, 1);
    assert_eq!(v.counters.records_delivered, 2);
    assert!(events(&w)
        .iter()
        .any(|(_, e)| matches!(e, F::RecordsTransformed { ok: 2, dropped: 1, failed: 1, .. })));
}

#[test]
fn built_in_transforms_shape_the_records() {
    let mut w = world();
    bucket(&mut w);
    for (name, f) in [
        ("keep", "sandbox-keep-fields:id--price"),
        ("csv", "sandbox-json-to-csv:id--name"),
        ("add", "sandbox-add-field:source--web"),
        ("valid", "sandbox-validate-json"),
    ] {
        let config = s3(json!({"ProcessingConfiguration": processing(f)}));
        create(&mut w, name, ("ExtendedS3DestinationConfiguration", config));
        put_batch(&mut w, name, &[br#"{"id":1,"name":"a,b","price":3}"#, b"[1]"]).unwrap();
    }
    w.advance_by(61_000);
    let fh = &w.view().firehose();
    let got = |n: &str| content(&w, &fh.delivered_objects(n)[0].key);
    assert_eq!(got("keep"), "{\"id\":1,\"price\":3}\n");
    assert_eq!(got("csv"), "1,\"a,b\"\n");
    assert_eq!(got("add"), "{\"id\":1,\"name\":\"a,b\",\"price\":3,\"source\":\"web\"}\n");
    assert_eq!(got("valid"), r#"{"id":1,"name":"a,b","price":3}"#);
    for n in ["keep", "csv", "add", "valid"] {
        assert_eq!(fh.delivery_stream(n).unwrap().counters.transform_failed, 1, "{n}");
    }
}

#[test]
fn transform_configuration_errors() {
    let mut w = world();
    let bad = |f: &str| {
        json!({"DeliveryStreamName": "x", "ExtendedS3DestinationConfiguration":
            s3(json!({"ProcessingConfiguration": processing(f)}))})
    };
    let (code, msg) = fails(&mut w, "CreateDeliveryStream", bad("my-own-function"));
    assert_eq!(code, "InvalidArgumentException");
    assert!(msg.contains("sandbox-keep-fields"), "{msg}");
    let (_, msg) = fails(&mut w, "CreateDeliveryStream", bad("sandbox-keep-fields"));
    assert!(msg.contains("function:sandbox-keep-fields:field1--field2"), "{msg}");
    let no_arn = json!({"DeliveryStreamName": "x", "ExtendedS3DestinationConfiguration":
        s3(json!({"ProcessingConfiguration": {"Enabled": true, "Processors": [{"Type": "Lambda", "Parameters": []}]}}))});
    assert_eq!(fails(&mut w, "CreateDeliveryStream", no_arn).0, "InvalidArgumentException");
    // Disabled processing is accepted and described.
    let off = json!({"DeliveryStreamName": "off", "ExtendedS3DestinationConfiguration":
        s3(json!({"ProcessingConfiguration": {"Enabled": false}}))});
    call(&mut w, "CreateDeliveryStream", off).unwrap();
}

#[test]
fn update_destination_adds_a_transform_and_bumps_the_version() {
    let mut w = world();
    bucket(&mut w);
    create(&mut w, "u", ("ExtendedS3DestinationConfiguration", s3(json!({}))));
    call(&mut w, "UpdateDestination", json!({"DeliveryStreamName": "u", "CurrentDeliveryStreamVersionId": "1",
        "DestinationId": "destinationId-000000000001",
        "ExtendedS3DestinationUpdate": {"ProcessingConfiguration": processing("sandbox-validate-json")}}))
    .unwrap();
    let d = call(&mut w, "DescribeDeliveryStream", json!({"DeliveryStreamName": "u"})).unwrap();
    let desc = &d["DeliveryStreamDescription"];
    assert_eq!(desc["VersionId"], "2");
    let p = &desc["Destinations"][0]["ExtendedS3DestinationDescription"]["ProcessingConfiguration"];
    assert_eq!(
        p["Processors"][0]["Parameters"][0]["ParameterValue"],
        format!("{LAMBDA}sandbox-validate-json")
    );
}

// ----- compression and keys -------------------------------------------------------------------

#[test]
fn every_compression_round_trips_with_its_extension() {
    let mut w = world();
    bucket(&mut w);
    let formats = [
        ("UNCOMPRESSED", ""),
        ("GZIP", ".gz"),
        ("ZIP", ".zip"),
        ("Snappy", ".snappy"),
        ("HADOOP_SNAPPY", ".snappy"),
    ];
    let record: Vec<u8> =
        (0..40_000u32).flat_map(|i| format!("{{\"i\":{i}}}\n").into_bytes()).collect();
    for (i, (format, _)) in formats.iter().enumerate() {
        let name = format!("c{i}");
        create(
            &mut w,
            &name,
            ("ExtendedS3DestinationConfiguration", s3(json!({"CompressionFormat": format}))),
        );
        let half = record.len() / 2;
        put_batch(&mut w, &name, &[&record[..half], &record[half..]]).unwrap();
    }
    w.advance_by(61_000);
    for (i, (format, ext)) in formats.iter().enumerate() {
        let o = &w.view().firehose().delivered_objects(&format!("c{i}"))[0];
        let stem = &o.key[..o.key.len() - ext.len()];
        assert!(o.key.ends_with(ext), "{format}: {}", o.key);
        // The name ends in the UUID, then the extension.
        assert_eq!(stem.rsplit('-').next().unwrap().len(), 12, "{format}: {}", o.key);
        let p = w.view().s3().object_preview("lake", &o.key, usize::MAX - 1).unwrap();
        assert_eq!(p.compression, *format, "{}", o.key);
        assert_eq!(p.bytes, record, "{format}");
        if *format != "UNCOMPRESSED" {
            assert!(o.object_bytes < o.bytes, "{format} did not compress");
        }
    }
}

#[test]
fn error_prefix_expressions() {
    let mut w = world();
    bucket(&mut w);
    let config = s3(json!({
        "Prefix": "data/!{timestamp:yyyy}/!{firehose:random-string}/",
        "ErrorOutputPrefix": "errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM}/",
        "ProcessingConfiguration": processing("sandbox-validate-json")}));
    create(&mut w, "e", ("ExtendedS3DestinationConfiguration", config));
    put_batch(&mut w, "e", &[b"{}", b"x"]).unwrap();
    w.advance_by(60_000);
    let fh = &w.view().firehose();
    let ok = &fh.delivered_objects("e")[0].key;
    let parts: Vec<&str> = ok.split('/').collect();
    assert_eq!(&parts[..2], &["data", "2026"]);
    assert_eq!(parts[2].len(), 11);
    assert!(parts[2].bytes().all(|b| b.is_ascii_alphanumeric()));
    assert!(parts[3].starts_with("e-1-2026-01-01-00-00-00-"), "{ok}");
    let err = &fh.error_objects("e")[0].key;
    assert!(err.starts_with("errors/processing-failed/2026/01/e-1-2026-01-01-00-00-00-"), "{err}");
}

// ----- Redshift -------------------------------------------------------------------------------

fn redshift(copy_options: &str, columns: Option<&str>, extra: Value) -> Value {
    let mut copy = json!({"DataTableName": "orders", "CopyOptions": copy_options});
    if let Some(c) = columns {
        copy["DataTableColumns"] = json!(c);
    }
    let mut c = json!({"RoleARN": ROLE, "ClusterJDBCURL": JDBC, "CopyCommand": copy,
        "Username": "firehose", "Password": "secret-password",
        "S3Configuration": s3(json!({"Prefix": "stage/"}))});
    if let (Some(c), Some(e)) = (c.as_object_mut(), extra.as_object()) {
        c.extend(e.clone());
    }
    c
}

#[test]
fn redshift_stages_to_s3_then_copies_rows() {
    let mut w = world();
    bucket(&mut w);
    create(
        &mut w,
        "r",
        (
            "RedshiftDestinationConfiguration",
            redshift("json 'auto'", Some("id,item,qty"), json!({})),
        ),
    );
    put_batch(&mut w, "r", &[br#"{"id":1,"item":"pen","qty":2}"#, br#"{"ID":2,"item":"ink"}"#])
        .unwrap();
    w.advance_by(60_000);
    let fh = &w.view().firehose();
    let staged = fh.delivered_objects("r");
    assert_eq!(staged.len(), 1);
    assert!(staged[0].key.starts_with("stage/2026/01/01/00/r-1-"), "{}", staged[0].key);
    let t = fh.redshift_table_of("r").expect("table");
    assert_eq!(t.columns, ["id", "item", "qty"]);
    assert_eq!(
        t.rows,
        vec![
            vec![Some("1".into()), Some("pen".into()), Some("2".into())],
            vec![Some("2".into()), Some("ink".into()), None]
        ]
    );
    let v = fh.delivery_stream("r").unwrap();
    assert_eq!((v.counters.rows_loaded, v.counters.records_delivered), (2, 2));
    assert_eq!(v.destination_kind, "Redshift");
    assert!(events(&w).iter().any(|(_, e)| matches!(e, F::RowsLoaded { rows: 2, .. })));
    // CSV into a second table of the same cluster.
    create(
        &mut w,
        "r2",
        ("RedshiftDestinationConfiguration", {
            let mut c = redshift("csv", None, json!({}));
            c["CopyCommand"]["DataTableName"] = json!("lines");
            c
        }),
    );
    put_batch(&mut w, "r2", &[b"1,\"a,b\"\n", b"2,c\n"]).unwrap();
    w.advance_by(60_000);
    let t = w.view().firehose().redshift_table(JDBC, "lines").unwrap().clone();
    assert_eq!(t.rows[0], vec![Some("1".into()), Some("a,b".into())]);
    assert_eq!(w.view().firehose().redshift_tables().len(), 2);
}

#[test]
fn redshift_outage_retries_for_the_duration_then_writes_a_manifest() {
    let mut w = world();
    bucket(&mut w);
    let c = redshift("json 'auto'", None, json!({"RetryOptions": {"DurationInSeconds": 600}}));
    create(&mut w, "r", ("RedshiftDestinationConfiguration", c));
    outage(&mut w, "r", Target::Redshift, true);
    put_batch(&mut w, "r", &[br#"{"a":1}"#]).unwrap();
    let flush_at = w.now() + 60_000;
    w.advance_to(flush_at);
    let status = &w.view().firehose().delivery_stream("r").unwrap().destinations[1];
    assert_eq!(
        (status.target, status.down, status.retrying_since),
        (Target::Redshift, true, Some(flush_at))
    );
    assert_eq!(status.next_attempt_at, Some(flush_at + 5_000));
    w.advance_by(600_000);
    let fh = &w.view().firehose();
    let attempts = fh.retry_attempts("r");
    assert_eq!(attempts.first().unwrap().at, flush_at);
    assert_eq!(attempts.last().unwrap().at, flush_at + 600_000);
    assert!(attempts.iter().all(|a| a.target == Target::Redshift && !a.ok));
    let manifest = &fh.error_objects("r")[0];
    assert!(
        manifest.key.starts_with("stage/errors/manifests/2026/01/01/00/r-1-"),
        "{}",
        manifest.key
    );
    let m: Value = serde_json::from_str(&content(&w, &manifest.key)).unwrap();
    let staged = &fh.delivered_objects("r")[0].key;
    assert_eq!(m["entries"][0]["url"], format!("s3://lake/{staged}"));
    assert!(fh.redshift_table_of("r").is_none());
    let v = fh.delivery_stream("r").unwrap();
    assert_eq!(
        (v.counters.records_to_error_prefix, v.counters.rows_loaded, v.pending_objects),
        (1, 0, 0)
    );
    // Back up: the next batch loads.
    outage(&mut w, "r", Target::Redshift, false);
    put_batch(&mut w, "r", &[br#"{"a":2}"#]).unwrap();
    w.advance_by(60_000);
    assert_eq!(
        w.view().firehose().redshift_table_of("r").unwrap().rows,
        vec![vec![Some("2".into())]]
    );
}

#[test]
fn redshift_refuses_zip_and_bad_copy_options() {
    let mut w = world();
    let mut c = redshift("json 'auto'", None, json!({}));
    c["S3Configuration"]["CompressionFormat"] = json!("ZIP");
    let (code, msg) = fails(
        &mut w,
        "CreateDeliveryStream",
        json!({"DeliveryStreamName": "x", "RedshiftDestinationConfiguration": c}),
    );
    assert_eq!(code, "InvalidArgumentException");
    assert!(msg.contains("ZIP"), "{msg}");
    let c = redshift("json 's3://b/jsonpaths.json'", None, json!({}));
    assert_eq!(
        fails(
            &mut w,
            "CreateDeliveryStream",
            json!({"DeliveryStreamName": "x", "RedshiftDestinationConfiguration": c})
        )
        .0,
        "InvalidArgumentException"
    );
    let mut c = redshift("csv", None, json!({"RetryOptions": {"DurationInSeconds": 7201}}));
    c["ClusterJDBCURL"] = json!("jdbc:mysql://x:1/db");
    let (code, msg) = fails(
        &mut w,
        "CreateDeliveryStream",
        json!({"DeliveryStreamName": "x", "RedshiftDestinationConfiguration": c}),
    );
    assert_eq!(code, "ValidationException");
    assert!(msg.starts_with("2 validation errors detected: Value 'jdbc:mysql://x:1/db' at 'redshiftDestinationConfiguration.clusterJDBCURL' failed to satisfy constraint: Member must satisfy regular expression pattern: jdbc:(redshift|postgresql)://"), "{msg}");
    assert!(msg.contains("Value '7201' at 'redshiftDestinationConfiguration.retryOptions.durationInSeconds' failed to satisfy constraint: Member must have value less than or equal to 7200"), "{msg}");
}

// ----- OpenSearch -----------------------------------------------------------------------------

fn opensearch(extra: Value) -> Value {
    let mut c = json!({"RoleARN": ROLE, "DomainARN": DOMAIN, "IndexName": "clicks",
        "BufferingHints": {"SizeInMBs": 1, "IntervalInSeconds": 60},
        "S3Configuration": s3(json!({}))});
    if let (Some(c), Some(e)) = (c.as_object_mut(), extra.as_object()) {
        c.extend(e.clone());
    }
    c
}

#[test]
fn opensearch_indexes_documents_queryable_by_field() {
    let mut w = world();
    bucket(&mut w);
    create(&mut w, "o", ("AmazonopensearchserviceDestinationConfiguration", opensearch(json!({}))));
    put_batch(
        &mut w,
        "o",
        &[
            br#"{"user":"ann","page":1}"#,
            br#"{"user":"bob","page":2}"#,
            br#"{"user":"ann","page":3}"#,
            b"oops",
        ],
    )
    .unwrap();
    w.advance_by(60_000);
    let fh = &w.view().firehose();
    // The default rotation is OneDay.
    let ann = fh.opensearch_query(DOMAIN, "clicks-2026-01-01", "user", "ann");
    assert_eq!(ann.len(), 2);
    assert_eq!(fh.opensearch_query(DOMAIN, "clicks-*", "page", "2").len(), 1);
    assert_eq!(fh.opensearch_query(DOMAIN, "", "", "").len(), 3);
    // The document that is not JSON failed alone and went to S3 (FailedDocumentsOnly).
    let err = &fh.error_objects("o")[0];
    assert!(
        err.key.starts_with("AmazonOpenSearchService-failed/2026/01/01/00/o-1-"),
        "{}",
        err.key
    );
    let line: Value = serde_json::from_str(content(&w, &err.key).trim()).unwrap();
    assert_eq!(line["esIndexName"], "clicks-2026-01-01");
    assert_eq!(line["errorCode"], "400");
    assert_eq!(line["rawData"], STANDARD.encode(b"oops"));
    assert!(fh.delivered_objects("o").is_empty());
    let v = fh.delivery_stream("o").unwrap();
    assert_eq!((v.counters.documents_indexed, v.counters.records_to_error_prefix), (3, 1));
    assert_eq!(v.opensearch.as_ref().unwrap().index_rotation_period, "OneDay");
}

#[test]
fn opensearch_all_documents_backup_and_hourly_rotation() {
    let mut w = world();
    bucket(&mut w);
    let c = opensearch(
        json!({"S3BackupMode": "AllDocuments", "IndexRotationPeriod": "OneHour", "ClusterEndpoint": "https://search.local",
        "DomainARN": null}),
    );
    let mut c = c;
    c.as_object_mut().unwrap().remove("DomainARN");
    create(&mut w, "o", ("ElasticsearchDestinationConfiguration", c));
    put_batch(&mut w, "o", &[br#"{"a":1}"#]).unwrap();
    w.advance_by(60_000);
    let fh = &w.view().firehose();
    assert_eq!(
        fh.opensearch_query("https://search.local", "clicks-2026-01-01-00", "a", "1").len(),
        1
    );
    let backup = fh.delivered_objects("o");
    assert_eq!(content(&w, &backup[0].key), r#"{"a":1}"#);
    let d = call(&mut w, "DescribeDeliveryStream", json!({"DeliveryStreamName": "o"})).unwrap();
    let e =
        &d["DeliveryStreamDescription"]["Destinations"][0]["ElasticsearchDestinationDescription"];
    assert_eq!(e["IndexRotationPeriod"], "OneHour");
    assert_eq!(e["S3BackupMode"], "AllDocuments");
    assert_eq!(e["RetryOptions"]["DurationInSeconds"], 300);
    assert_eq!(e["S3DestinationDescription"]["BucketARN"], "arn:aws:s3:::lake");
}

#[test]
fn opensearch_outage_sends_documents_to_the_error_prefix_after_300_s() {
    let mut w = world();
    bucket(&mut w);
    create(&mut w, "o", ("AmazonopensearchserviceDestinationConfiguration", opensearch(json!({}))));
    outage(&mut w, "o", Target::OpenSearch, true);
    put_batch(&mut w, "o", &[br#"{"a":1}"#, br#"{"a":2}"#]).unwrap();
    let flush_at = w.now() + 60_000;
    w.advance_to(flush_at + 299_999);
    assert!(w.view().firehose().error_objects("o").is_empty());
    w.advance_by(1);
    let evs = events(&w);
    let failed: Vec<(u64, u32, Option<u64>)> = evs
        .iter()
        .filter_map(|(at, e)| match e {
            F::DeliveryFailed { target, attempt, retry_at, .. } if target == "OpenSearch" => {
                Some((*at, *attempt, *retry_at))
            }
            _ => None,
        })
        .collect();
    // 5 s, doubling, and the last attempt exactly when the 300 s are up.
    let times: Vec<u64> = failed.iter().map(|f| f.0 - flush_at).collect();
    assert_eq!(times, [0, 5_000, 15_000, 35_000, 75_000, 155_000, 300_000]);
    assert_eq!(failed.last().unwrap().2, None);
    let (at, written) = evs
        .iter()
        .find_map(|(at, e)| match e {
            F::ErrorObjectWritten { key, records: 2, error_type, .. }
                if error_type == "AmazonOpenSearchService-failed" =>
            {
                Some((*at, key.clone()))
            }
            _ => None,
        })
        .expect("error object");
    assert_eq!(at, flush_at + 300_000);
    let lines: Vec<Value> =
        content(&w, &written).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["attemptsMade"], 7);
    assert_eq!(lines[0]["errorCode"], "OS.ServiceException");
    assert_eq!(lines[1]["rawData"], STANDARD.encode(br#"{"a":2}"#));
    assert_eq!(
        lines[0]["attemptEndingTimestamp"].as_i64().unwrap(),
        w.config().epoch_ms + at as i64
    );
    assert!(w.view().firehose().opensearch_domains().is_empty());
}

#[test]
fn opensearch_recovers_when_the_domain_comes_back() {
    let mut w = world();
    bucket(&mut w);
    create(&mut w, "o", ("AmazonopensearchserviceDestinationConfiguration", opensearch(json!({}))));
    outage(&mut w, "o", Target::OpenSearch, true);
    put_batch(&mut w, "o", &[br#"{"a":1}"#]).unwrap();
    w.advance_by(70_000);
    outage(&mut w, "o", Target::OpenSearch, false);
    w.advance_by(10_000);
    let fh = &w.view().firehose();
    assert_eq!(fh.opensearch_query(DOMAIN, "", "a", "1").len(), 1);
    let last = fh.retry_attempts("o").last().cloned().unwrap();
    assert!(last.ok);
    // Failed at the flush and 5 s later; the third attempt, 15 s after the flush, went through.
    assert_eq!(last.attempt, 3);
    assert!(events(&w).iter().any(|(_, e)| matches!(e, F::DeliveryRecovered { attempts: 2, .. })));
}

// ----- S3 outage ------------------------------------------------------------------------------

#[test]
fn s3_outage_retries_24_hours_then_the_data_is_lost() {
    let mut w = world();
    bucket(&mut w);
    create(&mut w, "s", ("ExtendedS3DestinationConfiguration", s3(json!({}))));
    outage(&mut w, "s", Target::S3, true);
    put_batch(&mut w, "s", &[b"a", b"b"]).unwrap();
    let flush_at = w.now() + 60_000;
    w.advance_to(flush_at + 24 * 3_600_000 - 1);
    assert_eq!(w.view().firehose().delivery_stream("s").unwrap().counters.records_lost, 0);
    put_batch(&mut w, "s", &[b"c"]).unwrap();
    w.advance_by(1);
    let v = w.view().firehose().delivery_stream("s").unwrap();
    assert_eq!(v.counters.records_lost, 2);
    let lost = events(&w)
        .into_iter()
        .find_map(|(at, e)| matches!(e, F::DeliveryAbandoned { records: 2, .. }).then_some(at));
    assert_eq!(lost, Some(flush_at + 24 * 3_600_000));
    // The record put later still waits for S3 (its own 24 hours).
    outage(&mut w, "s", Target::S3, false);
    w.advance_by(400_000);
    let v = w.view().firehose().delivery_stream("s").unwrap();
    assert_eq!((v.counters.records_delivered, v.pending_objects), (1, 0));
}

#[test]
fn outage_command_errors_and_replay() {
    let mut w = world();
    bucket(&mut w);
    create(&mut w, "s", ("ExtendedS3DestinationConfiguration", s3(json!({}))));
    let c = FirehoseCommand::SetDestinationOutage {
        delivery_stream: "s".into(),
        destination: Target::Redshift,
        down: true,
    };
    let e = w.apply(c.into()).result.unwrap_err();
    assert_eq!(e.code, "InvalidArgumentException");
    let c = FirehoseCommand::SetDestinationOutage {
        delivery_stream: "nope".into(),
        destination: Target::S3,
        down: true,
    };
    assert_eq!(w.apply(c.into()).result.unwrap_err().code, "ResourceNotFoundException");
    outage(&mut w, "s", Target::S3, true);
    put_batch(&mut w, "s", &[b"a"]).unwrap();
    w.advance_by(100_000);
    outage(&mut w, "s", Target::S3, false);
    w.advance_by(400_000);
    let r = World::load(w.config().clone(), w.commands().to_vec(), w.now());
    assert_eq!(r.log_hash(), w.log_hash());
}

// ----- encryption -----------------------------------------------------------------------------

#[test]
fn encryption_enables_and_disables_on_the_clock() {
    let mut w = world();
    bucket(&mut w);
    create(&mut w, "s", ("ExtendedS3DestinationConfiguration", s3(json!({}))));
    let key = "arn:aws:kms:us-east-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    call(&mut w, "StartDeliveryStreamEncryption", json!({"DeliveryStreamName": "s",
        "DeliveryStreamEncryptionConfigurationInput": {"KeyType": "CUSTOMER_MANAGED_CMK", "KeyARN": key}}))
    .unwrap();
    let enc = |w: &mut World| {
        call(w, "DescribeDeliveryStream", json!({"DeliveryStreamName": "s"})).unwrap()
            ["DeliveryStreamDescription"]["DeliveryStreamEncryptionConfiguration"]
            .clone()
    };
    assert_eq!(
        enc(&mut w),
        json!({"KeyARN": key, "KeyType": "CUSTOMER_MANAGED_CMK", "Status": "ENABLING"})
    );
    w.advance_by(w.config().transition_delay_ms);
    assert_eq!(enc(&mut w)["Status"], "ENABLED");
    let out = put_batch(&mut w, "s", &[b"x"]).unwrap();
    assert_eq!(out["Encrypted"], true);
    call(&mut w, "StopDeliveryStreamEncryption", json!({"DeliveryStreamName": "s"})).unwrap();
    assert_eq!(enc(&mut w)["Status"], "DISABLING");
    w.advance_by(w.config().transition_delay_ms);
    assert_eq!(enc(&mut w), json!({"Status": "DISABLED"}));
}

#[test]
fn encryption_errors() {
    let mut w = world();
    bucket(&mut w);
    create(&mut w, "s", ("ExtendedS3DestinationConfiguration", s3(json!({}))));
    let start = |input: Value| json!({"DeliveryStreamName": "s", "DeliveryStreamEncryptionConfigurationInput": input});
    let (code, msg) = fails(
        &mut w,
        "StartDeliveryStreamEncryption",
        start(json!({"KeyType": "CUSTOMER_MANAGED_CMK"})),
    );
    assert_eq!(
        (code.as_str(), msg.as_str()),
        ("InvalidArgumentException", "KeyARN is required when KeyType is CUSTOMER_MANAGED_CMK.")
    );
    let (code, msg) = fails(
        &mut w,
        "StartDeliveryStreamEncryption",
        start(
            json!({"KeyType": "AWS_OWNED_KEY", "KeyARN": "arn:aws:kms:us-east-1:000000000000:alias/x"}),
        ),
    );
    assert_eq!(code, "ValidationException");
    assert_eq!(msg, "1 validation error detected: Value 'AWS_OWNED_KEY' at 'deliveryStreamEncryptionConfigurationInput.keyType' failed to satisfy constraint: Member must satisfy enum value set: [AWS_OWNED_CMK, CUSTOMER_MANAGED_CMK]");
    let (code, _) = fails(
        &mut w,
        "StartDeliveryStreamEncryption",
        start(json!({"KeyType": "CUSTOMER_MANAGED_CMK", "KeyARN": "arn:aws:s3:::nope"})),
    );
    assert_eq!(code, "ValidationException");
    let (code, _) =
        fails(&mut w, "StopDeliveryStreamEncryption", json!({"DeliveryStreamName": "none"}));
    assert_eq!(code, "ResourceNotFoundException");
    // A Kinesis-source stream cannot be encrypted.
    w.apply(Command::api(
        "Kinesis_20131202.CreateStream",
        r#"{"StreamName":"src","ShardCount":1}"#,
    ));
    w.advance_by(1_000);
    call(&mut w, "CreateDeliveryStream", json!({"DeliveryStreamName": "k", "DeliveryStreamType": "KinesisStreamAsSource",
        "KinesisStreamSourceConfiguration": {"KinesisStreamARN": "arn:aws:kinesis:us-east-1:000000000000:stream/src", "RoleARN": ROLE},
        "ExtendedS3DestinationConfiguration": s3(json!({}))})).unwrap();
    w.advance_by(1_000);
    let (code, msg) =
        fails(&mut w, "StartDeliveryStreamEncryption", json!({"DeliveryStreamName": "k"}));
    assert_eq!(code, "InvalidArgumentException");
    assert!(msg.contains("Kinesis data stream"), "{msg}");
}

// ----- throughput -----------------------------------------------------------------------------

#[test]
fn direct_put_over_5_mib_a_second_is_told_to_slow_down() {
    let mut w = world();
    bucket(&mut w);
    create(
        &mut w,
        "s",
        (
            "ExtendedS3DestinationConfiguration",
            s3(json!({"BufferingHints": {"SizeInMBs": 128, "IntervalInSeconds": 900}})),
        ),
    );
    let t0 = w.now() / 1000 * 1000 + 1000;
    w.advance_to(t0);
    let mib = vec![b'x'; 1_000_000];
    let four = [&mib[..], &mib[..], &mib[..], &mib[..]];
    put_batch(&mut w, "s", &four).unwrap();
    let e = put_batch(&mut w, "s", &[&mib[..], &mib[..]]).unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.message.as_str()),
        ("ServiceUnavailableException", "Slow down.")
    );
    put_batch(&mut w, "s", &[&mib[..]]).unwrap();
    w.advance_to(t0 + 1000);
    put_batch(&mut w, "s", &four).unwrap();
    let v = w.view().firehose().delivery_stream("s").unwrap();
    assert_eq!((v.counters.records_in, v.counters.puts_throttled), (9, 1));
    // Limits off: no quota.
    let mut w = World::new(WorldConfig { limits: false, ..WorldConfig::with_seed(1) });
    bucket(&mut w);
    create(
        &mut w,
        "s",
        (
            "ExtendedS3DestinationConfiguration",
            s3(json!({"BufferingHints": {"SizeInMBs": 128, "IntervalInSeconds": 900}})),
        ),
    );
    for _ in 0..3 {
        put_batch(&mut w, "s", &four).unwrap();
    }
}

#[test]
fn two_thousand_requests_a_second() {
    let mut w = world();
    bucket(&mut w);
    create(&mut w, "s", ("ExtendedS3DestinationConfiguration", s3(json!({}))));
    let t0 = w.now() / 1000 * 1000 + 1000;
    w.advance_to(t0);
    let body = json!({"DeliveryStreamName": "s", "Record": {"Data": "eA=="}});
    for _ in 0..2000 {
        call(&mut w, "PutRecord", body.clone()).unwrap();
    }
    assert_eq!(fails(&mut w, "PutRecord", body.clone()).0, "ServiceUnavailableException");
    w.advance_to(t0 + 1000);
    call(&mut w, "PutRecord", body).unwrap();
}

// ----- describe -------------------------------------------------------------------------------

#[test]
fn redshift_describe_round_trips_and_updates() {
    let mut w = world();
    bucket(&mut w);
    create(
        &mut w,
        "r",
        ("RedshiftDestinationConfiguration", redshift("json 'auto'", Some("a,b"), json!({}))),
    );
    let d = call(&mut w, "DescribeDeliveryStream", json!({"DeliveryStreamName": "r"})).unwrap();
    let dest = &d["DeliveryStreamDescription"]["Destinations"][0];
    assert!(dest.get("S3DestinationDescription").is_none());
    let r = &dest["RedshiftDestinationDescription"];
    assert_eq!(r["ClusterJDBCURL"], JDBC);
    assert_eq!(
        r["CopyCommand"],
        json!({"DataTableName": "orders", "DataTableColumns": "a,b", "CopyOptions": "json 'auto'"})
    );
    assert_eq!(r["RetryOptions"]["DurationInSeconds"], 3600);
    assert_eq!(r["Username"], "firehose");
    assert!(r.get("Password").is_none());
    assert_eq!(r["S3DestinationDescription"]["Prefix"], "stage/");
    assert_eq!(r["S3BackupMode"], "Disabled");
    call(&mut w, "UpdateDestination", json!({"DeliveryStreamName": "r", "CurrentDeliveryStreamVersionId": "1",
        "DestinationId": "destinationId-000000000001",
        "RedshiftDestinationUpdate": {"RetryOptions": {"DurationInSeconds": 0}, "S3Update": {"Prefix": "s2/"}}}))
    .unwrap();
    let d = call(&mut w, "DescribeDeliveryStream", json!({"DeliveryStreamName": "r"})).unwrap();
    let r = &d["DeliveryStreamDescription"]["Destinations"][0]["RedshiftDestinationDescription"];
    assert_eq!(r["RetryOptions"]["DurationInSeconds"], 0);
    assert_eq!(r["S3DestinationDescription"]["Prefix"], "s2/");
    assert_eq!(r["CopyCommand"]["DataTableName"], "orders");
    // An update of another destination type is refused.
    let e = fails(
        &mut w,
        "UpdateDestination",
        json!({"DeliveryStreamName": "r", "CurrentDeliveryStreamVersionId": "2",
        "DestinationId": "destinationId-000000000001", "ExtendedS3DestinationUpdate": {"Prefix": "x/"}}),
    );
    assert_eq!(e.0, "InvalidArgumentException");
    // Retry duration 0: a COPY that fails is skipped at once.
    outage(&mut w, "r", Target::Redshift, true);
    put_batch(&mut w, "r", &[br#"{"a":1}"#]).unwrap();
    w.advance_by(60_000);
    assert_eq!(w.view().firehose().error_objects("r").len(), 1);
}

#[test]
fn opensearch_validation() {
    let mut w = world();
    let mut c =
        opensearch(json!({"BufferingHints": {"SizeInMBs": 101}, "IndexRotationPeriod": "Daily"}));
    c.as_object_mut().unwrap().remove("IndexName");
    let (code, msg) = fails(
        &mut w,
        "CreateDeliveryStream",
        json!({"DeliveryStreamName": "x", "AmazonopensearchserviceDestinationConfiguration": c}),
    );
    assert_eq!(code, "ValidationException");
    assert_eq!(msg, "3 validation errors detected: Value '101' at 'amazonopensearchserviceDestinationConfiguration.bufferingHints.sizeInMBs' failed to satisfy constraint: Member must have value less than or equal to 100; Value null at 'amazonopensearchserviceDestinationConfiguration.indexName' failed to satisfy constraint: Member must not be null; Value 'Daily' at 'amazonopensearchserviceDestinationConfiguration.indexRotationPeriod' failed to satisfy constraint: Member must satisfy enum value set: [NoRotation, OneHour, OneDay, OneWeek, OneMonth]");
    let c = opensearch(json!({"ClusterEndpoint": "https://x"}));
    let (code, _) = fails(
        &mut w,
        "CreateDeliveryStream",
        json!({"DeliveryStreamName": "x", "AmazonopensearchserviceDestinationConfiguration": c}),
    );
    assert_eq!(code, "InvalidArgumentException");
    let two = json!({"DeliveryStreamName": "x", "AmazonopensearchserviceDestinationConfiguration": opensearch(json!({})),
        "ExtendedS3DestinationConfiguration": s3(json!({}))});
    assert_eq!(fails(&mut w, "CreateDeliveryStream", two).0, "InvalidArgumentException");
}

#[test]
fn garbage_never_panics() {
    let mut w = world();
    bucket(&mut w);
    let bodies = [
        json!({"DeliveryStreamName": "g", "RedshiftDestinationConfiguration": {"CopyCommand": 5}}),
        json!({"DeliveryStreamName": "g", "RedshiftDestinationConfiguration": {}}),
        json!({"DeliveryStreamName": "g", "AmazonopensearchserviceDestinationConfiguration": {"S3Configuration": {}}}),
        json!({"DeliveryStreamName": "g", "ExtendedS3DestinationConfiguration": s3(json!({"ProcessingConfiguration": {"Enabled": true, "Processors": "x"}}))}),
        json!({"DeliveryStreamName": "g", "ExtendedS3DestinationConfiguration": s3(json!({"ProcessingConfiguration": {"Enabled": true, "Processors": [{"Type": "Decompression"}]}}))}),
        json!({"DeliveryStreamName": "g", "DeliveryStreamEncryptionConfigurationInput": {"KeyType": 1}}),
    ];
    for b in bodies {
        let _ = call(&mut w, "CreateDeliveryStream", b);
    }
    for action in ["StartDeliveryStreamEncryption", "StopDeliveryStreamEncryption"] {
        for body in ["", "{", "[]", "{\"DeliveryStreamName\":5}", "{\"DeliveryStreamName\":\"\"}"] {
            let _ = w.apply(Command::api(format!("Firehose_20150804.{action}"), body));
        }
    }
}

#[test]
fn kinesis_source_records_pass_the_transform() {
    let mut w = world();
    bucket(&mut w);
    w.apply(Command::api(
        "Kinesis_20131202.CreateStream",
        r#"{"StreamName":"src","ShardCount":1}"#,
    ));
    w.advance_by(1_000);
    let config = s3(json!({"ProcessingConfiguration": processing("sandbox-json-to-csv:id")}));
    call(&mut w, "CreateDeliveryStream", json!({"DeliveryStreamName": "k", "DeliveryStreamType": "KinesisStreamAsSource",
        "KinesisStreamSourceConfiguration": {"KinesisStreamARN": "arn:aws:kinesis:us-east-1:000000000000:stream/src", "RoleARN": ROLE},
        "ExtendedS3DestinationConfiguration": config}))
    .unwrap();
    w.advance_by(1_000);
    for data in [&br#"{"id":7}"#[..], b"nope"] {
        let body = json!({"StreamName": "src", "PartitionKey": "p", "Data": STANDARD.encode(data)});
        w.apply(Command::api("Kinesis_20131202.PutRecord", body.to_string())).result.unwrap();
    }
    w.advance_by(62_000);
    let fh = &w.view().firehose();
    let v = fh.delivery_stream("k").unwrap();
    assert_eq!(
        (v.counters.records_in, v.counters.transform_ok, v.counters.transform_failed),
        (2, 1, 1)
    );
    assert_eq!(content(&w, &fh.delivered_objects("k")[0].key), "7\n");
    assert_eq!(fh.error_objects("k").len(), 1);
}
