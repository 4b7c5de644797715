//! `aws datapipeline` against the engine's World, as the console runs it: the definition file
//! form through put-pipeline-definition's translator, then activate and query.

use aws_cli::{CliOutput, MemoryFiles};
use engine::{Command, World, WorldConfig};

use crate::support::CLI;

fn run(w: &mut World, line: &str) -> CliOutput {
    let mut send = |target: &str, body: &str| w.apply(Command::api(target, body)).result;
    CLI.run_with_files(line, &mut send, &mut MemoryFiles::new(), 1_767_225_600)
}

#[test]
fn a_definition_in_the_file_form_is_put_activated_and_run() {
    let mut w = World::new(WorldConfig::with_seed(3));
    let created = run(&mut w, "aws datapipeline create-pipeline --name hello --unique-id hello");
    assert_eq!(created.exit_code, 0, "{}", created.stderr);
    let v: serde_json::Value = serde_json::from_str(&created.stdout).unwrap_or_default();
    let id = v["pipelineId"].as_str().unwrap_or_default().to_string();
    let definition = r#"{"objects": [{"id": "Default", "scheduleType": "ondemand", "pipelineLogUri": "s3://lab/logs/"}, {"id": "Box", "name": "The box", "type": "Ec2Resource", "role": "DataPipelineDefaultRole", "resourceRole": "DataPipelineDefaultResourceRole", "terminateAfter": "1 hour"}, {"id": "Hello", "type": "ShellCommandActivity", "command": "echo hello", "runsOn": {"ref": "Box"}}]}"#;
    let put = run(&mut w, &format!("aws datapipeline put-pipeline-definition --pipeline-id {id} --pipeline-definition '{definition}'"));
    assert_eq!(put.exit_code, 0, "{}", put.stderr);
    assert_eq!(put.stdout, "{\n    \"validationErrors\": [],\n    \"validationWarnings\": [],\n    \"errored\": false\n}\n");
    // get-pipeline-definition prints the file form (the translator's api_to_definition).
    let got = run(&mut w, &format!("aws datapipeline get-pipeline-definition --pipeline-id {id} --query 'objects[1]' --output json"));
    assert_eq!(
        got.stdout,
        "{\n    \"id\": \"Box\",\n    \"name\": \"The box\",\n    \"resourceRole\": \"DataPipelineDefaultResourceRole\",\n    \"role\": \"DataPipelineDefaultRole\",\n    \"terminateAfter\": \"1 hour\",\n    \"type\": \"Ec2Resource\"\n}\n"
    );
    assert_eq!(
        run(&mut w, &format!("aws datapipeline activate-pipeline --pipeline-id {id}")).exit_code,
        0
    );
    w.advance_by(10 * 60_000);
    let q = run(&mut w, &format!("aws datapipeline query-objects --pipeline-id {id} --sphere INSTANCE --output text --query 'ids'"));
    assert_eq!(q.stdout.split_whitespace().count(), 2, "{}", q.stdout);
    let bad = run(&mut w, &format!("aws datapipeline put-pipeline-definition --pipeline-id {id} --pipeline-definition '{{\"nope\": []}}'"));
    assert_eq!(bad.stderr, "\nError in pipeline definition: Missing \"objects\" key\n");
}

fn run_in(w: &mut World, files: &mut MemoryFiles, line: &str) -> CliOutput {
    let mut send = |target: &str, body: &str| w.apply(Command::api(target, body)).result;
    CLI.run_with_files(line, &mut send, files, 1_767_225_600)
}

#[test]
fn file_urls_read_the_console_files_as_awscli_paramfile_does() {
    use aws_cli::LocalFiles;
    let mut w = World::new(WorldConfig::with_seed(3));
    let mut files = MemoryFiles::new();
    let created =
        run_in(&mut w, &mut files, "aws datapipeline create-pipeline --name f --unique-id f");
    let v: serde_json::Value = serde_json::from_str(&created.stdout).unwrap_or_default();
    let id = v["pipelineId"].as_str().unwrap_or_default().to_string();

    let missing = run_in(&mut w, &mut files, &format!("aws datapipeline put-pipeline-definition --pipeline-id {id} --pipeline-definition file://mydef.json"));
    assert_eq!(missing.stderr, "\nError parsing parameter '--pipeline-definition': Unable to load paramfile file://mydef.json: [Errno 2] No such file or directory: 'mydef.json'\n");
    assert_eq!(missing.exit_code, 252);

    let def = r#"{"objects": [{"id": "Default", "scheduleType": "ondemand", "pipelineLogUri": "s3://lab/logs/"}, {"id": "Hello", "type": "ShellCommandActivity", "command": "echo #{myGreeting}", "workerGroup": "wg"}], "parameters": [{"id": "myGreeting", "type": "String"}], "values": {"myGreeting": "hi"}}"#;
    files.write("defs/mydef.json", def.as_bytes().to_vec(), 0);
    files.write("values.json", br#"{"values": {"myGreeting": "hello"}}"#.to_vec(), 0);
    let dir = run_in(&mut w, &mut files, &format!("aws datapipeline put-pipeline-definition --pipeline-id {id} --pipeline-definition file://defs"));
    assert_eq!(dir.stderr, "\nError parsing parameter '--pipeline-definition': Unable to load paramfile file://defs: [Errno 21] Is a directory: 'defs'\n");

    let put = run_in(&mut w, &mut files, &format!("aws datapipeline put-pipeline-definition --pipeline-id {id} --pipeline-definition file://defs/mydef.json"));
    assert_eq!(put.exit_code, 0, "{}", put.stderr);
    assert!(put.stdout.contains("\"errored\": false"), "{}", put.stdout);
    let got = run_in(&mut w, &mut files, &format!("aws datapipeline get-pipeline-definition --pipeline-id {id} --query 'values' --output text"));
    assert_eq!(got.stdout, "hi\n");

    // The handlers run in awscli's order: the definition's values are already set when
    // --parameter-values-uri comes, so the CLI refuses both.
    let both = run_in(&mut w, &mut files, &format!("aws datapipeline put-pipeline-definition --pipeline-id {id} --pipeline-definition file://defs/mydef.json --parameter-values-uri file://values.json"));
    assert_eq!(both.stderr, "\nOnly parameter-values or parameter-values-uri is allowed\n");
    // ... while inline values come first and win over the definition's.
    let inline = run_in(&mut w, &mut files, &format!("aws datapipeline put-pipeline-definition --pipeline-id {id} --pipeline-definition file://defs/mydef.json --parameter-values myGreeting=hey"));
    assert_eq!(inline.exit_code, 0, "{}", inline.stderr);
    let got = run_in(&mut w, &mut files, &format!("aws datapipeline get-pipeline-definition --pipeline-id {id} --query 'values' --output text"));
    assert_eq!(got.stdout, "hey\n");

    let missing_uri = run_in(&mut w, &mut files, &format!("aws datapipeline activate-pipeline --pipeline-id {id} --parameter-values-uri file://v.json"));
    assert_eq!(missing_uri.stderr, "\nError parsing parameter '--parameter-values-uri': Unable to load paramfile file://v.json: [Errno 2] No such file or directory: 'v.json'\n");
    let activated = run_in(&mut w, &mut files, &format!("aws datapipeline activate-pipeline --pipeline-id {id} --parameter-values-uri file://values.json"));
    assert_eq!(activated.exit_code, 0, "{}", activated.stderr);
    let body = format!(r#"{{"pipelineId": "{id}", "version": "active"}}"#);
    let active = w.apply(Command::api("DataPipeline.GetPipelineDefinition", &body)).result;
    let active: serde_json::Value =
        serde_json::from_str(&active.unwrap_or_default()).unwrap_or_default();
    assert_eq!(
        active["parameterValues"],
        serde_json::json!([{"id": "myGreeting", "stringValue": "hello"}])
    );

    // validate-pipeline-definition has no customization: its --pipeline-objects file holds the
    // API form, read by the same paramfile.
    files.write("objects.json", br#"[{"id": "Schedule", "name": "Schedule", "fields": [{"key": "type", "stringValue": "Schedule"}, {"key": "period", "stringValue": "1 day"}, {"key": "startDateTime", "stringValue": "bad-time"}]}]"#.to_vec(), 0);
    let valid = run_in(&mut w, &mut files, &format!("aws datapipeline validate-pipeline-definition --pipeline-id {id} --pipeline-objects file://objects.json --output json"));
    assert!(
        valid.stdout.contains(
            "INVALID_FIELD_VALUE:  'startDateTime' value must be a literal datetime value."
        ),
        "{}{}",
        valid.stdout,
        valid.stderr
    );
}

/// The hello-world pipeline (an Ec2Resource and a ShellCommandActivity on it), activated at
/// 2026-01-01T00:00:00 and run for ten minutes; its id.
fn hello_run(w: &mut World) -> String {
    let created = run(w, "aws datapipeline create-pipeline --name runs --unique-id runs");
    let v: serde_json::Value = serde_json::from_str(&created.stdout).unwrap_or_default();
    let id = v["pipelineId"].as_str().unwrap_or_default().to_string();
    let definition = r#"{"objects": [{"id": "Default", "scheduleType": "ondemand", "pipelineLogUri": "s3://lab/logs/"}, {"id": "Box", "type": "Ec2Resource", "role": "DataPipelineDefaultRole", "resourceRole": "DataPipelineDefaultResourceRole", "terminateAfter": "1 hour"}, {"id": "Hello", "type": "ShellCommandActivity", "command": "echo hello", "runsOn": {"ref": "Box"}}]}"#;
    run(w, &format!("aws datapipeline put-pipeline-definition --pipeline-id {id} --pipeline-definition '{definition}'"));
    run(w, &format!("aws datapipeline activate-pipeline --pipeline-id {id}"));
    w.advance_by(10 * 60_000);
    id
}

fn run_at(w: &mut World, line: &str, now: i64) -> CliOutput {
    let mut send = |target: &str, body: &str| w.apply(Command::api(target, body)).result;
    CLI.run_with_files(line, &mut send, &mut MemoryFiles::new(), now)
}

#[test]
fn list_runs_prints_the_customization_s_table() {
    let mut w = World::new(WorldConfig::with_seed(3));
    let id = hello_run(&mut w);
    let ten_past = 1_767_225_600 + 600;
    let out = run_at(&mut w, &format!("aws datapipeline list-runs --pipeline-id {id}"), ten_past);
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, LIST_RUNS);
}
/// What ListRunsFormatter prints for the two runs (checked against awscli 1.45.11's own
/// formatter fed the same objects): fixed columns, trailing spaces kept, a blank line after
/// each run.
const LIST_RUNS: &str = "       Name                                                Scheduled Start      Status                 \n       ID                                                  Started              Ended              \n---------------------------------------------------------------------------------------------------\n   1.  Box                                                 2026-01-01T00:00:00  FINISHED               \n       @Box_2026-01-01T00:00:00                            2026-01-01T00:00:00  2026-01-01T00:07:00\n\n   2.  Hello                                               2026-01-01T00:00:00  FINISHED               \n       @Hello_2026-01-01T00:00:00                          2026-01-01T00:05:00  2026-01-01T00:06:00\n\n";

#[test]
fn list_runs_filters_and_formats_as_asked() {
    let mut w = World::new(WorldConfig::with_seed(3));
    let id = hello_run(&mut w);
    let ten_past = 1_767_225_600 + 600;
    let wide = "--schedule-interval 2026-01-01T00:00:00,2026-01-02T00:00:00";
    let finished = run_at(
        &mut w,
        &format!("aws datapipeline list-runs --pipeline-id {id} {wide} --status finished"),
        ten_past,
    );
    assert_eq!(finished.stdout, LIST_RUNS);
    let running = run_at(
        &mut w,
        &format!("aws datapipeline list-runs --pipeline-id {id} {wide} --status running,waiting"),
        ten_past,
    );
    assert_eq!(running.stdout.lines().count(), 3, "{}", running.stdout);
    let json = run_at(
        &mut w,
        &format!(
            r#"aws datapipeline list-runs --pipeline-id {id} {wide} --output json --query '[].["@componentParent", "@status"]'"#
        ),
        ten_past,
    );
    assert_eq!(
        json.stdout,
        "[\n    [\n        \"Box\",\n        \"FINISHED\"\n    ],\n    [\n        \"Hello\",\n        \"FINISHED\"\n    ]\n]\n"
    );
    // Before anything started, the default window (the four days up to the CLI's clock) is
    // empty: the heading alone.
    let early =
        run_at(&mut w, &format!("aws datapipeline list-runs --pipeline-id {id}"), 1_767_225_000);
    assert_eq!(early.stdout.lines().count(), 3, "{}", early.stdout);
}

#[test]
fn list_runs_refuses_what_the_customization_refuses() {
    let mut w = World::new(WorldConfig::with_seed(3));
    let id = hello_run(&mut w);
    let bad =
        run(&mut w, &format!("aws datapipeline list-runs --pipeline-id {id} --status FINISHED"));
    assert_eq!(bad.stderr, "\nInvalid status: FINISHED, must be one of: waiting, pending, cancelled, running, finished, failed, waiting_for_runner, waiting_on_dependencies, shutting_down\n");
    assert_eq!(bad.exit_code, 255);
    let one = run(
        &mut w,
        &format!(
            "aws datapipeline list-runs --pipeline-id {id} --start-interval 2026-01-01T00:00:00"
        ),
    );
    assert_eq!((one.stderr.as_str(), one.exit_code), ("\nlist index out of range\n", 255));
    let missing = run(&mut w, "aws datapipeline list-runs --pipeline-id df-0000000000000000000");
    assert_eq!(missing.exit_code, 254);
    assert!(
        missing.stderr.starts_with("\nAn error occurred (PipelineNotFoundException) when calling the QueryObjects operation: "),
        "{}",
        missing.stderr
    );
    let usage = run(&mut w, "aws datapipeline list-runs");
    assert!(
        usage
            .stderr
            .ends_with("aws: error: the following arguments are required: --pipeline-id\n\n"),
        "{}",
        usage.stderr
    );
    let unknown = run(&mut w, &format!("aws datapipeline list-runs --pipeline-id {id} --limit 3"));
    assert_eq!(unknown.stderr, "\nUnknown options: --limit,3\n");
}
