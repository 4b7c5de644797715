//! Data Pipeline's SqlDataNode, MySqlDataNode, RdsDatabase and JdbcDatabase over the sandbox's
//! RDS MySQL: CopyActivity from S3 into a table and from a selectQuery back to S3, SqlActivity
//! on an RdsDatabase, the failures in MySQL's words with their retries, and the validation
//! texts. The world starts at 2026-01-01T00:00:00; an Ec2Resource boots in 5 minutes and an
//! attempt takes 1.

use engine::pipeline::PipelineCommand;
use engine::s3::S3Command;
use engine::{Command, World};
use serde_json::{json, Value};

use super::support::{call, dp, lake_pipeline, on_demand_default, pipeline_status, world};

const MIN: u64 = 60_000;

fn text(k: &str, v: &str) -> Value {
    json!({"key": k, "stringValue": v})
}

fn refv(k: &str, v: &str) -> Value {
    json!({"key": k, "refValue": v})
}

fn object(id: &str, fields: Vec<Value>) -> Value {
    json!({"id": id, "name": id, "fields": fields})
}

fn put(w: &mut World, key: &str, body: &str) {
    let _ = call(w, "s3", "CreateBucket", json!({"Bucket": "lake"}));
    let c = S3Command::PutObject { bucket: "lake".into(), key: key.into(), body: body.into() };
    w.apply(Command::S3(c)).result.unwrap_or_else(|e| panic!("{e}"));
}

/// The learner's `mysql` session on RDS instance `shop`, database `sales`.
fn mysql(w: &mut World, database: &str, sql: &str) -> Result<String, String> {
    let c = PipelineCommand::RdsSql {
        instance: "shop".into(),
        database: database.into(),
        sql: sql.into(),
    };
    w.apply(c.into()).result.map_err(|e| e.message)
}

fn rows(w: &World, table: &str) -> Vec<String> {
    let t = w.view().pipeline().rds_table("shop", "sales", table);
    let t = t.unwrap_or_else(|| panic!("no table {table}"));
    t.rows
        .iter()
        .map(|r| r.iter().map(|c| c.clone().unwrap_or_default()).collect::<Vec<_>>().join(":"))
        .collect()
}

fn database() -> Value {
    object(
        "Db",
        vec![
            text("type", "RdsDatabase"),
            text("rdsInstanceId", "shop"),
            text("databaseName", "sales"),
            text("username", "admin"),
            text("*password", "secret"),
        ],
    )
}

fn box_resource() -> Value {
    object("Box", vec![text("type", "Ec2Resource"), text("terminateAfter", "1 hour")])
}

fn run(w: &mut World, objects: Value) -> String {
    let id = lake_pipeline(w, "rds");
    let put = dp(w, "PutPipelineDefinition", json!({"pipelineId": id, "pipelineObjects": objects}));
    assert_eq!(put["errored"], json!(false), "{put}");
    dp(w, "ActivatePipeline", json!({"pipelineId": id}));
    id
}

fn instance(w: &World, id: &str, component: &str) -> engine::pipeline::InstanceView {
    w.view().pipeline().instances_of(id, component).remove(0)
}

/// S3 CSV into `orders` (Load), then the table's selectQuery back to S3 as CSV (Export).
fn round_trip(table: &str, select: &str, retries: &str) -> Value {
    json!([
        on_demand_default(),
        box_resource(),
        database(),
        object("In", vec![text("type", "S3DataNode"), text("filePath", "s3://lake/in/orders.csv")]),
        object(
            "Orders",
            vec![
                text("type", "SqlDataNode"),
                refv("database", "Db"),
                text("table", table),
                text("selectQuery", select),
            ]
        ),
        object(
            "Out",
            vec![
                text("type", "S3DataNode"),
                text(
                    "filePath",
                    "s3://lake/out/orders-#{format(@scheduledStartTime,'YYYY-MM-dd')}.csv"
                ),
            ]
        ),
        object(
            "Load",
            vec![
                text("type", "CopyActivity"),
                refv("input", "In"),
                refv("output", "Orders"),
                refv("runsOn", "Box"),
                text("maximumRetries", retries),
                text("retryDelay", "2 minutes"),
            ]
        ),
        object(
            "Export",
            vec![
                text("type", "CopyActivity"),
                refv("input", "Orders"),
                refv("output", "Out"),
                refv("runsOn", "Box"),
                refv("dependsOn", "Load"),
            ]
        ),
    ])
}

#[test]
fn csv_rows_go_into_an_rds_table_and_a_select_query_comes_back_as_csv() {
    let mut w = world(3);
    let created =
        mysql(&mut w, "sales", "create table orders (id int, customer varchar(20), amount int)");
    assert_eq!(created.as_deref(), Ok("{\"Output\":\"Query OK, 0 rows affected\\n\"}"));
    put(&mut w, "in/orders.csv", "1,alice,10\n2,bob,20\n3,\"carol, jr\",30\n");
    let id = run(
        &mut w,
        round_trip("orders", "select id, customer from #{table} where amount >= 20", "2"),
    );
    w.advance_to(5 * MIN + 30_000);
    assert_eq!(pipeline_status(&w, &id, "Load"), "RUNNING");
    assert_eq!(pipeline_status(&w, &id, "Export"), "WAITING_ON_DEPENDENCIES");
    w.advance_to(30 * MIN);
    let load = instance(&w, &id, "Load");
    assert_eq!(
        (load.status, load.actual_end.as_deref()),
        ("FINISHED", Some("2026-01-01T00:06:00"))
    );
    assert_eq!(load.stdout, "copied 3 row(s) from s3://lake/in/orders.csv into sales.orders\n");
    assert_eq!(rows(&w, "orders"), ["1:alice:10", "2:bob:20", "3:carol, jr:30"]);
    let export = instance(&w, &id, "Export");
    assert_eq!(
        (export.status, export.actual_end.as_deref()),
        ("FINISHED", Some("2026-01-01T00:07:00"))
    );
    let body = w.view().s3().object_bytes("lake", "out/orders-2026-01-01.csv");
    assert_eq!(body.as_deref(), Some(&b"2,bob\n3,\"carol, jr\"\n"[..]));
    assert_eq!(pipeline_status(&w, &id, "Orders"), "FINISHED");
}

#[test]
fn a_missing_table_fails_each_attempt_in_mysqls_words_and_is_retried() {
    let mut w = world(3);
    mysql(&mut w, "sales", "create table customers (id int)").unwrap_or_default();
    put(&mut w, "in/orders.csv", "1,alice,10\n");
    let id = run(&mut w, round_trip("nosuch", "select * from #{table}", "1"));
    w.advance_to(7 * MIN);
    // The first attempt failed at 00:06; the retry waits retryDelay (2 minutes).
    let load = instance(&w, &id, "Load");
    assert_eq!((load.status, load.tries_left), ("WAITING_FOR_RUNNER", 0));
    w.advance_to(30 * MIN);
    let load = instance(&w, &id, "Load");
    assert_eq!(load.status, "FAILED");
    let attempts: Vec<(&str, &str, Option<&str>)> =
        load.attempts.iter().map(|a| (a.started.as_str(), a.status, a.error.as_deref())).collect();
    let error = Some("Table 'sales.nosuch' doesn't exist");
    assert_eq!(
        attempts,
        [("2026-01-01T00:05:00", "FAILED", error), ("2026-01-01T00:08:00", "FAILED", error)]
    );
    assert_eq!(load.error.as_deref(), error);
    assert_eq!(pipeline_status(&w, &id, "Export"), "CASCADE_FAILED");
}

#[test]
fn unknown_columns_databases_and_instances_fail_as_mysql_and_its_driver_say() {
    let mut w = world(3);
    mysql(
        &mut w,
        "sales",
        "create table orders (id int, amount int); insert into orders values (1, 10)",
    )
    .unwrap_or_default();
    let node = |id: &str, db: &str, query: &str| {
        object(
            id,
            vec![
                text("type", "SqlDataNode"),
                refv("database", db),
                text("table", "orders"),
                text("selectQuery", query),
            ],
        )
    };
    let db = |id: &str, instance: &str, name: &str| {
        object(
            id,
            vec![
                text("type", "RdsDatabase"),
                text("rdsInstanceId", instance),
                text("databaseName", name),
                text("username", "admin"),
                text("*password", "secret"),
            ],
        )
    };
    let copy = |id: &str, input: &str| {
        object(
            id,
            vec![
                text("type", "CopyActivity"),
                refv("input", input),
                refv("output", "Out"),
                refv("runsOn", "Box"),
                text("maximumRetries", "0"),
            ],
        )
    };
    let objects = json!([
        on_demand_default(),
        box_resource(),
        db("Sales", "shop", "sales"),
        db("Nowhere", "shop", "archive"),
        db("Gone", "warehouse", "sales"),
        node("BadColumn", "Sales", "select * from orders where region = 'eu'"),
        node("BadDatabase", "Nowhere", "select * from orders"),
        node("BadInstance", "Gone", "select * from orders"),
        object("Out", vec![text("type", "S3DataNode"), text("directoryPath", "s3://lake/out")]),
        copy("Column", "BadColumn"),
        copy("Database", "BadDatabase"),
        copy("Instance", "BadInstance"),
    ]);
    let id = run(&mut w, objects);
    w.advance_to(30 * MIN);
    let error = |c: &str| {
        let i = instance(&w, &id, c);
        (i.status, i.error.unwrap_or_default())
    };
    assert_eq!(error("Column"), ("FAILED", "Unknown column 'region' in 'where clause'".into()));
    assert_eq!(error("Database"), ("FAILED", "Unknown database 'archive'".into()));
    assert_eq!(
        error("Instance"),
        ("FAILED", "Communications link failure (the sandbox has no RDS instance 'warehouse': create it with the RdsSql verb)".into())
    );
}

#[test]
fn an_sql_activity_runs_on_rds_and_a_mysql_data_node_selects_its_period() {
    let mut w = world(3);
    mysql(
        &mut w,
        "sales",
        "create table events (eventTime varchar(19), name varchar(9)); insert into events values ('2025-12-31 23:00:00', 'late'), ('2026-01-01 08:00:00', 'in'), ('2026-01-02 00:00:00', 'next')",
    )
    .unwrap_or_default();
    // The MySqlDataNode of the Developer Guide's page, unchanged but for its names; a daily
    // cron schedule of one period.
    let objects = json!([
        object("Default", vec![text("scheduleType", "cron"), refv("schedule", "Day"), text("failureAndRerunMode", "CASCADE"),
            text("role", "DataPipelineDefaultRole"), text("resourceRole", "DataPipelineDefaultResourceRole"),
            text("pipelineLogUri", "s3://lake/logs/")]),
        object("Day", vec![text("type", "Schedule"), text("period", "1 day"),
            text("startDateTime", "2026-01-01T00:00:00"), text("occurrences", "1")]),
        box_resource(),
        database(),
        object("Sql Table", vec![text("type", "MySqlDataNode"), text("table", "events"),
            text("username", "user_name"), text("*password", "my_password"),
            text("connectionString", "jdbc:mysql://shop.example.us-east-1.rds.amazonaws.com:3306/sales"),
            text("selectQuery", "select * from #{table} where eventTime >= '#{@scheduledStartTime.format('YYYY-MM-dd HH:mm:ss')}' and eventTime < '#{@scheduledEndTime.format('YYYY-MM-dd HH:mm:ss')}'")]),
        object("Out", vec![text("type", "S3DataNode"), text("filePath", "s3://lake/out/events.csv")]),
        object("Export", vec![text("type", "CopyActivity"), refv("input", "Sql Table"), refv("output", "Out"), refv("runsOn", "Box")]),
        object("Tidy", vec![text("type", "SqlActivity"), refv("database", "Db"), refv("runsOn", "Box"), refv("dependsOn", "Export"),
            text("script", "delete from events where eventTime < ?; select count(*) from events"),
            text("scriptArgument", "#{format(@scheduledStartTime,'YYYY-MM-dd HH:mm:ss')}")]),
    ]);
    let id = run(&mut w, objects);
    w.advance_to(30 * MIN);
    assert_eq!(pipeline_status(&w, &id, "Export"), "FINISHED");
    let body = w.view().s3().object_bytes("lake", "out/events.csv");
    assert_eq!(body.as_deref(), Some(&b"2026-01-01 08:00:00,in\n"[..]));
    let tidy = instance(&w, &id, "Tidy");
    assert_eq!(tidy.status, "FINISHED");
    assert_eq!(
        tidy.stdout,
        "Query OK, 1 row affected\n+----------+\n| COUNT(*) |\n+----------+\n|        2 |\n+----------+\n1 row in set\n"
    );
    assert_eq!(rows(&w, "events"), ["2026-01-01 08:00:00:in", "2026-01-02 00:00:00:next"]);
}

#[test]
fn missing_required_fields_of_the_sql_objects_are_validation_errors() {
    let mut w = world(3);
    let id = lake_pipeline(&mut w, "v");
    let objects = json!([
        on_demand_default(),
        object("Rds", vec![text("type", "RdsDatabase")]),
        object("Jdbc", vec![text("type", "JdbcDatabase"), text("username", "u")]),
        object("Sql", vec![text("type", "SqlDataNode")]),
        object("My", vec![text("type", "MySqlDataNode")]),
        object("Events", vec![text("type", "DynamoDBDataNode"), text("tableName", "events")]),
        object("Out", vec![text("type", "S3DataNode"), text("filePath", "s3://lake/out.csv")]),
        object(
            "Copy",
            vec![
                text("type", "CopyActivity"),
                refv("input", "Events"),
                refv("output", "Out"),
                text("workerGroup", "wg")
            ]
        ),
        object("Pig", vec![text("type", "PigActivity")]),
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
            {"id": "Rds", "errors": [
                "MISSING_REQUIRED_FIELD:  '*password' is required for an object of type RdsDatabase.",
                "MISSING_REQUIRED_FIELD:  'rdsInstanceId' is required for an object of type RdsDatabase.",
                "MISSING_REQUIRED_FIELD:  'username' is required for an object of type RdsDatabase."]},
            {"id": "Jdbc", "errors": [
                "MISSING_REQUIRED_FIELD:  'connectionString' is required for an object of type JdbcDatabase.",
                "MISSING_REQUIRED_FIELD:  'jdbcDriverClass' is required for an object of type JdbcDatabase.",
                "MISSING_REQUIRED_FIELD:  '*password' is required for an object of type JdbcDatabase."]},
            {"id": "Sql", "errors": ["MISSING_REQUIRED_FIELD:  'table' is required for an object of type SqlDataNode."]},
            {"id": "My", "errors": ["MISSING_REQUIRED_FIELD:  'table' is required for an object of type MySqlDataNode."]},
            {"id": "Copy", "errors": ["INVALID_FIELD_VALUE:  'input' of a CopyActivity must refer to an S3DataNode or a SqlDataNode, not a DynamoDBDataNode."]},
            {"id": "Pig", "errors": ["INVALID_FIELD_VALUE:  type 'PigActivity' is an AWS Data Pipeline type this sandbox does not simulate."]},
        ])
    );
}

#[test]
fn the_learners_mysql_session_answers_in_mysqls_words() {
    let mut w = world(3);
    mysql(&mut w, "sales", "create table t (a int)").unwrap_or_default();
    assert_eq!(
        mysql(&mut w, "sales", "create table t (a int)"),
        Err("Table 't' already exists".into())
    );
    assert_eq!(
        mysql(&mut w, "sales", "insert into t values (1, 2)"),
        Err("Column count doesn't match value count at row 1".into())
    );
    assert_eq!(mysql(&mut w, "sales", "drop table u"), Err("Unknown table 'sales.u'".into()));
    assert_eq!(w.view().pipeline().rds_databases(), [("shop".to_string(), "sales".to_string())]);
}
