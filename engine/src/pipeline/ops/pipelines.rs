//! Pipelines: create (idempotent on name + uniqueId), save and validate definitions, activate
//! and deactivate, describe, list, delete, tag.

use super::{check_pipeline_id, invalid_request, pipeline, pipeline_mut};
use crate::api::validate::Validator;
use crate::api::ApiError;
use crate::pipeline::definition::{Definition, Kind};
use crate::pipeline::expr::{format_datetime, parse_datetime, Period};
use crate::pipeline::model::{Cursor, Event, Pipeline, Status};
use crate::pipeline::plan::Plan;
use crate::pipeline::tick::{self, instance_id};
use crate::pipeline::wire::*;
use crate::sim::{Ctx, Services};

/// "Number of pipelines | 100" (limits page).
pub const MAX_PIPELINES: usize = 100;
/// "AWS Data Pipeline allows you to associate ten tags per pipeline."
pub const MAX_TAGS: usize = 10;
/// The sandbox's page size for ListPipelines (AWS does not say).
pub const LIST_PAGE: usize = 50;
/// "...blocking pipeline activation" when a scheduledStartTime is more than a day ago.
pub const BACKFILL_LIMIT_MS: i64 = 86_400_000;

pub fn create_pipeline(
    s: &mut Services,
    ctx: &mut Ctx<'_>,
    req: CreatePipelineInput,
) -> Result<CreatePipelineOutput, ApiError> {
    let mut v = Validator::new();
    if v.required("name", req.name.as_ref()) {
        v.string("name", req.name.as_deref(), Some(1), Some(1024), None);
    }
    if v.required("uniqueId", req.unique_id.as_ref()) {
        v.string("uniqueId", req.unique_id.as_deref(), Some(1), Some(1024), None);
    }
    v.finish()?;
    let (name, unique_id) = (req.name.unwrap_or_default(), req.unique_id.unwrap_or_default());
    let dp = &mut s.pipeline;
    // "CreatePipeline ensures that if a pipeline already exists with the same name and unique
    // identifier, a new pipeline is not created."
    if let Some(p) =
        dp.pipelines.values().find(|p| !p.deleted && p.name == name && p.unique_id == unique_id)
    {
        return Ok(CreatePipelineOutput { pipeline_id: p.id.clone() });
    }
    if dp.order.len() >= MAX_PIPELINES {
        return Err(invalid_request(format!(
            "You have reached the limit of {MAX_PIPELINES} pipelines."
        )));
    }
    let tags = tags_of(req.tags.unwrap_or_default())?;
    // df- and 19 digits and capitals, as AWS's ids look (df-0554887H4KXKTY59MRJ).
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let id: String =
        (0..19).map(|_| ALPHABET[ctx.rng.below(ALPHABET.len() as u64) as usize] as char).collect();
    let id = format!("df-{id}");
    dp.pipelines.insert(
        id.clone(),
        Pipeline {
            id: id.clone(),
            name: name.clone(),
            unique_id,
            description: req.description,
            tags,
            created_ms: ctx.unix_ms(),
            state: Status::Pending,
            deleted: false,
            latest: None,
            errored: false,
            active: None,
            plan: None,
            activated_ms: None,
            cursors: Default::default(),
            instances: Default::default(),
            paused: Vec::new(),
            notifications: Vec::new(),
            failures_to_inject: Default::default(),
            version: 0,
            forgotten: 0,
        },
    );
    dp.order.push(id.clone());
    ctx.emit(Event::PipelineCreated { pipeline_id: id.clone(), name });
    Ok(CreatePipelineOutput { pipeline_id: id })
}

fn tags_of(tags: Vec<Tag>) -> Result<Vec<(String, String)>, ApiError> {
    let mut v = Validator::new();
    v.collection("tags", &|| format!("{} tags", tags.len()), tags.len(), Some(0), Some(MAX_TAGS));
    for (i, t) in tags.iter().enumerate() {
        if v.required(&format!("tags.{}.member.key", i + 1), t.key.as_ref()) {
            v.string(
                &format!("tags.{}.member.key", i + 1),
                t.key.as_deref(),
                Some(1),
                Some(128),
                None,
            );
        }
        if v.required(&format!("tags.{}.member.value", i + 1), t.value.as_ref()) {
            v.string(
                &format!("tags.{}.member.value", i + 1),
                t.value.as_deref(),
                Some(0),
                Some(256),
                None,
            );
        }
    }
    v.finish()?;
    Ok(tags.into_iter().map(|t| (t.key.unwrap_or_default(), t.value.unwrap_or_default())).collect())
}

fn check_definition_input(req: &PutPipelineDefinitionInput) -> Result<(), ApiError> {
    let mut v = Validator::new();
    check_pipeline_id(&mut v, req.pipeline_id.as_ref());
    v.required("pipelineObjects", req.pipeline_objects.as_ref());
    v.finish()
}

fn answer(def: &Definition) -> PutPipelineDefinitionOutput {
    let (validation_errors, validation_warnings) = def.validate();
    PutPipelineDefinitionOutput {
        errored: !validation_errors.is_empty(),
        validation_errors,
        validation_warnings,
    }
}

pub fn put_pipeline_definition(
    s: &mut Services,
    ctx: &mut Ctx<'_>,
    req: PutPipelineDefinitionInput,
) -> Result<PutPipelineDefinitionOutput, ApiError> {
    check_definition_input(&req)?;
    let id = req.pipeline_id.clone().unwrap_or_default();
    let p = pipeline_mut(&mut s.pipeline, &id)?;
    if p.state == Status::Finished {
        return Err(invalid_request("Pipeline definition has errors: Could not save the pipeline definition due to FATAL errors: the pipeline is in a FINISHED state. Please call Validate to validate your pipeline"));
    }
    let def = Definition::from_wire(&req)?;
    let out = answer(&def);
    p.errored = out.errored;
    p.latest = Some(def);
    ctx.emit(Event::DefinitionSaved { pipeline_id: id, errored: out.errored });
    Ok(out)
}

pub fn validate_pipeline_definition(
    s: &mut Services,
    _: &mut Ctx<'_>,
    req: ValidatePipelineDefinitionInput,
) -> Result<PutPipelineDefinitionOutput, ApiError> {
    let req = req.0;
    check_definition_input(&req)?;
    pipeline(&s.pipeline, req.pipeline_id.as_deref().unwrap_or_default())?;
    Ok(answer(&Definition::from_wire(&req)?))
}

pub fn get_pipeline_definition(
    s: &mut Services,
    _: &mut Ctx<'_>,
    req: GetPipelineDefinitionInput,
) -> Result<GetPipelineDefinitionOutput, ApiError> {
    let mut v = Validator::new();
    check_pipeline_id(&mut v, req.pipeline_id.as_ref());
    v.finish()?;
    let p = pipeline(&s.pipeline, req.pipeline_id.as_deref().unwrap_or_default())?;
    let def = match req.version.as_deref() {
        Some("active") => p.active.as_ref(),
        None | Some("latest") => p.latest.as_ref(),
        Some(other) => {
            return Err(invalid_request(format!(
                "Invalid version: {other}. Valid values are latest and active."
            )))
        }
    };
    Ok(def.map(Definition::to_wire).unwrap_or_default())
}

pub fn activate_pipeline(
    s: &mut Services,
    ctx: &mut Ctx<'_>,
    req: ActivatePipelineInput,
) -> Result<Empty, ApiError> {
    let mut v = Validator::new();
    check_pipeline_id(&mut v, req.pipeline_id.as_ref());
    v.finish()?;
    let id = req.pipeline_id.clone().unwrap_or_default();
    let now = ctx.unix_ms();
    let p = pipeline_mut(&mut s.pipeline, &id)?;
    let Some(mut def) = p.latest.clone() else {
        return Err(invalid_request(
            "Pipeline has no definition: call PutPipelineDefinition first.",
        ));
    };
    if p.errored {
        return Err(invalid_request(
            "Pipeline definition has errors. Please call Validate to validate your pipeline",
        ));
    }
    for pv in req.parameter_values.iter().flatten() {
        if let (Some(k), Some(val)) = (&pv.id, &pv.string_value) {
            def.values.retain(|(id, _)| id != k);
            def.values.push((k.clone(), val.clone()));
        }
    }
    let resume_from = req.start_timestamp.map(|s| (s * 1000.0) as i64);
    let mut cursors = p.cursors.clone();
    for o in &def.objects {
        if !matches!(def.kind(&o.id), Some(Kind::Activity | Kind::DataNode | Kind::Resource)) {
            continue;
        }
        let first = first_start(&def, &o.id, now);
        if !cursors.contains_key(&o.id) && resume_from.is_none() && first < now - BACKFILL_LIMIT_MS
        {
            // AWS blocks the activation rather than create a long backfill; its text is not
            // published, so this one is the sandbox's.
            return Err(invalid_request(format!(
                "Pipeline activation was blocked to prevent an accidental backfill: the scheduledStartTime of {} ({}) is more than 1 day ago. Move the schedule's startDateTime forward or activate with a start timestamp.",
                o.id,
                format_datetime(first)
            )));
        }
        let c = cursors
            .entry(o.id.clone())
            .or_insert(Cursor { next_start_ms: first, ..Cursor::default() });
        c.done = false;
        if let (Some(from), Some(period)) = (resume_from, period_of(&def, &o.id)) {
            // startTimestamp: resume from that time; earlier periods are not made.
            while c.next_start_ms < from {
                match period.add(c.next_start_ms, 1) {
                    Some(n) if n > c.next_start_ms => c.next_start_ms = n,
                    _ => break,
                }
            }
        }
    }
    p.cursors = cursors;
    p.plan = Some(Plan::of(&def));
    p.active = Some(def);
    p.activated_ms = Some(now);
    p.version += 1;
    p.state = Status::Scheduled;
    ctx.emit(Event::PipelineStateChanged { pipeline_id: id.clone(), to: "SCHEDULED".into() });
    tick::evaluate(s, ctx, &id);
    Ok(Empty {})
}

fn period_of(def: &Definition, id: &str) -> Option<Period> {
    def.reference(id, "schedule").and_then(|s| def.text(s, "period")).and_then(Period::parse)
}

/// The first period's start: the schedule's startDateTime, or the activation time.
fn first_start(def: &Definition, id: &str, now: i64) -> i64 {
    def.reference(id, "schedule")
        .and_then(|s| def.text(s, "startDateTime"))
        .and_then(parse_datetime)
        .unwrap_or(now)
}

pub fn deactivate_pipeline(
    s: &mut Services,
    ctx: &mut Ctx<'_>,
    req: DeactivatePipelineInput,
) -> Result<Empty, ApiError> {
    let mut v = Validator::new();
    check_pipeline_id(&mut v, req.pipeline_id.as_ref());
    v.finish()?;
    let id = req.pipeline_id.clone().unwrap_or_default();
    let now = ctx.unix_ms();
    let p = pipeline_mut(&mut s.pipeline, &id)?;
    if req.cancel_active.unwrap_or(true) {
        for iid in p.instances.active_ids() {
            let Some(mut i) = p.instances.get_mut(&iid) else { continue };
            i.status = Status::Canceled;
            i.actual_end_ms = Some(now);
            i.next_ms = None;
            ctx.emit(Event::InstanceStatusChanged {
                pipeline_id: id.clone(),
                instance_id: i.id.clone(),
                to: "CANCELED".into(),
            });
        }
    }
    if p.state == Status::Scheduled {
        p.state = Status::Inactive;
        ctx.emit(Event::PipelineStateChanged { pipeline_id: id, to: "INACTIVE".into() });
    }
    Ok(Empty {})
}

pub fn delete_pipeline(
    s: &mut Services,
    ctx: &mut Ctx<'_>,
    req: DeletePipelineInput,
) -> Result<Empty, ApiError> {
    let mut v = Validator::new();
    check_pipeline_id(&mut v, req.0.pipeline_id.as_ref());
    v.finish()?;
    let id = req.0.pipeline_id.unwrap_or_default();
    let p = pipeline_mut(&mut s.pipeline, &id)?;
    p.deleted = true;
    p.instances.clear();
    s.pipeline.order.retain(|x| x != &id);
    ctx.emit(Event::PipelineDeleted { pipeline_id: id });
    Ok(Empty {})
}

pub fn describe_pipelines(
    s: &mut Services,
    ctx: &mut Ctx<'_>,
    req: DescribePipelinesInput,
) -> Result<DescribePipelinesOutput, ApiError> {
    let mut v = Validator::new();
    v.required("pipelineIds", req.pipeline_ids.as_ref());
    v.finish()?;
    let account = ctx.config.account_id.clone();
    let mut list = Vec::new();
    for id in req.pipeline_ids.unwrap_or_default() {
        let p = pipeline(&s.pipeline, &id)?;
        // In the order of the API reference's example.
        let mut fields = vec![Field::text("@pipelineState", p.state.as_str())];
        if let Some(d) = &p.description {
            fields.push(Field::text("description", d));
        }
        fields.push(Field::text("name", &p.name));
        fields.push(Field::text("@creationTime", &format_datetime(p.created_ms)));
        fields.push(Field::text("@id", &p.id));
        fields.push(Field::text("@sphere", "PIPELINE"));
        fields.push(Field::text("@version", &p.version.max(1).to_string()));
        fields.push(Field::text("@userId", &account));
        fields.push(Field::text("@accountId", &account));
        fields.push(Field::text("uniqueId", &p.unique_id));
        fields.push(Field::text("pipelineCreator", &account));
        if let Some(h) = health(p) {
            fields.push(Field::text("@healthStatus", h));
        }
        if let Some(t) = p.activated_ms {
            fields.push(Field::text("@lastActivationTime", &format_datetime(t)));
        }
        list.push(PipelineDescription {
            pipeline_id: p.id.clone(),
            name: p.name.clone(),
            fields,
            description: p.description.clone(),
            tags: p
                .tags
                .iter()
                .map(|(k, v)| Tag { key: Some(k.clone()), value: Some(v.clone()) })
                .collect(),
        });
    }
    Ok(DescribePipelinesOutput { pipeline_description_list: list })
}

/// HEALTHY once something finished and nothing failed since; ERROR after a failure.
fn health(p: &Pipeline) -> Option<&'static str> {
    let last = p
        .instances
        .values()
        .filter(|i| i.status.is_terminal())
        .max_by_key(|i| (i.actual_end_ms, i.id.clone()))?;
    Some(match last.status {
        Status::Finished => "HEALTHY",
        _ => "ERROR",
    })
}

pub fn list_pipelines(
    s: &mut Services,
    _: &mut Ctx<'_>,
    req: ListPipelinesInput,
) -> Result<ListPipelinesOutput, ApiError> {
    let dp = &s.pipeline;
    let start = match req.marker.as_deref() {
        None | Some("") => 0,
        Some(m) => {
            m.parse::<usize>().map_err(|_| invalid_request(format!("Invalid marker: {m}")))?
        }
    };
    let ids: Vec<&String> = dp.order.iter().skip(start).take(LIST_PAGE).collect();
    let more = dp.order.len() > start + LIST_PAGE;
    Ok(ListPipelinesOutput {
        pipeline_id_list: ids
            .into_iter()
            .filter_map(|id| dp.pipelines.get(id))
            .map(|p| PipelineIdName { id: p.id.clone(), name: p.name.clone() })
            .collect(),
        marker: more.then(|| (start + LIST_PAGE).to_string()),
        has_more_results: more,
    })
}

pub fn add_tags(s: &mut Services, _: &mut Ctx<'_>, req: AddTagsInput) -> Result<Empty, ApiError> {
    let mut v = Validator::new();
    check_pipeline_id(&mut v, req.pipeline_id.as_ref());
    v.required("tags", req.tags.as_ref());
    v.finish()?;
    let tags = tags_of(req.tags.unwrap_or_default())?;
    let p = pipeline_mut(&mut s.pipeline, req.pipeline_id.as_deref().unwrap_or_default())?;
    let mut merged = p.tags.clone();
    for (k, v) in tags {
        merged.retain(|(x, _)| x != &k);
        merged.push((k, v));
    }
    if merged.len() > MAX_TAGS {
        return Err(invalid_request(format!("A pipeline can have at most {MAX_TAGS} tags.")));
    }
    p.tags = merged;
    Ok(Empty {})
}

pub fn remove_tags(
    s: &mut Services,
    _: &mut Ctx<'_>,
    req: RemoveTagsInput,
) -> Result<Empty, ApiError> {
    let mut v = Validator::new();
    check_pipeline_id(&mut v, req.pipeline_id.as_ref());
    v.required("tagKeys", req.tag_keys.as_ref());
    v.finish()?;
    let p = pipeline_mut(&mut s.pipeline, req.pipeline_id.as_deref().unwrap_or_default())?;
    let keys = req.tag_keys.unwrap_or_default();
    p.tags.retain(|(k, _)| !keys.contains(k));
    Ok(Empty {})
}

/// The instance of `component` for the period starting at `start` (for tests and views).
pub fn instance_name(component: &str, start: i64) -> String {
    instance_id(component, start)
}
