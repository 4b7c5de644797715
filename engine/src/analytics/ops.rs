//! One function per API action of `KinesisAnalytics_20150814`.

use std::collections::BTreeMap;

use super::model::*;
use super::schema::{self, Mapper};
use super::sql::{self, Catalog, Program, StreamSchema, Syntax, TableData};
use super::wire::*;
use super::Analytics;
use crate::api::json::call;
use crate::api::validate::{self, Validator};
use crate::api::ApiError;
use crate::sim::{Ctx, Services};

/// Runs `KinesisAnalytics_20150814.<action>` with a JSON body. Never panics, whatever the
/// bytes.
pub(crate) fn dispatch(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    action: &str,
    body: &str,
) -> Result<String, ApiError> {
    match action {
        "AddApplicationInput" => call(services, ctx, body, add_application_input),
        "AddApplicationOutput" => call(services, ctx, body, add_application_output),
        "AddApplicationReferenceDataSource" => {
            call(services, ctx, body, add_application_reference_data_source)
        }
        "CreateApplication" => call(services, ctx, body, create_application),
        "DeleteApplication" => call(services, ctx, body, delete_application),
        "DeleteApplicationOutput" => call(services, ctx, body, delete_application_output),
        "DeleteApplicationReferenceDataSource" => {
            call(services, ctx, body, delete_application_reference_data_source)
        }
        "DescribeApplication" => call(services, ctx, body, describe_application),
        "DiscoverInputSchema" => call(services, ctx, body, discover_input_schema),
        "ListApplications" => call(services, ctx, body, list_applications),
        "ListTagsForResource" => call(services, ctx, body, list_tags_for_resource),
        "StartApplication" => call(services, ctx, body, start_application),
        "StopApplication" => call(services, ctx, body, stop_application),
        "TagResource" => call(services, ctx, body, tag_resource),
        "UntagResource" => call(services, ctx, body, untag_resource),
        "UpdateApplication" => call(services, ctx, body, update_application),
        "AddApplicationCloudWatchLoggingOption"
        | "DeleteApplicationCloudWatchLoggingOption"
        | "AddApplicationInputProcessingConfiguration"
        | "DeleteApplicationInputProcessingConfiguration" => Err(ApiError::new(
            "UnsupportedOperationException",
            format!("{action} is not simulated in the sandbox (no CloudWatch Logs or Lambda)"),
        )),
        _ => Err(ApiError::unknown_operation()),
    }
    .map_err(|e| e.with_action(action))
}

// ----- errors in AWS's codes ---------------------------------------------------------------------

pub(crate) fn not_found(name: &str) -> ApiError {
    ApiError::new("ResourceNotFoundException", format!("Application {name} not found"))
}

pub(crate) fn in_use(message: impl Into<String>) -> ApiError {
    ApiError::new("ResourceInUseException", message)
}

pub(crate) fn invalid_argument(message: impl Into<String>) -> ApiError {
    ApiError::new("InvalidArgumentException", message)
}

/// Bad application code: CodeValidationException, with the first error and its position.
pub(crate) fn code_error(e: &sql::SqlError) -> ApiError {
    let message = if e.line > 0 {
        format!("SQL error at line {}, column {}: {}", e.line, e.column, e.message)
    } else {
        format!("SQL error: {}", e.message)
    };
    ApiError::new("CodeValidationException", message)
}

fn stale_version(given: i64, current: i64) -> ApiError {
    ApiError::new(
        "ConcurrentModificationException",
        format!(
            "Current application version id provided: {given} does not match the current application version id: {current}"
        ),
    )
}

pub fn application_arn(ctx: &Ctx<'_>, name: &str) -> String {
    format!(
        "arn:aws:kinesisanalytics:{}:{}:application/{}",
        ctx.config.region, ctx.config.account_id, name
    )
}

fn arn_tail<'a>(arn: &'a str, marker: &str) -> Option<&'a str> {
    let i = arn.find(marker)?;
    let tail = &arn[i + marker.len()..];
    (!tail.is_empty() && arn.starts_with("arn:")).then_some(tail)
}

fn check_name(v: &mut Validator, member: &str, name: Option<&str>) {
    if v.required(member, name.as_ref()) {
        v.string(member, name, Some(1), Some(128), Some(validate::NAME));
    }
}

fn check_version(v: &mut Validator, version: Option<i64>) {
    if v.required("currentApplicationVersionId", version.as_ref()) {
        v.int("currentApplicationVersionId", version, Some(1), Some(999_999_999));
    }
}

fn app_mut<'a>(a: &'a mut Analytics, name: &str) -> Result<&'a mut Application, ApiError> {
    a.apps.get_mut(name).ok_or_else(|| not_found(name))
}

fn check_current(app: &Application, version: Option<i64>) -> Result<(), ApiError> {
    let v = version.unwrap_or_default();
    if v != app.version {
        return Err(stale_version(v, app.version));
    }
    Ok(())
}

fn updatable(app: &Application) -> Result<(), ApiError> {
    match app.status {
        ApplicationStatus::Ready | ApplicationStatus::Running => Ok(()),
        s => Err(in_use(format!(
            "Application {} is in {} state and cannot be updated; wait until it is READY or RUNNING",
            app.name,
            s.as_str()
        ))),
    }
}

// ----- configuration ----------------------------------------------------------------------------

fn input_config(services: &Services, input: &Input, id: String) -> Result<InputConfig, ApiError> {
    let prefix = input.name_prefix.clone().unwrap_or_default();
    if prefix.is_empty() || prefix.len() > 32 {
        return Err(invalid_argument("NamePrefix must be 1 to 32 characters"));
    }
    let schema =
        input.input_schema.clone().ok_or_else(|| invalid_argument("Input needs an InputSchema"))?;
    Mapper::new(&schema).map_err(invalid_argument)?;
    let source = match (&input.kinesis_streams_input, &input.kinesis_firehose_input) {
        (Some(k), None) => {
            let arn = k.resource_arn.clone().unwrap_or_default();
            let stream = arn_tail(&arn, ":stream/")
                .ok_or_else(|| invalid_argument(format!("Invalid Kinesis stream ARN: {arn}")))?
                .to_string();
            if !services.kinesis.streams.contains_key(&stream) {
                return Err(invalid_argument(format!(
                    "Stream {stream} under account does not exist: {arn}"
                )));
            }
            InputSource::KinesisStream { arn, role: k.role_arn.clone().unwrap_or_default(), stream }
        }
        (None, Some(f)) => {
            let arn = f.resource_arn.clone().unwrap_or_default();
            let ds = arn_tail(&arn, ":deliverystream/")
                .ok_or_else(|| {
                    invalid_argument(format!("Invalid Firehose delivery stream ARN: {arn}"))
                })?
                .to_string();
            if !services.firehose.streams.contains_key(&ds) {
                return Err(invalid_argument(format!(
                    "Delivery stream {ds} does not exist: {arn}"
                )));
            }
            InputSource::Firehose {
                arn,
                role: f.role_arn.clone().unwrap_or_default(),
                delivery_stream: ds,
            }
        }
        _ => {
            return Err(invalid_argument(
                "Exactly one of KinesisStreamsInput or KinesisFirehoseInput must be specified",
            ));
        }
    };
    Ok(InputConfig {
        id,
        name_prefix: prefix,
        source,
        schema,
        parallelism: input.input_parallelism.as_ref().and_then(|p| p.count).unwrap_or(1),
        starting_position: None,
        cursors: BTreeMap::new(),
        pending: Vec::new(),
    })
}

fn output_config(
    services: &Services,
    output: &Output,
    id: String,
) -> Result<OutputConfig, ApiError> {
    let name = output.name.clone().unwrap_or_default();
    if name.is_empty() || name.len() > 32 {
        return Err(invalid_argument("Output Name must be 1 to 32 characters"));
    }
    let format = output
        .destination_schema
        .as_ref()
        .and_then(|d| d.record_format_type.clone())
        .ok_or_else(|| {
            invalid_argument("Output needs a DestinationSchema with RecordFormatType JSON or CSV")
        })?
        .to_ascii_uppercase();
    if format != "JSON" && format != "CSV" {
        return Err(invalid_argument(format!(
            "Invalid RecordFormatType {format}: use JSON or CSV"
        )));
    }
    let destination = match (
        &output.kinesis_streams_output,
        &output.kinesis_firehose_output,
        &output.lambda_output,
    ) {
        (Some(k), None, None) => {
            let arn = k.resource_arn.clone().unwrap_or_default();
            let stream = arn_tail(&arn, ":stream/")
                .ok_or_else(|| invalid_argument(format!("Invalid Kinesis stream ARN: {arn}")))?
                .to_string();
            if !services.kinesis.streams.contains_key(&stream) {
                return Err(invalid_argument(format!(
                    "Stream {stream} under account does not exist: {arn}"
                )));
            }
            OutputDestination::KinesisStream {
                arn,
                role: k.role_arn.clone().unwrap_or_default(),
                stream,
            }
        }
        (None, Some(f), None) => {
            let arn = f.resource_arn.clone().unwrap_or_default();
            let ds = arn_tail(&arn, ":deliverystream/")
                .ok_or_else(|| {
                    invalid_argument(format!("Invalid Firehose delivery stream ARN: {arn}"))
                })?
                .to_string();
            if !services.firehose.streams.contains_key(&ds) {
                return Err(invalid_argument(format!(
                    "Delivery stream {ds} does not exist: {arn}"
                )));
            }
            OutputDestination::Firehose {
                arn,
                role: f.role_arn.clone().unwrap_or_default(),
                delivery_stream: ds,
            }
        }
        (None, None, Some(l)) => OutputDestination::Lambda {
            arn: l.resource_arn.clone().unwrap_or_default(),
            role: l.role_arn.clone().unwrap_or_default(),
        },
        _ => {
            return Err(invalid_argument(
                "Exactly one of KinesisStreamsOutput, KinesisFirehoseOutput or LambdaOutput must be specified",
            ));
        }
    };
    Ok(OutputConfig { id, name, destination, format, records_written: 0, records_failed: 0 })
}

/// The catalog the application's code compiles against: its inputs' source streams and its
/// reference tables (rows loaded when it starts).
pub(crate) fn catalog_of(app: &Application) -> Catalog {
    let mut c = Catalog::default();
    for i in &app.inputs {
        if let Ok(m) = Mapper::new(&i.schema) {
            c.streams.push(StreamSchema { name: i.in_app_stream(), columns: m.columns });
        }
    }
    for r in &app.references {
        if let Ok(m) = Mapper::new(&r.schema) {
            c.tables.push(TableData {
                name: r.table_name.clone(),
                columns: m.columns,
                rows: Vec::new(),
            });
        }
    }
    c
}

/// Compiles the application's code (an empty code is fine until it starts).
pub(crate) fn compile(app: &Application) -> Result<Option<Program>, ApiError> {
    if app.code.trim().is_empty() {
        return Ok(None);
    }
    Program::compile_with(&app.code, &catalog_of(app), Syntax::KinesisSql)
        .map(Some)
        .map_err(|e| code_error(&e))
}

fn describe(app: &Application) -> ApplicationDetail {
    ApplicationDetail {
        application_name: Some(app.name.clone()),
        application_description: app.description.clone(),
        application_arn: Some(app.arn.clone()),
        application_status: Some(app.status.as_str().into()),
        create_timestamp: Some(Timestamp(app.created_ms)),
        last_update_timestamp: Some(Timestamp(app.updated_ms)),
        input_descriptions: Some(
            app.inputs
                .iter()
                .map(|i| {
                    let (k, f) = match &i.source {
                        InputSource::KinesisStream { arn, role, .. } => (
                            Some(ResourceRef {
                                resource_arn: Some(arn.clone()),
                                role_arn: Some(role.clone()),
                            }),
                            None,
                        ),
                        InputSource::Firehose { arn, role, .. } => (
                            None,
                            Some(ResourceRef {
                                resource_arn: Some(arn.clone()),
                                role_arn: Some(role.clone()),
                            }),
                        ),
                    };
                    InputDescription {
                        input_id: Some(i.id.clone()),
                        name_prefix: Some(i.name_prefix.clone()),
                        in_app_stream_names: Some(vec![i.in_app_stream()]),
                        kinesis_streams_input_description: k,
                        kinesis_firehose_input_description: f,
                        input_schema: Some(i.schema.clone()),
                        input_parallelism: Some(InputParallelism { count: Some(i.parallelism) }),
                        input_starting_position_configuration: Some(
                            InputStartingPositionConfiguration {
                                input_starting_position: i.starting_position.clone(),
                            },
                        ),
                    }
                })
                .collect(),
        ),
        output_descriptions: Some(
            app.outputs
                .iter()
                .map(|o| {
                    let mut d = OutputDescription {
                        output_id: Some(o.id.clone()),
                        name: Some(o.name.clone()),
                        destination_schema: Some(DestinationSchema {
                            record_format_type: Some(o.format.clone()),
                        }),
                        ..OutputDescription::default()
                    };
                    match &o.destination {
                        OutputDestination::KinesisStream { arn, role, .. } => {
                            d.kinesis_streams_output_description = Some(ResourceRef {
                                resource_arn: Some(arn.clone()),
                                role_arn: Some(role.clone()),
                            })
                        }
                        OutputDestination::Firehose { arn, role, .. } => {
                            d.kinesis_firehose_output_description = Some(ResourceRef {
                                resource_arn: Some(arn.clone()),
                                role_arn: Some(role.clone()),
                            })
                        }
                        OutputDestination::Lambda { arn, role } => {
                            d.lambda_output_description = Some(ResourceRef {
                                resource_arn: Some(arn.clone()),
                                role_arn: Some(role.clone()),
                            })
                        }
                    }
                    d
                })
                .collect(),
        ),
        reference_data_source_descriptions: Some(
            app.references
                .iter()
                .map(|r| ReferenceDataSourceDescription {
                    reference_id: Some(r.id.clone()),
                    table_name: Some(r.table_name.clone()),
                    s3_reference_data_source_description: Some(S3ReferenceDataSource {
                        bucket_arn: Some(r.bucket_arn.clone()),
                        file_key: Some(r.file_key.clone()),
                        reference_role_arn: Some(r.role.clone()),
                    }),
                    reference_schema: Some(r.schema.clone()),
                })
                .collect(),
        ),
        cloud_watch_logging_option_descriptions: Some(Vec::new()),
        application_code: Some(app.code.clone()),
        application_version_id: Some(app.version),
    }
}

fn summary(app: &Application) -> ApplicationSummary {
    ApplicationSummary {
        application_name: Some(app.name.clone()),
        application_arn: Some(app.arn.clone()),
        application_status: Some(app.status.as_str().into()),
    }
}

fn set_status(app: &mut Application, ctx: &mut Ctx<'_>, status: ApplicationStatus) {
    app.status = status;
    ctx.emit(Event::StatusChanged { app: app.name.clone(), status: status.as_str().into() });
}

fn bump(app: &mut Application, ctx: &mut Ctx<'_>) {
    app.version += 1;
    app.updated_ms = ctx.unix_ms();
    ctx.emit(Event::ApplicationUpdated { app: app.name.clone(), version: app.version });
}

// ----- actions ----------------------------------------------------------------------------------

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
        return Err(in_use(format!("Application {name} already exists")));
    }
    let inputs = req.inputs.clone().unwrap_or_default();
    if inputs.len() > 1 {
        return Err(invalid_argument("An application supports only one input"));
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
        return Err(invalid_argument("An application supports at most three outputs"));
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
        return Err(invalid_argument(format!(
            "CreateTimestamp does not match the application's create timestamp for application {name}"
        )));
    }
    if app.status == ApplicationStatus::Deleting {
        return Err(in_use(format!("Application {name} is already being deleted")));
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
        return Err(in_use(format!(
            "Application {name} is in {} state; only a READY application can be started",
            app.status.as_str()
        )));
    }
    if app.inputs.is_empty() {
        return Err(invalid_argument(format!("Application {name} has no input configured")));
    }
    let program = compile(app)?;
    if program.is_none() {
        return Err(ApiError::new("CodeValidationException", "The application code is empty"));
    }
    for c in req.input_configurations.unwrap_or_default() {
        let id = c.id.unwrap_or_default();
        let pos = c
            .input_starting_position_configuration
            .and_then(|p| p.input_starting_position)
            .unwrap_or_else(|| "NOW".into());
        if !["NOW", "TRIM_HORIZON", "LAST_STOPPED_POINT"].contains(&pos.as_str()) {
            return Err(invalid_argument(format!(
                "Invalid InputStartingPosition {pos}: use NOW, TRIM_HORIZON or LAST_STOPPED_POINT"
            )));
        }
        let input = app.inputs.iter_mut().find(|i| i.id == id).ok_or_else(|| {
            invalid_argument(format!("Input id {id} not found in application {name}"))
        })?;
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
            return Err(in_use(format!("Application {name} is being deleted")));
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
    let app = app_mut(&mut services.analytics, &name)?;
    check_current(app, req.current_application_version_id)?;
    updatable(app)?;
    let update = req.application_update.unwrap_or_default();
    let has_other = update.input_updates.as_ref().is_some_and(|u| !u.is_empty())
        || update.output_updates.as_ref().is_some_and(|u| !u.is_empty())
        || update.reference_data_source_updates.as_ref().is_some_and(|u| !u.is_empty());
    if has_other {
        return Err(invalid_argument(
            "The sandbox updates ApplicationCodeUpdate only; use AddApplicationOutput, DeleteApplicationOutput and AddApplicationReferenceDataSource for the rest",
        ));
    }
    let Some(code) = update.application_code_update else {
        return Err(invalid_argument("ApplicationUpdate has nothing to update"));
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
            super::tick::load_references_into(p, &app.references, &services.s3);
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

pub fn add_application_input(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    req: AddApplicationInputInput,
) -> Result<Empty, ApiError> {
    let mut v = Validator::new();
    check_name(&mut v, "applicationName", req.application_name.as_deref());
    check_version(&mut v, req.current_application_version_id);
    v.required("input", req.input.as_ref());
    v.finish()?;
    let name = req.application_name.unwrap_or_default();
    let input = req.input.unwrap_or_default();
    let app = services.analytics.apps.get(&name).ok_or_else(|| not_found(&name))?;
    check_current(app, req.current_application_version_id)?;
    updatable(app)?;
    if !app.inputs.is_empty() {
        return Err(invalid_argument(format!(
            "Application {name} already has an input; an application supports only one"
        )));
    }
    let cfg = input_config(services, &input, format!("{}.1", app.next_input))?;
    let app = app_mut(&mut services.analytics, &name)?;
    app.inputs.push(cfg);
    app.next_input += 1;
    bump(app, ctx);
    Ok(Empty {})
}

pub fn add_application_output(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    req: AddApplicationOutputInput,
) -> Result<Empty, ApiError> {
    let mut v = Validator::new();
    check_name(&mut v, "applicationName", req.application_name.as_deref());
    check_version(&mut v, req.current_application_version_id);
    v.required("output", req.output.as_ref());
    v.finish()?;
    let name = req.application_name.unwrap_or_default();
    let output = req.output.unwrap_or_default();
    let app = services.analytics.apps.get(&name).ok_or_else(|| not_found(&name))?;
    check_current(app, req.current_application_version_id)?;
    updatable(app)?;
    if app.outputs.len() >= 3 {
        return Err(invalid_argument("An application supports at most three outputs"));
    }
    let cfg = output_config(services, &output, format!("{}.1", app.next_output))?;
    let app = app_mut(&mut services.analytics, &name)?;
    app.outputs.push(cfg);
    app.next_output += 1;
    bump(app, ctx);
    Ok(Empty {})
}

pub fn delete_application_output(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    req: DeleteApplicationOutputInput,
) -> Result<Empty, ApiError> {
    let mut v = Validator::new();
    check_name(&mut v, "applicationName", req.application_name.as_deref());
    check_version(&mut v, req.current_application_version_id);
    v.required("outputId", req.output_id.as_ref());
    v.finish()?;
    let name = req.application_name.unwrap_or_default();
    let app = app_mut(&mut services.analytics, &name)?;
    check_current(app, req.current_application_version_id)?;
    updatable(app)?;
    let id = req.output_id.unwrap_or_default();
    remove_by_id(&mut app.outputs, |o| &o.id, &id, "Output", &name)?;
    bump(app, ctx);
    Ok(Empty {})
}

pub fn add_application_reference_data_source(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    req: AddApplicationReferenceDataSourceInput,
) -> Result<Empty, ApiError> {
    let mut v = Validator::new();
    check_name(&mut v, "applicationName", req.application_name.as_deref());
    check_version(&mut v, req.current_application_version_id);
    v.required("referenceDataSource", req.reference_data_source.as_ref());
    v.finish()?;
    let name = req.application_name.unwrap_or_default();
    let r = req.reference_data_source.unwrap_or_default();
    let app = services.analytics.apps.get(&name).ok_or_else(|| not_found(&name))?;
    check_current(app, req.current_application_version_id)?;
    updatable(app)?;
    let table = r.table_name.clone().unwrap_or_default();
    if table.is_empty() || table.len() > 32 {
        return Err(invalid_argument("TableName must be 1 to 32 characters"));
    }
    if app.references.iter().any(|x| x.table_name == table) {
        return Err(invalid_argument(format!(
            "Reference table {table} already exists in application {name}"
        )));
    }
    let s3 = r
        .s3_reference_data_source
        .clone()
        .ok_or_else(|| invalid_argument("ReferenceDataSource needs an S3ReferenceDataSource"))?;
    let bucket_arn = s3.bucket_arn.clone().unwrap_or_default();
    let bucket = crate::firehose::ops::bucket_of_arn(&bucket_arn)
        .ok_or_else(|| invalid_argument(format!("Invalid BucketARN: {bucket_arn}")))?;
    if !services.s3.bucket_exists(bucket) {
        return Err(invalid_argument(format!("Bucket {bucket} does not exist")));
    }
    let schema = r
        .reference_schema
        .clone()
        .ok_or_else(|| invalid_argument("ReferenceDataSource needs a ReferenceSchema"))?;
    Mapper::new(&schema).map_err(invalid_argument)?;
    let cfg = ReferenceConfig {
        id: format!("{}.1", app.next_reference),
        table_name: table,
        bucket_arn,
        file_key: s3.file_key.unwrap_or_default(),
        role: s3.reference_role_arn.unwrap_or_default(),
        schema,
    };
    let app = app_mut(&mut services.analytics, &name)?;
    app.references.push(cfg);
    app.next_reference += 1;
    bump(app, ctx);
    Ok(Empty {})
}

pub fn delete_application_reference_data_source(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    req: DeleteApplicationReferenceDataSourceInput,
) -> Result<Empty, ApiError> {
    let mut v = Validator::new();
    check_name(&mut v, "applicationName", req.application_name.as_deref());
    check_version(&mut v, req.current_application_version_id);
    v.required("referenceId", req.reference_id.as_ref());
    v.finish()?;
    let name = req.application_name.unwrap_or_default();
    let app = app_mut(&mut services.analytics, &name)?;
    check_current(app, req.current_application_version_id)?;
    updatable(app)?;
    let id = req.reference_id.unwrap_or_default();
    remove_by_id(&mut app.references, |r| &r.id, &id, "Reference", &name)?;
    bump(app, ctx);
    Ok(Empty {})
}

/// Removes the item with `id` from an application's outputs or reference sources, or answers
/// ResourceNotFoundException naming what was missing.
fn remove_by_id<T>(
    items: &mut Vec<T>,
    id_of: impl Fn(&T) -> &String,
    id: &str,
    what: &str,
    app: &str,
) -> Result<(), ApiError> {
    let before = items.len();
    items.retain(|x| id_of(x) != id);
    if items.len() == before {
        return Err(ApiError::new(
            "ResourceNotFoundException",
            format!("{what} id {id} not found in application {app}"),
        ));
    }
    Ok(())
}

pub fn discover_input_schema(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    req: DiscoverInputSchemaInput,
) -> Result<DiscoverInputSchemaOutput, ApiError> {
    let samples: Vec<Vec<u8>> = if let Some(s3) = &req.s3_configuration {
        let arn = s3.bucket_arn.clone().unwrap_or_default();
        let bucket = crate::firehose::ops::bucket_of_arn(&arn)
            .ok_or_else(|| invalid_argument(format!("Invalid BucketARN: {arn}")))?;
        let key = s3.file_key.clone().unwrap_or_default();
        let obj = services
            .s3
            .get_object(bucket, &key)
            .map_err(|_| {
                ApiError::new(
                    "ResourceProvisionedThroughputExceededException",
                    format!("Unable to read s3://{bucket}/{key}"),
                )
            })
            .map_err(|_| invalid_argument(format!("Object s3://{bucket}/{key} does not exist")))?;
        let text = String::from_utf8_lossy(&obj.bytes).to_string();
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .take(100)
            .map(|l| l.as_bytes().to_vec())
            .collect()
    } else {
        let arn = req
            .resource_arn
            .clone()
            .ok_or_else(|| invalid_argument("Specify ResourceARN (a stream) or S3Configuration"))?;
        let stream = arn_tail(&arn, ":stream/")
            .ok_or_else(|| invalid_argument(format!("Invalid Kinesis stream ARN: {arn}")))?
            .to_string();
        if !services.kinesis.streams.contains_key(&stream) {
            return Err(ApiError::new(
                "ResourceNotFoundException",
                format!("Stream {stream} under account does not exist"),
            ));
        }
        let pos = req
            .input_starting_position_configuration
            .as_ref()
            .and_then(|p| p.input_starting_position.clone())
            .unwrap_or_else(|| "TRIM_HORIZON".into());
        super::tick::sample_stream(services, ctx, &stream, &pos, 100)
    };
    if samples.is_empty() {
        return Err(ApiError::new(
            "UnableToDetectSchemaException",
            "No data was found in the stream or object to infer a schema from; put some records first",
        ));
    }
    let schema = schema::discover(&samples).ok_or_else(|| {
        ApiError::new(
            "UnableToDetectSchemaException",
            "Unable to detect a JSON or CSV schema in the sample records",
        )
    })?;
    let mapper =
        Mapper::new(&schema).map_err(|e| ApiError::new("UnableToDetectSchemaException", e))?;
    let raw: Vec<String> = samples.iter().map(|s| String::from_utf8_lossy(s).to_string()).collect();
    let mut parsed = Vec::new();
    for s in &samples {
        if let Ok(rows) = mapper.map(s) {
            for r in rows {
                parsed.push(r.iter().map(|v| v.to_string()).collect());
            }
        }
    }
    Ok(DiscoverInputSchemaOutput {
        input_schema: schema,
        parsed_input_records: parsed,
        processed_input_records: raw.clone(),
        raw_input_records: raw,
    })
}

fn app_by_arn<'a>(a: &'a mut Analytics, arn: &str) -> Result<&'a mut Application, ApiError> {
    let name = arn_tail(arn, ":application/").unwrap_or_default().to_string();
    a.apps.get_mut(&name).filter(|app| app.arn == arn).ok_or_else(|| {
        ApiError::new("ResourceNotFoundException", format!("Resource {arn} not found"))
    })
}

pub fn tag_resource(
    services: &mut Services,
    _ctx: &mut Ctx<'_>,
    req: TagResourceInput,
) -> Result<Empty, ApiError> {
    let mut v = Validator::new();
    v.required("resourceARN", req.resource_arn.as_ref());
    v.required("tags", req.tags.as_ref());
    v.finish()?;
    let app = app_by_arn(&mut services.analytics, req.resource_arn.as_deref().unwrap_or_default())?;
    let tags = req.tags.unwrap_or_default();
    if app.tags.len() + tags.len() > 50 {
        return Err(ApiError::new(
            "TooManyTagsException",
            "An application can have at most 50 tags",
        ));
    }
    for t in tags {
        app.tags.insert(t.key.unwrap_or_default(), t.value.unwrap_or_default());
    }
    Ok(Empty {})
}

pub fn untag_resource(
    services: &mut Services,
    _ctx: &mut Ctx<'_>,
    req: UntagResourceInput,
) -> Result<Empty, ApiError> {
    let mut v = Validator::new();
    v.required("resourceARN", req.resource_arn.as_ref());
    v.required("tagKeys", req.tag_keys.as_ref());
    v.finish()?;
    let app = app_by_arn(&mut services.analytics, req.resource_arn.as_deref().unwrap_or_default())?;
    for k in req.tag_keys.unwrap_or_default() {
        app.tags.remove(&k);
    }
    Ok(Empty {})
}

pub fn list_tags_for_resource(
    services: &mut Services,
    _ctx: &mut Ctx<'_>,
    req: ListTagsForResourceInput,
) -> Result<ListTagsForResourceOutput, ApiError> {
    let mut v = Validator::new();
    v.required("resourceARN", req.resource_arn.as_ref());
    v.finish()?;
    let app = app_by_arn(&mut services.analytics, req.resource_arn.as_deref().unwrap_or_default())?;
    Ok(ListTagsForResourceOutput {
        tags: app
            .tags
            .iter()
            .map(|(k, v)| Tag { key: Some(k.clone()), value: Some(v.clone()) })
            .collect(),
    })
}
