//! Data Pipeline's EmrActivity on an EmrCluster runs on the EMR engine: the pipeline starts a
//! real transient cluster (it is listed by EMR, tagged with the pipeline), submits the
//! activity's steps, waits for them, and terminates the cluster after. The world starts at
//! 2026-01-01T00:00:00.

use serde_json::{json, Value};

use super::support::{call, world};

const MIN: u64 = 60_000;

fn dp(w: &mut engine::World, action: &str, body: Value) -> Value {
    call(w, "DataPipeline", action, body).unwrap_or_else(|e| panic!("{action}: {e}"))
}

fn status(w: &engine::World, id: &str, component: &str) -> String {
    w.view()
        .pipeline()
        .instances_of(id, component)
        .last()
        .map(|i| i.status.to_string())
        .unwrap_or_else(|| "(none)".into())
}

fn word_count(w: &mut engine::World, step: &str) -> String {
    call(w, "s3", "CreateBucket", json!({"Bucket": "lake"})).ok();
    let id = dp(w, "CreatePipeline", json!({"name": "wc", "uniqueId": "wc"}))["pipelineId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let text = |k: &str, v: &str| json!({"key": k, "stringValue": v});
    let objects = json!([
        {"id": "Default", "name": "Default", "fields": [
            text("scheduleType", "ondemand"), text("failureAndRerunMode", "CASCADE"),
            text("role", "DataPipelineDefaultRole"), text("resourceRole", "DataPipelineDefaultResourceRole"),
            text("pipelineLogUri", "s3://lake/logs/")]},
        {"id": "Cluster", "name": "Cluster", "fields": [
            text("type", "EmrCluster"), text("coreInstanceCount", "2"), text("releaseLabel", "emr-6.15.0"),
            text("terminateAfter", "2 hours")]},
        {"id": "WordCount", "name": "WordCount", "fields": [
            text("type", "EmrActivity"), {"key": "runsOn", "refValue": "Cluster"}, text("step", step)]},
    ]);
    let put = dp(w, "PutPipelineDefinition", json!({"pipelineId": id, "pipelineObjects": objects}));
    assert_eq!(put["errored"], json!(false), "{put}");
    dp(w, "ActivatePipeline", json!({"pipelineId": id}));
    id
}

const STREAMING: &str = "command-runner.jar,hadoop-streaming,-files,s3://elasticmapreduce/samples/wordcount/wordSplitter.py,-mapper,wordSplitter.py,-reducer,aggregate,-input,s3://elasticmapreduce/samples/wordcount/input,-output,s3://lake/wordcount/#{format(@scheduledStartTime,'YYYY-MM-dd')}/";

#[test]
fn an_emr_activity_runs_its_steps_on_a_transient_cluster_of_the_emr_engine() {
    let mut w = world(1);
    let id = word_count(&mut w, STREAMING);
    w.advance_to(MIN);
    assert_eq!(
        status(&w, &id, "Cluster"),
        "CREATING",
        "{:?}",
        w.view().pipeline().instances_of(&id, "Cluster")
    );
    assert_eq!(status(&w, &id, "WordCount"), "WAITING_FOR_RUNNER");
    let clusters = w.view().emr().clusters();
    assert_eq!(clusters.len(), 1, "the pipeline started one EMR cluster");
    let cluster = clusters[0].id.clone();
    let view = w.view().emr().cluster(&cluster).unwrap_or_else(|| panic!("cluster"));
    assert_eq!(view.name, "wc @Cluster_2026-01-01T00:00:00");
    assert_eq!(view.nodes.len(), 3);
    // Until the cluster is up, then the step runs, then the cluster is terminated.
    w.advance_to(90 * MIN);
    assert_eq!(
        status(&w, &id, "WordCount"),
        "FINISHED",
        "{:?}",
        w.view().pipeline().instances_of(&id, "WordCount")
    );
    assert_eq!(status(&w, &id, "Cluster"), "FINISHED");
    let view = w.view().emr().cluster(&cluster).unwrap_or_else(|| panic!("cluster"));
    assert_eq!(view.state, "TERMINATED");
    assert_eq!(view.steps.len(), 1);
    assert_eq!(view.steps[0].state, "COMPLETED");
    assert_eq!(
        view.steps[0].args.last().map(String::as_str),
        Some("s3://lake/wordcount/2026-01-01/")
    );
    let parts = w.view().s3().objects("lake", "wordcount/2026-01-01/");
    assert!(parts.iter().any(|o| o.key.ends_with("_SUCCESS")), "{parts:?}");
    let p = w.view().pipeline().pipeline(&id).unwrap_or_else(|| panic!("pipeline"));
    assert_eq!(p.state, "FINISHED");
    // The pipeline looks at the cluster every minute: it was WAITING at 00:05, the step had
    // completed by 00:06, and the cluster had terminated by 00:07.
    let times = |c: &str| {
        let i = w.view().pipeline().instances_of(&id, c).remove(0);
        let a = &i.attempts[0];
        (a.started.clone(), a.ended.clone().unwrap_or_default(), i.attempts.len())
    };
    assert_eq!(times("Cluster"), ("2026-01-01T00:00:00".into(), "2026-01-01T00:07:00".into(), 1));
    assert_eq!(times("WordCount"), ("2026-01-01T00:05:00".into(), "2026-01-01T00:06:00".into(), 1));
    let stdout = &w.view().pipeline().instances_of(&id, "WordCount")[0].stdout;
    assert!(stdout.starts_with(&format!("submitted 1 step(s) to {cluster}\n")), "{stdout}");
    assert!(stdout.ends_with("@WordCount_2026-01-01T00:00:00 step 1 COMPLETED\n"), "{stdout}");
}

#[test]
fn a_failing_step_fails_the_attempt_with_emrs_reason_and_is_retried_on_the_same_cluster() {
    let mut w = world(1);
    let id = word_count(&mut w, "command-runner.jar,false");
    w.advance_to(120 * MIN);
    let inst = w.view().pipeline().instances_of(&id, "WordCount");
    assert_eq!(inst[0].status, "FAILED");
    // maximumRetries defaults to 2: three attempts, each a step that failed.
    assert_eq!(inst[0].attempts.len(), 3);
    let error = inst[0].attempts[0].error.clone().unwrap_or_default();
    assert!(error.starts_with("EMR step s-"), "{error}");
    let cluster = w.view().emr().clusters()[0].id.clone();
    let view = w.view().emr().cluster(&cluster).unwrap_or_else(|| panic!("cluster"));
    assert_eq!(view.steps.len(), 3);
    assert_eq!(view.state, "TERMINATED");
}
