//! From requests to an application's configuration, and from an application to its
//! description: input and output configs, the SQL catalog, compiling its code.
use super::*;

pub(super) fn input_config(
    services: &Services,
    input: &Input,
    id: String,
) -> Result<InputConfig, ApiError> {
    let prefix = input.name_prefix.clone().unwrap_or_default();
    if prefix.is_empty() || prefix.len() > 32 {
        return Err(name_prefix_length());
    }
    let schema = input.input_schema.clone().ok_or_else(input_schema_needed)?;
    Mapper::new(&schema).map_err(invalid_schema)?;
    let source = match (&input.kinesis_streams_input, &input.kinesis_firehose_input) {
        (Some(k), None) => {
            let arn = k.resource_arn.clone().unwrap_or_default();
            let stream =
                arn_tail(&arn, ":stream/").ok_or_else(|| invalid_stream_arn(&arn))?.to_string();
            if !services.kinesis.streams.contains_key(&stream) {
                return Err(stream_missing(&stream, &arn));
            }
            InputSource::KinesisStream { arn, role: k.role_arn.clone().unwrap_or_default(), stream }
        }
        (None, Some(f)) => {
            let arn = f.resource_arn.clone().unwrap_or_default();
            let ds = arn_tail(&arn, ":deliverystream/")
                .ok_or_else(|| invalid_delivery_stream_arn(&arn))?
                .to_string();
            if !services.firehose.streams.contains_key(&ds) {
                return Err(delivery_stream_missing(&ds, &arn));
            }
            InputSource::Firehose {
                arn,
                role: f.role_arn.clone().unwrap_or_default(),
                delivery_stream: ds,
            }
        }
        _ => {
            return Err(one_input_source());
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
        tap_cursor: None,
    })
}

pub(super) fn output_config(
    services: &Services,
    output: &Output,
    id: String,
) -> Result<OutputConfig, ApiError> {
    let name = output.name.clone().unwrap_or_default();
    if name.is_empty() || name.len() > 32 {
        return Err(output_name_length());
    }
    let format = output
        .destination_schema
        .as_ref()
        .and_then(|d| d.record_format_type.clone())
        .ok_or_else(destination_schema_needed)?
        .to_ascii_uppercase();
    if format != "JSON" && format != "CSV" {
        return Err(invalid_record_format(&format));
    }
    let destination = match (
        &output.kinesis_streams_output,
        &output.kinesis_firehose_output,
        &output.lambda_output,
    ) {
        (Some(k), None, None) => {
            let arn = k.resource_arn.clone().unwrap_or_default();
            let stream =
                arn_tail(&arn, ":stream/").ok_or_else(|| invalid_stream_arn(&arn))?.to_string();
            if !services.kinesis.streams.contains_key(&stream) {
                return Err(stream_missing(&stream, &arn));
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
                .ok_or_else(|| invalid_delivery_stream_arn(&arn))?
                .to_string();
            if !services.firehose.streams.contains_key(&ds) {
                return Err(delivery_stream_missing(&ds, &arn));
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
            return Err(one_output_destination());
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
    crate::analytics::compiler::compile_with(&app.code, &catalog_of(app), Syntax::KinesisSql)
        .map(Some)
        .map_err(|e| code_error(&e))
}

pub(super) fn describe(app: &Application) -> ApplicationDetail {
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

pub(super) fn summary(app: &Application) -> ApplicationSummary {
    ApplicationSummary {
        application_name: Some(app.name.clone()),
        application_arn: Some(app.arn.clone()),
        application_status: Some(app.status.as_str().into()),
    }
}

pub(super) fn set_status(app: &mut Application, ctx: &mut Ctx<'_>, status: ApplicationStatus) {
    app.status = status;
    ctx.emit(Event::StatusChanged { app: app.name.clone(), status: status.as_str().into() });
}

pub(super) fn bump(app: &mut Application, ctx: &mut Ctx<'_>) {
    app.version += 1;
    app.updated_ms = ctx.unix_ms();
    ctx.emit(Event::ApplicationUpdated { app: app.name.clone(), version: app.version });
}
