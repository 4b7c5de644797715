//! Data Pipeline's RedshiftCopyActivity and SqlActivity against the sandbox's Redshift (the
//! tables Firehose's Redshift destination loads): rows per insertMode, the table created from
//! `createTableSql`, the failures, and the validation texts for missing required fields. The
//! world starts at 2026-01-01T00:00:00.

use serde_json::{json, Value};

use super::support::{call, world};

const MIN: u64 = 60_000;
const URL: &str = "jdbc:redshift://warehouse.sandbox.us-east-1.redshift.amazonaws.com:5439/dev";

fn dp(w: &mut engine::World, action: &str, body: Value) -> Value {
    call(w, "DataPipeline", action, body).unwrap_or_else(|e| panic!("{action}: {e}"))
}

fn put_s3(w: &mut engine::World, key: &str, text: &str) {
    use base64::Engine as _;
    let body = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    let _ = call(w, "s3", "CreateBucket", json!({"Bucket": "lake"}));
    call(w, "s3", "PutObject", json!({"Bucket": "lake", "Key": key, "Body": body}))
        .unwrap_or_else(|e| panic!("put {key}: {e}"));
}

fn text(k: &str, v: &str) -> Value {
    json!({"key": k, "stringValue": v})
}

fn reference(k: &str, v: &str) -> Value {
    json!({"key": k, "refValue": v})
}

fn object(id: &str, fields: Vec<Value>) -> Value {
    json!({"id": id, "name": id, "fields": fields})
}

/// Day 1 (ids 1-3) is APPENDed, then day 2 (id 2 again with a new amount, and id 4) is loaded
/// with `mode`: an on-demand pipeline of two RedshiftCopyActivities on one Ec2Resource.
fn objects(mode: &str, create_table: bool) -> Value {
    let mut table = vec![
        text("type", "RedshiftDataNode"),
        reference("database", "Warehouse"),
        text("tableName", "orders"),
    ];
    if create_table {
        table.push(text(
            "createTableSql",
            "create table orders (id int primary key distkey, customer varchar(20), amount decimal(8,2))",
        ));
    }
    let copy = |id: &str, input: &str, mode: &str| {
        let mut f = vec![
            text("type", "RedshiftCopyActivity"),
            reference("input", input),
            reference("output", "Orders"),
            text("insertMode", mode),
            reference("runsOn", "Box"),
            text("maximumRetries", "0"),
        ];
        if id == "Day2" {
            f.push(reference("dependsOn", "Day1"));
        }
        object(id, f)
    };
    json!([
        object(
            "Default",
            vec![
                text("scheduleType", "ondemand"),
                text("failureAndRerunMode", "CASCADE"),
                text("role", "DataPipelineDefaultRole"),
                text("resourceRole", "DataPipelineDefaultResourceRole"),
                text("pipelineLogUri", "s3://lake/logs/")
            ]
        ),
        object("Box", vec![text("type", "Ec2Resource"), text("terminateAfter", "1 hour")]),
        object("Csv", vec![text("type", "CSV")]),
        object(
            "Warehouse",
            vec![
                text("type", "RedshiftDatabase"),
                text("clusterId", "warehouse"),
                text("databaseName", "dev"),
                text("username", "admin"),
                text("*password", "secret")
            ]
        ),
        object("Orders", table),
        object(
            "DayOne",
            vec![
                text("type", "S3DataNode"),
                text("filePath", "s3://lake/orders/day1.csv"),
                reference("dataFormat", "Csv")
            ]
        ),
        object(
            "DayTwo",
            vec![
                text("type", "S3DataNode"),
                text("filePath", "s3://lake/orders/day2.csv"),
                reference("dataFormat", "Csv")
            ]
        ),
        copy("Day1", "DayOne", "APPEND"),
        copy("Day2", "DayTwo", mode),
    ])
}

fn run(mode: &str, create_table: bool) -> (engine::World, String) {
    let mut w = world(7);
    put_s3(&mut w, "orders/day1.csv", "1,alice,10\n2,bob,20\n3,carol,30\n");
    put_s3(&mut w, "orders/day2.csv", "2,bob,25\n4,dan,40\n");
    let id = dp(&mut w, "CreatePipeline", json!({"name": "load", "uniqueId": "load"}))
        ["pipelineId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let put = dp(
        &mut w,
        "PutPipelineDefinition",
        json!({"pipelineId": id, "pipelineObjects": objects(mode, create_table)}),
    );
    assert_eq!(put["errored"], json!(false), "{put}");
    dp(&mut w, "ActivatePipeline", json!({"pipelineId": id}));
    w.advance_to(30 * MIN);
    (w, id)
}

fn status(w: &engine::World, id: &str, component: &str) -> (String, Option<String>) {
    let i = w.view().pipeline().instances_of(id, component).last().cloned();
    i.map(|i| (i.status.to_string(), i.error)).unwrap_or(("(none)".into(), None))
}

/// The table's rows as `id:customer:amount`.
fn rows(w: &engine::World) -> Vec<String> {
    let t = w.view().firehose().redshift_table(URL, "orders");
    let t = t
        .unwrap_or_else(|| panic!("no table; tables: {:?}", w.view().firehose().redshift_tables()));
    assert_eq!(t.columns, ["id", "customer", "amount"]);
    t.rows
        .iter()
        .map(|r| r.iter().map(|c| c.clone().unwrap_or_default()).collect::<Vec<_>>().join(":"))
        .collect()
}

#[test]
fn append_adds_every_row_even_a_key_already_there() {
    let (w, id) = run("APPEND", true);
    assert_eq!(status(&w, &id, "Day2").0, "FINISHED");
    assert_eq!(rows(&w), ["1:alice:10", "2:bob:20", "3:carol:30", "2:bob:25", "4:dan:40"]);
    let log = w.view().pipeline().instances_of(&id, "Day2").last().map(|i| i.stdout.clone());
    assert_eq!(
        log.as_deref(),
        Some("APPEND: read 2 row(s); inserted 2, replaced 0, kept existing 0, truncated 0; orders now holds 5 row(s)\n")
    );
}

#[test]
fn keep_existing_adds_only_new_keys_and_leaves_existing_rows_unmodified() {
    let (w, id) = run("KEEP_EXISTING", true);
    assert_eq!(status(&w, &id, "Day2").0, "FINISHED");
    assert_eq!(rows(&w), ["1:alice:10", "2:bob:20", "3:carol:30", "4:dan:40"]);
}

#[test]
fn overwrite_existing_replaces_rows_with_the_same_key() {
    let (w, id) = run("OVERWRITE_EXISTING", true);
    assert_eq!(status(&w, &id, "Day2").0, "FINISHED");
    assert_eq!(rows(&w), ["1:alice:10", "3:carol:30", "2:bob:25", "4:dan:40"]);
}

#[test]
fn truncate_deletes_all_the_data_before_writing_the_new_data() {
    let (w, id) = run("TRUNCATE", true);
    assert_eq!(status(&w, &id, "Day2").0, "FINISHED");
    assert_eq!(rows(&w), ["2:bob:25", "4:dan:40"]);
}

#[test]
fn without_create_table_sql_a_missing_table_fails_the_copy_and_cascades() {
    let (w, id) = run("APPEND", false);
    let (s, error) = status(&w, &id, "Day1");
    assert_eq!(s, "FAILED");
    assert_eq!(error.as_deref(), Some("ERROR: relation \"orders\" does not exist"));
    assert_eq!(status(&w, &id, "Day2").0, "CASCADE_FAILED");
}

#[test]
fn an_sql_activity_runs_its_script_with_script_arguments() {
    let mut w = world(7);
    let id = dp(&mut w, "CreatePipeline", json!({"name": "sql", "uniqueId": "sql"}))["pipelineId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let objects = json!([
        object("Default", vec![text("scheduleType", "ondemand"), text("pipelineLogUri", "s3://lake/logs/"),
            text("role", "DataPipelineDefaultRole"), text("resourceRole", "DataPipelineDefaultResourceRole")]),
        object("Box", vec![text("type", "Ec2Resource"), text("terminateAfter", "1 hour")]),
        object("Warehouse", vec![text("type", "RedshiftDatabase"), text("clusterId", "warehouse"),
            text("username", "admin"), text("*password", "secret")]),
        object("Report", vec![text("type", "SqlActivity"), reference("database", "Warehouse"), reference("runsOn", "Box"),
            text("script", "create table orders (id int primary key, customer varchar(20), amount int); insert into orders values (1, 'alice', 10), (2, 'bob', 20), (3, ?, 30); delete from orders where amount < ?; select count(*) from orders"),
            text("scriptArgument", "carol"), text("scriptArgument", "15")]),
    ]);
    let put =
        dp(&mut w, "PutPipelineDefinition", json!({"pipelineId": id, "pipelineObjects": objects}));
    assert_eq!(put["errored"], json!(false), "{put}");
    dp(&mut w, "ActivatePipeline", json!({"pipelineId": id}));
    w.advance_to(30 * MIN);
    assert_eq!(status(&w, &id, "Report").0, "FINISHED");
    assert_eq!(rows(&w), ["2:bob:20", "3:carol:30"]);
    let log = w.view().pipeline().instances_of(&id, "Report").last().map(|i| i.stdout.clone());
    assert_eq!(
        log.as_deref(),
        Some("CREATE TABLE\nINSERT 0 3\nDELETE 1\n count \n-------\n     2\n(1 row)\n")
    );
}

#[test]
fn missing_required_fields_are_validation_errors_in_aws_form() {
    let mut w = world(7);
    let id = dp(&mut w, "CreatePipeline", json!({"name": "v", "uniqueId": "v"}))["pipelineId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let objects = json!([
        object(
            "Default",
            vec![text("scheduleType", "ondemand"), text("pipelineLogUri", "s3://lake/logs/")]
        ),
        object("Warehouse", vec![text("type", "RedshiftDatabase")]),
        object("Orders", vec![text("type", "RedshiftDataNode")]),
        object("In", vec![text("type", "S3DataNode"), text("filePath", "s3://lake/a.csv")]),
        object(
            "Load",
            vec![
                text("type", "RedshiftCopyActivity"),
                reference("input", "In"),
                reference("output", "Orders"),
                text("workerGroup", "wg")
            ]
        ),
        object(
            "Odd",
            vec![
                text("type", "RedshiftCopyActivity"),
                reference("input", "In"),
                reference("output", "Orders"),
                text("workerGroup", "wg"),
                text("insertMode", "MERGE")
            ]
        ),
        object("Query", vec![text("type", "SqlActivity"), text("workerGroup", "wg")]),
    ]);
    let v = dp(
        &mut w,
        "ValidatePipelineDefinition",
        json!({"pipelineId": id, "pipelineObjects": objects}),
    );
    assert_eq!(v["errored"], json!(true));
    assert_eq!(
        v["validationErrors"],
        json!([
            {"id": "Warehouse", "errors": [
                "MISSING_REQUIRED_FIELD:  '*password' is required for an object of type RedshiftDatabase.",
                "MISSING_REQUIRED_FIELD:  'username' is required for an object of type RedshiftDatabase.",
                "MISSING_REQUIRED_FIELD:  one of 'clusterId' or 'connectionString' is required for an object of type RedshiftDatabase."]},
            {"id": "Orders", "errors": [
                "MISSING_REQUIRED_FIELD:  'database' is required for an object of type RedshiftDataNode.",
                "MISSING_REQUIRED_FIELD:  'tableName' is required for an object of type RedshiftDataNode."]},
            {"id": "Load", "errors": [
                "MISSING_REQUIRED_FIELD:  'insertMode' is required for an object of type RedshiftCopyActivity."]},
            {"id": "Odd", "errors": [
                "INVALID_FIELD_VALUE:  'insertMode' value must be one of KEEP_EXISTING, OVERWRITE_EXISTING, TRUNCATE, APPEND."]},
            {"id": "Query", "errors": [
                "MISSING_REQUIRED_FIELD:  'database' is required for an object of type SqlActivity.",
                "MISSING_REQUIRED_FIELD:  one of 'script' or 'scriptUri' is required for an object of type SqlActivity."]},
        ])
    );
}
