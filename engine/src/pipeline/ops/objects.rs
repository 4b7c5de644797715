//! Components, instances and attempts: DescribeObjects, QueryObjects, SetStatus,
//! EvaluateExpression.

use super::{check_pipeline_id, invalid_request, pipeline, pipeline_mut};
use crate::api::validate::Validator;
use crate::api::ApiError;
use crate::pipeline::definition::{FieldValue, Kind};
use crate::pipeline::expr::{format_datetime, interpolate};
use crate::pipeline::model::{Event, Instance, Pipeline, Status};
use crate::pipeline::tick;
use crate::pipeline::wire::*;
use crate::pipeline::work::InstanceScope;
use crate::sim::{Ctx, Services};

/// "You can pass as many as 25 identifiers in a single call" (model).
pub const MAX_DESCRIBE: usize = 25;

fn component_object(p: &Pipeline, id: &str) -> Option<PipelineObject> {
    let def = p.active.as_ref().or(p.latest.as_ref())?;
    let o = def.object(id)?;
    let mut fields: Vec<Field> = o
        .fields
        .iter()
        .map(|(k, v)| match v {
            FieldValue::Text(s) => Field::text(k, s),
            FieldValue::Ref(r) => Field::reference(k, r),
        })
        .collect();
    fields.push(Field::text("@sphere", "COMPONENT"));
    fields.push(Field::text("@version", &p.version.max(1).to_string()));
    let status = if p.paused.iter().any(|x| x == id) { "PAUSED" } else { p.state.as_str() };
    fields.push(Field::text("@status", status));
    fields.push(Field::text("@pipelineId", &p.id));
    Some(PipelineObject {
        id: Some(o.id.clone()),
        name: Some(o.name.clone()),
        fields: Some(fields),
    })
}

fn instance_object(p: &Pipeline, i: &Instance, evaluate: bool) -> PipelineObject {
    let def = p.active.as_ref();
    let mut f = vec![Field::reference("@componentParent", &i.component)];
    f.push(Field::text("@scheduledStartTime", &format_datetime(i.scheduled_start_ms)));
    f.push(Field::text("@scheduledEndTime", &format_datetime(i.scheduled_end_ms)));
    f.push(Field::text("@sphere", "INSTANCE"));
    f.push(Field::text("@status", i.status.as_str()));
    f.push(Field::text("@attemptCount", &i.attempts.len().to_string()));
    f.push(Field::text("@triesLeft", &i.tries_left.to_string()));
    if let Some(n) = i.attempts.last() {
        f.push(Field::reference("@headAttempt", &i.attempt_id(n.number)));
    }
    if let Some(t) = i.actual_start_ms {
        f.push(Field::text("@actualStartTime", &format_datetime(t)));
    }
    if let Some(t) = i.actual_end_ms {
        f.push(Field::text("@actualEndTime", &format_datetime(t)));
    }
    if let Some(e) = &i.error {
        f.push(Field::text("errorMessage", e));
    }
    if let Some(def) = def {
        if let Some(t) = def.type_of(&i.component) {
            f.push(Field::text("type", t));
        }
        for key in ["input", "output", "runsOn"] {
            for r in def.refs(&i.component, key) {
                f.push(Field::reference(key, &tick::instance_id(r, i.scheduled_start_ms)));
            }
        }
        if evaluate {
            for key in ["filePath", "directoryPath", "command", "s3Key", "s3Prefix"] {
                let scope = InstanceScope {
                    def,
                    object: &i.component,
                    start_ms: i.scheduled_start_ms,
                    end_ms: i.scheduled_end_ms,
                    instance_id: &i.id,
                    node: i.node.as_deref(),
                    depth: 0,
                };
                if let Ok(Some(v)) = scope.field(key) {
                    f.push(Field::text(key, &v));
                }
            }
        }
    }
    f.push(Field::text("@version", &p.version.max(1).to_string()));
    f.push(Field::text("@pipelineId", &p.id));
    PipelineObject { id: Some(i.id.clone()), name: Some(i.id.clone()), fields: Some(f) }
}

fn attempt_object(p: &Pipeline, i: &Instance, n: u32) -> Option<PipelineObject> {
    let a = i.attempts.iter().find(|a| a.number == n)?;
    let id = i.attempt_id(n);
    let mut f = vec![
        Field::reference("@instanceParent", &i.id),
        Field::reference("@componentParent", &i.component),
        Field::text("@sphere", "ATTEMPT"),
        Field::text("@status", a.status.as_str()),
        Field::text("@scheduledStartTime", &format_datetime(i.scheduled_start_ms)),
        Field::text("@scheduledEndTime", &format_datetime(i.scheduled_end_ms)),
        Field::text("@actualStartTime", &format_datetime(a.started_ms)),
    ];
    if let Some(t) = a.ended_ms {
        f.push(Field::text("@actualEndTime", &format_datetime(t)));
    }
    if let Some(r) = &a.resource {
        f.push(Field::reference("@resource", r));
    }
    if let Some(e) = &a.error {
        f.push(Field::text("errorMessage", e));
    }
    f.push(Field::text("@pipelineId", &p.id));
    Some(PipelineObject { id: Some(id.clone()), name: Some(id), fields: Some(f) })
}

/// `<instance>_Attempt=<n>` split.
fn split_attempt(id: &str) -> Option<(&str, u32)> {
    let (inst, n) = id.rsplit_once("_Attempt=")?;
    Some((inst, n.parse().ok()?))
}

pub fn describe_objects(
    s: &mut Services,
    _: &mut Ctx<'_>,
    req: DescribeObjectsInput,
) -> Result<DescribeObjectsOutput, ApiError> {
    let mut v = Validator::new();
    check_pipeline_id(&mut v, req.pipeline_id.as_ref());
    v.required("objectIds", req.object_ids.as_ref());
    v.finish()?;
    let p = pipeline(&s.pipeline, req.pipeline_id.as_deref().unwrap_or_default())?;
    let ids = req.object_ids.unwrap_or_default();
    let start: usize = req.marker.as_deref().and_then(|m| m.parse().ok()).unwrap_or(0);
    let evaluate = req.evaluate_expressions.unwrap_or(false);
    let mut objects = Vec::new();
    for id in ids.iter().skip(start).take(MAX_DESCRIBE) {
        let o = if let Some(i) = p.instances.get(id) {
            Some(instance_object(p, i, evaluate))
        } else if let Some((inst, n)) = split_attempt(id) {
            p.instances.get(inst).and_then(|i| attempt_object(p, i, n))
        } else {
            component_object(p, id)
        };
        objects.extend(o);
    }
    let more = ids.len() > start + MAX_DESCRIBE;
    Ok(DescribeObjectsOutput {
        pipeline_objects: objects,
        marker: more.then(|| (start + MAX_DESCRIBE).to_string()),
        has_more_results: more,
    })
}

/// The value of a queryable field on an object (`None`: not set, so the condition fails).
fn field_of(p: &Pipeline, id: &str, field: &str) -> Option<String> {
    let obj = if let Some(i) = p.instances.get(id) {
        instance_object(p, i, false)
    } else if let Some((inst, n)) = split_attempt(id) {
        attempt_object(p, p.instances.get(inst)?, n)?
    } else {
        component_object(p, id)?
    };
    if field == "name" {
        return obj.name;
    }
    obj.fields?
        .into_iter()
        .find(|f| f.key.as_deref() == Some(field))
        .and_then(|f| f.string_value.or(f.ref_value))
}

pub fn query_objects(
    s: &mut Services,
    _: &mut Ctx<'_>,
    req: QueryObjectsInput,
) -> Result<QueryObjectsOutput, ApiError> {
    let mut v = Validator::new();
    check_pipeline_id(&mut v, req.pipeline_id.as_ref());
    if v.required("sphere", req.sphere.as_ref()) {
        v.string("sphere", req.sphere.as_deref(), Some(0), Some(1024), None);
    }
    v.finish()?;
    let p = pipeline(&s.pipeline, req.pipeline_id.as_deref().unwrap_or_default())?;
    let sphere = req.sphere.unwrap_or_default();
    let candidates: Vec<String> = match sphere.as_str() {
        "COMPONENT" => p
            .active
            .as_ref()
            .or(p.latest.as_ref())
            .map_or(Vec::new(), |d| d.objects.iter().map(|o| o.id.clone()).collect()),
        "INSTANCE" => p.instances.keys().cloned().collect(),
        "ATTEMPT" => p
            .instances
            .values()
            .flat_map(|i| i.attempts.iter().map(move |a| i.attempt_id(a.number)))
            .collect(),
        other => {
            return Err(invalid_request(format!(
            "Invalid sphere: {other}. The possible values are: COMPONENT, INSTANCE, and ATTEMPT."
        )))
        }
    };
    let selectors = req.query.and_then(|q| q.selectors).unwrap_or_default();
    if selectors.len() > 10 {
        return Err(invalid_request("A query can contain a maximum of ten selectors."));
    }
    let mut ids = Vec::new();
    for id in candidates {
        let mut keep = true;
        for sel in &selectors {
            let field = sel.field_name.as_deref().unwrap_or_default();
            let op = sel.operator.clone().unwrap_or_default();
            let values = op.values.unwrap_or_default();
            let Some(have) = field_of(p, &id, field) else {
                keep = false;
                break;
            };
            let first = values.first().cloned().unwrap_or_default();
            keep &= match op.kind.as_deref().unwrap_or("EQ") {
                "EQ" | "REF_EQ" => values.iter().any(|v| v == &have),
                "LE" => have <= first,
                "GE" => have >= first,
                "BETWEEN" => values.len() == 2 && have >= values[0] && have <= values[1],
                other => return Err(invalid_request(format!("Invalid operator type: {other}"))),
            };
        }
        if keep {
            ids.push(id);
        }
    }
    let start: usize = req.marker.as_deref().and_then(|m| m.parse().ok()).unwrap_or(0);
    let limit = req.limit.filter(|&l| l > 0).unwrap_or(100) as usize;
    let more = ids.len() > start + limit;
    Ok(QueryObjectsOutput {
        ids: ids.into_iter().skip(start).take(limit).collect(),
        marker: more.then(|| (start + limit).to_string()),
        has_more_results: more,
    })
}

pub fn set_status(
    s: &mut Services,
    ctx: &mut Ctx<'_>,
    req: SetStatusInput,
) -> Result<Empty, ApiError> {
    let mut v = Validator::new();
    check_pipeline_id(&mut v, req.pipeline_id.as_ref());
    v.required("objectIds", req.object_ids.as_ref());
    v.required("status", req.status.as_ref());
    v.finish()?;
    let pid = req.pipeline_id.unwrap_or_default();
    let status = req.status.unwrap_or_default().to_ascii_uppercase();
    let ids = req.object_ids.unwrap_or_default();
    let now = ctx.unix_ms();
    let p = pipeline_mut(&mut s.pipeline, &pid)?;
    if p.state == Status::Finished {
        return Err(invalid_request("You cannot perform this operation on FINISHED pipelines."));
    }
    let instances = ids.iter().filter(|id| p.instances.contains_key(*id)).count();
    if instances != 0 && instances != ids.len() {
        return Err(invalid_request(
            "The objects must be either physical or components, but not a mix of both types.",
        ));
    }
    match (status.as_str(), instances > 0) {
        ("PAUSE", false) => ids.iter().for_each(|id| {
            if !p.paused.contains(id) {
                p.paused.push(id.clone());
            }
        }),
        ("RESUME", false) => p.paused.retain(|x| !ids.contains(x)),
        ("TRY_CANCEL", true) | ("MARK_FINISHED", true) | ("RERUN", true) => {
            for id in &ids {
                let Some(mut i) = p.instances.get_mut(id) else { continue };
                let to = match status.as_str() {
                    "TRY_CANCEL" if !i.status.is_terminal() => Status::Canceled,
                    "MARK_FINISHED" => Status::Finished,
                    "RERUN" => {
                        i.tries_left = p
                            .active
                            .as_ref()
                            .and_then(|d| d.text(&i.component, "maximumRetries"))
                            .and_then(|n| n.trim().parse().ok())
                            .unwrap_or(tick::DEFAULT_MAX_RETRIES);
                        i.error = None;
                        i.actual_end_ms = None;
                        i.next_ms = Some(now);
                        Status::WaitingOnDependencies
                    }
                    _ => continue,
                };
                if to.is_terminal() {
                    i.actual_end_ms = Some(now);
                    i.next_ms = None;
                }
                i.status = to;
                ctx.emit(Event::InstanceStatusChanged {
                    pipeline_id: pid.clone(),
                    instance_id: id.clone(),
                    to: to.as_str().into(),
                });
            }
            if status == "RERUN" {
                // A rerun lets consumers that cascade-failed on it try again.
                let starts: Vec<i64> = ids
                    .iter()
                    .filter_map(|id| p.instances.get(id))
                    .map(|i| i.scheduled_start_ms)
                    .collect();
                let again: Vec<String> = p
                    .instances
                    .values()
                    .filter(|i| {
                        i.status == Status::CascadeFailed
                            && starts.contains(&i.scheduled_start_ms)
                            && i.kind != Kind::Precondition
                    })
                    .map(|i| i.id.clone())
                    .collect();
                for id in &again {
                    if let Some(mut i) = p.instances.get_mut(id) {
                        i.status = Status::WaitingOnDependencies;
                        i.error = None;
                        i.actual_end_ms = None;
                        ctx.emit(Event::InstanceStatusChanged {
                            pipeline_id: pid.clone(),
                            instance_id: i.id.clone(),
                            to: "WAITING_ON_DEPENDENCIES".into(),
                        });
                    }
                }
            }
        }
        (other, physical) => {
            let allowed =
                if physical { "TRY_CANCEL, RERUN, or MARK_FINISHED" } else { "PAUSE or RESUME" };
            return Err(invalid_request(format!(
                "Invalid status {other}: for {} use {allowed}.",
                if physical { "instances" } else { "components" }
            )));
        }
    }
    tick::evaluate(s, ctx, &pid);
    Ok(Empty {})
}

pub fn evaluate_expression(
    s: &mut Services,
    _: &mut Ctx<'_>,
    req: EvaluateExpressionInput,
) -> Result<EvaluateExpressionOutput, ApiError> {
    let mut v = Validator::new();
    check_pipeline_id(&mut v, req.pipeline_id.as_ref());
    v.required("objectId", req.object_id.as_ref());
    v.required("expression", req.expression.as_ref());
    v.finish()?;
    let p = pipeline(&s.pipeline, req.pipeline_id.as_deref().unwrap_or_default())?;
    let object_id = req.object_id.unwrap_or_default();
    let def = p
        .active
        .as_ref()
        .or(p.latest.as_ref())
        .ok_or_else(|| invalid_request("Pipeline has no definition."))?;
    let (component, start, end, node) = match p.instances.get(&object_id) {
        Some(i) => {
            (i.component.as_str(), i.scheduled_start_ms, i.scheduled_end_ms, i.node.as_deref())
        }
        None if def.object(&object_id).is_some() => {
            (object_id.as_str(), p.activated_ms.unwrap_or(0), p.activated_ms.unwrap_or(0), None)
        }
        None => {
            return Err(invalid_request(format!(
                "Object {object_id} does not exist in pipeline {}.",
                p.id
            )))
        }
    };
    let scope = InstanceScope {
        def,
        object: component,
        start_ms: start,
        end_ms: end,
        instance_id: &object_id,
        node,
        depth: 0,
    };
    let text = interpolate(req.expression.as_deref().unwrap_or_default(), &scope)
        .map_err(invalid_request)?;
    Ok(EvaluateExpressionOutput { evaluated_expression: text })
}
