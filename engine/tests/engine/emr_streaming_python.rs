//! Each streaming program's Python source, run natively with python3 as
//! `cat input | mapper | LC_ALL=C sort | reducer`, gives byte for byte what the sandbox's
//! built-in program gives on the cluster (the promise to a learner who takes the script
//! to a real cluster).

use std::io::Write;
use std::process::{Command as Process, Stdio};

use serde_json::json;

use crate::support::{call, emr_cluster, emr_describe_step, emr_step, world};
use engine::emr::samples;

fn run_python(source: &str, args: &[&str], input: &[u8]) -> Vec<u8> {
    let mut child = Process::new("python3")
        .arg("-c")
        .arg(source)
        .args(args)
        .env("LC_ALL", "C")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 runs (the EMR oracle needs it)");
    let mut stdin = child.stdin.take().expect("stdin");
    let input = input.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().expect("python3 finishes");
    writer.join().expect("writer").expect("wrote stdin");
    assert!(out.status.success(), "python3 failed");
    out.stdout
}

/// `LC_ALL=C sort`: lines in byte order.
fn sort_lines(bytes: &[u8]) -> Vec<u8> {
    let mut lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').filter(|l| !l.is_empty()).collect();
    lines.sort();
    lines.iter().flat_map(|l| l.iter().copied().chain(std::iter::once(b'\n'))).collect()
}

fn script(name: &str) -> &'static str {
    engine::emr::mapreduce::programs::script(name).expect("script").source
}

fn inputs(prefix: &str) -> Vec<u8> {
    samples::objects()
        .iter()
        .filter(|(k, _)| k.starts_with(prefix))
        .flat_map(|(_, b)| b.clone())
        .collect()
}

/// Runs the streaming job on a cluster and returns its single output file.
fn sandbox_output(seed: u64, mapper: &str, reducer: &str, input: &str) -> Vec<u8> {
    let mut w = world(seed);
    call(&mut w, "s3", "CreateBucket", json!({"Bucket": "out"})).expect("bucket");
    let c = emr_cluster(&mut w, 2, json!([]));
    let mapper_file = format!(
        "s3://elasticmapreduce/{}",
        engine::emr::mapreduce::programs::script(mapper.split(' ').next().unwrap_or(mapper))
            .map(|s| s.sample_key)
            .unwrap_or_default()
    );
    let mut files = vec![mapper_file];
    if let Some(s) = engine::emr::mapreduce::programs::script(reducer) {
        files.push(format!("s3://elasticmapreduce/{}", s.sample_key));
    }
    let files = files.join(",");
    let args = [
        "hadoop-streaming",
        "-files",
        &files,
        "-mapper",
        mapper,
        "-reducer",
        reducer,
        "-input",
        input,
        "-output",
        "s3://out/result",
    ];
    let step = emr_step(&mut w, &c, "streaming", "command-runner.jar", &args);
    w.advance_by(20 * 60_000);
    let s = emr_describe_step(&mut w, &c, &step);
    assert_eq!(s["Status"]["State"], json!("COMPLETED"), "{s}");
    let got = call(&mut w, "s3", "GetObject", json!({"Bucket": "out", "Key": "result/part-00000"}))
        .expect("part file");
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(got["Body"].as_str().unwrap_or_default())
        .expect("base64")
}

fn python_pipeline(mapper: &str, mapper_args: &[&str], reducer: &str, input: &[u8]) -> Vec<u8> {
    let mapped = run_python(script(mapper), mapper_args, input);
    run_python(script(reducer), &[], &sort_lines(&mapped))
}

#[test]
fn word_count_with_word_splitter_and_aggregate() {
    let python = python_pipeline(
        "wordSplitter.py",
        &[],
        "aggregate.py",
        &inputs("samples/wordcount/input/"),
    );
    let sandbox = sandbox_output(
        41,
        "wordSplitter.py",
        "aggregate",
        "s3://elasticmapreduce/samples/wordcount/input",
    );
    assert!(python.len() > 500);
    assert_eq!(String::from_utf8_lossy(&sandbox), String::from_utf8_lossy(&python));
}

#[test]
fn log_processing_counts_statuses_and_urls_of_apache_logs() {
    let python =
        python_pipeline("logParser.py", &[], "aggregate.py", &inputs("samples/logs/input/"));
    let sandbox =
        sandbox_output(42, "logParser.py", "aggregate", "s3://elasticmapreduce/samples/logs/input");
    assert!(String::from_utf8_lossy(&python).contains("status:200\t"));
    assert_eq!(String::from_utf8_lossy(&sandbox), String::from_utf8_lossy(&python));
}

#[test]
fn log_processing_reads_cloudfront_logs_too() {
    let python =
        python_pipeline("logParser.py", &[], "aggregate.py", &inputs("samples/cloudfront/input/"));
    let sandbox = sandbox_output(
        43,
        "logParser.py",
        "aggregate",
        "s3://elasticmapreduce/samples/cloudfront/input",
    );
    assert_eq!(String::from_utf8_lossy(&sandbox), String::from_utf8_lossy(&python));
}

#[test]
fn clickstream_sessions_split_at_thirty_minute_gaps() {
    let python = python_pipeline(
        "sessionize_mapper.py",
        &[],
        "sessionize_reducer.py",
        &inputs("samples/clickstream/input/"),
    );
    let sandbox = sandbox_output(
        44,
        "sessionize_mapper.py",
        "sessionize_reducer.py",
        "s3://elasticmapreduce/samples/clickstream/input",
    );
    let text = String::from_utf8_lossy(&python);
    assert!(
        text.lines().any(|l| l.split('\t').nth(1) == Some("2")),
        "some user has a second session"
    );
    assert_eq!(String::from_utf8_lossy(&sandbox), text);
}

#[test]
fn genomics_counts_k_mers_of_fastq_reads() {
    let python = python_pipeline(
        "kmer_mapper.py",
        &["7"],
        "aggregate.py",
        &inputs("samples/genomics/input/"),
    );
    let sandbox = sandbox_output(
        45,
        "kmer_mapper.py 7",
        "aggregate",
        "s3://elasticmapreduce/samples/genomics/input",
    );
    assert!(String::from_utf8_lossy(&python)
        .lines()
        .all(|l| l.split('\t').next().map(str::len) == Some(7)));
    assert_eq!(String::from_utf8_lossy(&sandbox), String::from_utf8_lossy(&python));
}
