//! Snowball's dispatch and the appliance's verbs never panic, whatever arrives: bodies shaped
//! like every operation's input in botocore's `snowball` model with wrong or edge values and
//! the world's live ids mixed in, arbitrary bytes, and learner commands with any text and any
//! number, on a world whose jobs are at every stage. Every answer is a JSON object or an AWS
//! error with a code and a 400/500 status. (fuzz/fuzz_targets/snowball_dispatch.rs is the
//! libFuzzer counterpart.)
#![cfg(not(target_arch = "wasm32"))]

use std::io::Read;
use std::sync::OnceLock;

use engine::snowball::{DeviceFile, SnowballCommand};
use engine::{Command, World, WorldConfig};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

const PREFIX: &str = "AWSIESnowballJobManagementService.";
const DAY: u64 = 86_400_000;

fn model() -> &'static Value {
    static MODEL: OnceLock<Value> = OnceLock::new();
    MODEL.get_or_init(|| {
        let gz = include_bytes!("../../models/snowball/2016-06-30/service-2.json.gz");
        let mut text = String::new();
        flate2::read::GzDecoder::new(&gz[..]).read_to_string(&mut text).expect("model gunzips");
        serde_json::from_str(&text).expect("model is JSON")
    })
}

fn operations() -> Vec<(String, Option<String>)> {
    let ops = model()["operations"].as_object().expect("operations");
    ops.iter()
        .map(|(n, op)| (n.clone(), op["input"]["shape"].as_str().map(str::to_owned)))
        .collect()
}

fn call(w: &mut World, op: &str, body: Value) -> Value {
    let out = w.apply(Command::api(format!("{PREFIX}{op}"), body.to_string()));
    out.result.ok().and_then(|b| serde_json::from_str(&b).ok()).unwrap_or(Value::Null)
}

/// A world with an address, a bucket with objects, an import job with the customer (unlocked,
/// holding data), an export job on its way, a cluster; and the live values worth mixing in.
fn populated_world() -> (World, Vec<String>) {
    let mut w = World::new(WorldConfig::with_seed(11));
    w.apply(Command::api("s3.CreateBucket", r#"{"Bucket":"land"}"#));
    w.apply(Command::api("s3.PutObject", r#"{"Bucket":"land","Key":"k","Body":"aGk="}"#));
    let addr = call(
        &mut w,
        "CreateAddress",
        json!({"Address": {"Name": "n", "Street1": "s", "City": "c", "Country": "US", "PostalCode": "1"}}),
    );
    let addr = addr["AddressId"].as_str().unwrap_or_default().to_string();
    let res = json!({"S3Resources": [{"BucketArn": "arn:aws:s3:::land"}]});
    let import = call(
        &mut w,
        "CreateJob",
        json!({"JobType": "IMPORT", "AddressId": addr, "Resources": res, "SnowballType": "EDGE"}),
    );
    let import = import["JobId"].as_str().unwrap_or_default().to_string();
    let cluster = call(
        &mut w,
        "CreateCluster",
        json!({"JobType": "LOCAL_USE", "AddressId": addr, "SnowballType": "EDGE", "ShippingOption": "NEXT_DAY", "InitialClusterSize": 2}),
    );
    let cluster = cluster["ClusterId"].as_str().unwrap_or_default().to_string();
    w.advance_by(5 * DAY);
    let code = call(&mut w, "GetJobUnlockCode", json!({"JobId": import}));
    let code = code["UnlockCode"].as_str().unwrap_or_default().to_string();
    w.apply(Command::Snowball(SnowballCommand::UnlockDevice {
        job_id: import.clone(),
        manifest: format!("{import}_manifest.bin"),
        unlock_code: code.clone(),
    }));
    w.apply(Command::Snowball(SnowballCommand::CopyGenerated {
        job_id: import.clone(),
        destination: "s3://land/x".into(),
        files: 3,
        bytes_each: 300,
        rate_mb_s: None,
    }));
    let export = call(
        &mut w,
        "CreateJob",
        json!({"JobType": "EXPORT", "AddressId": addr, "Resources": res}),
    );
    let export = export["JobId"].as_str().unwrap_or_default().to_string();
    let live = vec![addr, import, export, cluster, code, "arn:aws:s3:::land".into(), "land".into()];
    (w, live)
}

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

fn value_for(shape_name: &str, live: &[String], c: &mut Choices<'_>, depth: usize) -> Value {
    let shape = &model()["shapes"][shape_name];
    let wrong = [
        Value::Null,
        json!(true),
        json!(-1),
        json!(1.5),
        json!(u64::MAX),
        json!(""),
        json!("x".repeat(2000)),
        json!("\u{0}é😀"),
        json!([]),
        json!({}),
    ];
    if depth > 5 || c.pick(4) == 0 {
        return wrong[c.pick(wrong.len())].clone();
    }
    match shape["type"].as_str().unwrap_or_default() {
        "structure" => {
            let mut out = Map::new();
            for (name, member) in shape["members"].as_object().into_iter().flatten() {
                if c.pick(3) != 0 {
                    let target = member["shape"].as_str().unwrap_or_default();
                    out.insert(name.clone(), value_for(target, live, c, depth + 1));
                }
            }
            Value::Object(out)
        }
        "list" => {
            let member = shape["member"]["shape"].as_str().unwrap_or_default();
            let n = [0, 1, 2, 7][c.pick(4)];
            Value::Array((0..n).map(|_| value_for(member, live, c, depth + 1)).collect())
        }
        "string" => {
            if let Some(values) = shape["enum"].as_array().filter(|v| !v.is_empty()) {
                if c.pick(3) != 0 {
                    return values[c.pick(values.len())].clone();
                }
            }
            match c.pick(4) {
                0 | 1 => json!(live[c.pick(live.len())]),
                2 => json!(format!(
                    "arn:aws:kms:us-east-1:{}:key/k",
                    ["000000000000", "111122223333"][c.pick(2)]
                )),
                _ => json!(format!("v{}", c.pick(256))),
            }
        }
        "integer" | "long" => json!([0, 1, 5, 16, 17, 100, 101, -1, i64::MAX][c.pick(9)]),
        "boolean" => json!(c.pick(2) == 0),
        "timestamp" => json!(1_767_225_600),
        _ => Value::Null,
    }
}

fn check(w: &mut World, command: Command) -> Result<(), String> {
    let shown = format!("{command:?}");
    match w.apply(command).result {
        Ok(text) if text.trim().is_empty() => Ok(()),
        Ok(text) => match serde_json::from_str::<Value>(&text) {
            Ok(Value::Object(_)) => Ok(()),
            _ => Err(format!("{shown:.300}: not a JSON object: {text:.200}")),
        },
        Err(e) if e.code.as_str().is_empty() || !matches!(e.status, 400 | 500) => {
            Err(format!("{shown:.300}: malformed error {e:?}"))
        }
        Err(_) => Ok(()),
    }
}

fn learner_command(live: &[String], c: &mut Choices<'_>) -> SnowballCommand {
    let long = "x/".repeat(600);
    let texts = [
        "",
        "s3://",
        "s3://land",
        "s3://land/",
        "s3://other/x",
        "/local",
        long.as_str(),
        "filter:ERROR",
        "gzip",
        "uppercase",
        "nope",
        "\u{0}",
    ];
    let text = |c: &mut Choices<'_>| -> String {
        if c.pick(2) == 0 {
            live[c.pick(live.len())].clone()
        } else {
            texts[c.pick(texts.len())].to_string()
        }
    };
    let num = |c: &mut Choices<'_>| {
        [0u64, 1, 999, 5_000_000_000_000, 80_000_000_000_000, u64::MAX][c.pick(6)]
    };
    match c.pick(7) {
        0 => SnowballCommand::UnlockDevice {
            job_id: text(c),
            manifest: text(c),
            unlock_code: text(c),
        },
        1 => SnowballCommand::CopyFiles {
            job_id: text(c),
            destination: text(c),
            files: vec![DeviceFile { name: text(c), body: vec![1u8; c.pick(300)].into() }],
            rate_mb_s: Some(num(c)),
        },
        2 => SnowballCommand::CopyGenerated {
            job_id: text(c),
            destination: text(c),
            files: num(c) as u32,
            bytes_each: num(c) as u32,
            rate_mb_s: None,
        },
        3 => SnowballCommand::CopyDescribed {
            job_id: text(c),
            destination: text(c),
            bytes: num(c),
            objects: num(c),
            rate_mb_s: Some(num(c)),
        },
        4 => SnowballCommand::ReadFromDevice { job_id: text(c), path: text(c) },
        5 => SnowballCommand::PutDescribedData {
            bucket: text(c),
            key: text(c),
            bytes: num(c),
            objects: num(c),
        },
        _ => SnowballCommand::RunEdgeCompute { job_id: text(c), program: text(c) },
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn shaped_but_wrong_calls_and_device_verbs(choices in prop::collection::vec(any::<u8>(), 0..400)) {
        let (mut w, live) = populated_world();
        let ops = operations();
        let mut c = Choices { bytes: &choices, at: 0 };
        for _ in 0..4 {
            let command = if c.pick(3) == 0 {
                Command::Snowball(learner_command(&live, &mut c))
            } else {
                let (name, input) = &ops[c.pick(ops.len())];
                let body = input.as_deref().map_or(json!({}), |s| value_for(s, &live, &mut c, 0));
                Command::api(format!("{PREFIX}{name}"), body.to_string())
            };
            check(&mut w, command).map_err(TestCaseError::fail)?;
            w.advance_by(DAY * c.pick(4) as u64 + 1_000 * c.pick(100) as u64);
        }
    }

    #[test]
    fn arbitrary_bytes(op in 0usize..64, body in prop::collection::vec(any::<u8>(), 0..200)) {
        let (mut w, _) = populated_world();
        let ops = operations();
        let name = &ops[op % ops.len()].0;
        let body = String::from_utf8_lossy(&body).into_owned();
        check(&mut w, Command::api(format!("{PREFIX}{name}"), body)).map_err(TestCaseError::fail)?;
        w.advance_by(20 * DAY);
    }
}

#[test]
fn every_operation_answers_an_empty_body() {
    let (mut w, _) = populated_world();
    let names: Vec<String> = operations().into_iter().map(|(n, _)| n).collect();
    assert_eq!(names.len(), 27);
    for name in names {
        check(&mut w, Command::api(format!("{PREFIX}{name}"), "{}")).unwrap();
    }
}
