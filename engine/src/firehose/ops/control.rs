//! The control plane: create, describe, list, update and delete delivery streams.

use std::collections::{BTreeMap, VecDeque};

use super::*;
use crate::firehose::delivery;
use crate::firehose::keys;
use crate::firehose::model::*;
use crate::firehose::wire::*;
use crate::firehose::{Event, Wake};

/// ListDeliveryStreams returns 10 names unless told otherwise.
pub const LIST_DEFAULT_LIMIT: usize = 10;

/// Checks an S3 destination's members, alphabetically as AWS does, under `at`
/// (`extendedS3DestinationConfiguration`); `create` makes RoleARN and BucketARN required.
fn check_s3(
    v: &mut Validator,
    at: &str,
    c: &S3DestinationConfiguration,
    create: bool,
    extended: bool,
) {
    let m = |name: &str| format!("{at}.{name}");
    if !create || v.required(&m("bucketARN"), c.bucket_arn.as_ref()) {
        v.string(&m("bucketARN"), c.bucket_arn.as_deref(), Some(1), Some(2048), Some(BUCKET_ARN));
    }
    if let Some(h) = &c.buffering_hints {
        v.int(&m("bufferingHints.intervalInSeconds"), h.interval_in_seconds, Some(0), Some(900));
        v.int(&m("bufferingHints.sizeInMBs"), h.size_in_mbs, Some(1), Some(128));
    }
    v.enumeration(&m("compressionFormat"), c.compression_format.as_deref(), &COMPRESSION_FORMATS);
    v.string(
        &m("errorOutputPrefix"),
        c.error_output_prefix.as_deref(),
        Some(0),
        Some(1024),
        Some(ANY_LINE),
    );
    if extended {
        v.string(
            &m("fileExtension"),
            c.file_extension.as_deref(),
            Some(0),
            Some(128),
            Some(FILE_EXTENSION),
        );
    }
    v.string(&m("prefix"), c.prefix.as_deref(), Some(0), Some(1024), Some(ANY_LINE));
    if !create || v.required(&m("roleARN"), c.role_arn.as_ref()) {
        v.string(&m("roleARN"), c.role_arn.as_deref(), Some(1), Some(512), Some(ROLE_ARN));
    }
}

pub(crate) fn check_tag_list(v: &mut Validator, member: &str, tags: Option<&Vec<Tag>>) {
    let Some(tags) = tags else { return };
    let shown = || {
        let inner: Vec<String> = tags
            .iter()
            .map(|t| {
                format!(
                    "Tag(key={}, value={})",
                    t.key.as_deref().unwrap_or("null"),
                    t.value.as_deref().unwrap_or("null")
                )
            })
            .collect();
        format!("[{}]", inner.join(", "))
    };
    v.collection(member, &shown, tags.len(), Some(1), Some(50));
    for (i, t) in tags.iter().enumerate() {
        let at = format!("{member}.{}.member", i + 1);
        if v.required(&format!("{at}.key"), t.key.as_ref()) {
            v.string(&format!("{at}.key"), t.key.as_deref(), Some(1), Some(128), Some(TAG_KEY));
        }
        v.string(&format!("{at}.value"), t.value.as_deref(), Some(0), Some(256), Some(TAG_VALUE));
    }
}

/// What the sandbox does not simulate yet answers plainly rather than pretending.
fn not_simulated(what: &str) -> ApiError {
    invalid_argument(format!("{what} is not simulated by the sandbox yet."))
}

fn enabled(v: &Option<serde_json::Value>) -> bool {
    v.as_ref().and_then(|x| x.get("Enabled")).and_then(|e| e.as_bool()).unwrap_or(false)
}

/// Semantic checks of an S3 destination (after the model's constraints passed).
fn check_s3_semantics(c: &S3DestinationConfiguration) -> Result<Compression, ApiError> {
    let compression = match c.compression_format.as_deref() {
        None | Some("UNCOMPRESSED") => Compression::Uncompressed,
        Some("GZIP") => Compression::Gzip,
        Some(other) => return Err(not_simulated(&format!("CompressionFormat {other}"))),
    };
    if enabled(&c.processing_configuration) {
        return Err(not_simulated("Data transformation (ProcessingConfiguration)"));
    }
    if enabled(&c.data_format_conversion_configuration) {
        return Err(not_simulated("Record format conversion (DataFormatConversionConfiguration)"));
    }
    if enabled(&c.dynamic_partitioning_configuration) {
        return Err(not_simulated("Dynamic partitioning (DynamicPartitioningConfiguration)"));
    }
    keys::check_prefixes(c.prefix.as_deref(), c.error_output_prefix.as_deref())
        .map_err(invalid_argument)?;
    Ok(compression)
}

fn default_encryption() -> serde_json::Value {
    serde_json::json!({ "NoEncryptionConfig": "NoEncryption" })
}

fn default_logging() -> serde_json::Value {
    serde_json::json!({ "Enabled": false })
}

pub fn create_delivery_stream(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    req: CreateDeliveryStreamInput,
) -> Result<CreateDeliveryStreamOutput, ApiError> {
    let mut v = Validator::new();
    check_name(&mut v, "deliveryStreamName", req.delivery_stream_name.as_deref(), true);
    v.enumeration(
        "deliveryStreamType",
        req.delivery_stream_type.as_deref(),
        &DELIVERY_STREAM_TYPES,
    );
    if let Some(c) = &req.extended_s3_destination_configuration {
        check_s3(&mut v, "extendedS3DestinationConfiguration", c, true, true);
    }
    if let Some(k) = &req.kinesis_stream_source_configuration {
        let at = "kinesisStreamSourceConfiguration";
        if v.required(&format!("{at}.kinesisStreamARN"), k.kinesis_stream_arn.as_ref()) {
            v.string(
                &format!("{at}.kinesisStreamARN"),
                k.kinesis_stream_arn.as_deref(),
                Some(1),
                Some(512),
                Some(KINESIS_STREAM_ARN),
            );
        }
        if v.required(&format!("{at}.roleARN"), k.role_arn.as_ref()) {
            v.string(
                &format!("{at}.roleARN"),
                k.role_arn.as_deref(),
                Some(1),
                Some(512),
                Some(ROLE_ARN),
            );
        }
    }
    if let Some(c) = &req.s3_destination_configuration {
        check_s3(&mut v, "s3DestinationConfiguration", c, true, false);
    }
    check_tag_list(&mut v, "tags", req.tags.as_ref());
    v.finish()?;

    let name = req.delivery_stream_name.clone().unwrap_or_default();
    let account = ctx.config.account_id.clone();
    let kind = req.delivery_stream_type.as_deref().unwrap_or("DirectPut");
    if matches!(kind, "MSKAsSource" | "DatabaseAsSource") {
        return Err(not_simulated(&format!("DeliveryStreamType {kind}")));
    }
    let source = match (kind, &req.kinesis_stream_source_configuration) {
        ("KinesisStreamAsSource", Some(k)) => {
            let arn = k.kinesis_stream_arn.clone().unwrap_or_default();
            let stream_name =
                stream_of_arn(&arn).map(|(_, _, n)| n.to_string()).unwrap_or_default();
            if !services.kinesis.stream_names().contains(&stream_name) {
                return Err(invalid_argument(format!(
                    "Kinesis stream {stream_name} under account {account} not found."
                )));
            }
            Source::KinesisStream(KinesisSource {
                stream_arn: arn,
                stream_name,
                role_arn: k.role_arn.clone().unwrap_or_default(),
                started_ms: None,
                shards: BTreeMap::new(),
                initialized: false,
            })
        }
        ("KinesisStreamAsSource", None) => {
            return Err(invalid_argument(
                "KinesisStreamSourceConfiguration is required for the KinesisStreamAsSource \
                 delivery stream type.",
            ))
        }
        (_, Some(_)) => {
            return Err(invalid_argument(
                "KinesisSourceStreamConfig is only allowed for KinesisStreamAsSource delivery \
                 stream type.",
            ))
        }
        (_, None) => Source::DirectPut,
    };
    let others = [
        (&req.redshift, "The Redshift destination"),
        (&req.elasticsearch, "The Elasticsearch destination"),
        (&req.opensearch, "The Amazon OpenSearch Service destination"),
        (&req.opensearch_serverless, "The OpenSearch Serverless destination"),
        (&req.splunk, "The Splunk destination"),
        (&req.http_endpoint, "The HTTP endpoint destination"),
        (&req.snowflake, "The Snowflake destination"),
        (&req.iceberg, "The Iceberg destination"),
    ];
    let s3_count = req.s3_destination_configuration.is_some() as usize
        + req.extended_s3_destination_configuration.is_some() as usize;
    let other_count = others.iter().filter(|(c, _)| c.is_some()).count();
    if s3_count + other_count != 1 {
        return Err(invalid_argument(
            "Exactly one destination configuration is supported for a Firehose",
        ));
    }
    if let Some((_, what)) = others.iter().find(|(c, _)| c.is_some()) {
        return Err(not_simulated(what));
    }
    let extended = req.extended_s3_destination_configuration.is_some();
    let Some(c) = req.extended_s3_destination_configuration.or(req.s3_destination_configuration)
    else {
        return Err(invalid_argument(
            "Exactly one destination configuration is supported for a Firehose",
        ));
    };
    let compression = check_s3_semantics(&c)?;
    let fh = &mut services.firehose;
    if fh.streams.contains_key(&name) {
        return Err(already_exists(&name, &account));
    }
    let bucket_arn = c.bucket_arn.clone().unwrap_or_default();
    let hints = c.buffering_hints.clone().unwrap_or_default();
    let destination = S3Destination {
        id: "destinationId-000000000001".into(),
        role_arn: c.role_arn.clone().unwrap_or_default(),
        bucket: bucket_of_arn(&bucket_arn).unwrap_or_default().to_string(),
        bucket_arn,
        prefix: c.prefix.clone(),
        error_output_prefix: c.error_output_prefix.clone(),
        size_mbs: hints.size_in_mbs.map_or(DEFAULT_SIZE_MBS, |x| x as u32),
        interval_seconds: hints.interval_in_seconds.map_or(DEFAULT_INTERVAL_SECONDS, |x| x as u32),
        compression,
        file_extension: if extended { c.file_extension.clone() } else { None },
        encryption: c.encryption_configuration.clone().unwrap_or_else(default_encryption),
        cloud_watch_logging: c.cloud_watch_logging_options.clone().unwrap_or_else(default_logging),
    };
    fh.next_generation += 1;
    let generation = fh.next_generation;
    let arn = delivery_stream_arn(ctx, &name);
    let tags = req
        .tags
        .unwrap_or_default()
        .into_iter()
        .map(|t| (t.key.unwrap_or_default(), t.value.unwrap_or_default()))
        .collect();
    ctx.emit(Event::DeliveryStreamCreated {
        stream: name.clone(),
        source: kind.to_string(),
        bucket: destination.bucket.clone(),
    });
    ctx.emit(Event::DeliveryStreamStatusChanged {
        stream: name.clone(),
        status: "CREATING".into(),
    });
    fh.streams.insert(
        name.clone(),
        DeliveryStream {
            name: name.clone(),
            arn: arn.clone(),
            status: DeliveryStreamStatus::Creating,
            source,
            created_ms: ctx.unix_ms(),
            updated_ms: None,
            version: 1,
            generation,
            tags,
            destination,
            buffer: Buffer::default(),
            pending: VecDeque::new(),
            retry_scheduled: false,
            counters: DestinationCounters::default(),
            delivered: VecDeque::new(),
        },
    );
    ctx.schedule_in(ctx.config.transition_delay_ms, Wake::Transition { stream: name, generation });
    Ok(CreateDeliveryStreamOutput { delivery_stream_arn: arn })
}

pub fn delete_delivery_stream(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    req: DeleteDeliveryStreamInput,
) -> Result<Empty, ApiError> {
    let mut v = Validator::new();
    check_name(&mut v, "deliveryStreamName", req.delivery_stream_name.as_deref(), true);
    v.finish()?;
    let name = req.delivery_stream_name.unwrap_or_default();
    let account = ctx.config.account_id.clone();
    let s = services.firehose.any_status(ctx, &name)?;
    match s.status {
        // AWS refuses to delete a delivery stream still being created.
        DeliveryStreamStatus::Creating => return Err(in_use(&name, &account, s.status)),
        DeliveryStreamStatus::Deleting => return Ok(Empty),
        DeliveryStreamStatus::Active => {}
    }
    s.status = DeliveryStreamStatus::Deleting;
    let generation = s.generation;
    let buffer = std::mem::take(&mut s.buffer);
    ctx.emit(Event::DeliveryStreamStatusChanged {
        stream: name.clone(),
        status: "DELETING".into(),
    });
    if !buffer.is_empty() {
        ctx.emit(Event::BufferDiscarded {
            stream: name.clone(),
            records: buffer.records.len() as u64,
            bytes: buffer.bytes,
        });
    }
    ctx.schedule_in(ctx.config.transition_delay_ms, Wake::Transition { stream: name, generation });
    Ok(Empty)
}

fn describe_s3(d: &S3Destination, extended: bool) -> S3DestinationDescription {
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
    }
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
            status: "DISABLED".into(),
        },
        delivery_stream_type: s.type_name().to_string(),
        version_id: s.version.to_string(),
        create_timestamp: Timestamp(s.created_ms),
        last_update_timestamp: s.updated_ms.map(Timestamp),
        source,
        destinations: vec![DestinationDescription {
            destination_id: s.destination.id.clone(),
            s3_destination_description: describe_s3(&s.destination, false),
            extended_s3_destination_description: describe_s3(&s.destination, true),
        }],
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

pub fn update_destination(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    req: UpdateDestinationInput,
) -> Result<Empty, ApiError> {
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
    if let Some(u) = &req.s3_destination_update {
        check_s3(&mut v, "s3DestinationUpdate", u, false, false);
    }
    v.finish()?;
    let name = req.delivery_stream_name.unwrap_or_default();
    let account = ctx.config.account_id.clone();
    let s = services.firehose.active(ctx, &name)?;
    let given = req.current_delivery_stream_version_id.unwrap_or_default();
    if given.trim_start_matches('0') != s.version.to_string() {
        return Err(ApiError::new(
            "ConcurrentModificationException",
            format!(
                "Cannot update firehose: {name} since the current version id: {} and specified \
                 version id: {given} do not match",
                s.version
            ),
        ));
    }
    let id = req.destination_id.unwrap_or_default();
    if id != s.destination.id {
        return Err(invalid_argument(format!(
            "Destination Id {id} not found for Firehose {name} under account {account}."
        )));
    }
    let (u, extended) = match (req.extended_s3_destination_update, req.s3_destination_update) {
        (Some(u), None) => (u, true),
        (None, Some(u)) => (u, false),
        (None, None) => {
            return Err(invalid_argument(
                "Exactly one destination update is supported for a Firehose",
            ))
        }
        (Some(_), Some(_)) => {
            return Err(invalid_argument(
                "Exactly one destination update is supported for a Firehose",
            ))
        }
    };
    // The update merges into the current configuration; the result must be valid as a whole.
    let d = &s.destination;
    let merged = S3DestinationConfiguration {
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
        processing_configuration: u.processing_configuration,
        data_format_conversion_configuration: u.data_format_conversion_configuration,
        dynamic_partitioning_configuration: u.dynamic_partitioning_configuration,
    };
    let compression = check_s3_semantics(&merged)?;
    // What is buffered was accepted under the old configuration: deliver it under that one,
    // so each object has exactly one version.
    delivery::flush(services, ctx, &name, FlushReason::ConfigurationUpdate);
    let Some(s) = services.firehose.streams.get_mut(&name) else {
        return Err(not_found(&name, &account));
    };
    let hints = merged.buffering_hints.unwrap_or_default();
    let bucket_arn = merged.bucket_arn.unwrap_or_default();
    let d = &mut s.destination;
    d.role_arn = merged.role_arn.unwrap_or_default();
    d.bucket = bucket_of_arn(&bucket_arn).unwrap_or_default().to_string();
    d.bucket_arn = bucket_arn;
    d.prefix = merged.prefix;
    d.error_output_prefix = merged.error_output_prefix;
    d.size_mbs = hints.size_in_mbs.map_or(DEFAULT_SIZE_MBS, |x| x as u32);
    d.interval_seconds = hints.interval_in_seconds.map_or(DEFAULT_INTERVAL_SECONDS, |x| x as u32);
    d.compression = compression;
    d.file_extension = merged.file_extension;
    d.encryption = merged.encryption_configuration.unwrap_or_else(default_encryption);
    d.cloud_watch_logging = merged.cloud_watch_logging_options.unwrap_or_else(default_logging);
    s.version += 1;
    s.updated_ms = Some(ctx.unix_ms());
    ctx.emit(Event::DeliveryStreamUpdated {
        stream: name,
        version: s.version,
        what: "Destination".into(),
    });
    Ok(Empty)
}
