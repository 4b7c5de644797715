//! What the engine's tests share: a fresh world, one API call with its JSON answer, and the
//! error a call must fail with.
#![allow(dead_code)]

use std::fmt::Display;

use engine::api::ApiError;
use engine::{Command, World, WorldConfig};
use serde_json::Value;

/// A fresh world on `seed`, with the default settings (limits on, commands recorded).
pub fn world(seed: u64) -> World {
    World::new(WorldConfig::with_seed(seed))
}

/// One API call of the service whose `X-Amz-Target` prefix is `prefix`
/// (`Kinesis_20131202`), its answer parsed as JSON (an empty body is `null`).
pub fn call(
    w: &mut World,
    prefix: &str,
    action: &str,
    body: impl Display,
) -> Result<Value, ApiError> {
    let out = w.apply(Command::api(format!("{prefix}.{action}"), body.to_string()));
    out.result.map(|s| serde_json::from_str(&s).unwrap_or(Value::Null))
}

/// One Snowball job-management call (`AWSIESnowballJobManagementService.<action>`).
pub fn snowball(w: &mut World, action: &str, body: Value) -> Result<Value, ApiError> {
    call(w, "AWSIESnowballJobManagementService", action, body)
}

/// A Snowball call that must succeed; its answer.
pub fn snowball_ok(w: &mut World, action: &str, body: Value) -> Value {
    snowball(w, action, body).unwrap_or_else(|e| panic!("{action}: {e:?}"))
}

/// The (code, message) of a call that must fail.
pub fn failure(result: Result<Value, ApiError>, action: &str) -> (String, String) {
    match result {
        Ok(v) => panic!("{action} succeeded: {v}"),
        Err(e) => (e.code.to_string(), e.message),
    }
}

// ----- EMR -------------------------------------------------------------------------------------

/// An EMR API call (`ElasticMapReduce.<action>`).
pub fn emr(w: &mut World, action: &str, body: Value) -> Result<Value, ApiError> {
    call(w, "ElasticMapReduce", action, body)
}

/// An EMR API call that must succeed.
pub fn emr_ok(w: &mut World, action: &str, body: Value) -> Value {
    emr(w, action, body).unwrap_or_else(|e| panic!("{action}: {e:?}"))
}

/// Starts a long-running emr-7.1.0 cluster of one m5.xlarge primary node and `core` m5.xlarge
/// core nodes with `configurations`, and waits until it is WAITING. Returns its id.
pub fn emr_cluster(w: &mut World, core: u32, configurations: Value) -> String {
    let mut groups = vec![
        serde_json::json!({"InstanceRole": "MASTER", "InstanceType": "m5.xlarge", "InstanceCount": 1}),
    ];
    if core > 0 {
        groups.push(serde_json::json!({"InstanceRole": "CORE", "InstanceType": "m5.xlarge", "InstanceCount": core}));
    }
    let out = emr_ok(
        w,
        "RunJobFlow",
        serde_json::json!({
            "Name": "lab", "ReleaseLabel": "emr-7.1.0", "ServiceRole": "EMR_DefaultRole",
            "Instances": {"InstanceGroups": groups, "KeepJobFlowAliveWhenNoSteps": true},
            "Configurations": configurations,
        }),
    );
    w.advance_by(270_000);
    out["JobFlowId"].as_str().expect("JobFlowId").to_string()
}

/// A command on the cluster's primary node: (stdout, stderr, exit code).
pub fn shell(w: &mut World, cluster: &str, line: &str) -> (String, String, i64) {
    let out = w.apply(Command::Emr(engine::emr::EmrCommand::Shell {
        cluster: cluster.into(),
        line: line.into(),
        home: Default::default(),
    }));
    let v: Value = serde_json::from_str(&out.result.expect("shell runs")).expect("json");
    (
        v["Stdout"].as_str().unwrap_or_default().to_string(),
        v["Stderr"].as_str().unwrap_or_default().to_string(),
        v["ExitCode"].as_i64().unwrap_or(-1),
    )
}

/// Adds one step and returns its id.
pub fn emr_step(w: &mut World, cluster: &str, name: &str, jar: &str, args: &[&str]) -> String {
    let out = emr_ok(
        w,
        "AddJobFlowSteps",
        serde_json::json!({"JobFlowId": cluster, "Steps": [
            {"Name": name, "ActionOnFailure": "CONTINUE", "HadoopJarStep": {"Jar": jar, "Args": args}}]}),
    );
    out["StepIds"][0].as_str().expect("step id").to_string()
}

/// A step's description.
pub fn emr_describe_step(w: &mut World, cluster: &str, step: &str) -> Value {
    emr_ok(w, "DescribeStep", serde_json::json!({"ClusterId": cluster, "StepId": step}))["Step"]
        .clone()
}

/// The JAR of hadoop-mapreduce-examples on an EMR cluster.
pub const EXAMPLES_JAR: &str = "/usr/lib/hadoop-mapreduce/hadoop-mapreduce-examples.jar";

/// Runs `hadoop jar <examples> <args>` as a step (through command-runner.jar), lets `minutes`
/// pass, and returns the step's id and description.
pub fn examples_step(w: &mut World, cluster: &str, args: &[&str], minutes: u64) -> (String, Value) {
    let mut all = vec!["hadoop", "jar", EXAMPLES_JAR];
    all.extend_from_slice(args);
    let step = emr_step(w, cluster, args[0], "command-runner.jar", &all);
    w.advance_by(minutes * 60_000);
    let d = emr_describe_step(w, cluster, &step);
    (step, d)
}

/// A Data Pipeline call that must succeed.
pub fn dp(w: &mut World, action: &str, body: Value) -> Value {
    call(w, "DataPipeline", action, body).unwrap_or_else(|e| panic!("{action}: {e}"))
}

/// The newest instance's status of `component` in pipeline `id`, or "(none)".
pub fn pipeline_status(w: &World, id: &str, component: &str) -> String {
    w.view()
        .pipeline()
        .instances_of(id, component)
        .last()
        .map(|i| i.status.to_string())
        .unwrap_or_else(|| "(none)".into())
}

/// The bucket `lake` and a new pipeline `name` (its uniqueId too): the pipeline's id.
pub fn lake_pipeline(w: &mut World, name: &str) -> String {
    call(w, "s3", "CreateBucket", serde_json::json!({"Bucket": "lake"})).ok();
    dp(w, "CreatePipeline", serde_json::json!({"name": name, "uniqueId": name}))["pipelineId"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// The `Default` object of the on-demand test pipelines: CASCADE, the default roles, the logs
/// under s3://lake/logs/.
pub fn on_demand_default() -> Value {
    let text = |k: &str, v: &str| serde_json::json!({"key": k, "stringValue": v});
    serde_json::json!({"id": "Default", "name": "Default", "fields": [
        text("scheduleType", "ondemand"), text("failureAndRerunMode", "CASCADE"),
        text("role", "DataPipelineDefaultRole"), text("resourceRole", "DataPipelineDefaultResourceRole"),
        text("pipelineLogUri", "s3://lake/logs/")]})
}
