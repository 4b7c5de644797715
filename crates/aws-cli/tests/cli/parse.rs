#![cfg(not(target_arch = "wasm32"))]
//! Console command lines the golden files cannot hold (v2-only behaviour), the public API's
//! shape, and the promise that no input makes the CLI panic.

use aws_cli::ApiError;

use crate::support::CLI;
use aws_cli::{CliErrorKind, OutputFormat};
use proptest::prelude::*;

#[test]
fn parses_a_call() {
    let call = CLI.parse("aws kinesis create-stream --stream-name orders --shard-count 2 --output table --query StreamNames")
        .unwrap();
    assert_eq!(call.target, "Kinesis_20131202.CreateStream");
    assert_eq!(call.body, r#"{"StreamName":"orders","ShardCount":2}"#);
    assert_eq!(call.output, OutputFormat::Table);
    assert_eq!(call.query.as_deref(), Some("StreamNames"));
    assert!(call.paginate.is_none());
    let call = CLI.parse("aws kinesis list-shards --stream-name s --page-size 5").unwrap();
    assert_eq!(call.body, r#"{"StreamName":"s","MaxResults":5}"#);
    assert!(call.paginate.is_some());
}

#[test]
fn v2_requires_base64_blobs() {
    let e = CLI
        .parse("aws kinesis put-record --stream-name s --partition-key k --data hello")
        .unwrap_err();
    assert_eq!(e.kind, CliErrorKind::ParamValidation);
    assert_eq!(e.stderr(), "\nInvalid base64: \"hello\"\n");
    let call = CLI.parse(
        "aws kinesis put-record --stream-name s --partition-key k --data hello --cli-binary-format raw-in-base64-out",
    )
    .unwrap();
    assert!(call.body.contains(r#""Data":"aGVsbG8=""#));
}

#[test]
fn usage_errors_read_like_the_cli() {
    let e = CLI.parse("aws kinesis create-stream").unwrap_err();
    assert_eq!(
        e.message,
        "usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\nTo see help text, you can run:\n\n  aws help\n  aws <command> help\n  aws <command> <subcommand> help\n\naws: error: the following arguments are required: --stream-name"
    );
    assert_eq!(e.exit_code(), 252);
    let e = CLI.parse("aws kinesis list-streams --output xml").unwrap_err();
    assert!(e.message.ends_with("aws: error: argument --output: invalid choice: 'xml' (choose from 'json', 'text', 'table', 'yaml', 'yaml-stream')"));
    assert_eq!(CLI.parse("ls -l").unwrap_err().stderr(), "ls: command not found\n");
    assert_eq!(CLI.parse("aws kinesis help").unwrap_err().kind, CliErrorKind::Help);
}

#[test]
fn service_errors_and_retries() {
    let mut calls = 0;
    let mut send = |_: &str, _: &str| -> Result<String, ApiError> {
        calls += 1;
        Err(ApiError::from_aws(
            "ProvisionedThroughputExceededException",
            "Rate exceeded for shard shardId-000000000000.",
        ))
    };
    let out =
        CLI.run("aws kinesis put-record --stream-name s --partition-key k --data aGk=", &mut send);
    assert_eq!(calls, 3, "v2's standard retry mode makes three attempts");
    assert_eq!(
        out.stderr,
        "\nAn error occurred (ProvisionedThroughputExceededException) when calling the PutRecord operation (reached max retries: 2): Rate exceeded for shard shardId-000000000000.\n"
    );
    assert_eq!(out.exit_code, 254);
    let e = ApiError::from_aws(
        "ResourceNotFoundException",
        "Stream x under account 000000000000 not found.",
    )
    .with_action("DescribeStream");
    assert_eq!(
        aws_cli::format_error(&e),
        "\nAn error occurred (ResourceNotFoundException) when calling the DescribeStream operation: Stream x under account 000000000000 not found.\n"
    );
}

#[test]
fn formats_a_single_response() {
    let call =
        CLI.parse("aws kinesis describe-stream-summary --stream-name s --output text").unwrap();
    let out = CLI.format_response(
        &call,
        r#"{"StreamDescriptionSummary":{"StreamName":"s","OpenShardCount":1}}"#,
    );
    assert_eq!(out, "STREAMDESCRIPTIONSUMMARY\t1\ts\n");
}

#[test]
fn echoes_ui_calls() {
    assert_eq!(
        CLI.command_line_for(
            "Kinesis_20131202.ListShards",
            r#"{"StreamName":"orders","ShardFilter":{"Type":"AT_LATEST"}}"#
        ),
        "aws kinesis list-shards --stream-name orders --shard-filter Type=AT_LATEST"
    );
    assert_eq!(
        CLI.command_line_for(
            "Kinesis_20131202.PutRecord",
            r#"{"StreamName":"o","Data":"aGk=","PartitionKey":"user 1"}"#
        ),
        "aws kinesis put-record --stream-name o --data aGk= --partition-key 'user 1'"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn no_line_panics(tail in ".{0,80}") {
        let _ = CLI.parse(&format!("aws {tail}"));
        let _ = CLI.complete(&format!("aws {tail}"), tail.len() / 2 + 4);
    }

    #[test]
    fn no_option_soup_panics(
        cmd in prop::sample::select(vec!["kinesis put-records", "kinesis list-shards", "firehose put-record-batch", "kinesis create-stream", "kinesisanalytics create-application"]),
        words in prop::collection::vec("(--[a-z-]{1,20}|[A-Za-z]+=[^ ]{0,8}|\\{[^ ]{0,10}|\\[[^ ]{0,10}|[^ ]{0,10})", 0..8),
    ) {
        let line = format!("aws {cmd} {}", words.join(" "));
        let mut send = |_: &str, _: &str| -> Result<String, ApiError> { Ok("{}".into()) };
        let _ = CLI.run(&line, &mut send);
    }

    #[test]
    fn no_emr_command_panics(
        cmd in prop::sample::select(vec!["emr create-cluster --release-label emr-7.1.0", "emr create-cluster", "emr add-steps --cluster-id j-1", "emr describe-cluster", "emr terminate-clusters", "emr modify-cluster-attributes --cluster-id j-1", "emr add-instance-groups", "emr list-clusters", "emr add-tags --resource-id j-1"]),
        words in prop::collection::vec("(--(instance-groups|instance-type|instance-count|steps|tags|ec2-attributes|applications|bootstrap-actions|configurations|use-default-roles|service-role|auto-terminate|cluster-id|cluster-ids|active|failed|cluster-states|output|query|name|ami-version)|(Type|Args|Jar|Name|InstanceGroupType|InstanceCount|InstanceType|Path|KeyName)=[^ ]{0,8}|\\{[^ ]{0,10}|\\[[^ ]{0,10}|[^ ]{0,10})", 0..10),
        response in arb_json(),
    ) {
        let line = format!("aws {cmd} {}", words.join(" "));
        let body = response.to_string();
        let mut send = |_: &str, _: &str| -> Result<String, ApiError> { Ok(body.clone()) };
        let _ = CLI.run(&line, &mut send);
        let _ = CLI.complete(&line, line.len());
    }

    #[test]
    fn no_response_panics(body in "\\PC{0,200}", fmt in prop::sample::select(vec!["json", "text", "table"])) {
        let call = CLI.parse(&format!("aws kinesis describe-stream --stream-name s --output {fmt} --no-paginate")).unwrap();
        let _ = CLI.format_response(&call, &body);
    }

    #[test]
    fn no_json_response_panics(value in arb_json(), fmt in prop::sample::select(vec!["json", "text", "table"])) {
        let call = CLI.parse(&format!("aws kinesis list-shards --stream-name s --output {fmt} --query '@'")).unwrap();
        let body = value.to_string();
        let _ = CLI.format_response(&call, &body);
        let mut send = |_: &str, _: &str| -> Result<String, ApiError> { Ok(body.clone()) };
        let _ = CLI.execute(&call, &mut send);
        let _ = CLI.command_line_for("Kinesis_20131202.PutRecords", &body);
    }
}

fn arb_json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        (-1e6f64..1e6).prop_map(serde_json::Value::from),
        "\\PC{0,12}".prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(4, 40, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(serde_json::Value::from),
            prop::collection::vec(
                (
                    prop::sample::select(vec![
                        "Shards",
                        "ShardId",
                        "NextToken",
                        "Records",
                        "Data",
                        "x"
                    ]),
                    inner
                ),
                0..5
            )
            .prop_map(|kv| serde_json::Value::Object(
                kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
            )),
        ]
    })
}
