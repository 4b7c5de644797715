//! The applications themselves: create, describe, list, delete, start, stop, update.
use super::*;

pub fn create_application(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    req: CreateApplicationInput,
) -> Result<CreateApplicationOutput, ApiError> {
    let mut v = Validator::new();
    check_name(&mut v, "applicationName", req.application_name.as_deref());
    v.string(
        "applicationDescription",
        req.application_description.as_deref(),
        Some(0),
        Some(1024),
        None,
    );
    v.string("applicationCode", req.application_code.as_deref(), Some(0), Some(102_400), None);
    v.finish()?;
    let name = req.application_name.clone().unwrap_or_default();
    if services.analytics.apps.contains_key(&name) {
        return Err(already_exists(&name));
    }
    let inputs = req.inputs.clone().unwrap_or_default();
    if inputs.len() > 1 {
        return Err(one_input());
    }
    let mut app = Application {
        name: name.clone(),
        arn: application_arn(ctx, &name),
        description: req.application_description.clone(),
        status: ApplicationStatus::Ready,
        created_ms: ctx.unix_ms(),
        updated_ms: ctx.unix_ms(),
        version: 1,
        generation: services.analytics.next_generation,
        code: req.application_code.clone().unwrap_or_default(),
        inputs: Vec::new(),
        outputs: Vec::new(),
        references: Vec::new(),
        tags: req
            .tags
            .clone()
            .unwrap_or_default()
            .into_iter()
            .map(|t| (t.key.unwrap_or_default(), t.value.unwrap_or_default()))
            .collect(),
        next_input: 1,
        next_output: 1,
        next_reference: 1,
        program: None,
        records_out: 0,
        rows_in: 0,
        rows_out: 0,
        error_count: 0,
        source_rows: Default::default(),
        output_rows: Default::default(),
        error_rows: Default::default(),
        emissions: Default::default(),
    };
    for i in &inputs {
        let id = format!("{}.1", app.next_input);
        app.inputs.push(input_config(services, i, id)?);
        app.next_input += 1;
    }
    for o in req.outputs.as_deref().unwrap_or_default() {
        let id = format!("{}.1", app.next_output);
        app.outputs.push(output_config(services, o, id)?);
        app.next_output += 1;
    }
    if app.outputs.len() > 3 {
        return Err(three_outputs());
    }
    compile(&app)?;
    services.analytics.next_generation += 1;
    let out = CreateApplicationOutput { application_summary: Some(summary(&app)) };
    services.analytics.apps.insert(name.clone(), app);
    ctx.emit(Event::ApplicationCreated { app: name });
    Ok(out)
}

pub fn describe_application(
    services: &mut Services,
    _ctx: &mut Ctx<'_>,
    req: ApplicationNameInput,
) -> Result<DescribeApplicationOutput, ApiError> {
    let mut v = Validator::new();
    check_name(&mut v, "applicationName", req.application_name.as_deref());
    v.finish()?;
    let name = req.application_name.unwrap_or_default();
    let app = services.analytics.apps.get(&name).ok_or_else(|| not_found(&name))?;
    Ok(DescribeApplicationOutput { application_detail: Some(describe(app)) })
}

pub fn list_applications(
    services: &mut Services,
    _ctx: &mut Ctx<'_>,
    req: ListApplicationsInput,
) -> Result<ListApplicationsOutput, ApiError> {
    let mut v = Validator::new();
    v.int("limit", req.limit, Some(1), Some(50));
    v.string(
        "exclusiveStartApplicationName",
        req.exclusive_start_application_name.as_deref(),
        Some(1),
        Some(128),
        Some(validate::NAME),
    );
    v.finish()?;
    let limit = req.limit.unwrap_or(50) as usize;
    let after = req.exclusive_start_application_name.unwrap_or_default();
    let all: Vec<&Application> =
        services.analytics.apps.values().filter(|a| after.is_empty() || a.name > after).collect();
    Ok(ListApplicationsOutput {
        application_summaries: all.iter().take(limit).map(|a| summary(a)).collect(),
        has_more_applications: all.len() > limit,
    })
}

pub fn delete_application(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    req: DeleteApplicationInput,
) -> Result<Empty, ApiError> {
    let mut v = Validator::new();
    check_name(&mut v, "applicationName", req.application_name.as_deref());
    v.required("createTimestamp", req.create_timestamp.as_ref());
    v.finish()?;
    let name = req.application_name.unwrap_or_default();
    let app = app_mut(&mut services.analytics, &name)?;
    let given = req.create_timestamp.map_or(0, |t| t.0);
    // The wire carries seconds; compare to the second.
    if given.div_euclid(1000) != app.created_ms.div_euclid(1000) {
        return Err(create_timestamp_mismatch(&name));
    }
    if app.status == ApplicationStatus::Deleting {
        return Err(already_deleting(&name));
    }
    set_status(app, ctx, ApplicationStatus::Deleting);
    let generation = app.generation;
    ctx.schedule_in(
        ctx.config.transition_delay_ms,
        Wake::Transition { app: name, generation, to: ApplicationStatus::Deleting },
    );
    Ok(Empty {})
}

pub fn start_application(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    req: StartApplicationInput,
) -> Result<Empty, ApiError> {
    let mut v = Validator::new();
    check_name(&mut v, "applicationName", req.application_name.as_deref());
    v.required("inputConfigurations", req.input_configurations.as_ref());
    v.finish()?;
    let name = req.application_name.unwrap_or_default();
    let app = app_mut(&mut services.analytics, &name)?;
    if app.status != ApplicationStatus::Ready {
        return Err(not_ready(&name, app.status.as_str()));
    }
    if app.inputs.is_empty() {
        return Err(no_input(&name));
    }
    let program = compile(app)?;
    if program.is_none() {
        return Err(empty_code());
    }
    for c in req.input_configurations.unwrap_or_default() {
        let id = c.id.unwrap_or_default();
        let pos = c
            .input_starting_position_configuration
            .and_then(|p| p.input_starting_position)
            .unwrap_or_else(|| "NOW".into());
        if !["NOW", "TRIM_HORIZON", "LAST_STOPPED_POINT"].contains(&pos.as_str()) {
            return Err(invalid_starting_position(&pos));
        }
        let input = app
            .inputs
            .iter_mut()
            .find(|i| i.id == id)
            .ok_or_else(|| input_not_found(&id, &name))?;
        if pos != "LAST_STOPPED_POINT" {
            input.cursors.clear();
        } else {
            for c in input.cursors.values_mut() {
                c.iterator = None;
            }
        }
        input.starting_position = Some(pos);
    }
    app.program = program;
    let a = &mut services.analytics;
    let generation = a.next_generation;
    a.next_generation += 1;
    let app = app_mut(a, &name)?;
    app.generation = generation;
    set_status(app, ctx, ApplicationStatus::Starting);
    let generation = app.generation;
    ctx.schedule_in(
        ctx.config.transition_delay_ms,
        Wake::Transition { app: name, generation, to: ApplicationStatus::Running },
    );
    Ok(Empty {})
}

pub fn stop_application(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    req: ApplicationNameInput,
) -> Result<Empty, ApiError> {
    let mut v = Validator::new();
    check_name(&mut v, "applicationName", req.application_name.as_deref());
    v.finish()?;
    let name = req.application_name.unwrap_or_default();
    let app = app_mut(&mut services.analytics, &name)?;
    match app.status {
        // Stopping a stopped application is not an error.
        ApplicationStatus::Ready | ApplicationStatus::Stopping => return Ok(Empty {}),
        ApplicationStatus::Running | ApplicationStatus::Starting | ApplicationStatus::Updating => {}
        ApplicationStatus::Deleting => {
            return Err(being_deleted(&name));
        }
    }
    set_status(app, ctx, ApplicationStatus::Stopping);
    let generation = app.generation;
    ctx.schedule_in(
        ctx.config.transition_delay_ms,
        Wake::Transition { app: name, generation, to: ApplicationStatus::Ready },
    );
    Ok(Empty {})
}

pub fn update_application(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    req: UpdateApplicationInput,
) -> Result<Empty, ApiError> {
    let mut v = Validator::new();
    check_name(&mut v, "applicationName", req.application_name.as_deref());
    check_version(&mut v, req.current_application_version_id);
    v.required("applicationUpdate", req.application_update.as_ref());
    v.finish()?;
    let name = req.application_name.unwrap_or_default();
    let app =
        updatable_app_mut(&mut services.analytics, &name, req.current_application_version_id)?;
    let update = req.application_update.unwrap_or_default();
    let has_other = update.input_updates.as_ref().is_some_and(|u| !u.is_empty())
        || update.output_updates.as_ref().is_some_and(|u| !u.is_empty())
        || update.reference_data_source_updates.as_ref().is_some_and(|u| !u.is_empty());
    if has_other {
        return Err(code_updates_only());
    }
    let Some(code) = update.application_code_update else {
        return Err(nothing_to_update());
    };
    let mut next = app.clone();
    next.code = code;
    let program = compile(&next)?;
    app.code = next.code;
    bump(app, ctx);
    if app.status == ApplicationStatus::Running {
        // The new code runs after a short UPDATING; windows restart empty.
        app.program = program;
        if let Some(p) = app.program.as_mut() {
            crate::analytics::tick::load_references_into(p, &app.references, &services.s3);
        }
        let app = app_mut(&mut services.analytics, &name)?;
        set_status(app, ctx, ApplicationStatus::Updating);
        let generation = app.generation;
        ctx.schedule_in(
            ctx.config.transition_delay_ms,
            Wake::Transition { app: name, generation, to: ApplicationStatus::Running },
        );
    }
    Ok(Empty {})
}
