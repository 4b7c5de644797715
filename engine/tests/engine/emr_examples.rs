//! hadoop-mapreduce-examples' `grep` (two jobs in one step: grep-search into a temporary
//! directory, grep-sort into the output, the temporary directory gone afterwards) and `sort`
//! (the identity job: partition, sort and merge only), with their outputs byte for byte and
//! their clients' failures.

use serde_json::json;

use crate::support::{emr_cluster, examples_step, shell, world};
use engine::emr::fs::{self, Location};
use engine::World;

const TEXT_IO: [&str; 8] = [
    "-inFormat",
    "org.apache.hadoop.mapreduce.lib.input.KeyValueTextInputFormat",
    "-outFormat",
    "org.apache.hadoop.mapreduce.lib.output.TextOutputFormat",
    "-outKey",
    "org.apache.hadoop.io.Text",
    "-outValue",
    "org.apache.hadoop.io.Text",
];

fn run(w: &mut World, c: &str, args: &[&str]) -> (String, serde_json::Value) {
    examples_step(w, c, args, 30)
}

fn text(w: &mut World, c: &str, path: &str) -> String {
    let c = c.to_string();
    let loc = Location::Hdfs(path.to_string());
    let bytes = w.with_services(|s, _| fs::read(s, &c, &loc).map(|b| b.to_vec()).expect("read"));
    String::from_utf8(bytes).expect("utf-8")
}

/// Writes a file into HDFS (with a final newline), as `hdfs dfs -put` from the primary node.
fn put(w: &mut World, c: &str, path: &str, content: &str) {
    let (c, loc) = (c.to_string(), Location::Hdfs(path.to_string()));
    let bytes = format!("{content}\n").into_bytes();
    w.with_services(|s, ctx| fs::write(s, ctx, &c, &loc, &bytes, None, false)).expect("put");
}

fn listing(w: &mut World, c: &str, dir: &str) -> Vec<String> {
    let (ls, _, _) = shell(w, c, &format!("hdfs dfs -ls {dir}"));
    ls.lines().skip(1).filter_map(|l| l.rsplit(' ').next()).map(str::to_string).collect()
}

fn step_log(w: &World, c: &str, step: &str) -> Vec<String> {
    let cluster = w.view().emr().cluster(c).expect("cluster");
    cluster.steps.iter().find(|s| s.id == step).expect("step").log.clone()
}

#[test]
fn grep_counts_matches_largest_first_in_two_jobs() {
    let mut w = world(51);
    let c = emr_cluster(&mut w, 2, json!([]));
    shell(&mut w, &c, "hdfs dfs -mkdir -p /in");
    put(&mut w, &c, "/in/a.txt", "dfs.replication dfs.blocksize dfs.replication");
    put(
        &mut w,
        &c,
        "/in/b.txt",
        "dfs.replication and DFS.x dfs.namenode dfs.blocksize dfs.heartbeat",
    );
    let (step, d) = run(&mut w, &c, &["grep", "/in", "/out", "dfs[a-z.]+"]);
    assert_eq!(d["Status"]["State"], json!("COMPLETED"), "{d}");
    // Counts largest first; equal counts (fewer than 13 records: QuickSort's insertion sort)
    // in the first job's order, the matches' byte order.
    assert_eq!(
        text(&mut w, &c, "/out/part-r-00000"),
        "3\tdfs.replication\n2\tdfs.blocksize\n1\tdfs.heartbeat\n1\tdfs.namenode\n"
    );
    assert_eq!(listing(&mut w, &c, "/out"), ["/out/_SUCCESS", "/out/part-r-00000"]);
    // The temporary directory is gone; it was in the hadoop user's home.
    let log = step_log(&w, &c, &step);
    assert!(listing(&mut w, &c, "/user/hadoop").iter().all(|p| !p.contains("grep-temp-")));
    let jobs = w.view().emr().jobs(&c, &step);
    let names: Vec<(&str, &str)> =
        jobs.iter().map(|j| (j.name.as_str(), j.state.as_str())).collect();
    assert_eq!(names, [("grep-search", "SUCCEEDED"), ("grep-sort", "SUCCEEDED")]);
    assert!(jobs[0].job_id.ends_with("_0001") && jobs[1].job_id.ends_with("_0002"), "{jobs:?}");
    let counter =
        |j: usize, name: &str| jobs[j].counters.iter().find(|(n, _)| n == name).map(|(_, v)| *v);
    assert_eq!(counter(0, "Map output records"), Some(7));
    assert_eq!(counter(0, "Combine output records"), Some(6));
    assert_eq!(counter(0, "Reduce output records"), Some(4));
    // grep-sort's map writes (LongWritable count, Text match): 8 + the Text's bytes.
    assert_eq!(counter(1, "Map output records"), Some(4));
    assert_eq!(
        counter(1, "Map output bytes"),
        Some(4 * 8 + (1 + 15) + (1 + 13) + (1 + 13) + (1 + 12))
    );
    assert_eq!(log.iter().filter(|l| l.contains("completed successfully")).count(), 2, "{log:#?}");
}

#[test]
fn grep_groups_ties_and_fails_as_its_client_does() {
    let mut w = world(52);
    let c = emr_cluster(&mut w, 2, json!([]));
    // The sample corpus over S3, group 1 of the pattern: many counts tie.
    let (_, d) = run(
        &mut w,
        &c,
        &["grep", "s3://elasticmapreduce/samples/wordcount/input", "/words", "the ([a-z]+)", "1"],
    );
    assert_eq!(d["Status"]["State"], json!("COMPLETED"), "{d}");
    let out = text(&mut w, &c, "/words/part-r-00000");
    let counts: Vec<u64> =
        out.lines().map(|l| l.split('\t').next().unwrap_or("").parse().expect("count")).collect();
    assert!(counts.len() > 13 && counts.windows(2).all(|p| p[0] >= p[1]), "{out}");
    assert!(
        out.lines().all(|l| !l.split('\t').nth(1).unwrap_or(" ").contains(' ')),
        "group 1 only"
    );

    // The output exists: grep-search runs, grep-sort's client refuses, the temp dir goes.
    let (step, d) = run(&mut w, &c, &["grep", "/words", "/words", "[0-9]+"]);
    assert_eq!(d["Status"]["State"], json!("FAILED"));
    let message = d["Status"]["FailureDetails"]["Message"].as_str().unwrap_or_default();
    assert!(
        message.starts_with(
            "org.apache.hadoop.mapred.FileAlreadyExistsException: Output directory hdfs://"
        ),
        "{message}"
    );
    assert_eq!(w.view().emr().jobs(&c, &step).len(), 1);
    assert!(listing(&mut w, &c, "/user/hadoop").iter().all(|p| !p.contains("grep-temp-")));

    // A pattern the sandbox cannot compile: four attempts of the map fail, then the job.
    let (step, d) = run(&mut w, &c, &["grep", "/words", "/look", "(?<=a)b"]);
    assert_eq!(d["Status"]["State"], json!("FAILED"));
    let log = step_log(&w, &c, &step).join("\n");
    assert!(log.contains("java.util.regex.PatternSyntaxException"), "{log}");

    // Too few arguments: Grep's usage, exit 2.
    let (_, d) = run(&mut w, &c, &["grep", "/words", "/x"]);
    assert_eq!(d["Status"]["State"], json!("FAILED"));
    assert_eq!(
        d["Status"]["FailureDetails"]["Message"],
        json!("Grep <inDir> <outDir> <regex> [<group>]")
    );
}

#[test]
fn sort_partitions_and_sorts_text_by_key() {
    let mut w = world(53);
    let c = emr_cluster(&mut w, 2, json!([]));
    shell(&mut w, &c, "hdfs dfs -mkdir -p /pairs");
    put(&mut w, &c, "/pairs/p.txt", "pear\t3\napple\t1\nfig\t9\napple\t0\nkiwi");
    let mut args = vec!["sort", "-r", "1"];
    args.extend(TEXT_IO);
    args.extend(["/pairs", "/sorted"]);
    let (step, d) = run(&mut w, &c, &args);
    assert_eq!(d["Status"]["State"], json!("COMPLETED"), "{d}");
    // The line without a tab is a key with an empty value, written with its tab.
    assert_eq!(
        text(&mut w, &c, "/sorted/part-r-00000"),
        "apple\t1\napple\t0\nfig\t9\nkiwi\t\npear\t3\n"
    );
    let log = step_log(&w, &c, &step);
    assert!(
        log.iter().any(|l| l.starts_with("Running on 2 nodes to sort from hdfs://")
            && l.ends_with("/pairs into /sorted with 1 reduces.")),
        "{log:#?}"
    );
    assert!(log.iter().any(|l| l.starts_with("The job took ")), "{log:#?}");

    // Without -r: 90% of two reduce slots per NodeManager, (int) 3.6 = 3 part files whose
    // keys follow Text's hash.
    let mut args = vec!["sort"];
    args.extend(TEXT_IO);
    args.extend(["/pairs", "/three"]);
    let (_, d) = run(&mut w, &c, &args);
    assert_eq!(d["Status"]["State"], json!("COMPLETED"), "{d}");
    let parts: Vec<String> =
        (0..3).map(|i| text(&mut w, &c, &format!("/three/part-r-0000{i}"))).collect();
    for (i, part) in parts.iter().enumerate() {
        for line in part.lines() {
            let key = line.split('\t').next().unwrap_or_default();
            let hash =
                key.bytes().fold(1i32, |h, b| h.wrapping_mul(31).wrapping_add(b as i8 as i32));
            assert_eq!((hash & i32::MAX) % 3, i as i32, "{key} in part {i}");
        }
        let keys: Vec<&str> =
            part.lines().map(|l| l.split('\t').next().unwrap_or_default()).collect();
        assert!(keys.windows(2).all(|k| k[0] <= k[1]), "{part}");
    }
    assert_eq!(parts.iter().map(|p| p.lines().count()).sum::<usize>(), 5);

    // TextInputFormat: keys are the lines' byte offsets.
    let (_, d) = run(
        &mut w,
        &c,
        &[
            "sort",
            "-r",
            "1",
            "-inFormat",
            "org.apache.hadoop.mapreduce.lib.input.TextInputFormat",
            "-outFormat",
            "org.apache.hadoop.mapreduce.lib.output.TextOutputFormat",
            "-outKey",
            "org.apache.hadoop.io.LongWritable",
            "-outValue",
            "org.apache.hadoop.io.Text",
            "/pairs",
            "/offsets",
        ],
    );
    assert_eq!(d["Status"]["State"], json!("COMPLETED"), "{d}");
    assert_eq!(
        text(&mut w, &c, "/offsets/part-r-00000"),
        "0\tpear\t3\n7\tapple\t1\n15\tfig\t9\n21\tapple\t0\n29\tkiwi\n"
    );
}

#[test]
fn sort_fails_where_hadoop_fails() {
    let mut w = world(54);
    let c = emr_cluster(&mut w, 2, json!([]));
    put(&mut w, &c, "/t.txt", "b\na");
    // Its defaults read SequenceFiles: every attempt of the map fails on a text file.
    let (step, d) = run(&mut w, &c, &["sort", "/t.txt", "/s1"]);
    assert_eq!(d["Status"]["State"], json!("FAILED"));
    let log = step_log(&w, &c, &step).join("\n");
    assert!(
        log.contains("java.io.IOException: hdfs://") && log.contains("/t.txt not a SequenceFile"),
        "{log}"
    );
    // Text in, but the default key class: the map's key does not fit.
    let (step, _) = run(
        &mut w,
        &c,
        &[
            "sort",
            "-inFormat",
            "org.apache.hadoop.mapreduce.lib.input.KeyValueTextInputFormat",
            "-outFormat",
            "org.apache.hadoop.mapreduce.lib.output.TextOutputFormat",
            "/t.txt",
            "/s2",
        ],
    );
    let log = step_log(&w, &c, &step).join("\n");
    assert!(
        log.contains("java.io.IOException: Type mismatch in key from map: expected org.apache.hadoop.io.BytesWritable, received org.apache.hadoop.io.Text"),
        "{log}"
    );
    let (_, d) = run(&mut w, &c, &["sort", "-r", "two", "/t.txt", "/s3"]);
    assert_eq!(
        d["Status"]["FailureDetails"]["Message"],
        json!("ERROR: Integer expected instead of two")
    );
    let (_, d) = run(&mut w, &c, &["sort", "-inFormat", "Nope", "/t.txt", "/s4"]);
    assert_eq!(
        d["Status"]["FailureDetails"]["Message"],
        json!("Exception in thread \"main\" java.lang.ClassNotFoundException: Nope")
    );
}
