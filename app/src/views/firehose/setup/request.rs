//! The requests the setup form sends, built from the typed input shapes: the learner's
//! [`StreamSpec`] becomes a CreateDeliveryStream, sample clickstream events a PutRecordBatch.

use engine::api::Call;
use engine::firehose::wire::{
    Blob, BufferingHints, CopyCommand, CreateDeliveryStreamInput, KinesisStreamSourceConfiguration,
    OpenSearchDestinationConfiguration, ProcessingConfiguration, PutRecordBatchInput, Record,
    RedshiftDestinationConfiguration, RetryOptions, S3DestinationConfiguration,
};

/// The role Firehose assumes to write to the bucket (the sandbox checks its shape only).
pub const ROLE_ARN: &str = "arn:aws:iam::123456789012:role/firehose-delivery-role";

/// Where the delivery stream delivers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Destination {
    #[default]
    S3,
    Redshift,
    OpenSearch,
}

impl Destination {
    pub fn parse(s: &str) -> Self {
        match s {
            "Redshift" => Destination::Redshift,
            "OpenSearch" => Destination::OpenSearch,
            _ => Destination::S3,
        }
    }
}

pub const COMPRESSIONS: [&str; 5] = ["UNCOMPRESSED", "GZIP", "ZIP", "Snappy", "HADOOP_SNAPPY"];
pub const JDBC_URL: &str =
    "jdbc:redshift://analytics.c1a2b3c4d5e6.us-east-1.redshift.amazonaws.com:5439/dev";
pub const DOMAIN_ARN: &str = "arn:aws:es:us-east-1:123456789012:domain/clicks-search";

/// The ARN of a built-in transform (the sandbox reads its arguments from the qualifier).
pub fn transform_arn(function: &str, args: &str) -> String {
    let base = format!("arn:aws:lambda:us-east-1:123456789012:function:{function}");
    if args.trim().is_empty() {
        base
    } else {
        format!("{base}:{}", args.trim())
    }
}

/// Sensible arguments for a built-in transform over the sample clickstream events.
pub fn default_args(function: &str) -> &'static str {
    match function {
        "sandbox-keep-fields" => "user--page--seq",
        "sandbox-json-to-csv" => "seq--user--page",
        "sandbox-add-field" => "source--web",
        "sandbox-drop-matching" => "user--user-0",
        _ => "",
    }
}

/// What the learner sets on the form.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StreamSpec {
    pub name: String,
    pub bucket: String,
    /// The ARN of a Kinesis stream to read; `None` for DirectPut.
    pub source_arn: Option<String>,
    pub size_mbs: u32,
    pub interval_s: u32,
    pub prefix: String,
    /// One of [`COMPRESSIONS`] (empty: UNCOMPRESSED).
    pub compression: String,
    pub destination: Destination,
    /// The Lambda ARN of a built-in transform.
    pub transform: Option<String>,
    pub error_prefix: String,
    /// Redshift: table, columns (comma-separated), COPY options.
    pub table: String,
    pub columns: String,
    pub copy_options: String,
    /// OpenSearch: index name and rotation.
    pub index: String,
    pub rotation: String,
    /// RetryOptions.DurationInSeconds (Redshift, OpenSearch); `None` for AWS's default.
    pub retry_s: Option<u32>,
}

/// CreateDeliveryStream for `spec`.
pub fn create_call(spec: &StreamSpec) -> Call {
    Call::new(&create_input(spec))
}

/// Text the form leaves empty is left out of the request, as the console leaves it out.
fn unless_empty(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

fn retry_options(spec: &StreamSpec) -> Option<RetryOptions> {
    spec.retry_s.map(|r| RetryOptions { duration_in_seconds: Some(r.into()) })
}

/// The S3 part every destination has: the whole destination for S3, the staging bucket for
/// Redshift, the backup for OpenSearch.
fn s3_configuration(spec: &StreamSpec) -> S3DestinationConfiguration {
    let compression =
        if spec.compression.is_empty() { "UNCOMPRESSED" } else { spec.compression.as_str() };
    S3DestinationConfiguration {
        role_arn: Some(ROLE_ARN.into()),
        bucket_arn: Some(format!("arn:aws:s3:::{}", spec.bucket)),
        prefix: (!spec.prefix.is_empty()).then(|| spec.prefix.clone()),
        error_output_prefix: (!spec.error_prefix.is_empty()).then(|| spec.error_prefix.clone()),
        buffering_hints: Some(BufferingHints {
            size_in_mbs: Some(spec.size_mbs.into()),
            interval_in_seconds: Some(spec.interval_s.into()),
        }),
        compression_format: Some(compression.into()),
        ..S3DestinationConfiguration::default()
    }
}

fn redshift(
    spec: &StreamSpec,
    processing: Option<serde_json::Value>,
) -> RedshiftDestinationConfiguration {
    RedshiftDestinationConfiguration {
        role_arn: Some(ROLE_ARN.into()),
        cluster_jdbc_url: Some(JDBC_URL.into()),
        copy_command: Some(CopyCommand {
            data_table_name: Some(spec.table.clone()),
            data_table_columns: unless_empty(&spec.columns),
            copy_options: unless_empty(&spec.copy_options),
        }),
        username: Some("firehose_loader".into()),
        password: Some("Sandbox-Passw0rd".into()),
        retry_options: retry_options(spec),
        s3_configuration: Some(s3_configuration(spec)),
        processing_configuration: processing,
        ..RedshiftDestinationConfiguration::default()
    }
}

fn opensearch(
    spec: &StreamSpec,
    processing: Option<serde_json::Value>,
) -> OpenSearchDestinationConfiguration {
    // OpenSearch buffers on its own hints; the S3 configuration is the backup.
    let mut backup = s3_configuration(spec);
    let hints = backup.buffering_hints.take();
    let rotation = if spec.rotation.is_empty() { "OneDay" } else { spec.rotation.as_str() };
    OpenSearchDestinationConfiguration {
        role_arn: Some(ROLE_ARN.into()),
        domain_arn: Some(DOMAIN_ARN.into()),
        index_name: Some(spec.index.clone()),
        index_rotation_period: Some(rotation.into()),
        buffering_hints: hints,
        retry_options: retry_options(spec),
        s3_backup_mode: Some("FailedDocumentsOnly".into()),
        s3_configuration: Some(backup),
        processing_configuration: processing,
        ..OpenSearchDestinationConfiguration::default()
    }
}

/// The CreateDeliveryStream request for `spec`.
pub fn create_input(spec: &StreamSpec) -> CreateDeliveryStreamInput {
    let processing =
        spec.transform.as_deref().map(|arn| ProcessingConfiguration::lambda(arn).to_json());
    let mut input = CreateDeliveryStreamInput {
        delivery_stream_name: Some(spec.name.clone()),
        ..CreateDeliveryStreamInput::default()
    };
    match spec.destination {
        Destination::S3 => {
            input.extended_s3_destination_configuration = Some(S3DestinationConfiguration {
                processing_configuration: processing,
                ..s3_configuration(spec)
            })
        }
        Destination::Redshift => input.redshift = Some(redshift(spec, processing)),
        Destination::OpenSearch => input.opensearch = Some(opensearch(spec, processing)),
    }
    match &spec.source_arn {
        Some(arn) => {
            input.delivery_stream_type = Some("KinesisStreamAsSource".into());
            input.kinesis_stream_source_configuration = Some(KinesisStreamSourceConfiguration {
                kinesis_stream_arn: Some(arn.clone()),
                role_arn: Some(ROLE_ARN.into()),
            });
        }
        None => input.delivery_stream_type = Some("DirectPut".into()),
    }
    input
}

const PAGES: [&str; 5] = ["/", "/products", "/products/42", "/cart", "/checkout"];

/// The `i`th sample clickstream event, one JSON object per line (as Firehose users write them:
/// Firehose adds no delimiter of its own).
pub fn sample_record(i: u64, unix_ms: i64) -> String {
    format!(
        "{{\"event\":\"page_view\",\"user\":\"user-{}\",\"page\":\"{}\",\"seq\":{i},\"ts\":{unix_ms}}}\n",
        i % 37,
        PAGES[(i % PAGES.len() as u64) as usize]
    )
}

/// PutRecordBatch of `records` (each record's data as text).
pub fn records_call(stream: &str, records: impl IntoIterator<Item = String>) -> Call {
    Call::new(&PutRecordBatchInput {
        delivery_stream_name: Some(stream.into()),
        records: Some(
            records
                .into_iter()
                .map(|r| Record { data: Some(Blob::from(r.into_bytes())) })
                .collect(),
        ),
    })
}

/// PutRecordBatch of `n` sample records numbered from `first`.
pub fn batch_call(stream: &str, first: u64, n: u64, unix_ms: i64) -> Call {
    records_call(stream, (first..first + n).map(|i| sample_record(i, unix_ms)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The base64 text a record's data travels as.
    fn data_of(text: &str) -> String {
        let body: serde_json::Value =
            serde_json::from_str(&records_call("s", [text.to_string()]).body).unwrap();
        body["Records"][0]["Data"].as_str().unwrap_or_default().to_string()
    }

    #[test]
    fn record_data_is_standard_base64() {
        assert_eq!(data_of(""), "");
        assert_eq!(data_of("f"), "Zg==");
        assert_eq!(data_of("fo"), "Zm8=");
        assert_eq!(data_of("foo"), "Zm9v");
        assert_eq!(data_of("foobar"), "Zm9vYmFy");
    }

    #[test]
    fn create_body_names_the_source_and_hints() {
        let mut spec = StreamSpec {
            name: "s".into(),
            bucket: "b".into(),
            source_arn: None,
            size_mbs: 1,
            interval_s: 60,
            prefix: String::new(),
            compression: "GZIP".into(),
            ..StreamSpec::default()
        };
        let v: serde_json::Value = serde_json::from_str(&create_call(&spec).body).unwrap();
        assert_eq!(v["DeliveryStreamType"], "DirectPut");
        let d = &v["ExtendedS3DestinationConfiguration"];
        assert_eq!(d["BucketARN"], "arn:aws:s3:::b");
        assert_eq!(d["BufferingHints"]["SizeInMBs"], 1);
        assert_eq!(d["CompressionFormat"], "GZIP");
        assert!(d.get("Prefix").is_none());
        spec.source_arn = Some("arn:aws:kinesis:us-east-1:1:stream/x".into());
        spec.prefix = "p/".into();
        let v: serde_json::Value = serde_json::from_str(&create_call(&spec).body).unwrap();
        assert_eq!(v["DeliveryStreamType"], "KinesisStreamAsSource");
        assert_eq!(v["ExtendedS3DestinationConfiguration"]["Prefix"], "p/");
    }

    /// The bodies the typed requests give are, byte for byte, the ones the view sent when it
    /// built them as JSON (the console echoes them, shared links replay them).
    #[test]
    fn typed_bodies_are_the_ones_the_view_always_sent() {
        let s3 = StreamSpec {
            name: "clicks-transformed".into(),
            bucket: "clickstream-archive".into(),
            size_mbs: 1,
            interval_s: 60,
            transform: Some(transform_arn("sandbox-drop-matching", "user--user-0")),
            error_prefix: "errors/!{firehose:error-output-type}/".into(),
            ..StreamSpec::default()
        };
        let call = create_call(&s3);
        assert_eq!(call.target, "Firehose_20150804.CreateDeliveryStream");
        assert_eq!(
            call.body,
            r#"{"DeliveryStreamName":"clicks-transformed","DeliveryStreamType":"DirectPut","ExtendedS3DestinationConfiguration":{"BucketARN":"arn:aws:s3:::clickstream-archive","BufferingHints":{"IntervalInSeconds":60,"SizeInMBs":1},"CompressionFormat":"UNCOMPRESSED","ErrorOutputPrefix":"errors/!{firehose:error-output-type}/","ProcessingConfiguration":{"Enabled":true,"Processors":[{"Parameters":[{"ParameterName":"LambdaArn","ParameterValue":"arn:aws:lambda:us-east-1:123456789012:function:sandbox-drop-matching:user--user-0"}],"Type":"Lambda"}]},"RoleARN":"arn:aws:iam::123456789012:role/firehose-delivery-role"}}"#
        );
        let search = StreamSpec {
            name: "clicks-to-search".into(),
            bucket: "clickstream-archive".into(),
            size_mbs: 1,
            interval_s: 60,
            destination: Destination::OpenSearch,
            index: "clicks".into(),
            retry_s: Some(120),
            source_arn: Some("arn:aws:kinesis:us-east-1:1:stream/x".into()),
            ..StreamSpec::default()
        };
        assert_eq!(
            create_call(&search).body,
            r#"{"AmazonopensearchserviceDestinationConfiguration":{"BufferingHints":{"IntervalInSeconds":60,"SizeInMBs":1},"DomainARN":"arn:aws:es:us-east-1:123456789012:domain/clicks-search","IndexName":"clicks","IndexRotationPeriod":"OneDay","RetryOptions":{"DurationInSeconds":120},"RoleARN":"arn:aws:iam::123456789012:role/firehose-delivery-role","S3BackupMode":"FailedDocumentsOnly","S3Configuration":{"BucketARN":"arn:aws:s3:::clickstream-archive","CompressionFormat":"UNCOMPRESSED","RoleARN":"arn:aws:iam::123456789012:role/firehose-delivery-role"}},"DeliveryStreamName":"clicks-to-search","DeliveryStreamType":"KinesisStreamAsSource","KinesisStreamSourceConfiguration":{"KinesisStreamARN":"arn:aws:kinesis:us-east-1:1:stream/x","RoleARN":"arn:aws:iam::123456789012:role/firehose-delivery-role"}}"#
        );
        let warehouse = StreamSpec {
            name: "w".into(),
            bucket: "b".into(),
            size_mbs: 5,
            interval_s: 300,
            destination: Destination::Redshift,
            table: "clicks".into(),
            columns: " event,user ".into(),
            copy_options: String::new(),
            ..StreamSpec::default()
        };
        assert_eq!(
            create_call(&warehouse).body,
            r#"{"DeliveryStreamName":"w","DeliveryStreamType":"DirectPut","RedshiftDestinationConfiguration":{"ClusterJDBCURL":"jdbc:redshift://analytics.c1a2b3c4d5e6.us-east-1.redshift.amazonaws.com:5439/dev","CopyCommand":{"DataTableColumns":"event,user","DataTableName":"clicks"},"Password":"Sandbox-Passw0rd","RoleARN":"arn:aws:iam::123456789012:role/firehose-delivery-role","S3Configuration":{"BucketARN":"arn:aws:s3:::b","BufferingHints":{"IntervalInSeconds":300,"SizeInMBs":5},"CompressionFormat":"UNCOMPRESSED","RoleARN":"arn:aws:iam::123456789012:role/firehose-delivery-role"},"Username":"firehose_loader"}}"#
        );
    }

    #[test]
    fn sample_records_are_json_lines() {
        let r = sample_record(3, 5);
        assert!(r.ends_with('\n'));
        let v: serde_json::Value = serde_json::from_str(r.trim()).unwrap();
        assert_eq!(v["seq"], 3);
        assert!(batch_call("s", 0, 2, 0).body.contains("\"Records\""));
    }
}
