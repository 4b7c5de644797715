//! AddJobFlowSteps, ListSteps (newest first), DescribeStep, CancelSteps.

use std::collections::BTreeMap;

use crate::api::validate::Validator;
use crate::api::ApiError;
use crate::sim::{Ctx, Services};

use super::checks::{long, one_of, required_short};
use super::{cluster, job_flow, page, shapes, PAGE_SIZE};
use crate::emr::model::{ActionOnFailure, Event, Step, StepState};
use crate::emr::wire::*;
use crate::emr::{ids, steps, texts};

/// "The maximum number of PENDING and RUNNING steps allowed in a cluster is 256."
pub const MAX_ACTIVE_STEPS: usize = 256;
/// "The string values passed into HadoopJarStep object cannot exceed a total of 10240
/// characters."
pub const MAX_JAR_STEP_CHARS: usize = 10240;

/// The model's constraints on a list of StepConfig.
pub fn validate_step_shapes(v: &mut Validator, member: &str, steps: &[StepConfig]) {
    for (i, s) in steps.iter().enumerate() {
        let m = format!("{member}.{}.member", i + 1);
        one_of(
            v,
            &format!("{m}.actionOnFailure"),
            s.action_on_failure.as_deref(),
            &ActionOnFailure::names(),
        );
        if v.required(&format!("{m}.hadoopJarStep"), s.hadoop_jar_step.as_ref()) {
            let jar = s.hadoop_jar_step.as_ref().and_then(|h| h.jar.as_deref());
            if v.required(&format!("{m}.hadoopJarStep.jar"), jar.as_ref()) {
                long(v, &format!("{m}.hadoopJarStep.jar"), jar);
            }
        }
        required_short(v, &format!("{m}.name"), s.name.as_deref());
    }
}

/// What EMR checks beyond the shapes: the HadoopJarStep length, and ActionOnFailure values a
/// cluster running steps concurrently refuses.
pub fn validate_step_configs(steps: &[StepConfig], concurrency: i64) -> Result<(), ApiError> {
    for s in steps {
        let Some(h) = &s.hadoop_jar_step else { continue };
        let chars = h.jar.as_deref().map_or(0, |j| j.chars().count())
            + h.main_class.as_deref().map_or(0, |m| m.chars().count())
            + h.args.iter().flatten().map(|a| a.chars().count()).sum::<usize>()
            + h.properties
                .iter()
                .flatten()
                .map(|kv| {
                    kv.key.as_deref().map_or(0, |k| k.chars().count())
                        + kv.value.as_deref().map_or(0, |v| v.chars().count())
                })
                .sum::<usize>();
        if chars > MAX_JAR_STEP_CHARS {
            return Err(texts::validation(
                "The string values passed into HadoopJarStep object cannot exceed a total of 10240 characters.",
            ));
        }
        if concurrency > 1 {
            if let Some(a @ ("CANCEL_AND_WAIT" | "TERMINATE_CLUSTER" | "TERMINATE_JOB_FLOW")) =
                s.action_on_failure.as_deref()
            {
                return Err(texts::invalid_action_on_failure(a));
            }
        }
    }
    Ok(())
}

/// New PENDING steps from their configs; `default` is the ActionOnFailure when none is given
/// (the API's TERMINATE_CLUSTER; the CLI sends CONTINUE itself).
pub fn new_steps(ctx: &mut Ctx<'_>, configs: &[StepConfig], default: ActionOnFailure) -> Vec<Step> {
    let now = ctx.unix_ms();
    let submitted_by = ctx.principal().arn();
    configs
        .iter()
        .map(|s| {
            let h = s.hadoop_jar_step.clone().unwrap_or_default();
            Step {
                id: ids::step(ctx.rng),
                name: s.name.clone().unwrap_or_default(),
                jar: h.jar.unwrap_or_default(),
                main_class: h.main_class.filter(|m| !m.is_empty()),
                args: h.args.unwrap_or_default(),
                properties: h
                    .properties
                    .unwrap_or_default()
                    .into_iter()
                    .map(|kv| (kv.key.unwrap_or_default(), kv.value.unwrap_or_default()))
                    .collect::<BTreeMap<_, _>>(),
                action_on_failure: s
                    .action_on_failure
                    .as_deref()
                    .and_then(ActionOnFailure::parse)
                    .unwrap_or(default),
                state: StepState::Pending,
                failure: None,
                created_ms: now,
                started_ms: None,
                ended_ms: None,
                log: Vec::new(),
                outcome: None,
                serial: 0,
                submitted_by: submitted_by.clone(),
            }
        })
        .collect()
}

pub fn add_job_flow_steps(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    input: AddJobFlowStepsInput,
) -> Result<AddJobFlowStepsOutput, ApiError> {
    let mut v = Validator::new();
    v.string("executionRoleArn", input.execution_role_arn.as_deref(), Some(20), Some(2048), None);
    required_short(&mut v, "jobFlowId", input.job_flow_id.as_deref());
    if v.required("steps", input.steps.as_ref()) {
        validate_step_shapes(&mut v, "steps", input.steps.as_deref().unwrap_or(&[]));
    }
    v.finish()?;
    let id = input.job_flow_id.unwrap_or_default();
    let configs = input.steps.unwrap_or_default();
    let c = job_flow(services, &id)?;
    if c.state.is_ending() {
        return Err(texts::job_flow_ending());
    }
    let active = c.steps.iter().filter(|s| s.state.is_active()).count();
    if active + configs.len() > MAX_ACTIVE_STEPS {
        return Err(texts::too_many_steps());
    }
    validate_step_configs(&configs, c.step_concurrency as i64)?;
    let new = new_steps(ctx, &configs, ActionOnFailure::TerminateCluster);
    let step_ids: Vec<String> = new.iter().map(|s| s.id.clone()).collect();
    for s in new {
        ctx.emit(Event::StepStateChanged {
            cluster: id.clone(),
            step: s.id.clone(),
            state: "PENDING".into(),
        });
        c.steps.push(s);
    }
    steps::advance(services, ctx, &id);
    Ok(AddJobFlowStepsOutput { step_ids })
}

pub fn list_steps(
    services: &mut Services,
    _ctx: &mut Ctx<'_>,
    input: ListStepsInput,
) -> Result<ListStepsOutput, ApiError> {
    let mut v = Validator::new();
    v.required("clusterId", input.cluster_id.as_ref());
    for (i, s) in input.step_states.iter().flatten().enumerate() {
        one_of(&mut v, &format!("stepStates.{}.member", i + 1), Some(s), &StepState::names());
    }
    v.finish()?;
    let c = cluster(services, input.cluster_id.as_deref().unwrap_or_default())?;
    let ids = input.step_ids.unwrap_or_default();
    let states = input.step_states.unwrap_or_default();
    for id in &ids {
        if c.step(id).is_none() {
            return Err(texts::no_such_step(id));
        }
    }
    let listed: Vec<StepDescription> = c
        .steps
        .iter()
        .rev()
        .filter(|s| ids.is_empty() || ids.contains(&s.id))
        .filter(|s| states.is_empty() || states.iter().any(|x| x == s.state.as_str()))
        .map(shapes::step)
        .collect();
    let (steps, marker) = page(listed, input.marker.as_deref(), PAGE_SIZE)?;
    Ok(ListStepsOutput { steps, marker })
}

pub fn describe_step(
    services: &mut Services,
    _ctx: &mut Ctx<'_>,
    input: DescribeStepInput,
) -> Result<DescribeStepOutput, ApiError> {
    let mut v = Validator::new();
    v.required("clusterId", input.cluster_id.as_ref());
    v.required("stepId", input.step_id.as_ref());
    v.finish()?;
    let c = cluster(services, input.cluster_id.as_deref().unwrap_or_default())?;
    let id = input.step_id.unwrap_or_default();
    let s = c.step(&id).ok_or_else(|| texts::no_such_step(&id))?;
    Ok(DescribeStepOutput { step: shapes::step(s) })
}

/// PENDING steps are cancelled at once; RUNNING ones go CANCEL_PENDING and are cancelled a
/// moment later (CancelSteps "is idempotent but asynchronous"); others are refused one by one.
pub fn cancel_steps(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    input: CancelStepsInput,
) -> Result<CancelStepsOutput, ApiError> {
    let mut v = Validator::new();
    required_short(&mut v, "clusterId", input.cluster_id.as_deref());
    one_of(
        &mut v,
        "stepCancellationOption",
        input.step_cancellation_option.as_deref(),
        &["SEND_INTERRUPT", "TERMINATE_PROCESS"],
    );
    v.required("stepIds", input.step_ids.as_ref());
    v.finish()?;
    let id = input.cluster_id.unwrap_or_default();
    let c = cluster(services, &id)?;
    let mut out = Vec::new();
    for step in input.step_ids.unwrap_or_default() {
        let info = match c.step(&step).map(|s| s.state) {
            None => failed(&step, texts::no_such_step(&step).message),
            Some(StepState::Pending) => {
                steps::set_step_state(c, ctx, &step, StepState::Cancelled);
                submitted(&step)
            }
            Some(StepState::Running) => {
                steps::request_cancel(c, ctx, &step);
                submitted(&step)
            }
            Some(StepState::CancelPending) => submitted(&step),
            Some(other) => failed(&step, texts::not_cancellable(other.as_str())),
        };
        out.push(info);
    }
    steps::advance(services, ctx, &id);
    Ok(CancelStepsOutput { cancel_steps_info_list: out })
}

fn submitted(step: &str) -> CancelStepsInfo {
    CancelStepsInfo { step_id: step.into(), status: "SUBMITTED".into(), reason: None }
}

fn failed(step: &str, reason: String) -> CancelStepsInfo {
    CancelStepsInfo { step_id: step.into(), status: "FAILED".into(), reason: Some(reason) }
}
