//! Hive on EMR: HIVE steps whose queries run as MapReduce jobs on the cluster, the shipped
//! use-case scripts with their exact result rows, the metastore's life, and Hive's failures
//! as the step's FailureDetails.

use serde_json::{json, Value};

use crate::support::{call, emr, emr_describe_step, world};
use engine::World;

/// A running cluster with Hive installed; `configurations` as RunJobFlow takes them.
pub fn hive_cluster(w: &mut World, core: u32, configurations: Value) -> String {
    let out = emr(
        w,
        "RunJobFlow",
        json!({
            "Name": "hive-lab", "ReleaseLabel": "emr-7.1.0", "ServiceRole": "EMR_DefaultRole",
            "JobFlowRole": "EMR_EC2_DefaultRole",
            "Applications": [{"Name": "Hadoop"}, {"Name": "Hive"}],
            "Instances": {"InstanceGroups": [
                {"InstanceRole": "MASTER", "InstanceType": "m5.xlarge", "InstanceCount": 1},
                {"InstanceRole": "CORE", "InstanceType": "m5.xlarge", "InstanceCount": core}],
                "KeepJobFlowAliveWhenNoSteps": true},
            "Configurations": configurations,
        }),
    )
    .expect("RunJobFlow");
    w.advance_by(270_000);
    out["JobFlowId"].as_str().expect("JobFlowId").to_string()
}

/// A HIVE step as the console and `aws emr add-steps --steps Type=HIVE,...` make it.
pub fn hive_step(w: &mut World, cluster: &str, args: &[&str]) -> String {
    let mut all = vec!["hive-script", "--run-hive-script", "--args"];
    all.extend_from_slice(args);
    let out = emr(
        w,
        "AddJobFlowSteps",
        json!({"JobFlowId": cluster, "Steps": [{"Name": "Hive program", "ActionOnFailure": "CONTINUE",
            "HadoopJarStep": {"Jar": "command-runner.jar", "Args": all}}]}),
    )
    .expect("AddJobFlowSteps");
    out["StepIds"][0].as_str().expect("step id").to_string()
}

/// Runs a script given as text (`hive -e`) and returns the step's description and log.
pub fn run_hive(w: &mut World, cluster: &str, script: &str, minutes: u64) -> (Value, Vec<String>) {
    let step = hive_step(w, cluster, &["-e", script]);
    w.advance_by(minutes * 60_000);
    let d = emr_describe_step(w, cluster, &step);
    let log = w
        .view()
        .emr()
        .cluster(cluster)
        .and_then(|c| c.steps.into_iter().find(|s| s.id == step))
        .map(|s| s.log)
        .unwrap_or_default();
    (d, log)
}

/// The rows a query printed: the lines between its "OK" and its "Time taken".
pub fn result_rows(log: &[String], query: usize) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut cur: Option<Vec<String>> = None;
    for l in log {
        if l == "OK" {
            cur = Some(Vec::new());
        } else if l.starts_with("Time taken:") {
            if let Some(b) = cur.take() {
                if l.contains("Fetched:") {
                    blocks.push(b);
                }
            }
        } else if let Some(b) = cur.as_mut() {
            b.push(l.clone());
        }
    }
    blocks.get(query).cloned().unwrap_or_default()
}

fn script(key: &str) -> &'static str {
    engine::emr::hive::scripts::SCRIPTS
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, s)| *s)
        .expect("script")
}

#[test]
fn group_by_runs_as_a_mapreduce_job_with_a_combiner_and_000000_0_files() {
    let mut w = world(7);
    call(&mut w, "s3", "CreateBucket", json!({"Bucket": "out"})).expect("bucket");
    let c = hive_cluster(&mut w, 2, json!([]));
    let (d, log) = run_hive(
        &mut w,
        &c,
        &format!("{}\nINSERT OVERWRITE DIRECTORY 's3://out/status' SELECT status, count(*) FROM access_logs GROUP BY status;", script("samples/hive/access_logs.q").split("-- Requests per status").next().unwrap_or_default()),
        30,
    );
    assert_eq!(d["Status"]["State"], json!("COMPLETED"), "{d}\n{}", log.join("\n"));
    let jobs = w.view().emr().jobs(&c, d["Id"].as_str().unwrap_or_default());
    assert_eq!(jobs.len(), 1);
    let got = call(&mut w, "s3", "GetObject", json!({"Bucket": "out", "Key": "status/000000_0"}))
        .expect("000000_0");
    use base64::Engine as _;
    let body = base64::engine::general_purpose::STANDARD
        .decode(got["Body"].as_str().unwrap_or_default())
        .expect("base64");
    let text = String::from_utf8_lossy(&body).replace('\u{1}', "\t");
    let total: u64 = text.lines().filter_map(|l| l.split('\t').nth(1)?.parse::<u64>().ok()).sum();
    assert_eq!(total, 1200);
    assert!(
        log.iter().any(|l| l.starts_with("Stage-Stage-1: Map: 2  Reduce: 1")),
        "{}",
        log.join("\n")
    );
}

#[test]
fn the_step_log_reads_as_the_hive_cli_prints() {
    let mut w = world(8);
    let c = hive_cluster(&mut w, 2, json!([]));
    let (d, log) = run_hive(&mut w, &c, script("samples/hive/access_logs.q"), 60);
    assert_eq!(d["Status"]["State"], json!("COMPLETED"), "{d}\n{}", log.join("\n"));
    eprintln!("{}", log.join("\n"));
    for want in [
        "Total jobs = 2",
        "Launching Job 1 out of 2",
        "Number of reduce tasks not specified. Estimated from input data size: 1",
        "Launching Job 2 out of 2",
        "Number of reduce tasks determined at compile time: 1",
        "MapReduce Jobs Launched: ",
    ] {
        assert!(log.iter().any(|l| l == want), "{want}");
    }
    assert!(log
        .iter()
        .any(|l| l.starts_with("Time taken: ") && l.ends_with(", Fetched: 5 row(s)")));
    // EXPLAIN prints the stages the query becomes.
    let (_, log) = run_hive(&mut w, &c, "CREATE EXTERNAL TABLE t (a STRING) LOCATION 's3://elasticmapreduce/samples/logs/input/';\nEXPLAIN SELECT a, count(*) FROM t GROUP BY a ORDER BY a;", 5);
    assert!(log.iter().any(|l| l == "  Stage-2 depends on stages: Stage-1"), "{}", log.join("\n"));
}

/// Each use-case query: (case name, script, index of the query among those that print).
const CASES: &[(&str, &str, usize)] = &[
    ("access_logs.status_counts", "samples/hive/access_logs.q", 0),
    ("access_logs.top_urls", "samples/hive/access_logs.q", 1),
    ("access_logs.error_rates", "samples/hive/access_logs.q", 2),
    ("clickstream.per_hour", "samples/hive/clickstream.q", 0),
    ("clickstream.active_half_hours", "samples/hive/clickstream.q", 1),
    ("clickstream.funnel", "samples/hive/clickstream.q", 2),
    ("kmers.reads", "samples/hive/kmers.q", 0),
    ("kmers.top_8mers", "samples/hive/kmers.q", 1),
];

/// The text of the `n`th printing query of a script (for the oracle's report).
fn query_text(script: &str, n: usize) -> String {
    script
        .split(';')
        .map(str::trim)
        .filter(|s| {
            let body: String = s
                .lines()
                .filter(|l| !l.trim_start().starts_with("--"))
                .collect::<Vec<_>>()
                .join("\n");
            body.trim_start().to_ascii_uppercase().starts_with("SELECT")
        })
        .nth(n)
        .map(|s| {
            s.lines().filter(|l| !l.trim_start().starts_with("--")).collect::<Vec<_>>().join("\n")
        })
        .unwrap_or_default()
}

/// Every use-case query through the whole engine: (case, HiveQL, rows as printed).
fn use_case_rows() -> Vec<(String, String, Vec<String>)> {
    let mut w = world(11);
    let c = hive_cluster(&mut w, 2, json!([]));
    let mut out = Vec::new();
    let mut logs = std::collections::BTreeMap::new();
    for (name, key, n) in CASES {
        if !logs.contains_key(key) {
            let (d, log) = run_hive(&mut w, &c, script(key), 90);
            assert_eq!(d["Status"]["State"], json!("COMPLETED"), "{key}: {d}\n{}", log.join("\n"));
            logs.insert(*key, log);
        }
        let rows = result_rows(&logs[key], *n);
        out.push((name.to_string(), query_text(script(key), *n), rows));
    }
    out
}

/// The log GROUP BY over `copies` copies of the sample access logs, through the whole engine:
/// (rows, wall seconds, the printed rows).
fn log_group_by_bench(copies: usize) -> (usize, f64, Vec<String>, Vec<u8>) {
    let mut w = world(12);
    call(&mut w, "s3", "CreateBucket", json!({"Bucket": "bench"})).expect("bucket");
    let mut body = Vec::new();
    for _ in 0..copies {
        for (k, b) in engine::emr::samples::objects() {
            if k.starts_with("samples/logs/input/") {
                body.extend_from_slice(b);
            }
        }
    }
    let rows = body.iter().filter(|b| **b == b'\n').count();
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD.encode(&body);
    call(
        &mut w,
        "s3",
        "PutObject",
        json!({"Bucket": "bench", "Key": "logs/access.log", "Body": b64}),
    )
    .expect("put");
    let c = hive_cluster(&mut w, 2, json!([]));
    let table = script("samples/hive/access_logs.q")
        .split("-- Requests per status")
        .next()
        .unwrap_or_default()
        .replace("s3://elasticmapreduce/samples/logs/input/", "s3://bench/logs/");
    let q = format!("{table}\nSELECT status, count(*) AS requests FROM access_logs GROUP BY status ORDER BY status;");
    let step = hive_step(&mut w, &c, &["-e", &q]);
    let started = std::time::Instant::now();
    w.advance_by(120 * 60_000);
    let secs = started.elapsed().as_secs_f64();
    let d = emr_describe_step(&mut w, &c, &step);
    assert_eq!(d["Status"]["State"], json!("COMPLETED"), "{d}");
    let log = w
        .view()
        .emr()
        .cluster(&c)
        .and_then(|v| v.steps.into_iter().find(|s| s.id == step))
        .map(|s| s.log)
        .unwrap_or_default();
    (rows, secs, result_rows(&log, 0), body)
}

#[test]
fn use_case_scripts_print_their_rows_and_export_them_for_the_oracle() {
    let cases = use_case_rows();
    let (bench_rows, bench_secs, bench_out, bench_body) = log_group_by_bench(20);
    // The bench's counts are the sample's, twenty times over.
    let status: Vec<String> = cases[0]
        .2
        .iter()
        .map(|r| {
            let (s, n) = r.split_once('\t').unwrap_or_default();
            format!("{s}\t{}", n.parse::<u64>().unwrap_or(0) * 20)
        })
        .collect();
    assert_eq!(bench_out, status);
    if let Ok(dir) = std::env::var("HIVE_ORACLE_OUT") {
        let dir = std::path::Path::new(&dir);
        std::fs::create_dir_all(dir.join("data")).expect("oracle dir");
        for (k, b) in engine::emr::samples::objects() {
            let p = dir.join("data").join(k);
            if let Some(parent) = p.parent() {
                std::fs::create_dir_all(parent).expect("data dir");
            }
            std::fs::write(p, b).expect("data file");
        }
        std::fs::write(dir.join("bench.log"), &bench_body).expect("bench file");
        let cases: Vec<Value> =
            cases.iter().map(|(n, q, r)| json!({"name": n, "hive": q, "rows": r})).collect();
        let report = json!({"cases": cases, "bench": {"rows": bench_rows, "seconds": bench_secs, "rows_out": bench_out}});
        std::fs::write(
            dir.join("sandbox.json"),
            serde_json::to_string_pretty(&report).unwrap_or_default(),
        )
        .expect("report");
    }
    // The rows DuckDB gives for the same queries over the same files (tests/hive_oracle).
    let want: &[&[&str]] = &[
        &["200\t959", "301\t51", "304\t101", "404\t64", "500\t25"],
        &[
            "/\t110",
            "/images/logo.png\t107",
            "/about\t106",
            "/blog/hdfs-blocks\t106",
            "/cart\t106",
            "/products/kayak\t101",
            "/api/search\t98",
            "/products\t98",
            "/blog/mapreduce\t94",
            "/products/tent\t94",
        ],
        &[
            "/blog/mapreduce\t94\t12\t12.77",
            "/cart\t106\t11\t10.38",
            "/\t110\t10\t9.09",
            "/api/search\t98\t8\t8.16",
            "/products\t98\t8\t8.16",
            "/about\t106\t8\t7.55",
            "/images/logo.png\t107\t7\t6.54",
            "/products/tent\t94\t6\t6.38",
            "/checkout\t90\t5\t5.56",
            "/index.html\t90\t5\t5.56",
            "/blog/hdfs-blocks\t106\t5\t4.72",
            "/products/kayak\t101\t4\t3.96",
        ],
        &[
            "2026-01-01 00\t263\t35",
            "2026-01-01 01\t112\t25",
            "2026-01-01 02\t183\t30",
            "2026-01-01 03\t176\t29",
            "2026-01-01 04\t127\t23",
            "2026-01-01 05\t107\t23",
            "2026-01-01 06\t74\t19",
            "2026-01-01 07\t38\t13",
            "2026-01-01 08\t39\t11",
            "2026-01-01 09\t29\t8",
            "2026-01-01 10\t36\t7",
            "2026-01-01 11\t1\t1",
            "2026-01-01 12\t4\t2",
            "2026-01-01 13\t8\t2",
            "2026-01-01 14\t3\t2",
        ],
        &[
            "user039\t11\t30",
            "user008\t10\t30",
            "user013\t10\t30",
            "user023\t10\t30",
            "user001\t9\t30",
            "user005\t9\t30",
            "user017\t9\t30",
            "user026\t9\t30",
            "user030\t9\t30",
            "user031\t9\t30",
        ],
        &["40\t35\t40\t35\t34"],
        &["300"],
        &[
            "AGGTTGCA\t4",
            "CATGGCAA\t4",
            "CCTTGAAA\t4",
            "GTAGATGG\t4",
            "TATAATGG\t4",
            "TGCAAGGT\t4",
            "TTGCAAGG\t4",
            "AAACGTTG\t3",
            "AAAGCCGT\t3",
            "AACATAAG\t3",
        ],
    ];
    for ((name, _, rows), want) in cases.iter().zip(want) {
        assert_eq!(rows, want, "{name}");
    }
}

#[test]
fn a_failed_statement_fails_the_step_with_hives_text() {
    let mut w = world(13);
    let c = hive_cluster(&mut w, 1, json!([]));
    let (d, log) = run_hive(
        &mut w,
        &c,
        "SHOW TABLES;\nSELECT status, count(*) FROM logs GROUP BY status;",
        10,
    );
    assert_eq!(d["Status"]["State"], json!("FAILED"), "{d}");
    let want = "FAILED: SemanticException [Error 10001]: Line 2:29 Table not found 'logs'";
    assert_eq!(d["Status"]["FailureDetails"]["Message"], json!(want));
    assert_eq!(log.last().map(String::as_str), Some(want));
    // A script that is not there.
    let step = hive_step(&mut w, &c, &["-f", "s3://elasticmapreduce/samples/hive/nope.q"]);
    w.advance_by(5 * 60_000);
    let d = emr_describe_step(&mut w, &c, &step);
    assert_eq!(
        d["Status"]["FailureDetails"]["Message"],
        json!("Could not open input file for reading. (File s3://elasticmapreduce/samples/hive/nope.q does not exist)")
    );
    // A parse error points into the learner's text.
    let (d, _) = run_hive(&mut w, &c, "SELECT status,\n  count(* FROM t", 5);
    let m = d["Status"]["FailureDetails"]["Message"].as_str().unwrap_or_default().to_string();
    assert!(m.starts_with("FAILED: ParseException line 2:"), "{m}");
}

#[test]
fn managed_tables_live_in_the_clusters_hdfs_and_the_glue_catalog_outlives_clusters() {
    let mut w = world(14);
    let glue = json!([{"Classification": "hive-site", "Properties": {
        "hive.metastore.client.factory.class": "com.amazonaws.glue.catalog.metastore.AWSGlueDataCatalogHiveClientFactory"}}]);
    let a = hive_cluster(&mut w, 1, glue.clone());
    let create = "CREATE EXTERNAL TABLE clicks (user_id STRING, ts BIGINT, page STRING)
ROW FORMAT DELIMITED FIELDS TERMINATED BY '\\t' LOCATION 's3://elasticmapreduce/samples/clickstream/input/';
CREATE TABLE pages AS SELECT page, count(*) AS n FROM clicks GROUP BY page;";
    let (d, log) = run_hive(&mut w, &a, create, 20);
    assert_eq!(d["Status"]["State"], json!("COMPLETED"), "{d}\n{}", log.join("\n"));
    let (out, _, code) =
        crate::support::shell(&mut w, &a, "hdfs dfs -ls /user/hive/warehouse/pages");
    assert_eq!(code, 0);
    assert!(out.contains("/user/hive/warehouse/pages/000000_0"), "{out}");
    emr(&mut w, "TerminateJobFlows", json!({"JobFlowIds": [a]})).expect("terminate");
    w.advance_by(10 * 60_000);
    // A new cluster on the same Glue Data Catalog still knows the external table.
    let b = hive_cluster(&mut w, 1, glue);
    let (d, log) = run_hive(&mut w, &b, "SELECT count(*) FROM clicks;", 20);
    assert_eq!(d["Status"]["State"], json!("COMPLETED"), "{d}");
    assert_eq!(result_rows(&log, 0), vec!["1200"]);
    // A cluster with its own metastore on the primary node starts empty.
    let c = hive_cluster(&mut w, 1, json!([]));
    let (d, _) = run_hive(&mut w, &c, "SELECT count(*) FROM clicks;", 10);
    assert_eq!(
        d["Status"]["FailureDetails"]["Message"],
        json!("FAILED: SemanticException [Error 10001]: Line 1:21 Table not found 'clicks'")
    );
}

#[test]
fn hive_steps_are_deterministic() {
    let run = || {
        let mut w = world(15);
        let c = hive_cluster(&mut w, 2, json!([]));
        let (_, log) = run_hive(&mut w, &c, script("samples/hive/kmers.q"), 60);
        log
    };
    assert_eq!(run(), run());
}
