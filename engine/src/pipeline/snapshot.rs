//! Read-only views for the UI and tests: plain data, never internals.

use super::expr::format_datetime;
use super::DataPipeline;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttemptView {
    pub id: String,
    pub status: &'static str,
    pub started: String,
    pub ended: Option<String>,
    pub error: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstanceView {
    pub id: String,
    pub component: String,
    pub scheduled_start: String,
    pub status: &'static str,
    pub attempts: Vec<AttemptView>,
    pub tries_left: u32,
    pub error: Option<String>,
    pub stdout: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotificationView {
    pub at: String,
    pub topic_arn: String,
    pub subject: String,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PipelineView {
    pub id: String,
    pub name: String,
    pub state: &'static str,
    pub errored: bool,
    /// By scheduled start, then component.
    pub instances: Vec<InstanceView>,
    pub notifications: Vec<NotificationView>,
}

/// Read-only handle on Data Pipeline.
pub struct Snapshot<'a> {
    dp: &'a DataPipeline,
}

impl<'a> Snapshot<'a> {
    pub fn new(dp: &'a DataPipeline, _now_ms: i64) -> Self {
        Snapshot { dp }
    }

    pub fn pipeline_ids(&self) -> Vec<String> {
        self.dp.order.clone()
    }

    pub fn pipeline(&self, id: &str) -> Option<PipelineView> {
        let p = self.dp.pipelines.get(id).filter(|p| !p.deleted)?;
        let mut instances: Vec<InstanceView> = p
            .instances
            .values()
            .map(|i| InstanceView {
                id: i.id.clone(),
                component: i.component.clone(),
                scheduled_start: format_datetime(i.scheduled_start_ms),
                status: i.status.as_str(),
                attempts: i
                    .attempts
                    .iter()
                    .map(|a| AttemptView {
                        id: i.attempt_id(a.number),
                        status: a.status.as_str(),
                        started: format_datetime(a.started_ms),
                        ended: a.ended_ms.map(format_datetime),
                        error: a.error.clone(),
                    })
                    .collect(),
                tries_left: i.tries_left,
                error: i.error.clone(),
                stdout: i.stdout.clone(),
            })
            .collect();
        instances.sort_by(|a, b| {
            (&a.scheduled_start, &a.component).cmp(&(&b.scheduled_start, &b.component))
        });
        Some(PipelineView {
            id: p.id.clone(),
            name: p.name.clone(),
            state: p.state.as_str(),
            errored: p.errored,
            instances,
            notifications: p
                .notifications
                .iter()
                .map(|n| NotificationView {
                    at: format_datetime(n.at_ms),
                    topic_arn: n.topic_arn.clone(),
                    subject: n.subject.clone(),
                    message: n.message.clone(),
                })
                .collect(),
        })
    }

    /// The instances of one component, in scheduled order.
    pub fn instances_of(&self, pipeline_id: &str, component: &str) -> Vec<InstanceView> {
        self.pipeline(pipeline_id)
            .map(|p| p.instances.into_iter().filter(|i| i.component == component).collect())
            .unwrap_or_default()
    }

    /// Whether the Task Runner of a worker group is running.
    pub fn task_runner(&self, worker_group: &str) -> bool {
        self.dp.runners.get(worker_group).copied().unwrap_or(false)
    }
}
