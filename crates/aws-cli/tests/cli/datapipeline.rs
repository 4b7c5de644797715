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
