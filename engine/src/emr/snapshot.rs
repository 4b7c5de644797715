//! Read-only views for the UI: plain data, cheap to build, never internals to mutate.
//!
//! [`Snapshot::clusters`] lists them; [`Snapshot::cluster`] gives one with its groups, nodes
//! (disks, HDFS state, YARN containers), steps and bill; [`Snapshot::hdfs`] the NameNode's view
//! (files, blocks, where each replica is); [`Snapshot::job`] a step's MapReduce job (tasks,
//! attempts with their locality, Hadoop's counters); [`Snapshot::programs`] the streaming
//! catalogue with each program's Python source.

use serde::Serialize;

use super::hdfs::{health, placement, EntryKind};
use super::mapreduce::{programs, yarn, AttemptState, Job, JobState};
use super::model::Cluster;
use super::{catalog, cost, lifecycle, Emr};

/// One cluster as the cluster list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClusterSummaryView {
    pub id: String,
    pub name: String,
    pub state: String,
    pub message: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClusterView {
    pub id: String,
    pub name: String,
    pub state: String,
    pub reason_code: Option<String>,
    pub message: Option<String>,
    pub release_label: String,
    pub hadoop_version: String,
    pub created_unix_ms: i64,
    pub ready_unix_ms: Option<i64>,
    pub ended_unix_ms: Option<i64>,
    /// KeepJobFlowAliveWhenNoSteps: long-running (true) or transient.
    pub keep_alive: bool,
    pub termination_protected: bool,
    pub step_concurrency: u32,
    pub normalized_instance_hours: u64,
    /// The bill so far and the running rate, in millionths of a dollar.
    pub cost_micros: u64,
    pub hourly_micros: u64,
    /// The sandbox's lifecycle durations (AWS publishes none).
    pub timings_note: String,
    /// EMRFS consistent view, retired (exam material still teaches it).
    pub emrfs_note: &'static str,
    pub groups: Vec<GroupView>,
    pub nodes: Vec<NodeView>,
    pub steps: Vec<StepView>,
    /// What RunJobFlow asked for, as an export to CloudFormation needs it.
    pub applications: Vec<String>,
    pub configurations: Vec<ConfigurationView>,
    pub service_role: String,
    pub instance_profile: String,
    /// The managed security groups' ids: the primary's, the core and task nodes', and the
    /// ServiceAccess group in a private subnet (the view draws each as a fence).
    pub master_security_group: String,
    pub slave_security_group: String,
    pub service_access_security_group: Option<String>,
}

/// One configuration classification (`hdfs-site`) and its properties; nested ones follow.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConfigurationView {
    pub classification: String,
    pub properties: Vec<(String, String)>,
    pub configurations: Vec<ConfigurationView>,
}

fn configuration_view(c: &super::wire::Configuration) -> ConfigurationView {
    ConfigurationView {
        classification: c.classification.clone().unwrap_or_default(),
        properties: c.properties.iter().flatten().map(|(k, v)| (k.clone(), v.clone())).collect(),
        configurations: c.configurations.iter().flatten().map(configuration_view).collect(),
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GroupView {
    pub id: String,
    pub role: String,
    pub instance_type: String,
    pub requested: u32,
    pub running: u32,
    pub state: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NodeView {
    pub id: String,
    pub ec2_id: String,
    pub role: String,
    pub instance_type: String,
    pub state: String,
    pub private_ip: String,
    /// How the NameNode sees the node's DataNode (`live`, `stale`, `dead`,
    /// `decommissioning`), for core nodes of a cluster whose HDFS is up.
    pub datanode: Option<String>,
    /// How long its DataNode has been silent (no heartbeat reached the NameNode), in ms: the
    /// clock that reaches stale at 30 s and dead at 10 min 30 s.
    pub silent_ms: Option<u64>,
    pub disks: Vec<DiskView>,
    pub replicas: u64,
    pub yarn_total_mib: u32,
    pub yarn_free_mib: u32,
    pub containers: Vec<ContainerView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DiskView {
    pub device: String,
    pub size_gib: u32,
    pub instance_store: bool,
    pub used_bytes: u64,
    pub failed: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ContainerView {
    pub id: String,
    pub mib: u32,
    /// `AM`, `map` or `reduce`, and the step it serves.
    pub kind: String,
    pub step: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StepView {
    pub id: String,
    pub name: String,
    pub state: String,
    pub action_on_failure: String,
    pub jar: String,
    pub args: Vec<String>,
    pub failure_reason: Option<String>,
    pub failure_message: Option<String>,
    pub started_unix_ms: Option<i64>,
    pub ended_unix_ms: Option<i64>,
    /// What the step printed (the job client's log, a command's output).
    pub log: Vec<String>,
    /// The IAM principal (ARN) that submitted it; on the cluster it runs as `hadoop`.
    pub submitted_by: String,
    /// The Linux user the step runs as on the cluster.
    pub runs_as: &'static str,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HdfsView {
    pub running: bool,
    /// `BP-<n>-<namenode ip>-<ms>`.
    pub block_pool: String,
    pub block_size: u64,
    pub replication: u16,
    pub file_bytes: u64,
    pub files: Vec<FileView>,
    pub directories: Vec<String>,
    pub missing_blocks: u64,
    pub under_replicated_blocks: u64,
    pub copies_in_flight: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FileView {
    pub path: String,
    pub len: u64,
    pub replication: u16,
    pub blocks: Vec<BlockView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BlockView {
    /// `blk_1073741825_1001`.
    pub name: String,
    pub len: u64,
    /// Where its replicas are, as the NameNode knows them.
    pub replicas: Vec<ReplicaView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReplicaView {
    /// The node's EMR instance id (`ci-...`).
    pub node: String,
    /// Which of the node's disks, and its HDFS storage id (`DS-...`).
    pub disk: usize,
    pub storage_id: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct JobView {
    pub step: String,
    /// The job's name as YARN shows it (`streamjob.jar`, `word count`, `grep-search`).
    pub name: String,
    pub job_id: String,
    pub application_id: String,
    pub state: String,
    /// Where the application master runs, and which attempt of it this is.
    pub am_node: Option<String>,
    pub am_attempts: u32,
    pub maps: Vec<TaskView>,
    pub reduces: Vec<TaskView>,
    /// Hadoop's counters by display name, in print order.
    pub counters: Vec<(String, u64)>,
    /// The same, grouped as the job client prints them.
    pub counter_groups: Vec<(String, Vec<(String, u64)>)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TaskView {
    pub id: String,
    pub done: bool,
    pub attempts: Vec<AttemptView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AttemptView {
    pub id: String,
    pub node: String,
    pub state: String,
    pub locality: Option<String>,
    pub started_at: u64,
    pub ends_at: u64,
}

/// A job's data flow as the diagram draws it: whether its maps combine, each split over the
/// block it reads, and each shuffle fetch (a reducer copying one map's partition).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FlowView {
    /// The job runs a combiner on its map output (word count's IntSumReducer, grep's
    /// LongSumReducer, a streaming `-combiner`), and has reducers to combine for.
    pub combiner: bool,
    /// One per map task, in task order.
    pub splits: Vec<SplitView>,
    pub fetches: Vec<FetchView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SplitView {
    /// The file as Hadoop prints it (`hdfs://10.0.0.1:8020/logs/a.log`, `s3://b/k`).
    pub file: String,
    pub start: u64,
    pub len: u64,
    /// The HDFS block its first byte is in: its index in the file, offset and length, and the
    /// nodes holding a replica (where a map of it runs data-local). `None` for S3 (EMRFS
    /// objects have no blocks on the cluster) and generated input (TeraGen).
    pub block: Option<(usize, u64, u64)>,
    pub hosts: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FetchView {
    pub map: usize,
    /// Where the map's output lives.
    pub map_node: String,
    pub reduce: usize,
    /// Where the reducer runs (its latest attempt).
    pub reduce_node: String,
    /// The partition's size as the shuffle moves it (its share of "Reduce shuffle bytes").
    pub bytes: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProgramView {
    /// The name used after `-mapper`/`-reducer` (`wordSplitter.py`).
    pub name: String,
    /// Where AWS's sample bucket holds it.
    pub uri: String,
    pub source: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InstanceTypeView {
    pub name: String,
    pub vcpus: u32,
    pub memory_mib: u32,
    pub yarn_mib: u32,
    pub map_containers: u32,
    pub storage: String,
    pub micros_per_hour: u64,
}

/// Read-only handle on EMR for the UI, from `world.view().emr()`: every answer is a plain
/// `*View` value, never the service's state.
#[derive(Clone, Copy)]
pub struct Snapshot<'a> {
    emr: &'a Emr,
    now_unix_ms: i64,
}

impl<'a> Snapshot<'a> {
    pub(crate) fn new(emr: &'a Emr, now_unix_ms: i64) -> Self {
        Self { emr, now_unix_ms }
    }

    /// What a `hive` command typed in the cluster's shell has printed (`run` is the key the
    /// Shell command answered with); its `exit_code` is set once it has ended.
    pub fn hive_shell(&self, cluster: &str, run: &str) -> Option<super::hive::shell::ShellRun> {
        let c = self.emr.clusters.get(cluster)?;
        c.hive.peek::<super::hive::Hive>()?.shells.get(run).cloned()
    }

    /// What a command typed in the cluster's shell that runs on in virtual time (`hive`,
    /// `hadoop jar`) has printed so far; `run` is the key the Shell command answered with, and
    /// `exit_code` is set once the command has ended.
    pub fn shell_run(&self, cluster: &str, run: &str) -> Option<super::hive::shell::ShellRun> {
        if super::shell::jar::is_run(run) {
            return super::shell::jar::output(self.emr.clusters.get(cluster)?, run);
        }
        self.hive_shell(cluster, run)
    }

    /// Ids of the clusters IAM user `user` of the account lists, newest first: all of them
    /// today; with 2019's rules, not those another principal launched with VisibleToAllUsers
    /// false.
    pub fn clusters_visible_to(&self, user: &str) -> Vec<String> {
        let me = format!(":user/{user}");
        self.emr
            .order
            .iter()
            .rev()
            .filter_map(|id| self.emr.clusters.get(id))
            .filter(|c| {
                !self.emr.era.visibility_2019
                    || c.visible_to_all_users
                    || c.created_by.ends_with(&me)
            })
            .map(|c| c.id.clone())
            .collect()
    }

    /// Which era's access rules the scenario follows.
    pub fn era(&self) -> super::access::Era {
        self.emr.era
    }

    /// Every cluster, newest first.
    pub fn clusters(&self) -> Vec<ClusterSummaryView> {
        self.emr
            .order
            .iter()
            .rev()
            .filter_map(|id| self.emr.clusters.get(id))
            .map(|c| ClusterSummaryView {
                id: c.id.clone(),
                name: c.name.clone(),
                state: c.state.as_str().to_string(),
                message: c.reason.message.clone(),
            })
            .collect()
    }

    /// Virtual time now, from the cluster's creation instant known in both clocks (for the
    /// heartbeat marks, which are in virtual time).
    fn virtual_now(&self, c: &Cluster) -> u64 {
        c.created_at + (self.now_unix_ms - c.times.created_ms).max(0) as u64
    }

    pub fn cluster(&self, id: &str) -> Option<ClusterView> {
        let c = self.emr.clusters.get(id)?;
        let now_v = self.virtual_now(c);
        let used = placement::usage(c);
        let nodes = c
            .nodes
            .iter()
            .map(|n| NodeView {
                id: n.id.clone(),
                ec2_id: n.ec2_id.clone(),
                role: n.role.as_str().to_string(),
                instance_type: n.instance_type.name.to_string(),
                state: n.state.as_str().to_string(),
                private_ip: n.private_ip.clone(),
                datanode: (n.is_datanode() && c.hdfs.running)
                    .then(|| health::state(n, now_v).as_str().to_string()),
                silent_ms: n
                    .silent_since
                    .filter(|_| c.hdfs.running)
                    .map(|t| now_v.saturating_sub(t)),
                disks: n
                    .disks
                    .iter()
                    .enumerate()
                    .map(|(i, d)| DiskView {
                        device: d.device.clone(),
                        size_gib: d.size_gib,
                        instance_store: d.instance_store,
                        used_bytes: used.get(&(n.id.clone(), i)).copied().unwrap_or(0),
                        failed: d.failed,
                    })
                    .collect(),
                replicas: c
                    .hdfs
                    .blocks
                    .values()
                    .filter(|b| b.replicas.iter().any(|r| r.node == n.id))
                    .count() as u64,
                yarn_total_mib: if n.is_nodemanager() { n.instance_type.yarn_mib } else { 0 },
                yarn_free_mib: if yarn::usable(n) { yarn::free_mib(c, n) } else { 0 },
                containers: containers_on(c, &n.id),
            })
            .collect();
        Some(ClusterView {
            id: c.id.clone(),
            name: c.name.clone(),
            state: c.state.as_str().to_string(),
            reason_code: c.reason.code.clone(),
            message: c.reason.message.clone(),
            release_label: c.release.label.clone(),
            hadoop_version: c.release.hadoop_version().to_string(),
            created_unix_ms: c.times.created_ms,
            ready_unix_ms: c.times.ready_ms,
            ended_unix_ms: c.times.ended_ms,
            keep_alive: c.keep_alive,
            termination_protected: c.termination_protected,
            step_concurrency: c.step_concurrency,
            normalized_instance_hours: cost::normalized_instance_hours(c, self.now_unix_ms),
            cost_micros: cost::cost_micros(c, self.now_unix_ms),
            hourly_micros: cost::hourly_micros(c),
            timings_note: lifecycle::timings_note(),
            emrfs_note: super::texts::EMRFS_CONSISTENT_VIEW,
            master_security_group: c.ec2.master_security_group.clone(),
            slave_security_group: c.ec2.slave_security_group.clone(),
            service_access_security_group: c.ec2.service_access_security_group.clone(),
            groups: c
                .groups
                .iter()
                .map(|g| GroupView {
                    id: g.id.clone(),
                    role: g.role.as_str().to_string(),
                    instance_type: g.instance_type.name.to_string(),
                    requested: g.requested,
                    running: lifecycle::running_count(c, &g.id),
                    state: g.state.as_str().to_string(),
                })
                .collect(),
            nodes,
            steps: c
                .steps
                .iter()
                .map(|s| StepView {
                    id: s.id.clone(),
                    name: s.name.clone(),
                    state: s.state.as_str().to_string(),
                    action_on_failure: s.action_on_failure.as_str().to_string(),
                    jar: s.jar.clone(),
                    args: s.args.clone(),
                    failure_reason: s.failure.as_ref().map(|f| f.reason.clone()),
                    failure_message: s.failure.as_ref().map(|f| f.message.clone()),
                    started_unix_ms: s.started_ms,
                    ended_unix_ms: s.ended_ms,
                    log: s.log.clone(),
                    submitted_by: s.submitted_by.clone(),
                    runs_as: "hadoop",
                })
                .collect(),
            applications: c.applications.iter().map(|(name, _)| name.clone()).collect(),
            configurations: c.configurations.iter().map(configuration_view).collect(),
            service_role: c.service_role.clone(),
            instance_profile: c.ec2.instance_profile.clone(),
        })
    }

    /// The NameNode's view of the cluster's HDFS.
    pub fn hdfs(&self, id: &str) -> Option<HdfsView> {
        let c = self.emr.clusters.get(id)?;
        let h = &c.hdfs;
        let mut files = Vec::new();
        let mut directories = Vec::new();
        let (mut missing, mut under) = (0, 0);
        for (path, e) in &h.entries {
            match &e.kind {
                EntryKind::Dir => directories.push(path.clone()),
                EntryKind::File { len, replication, blocks } => {
                    let blocks: Vec<BlockView> = blocks
                        .iter()
                        .filter_map(|b| h.blocks.get(b))
                        .map(|b| {
                            if b.replicas.is_empty() {
                                missing += 1;
                            } else if b.replicas.len() < *replication as usize {
                                under += 1;
                            }
                            let replicas = b
                                .replicas
                                .iter()
                                .map(|r| ReplicaView {
                                    node: r.node.clone(),
                                    disk: r.disk,
                                    storage_id: super::shell::fsck::storage_id(&r.node, r.disk),
                                })
                                .collect();
                            BlockView { name: b.name(), len: b.len, replicas }
                        })
                        .collect();
                    files.push(FileView {
                        path: path.clone(),
                        len: *len,
                        replication: *replication,
                        blocks,
                    });
                }
            }
        }
        Some(HdfsView {
            running: h.running,
            block_pool: h.block_pool.clone(),
            block_size: h.block_size,
            replication: h.replication,
            file_bytes: h.file_bytes,
            files,
            directories,
            missing_blocks: missing,
            under_replicated_blocks: under,
            copies_in_flight: h.copies.len() as u64,
        })
    }

    /// The MapReduce job a step ran (or is running): its last one.
    pub fn job(&self, cluster: &str, step: &str) -> Option<JobView> {
        let c = self.emr.clusters.get(cluster)?;
        let j =
            c.jobs.get(step).or_else(|| c.finished_jobs.iter().rev().find(|j| j.step == step))?;
        Some(job_view(j))
    }

    /// The data flow of the job [`Snapshot::job`] shows: its splits over their blocks and the
    /// shuffle fetches made so far (a reducer fetches a map's partition once the map is done
    /// and the reducer has a container).
    pub fn flow(&self, cluster: &str, step: &str) -> Option<FlowView> {
        let c = self.emr.clusters.get(cluster)?;
        let j =
            c.jobs.get(step).or_else(|| c.finished_jobs.iter().rev().find(|j| j.step == step))?;
        Some(flow_view(j))
    }

    /// Every MapReduce job of a step, in the order they ran (grep runs two).
    pub fn jobs(&self, cluster: &str, step: &str) -> Vec<JobView> {
        let Some(c) = self.emr.clusters.get(cluster) else { return Vec::new() };
        c.finished_jobs
            .iter()
            .filter(|j| j.step == step)
            .chain(c.jobs.get(step))
            .map(job_view)
            .collect()
    }

    /// The streaming programs the sandbox runs, with their Python sources.
    pub fn programs(&self) -> Vec<ProgramView> {
        programs::SCRIPTS
            .iter()
            .map(|s| ProgramView {
                name: s.name.to_string(),
                uri: format!("s3://{}/{}", super::samples::BUCKET, s.sample_key),
                source: s.source.to_string(),
            })
            .collect()
    }

    /// The instance types the sandbox simulates.
    pub fn instance_types(&self) -> Vec<InstanceTypeView> {
        catalog::INSTANCE_TYPES
            .iter()
            .map(|t| InstanceTypeView {
                name: t.name.to_string(),
                vcpus: t.vcpus,
                memory_mib: t.memory_mib,
                yarn_mib: t.yarn_mib,
                map_containers: t.yarn_mib / t.map_mib.max(1),
                storage: if t.instance_store_gb.is_empty() {
                    format!(
                        "EBS {} x {} GiB",
                        t.default_ebs_gib.len(),
                        t.default_ebs_gib.first().copied().unwrap_or(0)
                    )
                } else {
                    format!(
                        "instance store {} x {} GB NVMe",
                        t.instance_store_gb.len(),
                        t.instance_store_gb[0]
                    )
                },
                micros_per_hour: t.ec2_micros_per_hour + t.emr_micros_per_hour,
            })
            .collect()
    }
}

fn containers_on(c: &Cluster, node: &str) -> Vec<ContainerView> {
    let mut out = Vec::new();
    for j in c.jobs.values() {
        if let Some(am) = j.am.as_ref().filter(|a| a.node == node) {
            out.push(ContainerView {
                id: am.id.clone(),
                mib: am.mib,
                kind: "AM".into(),
                step: j.step.clone(),
            });
        }
        for (kind, tasks) in [("map", &j.maps), ("reduce", &j.reduces)] {
            for a in tasks.iter().flat_map(|t| &t.attempts) {
                if a.state == AttemptState::Running && a.container.node == node {
                    out.push(ContainerView {
                        id: a.container.id.clone(),
                        mib: a.container.mib,
                        kind: kind.into(),
                        step: j.step.clone(),
                    });
                }
            }
        }
    }
    out
}

fn flow_view(j: &Job) -> FlowView {
    // The map task skips the combiner without reducers.
    let combiner = j.plan.reduces > 0 && j.program.has_combiner();
    let splits = j
        .splits
        .iter()
        .map(|s| {
            let file = j.input_files.get(s.file);
            let block = file.and_then(|f| {
                let i = f.blocks.iter().rposition(|(o, _)| *o <= s.start)?;
                let offset = f.blocks[i].0;
                let end = f.blocks.get(i + 1).map_or(f.len, |(o, _)| *o);
                Some((i, offset, end.saturating_sub(offset)))
            });
            SplitView {
                file: file.map(|f| f.uri.clone()).unwrap_or_default(),
                start: s.start,
                len: s.len,
                block,
                hosts: s.hosts.clone(),
            }
        })
        .collect();
    let mut fetches = Vec::new();
    for (r, t) in j.reduces.iter().enumerate() {
        let Some(reducer) = t.attempts.last() else { continue };
        for (m, out) in j.map_outputs.iter().enumerate() {
            let Some((out, node)) = out else { continue };
            fetches.push(FetchView {
                map: m,
                map_node: node.clone(),
                reduce: r,
                reduce_node: reducer.container.node.clone(),
                bytes: out.materialized.get(r).copied().unwrap_or(0),
            });
        }
    }
    FlowView { combiner, splits, fetches }
}

fn job_view(j: &Job) -> JobView {
    let tasks = |reduce: bool| -> Vec<TaskView> {
        let list = if reduce { &j.reduces } else { &j.maps };
        list.iter()
            .enumerate()
            .map(|(i, t)| TaskView {
                id: j.task_id(reduce, i as u32),
                done: t.done,
                attempts: t
                    .attempts
                    .iter()
                    .map(|a| AttemptView {
                        id: j.attempt_id(reduce, i as u32, a.n),
                        node: a.container.node.clone(),
                        state: format!("{:?}", a.state).to_uppercase(),
                        locality: a.locality.map(|l| l.as_str().to_string()),
                        started_at: a.started,
                        ends_at: a.ends,
                    })
                    .collect(),
            })
            .collect()
    };
    let groups: Vec<(String, Vec<(String, u64)>)> =
        j.counters.groups().into_iter().map(|(g, c)| (g.to_string(), c)).collect();
    JobView {
        step: j.step.clone(),
        name: j.plan.name.clone(),
        job_id: j.id(),
        application_id: j.application_id(),
        state: match j.state {
            JobState::Running => "RUNNING",
            JobState::Committing => "COMMITTING",
            JobState::Succeeded => "SUCCEEDED",
            JobState::Failed => "FAILED",
            JobState::Killed => "KILLED",
        }
        .to_string(),
        am_node: j.am.as_ref().map(|a| a.node.clone()),
        am_attempts: j.am_attempts,
        maps: tasks(false),
        reduces: tasks(true),
        counters: groups.iter().flat_map(|(_, c)| c.clone()).collect(),
        counter_groups: groups,
    }
}
