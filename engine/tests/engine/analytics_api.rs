//! Kinesis Data Analytics through the JSON API: the application lifecycle, the demo ticker
//! feed, output records landing in a Kinesis stream, AWS's error codes and texts.
// Property tests (proptest) run natively only.
#![cfg(not(target_arch = "wasm32"))]

use crate::support;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use engine::analytics::{AnalyticsCommand, ApplicationStatus, Event as A};
use engine::api::ApiError;
use engine::{Command, Event, World};
use serde_json::{json, Value};

const ACCOUNT: &str = "000000000000";

fn world() -> World {
    support::world(7)
}

fn call(w: &mut World, action: &str, body: Value) -> Result<Value, ApiError> {
    support::call(w, "KinesisAnalytics_20150814", action, body)
}

fn kinesis(w: &mut World, action: &str, body: Value) -> Result<Value, ApiError> {
    support::call(w, "Kinesis_20131202", action, body)
}

fn stream(w: &mut World, name: &str, shards: u32) {
    kinesis(w, "CreateStream", json!({"StreamName": name, "ShardCount": shards}))
        .expect("create stream");
    w.advance_by(w.config().transition_delay_ms);
}

fn arn(name: &str) -> String {
    format!("arn:aws:kinesis:us-east-1:{ACCOUNT}:stream/{name}")
}

const ROLE: &str = "arn:aws:iam::000000000000:role/kda";

fn ticker_schema() -> Value {
    json!({
        "RecordFormat": {"RecordFormatType": "JSON", "MappingParameters": {"JSONMappingParameters": {"RecordRowPath": "$"}}},
        "RecordEncoding": "UTF-8",
        "RecordColumns": [
            {"Name": "TICKER_SYMBOL", "Mapping": "$.TICKER_SYMBOL", "SqlType": "VARCHAR(4)"},
            {"Name": "SECTOR", "Mapping": "$.SECTOR", "SqlType": "VARCHAR(16)"},
            {"Name": "CHANGE", "Mapping": "$.CHANGE", "SqlType": "REAL"},
            {"Name": "PRICE", "Mapping": "$.PRICE", "SqlType": "REAL"}
        ]
    })
}

const CODE: &str = r#"CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (ticker_symbol VARCHAR(4), ticker_count INTEGER);
CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM ticker_symbol, COUNT(*) FROM "SOURCE_SQL_STREAM_001"
    GROUP BY ticker_symbol, STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '10' SECOND);"#;

fn create_app(w: &mut World, code: &str) -> Result<Value, ApiError> {
    call(
        w,
        "CreateApplication",
        json!({
            "ApplicationName": "ticker-app",
            "ApplicationCode": code,
            "Inputs": [{
                "NamePrefix": "SOURCE_SQL_STREAM",
                "KinesisStreamsInput": {"ResourceARN": arn("ticker"), "RoleARN": ROLE},
                "InputSchema": ticker_schema()
            }],
            "Outputs": [{
                "Name": "DESTINATION_SQL_STREAM",
                "KinesisStreamsOutput": {"ResourceARN": arn("results"), "RoleARN": ROLE},
                "DestinationSchema": {"RecordFormatType": "JSON"}
            }]
        }),
    )
}

fn describe(w: &mut World) -> Value {
    call(w, "DescribeApplication", json!({"ApplicationName": "ticker-app"})).expect("describe")
        ["ApplicationDetail"]
        .clone()
}

fn read_all(w: &mut World, name: &str) -> Vec<Value> {
    let shards = kinesis(w, "ListShards", json!({"StreamName": name})).unwrap();
    let mut out = Vec::new();
    for s in shards["Shards"].as_array().unwrap() {
        let it = kinesis(w, "GetShardIterator", json!({"StreamName": name, "ShardId": s["ShardId"], "ShardIteratorType": "TRIM_HORIZON"})).unwrap();
        let recs = kinesis(w, "GetRecords", json!({"ShardIterator": it["ShardIterator"]})).unwrap();
        for r in recs["Records"].as_array().unwrap() {
            let data = STANDARD.decode(r["Data"].as_str().unwrap()).unwrap();
            for line in String::from_utf8(data).unwrap().lines() {
                out.push(serde_json::from_str(line).unwrap());
            }
        }
    }
    out
}

#[test]
fn lifecycle_feed_to_output_stream() {
    let mut w = world();
    stream(&mut w, "ticker", 2);
    stream(&mut w, "results", 1);
    let created = create_app(&mut w, CODE).expect("create");
    assert_eq!(created["ApplicationSummary"]["ApplicationStatus"], "READY");
    let d = describe(&mut w);
    assert_eq!(d["ApplicationVersionId"], 1);
    assert_eq!(d["InputDescriptions"][0]["InAppStreamNames"][0], "SOURCE_SQL_STREAM_001");
    let input_id = d["InputDescriptions"][0]["InputId"].as_str().unwrap().to_string();
    call(
        &mut w,
        "StartApplication",
        json!({"ApplicationName": "ticker-app", "InputConfigurations": [{"Id": input_id, "InputStartingPositionConfiguration": {"InputStartingPosition": "NOW"}}]}),
    )
    .expect("start");
    assert_eq!(describe(&mut w)["ApplicationStatus"], "STARTING");
    w.advance_by(w.config().transition_delay_ms);
    assert_eq!(describe(&mut w)["ApplicationStatus"], "RUNNING");
    w.apply(Command::Analytics(AnalyticsCommand::StartTickerFeed {
        feed: "demo".into(),
        stream: "ticker".into(),
        rate: 50,
        symbols: 5,
    }))
    .result
    .expect("feed");
    w.advance_by(35_000);
    let view = w.view().analytics().application("ticker-app").unwrap();
    assert_eq!(view.status, ApplicationStatus::Running);
    assert!(view.rows_in > 1000, "rows in: {}", view.rows_in);
    assert!(!w.view().analytics().source_rows("ticker-app", 10).is_empty());
    let tl = w.view().analytics().window_timeline("ticker-app");
    assert!(!tl.emitted.is_empty());
    // Records landed in the output stream as JSON with the output stream's columns.
    let out = read_all(&mut w, "results");
    assert!(!out.is_empty());
    assert!(out
        .iter()
        .all(|r| r.get("TICKER_SYMBOL").is_some() && r.get("TICKER_COUNT").is_some()));
    // Counts over whole windows add up to what the feed wrote while the windows were open.
    let events: Vec<A> = w
        .log()
        .recent(w.log().len())
        .filter_map(|r| match &r.event {
            Event::Analytics(e) => Some(e.clone()),
            _ => None,
        })
        .collect();
    assert!(events.iter().any(|e| matches!(e, A::WindowEmitted { .. })));
    assert!(events
        .iter()
        .any(|e| matches!(e, A::RecordsDelivered { records, failed: 0, .. } if *records > 0)));
    // Stop, then delete with the CreateTimestamp.
    call(&mut w, "StopApplication", json!({"ApplicationName": "ticker-app"})).expect("stop");
    w.advance_by(w.config().transition_delay_ms);
    assert_eq!(describe(&mut w)["ApplicationStatus"], "READY");
    let ts = describe(&mut w)["CreateTimestamp"].clone();
    call(
        &mut w,
        "DeleteApplication",
        json!({"ApplicationName": "ticker-app", "CreateTimestamp": ts}),
    )
    .expect("delete");
    w.advance_by(w.config().transition_delay_ms);
    let e =
        call(&mut w, "DescribeApplication", json!({"ApplicationName": "ticker-app"})).unwrap_err();
    assert_eq!(e.code, "ResourceNotFoundException");
}

#[test]
fn bad_sql_is_a_code_validation_exception_with_a_position() {
    let mut w = world();
    stream(&mut w, "ticker", 1);
    stream(&mut w, "results", 1);
    let e = create_app(&mut w, "CREATE OR REPLACE STREAM \"D\" (a INTEGER);\nSELECT STREAM nope FROM \"SOURCE_SQL_STREAM_001\";").unwrap_err();
    assert_eq!(e.code, "CodeValidationException");
    assert_eq!(e.message, "SQL error at line 2, column 15: Column 'NOPE' not found in any table");
}

#[test]
fn update_with_a_stale_version_is_a_concurrent_modification() {
    let mut w = world();
    stream(&mut w, "ticker", 1);
    stream(&mut w, "results", 1);
    create_app(&mut w, CODE).unwrap();
    call(&mut w, "UpdateApplication", json!({"ApplicationName": "ticker-app", "CurrentApplicationVersionId": 1, "ApplicationUpdate": {"ApplicationCodeUpdate": CODE}}))
        .expect("update");
    assert_eq!(describe(&mut w)["ApplicationVersionId"], 2);
    let e = call(&mut w, "UpdateApplication", json!({"ApplicationName": "ticker-app", "CurrentApplicationVersionId": 1, "ApplicationUpdate": {"ApplicationCodeUpdate": CODE}}))
        .unwrap_err();
    assert_eq!(e.code, "ConcurrentModificationException");
    let e = call(&mut w, "UpdateApplication", json!({"ApplicationName": "ticker-app", "CurrentApplicationVersionId": 2, "ApplicationUpdate": {"ApplicationCodeUpdate": "SELECT"}}))
        .unwrap_err();
    assert_eq!(e.code, "CodeValidationException");
}

#[test]
fn errors_in_aws_codes() {
    let mut w = world();
    stream(&mut w, "ticker", 1);
    stream(&mut w, "results", 1);
    let e = call(&mut w, "DescribeApplication", json!({"ApplicationName": "nope"})).unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.message.as_str()),
        ("ResourceNotFoundException", "Application nope not found")
    );
    create_app(&mut w, CODE).unwrap();
    let e = create_app(&mut w, CODE).unwrap_err();
    assert_eq!(e.code, "ResourceInUseException");
    let e = call(&mut w, "StartApplication", json!({"ApplicationName": "ticker-app", "InputConfigurations": [{"Id": "9.9", "InputStartingPositionConfiguration": {"InputStartingPosition": "NOW"}}]}))
        .unwrap_err();
    assert_eq!(e.code, "InvalidArgumentException");
    let e = call(&mut w, "CreateApplication", json!({"ApplicationName": "bad name!"})).unwrap_err();
    assert_eq!(e.code, "ValidationException");
    let e = call(&mut w, "CreateApplication", json!({"ApplicationName": 5})).unwrap_err();
    assert_eq!(e.code, "SerializationException");
    let e = call(
        &mut w,
        "DeleteApplication",
        json!({"ApplicationName": "ticker-app", "CreateTimestamp": 1.0}),
    )
    .unwrap_err();
    assert_eq!(e.code, "InvalidArgumentException");
    let streams = w.view().analytics().in_app_streams("ticker-app");
    let names: Vec<&str> = streams.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, vec!["SOURCE_SQL_STREAM_001", "DESTINATION_SQL_STREAM"]);
    assert!(streams[0].is_source && !streams[1].is_source);
    let listed = call(&mut w, "ListApplications", json!({})).unwrap();
    assert_eq!(listed["ApplicationSummaries"][0]["ApplicationName"], "ticker-app");
    assert_eq!(listed["HasMoreApplications"], false);
}

#[test]
fn discover_input_schema_from_the_stream() {
    let mut w = world();
    stream(&mut w, "ticker", 1);
    w.apply(Command::Analytics(AnalyticsCommand::StartTickerFeed {
        feed: "demo".into(),
        stream: "ticker".into(),
        rate: 20,
        symbols: 0,
    }))
    .result
    .unwrap();
    w.advance_by(2_000);
    let out = call(&mut w, "DiscoverInputSchema", json!({"ResourceARN": arn("ticker"), "RoleARN": ROLE, "InputStartingPositionConfiguration": {"InputStartingPosition": "TRIM_HORIZON"}}))
        .expect("discover");
    let cols: Vec<(String, String)> = out["InputSchema"]["RecordColumns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (c["Name"].as_str().unwrap().to_string(), c["SqlType"].as_str().unwrap().to_string())
        })
        .collect();
    assert!(cols.contains(&("TICKER_SYMBOL".into(), "VARCHAR(4)".into())), "{cols:?}");
    assert!(cols.contains(&("SECTOR".into(), "VARCHAR(16)".into())), "{cols:?}");
    assert!(cols.contains(&("PRICE".into(), "REAL".into())), "{cols:?}");
    assert!(!out["ParsedInputRecords"].as_array().unwrap().is_empty());
}

#[test]
fn reference_table_from_s3_joins_the_stream() {
    let mut w = world();
    stream(&mut w, "ticker", 1);
    stream(&mut w, "results", 1);
    w.apply(Command::S3(engine::s3::S3Command::CreateBucket { bucket: "refdata".into() }))
        .result
        .unwrap();
    w.apply(Command::S3(engine::s3::S3Command::PutObject {
        bucket: "refdata".into(),
        key: "CompanyName.csv".into(),
        body: engine::analytics::COMPANY_NAMES_CSV.into(),
    }))
    .result
    .unwrap();
    let code =
        engine::analytics::examples().into_iter().find(|e| e.id == "reference-join").unwrap().code;
    create_app(&mut w, "").unwrap();
    call(&mut w, "AddApplicationReferenceDataSource", json!({
        "ApplicationName": "ticker-app", "CurrentApplicationVersionId": 1,
        "ReferenceDataSource": {
            "TableName": "CompanyName",
            "S3ReferenceDataSource": {"BucketARN": "arn:aws:s3:::refdata", "FileKey": "CompanyName.csv", "ReferenceRoleARN": ROLE},
            "ReferenceSchema": {
                "RecordFormat": {"RecordFormatType": "CSV", "MappingParameters": {"CSVMappingParameters": {"RecordRowDelimiter": "\n", "RecordColumnDelimiter": ","}}},
                "RecordColumns": [{"Name": "Ticker", "SqlType": "VARCHAR(4)"}, {"Name": "Company", "SqlType": "VARCHAR(20)"}]
            }
        }
    }))
    .expect("reference");
    call(&mut w, "UpdateApplication", json!({"ApplicationName": "ticker-app", "CurrentApplicationVersionId": 2, "ApplicationUpdate": {"ApplicationCodeUpdate": code}}))
        .expect("code");
    call(&mut w, "StartApplication", json!({"ApplicationName": "ticker-app", "InputConfigurations": [{"Id": "1.1", "InputStartingPositionConfiguration": {"InputStartingPosition": "TRIM_HORIZON"}}]}))
        .expect("start");
    w.advance_by(w.config().transition_delay_ms);
    for (sym, price) in [("AMZN", "84.51"), ("XYZ", "1.00")] {
        let data = format!(
            "{{\"TICKER_SYMBOL\":\"{sym}\",\"SECTOR\":\"TECHNOLOGY\",\"CHANGE\":0.1,\"PRICE\":{price}}}"
        );
        kinesis(
            &mut w,
            "PutRecord",
            json!({"StreamName": "ticker", "PartitionKey": sym, "Data": STANDARD.encode(data)}),
        )
        .unwrap();
    }
    w.advance_by(2_000);
    let out = read_all(&mut w, "results");
    let amzn = out.iter().find(|r| r["TICKER_SYMBOL"] == "AMZN").expect("AMZN row");
    assert_eq!(amzn["Company"], "Amazon");
    let xyz = out.iter().find(|r| r["TICKER_SYMBOL"] == "XYZ").expect("XYZ row");
    assert_eq!(xyz["Company"], Value::Null);
}

#[test]
fn unmappable_records_go_to_the_error_stream() {
    let mut w = world();
    stream(&mut w, "ticker", 1);
    stream(&mut w, "results", 1);
    create_app(&mut w, CODE).unwrap();
    call(&mut w, "StartApplication", json!({"ApplicationName": "ticker-app", "InputConfigurations": [{"Id": "1.1", "InputStartingPositionConfiguration": {"InputStartingPosition": "NOW"}}]}))
        .unwrap();
    w.advance_by(w.config().transition_delay_ms);
    kinesis(
        &mut w,
        "PutRecord",
        json!({"StreamName": "ticker", "PartitionKey": "k", "Data": STANDARD.encode("not json")}),
    )
    .unwrap();
    kinesis(&mut w, "PutRecord", json!({"StreamName": "ticker", "PartitionKey": "k", "Data": STANDARD.encode("{\"TICKER_SYMBOL\":\"A\",\"PRICE\":\"abc\"}")})).unwrap();
    w.advance_by(2_000);
    let errors = w.view().analytics().error_rows("ticker-app", 10);
    assert_eq!(errors.len(), 2);
    assert!(errors[1].message.contains("PRICE"), "{}", errors[1].message);
}

#[test]
fn same_seed_same_log() {
    let run = || {
        let mut w = world();
        stream(&mut w, "ticker", 2);
        stream(&mut w, "results", 1);
        create_app(&mut w, CODE).unwrap();
        call(&mut w, "StartApplication", json!({"ApplicationName": "ticker-app", "InputConfigurations": [{"Id": "1.1", "InputStartingPositionConfiguration": {"InputStartingPosition": "NOW"}}]}))
            .unwrap();
        w.apply(Command::Analytics(AnalyticsCommand::StartTickerFeed {
            feed: "demo".into(),
            stream: "ticker".into(),
            rate: 100,
            symbols: 10,
        }))
        .result
        .unwrap();
        w.advance_by(20_000);
        w.log_hash()
    };
    assert_eq!(run(), run());
}

const ACTIONS: &[&str] = &[
    "AddApplicationInput",
    "AddApplicationOutput",
    "AddApplicationReferenceDataSource",
    "CreateApplication",
    "DeleteApplication",
    "DeleteApplicationOutput",
    "DeleteApplicationReferenceDataSource",
    "DescribeApplication",
    "DiscoverInputSchema",
    "ListApplications",
    "ListTagsForResource",
    "StartApplication",
    "StopApplication",
    "TagResource",
    "UntagResource",
    "UpdateApplication",
    "AddApplicationCloudWatchLoggingOption",
    "Nope",
];

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            (-1e12f64..1e12).prop_map(Value::from),
            "[ -~]{0,20}".prop_map(Value::from),
            Just(Value::from("ticker-app")),
            Just(Value::from(arn("ticker"))),
            Just(Value::from("1.1")),
        ];
        leaf.prop_recursive(3, 24, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
                prop::collection::vec(
                    (
                        prop_oneof![
                            Just("ApplicationName".to_string()),
                            Just("ApplicationCode".to_string()),
                            Just("Inputs".to_string()),
                            Just("Outputs".to_string()),
                            Just("InputSchema".to_string()),
                            Just("RecordColumns".to_string()),
                            Just("CurrentApplicationVersionId".to_string()),
                            Just("ApplicationUpdate".to_string()),
                            Just("InputConfigurations".to_string()),
                            Just("ResourceARN".to_string()),
                            "[A-Za-z]{1,12}",
                        ],
                        inner,
                    ),
                    0..5
                )
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn any_body_to_any_action(calls in prop::collection::vec((0usize..ACTIONS.len(), json_value(), "[ -~]{0,30}", any::<bool>()), 1..8)) {
            let mut w = world();
            stream(&mut w, "ticker", 1);
            stream(&mut w, "results", 1);
            create_app(&mut w, CODE).unwrap();
            for (a, body, raw, use_raw) in calls {
                let body = if use_raw { raw } else { body.to_string() };
                let _ = w.apply(Command::api(format!("KinesisAnalytics_20150814.{}", ACTIONS[a]), body));
                w.advance_by(700);
            }
        }
    }
}

#[test]
fn a_direct_put_delivery_stream_feeds_its_application() {
    use engine::s3::S3Command;
    let mut w = world();
    stream(&mut w, "results", 1);
    w.apply(Command::S3(S3Command::CreateBucket { bucket: "archive".into() }))
        .result
        .expect("bucket");
    let fh = |w: &mut World, action: &str, body: Value| {
        w.apply(Command::api(format!("Firehose_20150804.{action}"), body.to_string())).result
    };
    fh(
        &mut w,
        "CreateDeliveryStream",
        json!({"DeliveryStreamName": "ticks", "ExtendedS3DestinationConfiguration": {
            "RoleARN": ROLE, "BucketARN": "arn:aws:s3:::archive"}}),
    )
    .expect("delivery stream");
    w.advance_by(w.config().transition_delay_ms);
    call(
        &mut w,
        "CreateApplication",
        json!({
            "ApplicationName": "ticker-app",
            "ApplicationCode": CODE,
            "Inputs": [{
                "NamePrefix": "SOURCE_SQL_STREAM",
                "KinesisFirehoseInput": {
                    "ResourceARN": format!("arn:aws:firehose:us-east-1:{ACCOUNT}:deliverystream/ticks"),
                    "RoleARN": ROLE},
                "InputSchema": ticker_schema()
            }],
            "Outputs": [{
                "Name": "DESTINATION_SQL_STREAM",
                "KinesisStreamsOutput": {"ResourceARN": arn("results"), "RoleARN": ROLE},
                "DestinationSchema": {"RecordFormatType": "JSON"}
            }]
        }),
    )
    .expect("create");
    let input_id =
        describe(&mut w)["InputDescriptions"][0]["InputId"].as_str().unwrap().to_string();
    call(
        &mut w,
        "StartApplication",
        json!({"ApplicationName": "ticker-app", "InputConfigurations": [{"Id": input_id, "InputStartingPositionConfiguration": {"InputStartingPosition": "NOW"}}]}),
    )
    .expect("start");
    w.advance_by(w.config().transition_delay_ms);
    // 30 records of three symbols in one batch, then time for the 10-second window to close.
    let records: Vec<Value> = (0..30)
        .map(|i| {
            let sym = ["AMZN", "MSFT", "AAPL"][i % 3];
            let rec = json!({"TICKER_SYMBOL": sym, "SECTOR": "TECHNOLOGY", "CHANGE": 0.5, "PRICE": 100.0});
            json!({"Data": STANDARD.encode(rec.to_string())})
        })
        .collect();
    let put =
        fh(&mut w, "PutRecordBatch", json!({"DeliveryStreamName": "ticks", "Records": records}))
            .expect("put");
    assert!(put.contains("\"FailedPutCount\":0"), "{put}");
    w.advance_by(25_000);
    let out = read_all(&mut w, "results");
    let mut counts: Vec<(String, i64)> = out
        .iter()
        .map(|r| {
            (r["TICKER_SYMBOL"].as_str().unwrap().to_string(), r["TICKER_COUNT"].as_i64().unwrap())
        })
        .collect();
    counts.sort();
    assert_eq!(
        counts,
        vec![("AAPL".into(), 10), ("AMZN".into(), 10), ("MSFT".into(), 10)],
        "each record reached the application once"
    );
}
