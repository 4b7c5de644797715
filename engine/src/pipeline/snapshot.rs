//! Read-only views for the UI and tests: plain data, never internals.

use super::definition::{FieldValue, Kind};
use super::expr::format_datetime;
use super::DataPipeline;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttemptView {
    pub id: String,
    pub status: &'static str,
    pub started: String,
    pub ended: Option<String>,
    pub error: Option<String>,
    /// Unix milliseconds, for a time axis (a Gantt strip).
    pub started_ms: i64,
    pub ended_ms: Option<i64>,
    /// The resource instance it ran on (`@Worker_2026-01-01T00:00:00`).
    pub resource: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstanceView {
    pub id: String,
    pub component: String,
    pub scheduled_start: String,
    pub scheduled_end: String,
    /// `activity`, `resource`, `data`, `precondition` (see [`kind_name`]).
    pub kind: &'static str,
    pub status: &'static str,
    pub actual_start: Option<String>,
    pub actual_end: Option<String>,
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

/// One field of a definition object: a text, or a reference to another object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldView {
    pub key: String,
    pub value: String,
    pub is_ref: bool,
}

/// One object of the definition, as saved (its own fields, not the inherited ones).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectView {
    pub id: String,
    pub name: String,
    /// Its `type`, own or inherited (`Default` has none).
    pub type_name: String,
    /// `schedule`, `data`, `activity`, `resource`, `precondition`, `action`, or `other`.
    pub kind: &'static str,
    pub fields: Vec<FieldView>,
}

impl ObjectView {
    /// The ids this object's `key` fields refer to.
    pub fn refs(&self, key: &str) -> Vec<&str> {
        self.fields.iter().filter(|f| f.is_ref && f.key == key).map(|f| f.value.as_str()).collect()
    }

    /// Its own text field `key`.
    pub fn text(&self, key: &str) -> Option<&str> {
        self.fields.iter().find(|f| !f.is_ref && f.key == key).map(|f| f.value.as_str())
    }
}

/// The learner's word for an object's category.
pub fn kind_name(kind: Option<Kind>) -> &'static str {
    match kind {
        Some(Kind::Schedule) => "schedule",
        Some(Kind::DataNode) => "data",
        Some(Kind::Activity) => "activity",
        Some(Kind::Resource) => "resource",
        Some(Kind::Precondition) => "precondition",
        Some(Kind::Action) => "action",
        Some(Kind::Database) => "database",
        Some(Kind::DataFormat) => "format",
        None => "other",
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PipelineView {
    pub id: String,
    pub name: String,
    pub state: &'static str,
    pub errored: bool,
    /// The definition last saved (PutPipelineDefinition), in the order it was sent.
    pub objects: Vec<ObjectView>,
    /// Its parameter objects: each id with its attributes (`type`, `default`, ...), in order.
    pub parameters: Vec<(String, Vec<(String, String)>)>,
    /// Its parameter values (id, value), in order; a list parameter repeats its id.
    pub values: Vec<(String, String)>,
    /// Whether a definition has been activated (instances exist only then).
    pub activated: bool,
    /// By scheduled start, then component.
    pub instances: Vec<InstanceView>,
    /// The oldest finished instances forgotten past the sandbox's bound of
    /// `tick::MAX_INSTANCES` kept per pipeline (AWS keeps the whole history).
    pub forgotten: u64,
    pub notifications: Vec<NotificationView>,
}

/// A table of the sandbox's RDS MySQL: its columns and its rows (NULL is `None`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableView {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Option<String>>>,
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
                scheduled_end: format_datetime(i.scheduled_end_ms),
                kind: kind_name(Some(i.kind)),
                status: i.status.as_str(),
                actual_start: i.actual_start_ms.map(format_datetime),
                actual_end: i.actual_end_ms.map(format_datetime),
                attempts: i
                    .attempts
                    .iter()
                    .map(|a| AttemptView {
                        id: i.attempt_id(a.number),
                        status: a.status.as_str(),
                        started: format_datetime(a.started_ms),
                        ended: a.ended_ms.map(format_datetime),
                        error: a.error.clone(),
                        started_ms: a.started_ms,
                        ended_ms: a.ended_ms,
                        resource: a.resource.clone(),
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
        let objects = p
            .latest
            .as_ref()
            .map(|def| {
                def.objects
                    .iter()
                    .map(|o| ObjectView {
                        id: o.id.clone(),
                        name: o.name.clone(),
                        type_name: def.type_of(&o.id).unwrap_or_default().to_string(),
                        kind: kind_name(def.kind(&o.id)),
                        fields: o
                            .fields
                            .iter()
                            .map(|(key, v)| match v {
                                FieldValue::Text(t) => {
                                    FieldView { key: key.clone(), value: t.clone(), is_ref: false }
                                }
                                FieldValue::Ref(r) => {
                                    FieldView { key: key.clone(), value: r.clone(), is_ref: true }
                                }
                            })
                            .collect(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let parameters = p
            .latest
            .iter()
            .flat_map(|def| &def.parameters)
            .map(|po| {
                let attributes = po
                    .attributes
                    .iter()
                    .flatten()
                    .map(|a| {
                        (
                            a.key.clone().unwrap_or_default(),
                            a.string_value.clone().unwrap_or_default(),
                        )
                    })
                    .collect();
                (po.id.clone().unwrap_or_default(), attributes)
            })
            .collect();
        let values = p.latest.iter().flat_map(|def| def.values.iter().cloned()).collect();
        Some(PipelineView {
            id: p.id.clone(),
            name: p.name.clone(),
            state: p.state.as_str(),
            errored: p.errored,
            objects,
            parameters,
            values,
            activated: p.activated_ms.is_some(),
            instances,
            forgotten: p.forgotten,
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

    /// The pipelines not deleted, newest last.
    pub fn pipelines(&self) -> Vec<PipelineView> {
        self.dp.order.iter().filter_map(|id| self.pipeline(id)).collect()
    }

    /// A table of the sandbox's RDS MySQL.
    pub fn rds_table(&self, instance: &str, database: &str, table: &str) -> Option<TableView> {
        let key = (super::sql::mysql_namespace(instance, database), table.to_string());
        let t = self.dp.rds.tables.get(&key)?;
        Some(TableView { columns: t.columns.clone(), rows: t.rows.clone() })
    }

    /// The RDS databases as (instance, database), in order.
    pub fn rds_databases(&self) -> Vec<(String, String)> {
        self.dp.rds.databases.iter().cloned().collect()
    }

    /// A DynamoDB table of the sandbox: its partition key and its items (DynamoDB JSON) in
    /// key order.
    pub fn dynamo_table(&self, name: &str) -> Option<(String, Vec<String>)> {
        let t = self.dp.dynamo.get(name)?;
        Some((t.partition_key.clone(), t.items.values().cloned().collect()))
    }

    /// Whether the Task Runner of a worker group is running.
    pub fn task_runner(&self, worker_group: &str) -> bool {
        self.dp.runners.get(worker_group).copied().unwrap_or(false)
    }
}
