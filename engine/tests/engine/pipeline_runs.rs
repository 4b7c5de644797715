//! Data Pipeline: definitions validated as AWS answers them, and pipelines run on the virtual
//! clock with exact states at exact times. The world starts at 2026-01-01T00:00:00.

use engine::pipeline::PipelineCommand;
use engine::s3::S3Command;
use engine::{Command, World};
use serde_json::{json, Value};

use super::support::{call, failure, world};

fn dp(w: &mut World, action: &str, body: Value) -> Result<Value, engine::api::ApiError> {
    call(w, "DataPipeline", action, body)
}

fn dp_ok(w: &mut World, action: &str, body: Value) -> Value {
    dp(w, action, body).unwrap_or_else(|e| panic!("{action}: {e}"))
}

fn s3(w: &mut World, c: S3Command) {
    w.apply(Command::S3(c)).result.unwrap_or_else(|e| panic!("{e}"));
}

fn put(w: &mut World, bucket: &str, key: &str, body: &str) {
    s3(w, S3Command::PutObject { bucket: bucket.into(), key: key.into(), body: body.into() });
}

/// `{"id", "name", "fields"}` from `(key, value)` pairs; a value `@X` is a reference to X.
fn object(id: &str, fields: &[(&str, &str)]) -> Value {
    let fields: Vec<Value> = fields
        .iter()
        .map(|(k, v)| match v.strip_prefix('@') {
            Some(r) => json!({"key": k, "refValue": r}),
            None => json!({"key": k, "stringValue": v}),
        })
        .collect();
    json!({"id": id, "name": id, "fields": fields})
}

fn create(w: &mut World, name: &str) -> String {
    let out = dp_ok(w, "CreatePipeline", json!({"name": name, "uniqueId": name}));
    out["pipelineId"].as_str().unwrap_or_default().to_string()
}

/// The daily S3-to-S3 copy: three days from 2026-01-01, cron style, on an Ec2Resource.
fn daily_copy(extra_default: &[(&str, &str)]) -> Vec<Value> {
    let mut default = vec![
        ("scheduleType", "cron"),
        ("failureAndRerunMode", "CASCADE"),
        ("pipelineLogUri", "s3://lab/logs/"),
        ("role", "DataPipelineDefaultRole"),
        ("resourceRole", "DataPipelineDefaultResourceRole"),
        ("schedule", "@Daily"),
    ];
    default.extend_from_slice(extra_default);
    vec![
        object("Default", &default),
        object(
            "Daily",
            &[
                ("type", "Schedule"),
                ("period", "1 day"),
                ("startDateTime", "2026-01-01T00:00:00"),
                ("occurrences", "3"),
            ],
        ),
        object("Raw", &[("type", "S3DataNode"), ("directoryPath", "s3://raw/in/")]),
        object(
            "Copied",
            &[
                ("type", "S3DataNode"),
                ("directoryPath", "s3://lab/out/#{format(@scheduledStartTime,'YYYY-MM-dd')}/"),
            ],
        ),
        object("Worker", &[("type", "Ec2Resource"), ("terminateAfter", "2 hours")]),
        object(
            "DailyCopy",
            &[
                ("type", "CopyActivity"),
                ("input", "@Raw"),
                ("output", "@Copied"),
                ("runsOn", "@Worker"),
                ("retryDelay", "10 minutes"),
            ],
        ),
    ]
}

/// Adds a field to a wire object built by [`object`].
fn add_field(o: &mut Value, field: Value) {
    if let Some(fields) = o["fields"].as_array_mut() {
        fields.push(field);
    }
}

fn define(w: &mut World, id: &str, objects: Vec<Value>) -> Value {
    dp_ok(w, "PutPipelineDefinition", json!({"pipelineId": id, "pipelineObjects": objects}))
}

fn buckets(w: &mut World) {
    s3(w, S3Command::CreateBucket { bucket: "raw".into() });
    s3(w, S3Command::CreateBucket { bucket: "lab".into() });
    put(w, "raw", "in/orders.csv", "1,apple\n2,pear\n");
}

fn status(w: &World, id: &str, instance: &str) -> String {
    let view = w.view().pipeline().pipeline(id).unwrap_or_else(|| panic!("no pipeline {id}"));
    view.instances
        .iter()
        .find(|i| i.id == instance)
        .map(|i| i.status.to_string())
        .unwrap_or_else(|| "(none)".into())
}

const MIN: u64 = 60_000;

#[test]
fn create_pipeline_is_idempotent_on_name_and_unique_id() {
    let mut w = world(1);
    let a = create(&mut w, "daily-copy");
    let b = create(&mut w, "daily-copy");
    assert_eq!(a, b);
    assert!(a.starts_with("df-") && a.len() == 22, "{a}");
    let other =
        dp_ok(&mut w, "CreatePipeline", json!({"name": "daily-copy", "uniqueId": "another"}));
    assert_ne!(other["pipelineId"], json!(a));
    let d = dp_ok(&mut w, "DescribePipelines", json!({"pipelineIds": [a]}));
    let fields = &d["pipelineDescriptionList"][0]["fields"];
    assert_eq!(fields[0], json!({"key": "@pipelineState", "stringValue": "PENDING"}));
    let (code, _) = failure(
        dp(&mut w, "DescribePipelines", json!({"pipelineIds": ["df-NOPE"]})),
        "DescribePipelines",
    );
    assert_eq!(code, "PipelineNotFoundException");
}

#[test]
fn validation_answers_per_object_with_awss_texts() {
    let mut w = world(1);
    let id = create(&mut w, "bad");
    let objects = vec![
        object("Default", &[("scheduleType", "cron")]),
        object(
            "Schedule",
            &[("type", "Schedule"), ("period", "5 minutes"), ("startDateTime", "bad-time")],
        ),
        object(
            "Copy",
            &[
                ("type", "CopyActivity"),
                ("input", "@Missing"),
                ("schedule", "@Schedule"),
                ("maximumRetries", "6"),
                ("retryDelay", "1 minute"),
                ("workerGroup", "wg"),
            ],
        ),
        object(
            "Box",
            &[
                ("type", "Ec2Resource"),
                ("role", "r"),
                ("resourceRole", "r"),
                ("schedule", "@Schedule"),
            ],
        ),
    ];
    let out = define(&mut w, &id, objects);
    assert_eq!(out["errored"], json!(true));
    assert_eq!(
        out["validationErrors"],
        json!([
            {"id": "Schedule", "errors": [
                "INVALID_FIELD_VALUE:  'period' must be at least 15 minutes.",
                "INVALID_FIELD_VALUE:  'startDateTime' value must be a literal datetime value."
            ]},
            {"id": "Copy", "errors": [
                "INVALID_REFERENCE:  'input' refers to 'Missing', which is not an object in this pipeline.",
                "MISSING_REQUIRED_FIELD:  'output' is required for an object of type CopyActivity.",
                "INVALID_FIELD_VALUE:  'maximumRetries' value must be an integer from 0 to 5.",
                "INVALID_FIELD_VALUE:  'retryDelay' must be at least 2 minutes."
            ]}
        ])
    );
    assert_eq!(
        out["validationWarnings"],
        json!([
            {"id": "Default", "warnings": ["'pipelineLogUri'is missing. It is recommended to set this value on Default object for better troubleshooting."]},
            {"id": "Box", "warnings": ["'terminateAfter' is missing. It is recommended to set this to avoid leaving resource running for long duration."]}
        ])
    );
    let (code, message) =
        failure(dp(&mut w, "ActivatePipeline", json!({"pipelineId": id})), "ActivatePipeline");
    assert_eq!(code, "InvalidRequestException");
    assert_eq!(
        message,
        "Pipeline definition has errors. Please call Validate to validate your pipeline"
    );
}

#[test]
fn an_empty_value_is_a_fatal_error_and_nothing_is_saved() {
    let mut w = world(1);
    let id = create(&mut w, "fatal");
    let objects = vec![
        json!({"id": "Default", "name": "Default", "fields": [{"key": "workerGroup", "stringValue": ""}]}),
    ];
    let (code, message) = failure(
        dp(&mut w, "PutPipelineDefinition", json!({"pipelineId": id, "pipelineObjects": objects})),
        "Put",
    );
    assert_eq!(code, "InvalidRequestException");
    assert!(message.starts_with("Pipeline definition has errors: Could not save the pipeline definition due to FATAL errors: [com.amazon.setl.webservice.ValidationError@"), "{message}");
    assert!(message.ends_with("] Please call Validate to validate your pipeline"));
    let got = dp_ok(&mut w, "GetPipelineDefinition", json!({"pipelineId": id}));
    assert_eq!(got["pipelineObjects"], json!([]));
}

#[test]
fn the_daily_copy_runs_three_times_with_one_retry() {
    let mut w = world(1);
    buckets(&mut w);
    let id = create(&mut w, "daily-copy");
    let out = define(&mut w, &id, daily_copy(&[]));
    assert_eq!(out, json!({"validationErrors": [], "validationWarnings": [], "errored": false}));
    w.apply(
        PipelineCommand::FailActivity {
            pipeline_id: id.clone(),
            object_id: "DailyCopy".into(),
            times: 1,
        }
        .into(),
    );
    w.advance_to(1_000);
    dp_ok(&mut w, "ActivatePipeline", json!({"pipelineId": id}));
    let first = "@DailyCopy_2026-01-01T00:00:00";
    assert_eq!(status(&w, &id, first), "WAITING_FOR_RUNNER");
    assert_eq!(status(&w, &id, "@Worker_2026-01-01T00:00:00"), "CREATING");
    assert_eq!(status(&w, &id, "@Raw_2026-01-01T00:00:00"), "FINISHED");
    assert_eq!(status(&w, &id, "@Copied_2026-01-01T00:00:00"), "WAITING_ON_DEPENDENCIES");
    // The Ec2Resource boots in 5 minutes, the attempt runs a minute and fails (the fault).
    w.advance_to(5 * MIN + 1_000);
    assert_eq!(status(&w, &id, "@Worker_2026-01-01T00:00:00"), "RUNNING");
    assert_eq!(status(&w, &id, first), "RUNNING");
    w.advance_to(6 * MIN + 1_000);
    assert_eq!(status(&w, &id, first), "WAITING_FOR_RUNNER");
    // The retry comes retryDelay (10 minutes) later, on the same resource.
    w.advance_to(16 * MIN);
    assert_eq!(status(&w, &id, first), "WAITING_FOR_RUNNER");
    w.advance_to(16 * MIN + 1_000);
    assert_eq!(status(&w, &id, first), "RUNNING");
    w.advance_to(17 * MIN + 1_000);
    assert_eq!(status(&w, &id, first), "FINISHED");
    assert_eq!(status(&w, &id, "@Copied_2026-01-01T00:00:00"), "FINISHED");
    assert_eq!(status(&w, &id, "@Worker_2026-01-01T00:00:00"), "SHUTTING_DOWN");
    w.advance_to(3 * 24 * 60 * MIN);
    let view = w.view().pipeline().pipeline(&id).unwrap_or_else(|| panic!("pipeline"));
    let copies: Vec<_> = view.instances.iter().filter(|i| i.component == "DailyCopy").collect();
    assert_eq!(copies.iter().map(|i| i.status).collect::<Vec<_>>(), ["FINISHED"; 3]);
    assert_eq!(copies.iter().map(|i| i.attempts.len()).sum::<usize>(), 4);
    assert_eq!(
        copies[0].attempts[0].error.as_deref(),
        Some("Activity failed: a fault the learner injected (sandbox)")
    );
    assert_eq!(view.state, "FINISHED");
    let objects: Vec<String> =
        w.view().s3().objects("lab", "out/").into_iter().map(|o| o.key).collect();
    assert_eq!(
        objects,
        ["out/2026-01-01/orders.csv", "out/2026-01-02/orders.csv", "out/2026-01-03/orders.csv"]
    );
    // The instance as DescribeObjects shows it.
    let d = dp_ok(&mut w, "DescribeObjects", json!({"pipelineId": id, "objectIds": [first]}));
    let fields = d["pipelineObjects"][0]["fields"].as_array().cloned().unwrap_or_default();
    let get = |k: &str| {
        fields
            .iter()
            .find(|f| f["key"] == k)
            .map(|f| f.get("stringValue").or(f.get("refValue")).cloned().unwrap_or_default())
    };
    assert_eq!(get("@status"), Some(json!("FINISHED")));
    assert_eq!(get("@attemptCount"), Some(json!("2")));
    assert_eq!(get("@triesLeft"), Some(json!("1")));
    assert_eq!(get("@headAttempt"), Some(json!("@DailyCopy_2026-01-01T00:00:00_Attempt=2")));
    let q = dp_ok(
        &mut w,
        "QueryObjects",
        json!({"pipelineId": id, "sphere": "ATTEMPT", "query": {"selectors": [{"fieldName": "@status", "operator": {"type": "EQ", "values": ["FAILED"]}}]}}),
    );
    assert_eq!(q["ids"], json!(["@DailyCopy_2026-01-01T00:00:00_Attempt=1"]));
}

#[test]
fn timeseries_runs_at_the_end_of_the_period_cron_at_its_start() {
    for (kind, expected) in [("cron", "RUNNING"), ("timeseries", "(none)")] {
        let mut w = world(1);
        buckets(&mut w);
        let id = create(&mut w, kind);
        define(
            &mut w,
            &id,
            daily_copy(&[])
                .into_iter()
                .map(|mut o| {
                    if o["id"] == "Default" {
                        o["fields"][0]["stringValue"] = json!(kind);
                    }
                    o
                })
                .collect(),
        );
        w.advance_to(1_000);
        dp_ok(&mut w, "ActivatePipeline", json!({"pipelineId": id}));
        w.advance_to(5 * MIN + 1_000);
        assert_eq!(status(&w, &id, "@DailyCopy_2026-01-01T00:00:00"), expected, "{kind}");
    }
}

/// The scheduler reads the definition it activated, read once per activation: a definition
/// put while the pipeline runs changes nothing until the pipeline is activated again.
#[test]
fn a_new_definition_schedules_from_the_next_activation() {
    for reactivate in [false, true] {
        let mut w = world(1);
        buckets(&mut w);
        let id = create(&mut w, "redefined");
        define(&mut w, &id, daily_copy(&[]));
        w.advance_to(1_000);
        dp_ok(&mut w, "ActivatePipeline", json!({"pipelineId": id}));
        w.advance_to(60 * MIN);
        assert_eq!(status(&w, &id, "@DailyCopy_2026-01-01T00:00:00"), "FINISHED");
        let hourly: Vec<Value> = daily_copy(&[])
            .into_iter()
            .map(|mut o| {
                if o["id"] == "Daily" {
                    o["fields"][1]["stringValue"] = json!("1 hour");
                }
                o
            })
            .collect();
        define(&mut w, &id, hourly);
        w.advance_to(23 * 60 * MIN);
        if reactivate {
            dp_ok(&mut w, "DeactivatePipeline", json!({"pipelineId": id}));
            dp_ok(&mut w, "ActivatePipeline", json!({"pipelineId": id}));
        }
        w.advance_to(27 * 60 * MIN);
        // The second period starts a day after the first either way; the third an hour after
        // the second only once the hourly schedule is activated.
        assert_eq!(status(&w, &id, "@DailyCopy_2026-01-02T00:00:00"), "FINISHED");
        let expected = if reactivate { "FINISHED" } else { "(none)" };
        assert_eq!(
            status(&w, &id, "@DailyCopy_2026-01-02T01:00:00"),
            expected,
            "reactivated: {reactivate}"
        );
    }
}

#[test]
fn failures_exhaust_the_retries_then_cascade_and_alarm() {
    let mut w = world(1);
    buckets(&mut w);
    let id = create(&mut w, "fails");
    let mut objects = daily_copy(&[]);
    objects.push(object(
        "Alarm",
        &[
            ("type", "SnsAlarm"),
            ("topicArn", "arn:aws:sns:us-east-1:000000000000:ops"),
            ("role", "r"),
            ("subject", "Copy failed"),
            ("message", "#{node.@id} failed"),
        ],
    ));
    objects.push(object(
        "Report",
        &[
            ("type", "ShellCommandActivity"),
            ("command", "echo done"),
            ("dependsOn", "@DailyCopy"),
            ("runsOn", "@Worker"),
        ],
    ));
    for o in objects.iter_mut().filter(|o| o["id"] == "DailyCopy") {
        add_field(o, json!({"key": "onFail", "refValue": "Alarm"}));
        add_field(o, json!({"key": "maximumRetries", "stringValue": "1"}));
    }
    define(&mut w, &id, objects);
    w.apply(
        PipelineCommand::FailActivity {
            pipeline_id: id.clone(),
            object_id: "DailyCopy".into(),
            times: 2,
        }
        .into(),
    );
    w.advance_to(1_000);
    dp_ok(&mut w, "ActivatePipeline", json!({"pipelineId": id}));
    w.advance_to(30 * MIN);
    let first = "@DailyCopy_2026-01-01T00:00:00";
    assert_eq!(status(&w, &id, first), "FAILED");
    assert_eq!(status(&w, &id, "@Report_2026-01-01T00:00:00"), "CASCADE_FAILED");
    assert_eq!(status(&w, &id, "@Copied_2026-01-01T00:00:00"), "CASCADE_FAILED");
    let view = w.view().pipeline().pipeline(&id).unwrap_or_else(|| panic!("pipeline"));
    assert_eq!(view.notifications.len(), 1);
    assert_eq!(view.notifications[0].message, "@DailyCopy_2026-01-01T00:00:00 failed");
    // Rerun: the copy runs again and the cascade-failed consumers with it.
    dp_ok(&mut w, "SetStatus", json!({"pipelineId": id, "objectIds": [first], "status": "RERUN"}));
    w.advance_to(40 * MIN);
    assert_eq!(status(&w, &id, first), "FINISHED");
    assert_eq!(status(&w, &id, "@Report_2026-01-01T00:00:00"), "FINISHED");
    let (code, msg) = failure(
        dp(
            &mut w,
            "SetStatus",
            json!({"pipelineId": id, "objectIds": [first, "DailyCopy"], "status": "RERUN"}),
        ),
        "SetStatus",
    );
    assert_eq!(
        (code.as_str(), msg.as_str()),
        (
            "InvalidRequestException",
            "The objects must be either physical or components, but not a mix of both types."
        )
    );
}

#[test]
fn a_precondition_waits_for_the_file_then_times_out_when_it_never_comes() {
    for (arrives, expected) in [(true, "FINISHED"), (false, "CASCADE_FAILED")] {
        let mut w = world(1);
        buckets(&mut w);
        let id = create(&mut w, "waits");
        let mut objects = daily_copy(&[]);
        objects.push(object(
            "Ready",
            &[
                ("type", "S3KeyExists"),
                ("role", "r"),
                ("s3Key", "s3://raw/in/_SUCCESS"),
                ("preconditionTimeout", "1 hour"),
            ],
        ));
        for o in objects.iter_mut().filter(|o| o["id"] == "Raw") {
            add_field(o, json!({"key": "precondition", "refValue": "Ready"}));
        }
        define(&mut w, &id, objects);
        w.advance_to(1_000);
        dp_ok(&mut w, "ActivatePipeline", json!({"pipelineId": id}));
        w.advance_to(20 * MIN);
        assert_eq!(status(&w, &id, "@Raw_2026-01-01T00:00:00"), "WAITING_ON_DEPENDENCIES");
        assert_eq!(status(&w, &id, "@DailyCopy_2026-01-01T00:00:00"), "WAITING_ON_DEPENDENCIES");
        if arrives {
            put(&mut w, "raw", "in/_SUCCESS", "");
        }
        w.advance_to(2 * 60 * MIN);
        assert_eq!(
            status(&w, &id, "@DailyCopy_2026-01-01T00:00:00"),
            expected,
            "arrives: {arrives}"
        );
    }
}

#[test]
fn a_worker_group_task_waits_for_its_runner() {
    let mut w = world(1);
    buckets(&mut w);
    let id = create(&mut w, "onprem");
    let objects = vec![
        object("Default", &[("scheduleType", "ondemand"), ("pipelineLogUri", "s3://lab/logs/")]),
        object(
            "Export",
            &[
                ("type", "ShellCommandActivity"),
                ("command", "echo rows from the on-premises database > s3://lab/onprem/export.csv"),
                ("workerGroup", "datacenter"),
            ],
        ),
    ];
    define(&mut w, &id, objects);
    dp_ok(&mut w, "ActivatePipeline", json!({"pipelineId": id}));
    w.advance_to(30 * MIN);
    let inst = w.view().pipeline().instances_of(&id, "Export");
    assert_eq!(inst.len(), 1);
    assert_eq!(inst[0].status, "WAITING_FOR_RUNNER");
    w.apply(
        PipelineCommand::SetTaskRunner { worker_group: "datacenter".into(), running: true }.into(),
    );
    w.advance_to(32 * MIN);
    assert_eq!(w.view().pipeline().instances_of(&id, "Export")[0].status, "FINISHED");
    let body = w.view().s3().object_bytes("lab", "onprem/export.csv");
    assert_eq!(body.as_deref(), Some(&b"rows from the on-premises database\n"[..]));
}

#[test]
fn a_start_more_than_a_day_ago_blocks_activation() {
    let mut w = world(1);
    buckets(&mut w);
    let id = create(&mut w, "backfill");
    define(&mut w, &id, daily_copy(&[]));
    w.advance_to(3 * 24 * 60 * MIN);
    let (code, msg) =
        failure(dp(&mut w, "ActivatePipeline", json!({"pipelineId": id})), "ActivatePipeline");
    assert_eq!(code, "InvalidRequestException");
    assert!(
        msg.starts_with("Pipeline activation was blocked to prevent an accidental backfill"),
        "{msg}"
    );
}

#[test]
fn garbage_never_panics() {
    let mut w = world(1);
    let id = create(&mut w, "junk");
    for body in
        ["", "{", "[]", "{\"pipelineId\":5}", "{\"pipelineId\":\"x\",\"pipelineObjects\":[{}]}"]
    {
        for action in [
            "PutPipelineDefinition",
            "ActivatePipeline",
            "DescribeObjects",
            "QueryObjects",
            "SetStatus",
            "EvaluateExpression",
            "PollForTask",
            "SetTaskStatus",
        ] {
            let _ = call(&mut w, "DataPipeline", action, body);
        }
    }
    let (code, _) = failure(
        dp(
            &mut w,
            "EvaluateExpression",
            json!({"pipelineId": id, "objectId": "x", "expression": "#{"}),
        ),
        "Evaluate",
    );
    assert_eq!(code, "InvalidRequestException");
}

#[test]
fn parameters_and_expressions_name_the_output_and_the_definition_round_trips() {
    let mut w = world(1);
    buckets(&mut w);
    let id = create(&mut w, "params");
    let mut objects = daily_copy(&[]);
    for o in objects.iter_mut().filter(|o| o["id"] == "Copied") {
        o["fields"][1]["stringValue"] =
            json!("#{myOutput}/#{format(@scheduledStartTime,'YYYY-MM-dd-HH')}");
    }
    let params = json!([{"id": "myOutput", "attributes": [{"key": "type", "stringValue": "String"}, {"key": "default", "stringValue": "s3://lab/default"}]}]);
    let put = json!({"pipelineId": id, "pipelineObjects": objects, "parameterObjects": params, "parameterValues": [{"id": "myOutput", "stringValue": "s3://lab/chosen"}]});
    dp_ok(&mut w, "PutPipelineDefinition", put);
    let got = dp_ok(&mut w, "GetPipelineDefinition", json!({"pipelineId": id}));
    assert_eq!(
        got["parameterValues"],
        json!([{"id": "myOutput", "stringValue": "s3://lab/chosen"}])
    );
    assert_eq!(
        got["pipelineObjects"][3]["fields"][1]["stringValue"],
        json!("#{myOutput}/#{format(@scheduledStartTime,'YYYY-MM-dd-HH')}")
    );
    w.advance_to(1_000);
    dp_ok(&mut w, "ActivatePipeline", json!({"pipelineId": id}));
    w.advance_to(30 * MIN);
    let keys: Vec<String> =
        w.view().s3().objects("lab", "chosen/").into_iter().map(|o| o.key).collect();
    assert_eq!(keys, ["chosen/2026-01-01-00/orders.csv"]);
    let e = dp_ok(
        &mut w,
        "EvaluateExpression",
        json!({"pipelineId": id, "objectId": "@DailyCopy_2026-01-01T00:00:00", "expression": "#{output.directoryPath} at #{plusDays(@scheduledStartTime,1)}"}),
    );
    assert_eq!(
        e["evaluatedExpression"],
        json!("s3://lab/chosen/2026-01-01-00 at 2026-01-02T00:00:00")
    );
    dp_ok(&mut w, "DeactivatePipeline", json!({"pipelineId": id}));
    let d = dp_ok(&mut w, "DescribePipelines", json!({"pipelineIds": [id]}));
    assert_eq!(
        d["pipelineDescriptionList"][0]["fields"][0],
        json!({"key": "@pipelineState", "stringValue": "INACTIVE"})
    );
    let l = dp_ok(&mut w, "ListPipelines", json!({}));
    assert_eq!(l["pipelineIdList"], json!([{"id": id, "name": "params"}]));
    dp_ok(&mut w, "DeletePipeline", json!({"pipelineId": id}));
    let (code, _) =
        failure(dp(&mut w, "DescribePipelines", json!({"pipelineIds": [id]})), "DescribePipelines");
    assert_eq!(code, "PipelineDeletedException");
}
