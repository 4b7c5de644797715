//! MapReduce questions: what a streaming job writes (one part file per reducer) and what a
//! combiner saves the shuffle. Both run the seed's EMR use cases (log processing, genomics)
//! with the catalogue's programs over AWS's sample paths, on a cluster that ends with its step.

use engine::{Command, World};

use super::emr::{cluster_id, run_job_flow, Cluster, BUCKET};
use crate::catalog::BOTH;
use crate::commands::create_bucket;
use crate::question::{Choice, Observation, Question};
use crate::script::Script;

pub const QUESTIONS: &[Question] = &[
    Question {
        id: "part-files",
        title: "How many output files?",
        covers: &["S12", "S13"],
        exams: BOTH,
        view: "console",
        // Never 1 and never the job's map count, so exactly one choice holds.
        params: |d| vec![("reducers", d.pick(&[3, 4, 5, 7]))],
        prompt: "A streaming step parses a web server's access logs with logParser.py and sums the status codes and URLs with Hadoop's aggregate reducer, run with -numReduceTasks {reducers}. How many part files does it leave under s3://lab-results/logs/?",
        choices: &[
            Choice { label: "{reducers}: each reducer writes its own part file, holding the keys the partitioner sent it", act: None, holds: |o, p| o.get("parts") == p.get("reducers") },
            Choice { label: "One per map task: each input split ends as a file of its own", act: None, holds: |o, _| o.get("parts") == o.get("maps") && o.get("maps") > 0 },
            Choice { label: "One: the reducers merge their results into a single file", act: None, holds: |o, _| o.get("parts") == 1 },
        ],
        setup: |p| {
            let mut s = Script::new();
            s.push(create_bucket(BUCKET));
            let reducers = p.get("reducers").to_string();
            s.at(1_000).push(streaming_job("logs", "logParser.py", 2, "logs/input", &["-numReduceTasks", &reducers]));
            s.finish()
        },
        fork_at: 0,
        run_ms: |_| 30 * 60_000,
        observe: |w, _| {
            let mut o = Observation::default();
            let (maps, reduces) = job_counts(w);
            o.count("maps", "Map tasks", maps, "");
            o.count("reduces", "Reduce tasks", reduces, "");
            let parts = w.view().s3().objects(BUCKET, "logs/part-").len();
            o.count("parts", "Part files in s3://lab-results/logs/", parts as u64, "");
            o
        },
        why: "A MapReduce job's output is written by its reducers, one file each (part-00000, part-00001, ...): the partitioner hashes every key to one reducer, so each file holds a disjoint set of keys, sorted. The number of map tasks follows the input's splits and does not show in the output. Tools that read the results (Hive, Athena, a later step) read the whole directory.",
    },
    Question {
        id: "combiner-shuffle",
        title: "What a combiner saves",
        covers: &["S12", "S15"],
        exams: BOTH,
        view: "console",
        params: |d| vec![("core", d.pick(&[2, 3, 4]))],
        prompt: "A genomics step on a cluster of {core} core nodes counts 5-letter k-mers in sequencing reads: kmer_mapper.py emits one record per k-mer of every read, and Hadoop's aggregate reducer adds them up (-reducer aggregate, no -combiner option). Compared with the records the mappers emit, how many records do the reducers receive through the shuffle?",
        choices: &[
            Choice { label: "The same number: every record the mappers emit crosses the network", act: None, holds: |o, _| o.get("reduce_in") == o.get("map_out") && o.get("map_out") > 0 },
            Choice { label: "Fewer: each map task first adds up its own records per k-mer (streaming runs aggregate as the combiner too), so at most one per k-mer per map crosses", act: None, holds: |o, _| o.get("reduce_in") < o.get("map_out") },
            Choice { label: "More: the shuffle copies each record to every reducer", act: None, holds: |o, _| o.get("reduce_in") > o.get("map_out") },
        ],
        setup: |p| {
            let mut s = Script::new();
            s.push(create_bucket(BUCKET));
            s.at(1_000).push(streaming_job("kmers", "kmer_mapper.py", p.get("core") as u32, "genomics/input", &[]));
            s.finish()
        },
        fork_at: 0,
        run_ms: |_| 30 * 60_000,
        observe: |w, _| {
            let mut o = Observation::default();
            let counter = |name: &str| job_counter(w, name);
            o.count("map_out", "Map output records", counter("Map output records"), "");
            o.count("combine_in", "Combine input records", counter("Combine input records"), "");
            o.count("combine_out", "Combine output records", counter("Combine output records"), "");
            o.count("reduce_in", "Reduce input records", counter("Reduce input records"), "");
            o.count("shuffled", "Reduce shuffle bytes", counter("Reduce shuffle bytes"), "B");
            o
        },
        why: "Without a combiner every record a mapper emits is sorted, spilled, copied across the network and fed to a reducer. A combiner runs the reduce logic on each map task's own output first (here: adding up the counts per k-mer), so only one record per k-mer per map crosses the shuffle. Hadoop streaming sets aggregate as the combiner whenever the reducer is aggregate (the Combine input/output records counters show it); for your own reducer, pass -combiner. It works because addition is associative and commutative: Hadoop may run a combiner zero or more times, so the results are the same either way, only the shuffle is smaller.",
    },
];

/// A transient cluster with one hadoop-streaming step over AWS's sample input, writing to
/// `s3://lab-results/<output>/`.
fn streaming_job(output: &str, mapper: &str, core: u32, input: &str, extra: &[&str]) -> Command {
    let folder = input.split('/').next().unwrap_or(input);
    let mut args: Vec<String> = vec![
        "hadoop-streaming".into(),
        "-files".into(),
        format!("s3://elasticmapreduce/samples/{folder}/{mapper}"),
        "-mapper".into(),
        mapper.into(),
    ];
    args.extend(["-reducer".into(), "aggregate".into()]);
    args.extend(extra.iter().map(|a| a.to_string()));
    args.extend([
        "-input".into(),
        format!("s3://elasticmapreduce/samples/{input}"),
        "-output".into(),
        format!("s3://{BUCKET}/{output}/"),
    ]);
    let step = serde_json::json!({
        "Name": output,
        "ActionOnFailure": "TERMINATE_CLUSTER",
        "HadoopJarStep": { "Jar": "command-runner.jar", "Args": args },
    });
    run_job_flow(&Cluster { core, ..Cluster::default() }, &[step])
}

/// The first step's MapReduce job, if it ran.
fn first_job(w: &World) -> Option<engine::emr::JobView> {
    let id = cluster_id(w)?;
    let emr = w.view().emr();
    let step = emr.cluster(&id)?.steps.into_iter().last()?;
    emr.job(&id, &step.id)
}

/// The first job's map and reduce task counts.
fn job_counts(w: &World) -> (u64, u64) {
    first_job(w).map_or((0, 0), |j| (j.maps.len() as u64, j.reduces.len() as u64))
}

fn job_counter(w: &World, name: &str) -> u64 {
    first_job(w)
        .and_then(|j| j.counters.into_iter().find(|(n, _)| n == name).map(|(_, v)| v))
        .unwrap_or(0)
}
