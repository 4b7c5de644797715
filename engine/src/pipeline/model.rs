//! The service's state: pipelines with their saved and active definitions, the instances and
//! attempts the scheduler made of them, the SNS messages their alarms sent; events and wake-ups.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::active::Instances;
use super::definition::{Definition, Kind};
use super::plan::Plan;

/// AWS's status names, for pipelines, instances and attempts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Status {
    Pending,
    Scheduled,
    Inactive,
    Finished,
    WaitingOnDependencies,
    WaitingForRunner,
    Creating,
    Running,
    ShuttingDown,
    Failed,
    CascadeFailed,
    Canceled,
    TimedOut,
    Paused,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "PENDING",
            Status::Scheduled => "SCHEDULED",
            Status::Inactive => "INACTIVE",
            Status::Finished => "FINISHED",
            Status::WaitingOnDependencies => "WAITING_ON_DEPENDENCIES",
            Status::WaitingForRunner => "WAITING_FOR_RUNNER",
            Status::Creating => "CREATING",
            Status::Running => "RUNNING",
            Status::ShuttingDown => "SHUTTING_DOWN",
            Status::Failed => "FAILED",
            Status::CascadeFailed => "CASCADE_FAILED",
            Status::Canceled => "CANCELED",
            Status::TimedOut => "TIMEDOUT",
            Status::Paused => "PAUSED",
        }
    }

    /// Done: nothing more happens to it unless a learner reruns it.
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            Status::Finished
                | Status::Failed
                | Status::CascadeFailed
                | Status::Canceled
                | Status::TimedOut
        )
    }
}

/// One try at an instance's work.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attempt {
    pub number: u32,
    pub status: Status,
    pub started_ms: i64,
    pub ended_ms: Option<i64>,
    pub error: Option<String>,
    /// The resource instance it ran on.
    pub resource: Option<String>,
}

/// One run of a component for one scheduled period: `@<component>_<scheduledStartTime>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instance {
    pub id: String,
    pub component: String,
    pub kind: Kind,
    pub scheduled_start_ms: i64,
    pub scheduled_end_ms: i64,
    pub status: Status,
    pub created_ms: i64,
    pub actual_start_ms: Option<i64>,
    pub actual_end_ms: Option<i64>,
    pub attempts: Vec<Attempt>,
    pub tries_left: u32,
    pub error: Option<String>,
    /// When something next happens to it on its own (a boot ends, a retry is due, a
    /// precondition is checked again, an attempt ends).
    pub next_ms: Option<i64>,
    /// Of a precondition: when it started checking (for `preconditionTimeout`).
    pub checking_since_ms: Option<i64>,
    /// Of an attempt in progress: whether it will succeed, and its error text if not.
    pub outcome: Option<Result<(), String>>,
    /// The Task Runner's task id while a runner holds it.
    pub task_id: Option<String>,
    /// Of a precondition: the data node or activity it guards (its `node`).
    pub node: Option<String>,
    /// Of an activity: what its attempts printed (ShellCommandActivity's stdout).
    pub stdout: String,
    /// Of an EmrCluster resource: the EMR cluster (`j-...`) it stands for.
    pub emr_cluster: Option<String>,
    /// Of an EmrActivity's attempt: the EMR steps it submitted.
    pub emr_steps: Vec<String>,
}

impl Instance {
    pub fn attempt_id(&self, n: u32) -> String {
        format!("{}_Attempt={n}", self.id)
    }

    /// A new attempt, running from `now` on `resource` (none for a Task Runner's): its number.
    /// The instance's actual start is its first attempt's.
    pub(crate) fn begin_attempt(&mut self, now: i64, resource: Option<String>) -> u32 {
        let number = self.attempts.len() as u32 + 1;
        self.attempts.push(Attempt {
            number,
            status: Status::Running,
            started_ms: now,
            ended_ms: None,
            error: None,
            resource,
        });
        self.actual_start_ms.get_or_insert(now);
        number
    }
}

/// A message an SnsAlarm published (the sandbox's simulated topic).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notification {
    pub at_ms: i64,
    pub topic_arn: String,
    pub subject: String,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Pipeline {
    pub id: String,
    pub name: String,
    pub unique_id: String,
    pub description: Option<String>,
    pub tags: Vec<(String, String)>,
    pub created_ms: i64,
    pub state: Status,
    pub deleted: bool,
    /// The last saved definition, whether it validated (`errored`).
    pub latest: Option<Definition>,
    pub errored: bool,
    /// The definition last activated.
    pub active: Option<Definition>,
    /// What the scheduler reads of `active`, read once when it was activated.
    pub plan: Option<Plan>,
    pub activated_ms: Option<i64>,
    /// Per scheduled component: the start of the next period to make, how many were made,
    /// and when the last was made (the catch-up rate).
    pub cursors: BTreeMap<String, Cursor>,
    /// With the index of those not done, which the scheduler walks.
    pub instances: Instances,
    pub paused: Vec<String>,
    pub notifications: Vec<Notification>,
    /// Faults: the next N attempts of a component fail.
    pub failures_to_inject: BTreeMap<String, u32>,
    pub version: u32,
    /// Finished instances forgotten past the sandbox's bound (`tick::MAX_INSTANCES`).
    pub forgotten: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cursor {
    pub next_start_ms: i64,
    pub made: u32,
    pub last_made_ms: Option<i64>,
    pub done: bool,
}

/// What a learner can observe of the service. Integers and text only.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Event {
    PipelineCreated {
        pipeline_id: String,
        name: String,
    },
    DefinitionSaved {
        pipeline_id: String,
        errored: bool,
    },
    PipelineStateChanged {
        pipeline_id: String,
        to: String,
    },
    InstanceCreated {
        pipeline_id: String,
        instance_id: String,
    },
    InstanceStatusChanged {
        pipeline_id: String,
        instance_id: String,
        to: String,
    },
    AttemptFinished {
        pipeline_id: String,
        attempt_id: String,
        status: String,
    },
    ObjectsCopied {
        pipeline_id: String,
        instance_id: String,
        objects: u64,
        bytes: u64,
    },
    /// A RedshiftCopyActivity added rows to a table of the sandbox's Redshift.
    RowsLoaded {
        pipeline_id: String,
        instance_id: String,
        table: String,
        rows: u64,
    },
    AlarmSent {
        pipeline_id: String,
        topic_arn: String,
        subject: String,
    },
    PipelineDeleted {
        pipeline_id: String,
    },
    /// The sandbox's bound on a pipeline's instances (`tick::MAX_INSTANCES`, the sandbox's
    /// choice) was reached: the `count` oldest finished instances were forgotten.
    InstancesForgotten {
        pipeline_id: String,
        count: u64,
        /// The scheduled start of the oldest instance still kept.
        oldest_kept: String,
    },
    /// The bound was reached with no finished instance to forget: no more are made.
    ScheduleStopped {
        pipeline_id: String,
        message: String,
    },
}

/// The scheduler looks at a pipeline again at this time.
#[derive(Clone, Debug)]
pub enum Wake {
    Evaluate { pipeline_id: String },
}
