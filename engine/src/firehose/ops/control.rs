//! The control plane: create, describe, list, update and delete delivery streams.

use std::collections::{BTreeMap, VecDeque};

use super::*;
use crate::api::ErrorCode;
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
        None => Compression::Uncompressed,
        Some(f) => Compression::parse(f).unwrap_or(Compression::Uncompressed),
    };
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

/// The transform a ProcessingConfiguration names (see [`crate::firehose::transform`]).
fn check_processing(
    c: Option<&serde_json::Value>,
) -> Result<Option<crate::firehose::transform::Processing>, ApiError> {
    crate::firehose::transform::parse_configuration(c).map_err(invalid_argument)
}

/// Redshift's COPY cannot read ZIP or Snappy objects, so its S3Configuration refuses them.
fn check_redshift_compression(c: Compression) -> Result<(), ApiError> {
    match c {
        Compression::Uncompressed | Compression::Gzip => Ok(()),
        _ => Err(invalid_argument(format!(
            "CompressionFormat {} is not supported for the S3Configuration of a Redshift \
             destination: the Redshift COPY command cannot read it. Use UNCOMPRESSED or GZIP.",
            c.as_str()
        ))),
    }
}

fn s3_destination(
    c: &S3DestinationConfiguration,
    compression: Compression,
    extended: bool,
) -> S3Destination {
    let bucket_arn = c.bucket_arn.clone().unwrap_or_default();
    let hints = c.buffering_hints.clone().unwrap_or_default();
    S3Destination {
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
    }
}

/// `jdbc:(redshift|postgresql)://((?!-)[A-Za-z0-9-]{1,63}(?<!-)\.)+(redshift(-serverless)?)\.([a-zA-Z0-9\.\-]+):\d{1,5}/[a-zA-Z0-9_$-]+`
pub const CLUSTER_JDBC_URL: Pattern = Pattern {
    text: "jdbc:(redshift|postgresql)://((?!-)[A-Za-z0-9-]{1,63}(?<!-)\\.)+(redshift(-serverless)?)\\.([a-zA-Z0-9\\.\\-]+):\\d{1,5}/[a-zA-Z0-9_$-]+",
    matches: |s| {
        let Some(rest) = s.strip_prefix("jdbc:redshift://").or(s.strip_prefix("jdbc:postgresql://"))
        else {
            return false;
        };
        let Some((host_port, db)) = rest.split_once('/') else { return false };
        let Some((host, port)) = host_port.rsplit_once(':') else { return false };
        let db_ok = !db.is_empty()
            && db.bytes().all(|b| b.is_ascii_alphanumeric() || b"_$-".contains(&b));
        let port_ok = (1..=5).contains(&port.len()) && port.bytes().all(|b| b.is_ascii_digit());
        let labels: Vec<&str> = host.split('.').collect();
        let label_ok = |l: &str| {
            (1..=63).contains(&l.len())
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        };
        let host_ok = labels.iter().enumerate().any(|(i, l)| {
            i >= 1
                && i + 1 < labels.len()
                && (*l == "redshift" || *l == "redshift-serverless")
                && labels[..i].iter().all(|x| label_ok(x))
                && labels[i + 1..].iter().all(|x| {
                    !x.is_empty() && x.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                })
        });
        db_ok && port_ok && host_ok
    },
};

/// `arn:.*:es:[a-zA-Z0-9\-]+:\d{12}:domain/[a-z][-0-9a-z]{2,27}`
pub const DOMAIN_ARN: Pattern = Pattern {
    text: "arn:.*:es:[a-zA-Z0-9\\-]+:\\d{12}:domain/[a-z][-0-9a-z]{2,27}",
    matches: |s| {
        s.starts_with("arn:")
            && (ANY_LINE.matches)(s)
            && (3..s.len()).any(|i| {
                let Some(rest) = s.get(i..).and_then(|r| r.strip_prefix(":es:")) else {
                    return false;
                };
                let Some((region, rest)) = rest.split_once(':') else { return false };
                let Some((account, rest)) = rest.split_once(':') else { return false };
                let Some(name) = rest.strip_prefix("domain/") else { return false };
                !region.is_empty()
                    && region.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                    && account.len() == 12
                    && account.bytes().all(|b| b.is_ascii_digit())
                    && (3..=28).contains(&name.len())
                    && name.as_bytes()[0].is_ascii_lowercase()
                    && name
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            })
    },
};

/// `https:.*`
pub const HTTPS_ENDPOINT: Pattern =
    Pattern { text: "https:.*", matches: |s| s.starts_with("https:") && (ANY_LINE.matches)(s) };

fn check_redshift(v: &mut Validator, at: &str, c: &RedshiftDestinationConfiguration, create: bool) {
    let m = |name: &str| format!("{at}.{name}");
    if !create || v.required(&m("clusterJDBCURL"), c.cluster_jdbc_url.as_ref()) {
        v.string(
            &m("clusterJDBCURL"),
            c.cluster_jdbc_url.as_deref(),
            Some(1),
            Some(512),
            Some(CLUSTER_JDBC_URL),
        );
    }
    if !create || v.required(&m("copyCommand"), c.copy_command.as_ref()) {
        if let Some(cc) = &c.copy_command {
            v.string(
                &m("copyCommand.copyOptions"),
                cc.copy_options.as_deref(),
                Some(0),
                Some(10240),
                Some(ANY_LINE),
            );
            v.string(
                &m("copyCommand.dataTableColumns"),
                cc.data_table_columns.as_deref(),
                Some(0),
                Some(10240),
                Some(ANY_LINE),
            );
            if v.required(&m("copyCommand.dataTableName"), cc.data_table_name.as_ref()) {
                v.string(
                    &m("copyCommand.dataTableName"),
                    cc.data_table_name.as_deref(),
                    Some(1),
                    Some(512),
                    Some(ANY_LINE),
                );
            }
        }
    }
    if c.password.is_some() {
        // Sensitive members are not echoed.
        let len = c.password.as_deref().map_or(0, |p| p.chars().count());
        if !(6..=512).contains(&len) {
            v.fail(
                Some("***"),
                &m("password"),
                "Member must have length greater than or equal to 6",
            );
        }
    }
    if let Some(r) = &c.retry_options {
        v.int(&m("retryOptions.durationInSeconds"), r.duration_in_seconds, Some(0), Some(7200));
    }
    if !create || v.required(&m("roleARN"), c.role_arn.as_ref()) {
        v.string(&m("roleARN"), c.role_arn.as_deref(), Some(1), Some(512), Some(ROLE_ARN));
    }
    v.enumeration(&m("s3BackupMode"), c.s3_backup_mode.as_deref(), &["Disabled", "Enabled"]);
    let s3_member = if create { "s3Configuration" } else { "s3Update" };
    if !create || v.required(&m(s3_member), c.s3_configuration.as_ref()) {
        if let Some(s3) = &c.s3_configuration {
            check_s3(v, &m(s3_member), s3, create, false);
        }
    }
}

fn check_opensearch(
    v: &mut Validator,
    at: &str,
    c: &OpenSearchDestinationConfiguration,
    create: bool,
) {
    let m = |name: &str| format!("{at}.{name}");
    if let Some(h) = &c.buffering_hints {
        v.int(&m("bufferingHints.intervalInSeconds"), h.interval_in_seconds, Some(0), Some(900));
        v.int(&m("bufferingHints.sizeInMBs"), h.size_in_mbs, Some(1), Some(100));
    }
    v.string(
        &m("clusterEndpoint"),
        c.cluster_endpoint.as_deref(),
        Some(1),
        Some(512),
        Some(HTTPS_ENDPOINT),
    );
    v.string(&m("domainARN"), c.domain_arn.as_deref(), Some(1), Some(512), Some(DOMAIN_ARN));
    if !create || v.required(&m("indexName"), c.index_name.as_ref()) {
        v.string(&m("indexName"), c.index_name.as_deref(), Some(1), Some(80), Some(ANY_LINE));
    }
    v.enumeration(
        &m("indexRotationPeriod"),
        c.index_rotation_period.as_deref(),
        &["NoRotation", "OneHour", "OneDay", "OneWeek", "OneMonth"],
    );
    if let Some(r) = &c.retry_options {
        v.int(&m("retryOptions.durationInSeconds"), r.duration_in_seconds, Some(0), Some(7200));
    }
    if !create || v.required(&m("roleARN"), c.role_arn.as_ref()) {
        v.string(&m("roleARN"), c.role_arn.as_deref(), Some(1), Some(512), Some(ROLE_ARN));
    }
    v.enumeration(
        &m("s3BackupMode"),
        c.s3_backup_mode.as_deref(),
        &["FailedDocumentsOnly", "AllDocuments"],
    );
    let s3_member = if create { "s3Configuration" } else { "s3Update" };
    if !create || v.required(&m(s3_member), c.s3_configuration.as_ref()) {
        if let Some(s3) = &c.s3_configuration {
            check_s3(v, &m(s3_member), s3, create, false);
        }
    }
    v.string(&m("typeName"), c.type_name.as_deref(), Some(0), Some(100), Some(ANY_LINE));
}

fn redshift_destination(
    c: &RedshiftDestinationConfiguration,
) -> Result<RedshiftDestination, ApiError> {
    let cc = c.copy_command.clone().unwrap_or_default();
    let copy = crate::firehose::destinations::parse_copy(
        cc.data_table_name.as_deref().unwrap_or_default(),
        cc.data_table_columns.as_deref(),
        cc.copy_options.as_deref(),
    )
    .map_err(invalid_argument)?;
    if c.s3_backup_mode.as_deref() == Some("Enabled") {
        return Err(not_simulated("S3 backup of a Redshift destination (S3BackupMode Enabled)"));
    }
    Ok(RedshiftDestination {
        cluster_jdbc_url: c.cluster_jdbc_url.clone().unwrap_or_default(),
        role_arn: c.role_arn.clone().unwrap_or_default(),
        username: c.username.clone(),
        copy_command: serde_json::to_value(&cc).unwrap_or_default(),
        copy,
        retry_seconds: c
            .retry_options
            .as_ref()
            .and_then(|r| r.duration_in_seconds)
            .map_or(REDSHIFT_DEFAULT_RETRY_SECONDS, |d| d as u32),
        s3_backup_mode: c.s3_backup_mode.clone().unwrap_or_else(|| "Disabled".into()),
    })
}

fn opensearch_destination(
    c: &OpenSearchDestinationConfiguration,
    elasticsearch: bool,
) -> Result<OpenSearchDestination, ApiError> {
    if c.domain_arn.is_some() == c.cluster_endpoint.is_some() {
        return Err(invalid_argument(
            "Exactly one of DomainARN or ClusterEndpoint must be specified.",
        ));
    }
    let hints = c.buffering_hints.clone().unwrap_or_default();
    Ok(OpenSearchDestination {
        elasticsearch,
        role_arn: c.role_arn.clone().unwrap_or_default(),
        domain_arn: c.domain_arn.clone(),
        cluster_endpoint: c.cluster_endpoint.clone(),
        index_name: c.index_name.clone().unwrap_or_default(),
        type_name: c.type_name.clone(),
        rotation: c
            .index_rotation_period
            .as_deref()
            .and_then(crate::firehose::destinations::IndexRotation::parse)
            .unwrap_or(crate::firehose::destinations::IndexRotation::OneDay),
        size_mbs: hints.size_in_mbs.map_or(DEFAULT_SIZE_MBS, |x| x as u32),
        interval_seconds: hints.interval_in_seconds.map_or(DEFAULT_INTERVAL_SECONDS, |x| x as u32),
        retry_seconds: c
            .retry_options
            .as_ref()
            .and_then(|r| r.duration_in_seconds)
            .map_or(OPENSEARCH_DEFAULT_RETRY_SECONDS, |d| d as u32),
        s3_backup_mode: c.s3_backup_mode.clone().unwrap_or_else(|| "FailedDocumentsOnly".into()),
    })
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
    if let Some(c) = &req.opensearch {
        check_opensearch(&mut v, "amazonopensearchserviceDestinationConfiguration", c, true);
    }
    if let Some(e) = &req.encryption {
        check_encryption_input(&mut v, "deliveryStreamEncryptionConfigurationInput", e);
    }
    if let Some(c) = &req.elasticsearch {
        check_opensearch(&mut v, "elasticsearchDestinationConfiguration", c, true);
    }
    if let Some(c) = &req.redshift {
        check_redshift(&mut v, "redshiftDestinationConfiguration", c, true);
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
            if !services.kinesis.streams.contains_key(&stream_name) {
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
        (&req.opensearch_serverless, "The OpenSearch Serverless destination"),
        (&req.splunk, "The Splunk destination"),
        (&req.http_endpoint, "The HTTP endpoint destination"),
        (&req.snowflake, "The Snowflake destination"),
        (&req.iceberg, "The Iceberg destination"),
    ];
    let s3_count = req.s3_destination_configuration.is_some() as usize
        + req.extended_s3_destination_configuration.is_some() as usize
        + req.redshift.is_some() as usize
        + req.elasticsearch.is_some() as usize
        + req.opensearch.is_some() as usize;
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
    let (c, dest_kind, processing_config) = if let Some(r) = &req.redshift {
        let k = DestinationKind::Redshift(redshift_destination(r)?);
        (r.s3_configuration.clone().unwrap_or_default(), k, r.processing_configuration.clone())
    } else if let Some(o) = req.opensearch.as_ref().or(req.elasticsearch.as_ref()) {
        let k = DestinationKind::OpenSearch(opensearch_destination(o, req.opensearch.is_none())?);
        (o.s3_configuration.clone().unwrap_or_default(), k, o.processing_configuration.clone())
    } else {
        let Some(c) =
            req.extended_s3_destination_configuration.or(req.s3_destination_configuration)
        else {
            return Err(invalid_argument(
                "Exactly one destination configuration is supported for a Firehose",
            ));
        };
        // The plain S3 shape has no ProcessingConfiguration.
        let processing = if extended { c.processing_configuration.clone() } else { None };
        (c, DestinationKind::S3, processing)
    };
    let compression = check_s3_semantics(&c)?;
    if matches!(dest_kind, DestinationKind::Redshift(_)) {
        check_redshift_compression(compression)?;
    }
    let processing = check_processing(processing_config.as_ref())?;
    let encryption = match &req.encryption {
        Some(e) => {
            if matches!(source, Source::KinesisStream(_)) {
                return Err(encryption_with_kinesis_source());
            }
            let (key_type, key_arn) = encryption_key(e)?;
            Encryption { status: "ENABLED".into(), key_type: Some(key_type), key_arn, serial: 0 }
        }
        None => Encryption::default(),
    };
    let fh = &mut services.firehose;
    if fh.streams.contains_key(&name) {
        return Err(already_exists(&name, &account));
    }
    let destination = s3_destination(&c, compression, extended);
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
            kind: dest_kind,
            extended,
            processing,
            buffer: Buffer::default(),
            pending: VecDeque::new(),
            tap: Default::default(),
            retry_scheduled: false,
            outages: Default::default(),
            counters: DestinationCounters::default(),
            delivered: VecDeque::new(),
            error_objects: VecDeque::new(),
            attempts: VecDeque::new(),
            encryption,
            window: PutWindow::default(),
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
        processing_configuration: None,
    }
}

fn describe_destination(s: &DeliveryStream) -> DestinationDescription {
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
    v.finish()?;
    let name = req.delivery_stream_name.clone().unwrap_or_default();
    let account = ctx.config.account_id.clone();
    let s = services.firehose.active(ctx, &name)?;
    let given = req.current_delivery_stream_version_id.clone().unwrap_or_default();
    if given.trim_start_matches('0') != s.version.to_string() {
        return Err(ApiError::new(
            ErrorCode::ConcurrentModification,
            format!(
                "Cannot update firehose: {name} since the current version id: {} and specified \
                 version id: {given} do not match",
                s.version
            ),
        ));
    }
    let id = req.destination_id.clone().unwrap_or_default();
    if id != s.destination.id {
        return Err(invalid_argument(format!(
            "Destination Id {id} not found for Firehose {name} under account {account}."
        )));
    }
    let given_updates = [
        req.extended_s3_destination_update.is_some(),
        req.s3_destination_update.is_some(),
        req.redshift_destination_update.is_some(),
        req.opensearch_destination_update.is_some(),
        req.elasticsearch_destination_update.is_some(),
    ];
    if given_updates.iter().filter(|x| **x).count() != 1 {
        return Err(invalid_argument("Exactly one destination update is supported for a Firehose"));
    }
    let d = s.destination.clone();
    let current_processing = s.processing.as_ref().map(|p| p.configuration.clone());
    let (s3_update, extended, kind, processing_update) = match (&s.kind, req) {
        (
            DestinationKind::S3,
            UpdateDestinationInput { extended_s3_destination_update: Some(u), .. },
        ) => (Some(u.clone()), true, DestinationKind::S3, u.processing_configuration),
        (DestinationKind::S3, UpdateDestinationInput { s3_destination_update: Some(u), .. }) => {
            (Some(u), s.extended, DestinationKind::S3, None)
        }
        (
            DestinationKind::Redshift(r),
            UpdateDestinationInput { redshift_destination_update: Some(u), .. },
        ) => {
            let cc = u.copy_command.clone();
            let current: CopyCommand =
                serde_json::from_value(r.copy_command.clone()).unwrap_or_default();
            let merged = RedshiftDestinationConfiguration {
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
            };
            let kind = DestinationKind::Redshift(redshift_destination(&merged)?);
            (u.s3_configuration, s.extended, kind, u.processing_configuration)
        }
        (
            DestinationKind::OpenSearch(o),
            UpdateDestinationInput { opensearch_destination_update: Some(u), .. },
        )
        | (
            DestinationKind::OpenSearch(o),
            UpdateDestinationInput { elasticsearch_destination_update: Some(u), .. },
        ) => {
            let merged = OpenSearchDestinationConfiguration {
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
            };
            let kind =
                DestinationKind::OpenSearch(opensearch_destination(&merged, o.elasticsearch)?);
            (u.s3_configuration, s.extended, kind, u.processing_configuration)
        }
        _ => return Err(not_simulated("Changing the destination type with UpdateDestination")),
    };
    // The update merges into the current configuration; the result must be valid as a whole.
    let u = s3_update.unwrap_or_default();
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
        processing_configuration: None,
        data_format_conversion_configuration: u.data_format_conversion_configuration,
        dynamic_partitioning_configuration: u.dynamic_partitioning_configuration,
    };
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
