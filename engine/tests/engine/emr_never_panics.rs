//! EMR's API and the primary node's shell never panic, whatever arrives: arbitrary bytes as the
//! body of every operation of botocore's `emr` model; bodies shaped like each operation's input
//! with wrong or edge values and live ids mixed in (a running cluster with HDFS files and a
//! MapReduce step under way); arbitrary step JARs and arguments run to their end; arbitrary
//! shell lines and learner faults. Every answer is a JSON object or an error with a code and a
//! 400/500 status.
#![cfg(not(target_arch = "wasm32"))]

use std::io::Read;
use std::sync::OnceLock;

use engine::emr::EmrCommand;
use engine::{Command, World};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

use crate::support::{emr_cluster, emr_step, shell, world};

const PREFIX: &str = "ElasticMapReduce.";

fn model() -> &'static Value {
    static MODEL: OnceLock<Value> = OnceLock::new();
    MODEL.get_or_init(|| {
        let gz = include_bytes!("../../models/emr/2009-03-31/service-2.json.gz");
        let mut text = String::new();
        flate2::read::GzDecoder::new(&gz[..]).read_to_string(&mut text).expect("model gunzips");
        serde_json::from_str(&text).expect("model is JSON")
    })
}

fn operations() -> &'static Vec<(String, Option<String>)> {
    static OPS: OnceLock<Vec<(String, Option<String>)>> = OnceLock::new();
    OPS.get_or_init(|| {
        let ops = model()["operations"].as_object().expect("operations");
        ops.iter()
            .map(|(name, op)| (name.clone(), op["input"]["shape"].as_str().map(str::to_owned)))
            .collect()
    })
}

/// A world with a cluster that has HDFS files, a finished step and a MapReduce job running.
fn populated_world() -> (World, Vec<String>) {
    let mut w = world(9);
    let c = emr_cluster(
        &mut w,
        2,
        json!([{"Classification": "hdfs-site", "Properties": {"dfs.blocksize": "1m"}}]),
    );
    shell(&mut w, &c, "echo a b c d | hdfs dfs -put - /in/x");
    emr_step(&mut w, &c, "ok", "command-runner.jar", &["echo", "hi"]);
    let job = emr_step(
        &mut w,
        &c,
        "wc",
        "command-runner.jar",
        &["hadoop", "jar", "hadoop-mapreduce-examples.jar", "wordcount", "/in", "/out"],
    );
    w.advance_by(22_000);
    let view = w.view().emr().cluster(&c).expect("cluster");
    let mut live = vec![
        c.clone(),
        job,
        "j-NOPE".into(),
        "s-NOPE".into(),
        "/in/x".into(),
        "s3://elasticmapreduce/samples/wordcount/input".into(),
    ];
    live.extend(view.groups.iter().map(|g| g.id.clone()));
    live.extend(view.nodes.iter().flat_map(|n| [n.id.clone(), n.ec2_id.clone()]));
    live.extend(view.steps.iter().map(|s| s.id.clone()));
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
        json!(0),
        json!(1.5),
        json!(i64::MAX),
        json!(""),
        json!("x".repeat(3000)),
        json!("\u{0}é😀"),
        json!([]),
        json!({}),
    ];
    if depth > 5 || c.pick(5) == 0 {
        return wrong[c.pick(wrong.len())].clone();
    }
    match shape["type"].as_str().unwrap_or_default() {
        "structure" => {
            let mut out = Map::new();
            for (name, member) in shape["members"].as_object().into_iter().flatten() {
                if c.pick(3) != 0 {
                    out.insert(
                        name.clone(),
                        value_for(member["shape"].as_str().unwrap_or_default(), live, c, depth + 1),
                    );
                }
            }
            Value::Object(out)
        }
        "list" => {
            let member = shape["member"]["shape"].as_str().unwrap_or_default();
            let n = [0, 1, 2, 3, 11, 300][c.pick(6)];
            let first = value_for(member, live, c, depth + 1);
            let first = if n > 3 && first.to_string().len() > 64 { json!("s-X") } else { first };
            Value::Array(vec![first; n])
        }
        "map" => {
            let value = shape["value"]["shape"].as_str().unwrap_or_default();
            let mut out = Map::new();
            for i in 0..[0, 1, 3][c.pick(3)] {
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
            let vocab = [
                "emr-7.1.0",
                "emr-5.36.2",
                "EMR_DefaultRole",
                "m5.xlarge",
                "i3.xlarge",
                "MASTER",
                "CORE",
                "TASK",
                "command-runner.jar",
                "hdfs-site",
                "dfs.replication",
                "dfs.blocksize",
                "0",
                "9999",
            ];
            match c.pick(4) {
                0 | 1 => json!(live[c.pick(live.len())]),
                2 => json!(vocab[c.pick(vocab.len())]),
                _ => json!(format!("v{}", c.pick(256))),
            }
        }
        "integer" | "long" => {
            json!([0, 1, 3, -1, 257, i64::from(i32::MAX) + 1, i64::MIN][c.pick(7)])
        }
        "boolean" => json!(c.pick(2) == 0),
        "timestamp" => [json!(0), json!(-1), json!(1.0e12), json!("2026-01-01")][c.pick(4)].clone(),
        _ => Value::Null,
    }
}

fn apply_and_check(w: &mut World, command: Command) -> Result<(), String> {
    let shown = format!("{command:?}");
    let out = w.apply(command);
    match out.result {
        Ok(text) if text.trim().is_empty() => Ok(()),
        Ok(text) => match serde_json::from_str::<Value>(&text) {
            Ok(Value::Object(_)) => Ok(()),
            _ => Err(format!("{shown:.300}: body is not a JSON object: {text:.300}")),
        },
        Err(e) if e.code.as_str().is_empty() || !matches!(e.status, 400 | 500) => {
            Err(format!("{shown:.300}: malformed error {e:?}"))
        }
        Err(_) => Ok(()),
    }
}

const STEP_WORDS: &[&str] = &[
    "hadoop-streaming",
    "hadoop",
    "jar",
    "hdfs",
    "dfs",
    "-ls",
    "-cat",
    "-put",
    "-rm",
    "-r",
    "-cp",
    "-mv",
    "-setrep",
    "-du",
    "-s",
    "-mkdir",
    "-p",
    "-tail",
    "fsck",
    "-files",
    "-blocks",
    "-locations",
    "dfsadmin",
    "-report",
    "-D",
    "mapreduce.job.reduces=0",
    "mapreduce.job.reduces=3",
    "-input",
    "-output",
    "-mapper",
    "-reducer",
    "-combiner",
    "-numReduceTasks",
    "-files",
    "wordSplitter.py",
    "aggregate",
    "cat",
    "wc -l",
    "kmer_mapper.py 3",
    "logParser.py",
    "sessionize_reducer.py",
    "NONE",
    "s3://elasticmapreduce/samples/wordcount/wordSplitter.py",
    "s3://elasticmapreduce/samples/wordcount/input",
    "s3://elasticmapreduce/samples/genomics/input",
    "/in",
    "/in/x",
    "/out",
    "/out2",
    "s3://nobucket/x",
    "wordcount",
    "grep",
    "sort",
    "dfs[a-z.]+",
    "(a)|b",
    "x*",
    "(?<=a)b",
    "[",
    "1",
    "-r",
    "-inFormat",
    "-outFormat",
    "-outKey",
    "-outValue",
    "-totalOrder",
    "org.apache.hadoop.mapreduce.lib.input.KeyValueTextInputFormat",
    "org.apache.hadoop.mapreduce.lib.input.TextInputFormat",
    "org.apache.hadoop.mapreduce.lib.output.TextOutputFormat",
    "org.apache.hadoop.io.Text",
    "org.apache.hadoop.io.LongWritable",
    "teragen",
    "terasort",
    "teravalidate",
    "1k",
    "100",
    "9999999999",
    "mapreduce.job.reduces=3",
    "mapreduce.terasort.simplepartitioner=true",
    "-D",
    "hadoop-mapreduce-examples.jar",
    "-",
    "",
    "0",
    "-1",
    "sleep",
    "5",
    "echo",
    "false",
    "'",
    "\"",
    "|",
    "\u{0}",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn arbitrary_bytes(op in 0usize..80, body in prop::collection::vec(any::<u8>(), 0..200)) {
        let (mut w, _) = populated_world();
        let ops = operations();
        let name = &ops[op % ops.len()].0;
        let body = String::from_utf8_lossy(&body).into_owned();
        apply_and_check(&mut w, Command::api(format!("{PREFIX}{name}"), body)).map_err(TestCaseError::fail)?;
        w.advance_by(60_000);
    }

    #[test]
    fn shaped_but_wrong(choices in prop::collection::vec(any::<u8>(), 0..400)) {
        let (mut w, live) = populated_world();
        let mut c = Choices { bytes: &choices, at: 0 };
        for _ in 0..3 {
            let (name, input) = &operations()[c.pick(operations().len())];
            let body = input.as_deref().map_or(json!({}), |s| value_for(s, &live, &mut c, 0));
            apply_and_check(&mut w, Command::api(format!("{PREFIX}{name}"), body.to_string())).map_err(TestCaseError::fail)?;
            w.advance_by(1_000 * c.pick(600) as u64);
        }
    }

    /// Steps of any JAR and arguments, run to their end, then the shell and faults.
    #[test]
    fn arbitrary_steps_shell_lines_and_faults(choices in prop::collection::vec(any::<u8>(), 0..300)) {
        let (mut w, live) = populated_world();
        let mut c = Choices { bytes: &choices, at: 0 };
        let cluster = live[0].clone();
        let words = |c: &mut Choices<'_>| -> Vec<String> {
            (0..c.pick(12)).map(|_| STEP_WORDS[c.pick(STEP_WORDS.len())].to_string()).collect()
        };
        let jars = ["command-runner.jar", "/home/hadoop/contrib/streaming/hadoop-streaming.jar", "s3://b/hadoop-mapreduce-examples-2.7.2-amzn-1.jar", "x.jar"];
        let actions = ["CONTINUE", "CANCEL_AND_WAIT", "TERMINATE_CLUSTER"];
        let steps: Vec<Value> = (0..1 + c.pick(3))
            .map(|i| {
                let action = actions[c.pick(3)];
                let jar = jars[c.pick(jars.len())];
                let args = words(&mut c);
                json!({"Name": format!("s{i}"), "ActionOnFailure": action, "HadoopJarStep": {"Jar": jar, "Args": args}})
            })
            .collect();
        let add = Command::api(format!("{PREFIX}AddJobFlowSteps"), json!({"JobFlowId": cluster, "Steps": steps}).to_string());
        apply_and_check(&mut w, add).map_err(TestCaseError::fail)?;
        for _ in 0..3 {
            let line = words(&mut c).join(" ");
            apply_and_check(&mut w, Command::Emr(EmrCommand::Shell { cluster: cluster.clone(), line, home: Default::default() })).map_err(TestCaseError::fail)?;
            let node = live[c.pick(live.len())].clone();
            let fault = match c.pick(4) {
                0 => EmrCommand::LoseNode { cluster: cluster.clone(), node },
                1 => EmrCommand::StopHeartbeat { cluster: cluster.clone(), node },
                2 => EmrCommand::LoseDisk { cluster: cluster.clone(), node, disk: c.pick(4) as u32 },
                _ => EmrCommand::FailTask { cluster: cluster.clone(), task: format!("task_{}", node) },
            };
            apply_and_check(&mut w, Command::Emr(fault)).map_err(TestCaseError::fail)?;
            w.advance_by(1_000 * c.pick(900) as u64);
        }
        w.advance_by(3_600_000);
    }
}

#[test]
fn the_model_has_the_operations_the_sandbox_serves() {
    let names: Vec<&str> = operations().iter().map(|(n, _)| n.as_str()).collect();
    for op in [
        "RunJobFlow",
        "AddJobFlowSteps",
        "ListSteps",
        "DescribeStep",
        "CancelSteps",
        "ListClusters",
        "ModifyInstanceGroups",
        "TerminateJobFlows",
    ] {
        assert!(names.contains(&op), "{op}");
    }
    let (w, live) = populated_world();
    let job = w.view().emr().job(&live[0], &live[1]).expect("the MapReduce step is under way");
    assert_eq!(job.state, "RUNNING");
}
