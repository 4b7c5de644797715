//! The primary node's shell after `aws emr ssh` (issues 14 and 15): `whoami`, `hostname`,
//! `yarn application -list` over the cluster's applications, bash's answer to a command it
//! does not know, and `hive -e` / `hive -f` running their queries as MapReduce jobs in virtual
//! time, printing what the Hive CLI prints, with Hive's errors and exit statuses.

use std::collections::BTreeMap;

use engine::emr::EmrCommand;
use engine::{Command, World};
use serde_json::{json, Value};

use crate::emr_hive::hive_cluster;
use crate::support::{emr_ok, shell, world};

/// What a `hive` line printed once it ended: (stdout, stderr, exit status), and how many
/// virtual seconds it ran.
pub fn hive(
    w: &mut World,
    cluster: &str,
    line: &str,
    home: &[(&str, &str)],
) -> (String, String, i32, u64) {
    let home: BTreeMap<String, String> =
        home.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let out = w.apply(Command::Emr(EmrCommand::Shell {
        cluster: cluster.into(),
        line: line.into(),
        home,
    }));
    let v: Value = serde_json::from_str(&out.result.expect("shell answers")).expect("json");
    let Some(run) = v["Running"].as_str() else {
        return (
            v["Stdout"].as_str().unwrap_or_default().into(),
            v["Stderr"].as_str().unwrap_or_default().into(),
            v["ExitCode"].as_i64().unwrap_or(-1) as i32,
            0,
        );
    };
    for s in 0..3600 {
        if let Some(r) = w.view().emr().hive_shell(cluster, run) {
            if let Some(code) = r.exit_code {
                return (r.stdout, r.stderr, code, s);
            }
        }
        w.advance_by(1000);
    }
    panic!("hive did not end within an hour");
}

const TABLE: &str = r#"CREATE EXTERNAL TABLE IF NOT EXISTS logs (
  host STRING, identity STRING, username STRING, request_time STRING,
  method STRING, url STRING, protocol STRING, status INT, bytes BIGINT,
  referrer STRING, agent STRING)
ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.RegexSerDe'
WITH SERDEPROPERTIES (
  "input.regex" = "([^ ]*) ([^ ]*) ([^ ]*) \\[([^\\]]*)\\] \"([^ ]*) ([^ ]*) ([^\"]*)\" ([0-9]*) ([0-9]*) \"([^\"]*)\" \"([^\"]*)\"")
LOCATION 's3://elasticmapreduce/samples/logs/input/';
"#;

fn lines(text: &str) -> Vec<&str> {
    text.lines().collect()
}

#[test]
fn whoami_hostname_and_an_unknown_command_answer_as_the_primary_nodes_bash() {
    let mut w = world(41);
    let c = hive_cluster(&mut w, 2, json!([]));
    assert_eq!(shell(&mut w, &c, "whoami"), ("hadoop\n".into(), String::new(), 0));
    let (host, _, code) = shell(&mut w, &c, "hostname");
    assert_eq!(code, 0);
    let d = emr_ok(&mut w, "DescribeCluster", json!({"ClusterId": c}));
    let private = w
        .view()
        .emr()
        .cluster(&c)
        .and_then(|v| v.nodes.into_iter().find(|n| n.role == "MASTER"))
        .map(|n| n.private_ip)
        .expect("primary");
    assert_eq!(host, format!("ip-{}.ec2.internal\n", private.replace('.', "-")));
    assert!(d["Cluster"]["MasterPublicDnsName"].as_str().is_some_and(|s| s.starts_with("ec2-")));
    assert_eq!(
        shell(&mut w, &c, "foo --bar"),
        (String::new(), "-bash: foo: command not found\n".into(), 127)
    );
}

#[test]
fn yarn_lists_the_running_query_then_with_appstates_all_the_finished_one() {
    let mut w = world(42);
    let c = hive_cluster(&mut w, 2, json!([]));
    let (out, _, code) = shell(&mut w, &c, "yarn application -list");
    assert_eq!(code, 0);
    let l = lines(&out);
    assert!(l[0].ends_with(":8032"), "{out}");
    assert!(
        l[0].contains(
            " INFO client.DefaultNoHARMFailoverProxyProvider: Connecting to ResourceManager at ip-"
        ),
        "{out}"
    );
    assert_eq!(l[1], "Total number of applications (application-types: [], states: [SUBMITTED, ACCEPTED, RUNNING] and tags: []):0");
    assert_eq!(l[2], "                Application-Id\t    Application-Name\t    Application-Type\t      User\t     Queue\t             State\t       Final-State\t       Progress\t                       Tracking-URL");
    assert_eq!(l.len(), 3);

    let (_, _, code, _) = hive(&mut w, &c, "hive -f logs.q", &[("logs.q", TABLE)]);
    assert_eq!(code, 0);
    // Start a query, and look at YARN while it runs.
    let out = w.apply(Command::Emr(EmrCommand::Shell {
        cluster: c.clone(),
        line: "hive -e 'SELECT status, count(*) FROM logs GROUP BY status'".into(),
        home: BTreeMap::new(),
    }));
    let v: Value = serde_json::from_str(&out.result.expect("answer")).expect("json");
    let run = v["Running"].as_str().expect("runs on").to_string();
    w.advance_by(20_000);
    let (out, _, _) = shell(&mut w, &c, "yarn application -list");
    let l = lines(&out);
    assert!(l[1].ends_with("):1"), "{out}");
    let cells: Vec<&str> = l[3].split('\t').map(str::trim).collect();
    assert!(cells[0].starts_with("application_") && cells[0].ends_with("_0001"), "{out}");
    assert!(cells[1].starts_with("SELECT status, count(*) FROM logs GROUP BY status"), "{out}");
    assert_eq!(&cells[2..5], ["MAPREDUCE", "hadoop", "default"]);
    assert!(matches!(cells[5], "RUNNING" | "ACCEPTED"), "{out}");
    assert_eq!(cells[6], "UNDEFINED");
    while w.view().emr().hive_shell(&c, &run).and_then(|r| r.exit_code).is_none() {
        w.advance_by(1000);
    }
    let (out, _, _) = shell(&mut w, &c, "yarn application -list");
    assert!(lines(&out)[1].ends_with("):0"), "{out}");
    let (out, _, _) = shell(&mut w, &c, "yarn application -list -appStates ALL");
    let l = lines(&out);
    assert_eq!(l[1], "Total number of applications (application-types: [], states: [NEW, NEW_SAVING, SUBMITTED, ACCEPTED, RUNNING, FINISHED, FAILED, KILLED] and tags: []):1");
    let cells: Vec<&str> = l[3].split('\t').map(str::trim).collect();
    assert_eq!(&cells[5..8], ["FINISHED", "SUCCEEDED", "100%"]);
    assert!(cells[8].contains(":19888/jobhistory/job/job_"), "{out}");
    let (_, err, code) = shell(&mut w, &c, "yarn application -list -appStates DONE");
    assert_eq!(code, 255);
    assert!(err.starts_with("The application state DONE is invalid."), "{err}");
}

#[test]
fn hive_e_prints_the_clis_progress_then_the_rows_and_the_time_taken() {
    let mut w = world(43);
    let c = hive_cluster(&mut w, 2, json!([]));
    let (out, err, code, _) = hive(&mut w, &c, "hive -f ~/logs.q", &[("logs.q", TABLE)]);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    assert_eq!(lines(&out)[0], "OK");
    assert!(lines(&out)[1].starts_with("Time taken: "), "{out}");

    let (out, err, code, secs) =
        hive(&mut w, &c, r#"hive -e "SELECT status, count(*) FROM logs GROUP BY status""#, &[]);
    eprintln!("{out}");
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    assert!(secs > 5, "the query takes virtual time: {secs} s");
    let l = lines(&out);
    assert!(l[0].starts_with("Query ID = hadoop_"), "{out}");
    assert_eq!(l[1], "Total jobs = 1");
    assert_eq!(l[2], "Launching Job 1 out of 1");
    assert_eq!(l[3], "Number of reduce tasks not specified. Estimated from input data size: 1");
    assert_eq!(l[4], "In order to change the average load for a reducer (in bytes):");
    assert_eq!(l[9], "  set mapreduce.job.reduces=<number>");
    assert!(
        l[10].starts_with("Starting Job = job_") && l[10].contains(":20888/proxy/application_"),
        "{out}"
    );
    assert!(l[11].starts_with("Kill Command = /usr/lib/hadoop/bin/mapred job  -kill job_"));
    assert_eq!(
        l[12],
        "Hadoop job information for Stage-1: number of mappers: 2; number of reducers: 1"
    );
    assert!(l[13].ends_with(" Stage-1 map = 0%,  reduce = 0%"), "{out}");
    assert!(
        l.iter().any(|x| x.contains(" Stage-1 map = 100%,  reduce = 0%, Cumulative CPU ")),
        "{out}"
    );
    assert!(
        l.iter().any(|x| x.contains(" Stage-1 map = 100%,  reduce = 100%, Cumulative CPU ")),
        "{out}"
    );
    assert!(l.iter().any(|x| x.starts_with("MapReduce Total cumulative CPU time: ")));
    assert!(l.iter().any(|x| x.starts_with("Ended Job = job_")));
    let ok = l.iter().position(|x| *x == "OK").expect("OK");
    let rows = &l[ok + 1..l.len() - 1];
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r.split('\t').count() == 2), "{out}");
    let total: u64 = rows.iter().filter_map(|r| r.split('\t').nth(1)?.parse::<u64>().ok()).sum();
    assert_eq!(total, 1200);
    let last = l[l.len() - 1];
    assert!(last.starts_with("Time taken: "), "{out}");
    assert!(last.ends_with(&format!(" seconds, Fetched: {} row(s)", rows.len())), "{out}");
}

#[test]
fn hive_errors_read_as_hive_prints_them_with_its_exit_statuses() {
    let mut w = world(44);
    let c = hive_cluster(&mut w, 2, json!([]));
    let (out, err, code, _) = hive(&mut w, &c, "hive -e 'SELECT * FROM logs'", &[]);
    assert_eq!(out, "");
    assert_eq!(err, "FAILED: SemanticException [Error 10001]: Line 1:14 Table not found 'logs'\n");
    assert_eq!(code, 17);
    let (_, err, code, _) = hive(&mut w, &c, "hive -e 'SELEC 1'", &[]);
    assert!(err.starts_with("FAILED: ParseException line 1:"), "{err}");
    assert_eq!(code, 64);
    let (_, err, code, _) = hive(&mut w, &c, "hive -f missing.q", &[]);
    assert_eq!(
        (err.as_str(), code),
        ("Could not open input file for reading. (missing.q (No such file or directory))\n", 3)
    );
    let (_, err, code, _) = hive(&mut w, &c, "hive -f s3://nowhere/q.q", &[]);
    assert_eq!(
        (err.as_str(), code),
        ("Could not open input file for reading. (File s3://nowhere/q.q does not exist)\n", 3)
    );
}

#[test]
fn hive_f_reads_a_script_from_s3_and_a_cluster_without_hive_has_no_hive() {
    let mut w = world(45);
    let c = hive_cluster(&mut w, 2, json!([]));
    let (out, err, code, _) =
        hive(&mut w, &c, "hive -f s3://elasticmapreduce/samples/hive/access_logs.q", &[]);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    assert_eq!(out.matches("Fetched: ").count(), 3, "{out}");

    let plain = crate::support::emr_cluster(&mut w, 1, json!([]));
    assert_eq!(
        hive(&mut w, &plain, "hive -e 'SELECT 1'", &[]),
        (String::new(), "-bash: hive: command not found\n".into(), 127, 0)
    );
}
