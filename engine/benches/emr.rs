//! Word count through the whole EMR engine (EMRFS reads, splits, map, combine, sort, shuffle,
//! reduce, part files written to S3), in MB/s of input: Hadoop's WordCount example and the
//! streaming tutorial (wordSplitter.py + aggregate) over 16 MiB of text in 4 files on a cluster
//! of two core nodes. The clock is the wall's: from AddJobFlowSteps until the step is COMPLETED
//! (the virtual clock is advanced a minute at a time). In the same run, the same word count
//! through the Python scripts themselves (`cat | python3 wordSplitter.py | sort | python3
//! aggregate.py`), and the ratio. Then TeraSort of 1 million 100-byte rows (TeraGen's, in
//! HDFS) with 4 reducers: sampling, total-order partitioning, sort, shuffle, merge, output.
//! Run with `cargo bench -p engine --bench emr`.

use std::io::Write;
use std::process::{Command as Process, Stdio};
use std::time::{Duration, Instant};

use engine::emr::mapreduce::programs;
use engine::s3::S3Command;
use engine::{Command, World, WorldConfig};

const MIB: usize = 1 << 20;
const INPUT_BYTES: usize = 16 * MIB;
const FILES: usize = 4;
const RUNS: usize = 5;

/// Deterministic English-like text: words from a fixed vocabulary, ten to a line.
fn corpus(bytes: usize) -> String {
    let vocabulary: Vec<String> = (0..5000u32)
        .map(|i| {
            let mut x = i.wrapping_mul(2_654_435_761) ^ 0x9e37_79b9;
            let len = 2 + (x % 9) as usize;
            (0..len)
                .map(|_| {
                    x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    (b'a' + ((x >> 16) % 26) as u8) as char
                })
                .collect()
        })
        .collect();
    let mut out = String::with_capacity(bytes + 64);
    let mut x: u64 = 42;
    let mut on_line = 0;
    while out.len() < bytes {
        x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        // Zipf-ish: small indices far more often.
        let r = (x >> 33) as usize;
        let i = (r % 5000) * (r % 5000) / 5000;
        let word = &vocabulary[i];
        if on_line > 0 {
            out.push(' ');
        }
        if on_line == 0 && (x >> 20).is_multiple_of(7) {
            out.push_str(&word[..1].to_uppercase());
            out.push_str(&word[1..]);
        } else {
            out.push_str(word);
        }
        on_line += 1;
        if on_line == 10 {
            out.push_str(".\n");
            on_line = 0;
        }
    }
    out
}

/// A world with the input in s3://lake/input/ and a WAITING cluster of a primary and two
/// core m5.xlarge nodes.
fn world(files: &[String]) -> (World, String) {
    let mut w = World::new(WorldConfig::for_bench(1));
    w.apply(Command::S3(S3Command::CreateBucket { bucket: "lake".into() }));
    for (i, text) in files.iter().enumerate() {
        w.apply(Command::S3(S3Command::PutObject {
            bucket: "lake".into(),
            key: format!("input/part-{i:04}"),
            body: text.clone(),
        }));
    }
    let body = r#"{"Name":"bench","ReleaseLabel":"emr-7.1.0","ServiceRole":"EMR_DefaultRole","JobFlowRole":"EMR_EC2_DefaultRole","Instances":{"KeepJobFlowAliveWhenNoSteps":true,"InstanceGroups":[{"InstanceRole":"MASTER","InstanceType":"m5.xlarge","InstanceCount":1},{"InstanceRole":"CORE","InstanceType":"m5.xlarge","InstanceCount":2}]}}"#;
    let out = w.apply(Command::api("ElasticMapReduce.RunJobFlow", body));
    let v: serde_json::Value =
        serde_json::from_str(&out.result.expect("RunJobFlow")).expect("json");
    let id = v["JobFlowId"].as_str().expect("JobFlowId").to_string();
    w.advance_by(270_000);
    (w, id)
}

/// One step from AddJobFlowSteps to COMPLETED: the wall time it took.
fn run_step(w: &mut World, cluster: &str, args: &[String]) -> Duration {
    let args: Vec<serde_json::Value> = args.iter().map(|a| a.as_str().into()).collect();
    let body = serde_json::json!({"JobFlowId": cluster, "Steps": [{"Name": "bench", "ActionOnFailure": "CONTINUE",
        "HadoopJarStep": {"Jar": "command-runner.jar", "Args": args}}]});
    let start = Instant::now();
    let out = w.apply(Command::api("ElasticMapReduce.AddJobFlowSteps", body.to_string()));
    let v: serde_json::Value =
        serde_json::from_str(&out.result.expect("AddJobFlowSteps")).expect("json");
    let step = v["StepIds"][0].as_str().expect("step").to_string();
    let describe = format!(r#"{{"ClusterId":"{cluster}","StepId":"{step}"}}"#);
    loop {
        w.advance_by(60_000);
        let out = w.apply(Command::api("ElasticMapReduce.DescribeStep", describe.clone()));
        let v: serde_json::Value =
            serde_json::from_str(&out.result.expect("DescribeStep")).expect("json");
        match v["Step"]["Status"]["State"].as_str() {
            Some("COMPLETED") => return start.elapsed(),
            Some("FAILED" | "CANCELLED") => panic!("step failed: {v}"),
            _ => {}
        }
    }
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn mb_per_s(bytes: usize, t: Duration) -> f64 {
    bytes as f64 / 1e6 / t.as_secs_f64()
}

/// `cat input | python3 wordSplitter.py | LC_ALL=C sort | python3 aggregate.py`, as a
/// streaming step would run it on one machine.
fn python_pipeline(dir: &std::path::Path) -> Option<Duration> {
    let start = Instant::now();
    let status = Process::new("sh")
        .arg("-c")
        .arg(
            "cat input/* | python3 wordSplitter.py | LC_ALL=C sort | python3 aggregate.py > output",
        )
        .current_dir(dir)
        .stdout(Stdio::null())
        .status()
        .ok()?;
    status.success().then(|| start.elapsed())
}

/// TeraSort of 1 million rows (100 MB): TeraGen writes them to HDFS first (not timed).
fn terasort() {
    const ROWS: u64 = 1_000_000;
    let (mut w, cluster) = world(&[]);
    let examples = "/usr/lib/hadoop-mapreduce/hadoop-mapreduce-examples.jar";
    let gen: Vec<String> = ["hadoop", "jar", examples, "teragen", "1000000", "/teragen"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let t_gen = run_step(&mut w, &cluster, &gen);
    let mut times = Vec::new();
    for run in 0..3 {
        let args: Vec<String> = [
            "hadoop",
            "jar",
            examples,
            "terasort",
            "-D",
            "mapreduce.job.reduces=4",
            "/teragen",
            &format!("/terasort-{run}"),
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        times.push(run_step(&mut w, &cluster, &args));
        // Room for the next run's output under the HDFS bound.
        let del = format!(
            r#"{{"JobFlowId":"{cluster}","Steps":[{{"Name":"rm","ActionOnFailure":"CONTINUE","HadoopJarStep":{{"Jar":"command-runner.jar","Args":["hdfs","dfs","-rm","-r","-skipTrash","/terasort-{run}"]}}}}]}}"#
        );
        w.apply(Command::api("ElasticMapReduce.AddJobFlowSteps", del));
        w.advance_by(120_000);
    }
    let bytes = ROWS as usize * 100;
    println!(
        "{:48} {:8.1} MB/s  ({:.0} ms; teragen {:.1} MB/s)",
        "engine: terasort 1M rows, 4 reducers",
        mb_per_s(bytes, median(times.clone())),
        median(times).as_secs_f64() * 1e3,
        mb_per_s(bytes, t_gen)
    );
}

fn main() {
    let text = corpus(INPUT_BYTES);
    let per_file = text.len() / FILES;
    let mut files = Vec::new();
    let mut rest = text.as_str();
    for i in 0..FILES {
        // Whole lines per file.
        let cut = if i + 1 == FILES {
            rest.len()
        } else {
            rest[per_file..].find('\n').map_or(rest.len(), |n| per_file + n + 1)
        };
        files.push(rest[..cut].to_string());
        rest = &rest[cut..];
    }
    let bytes: usize = files.iter().map(String::len).sum();
    println!(
        "EMR word count, {:.1} MB of text in {FILES} files, 2 core nodes, median of {RUNS}",
        bytes as f64 / 1e6
    );

    let cases: [(&str, Vec<&str>); 2] = [
        (
            "engine: hadoop-mapreduce-examples wordcount",
            vec![
                "hadoop",
                "jar",
                "/usr/lib/hadoop-mapreduce/hadoop-mapreduce-examples.jar",
                "wordcount",
                "s3://lake/input/",
            ],
        ),
        (
            "engine: streaming wordSplitter.py + aggregate",
            vec![
                "hadoop-streaming",
                "-files",
                "s3://elasticmapreduce/samples/wordcount/wordSplitter.py",
                "-mapper",
                "wordSplitter.py",
                "-reducer",
                "aggregate",
                "-input",
                "s3://lake/input/",
                "-output",
            ],
        ),
    ];
    let mut streaming_time = None;
    for (label, args) in &cases {
        let (mut w, cluster) = world(&files);
        let mut times = Vec::new();
        for run in 0..RUNS + 1 {
            let mut a: Vec<String> = args.iter().map(|s| s.to_string()).collect();
            a.push(format!("s3://lake/out-{run}/"));
            let t = run_step(&mut w, &cluster, &a);
            // The first run warms the allocator and caches.
            if run > 0 {
                times.push(t);
            }
        }
        let t = median(times);
        println!("{label:48} {:8.1} MB/s  ({:.0} ms)", mb_per_s(bytes, t), t.as_secs_f64() * 1e3);
        if label.contains("streaming") {
            streaming_time = Some(t);
        }
    }

    terasort();
    if std::env::var_os("EMR_BENCH_ENGINE_ONLY").is_some() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("emr-bench-{}", std::process::id()));
    let _ = std::fs::create_dir_all(dir.join("input"));
    for (i, f) in files.iter().enumerate() {
        let _ = std::fs::write(dir.join("input").join(format!("part-{i:04}")), f);
    }
    for name in ["wordSplitter.py", "aggregate.py"] {
        if let Some(s) = programs::script(name) {
            if let Ok(mut f) = std::fs::File::create(dir.join(name)) {
                let _ = f.write_all(s.source.as_bytes());
            }
        }
    }
    let mut times = Vec::new();
    for _ in 0..3 {
        match python_pipeline(&dir) {
            Some(t) => times.push(t),
            None => {
                println!("python3 pipeline: python3 not available");
                break;
            }
        }
    }
    if !times.is_empty() {
        let t = median(times);
        println!(
            "{:48} {:8.1} MB/s  ({:.0} ms)",
            "python3: cat | wordSplitter.py | sort | aggregate.py",
            mb_per_s(bytes, t),
            t.as_secs_f64() * 1e3
        );
        if let Some(s) = streaming_time {
            println!(
                "engine streaming step / python3 pipeline: {:.1}x faster",
                t.as_secs_f64() / s.as_secs_f64()
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
