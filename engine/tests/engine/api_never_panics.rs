//! The API dispatch never panics, whatever arrives (issue 4: "It never panics, whatever the
//! bytes"): arbitrary bytes as the body of every Kinesis operation and as the target, and bodies
//! that are structurally valid JSON for each operation's input shape in botocore's model (every
//! operation the model has, names read from engine/models) but with wrong types, out-of-range
//! numbers, bad base64, oversized strings, and real names, ARNs, shard ids, sequence numbers and
//! iterators of a live stream mixed in so the calls get past validation. Every answer must also be
//! well-formed: a JSON body (or an empty one) or an error with a code and a 400/500 status.
//!
//! fuzz/fuzz_targets/api_dispatch.rs is the libFuzzer counterpart (`make fuzz
//! FUZZ_TARGET=api_dispatch`).
// proptest is a native-only dev-dependency.
#![cfg(not(target_arch = "wasm32"))]

use std::io::Read;
use std::sync::OnceLock;

use engine::{Command, World, WorldConfig};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

const PREFIX: &str = "Kinesis_20131202.";

/// botocore's Kinesis model (the one the console's CLI uses).
fn model() -> &'static Value {
    static MODEL: OnceLock<Value> = OnceLock::new();
    MODEL.get_or_init(|| {
        let gz = include_bytes!("../../models/kinesis/2013-12-02/service-2.json.gz");
        let mut text = String::new();
        flate2::read::GzDecoder::new(&gz[..]).read_to_string(&mut text).expect("model gunzips");
        serde_json::from_str(&text).expect("model is JSON")
    })
}

/// Every operation in the model, with its input shape's name.
fn operations() -> &'static Vec<(String, Option<String>)> {
    static OPS: OnceLock<Vec<(String, Option<String>)>> = OnceLock::new();
    OPS.get_or_init(|| {
        let ops = model()["operations"].as_object().expect("operations");
        ops.iter()
            .map(|(name, op)| (name.clone(), op["input"]["shape"].as_str().map(str::to_owned)))
            .collect()
    })
}

/// A world with something in it: an ACTIVE stream "s" with records, a split, a consumer.
/// Returns it with the live values worth mixing into bodies.
fn populated_world() -> (World, Vec<String>) {
    let mut w = World::new(WorldConfig::with_seed(7));
    let call = |w: &mut World, op: &str, body: Value| -> Value {
        let out = w.apply(Command::api(format!("{PREFIX}{op}"), body.to_string()));
        out.result.ok().and_then(|b| serde_json::from_str(&b).ok()).unwrap_or(Value::Null)
    };
    call(&mut w, "CreateStream", json!({"StreamName": "s", "ShardCount": 2}));
    w.advance_by(5_000);
    let mut live = vec![
        "s".to_string(),
        "shardId-000000000000".into(),
        "shardId-000000000001".into(),
        "shardId-000000000002".into(),
        "arn:aws:kinesis:us-east-1:000000000000:stream/s".into(),
    ];
    for i in 0..5 {
        let r = call(
            &mut w,
            "PutRecord",
            json!({"StreamName": "s", "Data": "aGk=", "PartitionKey": format!("k{i}")}),
        );
        if let Some(seq) = r["SequenceNumber"].as_str() {
            live.push(seq.to_owned());
        }
    }
    let it = call(
        &mut w,
        "GetShardIterator",
        json!({"StreamName": "s", "ShardId": "shardId-000000000000", "ShardIteratorType": "TRIM_HORIZON"}),
    );
    if let Some(it) = it["ShardIterator"].as_str() {
        live.push(it.to_owned());
    }
    let summary = call(&mut w, "DescribeStreamSummary", json!({"StreamName": "s"}));
    if let Some(arn) = summary["StreamDescriptionSummary"]["StreamARN"].as_str() {
        let c =
            call(&mut w, "RegisterStreamConsumer", json!({"StreamARN": arn, "ConsumerName": "c"}));
        if let Some(c) = c["Consumer"]["ConsumerARN"].as_str() {
            live.push(c.to_owned());
        }
    }
    w.advance_by(5_000);
    (w, live)
}

/// Turns proptest's bytes into choices, so shrinking works on the bytes.
struct Choices<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Choices<'_> {
    fn pick(&mut self, n: usize) -> usize {
        let b = self.bytes.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        if n == 0 {
            0
        } else {
            b as usize % n
        }
    }
}

/// A value for `shape`: often right, often wrong in one way.
fn value_for(shape_name: &str, live: &[String], c: &mut Choices<'_>, depth: usize) -> Value {
    let shape = &model()["shapes"][shape_name];
    let wrong = [
        Value::Null,
        json!(true),
        json!(-1),
        json!(0),
        json!(1.5),
        json!(i64::MAX),
        json!(u64::MAX),
        json!(-1e308),
        json!(""),
        json!("x".repeat(3000)),
        json!("\u{0}\u{ffff}é😀"),
        json!("!!!not base64"),
        json!([]),
        json!({}),
        json!("340282366920938463463374607431768211456"),
        json!("-1"),
    ];
    if depth > 4 || c.pick(4) == 0 {
        return wrong[c.pick(wrong.len())].clone();
    }
    let min = shape["min"].as_i64().unwrap_or(0);
    let max = shape["max"].as_i64().unwrap_or(100);
    match shape["type"].as_str().unwrap_or_default() {
        "structure" => {
            let mut out = Map::new();
            if let Some(members) = shape["members"].as_object() {
                for (name, member) in members {
                    if c.pick(3) != 0 {
                        let target = member["shape"].as_str().unwrap_or_default();
                        out.insert(name.clone(), value_for(target, live, c, depth + 1));
                    }
                }
            }
            if c.pick(8) == 0 {
                out.insert("Unexpected".into(), json!(1));
            }
            Value::Object(out)
        }
        "list" => {
            let member = shape["member"]["shape"].as_str().unwrap_or_default();
            let n = [0, 1, 2, 3, 501, 10_001][c.pick(6)];
            let mut first = value_for(member, live, c, depth + 1);
            // Long lists of small items only: memory stays bounded.
            if n > 3 && first.to_string().len() > 64 {
                first = json!({});
            }
            Value::Array(vec![first; n])
        }
        "map" => {
            let value = shape["value"]["shape"].as_str().unwrap_or_default();
            let mut out = Map::new();
            for i in 0..[0, 1, 3, 11, 60][c.pick(5)] {
                out.insert(format!("k{i}"), value_for(value, live, c, depth + 1));
            }
            Value::Object(out)
        }
        "string" => {
            if let Some(values) = shape["enum"].as_array() {
                if c.pick(3) != 0 && !values.is_empty() {
                    return values[c.pick(values.len())].clone();
                }
            }
            match c.pick(5) {
                0 | 1 => json!(live[c.pick(live.len())]),
                2 => json!("a".repeat((min.max(0) as usize).saturating_sub(1))),
                3 => json!("a".repeat((max as usize).saturating_add(1).min(1 << 20))),
                _ => json!(format!("v{}", c.pick(256))),
            }
        }
        "integer" | "long" => {
            let picks = [min, max, min - 1, max + 1, i64::from(i32::MAX) + 1, i64::MIN, 2, 48];
            json!(picks[c.pick(picks.len())])
        }
        "boolean" => json!(c.pick(2) == 0),
        "timestamp" => {
            let picks =
                [json!(0), json!(-1), json!(1.0e12), json!(1_767_225_600.5), json!("2026-01-01")];
            picks[c.pick(picks.len())].clone()
        }
        "blob" => {
            let picks = [
                json!(""),
                json!("aGk="),
                json!("===="),
                json!("a"),
                json!("QUFB".repeat(300_000)),
            ];
            picks[c.pick(picks.len())].clone()
        }
        "double" | "float" => json!(f64::MAX),
        _ => Value::Null,
    }
}

/// One call; the answer must be well-formed.
fn apply_and_check(w: &mut World, target: &str, body: &str) -> Result<(), String> {
    let out = w.apply(Command::api(target, body));
    match out.result {
        Ok(text) if text.trim().is_empty() => Ok(()),
        Ok(text) => match serde_json::from_str::<Value>(&text) {
            Ok(Value::Object(_)) => Ok(()),
            _ => Err(format!("{target} {body:.300}: body is not a JSON object: {text:.300}")),
        },
        Err(e) if e.code.as_str().is_empty() || !matches!(e.status, 400 | 500) => {
            Err(format!("{target} {body:.300}: malformed error {e:?}"))
        }
        Err(_) => Ok(()),
    }
}

#[test]
fn the_model_has_the_operations() {
    let names: Vec<&str> = operations().iter().map(|(n, _)| n.as_str()).collect();
    assert!(names.len() >= 30, "{names:?}");
    for op in ["PutRecords", "GetRecords", "SplitShard", "RegisterStreamConsumer"] {
        assert!(names.contains(&op), "{op} missing from {names:?}");
    }
    // The live values reached the world: records, an iterator, a consumer.
    let (_, live) = populated_world();
    assert_eq!(live.len(), 5 + 5 + 1 + 1, "{live:?}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Arbitrary bytes as the body of any operation, and as the target itself.
    #[test]
    fn arbitrary_bytes(op in 0usize..64, body in prop::collection::vec(any::<u8>(), 0..200),
                       target in prop::collection::vec(any::<u8>(), 0..40)) {
        let (mut w, _) = populated_world();
        let ops = operations();
        let name = &ops[op % ops.len()].0;
        let body = String::from_utf8_lossy(&body).into_owned();
        apply_and_check(&mut w, &format!("{PREFIX}{name}"), &body).map_err(TestCaseError::fail)?;
        let target = String::from_utf8_lossy(&target).into_owned();
        apply_and_check(&mut w, &target, &body).map_err(TestCaseError::fail)?;
        apply_and_check(&mut w, &format!("{PREFIX}{target}"), "{}").map_err(TestCaseError::fail)?;
        w.advance_by(60_000);
    }

    /// For every operation, bodies shaped like its input with wrong or edge values; a few calls
    /// in a row on the same world, then time passes (scheduled transitions run).
    #[test]
    fn shaped_but_wrong(choices in prop::collection::vec(any::<u8>(), 0..400)) {
        let (mut w, live) = populated_world();
        let mut c = Choices { bytes: &choices, at: 0 };
        for _ in 0..3 {
            let (name, input) = &operations()[c.pick(operations().len())];
            let body = match input {
                Some(shape) => value_for(shape, &live, &mut c, 0),
                None => json!({}),
            };
            apply_and_check(&mut w, &format!("{PREFIX}{name}"), &body.to_string())
                .map_err(TestCaseError::fail)?;
            w.advance_by(1_000 * c.pick(120) as u64);
        }
    }
}

/// Each operation once with each member set to each kind of wrong value, deterministically.
#[test]
fn every_operation_every_member_wrong() {
    let wrong = [
        Value::Null,
        json!(true),
        json!(-1),
        json!(1.5),
        json!(u64::MAX),
        json!(""),
        json!("x".repeat(300)),
        json!([]),
        json!({}),
        json!("\u{0}"),
    ];
    let mut failures = Vec::new();
    for (name, input) in operations() {
        let Some(shape) = input else { continue };
        let Some(members) = model()["shapes"][shape]["members"].as_object() else { continue };
        for member in members.keys() {
            for bad in &wrong {
                let (mut w, _) = populated_world();
                let body = json!({ member: bad, "StreamName": "s" }).to_string();
                let target = format!("{PREFIX}{name}");
                let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    apply_and_check(&mut w, &target, &body)
                }));
                match out {
                    Ok(Ok(())) => {}
                    Ok(Err(e)) => failures.push(e),
                    Err(_) => failures.push(format!("PANIC {target} {body}")),
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

/// The kinesalite suite's malformed bodies (every wrongly typed value it sends, at every member
/// path it types) for every operation of the model, the seven added since 2020 included, made
/// by the root user and by principals a resource policy names: AWS's answer, never a panic.
/// (`endpoint/tests/peer/seed_corpus.py` writes the same bodies into the fuzz corpora.)
#[test]
fn the_peer_suites_malformed_bodies_by_every_kind_of_caller() {
    let paths = [
        "AdjacentShardToMerge",
        "ConsumerARN",
        "ConsumerName",
        "Data",
        "ExclusiveStartShardId",
        "ExclusiveStartStreamName",
        "ExclusiveStartTagKey",
        "ExplicitHashKey",
        "Limit",
        "MaxRecordSizeInKiB",
        "MaxResults",
        "MinimumThroughputBillingCommitment",
        "MinimumThroughputBillingCommitment.Status",
        "NewStartingHashKey",
        "NextToken",
        "PartitionKey",
        "Policy",
        "Records",
        "Records.0",
        "Records.0.Data",
        "Records.0.ExplicitHashKey",
        "Records.0.PartitionKey",
        "ResourceARN",
        "RetentionPeriodHours",
        "SequenceNumberForOrdering",
        "ShardCount",
        "ShardId",
        "ShardIterator",
        "ShardIteratorType",
        "ShardToMerge",
        "ShardToSplit",
        "StartingSequenceNumber",
        "StreamARN",
        "StreamCreationTimestamp",
        "StreamName",
        "TagKeys",
        "TagKeys.0",
        "Tags",
        "Tags.a",
        "Timestamp",
        "WarmThroughputMiBps",
    ];
    let values = [
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
        Value::Null,
        json!("a".repeat(300)),
        json!(-1),
        json!(1e30),
        json!(100000),
        json!("shardId-"),
        json!("2.14E4"),
        json!("0"),
        json!("arn:aws:kinesis:us-east-1:000000000000:stream/s"),
        json!(
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Deny","Principal":"*","Action":"kinesis:*","Resource":"*"}}"#
        ),
    ];
    let nested = |path: &str, value: &Value| {
        let pieces: Vec<&str> = path.split('.').collect();
        let mut v = value.clone();
        for piece in pieces[1..].iter().rev() {
            v = if *piece == "0" { json!([v]) } else { json!({ *piece: v }) };
        }
        json!({ pieces[0]: v })
    };
    let callers = [None, Some("bob"), Some("111122223333"), Some("carol@111122223333")];
    let mut failures = Vec::new();
    for (name, _) in operations() {
        let (mut w, _) = populated_world();
        let policy = json!({
            "ResourceARN": "arn:aws:kinesis:us-east-1:000000000000:stream/s",
            "Policy": r#"{"Statement":[{"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::000000000000:user/bob"},"Action":"kinesis:Put*","Resource":"*"},{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"kinesis:*","Resource":"*"}]}"#,
        });
        w.apply(Command::api(format!("{PREFIX}PutResourcePolicy"), policy.to_string()));
        let target = format!("{PREFIX}{name}");
        for path in paths {
            for value in &values {
                let body = nested(path, value).to_string();
                for caller in callers {
                    let command = match caller {
                        Some(key) => Command::api_as(key, target.clone(), body.clone()),
                        None => Command::api(target.clone(), body.clone()),
                    };
                    let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        w.apply(command).result
                    }));
                    match out {
                        Err(_) => failures.push(format!("PANIC {caller:?} {target} {body:.200}")),
                        Ok(Err(e))
                            if e.code.as_str().is_empty() || !matches!(e.status, 400 | 500) =>
                        {
                            failures.push(format!("{caller:?} {target} {body:.200}: {e:?}"))
                        }
                        Ok(_) => {}
                    }
                }
            }
        }
        w.advance_by(60_000);
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}
