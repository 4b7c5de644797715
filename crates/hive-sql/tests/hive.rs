//! HiveQL scripts run over an in-memory file system: results, plans and Hive's error texts.

use hive_sql::local::{run, MemFs};
use hive_sql::Catalog;

fn fs() -> MemFs {
    let mut fs = MemFs::default();
    fs.buckets.insert("data".into());
    fs.files.insert(
        "s3://data/logs/a.log".into(),
        b"10.0.0.1 GET /index.html 200 512\n10.0.0.2 GET /about.html 404 0\n10.0.0.1 GET /index.html 200 300\n".to_vec(),
    );
    fs.files.insert(
        "s3://data/logs/b.log".into(),
        b"10.0.0.3 POST /login 500 10\n10.0.0.2 GET /index.html 304 0\n".to_vec(),
    );
    fs.files.insert(
        "s3://data/pages/p.tsv".into(),
        b"/index.html\tHome\n/about.html\tAbout\n".to_vec(),
    );
    fs.files.insert(
        "s3://data/events/dt=2026-01-01/e.json".into(),
        br#"{"user":"u1","kind":"view","meta":{"ms":12}}
{"user":"u2","kind":"buy","meta":{"ms":40}}
"#
        .to_vec(),
    );
    fs.files.insert(
        "s3://data/events/dt=2026-01-02/e.json".into(),
        br#"{"user":"u1","kind":"buy","meta":{"ms":7}}
"#
        .to_vec(),
    );
    fs
}

const LOGS: &str =
    "CREATE EXTERNAL TABLE logs (ip STRING, method STRING, url STRING, status INT, bytes BIGINT)
ROW FORMAT DELIMITED FIELDS TERMINATED BY ' ' LOCATION 's3://data/logs/';\n";

fn go(script: &str) -> (Vec<String>, Option<String>, Vec<usize>) {
    let mut cat = Catalog::new();
    let mut f = fs();
    let r = run(script, &mut cat, &mut f, 1);
    (r.output, r.error.map(|e| e.to_string()), r.stages)
}

#[test]
fn group_by_counts_statuses() {
    let (out, err, stages) =
        go(&format!("{LOGS}SELECT status, count(*) FROM logs GROUP BY status ORDER BY status;"));
    assert_eq!(err, None);
    assert_eq!(out, vec!["OK", "OK", "200\t2", "304\t1", "404\t1", "500\t1"]);
    assert_eq!(stages, vec![2]);
}

#[test]
fn aggregates_having_and_order_desc() {
    let (out, err, _) = go(&format!(
        "{LOGS}SELECT url, count(*) AS hits, sum(bytes), avg(bytes), min(status), max(status), count(DISTINCT ip)
         FROM logs GROUP BY url HAVING count(*) > 1 ORDER BY hits DESC LIMIT 5;"
    ));
    assert_eq!(err, None);
    assert_eq!(out[2..], ["/index.html\t3\t812\t270.6666666666667\t200\t304\t2"]);
}

#[test]
fn a_plain_select_runs_no_job() {
    let (out, err, stages) =
        go(&format!("{LOGS}SELECT ip, upper(method) FROM logs WHERE status >= 400 LIMIT 5;"));
    assert_eq!(err, None);
    assert_eq!(out[2..], ["10.0.0.2\tGET", "10.0.0.3\tPOST"]);
    assert_eq!(stages, vec![0]);
}

#[test]
fn joins_map_side_and_reduce_side_agree() {
    let q = "CREATE EXTERNAL TABLE pages (url STRING, title STRING) ROW FORMAT DELIMITED FIELDS TERMINATED BY '\\t' LOCATION 's3://data/pages';
SELECT p.title, count(*) FROM logs l JOIN pages p ON l.url = p.url GROUP BY p.title ORDER BY p.title;";
    let (map_side, err, stages) = go(&format!("{LOGS}{q}"));
    assert_eq!(err, None);
    assert_eq!(map_side[3..], ["About\t1", "Home\t3"]);
    assert_eq!(stages, vec![2]);
    let (reduce_side, err, stages) = go(&format!("{LOGS}SET hive.auto.convert.join=false;{q}"));
    assert_eq!(err, None);
    assert_eq!(reduce_side[4..], ["About\t1", "Home\t3"]);
    assert_eq!(stages, vec![3]);
}

#[test]
fn regex_serde_and_functions() {
    let script = r#"CREATE EXTERNAL TABLE raw (ip STRING, url STRING, status STRING)
ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.RegexSerDe'
WITH SERDEPROPERTIES ("input.regex" = "([^ ]*) \\S+ ([^ ]*) (\\d+) .*")
LOCATION 's3://data/logs/';
SELECT regexp_extract(url, '^/([a-z]+)', 1) AS page, split(ip, '\\.')[3], substr(url, 2, 3), CASE WHEN status LIKE '5%' THEN 'error' ELSE 'ok' END, CAST(status AS INT) + 1
FROM raw WHERE url RLIKE 'index|login';"#;
    let (out, err, _) = go(script);
    assert_eq!(err, None);
    assert_eq!(
        out[2..],
        [
            "index\t1\tind\tok\t201",
            "index\t1\tind\tok\t201",
            "login\t3\tlog\terror\t501",
            "index\t2\tind\tok\t305"
        ]
    );
}

#[test]
fn json_partitions_repair_and_ctas() {
    let script = "CREATE EXTERNAL TABLE events (user STRING, kind STRING, meta STRING) PARTITIONED BY (dt STRING)
ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe' LOCATION 's3://data/events/';
SELECT count(*) FROM events;
MSCK REPAIR TABLE events;
CREATE TABLE buys AS SELECT dt, user, get_json_object(meta, '$.ms') AS ms FROM events WHERE kind = 'buy';
SELECT * FROM buys ORDER BY dt;";
    let (out, err, _) = go(script);
    assert_eq!(err, None);
    assert_eq!(
        out,
        vec![
            "OK",
            "OK",
            "0",
            "OK",
            "Partitions not in metastore:\tevents:dt=2026-01-01\tevents:dt=2026-01-02",
            "Repair: Added partition to metastore events:dt=2026-01-01",
            "Repair: Added partition to metastore events:dt=2026-01-02",
            "OK",
            "OK",
            "2026-01-01\tu2\t40",
            "2026-01-02\tu1\t7"
        ]
    );
}

#[test]
fn insert_overwrite_directory_and_table() {
    let script = format!(
        "{LOGS}CREATE TABLE errors (url STRING, n BIGINT);
INSERT OVERWRITE TABLE errors SELECT url, count(*) FROM logs WHERE status >= 400 GROUP BY url;
INSERT OVERWRITE DIRECTORY 's3://data/out/' SELECT * FROM errors;
SELECT * FROM errors ORDER BY url;"
    );
    let mut cat = Catalog::new();
    let mut f = fs();
    let r = run(&script, &mut cat, &mut f, 1);
    assert_eq!(r.error.map(|e| e.to_string()), None);
    assert_eq!(r.output[5..], ["/about.html\t1", "/login\t1"]);
    assert_eq!(
        f.files
            .get("hdfs:///user/hive/warehouse/errors/000000_0")
            .map(|b| String::from_utf8_lossy(b).into_owned()),
        Some("/about.html\u{1}1\n/login\u{1}1\n".to_string())
    );
    assert!(f.files.keys().any(|k| k == "s3://data/out/000000_0"));
}

#[test]
fn hive_error_texts() {
    let cases: &[(&str, &str)] = &[
        ("SELECT * FROM logs", "FAILED: SemanticException [Error 10001]: Line 1:14 Table not found 'logs'"),
        (&format!("{LOGS}SELECT nope FROM logs"), "FAILED: SemanticException [Error 10004]: Line 3:7 Invalid table alias or column reference 'nope': (possible column names are: logs.ip, logs.method, logs.url, logs.status, logs.bytes)"),
        (&format!("{LOGS}SELECT ip, count(*) FROM logs GROUP BY url"), "FAILED: SemanticException [Error 10025]: Line 3:7 Expression not in GROUP BY key 'ip'"),
        (&format!("{LOGS}SELECT foo(ip) FROM logs"), "FAILED: SemanticException [Error 10011]: Line 3:7 Invalid function foo"),
        (&format!("{LOGS}SELECT ip FROM logs WHERE count(*) > 1"), "FAILED: SemanticException [Error 10128]: Line 3:26 Not yet supported place for UDAF 'count'"),
        ("SELECT FROM x", "FAILED: ParseException line 1:7 cannot recognize input near 'FROM' (expected an expression)"),
        (&format!("{LOGS}{LOGS}"), "FAILED: Execution Error, return code 1 from org.apache.hadoop.hive.ql.exec.DDLTask. AlreadyExistsException(message:Table hive.default.logs already exists)"),
        ("CREATE EXTERNAL TABLE t (a STRING) LOCATION 's3://nope/x'", "FAILED: Execution Error, return code 1 from org.apache.hadoop.hive.ql.exec.DDLTask. MetaException(message:Got exception: java.io.FileNotFoundException Bucket nope does not exist)"),
    ];
    for (script, want) in cases {
        let (_, err, _) = go(script);
        assert_eq!(err.as_deref(), Some(*want), "{script}");
    }
}

#[test]
fn a_regex_that_does_not_compile_fails_the_create() {
    let (_, err, _) = go("CREATE TABLE r (a STRING) ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.RegexSerDe' WITH SERDEPROPERTIES ('input.regex' = '([a-z')");
    let err = err.unwrap_or_default();
    assert!(err.starts_with("FAILED: Execution Error, return code 1 from org.apache.hadoop.hive.ql.exec.DDLTask. java.util.regex.PatternSyntaxException"), "{err}");
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = format!("SELECT {}1{} FROM t", "(".repeat(5000), ")".repeat(5000));
    let (_, err, _) = go(&deep);
    assert!(err.unwrap_or_default().starts_with("FAILED: ParseException"));
}

#[test]
fn explain_prints_the_stages() {
    let (out, err, _) = go(&format!(
        "{LOGS}EXPLAIN SELECT status, count(*) FROM logs GROUP BY status ORDER BY status;"
    ));
    assert_eq!(err, None);
    let text = out.join("\n");
    assert!(text.contains("  Stage-1 is a root stage\n  Stage-2 depends on stages: Stage-1\n  Stage-0 depends on stages: Stage-2"), "{text}");
    assert!(text.contains("mode: mergepartial"));
    assert!(text.contains("Fetch Operator"));
}
