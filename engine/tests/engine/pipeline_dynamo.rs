//! Data Pipeline's DynamoDBDataNode and its system-managed preconditions over the sandbox's
//! DynamoDB tables: DynamoDBTableExists holds once the table exists, DynamoDBDataExists once it
//! holds an item; both are checked again every 5 minutes until their preconditionTimeout, as the
//! S3 preconditions are. The world starts at 2026-01-01T00:00:00.

use engine::pipeline::PipelineCommand;
use engine::{Command, World};
use serde_json::{json, Value};

use super::support::{dp, lake_pipeline, on_demand_default, pipeline_status, world};

const MIN: u64 = 60_000;

fn create(w: &mut World, table: &str) -> Result<String, (String, String)> {
    let c =
        PipelineCommand::CreateDynamoTable { table_name: table.into(), partition_key: "id".into() };
    w.apply(Command::from(c)).result.map_err(|e| (e.code.to_string(), e.message))
}

fn put_item(w: &mut World, table: &str, item: Value) -> Result<String, (String, String)> {
    let c = PipelineCommand::PutDynamoItem { table_name: table.into(), item: item.to_string() };
    w.apply(Command::from(c)).result.map_err(|e| (e.code.to_string(), e.message))
}

/// An on-demand pipeline whose input `Events` (the DynamoDB table `events`) is guarded by the
/// precondition `Ready` of `type_name` (1 hour timeout); the activity writes s3://lake/out/done.txt.
fn guarded(w: &mut World, type_name: &str) -> String {
    let id = lake_pipeline(w, "ddb");
    let text = |k: &str, v: &str| json!({"key": k, "stringValue": v});
    let refv = |k: &str, v: &str| json!({"key": k, "refValue": v});
    let objects = json!([
        on_demand_default(),
        {"id": "Box", "name": "Box", "fields": [text("type", "Ec2Resource"), text("terminateAfter", "2 hours")]},
        {"id": "Ready", "name": "Ready", "fields": [text("type", type_name), text("tableName", "#{node.tableName}"),
            text("preconditionTimeout", "1 hour")]},
        {"id": "Events", "name": "Events", "fields": [
            text("type", "DynamoDBDataNode"), text("tableName", "events"), refv("precondition", "Ready")]},
        {"id": "Work", "name": "Work", "fields": [
            text("type", "ShellCommandActivity"), refv("runsOn", "Box"), refv("input", "Events"),
            text("command", "echo done > s3://lake/out/done.txt")]},
    ]);
    let put = dp(w, "PutPipelineDefinition", json!({"pipelineId": id, "pipelineObjects": objects}));
    assert_eq!(put["errored"], json!(false), "{put}");
    dp(w, "ActivatePipeline", json!({"pipelineId": id}));
    id
}

fn ready(w: &World, id: &str) -> (String, String, Option<String>) {
    let i = w.view().pipeline().instances_of(id, "Ready").remove(0);
    let a = &i.attempts[0];
    (a.started.clone(), a.ended.clone().unwrap_or_default(), a.error.clone())
}

#[test]
fn table_exists_holds_at_the_first_check_after_the_table_is_created() {
    let mut w = world(5);
    let id = guarded(&mut w, "DynamoDBTableExists");
    w.advance_to(20 * MIN);
    assert_eq!(pipeline_status(&w, &id, "Ready"), "RUNNING");
    assert_eq!(pipeline_status(&w, &id, "Events"), "WAITING_ON_DEPENDENCIES");
    assert_eq!(pipeline_status(&w, &id, "Work"), "WAITING_ON_DEPENDENCIES");
    // Made at 00:20, after that time's check: the next, at 00:25, finds it (empty is enough).
    assert_eq!(create(&mut w, "events"), Ok("{}".into()));
    w.advance_to(60 * MIN);
    assert_eq!(ready(&w, &id), ("2026-01-01T00:00:00".into(), "2026-01-01T00:25:00".into(), None));
    assert_eq!(pipeline_status(&w, &id, "Events"), "FINISHED");
    assert_eq!(pipeline_status(&w, &id, "Work"), "FINISHED");
    let body = w.view().s3().object_bytes("lake", "out/done.txt");
    assert_eq!(body.as_deref(), Some(&b"done\n"[..]));
}

#[test]
fn data_exists_waits_for_an_item_not_just_the_table() {
    let mut w = world(5);
    assert_eq!(create(&mut w, "events"), Ok("{}".into()));
    let id = guarded(&mut w, "DynamoDBDataExists");
    w.advance_to(30 * MIN);
    assert_eq!(pipeline_status(&w, &id, "Ready"), "RUNNING");
    put_item(&mut w, "events", json!({"id": {"S": "e-1"}, "kind": {"S": "click"}}))
        .unwrap_or_default();
    w.advance_to(60 * MIN);
    assert_eq!(ready(&w, &id), ("2026-01-01T00:00:00".into(), "2026-01-01T00:35:00".into(), None));
    assert_eq!(pipeline_status(&w, &id, "Work"), "FINISHED");
    let (key, items) = w.view().pipeline().dynamo_table("events").unwrap_or_default();
    assert_eq!(
        (key.as_str(), items),
        ("id", vec![r#"{"id":{"S":"e-1"},"kind":{"S":"click"}}"#.to_string()])
    );
}

#[test]
fn data_exists_on_an_empty_table_times_out_and_cascades() {
    let mut w = world(5);
    assert_eq!(create(&mut w, "events"), Ok("{}".into()));
    let id = guarded(&mut w, "DynamoDBDataExists");
    w.advance_to(120 * MIN);
    assert_eq!(pipeline_status(&w, &id, "Ready"), "FAILED");
    assert_eq!(
        ready(&w, &id),
        (
            "2026-01-01T00:00:00".into(),
            "2026-01-01T01:00:00".into(),
            Some("Precondition check timed out: preconditionTimeout reached".into())
        )
    );
    assert_eq!(pipeline_status(&w, &id, "Events"), "CASCADE_FAILED");
    assert_eq!(pipeline_status(&w, &id, "Work"), "CASCADE_FAILED");
}

#[test]
fn the_learners_tables_answer_with_dynamodbs_errors() {
    let mut w = world(5);
    let not_found =
        ("ResourceNotFoundException".to_string(), "Requested resource not found".to_string());
    assert_eq!(put_item(&mut w, "events", json!({"id": {"S": "1"}})), Err(not_found));
    create(&mut w, "events").unwrap_or_default();
    assert_eq!(
        create(&mut w, "events"),
        Err(("ResourceInUseException".into(), "Table already exists: events".into()))
    );
    assert_eq!(
        create(&mut w, "ev"),
        Err(("ValidationException".into(), "1 validation error detected: Value 'ev' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3".into()))
    );
    assert_eq!(
        put_item(&mut w, "events", json!({"kind": {"S": "click"}})),
        Err((
            "ValidationException".into(),
            "One or more parameter values were invalid: Missing the key id in the item".into()
        ))
    );
}

#[test]
fn the_dynamodb_objects_required_fields_and_the_exists_precondition_are_validated() {
    let mut w = world(5);
    let id = lake_pipeline(&mut w, "v");
    let text = |k: &str, v: &str| json!({"key": k, "stringValue": v});
    let refv = |k: &str, v: &str| json!({"key": k, "refValue": v});
    let objects = json!([
        {"id": "Default", "name": "Default", "fields": [text("scheduleType", "ondemand"), text("pipelineLogUri", "s3://lake/logs/")]},
        {"id": "Table", "name": "Table", "fields": [text("type", "DynamoDBTableExists")]},
        {"id": "Data", "name": "Data", "fields": [text("type", "DynamoDBDataExists"), text("role", "r")]},
        {"id": "There", "name": "There", "fields": [text("type", "Exists")]},
        {"id": "Events", "name": "Events", "fields": [text("type", "DynamoDBDataNode"), refv("precondition", "There")]},
    ]);
    let v = dp(
        &mut w,
        "ValidatePipelineDefinition",
        json!({"pipelineId": id, "pipelineObjects": objects}),
    );
    assert_eq!(
        v["validationErrors"],
        json!([
            {"id": "Table", "errors": [
                "MISSING_REQUIRED_FIELD:  'role' is required for an object of type DynamoDBTableExists.",
                "MISSING_REQUIRED_FIELD:  'tableName' is required for an object of type DynamoDBTableExists."]},
            {"id": "Data", "errors": [
                "MISSING_REQUIRED_FIELD:  'tableName' is required for an object of type DynamoDBDataExists."]},
            {"id": "Events", "errors": [
                "MISSING_REQUIRED_FIELD:  'tableName' is required for an object of type DynamoDBDataNode.",
                "INVALID_FIELD_VALUE:  a DynamoDBDataNode does not support the Exists precondition."]},
        ])
    );
}
