//! The primary node's shell after `aws emr ssh` (issues 14 and 15): `whoami`, `hostname`,
//! `yarn application -list` over the cluster's applications, bash's answer to a command it
//! does not know, and `hive -e` / `hive -f` running their queries as MapReduce jobs in virtual
//! time, printing what the Hive CLI prints, with Hive's errors and exit statuses; `hadoop jar`
//! (and `yarn jar`) running the examples JAR's programs and Hadoop streaming as YARN
//! applications, printing what Hadoop's job client prints, with RunJar's, the drivers' and
//! the job client's refusals.

use std::collections::BTreeMap;

use engine::emr::EmrCommand;
use engine::{Command, World};
use serde_json::{json, Value};

use crate::emr_hive::hive_cluster;
use crate::support::{emr_ok, shell, world};

/// What a `hive` or `hadoop jar` line printed once it ended: (stdout, stderr, exit status),
/// and how many virtual seconds it ran.
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
        if let Some(r) = w.view().emr().shell_run(cluster, run) {
            if let Some(code) = r.exit_code {
                return (r.stdout, r.stderr, code, s);
            }
        }
        w.advance_by(1000);
    }
    panic!("{line} did not end within an hour");
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

const EXAMPLES: &str = "/usr/lib/hadoop-mapreduce/hadoop-mapreduce-examples.jar";

/// The tutorial's two files (MapReduceTutorial: file01, file02) under `in` in the hadoop
/// user's HDFS home.
fn tutorial_input(w: &mut World, c: &str) {
    for line in [
        "hdfs dfs -mkdir -p in",
        "echo Hello World Bye World | hdfs dfs -put - in/file01",
        "echo Hello Hadoop Goodbye Hadoop | hdfs dfs -put - in/file02",
    ] {
        let (_, err, code) = shell(w, c, line);
        assert_eq!((code, err.as_str()), (0, ""), "{line}");
    }
}

/// A line without its log4j stamp (`2026-01-01 00:04:30,000 `), and whether it had one.
fn unstamped(line: &str) -> (&str, bool) {
    let b = line.as_bytes();
    let stamped = b.len() > 24
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b' '
        && b[13] == b':'
        && b[16] == b':'
        && b[19] == b','
        && b[23] == b' ';
    if stamped {
        (&line[24..], true)
    } else {
        (line, false)
    }
}

#[test]
fn hadoop_jar_wordcount_prints_the_job_clients_lines_and_writes_the_tutorials_counts() {
    let mut w = world(46);
    let c = hive_cluster(&mut w, 2, json!([]));
    tutorial_input(&mut w, &c);
    let primary = w
        .view()
        .emr()
        .cluster(&c)
        .and_then(|v| v.nodes.into_iter().find(|n| n.role == "MASTER"))
        .expect("primary");
    let host = format!("ip-{}.ec2.internal", primary.private_ip.replace('.', "-"));

    // Submitted, the job is a YARN application of user hadoop while it runs.
    let line = format!("hadoop jar {EXAMPLES} wordcount in out");
    let answer = w.apply(Command::Emr(EmrCommand::Shell {
        cluster: c.clone(),
        line: line.clone(),
        home: BTreeMap::new(),
    }));
    let v: Value = serde_json::from_str(&answer.result.expect("answer")).expect("json");
    let run = v["Running"].as_str().expect("runs on").to_string();
    assert!(run.starts_with("hadoop-jar-"), "{run}");
    w.advance_by(15_000);
    let (out, _, _) = shell(&mut w, &c, "yarn application -list");
    let l = lines(&out);
    assert!(l[1].ends_with("):1"), "{out}");
    let cells: Vec<&str> = l[3].split('\t').map(str::trim).collect();
    assert_eq!(&cells[1..5], ["word count", "MAPREDUCE", "hadoop", "default"], "{out}");
    assert!(matches!(cells[5], "RUNNING" | "ACCEPTED"), "{out}");
    let mut secs = 15;
    let r = loop {
        let r = w.view().emr().shell_run(&c, &run).expect("run");
        if r.exit_code.is_some() {
            break r;
        }
        assert!(secs < 3600, "wordcount did not end");
        w.advance_by(1000);
        secs += 1;
    };
    eprintln!("{}", r.stderr);
    assert_eq!((r.exit_code, r.stdout.as_str()), (Some(0), ""), "{}", r.stderr);
    assert!(secs > 20, "the job takes virtual time: {secs} s");
    let all: Vec<(&str, bool)> = r.stderr.lines().map(unstamped).collect();
    let app = {
        let at = all
            .iter()
            .find_map(|(l, _)| l.strip_prefix("INFO impl.YarnClientImpl: Submitted application "));
        at.expect("submitted").to_string()
    };
    assert!(app.starts_with("application_") && app.ends_with("_0001"), "{app}");
    let job = app.replace("application_", "job_");
    let want = [
        format!("INFO client.DefaultNoHARMFailoverProxyProvider: Connecting to ResourceManager at {host}/{}:8032", primary.private_ip),
        "INFO input.FileInputFormat: Total input files to process : 2".into(),
        "INFO mapreduce.JobSubmitter: number of splits:2".into(),
        format!("INFO mapreduce.JobSubmitter: Submitting tokens for job: {job}"),
        format!("INFO impl.YarnClientImpl: Submitted application {app}"),
        format!("INFO mapreduce.Job: The url to track the job: http://{host}:20888/proxy/{app}/"),
        format!("INFO mapreduce.Job: Running job: {job}"),
        format!("INFO mapreduce.Job: Job {job} running in uber mode : false"),
        "INFO mapreduce.Job:  map 0% reduce 0%".into(),
    ];
    let got: Vec<&str> = all.iter().map(|(l, _)| *l).collect();
    assert_eq!(
        got[..want.len()],
        want.iter().map(String::as_str).collect::<Vec<_>>()[..],
        "{}",
        r.stderr
    );
    // Reports only when they change, up to both phases done; then the end and the counters.
    let reports: Vec<&str> =
        got.iter().copied().filter(|l| l.starts_with("INFO mapreduce.Job:  map ")).collect();
    assert_eq!(reports.first(), Some(&"INFO mapreduce.Job:  map 0% reduce 0%"));
    assert_eq!(reports.last(), Some(&"INFO mapreduce.Job:  map 100% reduce 100%"));
    assert!(reports.contains(&"INFO mapreduce.Job:  map 100% reduce 0%"), "{}", r.stderr);
    assert!(reports.windows(2).all(|p| p[0] != p[1]), "{}", r.stderr);
    let done = got
        .iter()
        .position(|l| *l == format!("INFO mapreduce.Job: Job {job} completed successfully"))
        .expect("completed");
    assert_eq!(got[done - 1], "INFO mapreduce.Job:  map 100% reduce 100%");
    let n: usize = got[done + 1]
        .strip_prefix("INFO mapreduce.Job: Counters: ")
        .expect("counters")
        .parse()
        .expect("n");
    let printed: Vec<&str> = r.stderr.lines().collect();
    let counters = &printed[done + 2..];
    // Groups tab-indented once, counters twice, and nothing unstamped but them.
    assert_eq!(counters.iter().filter(|l| l.starts_with("\t\t")).count(), n);
    assert_eq!(counters[0], "\tFile System Counters");
    assert!(counters.contains(&"\t\tMap input records=2"), "{}", r.stderr);
    assert!(counters.contains(&"\t\tMap output records=8"));
    assert!(counters.contains(&"\t\tCombine output records=6"));
    assert!(counters.contains(&"\t\tReduce input groups=5"));
    assert!(counters.contains(&"\t\tReduce output records=5"));
    assert!(counters.contains(&"\t\tLaunched map tasks=2"));
    assert!(counters.contains(&"\t\tData-local map tasks=2"));
    assert!(all[..done + 2].iter().all(|(_, stamped)| *stamped), "{}", r.stderr);
    // Each stamped line's time never goes backwards.
    let stamps: Vec<&str> = r.stderr.lines().filter(|l| unstamped(l).1).map(|l| &l[..23]).collect();
    assert!(stamps.windows(2).all(|p| p[0] <= p[1]), "{}", r.stderr);

    let (out, err, code) = shell(&mut w, &c, "hdfs dfs -cat out/part-r-00000");
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(out, "Bye\t1\nGoodbye\t1\nHadoop\t2\nHello\t2\nWorld\t2\n");
    let (out, _, _) = shell(&mut w, &c, "hdfs dfs -ls out");
    assert!(out.ends_with(" out/_SUCCESS\n") || out.contains(" out/_SUCCESS\n"), "{out}");
    let (out, _, _) = shell(&mut w, &c, "yarn application -list -appStates FINISHED");
    assert!(out.contains(&app) && out.contains("SUCCEEDED"), "{out}");
}

#[test]
fn hadoop_jar_refusals_read_as_runjar_the_driver_and_the_job_client_print_them() {
    let mut w = world(47);
    let c = hive_cluster(&mut w, 2, json!([]));
    tutorial_input(&mut w, &c);
    let nn = {
        let v = w.view().emr().cluster(&c).expect("cluster");
        let ip = v.nodes.iter().find(|n| n.role == "MASTER").expect("primary").private_ip.clone();
        format!("hdfs://ip-{}.ec2.internal:8020", ip.replace('.', "-"))
    };
    let (_, _, code, _) = hive(&mut w, &c, &format!("hadoop jar {EXAMPLES} wordcount in out"), &[]);
    assert_eq!(code, 0);

    // The output directory exists: ExampleDriver prints the exception and exits -1.
    let (out, err, code, _) =
        hive(&mut w, &c, &format!("yarn jar {EXAMPLES} wordcount in out"), &[]);
    let l: Vec<&str> = err.lines().map(|l| unstamped(l).0).collect();
    assert_eq!((out.as_str(), code, l.len()), ("", 255, 2), "{err}");
    assert!(l[0].starts_with(
        "INFO client.DefaultNoHARMFailoverProxyProvider: Connecting to ResourceManager at "
    ));
    assert_eq!(l[1], format!("org.apache.hadoop.mapred.FileAlreadyExistsException: Output directory {nn}/user/hadoop/out already exists"));
    // An input that is not there.
    let (_, err, code, _) =
        hive(&mut w, &c, &format!("hadoop jar {EXAMPLES} wordcount nope out2"), &[]);
    assert_eq!(code, 255);
    assert_eq!(
        err.lines().last(),
        Some(format!("org.apache.hadoop.mapreduce.lib.input.InvalidInputException: Input path does not exist: {nn}/user/hadoop/nope").as_str())
    );
    // An example the driver does not know: ProgramDriver's list, on stdout.
    let (out, err, code, _) =
        hive(&mut w, &c, &format!("hadoop jar {EXAMPLES} wordcont in out2"), &[]);
    assert_eq!((err.as_str(), code), ("", 255));
    let l = lines(&out);
    assert_eq!(l[0], "Unknown program 'wordcont' chosen.");
    assert_eq!(l[1], "Valid program names are:");
    assert!(
        l.contains(&"  wordcount: A map/reduce program that counts the words in the input files."),
        "{out}"
    );
    // The manifest names the main class: one typed after the JAR reaches the driver.
    let (out, _, code, _) = hive(
        &mut w,
        &c,
        &format!("hadoop jar {EXAMPLES} org.apache.hadoop.examples.WordCount in out2"),
        &[],
    );
    assert_eq!(code, 255);
    assert!(
        out.starts_with("Unknown program 'org.apache.hadoop.examples.WordCount' chosen.\n"),
        "{out}"
    );
    // WordCount's own usage.
    assert_eq!(
        hive(&mut w, &c, &format!("hadoop jar {EXAMPLES} wordcount in"), &[]),
        (String::new(), "Usage: wordcount <in> [<in>...] <out>\n".into(), 2, 0)
    );
    // RunJar: a JAR that is not on the node, by its canonical path; no JAR at all.
    assert_eq!(
        hive(&mut w, &c, "hadoop jar hadoop-mapreduce-examples.jar wordcount in out2", &[]),
        (
            String::new(),
            "JAR does not exist or is not a normal file: /home/hadoop/hadoop-mapreduce-examples.jar\n".into(),
            255,
            0
        )
    );
    assert_eq!(
        hive(&mut w, &c, "hadoop jar", &[]),
        (String::new(), "RunJar jarFile [mainClass] args...\n".into(), 255, 0)
    );
    // None of the refused commands became an application.
    let (out, _, _) = shell(&mut w, &c, "yarn application -list -appStates ALL");
    assert!(lines(&out)[1].ends_with("):1"), "{out}");
}

#[test]
fn hadoop_jar_streaming_runs_the_sample_mapper_with_its_options_and_says_why_it_fails() {
    let mut w = world(48);
    let c = hive_cluster(&mut w, 2, json!([]));
    tutorial_input(&mut w, &c);
    let line = "hadoop jar /usr/lib/hadoop/hadoop-streaming.jar -D mapreduce.job.reduces=2 \
        -files s3://elasticmapreduce/samples/wordcount/wordSplitter.py -mapper wordSplitter.py \
        -reducer aggregate -input in -output counts";
    let (out, err, code, _) = hive(&mut w, &c, line, &[]);
    assert_eq!((out.as_str(), code), ("", 0), "{err}");
    let l: Vec<&str> = err.lines().map(|l| unstamped(l).0).collect();
    assert!(l.contains(&"INFO mapred.FileInputFormat: Total input files to process : 2"), "{err}");
    assert!(l
        .iter()
        .any(|x| x.starts_with("INFO mapreduce.Job: Job job_")
            && x.ends_with(" completed successfully")));
    assert!(l.contains(&"\t\tLaunched reduce tasks=2"), "{err}");
    // Streaming's old API names its output files part-NNNNN, one per reducer.
    let (out, _, _) = shell(&mut w, &c, "hdfs dfs -cat counts/part-00000");
    let (more, _, _) = shell(&mut w, &c, "hdfs dfs -cat counts/part-00001");
    let mut words: Vec<String> = out.lines().chain(more.lines()).map(str::to_string).collect();
    words.sort();
    assert_eq!(words, ["bye\t1", "goodbye\t1", "hadoop\t2", "hello\t2", "world\t2"]);

    // Again into the same directory: StreamJob's words, its return value as the status.
    let (_, err, code, _) = hive(&mut w, &c, line, &[]);
    let l: Vec<&str> = err.lines().map(|l| unstamped(l).0).collect();
    assert_eq!(code, 4);
    let nn = l[0].split(" at ").nth(1).and_then(|h| h.split('/').next()).expect("rm host");
    assert_eq!(
        l[1..],
        [
            format!("ERROR streaming.StreamJob: Error launching job , Output path already exists : Output directory hdfs://{nn}:8020/user/hadoop/counts already exists").as_str(),
            "Streaming Command Failed!"
        ]
    );
    let (_, err, code, _) = hive(
        &mut w,
        &c,
        "yarn jar /usr/lib/hadoop/hadoop-streaming.jar -input nope -output x -mapper cat",
        &[],
    );
    assert_eq!(code, 5);
    assert!(err.contains(&format!("ERROR streaming.StreamJob: Error Launching job : Input path does not exist: hdfs://{nn}:8020/user/hadoop/nope\n")), "{err}");
    assert!(err.ends_with("Streaming Command Failed!\n"), "{err}");
}
