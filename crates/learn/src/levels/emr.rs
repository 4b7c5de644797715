//! EMR levels: the seed's three use cases (log processing, clickstream analysis, genomics),
//! each a MapReduce job on a cluster that exists only while it works and leaves its results
//! in S3. The programs are the sandbox's streaming catalogue (AWS's sample bucket path), each
//! with the Python source a learner would run on real Hadoop streaming.

use engine::{Command, CommandRecord};

use crate::catalog::BOTH;
use crate::commands::create_bucket;
use crate::goal::Goal;
use crate::level::Level;
use crate::script::Script;

const BUCKET: &str = "lab-results";

pub const LEVELS: &[Level] = &[
    Level {
        id: "emr-log-processing",
        title: "Status codes from a web server's logs",
        view: "console",
        story: "The web team's Apache access logs are in s3://elasticmapreduce/samples/logs/input/. They want the number of requests per HTTP status and per URL in s3://lab-results/logs/, computed on EMR by a cluster that exists only while it works: nothing may be left running (and billed) afterwards.",
        hint: "A streaming step runs a mapper and a reducer over every input line: the catalogue's logParser.py (s3://elasticmapreduce/samples/logs/logParser.py, shipped with -files) emits LongValueSum:status:<code> and LongValueSum:url:<path> keys that Hadoop's aggregate reducer sums. aws emr create-cluster --release-label emr-7.1.0 --applications Name=Hadoop --instance-type m5.xlarge --instance-count 3 --use-default-roles --auto-terminate --steps Type=STREAMING,... writes the output with -output s3://lab-results/logs/.",
        covers: &["S12", "S13", "S24", "S25"],
        exams: BOTH,
        seed: 1,
        start: open_lab,
        opens_at: 1_000,
        goal: Goal::EmrResultsInS3 { bucket: BUCKET, prefix: "logs/" },
        solution: || vec![job("logs", "logParser.py", "aggregate", "logs/input", false)],
        tempting: || vec![job("logs", "logParser.py", "aggregate", "logs/input", true)],
        settles_within_ms: 30 * 60_000,
    },
    Level {
        id: "emr-clickstream",
        title: "Sessions from a clickstream",
        view: "console",
        story: "A site's clicks (user, time, page; tab separated) are in s3://elasticmapreduce/samples/clickstream/input/. Marketing wants each user's sessions (a new session after 30 minutes without a click) in s3://lab-results/sessions/, from a cluster that ends by itself when the job is done.",
        hint: "Sessionizing needs every click of a user in one place: sessionize_mapper.py keys each click by its user, the shuffle brings a user's clicks to one reducer sorted by key, and sessionize_reducer.py cuts them into sessions. Both are in s3://elasticmapreduce/samples/clickstream/ (ship them with -files). A cluster with --auto-terminate ends after its last step.",
        covers: &["S12", "S14", "S24", "S25"],
        exams: BOTH,
        seed: 1,
        start: open_lab,
        opens_at: 1_000,
        goal: Goal::EmrResultsInS3 { bucket: BUCKET, prefix: "sessions/" },
        solution: || vec![job("sessions", "sessionize_mapper.py", "sessionize_reducer.py", "clickstream/input", false)],
        tempting: || vec![job("sessions", "sessionize_mapper.py", "sessionize_reducer.py", "clickstream/input", true)],
        settles_within_ms: 30 * 60_000,
    },
    Level {
        id: "emr-genomics",
        title: "k-mer counts from sequencing reads",
        view: "console",
        story: "A sequencer's short reads (FASTQ) are in s3://elasticmapreduce/samples/genomics/input/. The lab wants how often each 5-letter k-mer occurs across all reads, in s3://lab-results/kmers/, from a cluster that ends when the job is done.",
        hint: "kmer_mapper.py (s3://elasticmapreduce/samples/genomics/kmer_mapper.py) emits one LongValueSum:<k-mer> key per k-mer of each read's sequence line; Hadoop's aggregate reducer adds them up. Genomics on EMR is the same MapReduce pattern as a word count, over letters instead of words.",
        covers: &["S12", "S15", "S24", "S25"],
        exams: BOTH,
        seed: 1,
        start: open_lab,
        opens_at: 1_000,
        goal: Goal::EmrResultsInS3 { bucket: BUCKET, prefix: "kmers/" },
        solution: || vec![job("kmers", "kmer_mapper.py", "aggregate", "genomics/input", false)],
        tempting: || vec![job("kmers", "kmer_mapper.py", "aggregate", "genomics/input", true)],
        settles_within_ms: 30 * 60_000,
    },
];

fn open_lab() -> Vec<CommandRecord> {
    let mut s = Script::new();
    s.push(create_bucket(BUCKET));
    s.finish()
}

/// A cluster with one streaming step over AWS's sample input, as `aws emr create-cluster`
/// with `--auto-terminate` (or without it, the tempting long-running cluster) sends it.
fn job(output: &str, mapper: &str, reducer: &str, input: &str, keep_alive: bool) -> Command {
    let folder = input.split('/').next().unwrap_or(input);
    let mut files: Vec<String> = vec![format!("s3://elasticmapreduce/samples/{folder}/{mapper}")];
    if reducer.ends_with(".py") {
        files.push(format!("s3://elasticmapreduce/samples/{folder}/{reducer}"));
    }
    let body = serde_json::json!({
        "Name": format!("{output} job"),
        "ReleaseLabel": "emr-7.1.0",
        "ServiceRole": "EMR_DefaultRole",
        "JobFlowRole": "EMR_EC2_DefaultRole",
        "Applications": [{ "Name": "Hadoop" }],
        "Instances": {
            "InstanceGroups": [
                { "InstanceRole": "MASTER", "InstanceType": "m5.xlarge", "InstanceCount": 1 },
                { "InstanceRole": "CORE", "InstanceType": "m5.xlarge", "InstanceCount": 2 },
            ],
            "KeepJobFlowAliveWhenNoSteps": keep_alive,
        },
        "Steps": [{
            "Name": format!("{output}"),
            "ActionOnFailure": "TERMINATE_CLUSTER",
            "HadoopJarStep": { "Jar": "command-runner.jar", "Args": [
                "hadoop-streaming", "-files", files.join(","),
                "-mapper", mapper, "-reducer", reducer,
                "-input", format!("s3://elasticmapreduce/samples/{input}"),
                "-output", format!("s3://{BUCKET}/{output}/"),
            ] },
        }],
    });
    Command::api("ElasticMapReduce.RunJobFlow", body.to_string())
}
