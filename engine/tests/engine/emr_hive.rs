//! Hive on EMR: HIVE steps whose queries run as MapReduce jobs on the cluster, the shipped
//! use-case scripts with their exact result rows, the metastore's life, and Hive's failures
//! as the step's FailureDetails.

use serde_json::{json, Value};

use crate::support::{call, emr, emr_describe_step, world};
use engine::World;

/// A running cluster with Hive installed; `configurations` as RunJobFlow takes them.
pub fn hive_cluster(w: &mut World, core: u32, configurations: Value) -> String {
    let out = emr(
        w,
        "RunJobFlow",
        json!({
            "Name": "hive-lab", "ReleaseLabel": "emr-7.1.0", "ServiceRole": "EMR_DefaultRole",
            "JobFlowRole": "EMR_EC2_DefaultRole",
            "Applications": [{"Name": "Hadoop"}, {"Name": "Hive"}],
            "Instances": {"InstanceGroups": [
                {"InstanceRole": "MASTER", "InstanceType": "m5.xlarge", "InstanceCount": 1},
                {"InstanceRole": "CORE", "InstanceType": "m5.xlarge", "InstanceCount": core}],
                "KeepJobFlowAliveWhenNoSteps": true},
            "Configurations": configurations,
        }),
    )
    .expect("RunJobFlow");
    w.advance_by(270_000);
    out["JobFlowId"].as_str().expect("JobFlowId").to_string()
}

/// A HIVE step as the console and `aws emr add-steps --steps Type=HIVE,...` make it.
pub fn hive_step(w: &mut World, cluster: &str, args: &[&str]) -> String {
    let mut all = vec!["hive-script", "--run-hive-script", "--args"];
    all.extend_from_slice(args);
    let out = emr(
        w,
        "AddJobFlowSteps",
        json!({"JobFlowId": cluster, "Steps": [{"Name": "Hive program", "ActionOnFailure": "CONTINUE",
            "HadoopJarStep": {"Jar": "command-runner.jar", "Args": all}}]}),
    )
    .expect("AddJobFlowSteps");
    out["StepIds"][0].as_str().expect("step id").to_string()
}

/// Runs a script given as text (`hive -e`) and returns the step's description and log.
pub fn run_hive(w: &mut World, cluster: &str, script: &str, minutes: u64) -> (Value, Vec<String>) {
    let step = hive_step(w, cluster, &["-e", script]);
    w.advance_by(minutes * 60_000);
    let d = emr_describe_step(w, cluster, &step);
    let log = w
        .view()
        .emr()
        .cluster(cluster)
        .and_then(|c| c.steps.into_iter().find(|s| s.id == step))
        .map(|s| s.log)
        .unwrap_or_default();
    (d, log)
}

/// The rows a query printed: the lines between its "OK" and its "Time taken".
pub fn result_rows(log: &[String], query: usize) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut cur: Option<Vec<String>> = None;
    for l in log {
        if l == "OK" {
            cur = Some(Vec::new());
        } else if l.starts_with("Time taken:") {
            if let Some(b) = cur.take() {
                if l.contains("Fetched:") {
                    blocks.push(b);
                }
            }
        } else if let Some(b) = cur.as_mut() {
            b.push(l.clone());
        }
    }
    blocks.get(query).cloned().unwrap_or_default()
}

fn script(key: &str) -> &'static str {
    engine::emr::hive::scripts::SCRIPTS
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, s)| *s)
        .expect("script")
}

#[test]
fn group_by_runs_as_a_mapreduce_job_with_a_combiner_and_000000_0_files() {
    let mut w = world(7);
    call(&mut w, "s3", "CreateBucket", json!({"Bucket": "out"})).expect("bucket");
    let c = hive_cluster(&mut w, 2, json!([]));
    let (d, log) = run_hive(
        &mut w,
        &c,
        &format!("{}\nINSERT OVERWRITE DIRECTORY 's3://out/status' SELECT status, count(*) FROM access_logs GROUP BY status;", script("samples/hive/access_logs.q").split("-- Requests per status").next().unwrap_or_default()),
        30,
    );
    assert_eq!(d["Status"]["State"], json!("COMPLETED"), "{d}\n{}", log.join("\n"));
    let jobs = w.view().emr().jobs(&c, d["Id"].as_str().unwrap_or_default());
    assert_eq!(jobs.len(), 1);
    let got = call(&mut w, "s3", "GetObject", json!({"Bucket": "out", "Key": "status/000000_0"}))
        .expect("000000_0");
    use base64::Engine as _;
    let body = base64::engine::general_purpose::STANDARD
        .decode(got["Body"].as_str().unwrap_or_default())
        .expect("base64");
    let text = String::from_utf8_lossy(&body).replace('\u{1}', "\t");
    let total: u64 = text.lines().filter_map(|l| l.split('\t').nth(1)?.parse::<u64>().ok()).sum();
    assert_eq!(total, 1200);
    assert!(
        log.iter().any(|l| l.starts_with("Stage-Stage-1: Map: 2  Reduce: 1")),
        "{}",
        log.join("\n")
    );
}

#[test]
fn access_log_script_prints_exact_rows() {
    let mut w = world(8);
    let c = hive_cluster(&mut w, 2, json!([]));
    let (d, log) = run_hive(&mut w, &c, script("samples/hive/access_logs.q"), 60);
    assert_eq!(d["Status"]["State"], json!("COMPLETED"), "{d}\n{}", log.join("\n"));
    assert_eq!(result_rows(&log, 0), vec!["200\t962", "301\t40", "304\t90", "404\t79", "500\t29"]);
    assert_eq!(result_rows(&log, 1).len(), 10);
    eprintln!("{}", log.join("\n"));
}
