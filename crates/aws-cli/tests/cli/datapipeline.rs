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
    let got = run(&mut w, &format!("aws datapipeline get-pipeline-definition --pipeline-id {id} --query 'pipelineObjects[1]' --output json"));
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&got.stdout).unwrap_or_default(),
        serde_json::json!({"id": "Box", "name": "The box", "fields": [
            {"key": "resourceRole", "stringValue": "DataPipelineDefaultResourceRole"},
            {"key": "role", "stringValue": "DataPipelineDefaultRole"},
            {"key": "terminateAfter", "stringValue": "1 hour"},
            {"key": "type", "stringValue": "Ec2Resource"}
        ]})
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
    let got = run_in(&mut w, &mut files, &format!("aws datapipeline get-pipeline-definition --pipeline-id {id} --query 'parameterValues' --output text"));
    assert_eq!(got.stdout, "myGreeting\thi\n");

    // The handlers run in awscli's order: the definition's values are already set when
    // --parameter-values-uri comes, so the CLI refuses both.
    let both = run_in(&mut w, &mut files, &format!("aws datapipeline put-pipeline-definition --pipeline-id {id} --pipeline-definition file://defs/mydef.json --parameter-values-uri file://values.json"));
    assert_eq!(both.stderr, "\nOnly parameter-values or parameter-values-uri is allowed\n");
    // ... while inline values come first and win over the definition's.
    let inline = run_in(&mut w, &mut files, &format!("aws datapipeline put-pipeline-definition --pipeline-id {id} --pipeline-definition file://defs/mydef.json --parameter-values myGreeting=hey"));
    assert_eq!(inline.exit_code, 0, "{}", inline.stderr);
    let got = run_in(&mut w, &mut files, &format!("aws datapipeline get-pipeline-definition --pipeline-id {id} --query 'parameterValues' --output text"));
    assert_eq!(got.stdout, "myGreeting\they\n");

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
