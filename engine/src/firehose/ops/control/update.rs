//! UpdateDestination: a new destination configuration on a live delivery stream.

use super::*;

pub fn update_destination(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    req: UpdateDestinationInput,
) -> Result<Empty, ApiError> {
    check_update(&req)?;
    let name = req.delivery_stream_name.clone().unwrap_or_default();
    let account = ctx.config.account_id.clone();
    let s = services.firehose.active(ctx, &name)?;
    let given = req.current_delivery_stream_version_id.clone().unwrap_or_default();
    if given.trim_start_matches('0') != s.version.to_string() {
        return Err(version_mismatch(&name, s.version, &given));
    }
    let id = req.destination_id.clone().unwrap_or_default();
    if id != s.destination.id {
        return Err(destination_not_found(&id, &name, &account));
    }
    let given_updates = [
        req.extended_s3_destination_update.is_some(),
        req.s3_destination_update.is_some(),
        req.redshift_destination_update.is_some(),
        req.opensearch_destination_update.is_some(),
        req.elasticsearch_destination_update.is_some(),
    ];
    if given_updates.iter().filter(|x| **x).count() != 1 {
        return Err(one_destination_update());
    }
    let d = s.destination.clone();
    let current_processing = s.processing.as_ref().map(|p| p.configuration.clone());
    let (s3_update, extended, kind, processing_update) = updated_kind(&s.kind, s.extended, req)?;
    // The update merges into the current configuration; the result must be valid as a whole.
    let merged = merged_s3(&d, s3_update.unwrap_or_default(), extended);
    let compression = check_s3_semantics(&merged)?;
    if matches!(kind, DestinationKind::Redshift(_)) {
        check_redshift_compression(compression)?;
    }
    let processing = check_processing(processing_update.or(current_processing).as_ref())?;
    // What is buffered was accepted under the old configuration: deliver it under that one,
    // so each object has exactly one version.
    delivery::flush(services, ctx, &name, FlushReason::ConfigurationUpdate);
    let Some(s) = services.firehose.streams.get_mut(&name) else {
        return Err(not_found(&name, &account));
    };
    let mut destination = s3_destination(&merged, compression, extended);
    destination.id = d.id;
    s.destination = destination;
    s.kind = kind;
    s.extended = extended;
    s.processing = processing;
    s.version += 1;
    s.updated_ms = Some(ctx.unix_ms());
    ctx.emit(Event::DeliveryStreamUpdated {
        stream: name,
        version: s.version,
        what: "Destination".into(),
    });
    Ok(Empty)
}

/// The request's members, as AWS validates them before anything else.
fn check_update(req: &UpdateDestinationInput) -> Result<(), ApiError> {
    let mut v = Validator::new();
    if v.required("currentDeliveryStreamVersionId", req.current_delivery_stream_version_id.as_ref())
    {
        v.string(
            "currentDeliveryStreamVersionId",
            req.current_delivery_stream_version_id.as_deref(),
            Some(1),
            Some(50),
            Some(VERSION_ID),
        );
    }
    check_name(&mut v, "deliveryStreamName", req.delivery_stream_name.as_deref(), true);
    if v.required("destinationId", req.destination_id.as_ref()) {
        v.string(
            "destinationId",
            req.destination_id.as_deref(),
            Some(1),
            Some(100),
            Some(DESTINATION_ID),
        );
    }
    if let Some(u) = &req.extended_s3_destination_update {
        check_s3(&mut v, "extendedS3DestinationUpdate", u, false, true);
    }
    if let Some(u) = &req.opensearch_destination_update {
        check_opensearch(&mut v, "amazonopensearchserviceDestinationUpdate", u, false);
    }
    if let Some(u) = &req.elasticsearch_destination_update {
        check_opensearch(&mut v, "elasticsearchDestinationUpdate", u, false);
    }
    if let Some(u) = &req.redshift_destination_update {
        check_redshift(&mut v, "redshiftDestinationUpdate", u, false);
    }
    if let Some(u) = &req.s3_destination_update {
        check_s3(&mut v, "s3DestinationUpdate", u, false, false);
    }
    v.finish()
}

/// What the update does to the destination of kind `current` (the same kind only): the S3
/// part of the update, whether the result is the extended S3 shape, the destination's new
/// kind, and the ProcessingConfiguration given.
fn updated_kind(
    current: &DestinationKind,
    extended: bool,
    req: UpdateDestinationInput,
) -> Result<(Option<S3DestinationUpdate>, bool, DestinationKind, Option<serde_json::Value>), ApiError>
{
    Ok(match (current, req) {
        (
            DestinationKind::S3,
            UpdateDestinationInput { extended_s3_destination_update: Some(u), .. },
        ) => (Some(u.clone()), true, DestinationKind::S3, u.processing_configuration),
        (DestinationKind::S3, UpdateDestinationInput { s3_destination_update: Some(u), .. }) => {
            (Some(u), extended, DestinationKind::S3, None)
        }
        (
            DestinationKind::Redshift(r),
            UpdateDestinationInput { redshift_destination_update: Some(u), .. },
        ) => {
            let kind = DestinationKind::Redshift(redshift_destination(&merged_redshift(r, &u))?);
            (u.s3_configuration, extended, kind, u.processing_configuration)
        }
        (
            DestinationKind::OpenSearch(o),
            UpdateDestinationInput { opensearch_destination_update: Some(u), .. },
        )
        | (
            DestinationKind::OpenSearch(o),
            UpdateDestinationInput { elasticsearch_destination_update: Some(u), .. },
        ) => {
            let merged = merged_opensearch(o, &u);
            let kind =
                DestinationKind::OpenSearch(opensearch_destination(&merged, o.elasticsearch)?);
            (u.s3_configuration, extended, kind, u.processing_configuration)
        }
        _ => return Err(not_simulated("Changing the destination type with UpdateDestination")),
    })
}

/// A Redshift update over the current destination: what it leaves out stays.
fn merged_redshift(
    r: &RedshiftDestination,
    u: &RedshiftDestinationConfiguration,
) -> RedshiftDestinationConfiguration {
    let cc = u.copy_command.clone();
    let current: CopyCommand = serde_json::from_value(r.copy_command.clone()).unwrap_or_default();
    RedshiftDestinationConfiguration {
        role_arn: u.role_arn.clone().or(Some(r.role_arn.clone())),
        cluster_jdbc_url: u.cluster_jdbc_url.clone().or(Some(r.cluster_jdbc_url.clone())),
        copy_command: Some(cc.unwrap_or(current)),
        username: u.username.clone().or(r.username.clone()),
        retry_options: Some(RetryOptions {
            duration_in_seconds: u
                .retry_options
                .as_ref()
                .and_then(|o| o.duration_in_seconds)
                .or(Some(r.retry_seconds as i64)),
        }),
        s3_backup_mode: u.s3_backup_mode.clone().or(Some(r.s3_backup_mode.clone())),
        ..RedshiftDestinationConfiguration::default()
    }
}

/// An OpenSearch update over the current destination: what it leaves out stays (a new
/// endpoint replaces the domain ARN, and the other way round).
fn merged_opensearch(
    o: &OpenSearchDestination,
    u: &OpenSearchDestinationConfiguration,
) -> OpenSearchDestinationConfiguration {
    OpenSearchDestinationConfiguration {
        role_arn: u.role_arn.clone().or(Some(o.role_arn.clone())),
        domain_arn: u.domain_arn.clone().or(if u.cluster_endpoint.is_some() {
            None
        } else {
            o.domain_arn.clone()
        }),
        cluster_endpoint: u.cluster_endpoint.clone().or(if u.domain_arn.is_some() {
            None
        } else {
            o.cluster_endpoint.clone()
        }),
        index_name: u.index_name.clone().or(Some(o.index_name.clone())),
        type_name: u.type_name.clone().or(o.type_name.clone()),
        index_rotation_period: u
            .index_rotation_period
            .clone()
            .or(Some(o.rotation.as_str().to_string())),
        buffering_hints: Some(BufferingHints {
            size_in_mbs: u
                .buffering_hints
                .as_ref()
                .and_then(|h| h.size_in_mbs)
                .or(Some(o.size_mbs as i64)),
            interval_in_seconds: u
                .buffering_hints
                .as_ref()
                .and_then(|h| h.interval_in_seconds)
                .or(Some(o.interval_seconds as i64)),
        }),
        retry_options: Some(RetryOptions {
            duration_in_seconds: u
                .retry_options
                .as_ref()
                .and_then(|r| r.duration_in_seconds)
                .or(Some(o.retry_seconds as i64)),
        }),
        s3_backup_mode: Some(o.s3_backup_mode.clone()),
        ..OpenSearchDestinationConfiguration::default()
    }
}

/// The S3 part of an update over the current S3 destination `d`: what it leaves out stays.
fn merged_s3(
    d: &S3Destination,
    u: S3DestinationUpdate,
    extended: bool,
) -> S3DestinationConfiguration {
    S3DestinationConfiguration {
        role_arn: u.role_arn.or(Some(d.role_arn.clone())),
        bucket_arn: u.bucket_arn.or(Some(d.bucket_arn.clone())),
        prefix: u.prefix.or(d.prefix.clone()),
        error_output_prefix: u.error_output_prefix.or(d.error_output_prefix.clone()),
        buffering_hints: Some(BufferingHints {
            size_in_mbs: u
                .buffering_hints
                .as_ref()
                .and_then(|h| h.size_in_mbs)
                .or(Some(d.size_mbs as i64)),
            interval_in_seconds: u
                .buffering_hints
                .as_ref()
                .and_then(|h| h.interval_in_seconds)
                .or(Some(d.interval_seconds as i64)),
        }),
        compression_format: u.compression_format.or(Some(d.compression.as_str().to_string())),
        encryption_configuration: u.encryption_configuration.or(Some(d.encryption.clone())),
        cloud_watch_logging_options: u
            .cloud_watch_logging_options
            .or(Some(d.cloud_watch_logging.clone())),
        file_extension: if extended {
            u.file_extension.or(d.file_extension.clone())
        } else {
            d.file_extension.clone()
        },
        processing_configuration: None,
        data_format_conversion_configuration: u.data_format_conversion_configuration,
        dynamic_partitioning_configuration: u.dynamic_partitioning_configuration,
    }
}
