//! The scheduler visits only the instances not done, through an index the instance store
//! keeps (`engine::pipeline::active`). Whatever a learner does, the index must hold exactly
//! what a walk of every instance would find, or a look at the pipeline would skip an instance
//! that can still change (or keep visiting one that cannot).

use engine::pipeline::PipelineCommand;
use engine::{Command, World, WorldConfig};
use proptest::prelude::*;
use serde_json::{json, Value};

/// Default, an hourly Schedule over 12 hours, an Ec2Resource, A then B on it, and C after B
/// on the worker group `wg` (a Task Runner the test starts and stops).
fn objects() -> Value {
    let text = |k: &str, v: &str| json!({"key": k, "stringValue": v});
    let reference = |k: &str, v: &str| json!({"key": k, "refValue": v});
    json!([
        {"id": "Default", "name": "Default", "fields": [
            text("scheduleType", "cron"), text("failureAndRerunMode", "CASCADE"),
            text("pipelineLogUri", "s3://lab/logs/"), text("role", "DataPipelineDefaultRole"),
            text("resourceRole", "DataPipelineDefaultResourceRole"),
            reference("schedule", "Hourly")]},
        {"id": "Hourly", "name": "Hourly", "fields": [
            text("type", "Schedule"), text("period", "1 hour"),
            text("startDateTime", "2026-01-01T00:00:00"),
            text("endDateTime", "2026-01-01T12:00:00")]},
        {"id": "Box", "name": "Box", "fields": [text("type", "Ec2Resource")]},
        {"id": "A", "name": "A", "fields": [
            text("type", "ShellCommandActivity"), text("command", "echo a"),
            reference("runsOn", "Box")]},
        {"id": "B", "name": "B", "fields": [
            text("type", "ShellCommandActivity"), text("command", "echo b"),
            reference("runsOn", "Box"), reference("dependsOn", "A")]},
        {"id": "C", "name": "C", "fields": [
            text("type", "ShellCommandActivity"), text("command", "echo c"),
            text("workerGroup", "wg"), reference("dependsOn", "B")]},
    ])
}

const COMPONENTS: [&str; 4] = ["A", "B", "C", "Box"];

#[derive(Clone, Debug)]
enum Op {
    Advance(u64),
    Fail(usize, u32),
    /// SetStatus of the n-th instance kept (modulo how many there are).
    SetStatus(&'static str, usize),
    SetComponent(&'static str, usize),
    Runner(bool),
    Deactivate,
    Activate,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (1u64..120).prop_map(Op::Advance),
        1 => (0usize..3, 1u32..4).prop_map(|(c, n)| Op::Fail(c, n)),
        3 => (prop::sample::select(vec!["RERUN", "TRY_CANCEL", "MARK_FINISHED"]), 0usize..64)
            .prop_map(|(s, n)| Op::SetStatus(s, n)),
        1 => (prop::sample::select(vec!["PAUSE", "RESUME"]), 0usize..4)
            .prop_map(|(s, c)| Op::SetComponent(s, c)),
        1 => any::<bool>().prop_map(Op::Runner),
        1 => Just(Op::Deactivate),
        1 => Just(Op::Activate),
    ]
}

fn api(w: &mut World, action: &str, body: Value) -> Value {
    let out = w.apply(Command::api(format!("DataPipeline.{action}"), body.to_string()));
    out.result.ok().and_then(|s| serde_json::from_str(&s).ok()).unwrap_or(Value::Null)
}

/// The ids and statuses of the pipeline's instances, by id.
fn statuses(w: &World, id: &str) -> Vec<(String, &'static str)> {
    let view = w.view().pipeline().pipeline(id);
    let mut all: Vec<(String, &'static str)> = view
        .map(|v| v.instances.into_iter().map(|i| (i.id, i.status)).collect())
        .unwrap_or_default();
    all.sort();
    all
}

fn apply(w: &mut World, id: &str, op: &Op) {
    match op {
        Op::Advance(minutes) => w.advance_by(minutes * 60_000),
        Op::Fail(c, times) => {
            let fail = PipelineCommand::FailActivity {
                pipeline_id: id.into(),
                object_id: COMPONENTS[*c].into(),
                times: *times,
            };
            w.apply(fail.into());
        }
        Op::SetStatus(status, n) => {
            let ids = statuses(w, id);
            if let Some((target, _)) = ids.get(n % ids.len().max(1)) {
                api(
                    w,
                    "SetStatus",
                    json!({"pipelineId": id, "objectIds": [target], "status": status}),
                );
            }
        }
        Op::SetComponent(status, c) => {
            let body = json!({"pipelineId": id, "objectIds": [COMPONENTS[*c]], "status": status});
            api(w, "SetStatus", body);
        }
        Op::Runner(running) => {
            let runner =
                PipelineCommand::SetTaskRunner { worker_group: "wg".into(), running: *running };
            w.apply(runner.into());
        }
        Op::Deactivate => {
            api(w, "DeactivatePipeline", json!({"pipelineId": id}));
        }
        Op::Activate => {
            api(w, "ActivatePipeline", json!({"pipelineId": id}));
        }
    }
}

fn started() -> (World, String) {
    let mut w = World::new(WorldConfig::with_seed(7));
    let id = api(&mut w, "CreatePipeline", json!({"name": "p", "uniqueId": "p"}))["pipelineId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let put = api(
        &mut w,
        "PutPipelineDefinition",
        json!({"pipelineId": id, "pipelineObjects": objects()}),
    );
    assert_eq!(put["errored"], json!(false), "{put}");
    api(&mut w, "ActivatePipeline", json!({"pipelineId": id}));
    (w, id)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Whatever a learner does (reruns, cancels, marks finished, pauses, faults, the Task
    /// Runner, deactivation), the index holds exactly the instances a full scan finds not done.
    #[test]
    fn the_index_is_the_instances_not_done(ops in prop::collection::vec(op(), 1..40)) {
        let (mut w, id) = started();
        for op in &ops {
            apply(&mut w, &id, op);
            prop_assert!(w.view().pipeline_indexes_match_scans(), "after {:?}", op);
        }
    }
}

/// One path through the rules, with the statuses it must reach: the check above sees
/// instances enter and leave the index (a rerun brings a done instance back, a cancel and a
/// mark-finished take one out, a cascade takes its consumers out).
#[test]
fn reruns_cancels_and_cascades_keep_the_index() {
    let (mut w, id) = started();
    w.apply(
        PipelineCommand::FailActivity { pipeline_id: id.clone(), object_id: "A".into(), times: 3 }
            .into(),
    );
    w.advance_by(45 * 60_000);
    assert!(w.view().pipeline_indexes_match_scans());
    let first: Vec<(String, &str)> =
        statuses(&w, &id).into_iter().filter(|(i, _)| i.ends_with("T00:00:00")).collect();
    assert_eq!(
        first,
        [
            ("@A_2026-01-01T00:00:00".to_string(), "FAILED"),
            ("@B_2026-01-01T00:00:00".to_string(), "CASCADE_FAILED"),
            ("@Box_2026-01-01T00:00:00".to_string(), "FINISHED"),
            ("@C_2026-01-01T00:00:00".to_string(), "CASCADE_FAILED"),
        ]
    );
    api(
        &mut w,
        "SetStatus",
        json!({"pipelineId": id, "objectIds": ["@A_2026-01-01T00:00:00"], "status": "RERUN"}),
    );
    assert!(w.view().pipeline_indexes_match_scans());
    let after: Vec<&str> = statuses(&w, &id)
        .into_iter()
        .filter(|(i, _)| i.ends_with("T00:00:00") && !i.starts_with("@Box"))
        .map(|(_, s)| s)
        .collect();
    assert_ne!(after, ["FAILED", "CASCADE_FAILED", "CASCADE_FAILED"]);
    api(&mut w, "DeactivatePipeline", json!({"pipelineId": id}));
    assert!(w.view().pipeline_indexes_match_scans());
    assert!(statuses(&w, &id).iter().all(|(_, s)| matches!(
        *s,
        "FINISHED" | "FAILED" | "CASCADE_FAILED" | "CANCELED" | "TIMEDOUT"
    )));
}
