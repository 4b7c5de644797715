//! Where a delivery stream delivers, as CreateDeliveryStream and UpdateDestination set it:
//! the S3 destination every kind has, and the Redshift or OpenSearch one on top of it.

use super::model::{Compression, MIB};

/// The S3 destination (both the S3 and the ExtendedS3 shapes describe it), or the
/// S3Configuration of a Redshift or OpenSearch destination.
#[derive(Clone, Debug, PartialEq)]
pub struct S3Destination {
    /// `destinationId-000000000001`.
    pub id: String,
    pub role_arn: String,
    pub bucket_arn: String,
    pub bucket: String,
    pub prefix: Option<String>,
    pub error_output_prefix: Option<String>,
    pub size_mbs: u32,
    pub interval_seconds: u32,
    pub compression: Compression,
    pub file_extension: Option<String>,
    pub encryption: serde_json::Value,
    pub cloud_watch_logging: serde_json::Value,
}

impl S3Destination {
    pub fn size_limit_bytes(&self) -> u64 {
        self.size_mbs as u64 * MIB
    }

    pub fn interval_ms(&self) -> u64 {
        self.interval_seconds as u64 * 1000
    }

    /// The extension delivered objects get: FileExtension if set, else the compression's.
    pub fn extension(&self) -> &str {
        match self.file_extension.as_deref() {
            Some(e) if !e.is_empty() => e,
            _ => self.compression.extension(),
        }
    }
}

/// Redshift: the buffer is staged to S3 (the S3 destination above is the S3Configuration),
/// then a COPY loads it into the table.
#[derive(Clone, Debug, PartialEq)]
pub struct RedshiftDestination {
    pub cluster_jdbc_url: String,
    pub role_arn: String,
    pub username: Option<String>,
    pub copy_command: serde_json::Value,
    pub copy: crate::firehose::destinations::CopySpec,
    pub retry_seconds: u32,
    pub s3_backup_mode: String,
}

/// OpenSearch or Elasticsearch: the buffer is sent as one bulk request; the S3 destination
/// above is the S3Configuration (backup and failed documents).
#[derive(Clone, Debug, PartialEq)]
pub struct OpenSearchDestination {
    /// Elasticsearch (the older shape) rather than Amazonopensearchservice.
    pub elasticsearch: bool,
    pub role_arn: String,
    pub domain_arn: Option<String>,
    pub cluster_endpoint: Option<String>,
    pub index_name: String,
    pub type_name: Option<String>,
    pub rotation: crate::firehose::destinations::IndexRotation,
    pub size_mbs: u32,
    pub interval_seconds: u32,
    pub retry_seconds: u32,
    /// `FailedDocumentsOnly` or `AllDocuments`.
    pub s3_backup_mode: String,
}

impl OpenSearchDestination {
    /// The domain the documents go to (its ARN, else the endpoint).
    pub fn domain(&self) -> String {
        self.domain_arn.clone().or(self.cluster_endpoint.clone()).unwrap_or_default()
    }

    /// `!{firehose:error-output-type}` of failed documents.
    pub fn error_type(&self) -> &'static str {
        if self.elasticsearch {
            "elasticsearch-failed"
        } else {
            "AmazonOpenSearchService-failed"
        }
    }
}

/// AWS's defaults for the Redshift and OpenSearch retry durations.
pub const REDSHIFT_DEFAULT_RETRY_SECONDS: u32 = 3600;
pub const OPENSEARCH_DEFAULT_RETRY_SECONDS: u32 = 300;

/// What the delivery stream delivers to, beyond the S3 destination every kind has.
#[derive(Clone, Debug, PartialEq)]
pub enum DestinationKind {
    S3,
    Redshift(RedshiftDestination),
    OpenSearch(OpenSearchDestination),
}
