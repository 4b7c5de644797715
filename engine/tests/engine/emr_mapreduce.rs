//! MapReduce that really runs: the classic WordCount with Hadoop's counters, AWS's streaming
//! word-count tutorial over EMRFS as written, an oracle comparing the output with a plain count
//! over the same bytes, output names and the trailing-tab rule, Hadoop's failures, and a node
//! lost mid-job.

use std::collections::BTreeMap;

use serde_json::json;

use crate::support::{call, emr_cluster, emr_describe_step, emr_step, shell, world};
use engine::World;

const MIN: u64 = 60_000;

fn s3(w: &mut World, action: &str, body: serde_json::Value) -> serde_json::Value {
    call(w, "s3", action, body).unwrap_or_else(|e| panic!("{action}: {e:?}"))
}

fn s3_text(w: &mut World, bucket: &str, key: &str) -> String {
    let got = s3(w, "GetObject", json!({"Bucket": bucket, "Key": key}));
    let b64 = got["Body"].as_str().unwrap_or_default();
    use base64::Engine as _;
    let bytes = base64::engine::general_purpose::STANDARD.decode(b64).expect("base64");
    String::from_utf8(bytes).expect("utf8")
}

fn step_state(w: &mut World, cluster: &str, step: &str) -> String {
    emr_describe_step(w, cluster, step)["Status"]["State"].as_str().unwrap_or_default().to_string()
}

/// What wordSplitter.py + aggregate compute, counted the plain way.
fn word_splitter_oracle(texts: &[&[u8]]) -> String {
    let mut counts: BTreeMap<Vec<u8>, u64> = BTreeMap::new();
    for t in texts {
        let mut word = Vec::new();
        for &b in t.iter().chain(std::iter::once(&b' ')) {
            if b.is_ascii_alphabetic() || (!word.is_empty() && b.is_ascii_alphanumeric()) {
                word.push(b.to_ascii_lowercase());
            } else if !word.is_empty() {
                *counts.entry(std::mem::take(&mut word)).or_default() += 1;
            }
        }
    }
    counts.into_iter().map(|(k, n)| format!("{}\t{n}\n", String::from_utf8_lossy(&k))).collect()
}

#[test]
fn the_classic_wordcount_counts_as_hadoop_counts() {
    let mut w = world(31);
    let c = emr_cluster(&mut w, 2, json!([]));
    shell(&mut w, &c, "echo Hello World Bye World | hdfs dfs -put - /input/file01");
    shell(&mut w, &c, "echo Hello Hadoop Goodbye Hadoop | hdfs dfs -put - /input/file02");
    let step = emr_step(
        &mut w,
        &c,
        "wordcount",
        "command-runner.jar",
        &[
            "hadoop",
            "jar",
            "/usr/lib/hadoop-mapreduce/hadoop-mapreduce-examples.jar",
            "wordcount",
            "/input",
            "/output",
        ],
    );
    w.advance_by(5 * MIN);
    assert_eq!(step_state(&mut w, &c, &step), "COMPLETED");
    let (ls, _, _) = shell(&mut w, &c, "hdfs dfs -ls /output");
    let names: Vec<&str> = ls.lines().skip(1).filter_map(|l| l.rsplit(' ').next()).collect();
    assert_eq!(names, ["/output/_SUCCESS", "/output/part-r-00000"]);
    let (out, _, code) = shell(&mut w, &c, "hdfs dfs -cat /output/part-r-00000");
    assert_eq!(code, 0);
    assert_eq!(out, "Bye\t1\nGoodbye\t1\nHadoop\t2\nHello\t2\nWorld\t2\n");
    let view = w.view().emr().job(&c, &step).expect("job view");
    let counter = |name: &str| view.counters.iter().find(|(n, _)| n == name).map(|(_, v)| *v);
    assert_eq!(counter("Launched map tasks"), Some(2));
    assert_eq!(counter("Map input records"), Some(2));
    assert_eq!(counter("Map output records"), Some(8));
    assert_eq!(counter("Combine input records"), Some(8));
    assert_eq!(counter("Combine output records"), Some(6));
    assert_eq!(counter("Reduce input groups"), Some(5));
    assert_eq!(counter("Reduce input records"), Some(6));
    assert_eq!(counter("Reduce output records"), Some(5));
    assert_eq!(counter("Spilled Records"), Some(12));
    assert_eq!(counter("Bytes Read"), Some(50));
    assert_eq!(counter("Bytes Written"), Some(41));
    assert_eq!(
        view.counters
            .iter()
            .filter(|(n, _)| n.ends_with("map tasks") && n.contains("local"))
            .map(|(_, v)| v)
            .sum::<u64>(),
        2
    );
}

#[test]
fn awss_streaming_tutorial_runs_as_written_over_emrfs_and_matches_a_plain_count() {
    let mut w = world(32);
    s3(&mut w, "CreateBucket", json!({"Bucket": "my-output"}));
    let c = emr_cluster(&mut w, 2, json!([]));
    let step = emr_step(
        &mut w,
        &c,
        "Word count",
        "command-runner.jar",
        &[
            "hadoop-streaming",
            "-files",
            "s3://elasticmapreduce/samples/wordcount/wordSplitter.py",
            "-mapper",
            "wordSplitter.py",
            "-reducer",
            "aggregate",
            "-input",
            "s3://elasticmapreduce/samples/wordcount/input",
            "-output",
            "s3://my-output/wordcount/",
        ],
    );
    w.advance_by(10 * MIN);
    assert_eq!(step_state(&mut w, &c, &step), "COMPLETED");
    let listed =
        s3(&mut w, "ListObjectsV2", json!({"Bucket": "my-output", "Prefix": "wordcount/"}));
    let keys: Vec<&str> = listed["Contents"]
        .as_array()
        .expect("contents")
        .iter()
        .filter_map(|o| o["Key"].as_str())
        .collect();
    assert_eq!(keys, ["wordcount/_SUCCESS", "wordcount/part-00000"]);
    let inputs: Vec<&[u8]> = engine::emr::samples::objects()
        .iter()
        .filter(|(k, _)| k.starts_with("samples/wordcount/input/"))
        .map(|(_, b)| b.as_slice())
        .collect();
    assert_eq!(inputs.len(), 4);
    assert_eq!(s3_text(&mut w, "my-output", "wordcount/part-00000"), word_splitter_oracle(&inputs));
    // The same output directory again: the step fails before any task runs.
    let again = emr_step(
        &mut w,
        &c,
        "again",
        "command-runner.jar",
        &[
            "hadoop-streaming",
            "-mapper",
            "cat",
            "-input",
            "s3://elasticmapreduce/samples/wordcount/input",
            "-output",
            "s3://my-output/wordcount",
        ],
    );
    w.advance_by(MIN);
    let s = emr_describe_step(&mut w, &c, &again);
    assert_eq!(s["Status"]["State"], json!("FAILED"));
    assert_eq!(s["Status"]["FailureDetails"]["Reason"], json!("Output directory already exists."));
    assert_eq!(
        s["Status"]["FailureDetails"]["Message"],
        json!("org.apache.hadoop.mapred.FileAlreadyExistsException: Output directory s3://my-output/wordcount already exists")
    );
}

#[test]
fn more_reducers_split_keys_by_hadoops_text_hash_and_map_only_jobs_keep_trailing_tabs() {
    let mut w = world(33);
    let c = emr_cluster(&mut w, 2, json!([]));
    shell(
        &mut w,
        &c,
        "echo the quick brown fox jumps over the lazy dog the end | hdfs dfs -put - in/words.txt",
    );
    let step = emr_step(
        &mut w,
        &c,
        "two reducers",
        "command-runner.jar",
        &[
            "hadoop",
            "jar",
            "hadoop-mapreduce-examples.jar",
            "wordcount",
            "-D",
            "mapreduce.job.reduces=2",
            "in",
            "out2",
        ],
    );
    w.advance_by(5 * MIN);
    assert_eq!(step_state(&mut w, &c, &step), "COMPLETED");
    let (p0, _, _) = shell(&mut w, &c, "hdfs dfs -cat out2/part-r-00000");
    let (p1, _, _) = shell(&mut w, &c, "hdfs dfs -cat out2/part-r-00001");
    // Text("the").hashCode() = 144592: reducer 0 of 2 (String.hashCode would pick 1).
    assert!(p0.contains("the\t3\n"), "{p0}");
    let mut all: Vec<&str> = p0.lines().chain(p1.lines()).collect();
    all.sort_unstable();
    assert_eq!(
        all,
        [
            "brown\t1", "dog\t1", "end\t1", "fox\t1", "jumps\t1", "lazy\t1", "over\t1", "quick\t1",
            "the\t3"
        ]
    );
    // wc -l as a map-only job: one line per map, written with streaming's trailing tab.
    let wc = emr_step(
        &mut w,
        &c,
        "count lines",
        "command-runner.jar",
        &[
            "hadoop-streaming",
            "-input",
            "in/words.txt",
            "-output",
            "lines",
            "-mapper",
            "wc -l",
            "-numReduceTasks",
            "0",
        ],
    );
    w.advance_by(5 * MIN);
    assert_eq!(step_state(&mut w, &c, &wc), "COMPLETED");
    let (ls, _, _) = shell(&mut w, &c, "hdfs dfs -ls lines");
    assert!(ls.contains("lines/part-00000") && ls.contains("lines/part-00001"), "{ls}");
    let (a, _, _) = shell(&mut w, &c, "hdfs dfs -cat lines/part-00000 lines/part-00001");
    assert_eq!(a, "1\t\n0\t\n");
}

#[test]
fn a_mapper_that_was_not_shipped_fails_four_attempts_then_the_step() {
    let mut w = world(34);
    let c = emr_cluster(&mut w, 1, json!([]));
    shell(&mut w, &c, "echo a b c | hdfs dfs -put - /in/x");
    let step = emr_step(
        &mut w,
        &c,
        "no -files",
        "command-runner.jar",
        &[
            "hadoop-streaming",
            "-mapper",
            "wordSplitter.py",
            "-reducer",
            "aggregate",
            "-input",
            "/in",
            "-output",
            "/out",
        ],
    );
    w.advance_by(10 * MIN);
    let s = emr_describe_step(&mut w, &c, &step);
    assert_eq!(s["Status"]["State"], json!("FAILED"));
    let message = s["Status"]["FailureDetails"]["Message"].as_str().unwrap_or_default();
    assert!(message.contains("failed with state FAILED due to: Task failed task_"), "{message}");
    let failed: Vec<String> = w
        .log()
        .recent(w.log().len())
        .filter_map(|e| match &e.event {
            engine::Event::Emr(engine::emr::Event::MapReduce {
                event: engine::emr::mapreduce::JobEvent::TaskAttemptFailed { reason, .. },
                ..
            }) => Some(reason.clone()),
            _ => None,
        })
        .collect();
    assert!(failed.len() >= 4, "{failed:?}");
    assert_eq!(failed[0], "java.io.IOException: Cannot run program \"wordSplitter.py\": error=2, No such file or directory");
    let (_, err, code) = shell(&mut w, &c, "hdfs dfs -ls /out");
    assert_eq!((err.as_str(), code), ("ls: `/out': No such file or directory\n", 1));
}

#[test]
fn a_node_lost_mid_job_costs_time_not_results() {
    let mut w = world(35);
    s3(&mut w, "CreateBucket", json!({"Bucket": "data"}));
    let text: String = (0..700_000)
        .map(|i| format!("w{}{}", i % 97, if i % 10 == 9 { "\n" } else { " " }))
        .collect();
    use base64::Engine as _;
    let body = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    s3(&mut w, "PutObject", json!({"Bucket": "data", "Key": "big.txt", "Body": body}));
    let c = emr_cluster(
        &mut w,
        3,
        json!([{"Classification": "hdfs-site", "Properties": {"dfs.replication": "2", "dfs.blocksize": "1m"}}]),
    );
    let (_, err, code) = shell(&mut w, &c, "hdfs dfs -cp s3://data/big.txt /in/big.txt");
    assert_eq!((err.as_str(), code), ("", 0));
    let hdfs = w.view().emr().hdfs(&c).expect("hdfs");
    let blocks = (text.len() as u64).div_ceil(1 << 20) as usize;
    assert!(blocks >= 3);
    assert_eq!(hdfs.files[0].blocks.len(), blocks, "cut into 1 MiB blocks");
    let step = emr_step(
        &mut w,
        &c,
        "wc",
        "command-runner.jar",
        &["hadoop", "jar", "hadoop-mapreduce-examples.jar", "wordcount", "/in", "/out"],
    );
    // The maps are running on the core nodes 20 s in (10 s client, 8 s application master).
    w.advance_by(20_000);
    let job = w.view().emr().job(&c, &step).expect("job");
    let am = job.am_node.clone().expect("application master");
    let busy = job
        .maps
        .iter()
        .filter_map(|m| m.attempts.last())
        .find(|a| a.state == "RUNNING" && a.node != am)
        .expect("a running map away from the application master");
    let victim = busy.node.clone();
    w.apply(engine::Command::Emr(engine::emr::EmrCommand::LoseNode {
        cluster: c.clone(),
        node: victim.clone(),
    }));
    w.advance_by(15 * MIN);
    assert_eq!(step_state(&mut w, &c, &step), "COMPLETED");
    let (out, _, _) = shell(&mut w, &c, "hdfs dfs -cat /out/part-r-00000");
    let total: u64 = out.lines().filter_map(|l| l.split('\t').nth(1)?.parse::<u64>().ok()).sum();
    assert_eq!(total, 700_000, "every word counted once");
    assert_eq!(out.lines().count(), 97);
    let job = w.view().emr().job(&c, &step).expect("job");
    let killed: Vec<&str> = job
        .maps
        .iter()
        .flat_map(|m| &m.attempts)
        .filter(|a| a.state == "KILLED")
        .map(|a| a.node.as_str())
        .collect();
    assert!(!killed.is_empty() && killed.iter().all(|n| *n == victim), "{killed:?}");
    let counter = |name: &str| job.counters.iter().find(|(n, _)| n == name).map(|(_, v)| *v);
    assert_eq!(counter("Killed map tasks"), Some(killed.len() as u64));
    assert_eq!(counter("Launched map tasks"), Some((blocks + killed.len()) as u64));
}
