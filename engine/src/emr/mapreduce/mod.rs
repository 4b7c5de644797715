//! MapReduce that really runs, as YARN applications on the cluster's containers: a step's job
//! is planned from its arguments ([`plan`]), its input cut into splits ([`splits`]), its map
//! and reduce tasks placed in containers ([`yarn`]) and timed by a cost model ([`cost`]), and
//! each task runs over the real bytes when its attempt finishes ([`task`], with the streaming
//! programs of [`programs`], the example programs' records in [`program`], [`grep`], [`sort`]
//! and [`tera`], Hadoop's byte rules in [`text`] and its map-side sort in [`quicksort`]).
//! TeraSort's reducer merges its maps' runs a slice of rows per wake ([`merge`]).
//! [`job`] is the state machine; [`counters`] what it counts.

pub mod chain;
pub mod cost;
pub mod counters;
pub mod grep;
pub mod inputs;
pub mod job;
pub mod merge;
pub mod plan;
pub mod program;
pub mod programs;
pub mod quicksort;
pub mod schedule;
pub mod sort;
pub mod splits;
pub mod task;
pub mod tera;
pub mod text;
pub mod yarn;

use serde::{Deserialize, Serialize};

use super::fs::Location;
use super::model::Cluster;
use crate::sim::{Ctx, Services, SimTime};

pub use job::{fail_attempt, kill_all, kill_step, node_lost, nodes_changed, submit, wake};

/// A MapReduce job of a step.
#[derive(Clone, Debug)]
pub struct Job {
    pub step: String,
    /// The YARN application's sequence number on this cluster (`application_<ts>_0001`).
    pub app: u32,
    /// The ResourceManager's start time (the cluster's ready time), in ids.
    pub cluster_ts: i64,
    pub plan: plan::JobPlan,
    pub program: task::Program,
    pub inputs: Vec<Location>,
    pub output: Location,
    pub files: Vec<Location>,
    pub input_files: Vec<splits::InputFile>,
    pub splits: Vec<splits::Split>,
    /// TeraSort's cut points (sampled when the job is submitted).
    pub cut_points: Vec<Vec<u8>>,
    pub maps: Vec<Task>,
    pub reduces: Vec<Task>,
    /// Each map's output and the node it lives on.
    pub map_outputs: Vec<Option<(task::MapOutput, String)>>,
    pub reduce_outputs: Vec<Option<task::ReduceOutput>>,
    /// The MRAppMaster: where it runs, which attempt.
    pub am: Option<Container>,
    pub am_attempts: u32,
    pub am_ready: bool,
    pub state: JobState,
    pub counters: counters::Counters,
    /// Bytes of output files the committer has moved into place so far.
    pub committed_bytes: u64,
    /// Containers handed out so far (their ids count up).
    pub containers: u64,
    /// Wake-ups of an older run of this job (before its application master restarted) are
    /// stale.
    pub serial: u64,
    /// When the client submitted it (Unix ms).
    pub submitted_ms: i64,
}

/// A container YARN gave the job.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Container {
    pub id: String,
    pub node: String,
    pub mib: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum JobState {
    Running,
    Committing,
    Succeeded,
    Failed,
    Killed,
}

/// A map or reduce task and its attempts.
#[derive(Clone, Debug, Default)]
pub struct Task {
    pub attempts: Vec<Attempt>,
    pub done: bool,
    /// Failed attempts (4 fail the task, and the job).
    pub failures: u32,
}

impl Task {
    pub fn running(&self) -> Option<&Attempt> {
        self.attempts.iter().find(|a| a.state == AttemptState::Running)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attempt {
    pub n: u32,
    pub container: Container,
    pub started: SimTime,
    pub ends: SimTime,
    pub state: AttemptState,
    /// Data-local or rack-local (maps).
    pub locality: Option<Locality>,
    /// What the attempt will have produced when its time is up: worked out when it has read
    /// and processed its input (its `Work` wake; TeraGen a megabyte of rows per wake, and
    /// TeraSort's reducer merges a megabyte of rows per wake), so its duration can follow its
    /// bytes while no single wake computes a whole wave of tasks or a whole sort.
    pub outcome: Option<Outcome>,
}

/// A finished attempt's result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Map(Box<task::MapOutput>),
    Reduce(Box<task::ReduceOutput>),
    /// A TeraSort reducer part-way through merging its maps' runs (a slice of rows per wake).
    Merging(Box<merge::Merge>),
    /// The attempt fails with this diagnostic.
    Error(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum AttemptState {
    Running,
    Succeeded,
    Failed,
    Killed,
}

/// Where a map ran relative to its split's block.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Locality {
    /// On a node holding a replica.
    DataLocal,
    /// Elsewhere on the rack (EMR runs one rack: every other node).
    RackLocal,
    /// A split with no location (TeraGen's ranges of rows): "Other local map tasks".
    OtherLocal,
}

impl Locality {
    pub fn as_str(self) -> &'static str {
        match self {
            Locality::DataLocal => "data-local",
            Locality::RackLocal => "rack-local",
            Locality::OtherLocal => "other-local",
        }
    }
}

/// What MapReduce does, as a learner watches it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum JobEvent {
    JobSubmitted {
        step: String,
        job: String,
        maps: u32,
        reduces: u32,
    },
    /// `kind` is `AM`, `map` or `reduce`.
    ContainerAllocated {
        job: String,
        container: String,
        node: String,
        kind: String,
    },
    TaskAttemptStarted {
        job: String,
        attempt: String,
        node: String,
        locality: Option<String>,
    },
    TaskAttemptFinished {
        job: String,
        attempt: String,
        node: String,
        records_in: u64,
        records_out: u64,
    },
    TaskAttemptFailed {
        job: String,
        attempt: String,
        node: String,
        reason: String,
    },
    TaskAttemptKilled {
        job: String,
        attempt: String,
        node: String,
        reason: String,
    },
    /// A reducer fetched a map's output for it.
    ShuffleFetched {
        job: String,
        from: String,
        to: String,
        bytes: u64,
    },
    /// An output file landed (`part-00000`, `_SUCCESS`).
    OutputWritten {
        job: String,
        path: String,
        bytes: u64,
    },
    JobFinished {
        job: String,
        state: String,
    },
}

/// MapReduce's wake-ups (inside EMR's, which carry the cluster and its generation).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobWake {
    pub step: String,
    pub serial: u64,
    pub what: What,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum What {
    /// The application master is up.
    AmReady,
    /// A task attempt has read and processed its input (TeraGen: generated its rows up to
    /// `rows`; TeraSort's reducer: merged its rows up to `rows`): its result is worked out
    /// now, and its time is up once it has written it.
    Work { reduce: bool, task: u32, attempt: u32, rows: u64 },
    /// A task attempt's time is up.
    AttemptDone { reduce: bool, task: u32, attempt: u32 },
    /// The output committer moves task output `file` into place (one file per wake, so
    /// no single wake copies a whole job's output), then the next; after the last, the job
    /// is done.
    Committed { file: u32 },
}

impl Job {
    pub fn id(&self) -> String {
        format!("job_{}_{:04}", self.cluster_ts, self.app)
    }

    pub fn application_id(&self) -> String {
        format!("application_{}_{:04}", self.cluster_ts, self.app)
    }

    /// `attempt_<ts>_<app>_m_000003_0`. A restarted application master numbers its attempts
    /// from 1000 times its own attempt number minus one (`_1000`), as MRAppMaster does.
    pub fn attempt_id(&self, reduce: bool, task: u32, attempt: u32) -> String {
        let kind = if reduce { 'r' } else { 'm' };
        let n = attempt + self.am_attempts.saturating_sub(1) * 1000;
        format!("attempt_{}_{:04}_{kind}_{task:06}_{n}", self.cluster_ts, self.app)
    }

    pub fn task_id(&self, reduce: bool, task: u32) -> String {
        let kind = if reduce { 'r' } else { 'm' };
        format!("task_{}_{:04}_{kind}_{task:06}", self.cluster_ts, self.app)
    }

    pub fn task(&self, reduce: bool, task: u32) -> Option<&Task> {
        if reduce {
            self.reduces.get(task as usize)
        } else {
            self.maps.get(task as usize)
        }
    }

    pub fn task_mut(&mut self, reduce: bool, task: u32) -> Option<&mut Task> {
        if reduce {
            self.reduces.get_mut(task as usize)
        } else {
            self.maps.get_mut(task as usize)
        }
    }

    /// The job's progress as its clients print it: at each virtual time a task attempt
    /// succeeded (ms into the run), the maps and reduces done by then, one point per time.
    /// The `hadoop jar` client and the Hive CLI both report from these.
    pub fn progress_points(&self) -> Vec<(u64, usize, usize)> {
        let mut done: Vec<(u64, bool)> = Vec::new();
        for (reduce, tasks) in [(false, &self.maps), (true, &self.reduces)] {
            for t in tasks {
                if let Some(a) = t.attempts.iter().find(|a| a.state == AttemptState::Succeeded) {
                    done.push((a.ends, reduce));
                }
            }
        }
        done.sort();
        let mut points = Vec::new();
        let (mut maps, mut reduces) = (0, 0);
        for (i, (at, reduce)) in done.iter().enumerate() {
            if *reduce {
                reduces += 1;
            } else {
                maps += 1;
            }
            if done.get(i + 1).is_some_and(|(next, _)| next == at) {
                continue;
            }
            points.push((*at, maps, reduces));
        }
        points
    }

    /// Every container the job holds now.
    pub fn containers_in_use(&self) -> impl Iterator<Item = &Container> {
        self.am.iter().chain(
            self.maps
                .iter()
                .chain(self.reduces.iter())
                .flat_map(|t| t.attempts.iter())
                .filter(|a| a.state == AttemptState::Running)
                .map(|a| &a.container),
        )
    }
}

/// The output file of task `i`: `part-00000` (old API and streaming), `part-r-00000` or
/// `part-m-00000` (new API).
pub fn part_name(old_api: bool, map_only: bool, i: usize) -> String {
    match (old_api, map_only) {
        (true, _) => format!("part-{i:05}"),
        (false, true) => format!("part-m-{i:05}"),
        (false, false) => format!("part-r-{i:05}"),
    }
}

pub(crate) fn cluster_mut<'a>(
    services: &'a mut Services,
    id: &str,
    generation: u64,
) -> Option<&'a mut Cluster> {
    services.emr.current(id, generation)
}

pub(crate) fn emit(c: &Cluster, ctx: &mut Ctx<'_>, e: JobEvent) {
    ctx.emit(super::model::Event::mapreduce(&c.id, e));
}
