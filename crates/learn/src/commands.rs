//! The commands levels, questions and tours are made of: typed API calls (`Call::new` of the
//! request shapes, as the views' buttons send them) and the simulated actors' settings. Every
//! name here is one a learner sees in the views and the console.

use engine::analytics::wire::{
    ApplicationUpdate, CreateApplicationInput, DestinationSchema, Input, InputConfiguration,
    InputStartingPositionConfiguration, Output, ResourceRef, StartApplicationInput,
    UpdateApplicationInput,
};
use engine::analytics::AnalyticsCommand;
use engine::api::Call;
use engine::firehose::wire::{
    Blob as FirehoseBlob, BufferingHints, CopyCommand, CreateDeliveryStreamInput,
    KinesisStreamSourceConfiguration, ProcessingConfiguration, PutRecordBatchInput,
    Record as FirehoseRecord, RedshiftDestinationConfiguration, RetryOptions,
    S3DestinationConfiguration, UpdateDestinationInput,
};
use engine::firehose::{FirehoseCommand, Target};
use engine::kinesis::wire::{
    Blob, CreateStreamInput, PutRecordsInput, PutRecordsRequestEntry, RegisterStreamConsumerInput,
    RetentionInput, SplitShardInput, StreamRef, UpdateShardCountInput,
};
use engine::kinesis::{ActorCommand, KeyDistribution, Retrieval};
use engine::s3::S3Command;
use engine::Command;

/// The sandbox's account and region (the World's defaults), for ARNs.
pub const ACCOUNT: &str = "000000000000";
pub const REGION: &str = "us-east-1";
/// The role Firehose and Analytics assume (the sandbox checks its shape only).
pub const ROLE_ARN: &str = "arn:aws:iam::000000000000:role/data-sandbox-delivery";

fn api(call: Call) -> Command {
    Command::api(call.target, call.body)
}

pub fn stream_arn(stream: &str) -> String {
    format!("arn:aws:kinesis:{REGION}:{ACCOUNT}:stream/{stream}")
}

// ----- Kinesis ---------------------------------------------------------------------------------

pub fn create_stream(stream: &str, shards: u32) -> Command {
    api(Call::new(&CreateStreamInput {
        stream_name: Some(stream.into()),
        shard_count: Some(shards.into()),
        ..CreateStreamInput::default()
    }))
}

pub fn update_shard_count(stream: &str, target: u32) -> Command {
    api(Call::new(&UpdateShardCountInput {
        stream: StreamRef::name(stream),
        target_shard_count: Some(target.into()),
        scaling_type: Some("UNIFORM_SCALING".into()),
    }))
}

pub fn split_shard(stream: &str, shard_id: &str, new_starting_hash_key: u128) -> Command {
    api(Call::new(&SplitShardInput {
        stream: StreamRef::name(stream),
        shard_to_split: Some(shard_id.into()),
        new_starting_hash_key: Some(new_starting_hash_key.to_string()),
    }))
}

pub fn increase_retention(stream: &str, hours: u32) -> Command {
    api(Call::new(&engine::kinesis::wire::IncreaseStreamRetentionPeriodInput(RetentionInput {
        stream: StreamRef::name(stream),
        retention_period_hours: Some(hours.into()),
    })))
}

pub fn register_consumer(stream: &str, consumer: &str) -> Command {
    api(Call::new(&RegisterStreamConsumerInput {
        stream_arn: Some(stream_arn(stream)),
        consumer_name: Some(consumer.into()),
        ..RegisterStreamConsumerInput::default()
    }))
}

/// One PutRecords call: each (partition key, data) pair a record.
pub fn put_records(stream: &str, records: &[(String, String)]) -> Command {
    api(Call::new(&PutRecordsInput {
        stream_name: Some(stream.into()),
        records: Some(
            records
                .iter()
                .map(|(key, data)| PutRecordsRequestEntry {
                    data: Some(Blob::from(data.clone().into_bytes())),
                    partition_key: Some(key.clone()),
                    explicit_hash_key: None,
                })
                .collect(),
        ),
        ..PutRecordsInput::default()
    }))
}

/// A simulated producer writing `rate` records/s of `bytes` each, in PutRecords batches.
pub fn producer(id: &str, stream: &str, rate: u32, bytes: u32, keys: KeyDistribution) -> Command {
    Command::Kinesis(ActorCommand::StartProducer {
        id: id.into(),
        stream: stream.into(),
        rate,
        record_bytes: bytes,
        keys,
        batch: 500,
        max_retries: 3,
    })
}

pub fn stop_producer(id: &str) -> Command {
    Command::Kinesis(ActorCommand::StopProducer { id: id.into() })
}

/// KCL's defaults: a GetRecords a second per shard, up to 10,000 records.
pub fn kcl_default_polling() -> Retrieval {
    Retrieval::Polling { interval_ms: 1000, max_records: 10_000 }
}

pub fn kcl(app: &str, stream: &str, workers: u16, retrieval: Retrieval) -> Command {
    Command::Kinesis(ActorCommand::StartKcl {
        app: app.into(),
        stream: stream.into(),
        workers,
        retrieval,
    })
}

pub fn set_retrieval(app: &str, retrieval: Retrieval) -> Command {
    Command::Kinesis(ActorCommand::SetRetrieval { app: app.into(), retrieval })
}

pub fn add_worker(app: &str) -> Command {
    Command::Kinesis(ActorCommand::AddWorker { app: app.into() })
}

// ----- S3 and Firehose --------------------------------------------------------------------------

pub fn create_bucket(bucket: &str) -> Command {
    Command::S3(S3Command::CreateBucket { bucket: bucket.into() })
}

/// What a level or question sets a delivery stream up with.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeliverySpec {
    pub name: &'static str,
    pub bucket: &'static str,
    /// A Kinesis stream to read; `None` for Direct PUT.
    pub source_stream: Option<&'static str>,
    pub size_mbs: u32,
    pub interval_s: u32,
    /// A built-in transform's Lambda ARN.
    pub transform: Option<String>,
    /// Deliver into Redshift (through the bucket) instead of S3, retrying for this long.
    pub redshift_retry_s: Option<u32>,
}

pub const REDSHIFT_JDBC_URL: &str =
    "jdbc:redshift://analytics.c1a2b3c4d5e6.us-east-1.redshift.amazonaws.com:5439/dev";

fn s3_destination(spec: &DeliverySpec) -> S3DestinationConfiguration {
    S3DestinationConfiguration {
        role_arn: Some(ROLE_ARN.into()),
        bucket_arn: Some(format!("arn:aws:s3:::{}", spec.bucket)),
        buffering_hints: Some(BufferingHints {
            size_in_mbs: Some(spec.size_mbs.into()),
            interval_in_seconds: Some(spec.interval_s.into()),
        }),
        compression_format: Some("UNCOMPRESSED".into()),
        ..S3DestinationConfiguration::default()
    }
}

pub fn create_delivery_stream(spec: &DeliverySpec) -> Command {
    let processing =
        spec.transform.as_deref().map(|arn| ProcessingConfiguration::lambda(arn).to_json());
    let mut input = CreateDeliveryStreamInput {
        delivery_stream_name: Some(spec.name.into()),
        delivery_stream_type: Some("DirectPut".into()),
        ..CreateDeliveryStreamInput::default()
    };
    match spec.redshift_retry_s {
        None => {
            input.extended_s3_destination_configuration = Some(S3DestinationConfiguration {
                processing_configuration: processing,
                ..s3_destination(spec)
            })
        }
        Some(retry) => {
            input.redshift = Some(RedshiftDestinationConfiguration {
                role_arn: Some(ROLE_ARN.into()),
                cluster_jdbc_url: Some(REDSHIFT_JDBC_URL.into()),
                copy_command: Some(CopyCommand {
                    data_table_name: Some("clicks".into()),
                    data_table_columns: None,
                    copy_options: Some("JSON 'auto'".into()),
                }),
                username: Some("firehose_loader".into()),
                password: Some("Sandbox-Passw0rd".into()),
                retry_options: Some(RetryOptions { duration_in_seconds: Some(retry.into()) }),
                s3_configuration: Some(s3_destination(spec)),
                processing_configuration: processing,
                ..RedshiftDestinationConfiguration::default()
            })
        }
    }
    if let Some(stream) = spec.source_stream {
        input.delivery_stream_type = Some("KinesisStreamAsSource".into());
        input.kinesis_stream_source_configuration = Some(KinesisStreamSourceConfiguration {
            kinesis_stream_arn: Some(stream_arn(stream)),
            role_arn: Some(ROLE_ARN.into()),
        });
    }
    api(Call::new(&input))
}

/// The clickstream setup levels, tours and questions share: a bucket, a 1-shard Kinesis stream
/// `clickstream`, and the delivery stream `to-s3` reading it into `clickstream-archive` with these
/// hints (created a second in, once the stream is ACTIVE).
pub fn clickstream_to_s3(size_mbs: u32, interval_s: u32) -> crate::script::Script {
    let mut s = crate::script::Script::new();
    s.push(create_bucket("clickstream-archive"));
    s.push(create_stream("clickstream", 1));
    s.at(1_000).push(create_delivery_stream(&DeliverySpec {
        name: "to-s3",
        bucket: "clickstream-archive",
        source_stream: Some("clickstream"),
        size_mbs,
        interval_s,
        ..DeliverySpec::default()
    }));
    s
}

/// UpdateDestination of an S3 delivery stream's buffering hints. A new stream is at version 1
/// and its one destination is `destinationId-000000000001`.
pub fn update_buffering(name: &str, version: u64, size_mbs: u32, interval_s: u32) -> Command {
    api(Call::new(&UpdateDestinationInput {
        delivery_stream_name: Some(name.into()),
        current_delivery_stream_version_id: Some(version.to_string()),
        destination_id: Some("destinationId-000000000001".into()),
        extended_s3_destination_update: Some(S3DestinationConfiguration {
            buffering_hints: Some(BufferingHints {
                size_in_mbs: Some(size_mbs.into()),
                interval_in_seconds: Some(interval_s.into()),
            }),
            ..S3DestinationConfiguration::default()
        }),
        ..UpdateDestinationInput::default()
    }))
}

/// PutRecordBatch of newline-terminated JSON records.
pub fn put_record_batch(name: &str, records: impl IntoIterator<Item = String>) -> Command {
    api(Call::new(&PutRecordBatchInput {
        delivery_stream_name: Some(name.into()),
        records: Some(
            records
                .into_iter()
                .map(|r| FirehoseRecord { data: Some(FirehoseBlob::from(r.into_bytes())) })
                .collect(),
        ),
    }))
}

pub fn outage(delivery_stream: &str, destination: Target, down: bool) -> Command {
    Command::Firehose(FirehoseCommand::SetDestinationOutage {
        delivery_stream: delivery_stream.into(),
        destination,
        down,
    })
}

/// The ARN of one of the sandbox's built-in transforms, its arguments in the qualifier.
pub fn transform_arn(function: &str, args: &str) -> String {
    format!("arn:aws:lambda:{REGION}:123456789012:function:{function}:{args}")
}

// ----- Kinesis Data Analytics -------------------------------------------------------------------

pub fn ticker_feed(feed: &str, stream: &str, rate: u32, symbols: u16) -> Command {
    Command::Analytics(AnalyticsCommand::StartTickerFeed {
        feed: feed.into(),
        stream: stream.into(),
        rate,
        symbols,
    })
}

fn resource(arn: String) -> Option<ResourceRef> {
    Some(ResourceRef { resource_arn: Some(arn), role_arn: Some(ROLE_ARN.into()) })
}

/// An application reading the ticker stream `input` and writing DESTINATION_SQL_STREAM to the
/// stream `output`, running `code`.
pub fn create_application(app: &str, code: &str, input: &str, output: &str) -> Command {
    api(Call::new(&CreateApplicationInput {
        application_name: Some(app.into()),
        application_code: Some(code.into()),
        inputs: Some(vec![Input {
            name_prefix: Some("SOURCE_SQL_STREAM".into()),
            kinesis_streams_input: resource(stream_arn(input)),
            input_schema: Some(engine::analytics::feed::input_schema()),
            ..Input::default()
        }]),
        outputs: Some(vec![Output {
            name: Some("DESTINATION_SQL_STREAM".into()),
            kinesis_streams_output: resource(stream_arn(output)),
            destination_schema: Some(DestinationSchema { record_format_type: Some("JSON".into()) }),
            ..Output::default()
        }]),
        ..CreateApplicationInput::default()
    }))
}

pub fn start_application(app: &str) -> Command {
    api(Call::new(&StartApplicationInput {
        application_name: Some(app.into()),
        input_configurations: Some(vec![InputConfiguration {
            id: Some("1.1".into()),
            input_starting_position_configuration: Some(InputStartingPositionConfiguration {
                input_starting_position: Some("NOW".into()),
            }),
        }]),
    }))
}

pub fn update_application_code(app: &str, version: i64, code: &str) -> Command {
    api(Call::new(&UpdateApplicationInput {
        application_name: Some(app.into()),
        current_application_version_id: Some(version),
        application_update: Some(ApplicationUpdate {
            application_code_update: Some(code.into()),
            ..ApplicationUpdate::default()
        }),
    }))
}

/// The code of one of the developer guide's examples (`tumbling`, `sliding`, `stagger`, ...).
pub fn example_code(id: &str) -> String {
    engine::analytics::examples()
        .into_iter()
        .find(|e| e.id == id)
        .map(|e| e.code.to_string())
        .unwrap_or_default()
}
