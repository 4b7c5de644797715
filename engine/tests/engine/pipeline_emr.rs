//! Data Pipeline's EmrActivity on an EmrCluster runs on the EMR engine: the pipeline starts a
//! real transient cluster (it is listed by EMR, tagged with the pipeline), submits the
//! activity's steps, waits for them, and terminates the cluster after. The world starts at
//! 2026-01-01T00:00:00.

use serde_json::{json, Value};

use super::support::{call, dp, lake_pipeline, on_demand_default, pipeline_status, world};

const MIN: u64 = 60_000;

fn word_count(w: &mut engine::World, step: &str) -> String {
    let id = lake_pipeline(w, "wc");
    let text = |k: &str, v: &str| json!({"key": k, "stringValue": v});
    let objects = json!([
        on_demand_default(),
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
        pipeline_status(&w, &id, "Cluster"),
        "CREATING",
        "{:?}",
        w.view().pipeline().instances_of(&id, "Cluster")
    );
    assert_eq!(pipeline_status(&w, &id, "WordCount"), "WAITING_FOR_RUNNER");
    let clusters = w.view().emr().clusters();
    assert_eq!(clusters.len(), 1, "the pipeline started one EMR cluster");
    let cluster = clusters[0].id.clone();
    let view = w.view().emr().cluster(&cluster).unwrap_or_else(|| panic!("cluster"));
    assert_eq!(view.name, "wc @Cluster_2026-01-01T00:00:00");
    assert_eq!(view.nodes.len(), 3);
    // Until the cluster is up, then the step runs, then the cluster is terminated.
    w.advance_to(90 * MIN);
    assert_eq!(
        pipeline_status(&w, &id, "WordCount"),
        "FINISHED",
        "{:?}",
        w.view().pipeline().instances_of(&id, "WordCount")
    );
    assert_eq!(pipeline_status(&w, &id, "Cluster"), "FINISHED");
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

/// A pipeline of one activity on an EmrCluster, with S3 input and output data nodes in CSV.
fn on_cluster(w: &mut engine::World, activity: Value) -> String {
    let id = lake_pipeline(w, "hive");
    let text = |k: &str, v: &str| json!({"key": k, "stringValue": v});
    let refv = |k: &str, v: &str| json!({"key": k, "refValue": v});
    let objects = json!([
        on_demand_default(),
        {"id": "Cluster", "name": "Cluster", "fields": [
            text("type", "EmrCluster"), text("coreInstanceCount", "1"), text("terminateAfter", "2 hours")]},
        {"id": "Scores", "name": "Scores", "fields": [
            text("type", "CSV"), text("column", "name STRING"), text("column", "score INT")]},
        {"id": "In", "name": "In", "fields": [
            text("type", "S3DataNode"), text("directoryPath", "s3://lake/in"), refv("dataFormat", "Scores")]},
        {"id": "Out", "name": "Out", "fields": [
            text("type", "S3DataNode"), refv("dataFormat", "Scores"),
            text("directoryPath", "s3://lake/out/#{format(@scheduledStartTime,'YYYY-MM-dd')}")]},
        activity,
    ]);
    let put = dp(w, "PutPipelineDefinition", json!({"pipelineId": id, "pipelineObjects": objects}));
    assert_eq!(put["errored"], json!(false), "{put}");
    dp(w, "ActivatePipeline", json!({"pipelineId": id}));
    id
}

fn put(w: &mut engine::World, key: &str, body: &str) {
    let c = engine::s3::S3Command::PutObject {
        bucket: "lake".into(),
        key: key.into(),
        body: body.into(),
    };
    w.apply(engine::Command::S3(c)).result.unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn a_hive_activity_stages_its_data_nodes_as_tables_and_runs_as_a_hive_step() {
    let mut w = world(1);
    call(&mut w, "s3", "CreateBucket", json!({"Bucket": "lake"})).ok();
    put(&mut w, "in/scores.csv", "alice,3\nbob,5\ncarol,7\n");
    let id = on_cluster(
        &mut w,
        json!({"id": "Double", "name": "Double", "fields": [
            {"key": "type", "stringValue": "HiveActivity"},
            {"key": "runsOn", "refValue": "Cluster"},
            {"key": "input", "refValue": "In"},
            {"key": "output", "refValue": "Out"},
            {"key": "hiveScript", "stringValue": "INSERT OVERWRITE TABLE ${output1} SELECT name, score * 2 FROM ${input1} WHERE score > 3;"}]}),
    );
    w.advance_to(5 * MIN);
    assert_eq!(pipeline_status(&w, &id, "Double"), "RUNNING");
    let cluster = w.view().emr().clusters()[0].id.clone();
    w.advance_to(90 * MIN);
    let inst = w.view().pipeline().instances_of(&id, "Double");
    assert_eq!(inst[0].status, "FINISHED", "{inst:?}");
    let view = w.view().emr().cluster(&cluster).unwrap_or_else(|| panic!("cluster"));
    assert_eq!(view.steps.len(), 1);
    assert_eq!(view.steps[0].state, "COMPLETED");
    assert_eq!(view.steps[0].args[..3], ["hive-script", "--run-hive-script", "--args"]);
    let script = view.steps[0].args.last().cloned().unwrap_or_default();
    assert_eq!(
        script,
        "DROP TABLE IF EXISTS input1;\nCREATE EXTERNAL TABLE input1 (name STRING, score INT) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://lake/in/';\n\
         DROP TABLE IF EXISTS output1;\nCREATE EXTERNAL TABLE output1 (name STRING, score INT) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' LOCATION 's3://lake/out/2026-01-01/';\n\
         INSERT OVERWRITE TABLE ${output1} SELECT name, score * 2 FROM ${input1} WHERE score > 3;"
    );
    let out = w.view().s3().objects("lake", "out/2026-01-01/");
    let keys: Vec<&str> = out.iter().map(|o| o.key.as_str()).collect();
    let mut rows = String::new();
    for k in &keys {
        let body = w.view().s3().object_bytes("lake", k).unwrap_or_default();
        rows.push_str(&String::from_utf8_lossy(&body));
    }
    assert_eq!(rows, "bob,10\ncarol,14\n", "{keys:?}");
    let times = {
        let a = &inst[0].attempts[0];
        (a.started.clone(), a.ended.clone().unwrap_or_default())
    };
    assert_eq!(times, ("2026-01-01T00:05:00".into(), "2026-01-01T00:06:00".into()));
}

#[test]
fn a_hadoop_activity_runs_its_jar_as_a_custom_jar_step() {
    let mut w = world(1);
    let id = on_cluster(
        &mut w,
        json!({"id": "Count", "name": "Count", "fields": [
            {"key": "type", "stringValue": "HadoopActivity"},
            {"key": "runsOn", "refValue": "Cluster"},
            {"key": "jarUri", "stringValue": "/usr/lib/hadoop-mapreduce/hadoop-mapreduce-examples.jar"},
            {"key": "argument", "stringValue": "wordcount"},
            {"key": "argument", "stringValue": "s3://elasticmapreduce/samples/wordcount/input"},
            {"key": "argument", "stringValue": "s3://lake/counts/#{format(@scheduledStartTime,'YYYY-MM-dd')}/"}]}),
    );
    w.advance_to(90 * MIN);
    let inst = w.view().pipeline().instances_of(&id, "Count");
    assert_eq!(inst[0].status, "FINISHED", "{inst:?}");
    let cluster = w.view().emr().clusters()[0].id.clone();
    let view = w.view().emr().cluster(&cluster).unwrap_or_else(|| panic!("cluster"));
    assert_eq!(view.steps[0].state, "COMPLETED");
    assert_eq!(
        view.steps[0].args,
        [
            "wordcount",
            "s3://elasticmapreduce/samples/wordcount/input",
            "s3://lake/counts/2026-01-01/"
        ]
    );
    let parts = w.view().s3().objects("lake", "counts/2026-01-01/");
    assert!(parts.iter().any(|o| o.key.ends_with("_SUCCESS")), "{parts:?}");
    let a = &inst[0].attempts[0];
    assert_eq!(
        (a.started.as_str(), a.ended.as_deref()),
        ("2026-01-01T00:05:00", Some("2026-01-01T00:06:00"))
    );
}

#[test]
fn hive_and_hadoop_activities_need_their_fields_and_an_emr_cluster() {
    let mut w = world(1);
    let id = dp(&mut w, "CreatePipeline", json!({"name": "v", "uniqueId": "v"}))["pipelineId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let objects = json!([
        {"id": "Default", "name": "Default", "fields": [{"key": "scheduleType", "stringValue": "ondemand"}]},
        {"id": "H", "name": "H", "fields": [{"key": "type", "stringValue": "HiveActivity"}]},
        {"id": "J", "name": "J", "fields": [{"key": "type", "stringValue": "HadoopActivity"},
            {"key": "workerGroup", "stringValue": "wg"}]},
    ]);
    let out = dp(
        &mut w,
        "ValidatePipelineDefinition",
        json!({"pipelineId": id, "pipelineObjects": objects}),
    );
    assert_eq!(out["errored"], json!(true));
    let errors = |o: &str| -> Vec<String> {
        out["validationErrors"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|e| e["id"] == o)
            .flat_map(|e| e["errors"].as_array().cloned().unwrap_or_default())
            .map(|e| e.as_str().unwrap_or_default().to_string())
            .collect()
    };
    assert_eq!(
        errors("H"),
        [
            "MISSING_REQUIRED_FIELD:  one of 'hiveScript' or 'scriptUri' is required for an object of type HiveActivity.",
            "MISSING_REQUIRED_FIELD:  one of 'runsOn' or 'workerGroup' is required for an object of type HiveActivity.",
            "INVALID_FIELD_VALUE:  the sandbox runs a HiveActivity only on an EmrCluster: set 'runsOn' (a 'workerGroup' on an existing cluster is not simulated) (sandbox).",
        ]
    );
    assert_eq!(
        errors("J"),
        [
            "MISSING_REQUIRED_FIELD:  'jarUri' is required for an object of type HadoopActivity.",
            "INVALID_FIELD_VALUE:  the sandbox runs a HadoopActivity only on an EmrCluster: set 'runsOn' (a 'workerGroup' on an existing cluster is not simulated) (sandbox).",
        ]
    );
}

#[test]
fn a_hive_activity_reads_its_script_uri_from_s3_and_fails_when_it_is_not_there() {
    let mut w = world(1);
    call(&mut w, "s3", "CreateBucket", json!({"Bucket": "lake"})).ok();
    put(&mut w, "in/scores.csv", "alice,3\nbob,5\n");
    put(&mut w, "scripts/copy.q", "INSERT OVERWRITE TABLE ${output1} SELECT * FROM ${input1};\n");
    let activity = |uri: &str| {
        json!({"id": "Copy", "name": "Copy", "fields": [
            {"key": "type", "stringValue": "HiveActivity"},
            {"key": "runsOn", "refValue": "Cluster"},
            {"key": "input", "refValue": "In"},
            {"key": "output", "refValue": "Out"},
            {"key": "maximumRetries", "stringValue": "0"},
            {"key": "scriptUri", "stringValue": uri}]})
    };
    let id = on_cluster(&mut w, activity("s3://lake/scripts/copy.q"));
    w.advance_to(90 * MIN);
    assert_eq!(pipeline_status(&w, &id, "Copy"), "FINISHED");
    let body = w.view().s3().object_bytes("lake", "out/2026-01-01/000000_0").unwrap_or_default();
    assert_eq!(String::from_utf8_lossy(&body), "alice,3\nbob,5\n");

    let mut w = world(1);
    let id = on_cluster(&mut w, activity("s3://lake/scripts/nope.q"));
    w.advance_to(90 * MIN);
    let inst = w.view().pipeline().instances_of(&id, "Copy");
    assert_eq!(inst[0].status, "FAILED");
    assert_eq!(
        inst[0].attempts[0].error.as_deref(),
        Some("The specified key does not exist: s3://lake/scripts/nope.q")
    );
}
