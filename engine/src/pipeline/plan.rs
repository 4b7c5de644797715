//! What the scheduler asks of the active definition, read once per activation: each
//! component's schedule, what it waits for, what runs on it, its retry settings and its
//! actions. Every look at a pipeline asks these questions of every component (a year of hourly
//! periods asks them millions of times), and each answer read through `Definition` walks the
//! object's `parent` lineage and parses its texts again: about half the time of a look.
//!
//! A plan belongs to one activation: ActivatePipeline builds it beside the definition it
//! activates (the only place the active definition changes; PutPipelineDefinition saves the
//! `latest` one, which the scheduler never reads), so it is never older than what it describes.

use std::collections::BTreeMap;

use super::definition::{Definition, Kind};
use super::expr::{parse_datetime, Period};
use super::tick::DEFAULT_MAX_RETRIES;

/// Each component of a definition, by id.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plan {
    components: BTreeMap<String, Component>,
    /// The answers for an id the definition does not have (a cursor left from an earlier
    /// activation): every field unset.
    absent: Component,
}

/// A component's schedule: `None` in [`Component::schedule`] is on demand (no `schedule`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rule {
    /// `None` when the period does not parse: the schedule makes nothing.
    pub period: Option<Period>,
    /// `endDateTime`: no period starts at or after it.
    pub end_ms: Option<i64>,
    /// `occurrences`: at most this many periods.
    pub occurrences: Option<u32>,
}

/// One component's answers, each as `Definition` gives it (inherited fields included).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Component {
    pub kind: Option<Kind>,
    pub type_name: Option<String>,
    pub schedule: Option<Rule>,
    /// Whether its instances are made at the start of their period (cron, resources) rather
    /// than at its end (time series, the default).
    pub at_start: bool,
    /// An activity's `input` then `dependsOn` references.
    pub upstream: Vec<String>,
    /// Of a data node: the activities whose `output` it is, in object order.
    pub producers: Vec<String>,
    pub preconditions: Vec<String>,
    /// `failureAndRerunMode` CASCADE.
    pub cascade: bool,
    pub runs_on: Option<String>,
    pub worker_group: Option<String>,
    /// Of a resource: the objects whose `runsOn` it is, in object order.
    pub consumers: Vec<String>,
    pub max_retries: u32,
    pub retry_delay: Option<Period>,
    pub precondition_timeout: Option<Period>,
    pub terminate_after: Option<Period>,
    pub on_success: Vec<String>,
    pub on_fail: Vec<String>,
}

impl Plan {
    pub fn of(def: &Definition) -> Plan {
        let components =
            def.objects.iter().map(|o| (o.id.clone(), Component::of(def, &o.id))).collect();
        Plan { components, absent: Component::absent() }
    }

    pub fn component(&self, id: &str) -> &Component {
        self.components.get(id).unwrap_or(&self.absent)
    }
}

impl Component {
    fn of(def: &Definition, id: &str) -> Component {
        let owned = |v: Vec<&str>| v.into_iter().map(str::to_string).collect::<Vec<String>>();
        let text_period = |key: &str| def.text(id, key).and_then(Period::parse);
        let schedule = def.reference(id, "schedule").map(|s| Rule {
            period: def.text(s, "period").and_then(Period::parse),
            end_ms: def.text(s, "endDateTime").and_then(parse_datetime),
            occurrences: def.text(s, "occurrences").and_then(|n| n.trim().parse::<u32>().ok()),
        });
        let kind = def.kind(id);
        let mut upstream = owned(def.refs(id, "input"));
        upstream.extend(owned(def.refs(id, "dependsOn")));
        let producers = def
            .objects
            .iter()
            .filter(|o| {
                def.kind(&o.id) == Some(Kind::Activity) && def.refs(&o.id, "output").contains(&id)
            })
            .map(|o| o.id.clone())
            .collect();
        let consumers = def
            .objects
            .iter()
            .filter(|o| def.reference(&o.id, "runsOn") == Some(id))
            .map(|o| o.id.clone())
            .collect();
        Component {
            kind,
            type_name: def.type_of(id).map(str::to_string),
            schedule,
            at_start: kind == Some(Kind::Resource) || def.schedule_type(id) != "timeseries",
            upstream,
            producers,
            preconditions: owned(def.refs(id, "precondition")),
            cascade: def
                .text(id, "failureAndRerunMode")
                .is_some_and(|m| m.eq_ignore_ascii_case("cascade")),
            runs_on: def.reference(id, "runsOn").map(str::to_string),
            worker_group: def.text(id, "workerGroup").map(str::to_string),
            consumers,
            max_retries: def
                .text(id, "maximumRetries")
                .and_then(|n| n.trim().parse().ok())
                .unwrap_or(DEFAULT_MAX_RETRIES),
            retry_delay: text_period("retryDelay"),
            precondition_timeout: text_period("preconditionTimeout"),
            terminate_after: text_period("terminateAfter"),
            on_success: owned(def.refs(id, "onSuccess")),
            on_fail: owned(def.refs(id, "onFail")),
        }
    }

    /// What `Definition` answers for an id it does not have: nothing set, so the defaults
    /// (on demand, time series, the default retries).
    fn absent() -> Component {
        Component { max_retries: DEFAULT_MAX_RETRIES, ..Component::default() }
    }

    /// The actions of `onSuccess` or `onFail`.
    pub fn actions(&self, field: &str) -> &[String] {
        match field {
            "onSuccess" => &self.on_success,
            "onFail" => &self.on_fail,
            _ => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::wire::{Field, PipelineObject, PutPipelineDefinitionInput};

    fn object(id: &str, fields: Vec<Field>) -> PipelineObject {
        PipelineObject { id: Some(id.into()), name: Some(id.into()), fields: Some(fields) }
    }

    fn definition() -> Definition {
        let input = PutPipelineDefinitionInput {
            pipeline_id: None,
            pipeline_objects: Some(vec![
                object(
                    "Default",
                    vec![
                        Field::text("scheduleType", "cron"),
                        Field::reference("schedule", "Daily"),
                        Field::text("failureAndRerunMode", "cascade"),
                    ],
                ),
                object(
                    "Daily",
                    vec![
                        Field::text("type", "Schedule"),
                        Field::text("period", "1 day"),
                        Field::text("startDateTime", "2026-01-01T00:00:00"),
                        Field::text("endDateTime", "2026-01-05T00:00:00"),
                        Field::text("occurrences", " 3 "),
                    ],
                ),
                object(
                    "Shared",
                    vec![
                        Field::text("maximumRetries", "4"),
                        Field::text("retryDelay", "3 minutes"),
                    ],
                ),
                object("Box", vec![Field::text("type", "Ec2Resource")]),
                object("In", vec![Field::text("type", "S3DataNode")]),
                object("Out", vec![Field::text("type", "S3DataNode")]),
                object(
                    "Copy",
                    vec![
                        Field::text("type", "CopyActivity"),
                        Field::reference("parent", "Shared"),
                        Field::reference("input", "In"),
                        Field::reference("output", "Out"),
                        Field::reference("runsOn", "Box"),
                        Field::reference("dependsOn", "Other"),
                        Field::reference("onFail", "Alarm"),
                    ],
                ),
                object(
                    "Other",
                    vec![
                        Field::text("type", "ShellCommandActivity"),
                        Field::text("scheduleType", "timeseries"),
                        Field::text("workerGroup", "wg"),
                    ],
                ),
                object("Alarm", vec![Field::text("type", "SnsAlarm")]),
            ]),
            parameter_objects: None,
            parameter_values: None,
        };
        Definition::from_wire(&input).unwrap_or_default()
    }

    #[test]
    fn each_answer_is_the_definitions_with_inheritance() {
        let plan = Plan::of(&definition());
        let copy = plan.component("Copy");
        assert_eq!(copy.kind, Some(Kind::Activity));
        assert_eq!(
            copy.schedule,
            Some(Rule {
                period: Some(Period::Millis(86_400_000)),
                end_ms: parse_datetime("2026-01-05T00:00:00"),
                occurrences: Some(3),
            })
        );
        assert!(copy.at_start && copy.cascade);
        assert_eq!(copy.upstream, ["In", "Other"]);
        assert_eq!((copy.max_retries, copy.retry_delay), (4, Some(Period::Millis(180_000))));
        assert_eq!(copy.actions("onFail"), ["Alarm"]);
        assert_eq!(plan.component("Out").producers, ["Copy"]);
        assert_eq!(plan.component("Box").consumers, ["Copy"]);
        let other = plan.component("Other");
        assert!(!other.at_start);
        assert_eq!((other.worker_group.as_deref(), other.max_retries), (Some("wg"), 2));
    }

    #[test]
    fn an_id_the_definition_lacks_answers_as_the_definition_does() {
        let def = definition();
        let plan = Plan::of(&def);
        assert_eq!(plan.component("Nosuch"), &Component::of(&def, "Nosuch"));
        assert_eq!(plan.component("Nosuch").schedule, None);
        assert!(!plan.component("Nosuch").at_start);
    }
}
