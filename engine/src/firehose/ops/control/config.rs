//! Destination configurations: checked as AWS checks them, and turned into a delivery
//! stream's destination.

use super::*;

/// Checks an S3 destination's members, alphabetically as AWS does, under `at`
/// (`extendedS3DestinationConfiguration`); `create` makes RoleARN and BucketARN required.
pub(super) fn check_s3(
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

pub(super) fn enabled(v: &Option<serde_json::Value>) -> bool {
    v.as_ref().and_then(|x| x.get("Enabled")).and_then(|e| e.as_bool()).unwrap_or(false)
}

/// Semantic checks of an S3 destination (after the model's constraints passed).
pub(super) fn check_s3_semantics(c: &S3DestinationConfiguration) -> Result<Compression, ApiError> {
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
        .map_err(invalid_configuration)?;
    Ok(compression)
}

/// The transform a ProcessingConfiguration names (see [`crate::firehose::transform`]).
pub(super) fn check_processing(
    c: Option<&serde_json::Value>,
) -> Result<Option<crate::firehose::transform::Processing>, ApiError> {
    crate::firehose::transform::parse_configuration(c).map_err(invalid_configuration)
}

/// Redshift's COPY cannot read ZIP or Snappy objects, so its S3Configuration refuses them.
pub(super) fn check_redshift_compression(c: Compression) -> Result<(), ApiError> {
    match c {
        Compression::Uncompressed | Compression::Gzip => Ok(()),
        _ => Err(redshift_compression(c.as_str())),
    }
}

pub(super) fn s3_destination(
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

pub(super) fn check_redshift(
    v: &mut Validator,
    at: &str,
    c: &RedshiftDestinationConfiguration,
    create: bool,
) {
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

pub(super) fn check_opensearch(
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

pub(super) fn redshift_destination(
    c: &RedshiftDestinationConfiguration,
) -> Result<RedshiftDestination, ApiError> {
    let cc = c.copy_command.clone().unwrap_or_default();
    let copy = crate::firehose::destinations::parse_copy(
        cc.data_table_name.as_deref().unwrap_or_default(),
        cc.data_table_columns.as_deref(),
        cc.copy_options.as_deref(),
    )
    .map_err(invalid_configuration)?;
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

pub(super) fn opensearch_destination(
    c: &OpenSearchDestinationConfiguration,
    elasticsearch: bool,
) -> Result<OpenSearchDestination, ApiError> {
    if c.domain_arn.is_some() == c.cluster_endpoint.is_some() {
        return Err(domain_or_endpoint());
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

pub(super) fn default_encryption() -> serde_json::Value {
    serde_json::json!({ "NoEncryptionConfig": "NoEncryption" })
}

pub(super) fn default_logging() -> serde_json::Value {
    serde_json::json!({ "Enabled": false })
}
