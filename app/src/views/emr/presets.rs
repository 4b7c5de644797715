//! The EMR view's presets, each loadable by URL (`#/emr?preset=...`), covering the study notes
//! S12-S30 between them: the seed's use cases as transient clusters that write to S3, HDFS's
//! replicas and what losing a node costs at replication 1 and 2, what termination takes with
//! it (instance store and EBS alike) and what EMRFS keeps, persistent against transient.
//! Each preset is API calls and the learner's fault verbs, so the console shows every command
//! and a shared link replays it.

use engine::api::Call;
use engine::emr::wire::{
    AddJobFlowStepsInput, HadoopJarStepConfig, RunJobFlowInput, StepConfig, TerminateJobFlowsInput,
};
use engine::emr::EmrCommand;
use engine::Command;
use leptos::prelude::*;

use super::builder::{ensure_results_bucket, first_step, FirstStep, Plan, RESULTS_BUCKET};
use super::EmrState;
use crate::driver::Sim;
use crate::widgets::preset_kit::{self, Catalog, PresetInfo};

const MINUTE: u64 = 60_000;
/// Long enough for a cluster to start (about 4.5 minutes in the sandbox) and its first step
/// to fill HDFS.
const STARTED_AND_LOADED: u64 = 10 * MINUTE;

pub struct Preset {
    pub info: PresetInfo,
    setup: fn(Sim),
}

pub const PRESETS: &[Preset] = &[
    Preset {
        info: PresetInfo {
            id: "wordcount-transient",
            title: "Word count on a transient cluster",
            notice: "EMR is managed Hadoop on demand: RunJobFlow asked for a primary and two core nodes, EMR started them (STARTING, BOOTSTRAPPING), ran AWS's word-count step (Hadoop streaming: wordSplitter.py as the mapper, aggregate as the reducer) and, with no step left and KeepJobFlowAliveWhenNoSteps false, terminated the cluster by itself: \"Steps completed\". The input came from S3 and the part files went to s3://emr-results/wordcount/ through EMRFS, so they outlive the cluster; the bill stopped with it. Watch the map tasks run data-local on the nodes and the reducers write one part file each.",
            covers: &["S12", "S20", "S21", "S24", "S25"],
        },
        setup: |sim| {
            ensure_results_bucket(sim);
            let plan = Plan { name: "wordcount".into(), core: 2, keep_alive: false, first_step: FirstStep::WordCountToS3, ..Plan::default() };
            let _ = sim.call(Call::new(&plan.input()));
        },
    },
    Preset {
        info: PresetInfo {
            id: "log-processing",
            title: "Log processing: status codes from access logs",
            notice: "The seed's first use case. logParser.py reads Apache access log lines and emits a LongValueSum key per status code and per URL; Hadoop's aggregate reducer adds them up. The cluster is transient: it reads the logs from S3, writes its counts to s3://emr-results/logs/ and ends. Open the part files in the S3 view, or aws s3 cp s3://emr-results/logs/part-00000 - in the console.",
            covers: &["S12", "S13", "S24", "S25"],
        },
        setup: |sim| streaming(sim, "logs", "logs/logParser.py", None, "logs/input"),
    },
    Preset {
        info: PresetInfo {
            id: "clickstream",
            title: "Clickstream analysis: sessions per user",
            notice: "The seed's second use case. sessionize_mapper.py keys every click by its user; the shuffle brings one user's clicks to one reducer, sorted; sessionize_reducer.py cuts them into sessions after 30 idle minutes. The shuffle is where the work meets: watch the reduce tasks wait for the maps, then fetch their partitions.",
            covers: &["S12", "S14", "S24", "S25"],
        },
        setup: |sim| streaming(sim, "sessions", "clickstream/sessionize_mapper.py", Some("clickstream/sessionize_reducer.py"), "clickstream/input"),
    },
    Preset {
        info: PresetInfo {
            id: "genomics",
            title: "Genomics: k-mer counts from sequencing reads",
            notice: "The seed's third use case. kmer_mapper.py emits every 5-letter k-mer of each read; aggregate adds them up, and also runs as the combiner on each map's output, so the counters show far fewer records into the reducers than out of the maps. Same MapReduce pattern as a word count, over letters.",
            covers: &["S12", "S15", "S24", "S25"],
        },
        setup: |sim| streaming(sim, "kmers", "genomics/kmer_mapper.py", None, "genomics/input"),
    },
    Preset {
        info: PresetInfo {
            id: "hdfs-replicas",
            title: "HDFS keeps three replicas of every block",
            notice: "HDFS is the file system that comes with Hadoop: the NameNode on the primary keeps the names, the DataNodes on the core nodes keep the blocks. This long-running cluster has three core nodes and dfs.replication 3, so every block TeraGen writes (1 MB blocks here, to have many) gets a replica on each core node: pick a block and see where. The task node holds no HDFS at all. EMR's default would have been 1 with fewer than four core nodes.",
            covers: &["S16", "S17"],
        },
        setup: |sim| {
            let plan = Plan { name: "hdfs".into(), core: 3, task: 1, replication: Some(3), block_size: Some("1m"), first_step: FirstStep::TeraGen, ..Plan::default() };
            let _ = sim.call(Call::new(&plan.input()));
        },
    },
    Preset {
        info: PresetInfo {
            id: "lose-node-replication-1",
            title: "Lose a core node with replication 1",
            notice: "Three core nodes, so EMR's default dfs.replication is 1: every block lives on one node only, the one whose map task wrote it. The core node holding the most blocks has just been lost. The NameNode does not know yet: its DataNode goes stale after 30 s without a heartbeat and is declared dead at 10 min 30 s. Then its blocks have no replica left: they turn red as missing and fsck says CORRUPT. Compare with the replication 2 preset.",
            covers: &["S16", "S17", "S18"],
        },
        setup: |sim| lose_a_node(sim, 3),
    },
    Preset {
        info: PresetInfo {
            id: "lose-node-replication-2",
            title: "Lose a core node with replication 2",
            notice: "Four core nodes, so EMR's default dfs.replication is 2. The core node holding the most blocks has just been lost. After 30 s its DataNode is stale, after 10 min 30 s dead; then its blocks are under-replicated (one replica left) and the NameNode copies each from the surviving replica to another node, a few at a time, until every block has two again. No data is lost.",
            covers: &["S16", "S17"],
        },
        setup: |sim| lose_a_node(sim, 4),
    },
    Preset {
        info: PresetInfo {
            id: "terminate-instance-store",
            title: "Terminate a cluster: HDFS on instance store is gone",
            notice: "The core nodes are i3.xlarge: HDFS lives on their NVMe instance store. TeraGen wrote 20 MB of rows into HDFS, then the cluster was terminated. The banner lists the files HDFS lost with the nodes: instance store does not outlive its instance. Anything written to S3 would still be there.",
            covers: &["S18"],
        },
        setup: |sim| load_then_terminate(sim, "i3.xlarge"),
    },
    Preset {
        info: PresetInfo {
            id: "terminate-ebs",
            title: "Terminate a cluster: HDFS on EBS is gone too",
            notice: "HDFS can use EBS: these m5.xlarge core nodes have no instance store, so EMR attached EBS volumes and HDFS lives there. Terminate the cluster and EMR deletes those volumes with the instances: the banner lists the same kind of loss as on instance store. EBS makes the disks bigger or cheaper, not the data durable: for that, write to S3.",
            covers: &["S19"],
        },
        setup: |sim| load_then_terminate(sim, "m5.xlarge"),
    },
    Preset {
        info: PresetInfo {
            id: "emrfs-survives",
            title: "EMRFS: the output in S3 survives the cluster",
            notice: "The same word count twice on one cluster: one step writes to hdfs:///output/wordcount, the other to s3://emr-results/wordcount/ through EMRFS (Hadoop's file system interface over S3). Then the cluster was terminated. The banner shows HDFS's copy gone and S3's objects kept: that is why transient clusters read from S3 and write back to S3.",
            covers: &["S20", "S21", "S18"],
        },
        setup: |sim| {
            ensure_results_bucket(sim);
            let plan = Plan { name: "emrfs".into(), core: 2, first_step: FirstStep::WordCountToHdfs, ..Plan::default() };
            let Some(id) = run(sim, &plan.input()) else { return };
            let _ = sim.call(Call::new(&AddJobFlowStepsInput { job_flow_id: Some(id.clone()), steps: first_step(FirstStep::WordCountToS3).map(|s| vec![s]), ..Default::default() }));
            sim.skip(20 * MINUTE);
            let _ = sim.call(Call::new(&TerminateJobFlowsInput { job_flow_ids: vec![id] }));
        },
    },
    Preset {
        info: PresetInfo {
            id: "persistent-vs-transient",
            title: "Persistent against transient",
            notice: "Two clusters ran the same word count. The long-running one (persistent) finished its step and is WAITING: HDFS is still there for the next step, and it is billed every hour it waits, which suits continuous analysis and data kept in HDFS. The transient one terminated when its step was done (\"Steps completed\"), so its bill stopped, which suits batch jobs that read and write S3. Pick each cluster and compare their bills as the clock runs.",
            covers: &["S22", "S23", "S24", "S25"],
        },
        setup: |sim| {
            ensure_results_bucket(sim);
            let persistent = Plan { name: "persistent".into(), core: 2, keep_alive: true, first_step: FirstStep::WordCountToHdfs, ..Plan::default() };
            let _ = sim.call(Call::new(&persistent.input()));
            let transient = Plan { name: "transient".into(), core: 2, keep_alive: false, first_step: FirstStep::WordCountToS3, ..Plan::default() };
            let _ = sim.call(Call::new(&transient.input()));
        },
    },
    Preset {
        info: PresetInfo {
            id: "run-it-faster",
            title: "Run it faster: the same sort on 3 and on 10 core nodes",
            notice: "Two transient clusters started at the same moment, each generating 20 MB of rows into HDFS in 1 MB blocks (TeraGen) and sorting them (TeraSort: one map task per block, 20 in all, and one reducer). Each core node offers YARN a fixed amount of memory, so the 3-node cluster runs the 20 maps in two waves and the 10-node cluster in one: pick each cluster and compare their Gantt strips. The side-by-side table shows what that buys: the sort ends a few seconds sooner, because with only 20 MB the start of each task and the single reducer take most of the time, while the 10-node cluster costs more than twice as much an hour. Scaling out pays when every node has plenty of work.",
            covers: &["S12", "S16"],
        },
        setup: super::scenarios::run_it_faster,
    },
    Preset {
        info: PresetInfo {
            id: "storage-face-off",
            title: "HDFS or EMRFS: a day and a week of both",
            notice: "The same word count on two clusters an hour ago. The persistent one keeps its output in HDFS and is WAITING for more: it bills every hour, all day, and its data lives only on its core nodes. The transient one read from S3, wrote to S3 through EMRFS and terminated: it billed only the minutes it ran, and its output is still in S3. The face-off below projects both over a day or a week at the runs per day you choose.",
            covers: &["S20", "S21", "S22", "S23", "S24", "S25"],
        },
        setup: super::scenarios::storage_face_off,
    },
    Preset {
        info: PresetInfo {
            id: "security-groups",
            title: "The two security groups EMR makes",
            notice: "Launching the cluster made two security groups: ElasticMapReduce-master for the primary node and ElasticMapReduce-slave for the core and task nodes. Neither admits the internet: the console shows SSH from the internet timing out. The primary's group opens the service port 8443 to the EMR service (allowed, and the rule is named) and admits SSH only once you add a rule for your address (try \"Allow SSH from my address\", then connect on 22). The core nodes' group admits the primary (and each other) and nothing else. Before December 2020 a new master group admitted SSH from anywhere: tick the first box and launch again.",
            covers: &["S26", "S27", "S28"],
        },
        setup: super::scenarios::security_groups,
    },
    Preset {
        info: PresetInfo {
            id: "another-user-submits",
            title: "An IAM user submits a step",
            notice: "The root user launched the cluster; IAM user bob's policy allows elasticmapreduce:AddJobFlowSteps, carol has no policy. Both tried to add a step with their own keys (--profile): bob's step ran, carol's call was refused with AccessDeniedException (the console shows AWS's text). The steps table shows who submitted each step and that it ran on the cluster as the hadoop user: IAM decides who may submit, Linux's hadoop user runs the work.",
            covers: &["S29"],
        },
        setup: super::scenarios::another_user_submits,
    },
    Preset {
        info: PresetInfo {
            id: "hidden-cluster-2019",
            title: "2019: a cluster hidden from another IAM user",
            notice: "Under 2019's rules, IAM user alice launched this cluster with VisibleToAllUsers false. Pick \"Acting as\" alice, then bob: bob's policy allows every EMR action, yet he lists no cluster, because only the principal that launched it and the root user could see it. Untick the 2019 box: today the parameter has no effect and bob lists it too; IAM policies alone decide.",
            covers: &["S30"],
        },
        setup: super::scenarios::hidden_cluster_2019,
    },
    Preset {
        info: PresetInfo {
            id: "hive-log-processing",
            title: "Hive: status codes, top pages and error rates from access logs",
            notice: "The seed's log-processing use case as people run it on EMR: a Hive script, not a hand-written program. access_logs.q declares an external table over the logs in S3 (RegexSerDe cuts each line into columns), then three SELECTs. Hive compiles each into MapReduce jobs: a GROUP BY is a map, a combine and a reduce; the ORDER BY after it is a second job with a single reducer. Watch the jobs appear on the cluster one after another, then open the step's log: it reads as the Hive CLI prints (Launching Job 1 out of 2, OK, the rows, Time taken). The table is external: its data stays in S3 when the transient cluster ends.",
            covers: &["S12", "S13", "S20", "S24", "S25"],
        },
        setup: |sim| super::scenarios::hive_script(sim, "hive-logs", "access_logs.q"),
    },
    Preset {
        info: PresetInfo {
            id: "hive-clickstream",
            title: "Hive: visitors per hour and a purchase funnel from a clickstream",
            notice: "The seed's clickstream use case in HiveQL: clicks and distinct visitors per hour (count(DISTINCT ...) in a GROUP BY), each user's active half-hours, and a funnel built with CREATE TABLE AS SELECT. That table is managed: Hive keeps it in HDFS under /user/hive/warehouse, so it goes with the cluster when it terminates, unlike the external table over S3. The step's log shows every result.",
            covers: &["S12", "S14", "S18", "S24"],
        },
        setup: |sim| super::scenarios::hive_script(sim, "hive-clicks", "clickstream.q"),
    },
    Preset {
        info: PresetInfo {
            id: "hive-genomics",
            title: "Hive: 8-mer counts from sequencing reads",
            notice: "The seed's genomics use case in HiveQL: every 8-letter k-mer of every read, counted. A table of positions 1 to 60 is small, so Hive joins it to the reads on the map side (no shuffle for the join), then a GROUP BY counts the k-mers across the reducers. The step's log shows the most frequent ones.",
            covers: &["S12", "S15", "S24"],
        },
        setup: |sim| super::scenarios::hive_script(sim, "hive-kmers", "kmers.q"),
    },
];

/// RunJobFlow; the new cluster's id.
fn run(sim: Sim, input: &RunJobFlowInput) -> Option<String> {
    let out = sim.call(Call::new(input)).ok()?;
    let v: serde_json::Value = serde_json::from_str(&out).ok()?;
    v["JobFlowId"].as_str().map(str::to_string)
}

/// A transient cluster with one streaming step over AWS's sample data (`folder/program`),
/// writing to `s3://emr-results/<output>/`.
fn streaming(sim: Sim, output: &str, mapper: &str, reducer: Option<&str>, input: &str) {
    ensure_results_bucket(sim);
    let base = "s3://elasticmapreduce/samples";
    let program = |p: &str| p.rsplit('/').next().unwrap_or(p).to_string();
    let mut files = vec![format!("{base}/{mapper}")];
    files.extend(reducer.map(|r| format!("{base}/{r}")));
    let args = vec![
        "hadoop-streaming".to_string(),
        "-files".into(),
        files.join(","),
        "-mapper".into(),
        program(mapper),
        "-reducer".into(),
        reducer.map_or("aggregate".into(), program),
        "-input".into(),
        format!("{base}/{input}"),
        "-output".into(),
        format!("s3://{RESULTS_BUCKET}/{output}/"),
    ];
    let step = StepConfig {
        name: Some(output.into()),
        action_on_failure: Some("TERMINATE_CLUSTER".into()),
        hadoop_jar_step: Some(HadoopJarStepConfig {
            jar: Some("command-runner.jar".into()),
            args: Some(args),
            ..Default::default()
        }),
    };
    let mut input =
        Plan { name: output.into(), core: 2, keep_alive: false, ..Plan::default() }.input();
    input.steps = Some(vec![step]);
    let _ = sim.call(Call::new(&input));
}

/// A long-running cluster of `core` core nodes writes 20 MB into HDFS in 1 MB blocks (TeraGen);
/// then the core node holding the most blocks is lost.
fn lose_a_node(sim: Sim, core: u32) {
    let plan = Plan {
        name: "hdfs".into(),
        core,
        block_size: Some("1m"),
        first_step: FirstStep::TeraGen,
        ..Plan::default()
    };
    let Some(id) = run(sim, &plan.input()) else { return };
    sim.skip(STARTED_AND_LOADED);
    // HDFS puts a block's first replica on the node that writes it, so TeraGen's maps leave
    // the blocks on the nodes they ran on: lose the one holding the most.
    let Some(c) = sim.with_world(|w| w.view().emr().cluster(&id)) else { return };
    let Some(node) = c.nodes.iter().filter(|n| n.role == "CORE").max_by_key(|n| n.replicas) else {
        return;
    };
    let name = super::short_name(&c.nodes, &node.id);
    let _ = sim.act_checked(
        Command::Emr(EmrCommand::LoseNode { cluster: id, node: node.id.clone() }),
        &format!("lose {name}: its EC2 instance is terminated"),
    );
}

/// Fills HDFS on `core_type` nodes (TeraGen, 1 MB blocks), then terminates the cluster.
fn load_then_terminate(sim: Sim, core_type: &str) {
    let plan = Plan {
        name: "hdfs".into(),
        core_type: core_type.into(),
        core: 3,
        block_size: Some("1m"),
        first_step: FirstStep::TeraGen,
        ..Plan::default()
    };
    let Some(id) = run(sim, &plan.input()) else { return };
    sim.skip(STARTED_AND_LOADED);
    let _ = sim.call(Call::new(&TerminateJobFlowsInput { job_flow_ids: vec![id] }));
}

fn all() -> Vec<&'static PresetInfo> {
    PRESETS.iter().map(|p| &p.info).collect()
}

pub const CATALOG: Catalog = Catalog { view: "emr", all };

pub fn load(state: EmrState, id: &str) {
    let Some(p) = PRESETS.iter().find(|p| p.info.id == id) else { return };
    preset_kit::start(
        CATALOG,
        state.sim,
        id,
        || {
            state.chosen.set(None);
            state.block.set(None);
            state.error.set(None);
        },
        move |sim| (p.setup)(sim),
    );
}

pub fn follow_the_url(state: EmrState) {
    preset_kit::follow_the_url(CATALOG, state.sim, move |id| load(state, id), |_| ());
}

#[component]
pub fn PresetPicker() -> impl IntoView {
    let state = expect_context::<EmrState>();
    preset_kit::preset_picker(CATALOG, move |id| load(state, id))
}

#[component]
pub fn PresetNotice() -> impl IntoView {
    preset_kit::preset_notice(CATALOG, |_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_are_well_formed() {
        preset_kit::assert_catalog_is_well_formed(CATALOG);
    }

    #[test]
    fn between_them_the_presets_cover_s12_to_s30() {
        let covered: std::collections::BTreeSet<&str> =
            PRESETS.iter().flat_map(|p| p.info.covers.iter().copied()).collect();
        for n in 12..=30 {
            let id = format!("S{n}");
            assert!(covered.contains(id.as_str()), "{id} not covered");
        }
    }
}
