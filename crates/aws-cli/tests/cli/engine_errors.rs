//! The console shows what the real CLI shows for the engine's answers: each golden case the
//! generator recorded with the engine's exact body (`ENGINE_ERRORS` in golden/gen.py: AWS's
//! texts from kinesalite's AWS-recorded suite, and the operations added since 2020) is run here
//! against a real World instead of the canned body, and must print the same bytes.

use engine::{Command, World, WorldConfig};

use crate::support::CLI;

/// The world those cases assume: stream "orders" with two shards, ACTIVE.
fn world() -> World {
    let mut w = World::new(WorldConfig::with_seed(1));
    let create = r#"{"StreamName":"orders","ShardCount":2}"#;
    w.apply(Command::api("Kinesis_20131202.CreateStream", create));
    w.advance_by(1_000);
    w
}

const LINES: [&str; 7] = [
    r#"aws kinesis add-tags-to-stream --stream-name orders --tags '{"a;b": "1"}'"#,
    "aws kinesis get-shard-iterator --stream-name nope --shard-id shard-7 --shard-iterator-type LATEST",
    "aws kinesis merge-shards --stream-name orders --shard-to-merge shardId-000000000001 \
     --adjacent-shard-to-merge shardId-000000000000",
    "aws kinesis get-resource-policy --resource-arn \
     arn:aws:kinesis:us-east-1:000000000000:stream/nope",
    "aws kinesis update-max-record-size --stream-arn \
     arn:aws:kinesis:us-east-1:000000000000:stream/orders --max-record-size-in-ki-b 20000",
    "aws kinesis describe-account-settings",
    "aws kinesis get-resource-policy --resource-arn \
     arn:aws:kinesis:us-east-1:000000000000:stream/orders",
];

#[test]
fn the_engines_answers_print_as_the_real_cli_prints_them() {
    let cases: serde_json::Value =
        serde_json::from_str(include_str!("golden/cases.json")).expect("cases.json");
    for line in LINES {
        let golden = cases
            .as_array()
            .and_then(|c| c.iter().find(|c| c["line"] == line))
            .unwrap_or_else(|| panic!("no golden case for {line}"));
        let mut w = world();
        let mut send = |target: &str, body: &str| w.apply(Command::api(target, body)).result;
        let out = CLI.run(line, &mut send);
        assert_eq!(out.stderr, golden["stderr"].as_str().unwrap_or_default(), "{line}");
        assert_eq!(out.stdout, golden["stdout"].as_str().unwrap_or_default(), "{line}");
    }
}
