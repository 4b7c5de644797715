//! Describing and listing delivery streams.

use super::*;

pub(super) fn describe_s3(d: &S3Destination, extended: bool) -> S3DestinationDescription {
    S3DestinationDescription {
        role_arn: d.role_arn.clone(),
        bucket_arn: d.bucket_arn.clone(),
        prefix: d.prefix.clone(),
        error_output_prefix: d.error_output_prefix.clone(),
        buffering_hints: BufferingHints {
            size_in_mbs: Some(d.size_mbs as i64),
            interval_in_seconds: Some(d.interval_seconds as i64),
        },
        compression_format: d.compression.as_str().to_string(),
        encryption_configuration: d.encryption.clone(),
        cloud_watch_logging_options: d.cloud_watch_logging.clone(),
        s3_backup_mode: extended.then(|| "Disabled".to_string()),
        file_extension: if extended { d.file_extension.clone() } else { None },
        processing_configuration: None,
    }
}

pub(super) fn describe_destination(s: &DeliveryStream) -> DestinationDescription {
    let d = &s.destination;
    let processing = s.processing.as_ref().map(|p| p.configuration.clone());
    let logging = d.cloud_watch_logging.clone();
    let mut out = DestinationDescription {
        destination_id: d.id.clone(),
        ..DestinationDescription::default()
    };
    match &s.kind {
        DestinationKind::S3 => {
            out.s3_destination_description = Some(describe_s3(d, false));
            let mut ext = describe_s3(d, true);
            ext.processing_configuration =
                Some(processing.unwrap_or_else(|| serde_json::json!({"Enabled": false})));
            out.extended_s3_destination_description = Some(ext);
        }
        DestinationKind::Redshift(r) => {
            out.redshift_destination_description = Some(RedshiftDestinationDescription {
                role_arn: r.role_arn.clone(),
                cluster_jdbc_url: r.cluster_jdbc_url.clone(),
                copy_command: serde_json::from_value(r.copy_command.clone()).unwrap_or_default(),
                username: r.username.clone(),
                retry_options: RetryOptions { duration_in_seconds: Some(r.retry_seconds as i64) },
                s3_destination_description: describe_s3(d, false),
                processing_configuration: Some(
                    processing.unwrap_or_else(|| serde_json::json!({"Enabled": false})),
                ),
                s3_backup_mode: r.s3_backup_mode.clone(),
                cloud_watch_logging_options: logging,
            })
        }
        DestinationKind::OpenSearch(o) => {
            let desc = OpenSearchDestinationDescription {
                role_arn: o.role_arn.clone(),
                domain_arn: o.domain_arn.clone(),
                cluster_endpoint: o.cluster_endpoint.clone(),
                index_name: o.index_name.clone(),
                type_name: o.type_name.clone(),
                index_rotation_period: o.rotation.as_str().to_string(),
                buffering_hints: BufferingHints {
                    size_in_mbs: Some(o.size_mbs as i64),
                    interval_in_seconds: Some(o.interval_seconds as i64),
                },
                retry_options: RetryOptions { duration_in_seconds: Some(o.retry_seconds as i64) },
                s3_backup_mode: o.s3_backup_mode.clone(),
                s3_destination_description: describe_s3(d, false),
                processing_configuration: Some(
                    processing.unwrap_or_else(|| serde_json::json!({"Enabled": false})),
                ),
                cloud_watch_logging_options: logging,
            };
            if o.elasticsearch {
                out.elasticsearch_destination_description = Some(desc);
            } else {
                out.opensearch_destination_description = Some(desc);
            }
        }
    }
    out
}

pub fn describe(s: &DeliveryStream) -> DeliveryStreamDescription {
    let source = match &s.source {
        Source::DirectPut => None,
        Source::KinesisStream(k) => Some(SourceDescription {
            kinesis_stream_source_description: KinesisStreamSourceDescription {
                kinesis_stream_arn: k.stream_arn.clone(),
                role_arn: k.role_arn.clone(),
                delivery_start_timestamp: k.started_ms.map(Timestamp),
            },
        }),
    };
    DeliveryStreamDescription {
        delivery_stream_name: s.name.clone(),
        delivery_stream_arn: s.arn.clone(),
        delivery_stream_status: s.status.as_str().to_string(),
        delivery_stream_encryption_configuration: DeliveryStreamEncryptionConfiguration {
            key_arn: s.encryption.key_arn.clone(),
            key_type: s.encryption.key_type.clone(),
            status: s.encryption.status.clone(),
        },
        delivery_stream_type: s.type_name().to_string(),
        version_id: s.version.to_string(),
        create_timestamp: Timestamp(s.created_ms),
        last_update_timestamp: s.updated_ms.map(Timestamp),
        source,
        destinations: vec![describe_destination(s)],
        has_more_destinations: false,
    }
}

pub fn describe_delivery_stream(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    req: DescribeDeliveryStreamInput,
) -> Result<DescribeDeliveryStreamOutput, ApiError> {
    let mut v = Validator::new();
    check_name(&mut v, "deliveryStreamName", req.delivery_stream_name.as_deref(), true);
    v.string(
        "exclusiveStartDestinationId",
        req.exclusive_start_destination_id.as_deref(),
        Some(1),
        Some(100),
        Some(DESTINATION_ID),
    );
    v.int("limit", req.limit, Some(1), Some(10000));
    v.finish()?;
    let name = req.delivery_stream_name.unwrap_or_default();
    let s = services.firehose.any_status(ctx, &name)?;
    let mut description = describe(s);
    // The only destination is past any start id.
    if req.exclusive_start_destination_id.is_some_and(|id| id >= s.destination.id) {
        description.destinations.clear();
    }
    Ok(DescribeDeliveryStreamOutput { delivery_stream_description: description })
}

pub fn list_delivery_streams(
    services: &mut Services,
    _ctx: &mut Ctx<'_>,
    req: ListDeliveryStreamsInput,
) -> Result<ListDeliveryStreamsOutput, ApiError> {
    let mut v = Validator::new();
    v.enumeration(
        "deliveryStreamType",
        req.delivery_stream_type.as_deref(),
        &DELIVERY_STREAM_TYPES,
    );
    check_name(
        &mut v,
        "exclusiveStartDeliveryStreamName",
        req.exclusive_start_delivery_stream_name.as_deref(),
        false,
    );
    v.int("limit", req.limit, Some(1), Some(10000));
    v.finish()?;
    let limit = req.limit.map_or(LIST_DEFAULT_LIMIT, |l| l as usize);
    let start = req.exclusive_start_delivery_stream_name.unwrap_or_default();
    let mut names = services
        .firehose
        .streams
        .values()
        .filter(|s| s.name > start)
        .filter(|s| req.delivery_stream_type.as_deref().is_none_or(|t| t == s.type_name()))
        .map(|s| s.name.clone());
    let delivery_stream_names: Vec<String> = names.by_ref().take(limit).collect();
    let has_more_delivery_streams = names.next().is_some();
    Ok(ListDeliveryStreamsOutput { delivery_stream_names, has_more_delivery_streams })
}
