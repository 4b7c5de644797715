//! EMR questions: how many copies HDFS keeps (and what losing a core node costs), where a
//! transient cluster's output survives, what a cluster does when its steps are done, which
//! cluster keeps a working set in HDFS. MapReduce's own questions are in `emr_jobs.rs`.
//!
//! Until the EMR view lands (issue 16) a run is watched in the console, where `aws emr
//! describe-cluster`, `list-steps` and `aws s3 ls` show what the question measured.

use engine::{Command, World};

use crate::catalog::BOTH;
use crate::commands::create_bucket;
use crate::question::{Choice, Observation, Params, Question};
use crate::script::Script;

pub(crate) const CLUSTER: &str = "lab";
pub(crate) const BUCKET: &str = "lab-results";
/// AWS's sample input for the word-count tutorial (the sandbox's own text, at AWS's path).
pub(crate) const SAMPLE_INPUT: &str = "s3://elasticmapreduce/samples/wordcount/input";

pub const QUESTIONS: &[Question] = &[
    Question {
        id: "hdfs-replication-default",
        title: "Losing a core node",
        covers: &["S16", "S17"],
        exams: BOTH,
        view: "console",
        params: |d| vec![("core", d.pick(&[2, 3, 4, 5]))],
        prompt: "A long-running cluster has {core} core nodes and HDFS at EMR's defaults (no dfs.replication in its configuration). A step copies AWS's sample bucket (a dozen small files: programs, text, logs, reads) into HDFS. Then core-1 is lost. Eleven minutes later, after the NameNode has declared it dead, how many of its blocks are missing?",
        choices: &[
            Choice { label: "None: every block had a replica on another node, and the NameNode copies it again", act: None, holds: |o, _| o.get("missing") == 0 && o.get("blocks") > 0 },
            Choice { label: "Some: at this size EMR keeps one replica of each block, so the blocks on core-1 are gone", act: None, holds: |o, _| o.get("missing") > 0 && o.get("missing") < o.get("blocks") },
            Choice { label: "All of them: HDFS stops when a core node is lost", act: None, holds: |o, _| o.get("blocks") > 0 && o.get("missing") == o.get("blocks") },
        ],
        setup: |p| {
            let mut s = Script::new();
            let copy = copy_step("s3://elasticmapreduce/samples", "/samples");
            s.push(run_job_flow(&Cluster { core: p.get("core") as u32, keep_alive: true, ..Cluster::default() }, &[copy]));
            s.at(600_000).push(lose_node("core-1"));
            s.finish()
        },
        fork_at: 0,
        run_ms: |_| 600_000 + 11 * 60_000,
        observe: |w, _| {
            let mut o = Observation::default();
            let hdfs = cluster_id(w).and_then(|id| w.view().emr().hdfs(&id));
            let blocks: u64 = hdfs.as_ref().map_or(0, |h| h.files.iter().map(|f| f.blocks.len() as u64).sum());
            o.count("replication", "dfs.replication EMR chose", hdfs.as_ref().map_or(0, |h| h.replication as u64), "");
            o.count("blocks", "Blocks in HDFS", blocks, "");
            o.count("missing", "Missing blocks (no replica left)", hdfs.as_ref().map_or(0, |h| h.missing_blocks), "");
            o.count("under", "Under-replicated blocks", hdfs.map_or(0, |h| h.under_replicated_blocks), "");
            o
        },
        why: "HDFS keeps each block on several DataNodes so that losing one does not lose data, and the NameNode copies the blocks of a dead node again from the surviving replicas. How many copies EMR keeps by default depends on the core nodes: 1 with fewer than 4, 2 with 4 to 9, 3 with 10 or more. With 1, a lost core node takes its blocks with it: set dfs.replication (hdfs-site) or add core nodes when HDFS must survive a node.",
    },
    Question {
        id: "transient-output",
        title: "Where does a transient cluster's output survive?",
        covers: &["S18", "S19", "S20", "S21", "S24", "S25"],
        exams: BOTH,
        view: "console",
        params: |d| vec![("core", d.pick(&[3, 4]))],
        prompt: "A transient cluster ({core} i3.xlarge core nodes, HDFS on their instance store) runs AWS's word-count step with -output hdfs:///output/wordcount and ends when the step is done. The next day the results are gone. Which change keeps them?",
        choices: &[
            Choice { label: "Write the output to s3://lab-results/wordcount/ (EMRFS)", act: Some(|p| launch(p, Variant::EmrfsOutput)), holds: output_survives },
            Choice { label: "Use m5.xlarge core nodes, whose HDFS lives on EBS volumes", act: Some(|p| launch(p, Variant::EbsNodes)), holds: output_survives },
            Choice { label: "Set dfs.replication to 3, so every block has three copies", act: Some(|p| launch(p, Variant::MoreReplicas)), holds: output_survives },
        ],
        setup: |_| {
            let mut s = Script::new();
            s.push(create_bucket(BUCKET));
            s.finish()
        },
        fork_at: 1_000,
        run_ms: |_| 30 * 60_000,
        observe: |w, _| {
            let mut o = Observation::default();
            let state = cluster_id(w).and_then(|id| w.view().emr().cluster(&id)).map(|c| c.state).unwrap_or_default();
            o.text("terminated", "Cluster state", (state == "TERMINATED") as i64, state);
            let objects = w.view().s3().objects(BUCKET, "wordcount/part-").len();
            o.count("part_files", "Part files under s3://lab-results/wordcount/", objects as u64, "");
            o
        },
        why: "HDFS lives on the cluster's own disks. When a cluster terminates, EMR deletes its instance store and its EBS volumes alike, so whatever was only in HDFS is gone, however many replicas it had. EMRFS writes s3:// paths to S3 itself, which outlives the cluster: that is why transient clusters read their input from S3 and write their results there, and HDFS holds only intermediate data.",
    },
    Question {
        id: "steps-done",
        title: "After the last step",
        covers: &["S22", "S24"],
        exams: BOTH,
        view: "console",
        params: |d| vec![("keep", d.pick(&[0, 1]))],
        prompt: "A cluster is created with KeepJobFlowAliveWhenNoSteps set to {keep|false|true} and one step that copies a small input into HDFS. When the step has completed, what does the cluster do?",
        choices: &[
            Choice { label: "It waits for more steps (WAITING), and is billed until someone terminates it", act: None, holds: |o, _| o.get("state") == 1 },
            Choice { label: "It shuts down by itself (TERMINATED, \"Steps completed\")", act: None, holds: |o, _| o.get("state") == 2 },
            Choice { label: "It stays RUNNING with its step finished", act: None, holds: |o, _| o.get("state") == 3 },
        ],
        setup: |p| {
            let mut s = Script::new();
            let copy = copy_step(SAMPLE_INPUT, "/input");
            s.push(run_job_flow(&Cluster { core: 2, keep_alive: p.get("keep") == 1, ..Cluster::default() }, &[copy]));
            s.finish()
        },
        fork_at: 0,
        run_ms: |_| 20 * 60_000,
        observe: |w, _| {
            let mut o = Observation::default();
            let c = cluster_id(w).and_then(|id| w.view().emr().cluster(&id));
            let state = c.as_ref().map(|c| c.state.clone()).unwrap_or_default();
            let code = match state.as_str() {
                "WAITING" => 1,
                "TERMINATED" => 2,
                "RUNNING" => 3,
                _ => 0,
            };
            let shown = match c.and_then(|c| c.message) {
                Some(m) => format!("{state} ({m})"),
                None => state,
            };
            o.text("state", "Cluster state", code, shown);
            o
        },
        why: "KeepJobFlowAliveWhenNoSteps decides between the two kinds of cluster. A transient cluster (false, the API's default and the console's auto-termination) terminates once its steps are done, so it costs nothing while idle: it suits batch jobs that read and write S3. A long-running cluster (true, the CLI's default without --auto-terminate) waits for more steps around the clock: it suits continuous or interactive work and data kept in HDFS, and is billed while it waits.",
    },
    Question {
        id: "persistent-hdfs",
        title: "A working set kept in HDFS",
        covers: &["S22", "S23", "S18", "S19"],
        exams: BOTH,
        view: "console",
        params: |d| vec![("core", d.pick(&[3, 4, 5]))],
        prompt: "Analysts load a data set into HDFS once and query it again and again through the day, whenever a question comes up. The first cluster ({core} core nodes) runs the load as its only step. Which cluster still has the data set in HDFS an hour later, when the next question comes?",
        choices: &[
            Choice { label: "A long-running cluster (KeepJobFlowAliveWhenNoSteps): it waits for the next step with HDFS intact", act: Some(|p| persistent(p, WorkingSet::LongRunning)), holds: still_in_hdfs },
            Choice { label: "A transient cluster on m5.xlarge core nodes, whose HDFS is on EBS volumes that outlive the instances", act: Some(|p| persistent(p, WorkingSet::EbsNodes)), holds: still_in_hdfs },
            Choice { label: "A transient cluster with dfs.replication 3, so every block survives on other nodes", act: Some(|p| persistent(p, WorkingSet::MoreReplicas)), holds: still_in_hdfs },
        ],
        setup: |_| Script::new().finish(),
        fork_at: 1_000,
        run_ms: |_| 60 * 60_000,
        observe: |w, _| {
            let mut o = Observation::default();
            let c = cluster_id(w).and_then(|id| w.view().emr().cluster(&id));
            let state = c.map(|c| c.state).unwrap_or_default();
            let up = (state == "WAITING" || state == "RUNNING") as i64;
            o.text("up", "Cluster state an hour later", up, state);
            let files = cluster_id(w)
                .and_then(|id| w.view().emr().hdfs(&id))
                .filter(|h| h.running)
                .map_or(0, |h| h.files.iter().filter(|f| f.path.starts_with("/data/")).count());
            o.count("files", "Files of the data set in HDFS", files as u64, "");
            o
        },
        why: "HDFS exists only while its cluster does: when a cluster terminates, EMR deletes the instance store and the EBS volumes of its nodes alike, and every replica goes with them. A data set that lives in HDFS and is used again and again needs a cluster that keeps running (a persistent, long-running cluster, billed around the clock); a transient cluster suits work that reads its input from S3 and writes its results back there, through EMRFS.",
    },
];

/// The cluster a question launches.
#[derive(Clone, Debug)]
pub(crate) struct Cluster {
    pub(crate) core: u32,
    pub(crate) core_type: &'static str,
    pub(crate) keep_alive: bool,
    pub(crate) replication: Option<u32>,
}

impl Default for Cluster {
    fn default() -> Self {
        Cluster { core: 2, core_type: "m5.xlarge", keep_alive: false, replication: None }
    }
}

pub(crate) fn run_job_flow(c: &Cluster, steps: &[serde_json::Value]) -> Command {
    let mut hdfs = serde_json::json!({ "dfs.blocksize": "1m" });
    if let Some(r) = c.replication {
        hdfs["dfs.replication"] = serde_json::json!(r.to_string());
    }
    let body = serde_json::json!({
        "Name": CLUSTER,
        "ReleaseLabel": "emr-7.1.0",
        "ServiceRole": "EMR_DefaultRole",
        "JobFlowRole": "EMR_EC2_DefaultRole",
        "Applications": [{ "Name": "Hadoop" }],
        "Configurations": [{ "Classification": "hdfs-site", "Properties": hdfs }],
        "Instances": {
            "InstanceGroups": [
                { "InstanceRole": "MASTER", "InstanceType": "m5.xlarge", "InstanceCount": 1 },
                { "InstanceRole": "CORE", "InstanceType": c.core_type, "InstanceCount": c.core },
            ],
            "KeepJobFlowAliveWhenNoSteps": c.keep_alive,
        },
        "Steps": steps,
    });
    Command::api("ElasticMapReduce.RunJobFlow", body.to_string())
}

pub(crate) fn copy_step(from: &str, to: &str) -> serde_json::Value {
    serde_json::json!({
        "Name": "Copy into HDFS",
        "ActionOnFailure": "CANCEL_AND_WAIT",
        "HadoopJarStep": { "Jar": "command-runner.jar", "Args": ["hdfs", "dfs", "-cp", from, to] },
    })
}

pub(crate) fn word_count_step(output: &str) -> serde_json::Value {
    serde_json::json!({
        "Name": "Word count",
        "ActionOnFailure": "TERMINATE_CLUSTER",
        "HadoopJarStep": { "Jar": "command-runner.jar", "Args": [
            "hadoop-streaming",
            "-files", "s3://elasticmapreduce/samples/wordcount/wordSplitter.py",
            "-mapper", "wordSplitter.py", "-reducer", "aggregate",
            "-input", SAMPLE_INPUT, "-output", output,
        ] },
    })
}

fn lose_node(node: &str) -> Command {
    Command::Emr(engine::emr::EmrCommand::LoseNode { cluster: CLUSTER.into(), node: node.into() })
}

enum Variant {
    EmrfsOutput,
    EbsNodes,
    MoreReplicas,
}

fn launch(p: &Params, v: Variant) -> Vec<Command> {
    let core = p.get("core") as u32;
    let base = Cluster { core, core_type: "i3.xlarge", ..Cluster::default() };
    let (cluster, output) = match v {
        Variant::EmrfsOutput => (base, format!("s3://{BUCKET}/wordcount/")),
        Variant::EbsNodes => {
            (Cluster { core_type: "m5.xlarge", ..base }, "hdfs:///output/wordcount".into())
        }
        Variant::MoreReplicas => {
            (Cluster { replication: Some(3), ..base }, "hdfs:///output/wordcount".into())
        }
    };
    vec![run_job_flow(&cluster, &[word_count_step(&output)])]
}

enum WorkingSet {
    LongRunning,
    EbsNodes,
    MoreReplicas,
}

/// The load of the working set into HDFS, on the cluster the choice picks.
fn persistent(p: &Params, w: WorkingSet) -> Vec<Command> {
    let base = Cluster { core: p.get("core") as u32, core_type: "i3.xlarge", ..Cluster::default() };
    let cluster = match w {
        WorkingSet::LongRunning => Cluster { keep_alive: true, ..base },
        WorkingSet::EbsNodes => Cluster { core_type: "m5.xlarge", ..base },
        WorkingSet::MoreReplicas => Cluster { replication: Some(3), ..base },
    };
    vec![run_job_flow(&cluster, &[copy_step(SAMPLE_INPUT, "/data")])]
}

fn still_in_hdfs(o: &Observation, _: &Params) -> bool {
    o.get("up") == 1 && o.get("files") > 0
}

fn output_survives(o: &Observation, _: &Params) -> bool {
    o.get("terminated") == 1 && o.get("part_files") > 0
}

pub(super) fn cluster_id(w: &World) -> Option<String> {
    w.view().emr().clusters().into_iter().find(|c| c.name == CLUSTER).map(|c| c.id)
}
