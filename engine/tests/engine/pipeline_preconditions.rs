//! Data Pipeline's Exists and ShellCommandPrecondition: a data node waits until its
//! precondition holds (checked again every 5 minutes) or its preconditionTimeout passes.
//! The world starts at 2026-01-01T00:00:00.

use engine::s3::S3Command;
use engine::{Command, World};
use serde_json::{json, Value};

use super::support::{dp, lake_pipeline, on_demand_default, pipeline_status, world};

const MIN: u64 = 60_000;

fn put(w: &mut World, key: &str, body: &str) {
    let c = S3Command::PutObject { bucket: "lake".into(), key: key.into(), body: body.into() };
    w.apply(Command::S3(c)).result.unwrap_or_else(|e| panic!("{e}"));
}

/// An on-demand pipeline whose input node `Raw` (the file s3://lake/in/ready.csv) is guarded
/// by the precondition `Ready` with `fields`; the activity writes s3://lake/out/done.txt.
fn guarded(w: &mut World, fields: Value) -> String {
    let id = lake_pipeline(w, "guard");
    let text = |k: &str, v: &str| json!({"key": k, "stringValue": v});
    let refv = |k: &str, v: &str| json!({"key": k, "refValue": v});
    let objects = json!([
        on_demand_default(),
        {"id": "Box", "name": "Box", "fields": [text("type", "Ec2Resource"), text("terminateAfter", "1 hour")]},
        {"id": "Ready", "name": "Ready", "fields": fields},
        {"id": "Raw", "name": "Raw", "fields": [
            text("type", "S3DataNode"), text("filePath", "s3://lake/in/ready.csv"), refv("precondition", "Ready")]},
        {"id": "Work", "name": "Work", "fields": [
            text("type", "ShellCommandActivity"), refv("runsOn", "Box"), refv("input", "Raw"),
            text("command", "echo done > s3://lake/out/done.txt")]},
    ]);
    let put = dp(w, "PutPipelineDefinition", json!({"pipelineId": id, "pipelineObjects": objects}));
    assert_eq!(put["errored"], json!(false), "{put}");
    dp(w, "ActivatePipeline", json!({"pipelineId": id}));
    id
}

fn ready_times(w: &World, id: &str) -> (String, String) {
    let i = w.view().pipeline().instances_of(id, "Ready").remove(0);
    let a = &i.attempts[0];
    (a.started.clone(), a.ended.clone().unwrap_or_default())
}

#[test]
fn exists_holds_once_the_data_nodes_file_is_there() {
    let mut w = world(1);
    let fields = json!([{"key": "type", "stringValue": "Exists"},
        {"key": "preconditionTimeout", "stringValue": "1 hour"}]);
    let id = guarded(&mut w, fields);
    w.advance_to(20 * MIN);
    assert_eq!(pipeline_status(&w, &id, "Ready"), "RUNNING");
    assert_eq!(pipeline_status(&w, &id, "Work"), "WAITING_ON_DEPENDENCIES");
    put(&mut w, "in/ready.csv", "a,1\n");
    w.advance_to(60 * MIN);
    assert_eq!(pipeline_status(&w, &id, "Ready"), "FINISHED");
    assert_eq!(pipeline_status(&w, &id, "Work"), "FINISHED");
    // The 00:20 look came before the file: the next, at 00:25, finds it.
    assert_eq!(ready_times(&w, &id), ("2026-01-01T00:00:00".into(), "2026-01-01T00:25:00".into()));
    let body = w.view().s3().object_bytes("lake", "out/done.txt");
    assert_eq!(body.as_deref(), Some(&b"done\n"[..]));
}

#[test]
fn exists_times_out_when_the_file_never_comes() {
    let mut w = world(1);
    let fields = json!([{"key": "type", "stringValue": "Exists"},
        {"key": "preconditionTimeout", "stringValue": "1 hour"}]);
    let id = guarded(&mut w, fields);
    w.advance_to(120 * MIN);
    assert_eq!(pipeline_status(&w, &id, "Ready"), "FAILED");
    assert_eq!(pipeline_status(&w, &id, "Work"), "CASCADE_FAILED");
    assert_eq!(ready_times(&w, &id), ("2026-01-01T00:00:00".into(), "2026-01-01T01:00:00".into()));
    let i = w.view().pipeline().instances_of(&id, "Ready").remove(0);
    assert_eq!(
        i.attempts[0].error.as_deref(),
        Some("Precondition check timed out: preconditionTimeout reached")
    );
}

#[test]
fn a_shell_command_precondition_holds_when_its_command_exits_0() {
    let mut w = world(1);
    let fields = json!([{"key": "type", "stringValue": "ShellCommandPrecondition"},
        {"key": "command", "stringValue": "cat s3://lake/in/flag"},
        {"key": "preconditionTimeout", "stringValue": "1 hour"}]);
    let id = guarded(&mut w, fields);
    w.advance_to(12 * MIN);
    assert_eq!(pipeline_status(&w, &id, "Ready"), "RUNNING");
    let i = w.view().pipeline().instances_of(&id, "Ready").remove(0);
    assert!(
        i.stdout.starts_with("cat: s3://lake/in/flag: No such file or directory\n"),
        "{}",
        i.stdout
    );
    put(&mut w, "in/flag", "");
    put(&mut w, "in/ready.csv", "a,1\n");
    w.advance_to(60 * MIN);
    assert_eq!(pipeline_status(&w, &id, "Ready"), "FINISHED");
    assert_eq!(pipeline_status(&w, &id, "Work"), "FINISHED");
    assert_eq!(ready_times(&w, &id), ("2026-01-01T00:00:00".into(), "2026-01-01T00:15:00".into()));
}

#[test]
fn a_shell_command_precondition_needs_a_command_or_a_script() {
    let mut w = world(1);
    let id = dp(&mut w, "CreatePipeline", json!({"name": "v", "uniqueId": "v"}))["pipelineId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let objects = json!([
        {"id": "P", "name": "P", "fields": [{"key": "type", "stringValue": "ShellCommandPrecondition"}]},
    ]);
    let out = dp(
        &mut w,
        "ValidatePipelineDefinition",
        json!({"pipelineId": id, "pipelineObjects": objects}),
    );
    assert_eq!(
        out["validationErrors"][0]["errors"],
        json!(["MISSING_REQUIRED_FIELD:  one of 'command' or 'scriptUri' is required for an object of type ShellCommandPrecondition."])
    );
}
