//! The reference scenario: one fixed seven-minute script that drives every service, whose
//! event-log fingerprint must come out the same natively and in the browser. Tests pin its
//! fingerprint; the app exports it to wasm. It covers the code most likely to differ between
//! platforms: hashing and routing, compression (GZIP, ZIP, Snappy), retries after an outage,
//! floating-point SQL aggregates, EMR's blocks and tasks, a pipeline's schedule and its Ec2Resource,
//! IAM users. Each new service adds its part here.
//!
//! A Snowball import takes days of virtual time, which the two-minute script (whose producers
//! never stop) cannot span: it is a second script ([`reference_snowball_commands`]) on its own
//! world with the same seed, and the fingerprint covers both runs.

use crate::analytics::AnalyticsCommand;
use crate::emr::EmrCommand;
use crate::firehose::{FirehoseCommand, Target};
use crate::kinesis::{ActorCommand, KeyDistribution, Retrieval};
use crate::pipeline::PipelineCommand;
use crate::s3::S3Command;
use crate::sim::{Command, CommandRecord, World, WorldConfig};

pub const REFERENCE_SEED: u64 = 2026;

/// Every service's part, in time order.
pub fn reference_commands() -> Vec<CommandRecord> {
    let mut all = [kinesis(), firehose(), analytics(), s3(), emr(), access(), pipeline()].concat();
    // A stable sort keeps each part's own order among commands at the same time.
    all.sort_by_key(|c| c.at);
    all
}

pub use super::reference_snowball::reference_snowball_commands;

/// Replays the reference scenario (the two-minute script, then the Snowball import on a world
/// of its own) and returns one fingerprint of both event logs.
pub fn reference_fingerprint() -> u64 {
    let replay =
        |commands| World::replay(WorldConfig::with_seed(REFERENCE_SEED), commands).log_hash();
    let streaming = replay(reference_commands());
    let snowball = replay(reference_snowball_commands());
    // Order matters: a swap of the two logs must not give the same fingerprint.
    streaming.rotate_left(17) ^ snowball.wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

pub(crate) fn call(at: u64, target: &str, body: &str) -> CommandRecord {
    CommandRecord { at, command: Command::api(target, body) }
}

fn kinesis_api(at: u64, action: &str, body: &str) -> CommandRecord {
    call(at, &format!("Kinesis_20131202.{action}"), body)
}

fn firehose_api(at: u64, action: &str, body: &str) -> CommandRecord {
    call(at, &format!("Firehose_20150804.{action}"), body)
}

fn s3_api(at: u64, action: &str, body: &str) -> CommandRecord {
    call(at, &format!("s3.{action}"), body)
}

/// S3 through its API: a versioned bucket with three versions of a key and a delete marker, a
/// multipart upload (two 5 MiB parts and a small last one), a checksummed write, a ranged
/// read, a copy, default encryption switched to SSE-KMS. (Every command succeeds: the
/// scenario's failures are Kinesis throttling and Firehose retries, and its tests say so.)
fn s3() -> Vec<CommandRecord> {
    const MIB: u32 = 1024 * 1024;
    vec![
        s3_api(2_000, "CreateBucket", r#"{"Bucket":"history"}"#),
        s3_api(
            2_100,
            "PutBucketVersioning",
            r#"{"Bucket":"history","VersioningConfiguration":{"Status":"Enabled"}}"#,
        ),
        s3_api(
            2_200,
            "PutObject",
            r#"{"Bucket":"history","Key":"notes.txt","Body":"Zmlyc3Q=","ContentType":"text/plain"}"#,
        ),
        s3_api(
            9_000,
            "PutObject",
            r#"{"Bucket":"history","Key":"notes.txt","Body":"c2Vjb25k","ChecksumAlgorithm":"CRC32","ChecksumCRC32":"th8RaQ=="}"#,
        ),
        s3_api(
            9_100,
            "PutObject",
            r#"{"Bucket":"history","Key":"notes.txt","Body":"c2Vjb25k","Metadata":{"Author":"learner"}}"#,
        ),
        s3_api(12_000, "DeleteObject", r#"{"Bucket":"history","Key":"notes.txt"}"#),
        s3_api(12_100, "ListObjectsV2", r#"{"Bucket":"history","EncodingType":"url"}"#),
        learner(
            15_000,
            S3Command::UploadInParts {
                bucket: "history".into(),
                key: "big.bin".into(),
                part_sizes: vec![5 * MIB, 5 * MIB, 1_000],
            },
        ),
        s3_api(
            17_000,
            "GetObject",
            r#"{"Bucket":"history","Key":"big.bin","Range":"bytes=5242878-5242881"}"#,
        ),
        s3_api(
            17_100,
            "CopyObject",
            r#"{"Bucket":"history","Key":"big-copy.bin","CopySource":"history/big.bin"}"#,
        ),
        s3_api(
            18_000,
            "PutBucketEncryption",
            r#"{"Bucket":"history","ServerSideEncryptionConfiguration":{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms"}}]}}"#,
        ),
        s3_api(18_100, "PutObject", r#"{"Bucket":"history","Key":"secret.txt","Body":"c2g="}"#),
        s3_api(19_000, "ListObjectVersions", r#"{"Bucket":"history"}"#),
    ]
}

fn analytics_api(at: u64, action: &str, body: &str) -> CommandRecord {
    call(at, &format!("KinesisAnalytics_20150814.{action}"), body)
}

pub(crate) fn learner(at: u64, command: impl Into<Command>) -> CommandRecord {
    CommandRecord { at, command: command.into() }
}

fn actor(at: u64, c: ActorCommand) -> CommandRecord {
    learner(at, c)
}

/// Kinesis: a stream, producers with random and skewed keys (so one shard is throttled), a
/// polling KCL application with two workers (one of which dies), an enhanced fan-out
/// application, a split, a merge and a uniform rescale.
fn kinesis() -> Vec<CommandRecord> {
    let arn = "arn:aws:kinesis:us-east-1:000000000000:stream/orders";
    vec![
        kinesis_api(0, "CreateStream", r#"{"StreamName":"orders","ShardCount":2}"#),
        actor(
            1_000,
            ActorCommand::StartProducer {
                id: "web".into(),
                stream: "orders".into(),
                rate: 600,
                record_bytes: 200,
                keys: KeyDistribution::Uniform { keys: 1000 },
                batch: 100,
                max_retries: 3,
            },
        ),
        actor(
            1_500,
            ActorCommand::StartProducer {
                id: "flash-sale".into(),
                stream: "orders".into(),
                rate: 1_400,
                record_bytes: 100,
                keys: KeyDistribution::HotKey { keys: 50, hot_percent: 90 },
                batch: 500,
                max_retries: 3,
            },
        ),
        actor(
            2_000,
            ActorCommand::StartKcl {
                app: "billing".into(),
                stream: "orders".into(),
                workers: 2,
                retrieval: Retrieval::Polling { interval_ms: 1_000, max_records: 10_000 },
            },
        ),
        actor(
            2_500,
            ActorCommand::StartKcl {
                app: "dashboard".into(),
                stream: "orders".into(),
                workers: 1,
                retrieval: Retrieval::FanOut,
            },
        ),
        actor(
            3_000,
            ActorCommand::StartProducer {
                id: "mobile".into(),
                stream: "orders".into(),
                rate: 60,
                record_bytes: 400,
                keys: KeyDistribution::Zipf { keys: 200, exponent_milli: 1100 },
                batch: 1,
                max_retries: 3,
            },
        ),
        kinesis_api(
            20_000,
            "SplitShard",
            r#"{"StreamName":"orders","ShardToSplit":"shardId-000000000000","NewStartingHashKey":"85070591730234615865843651857942052864"}"#,
        ),
        kinesis_api(
            21_000,
            "SplitShard",
            r#"{"StreamName":"orders","ShardToSplit":"shardId-000000000001","NewStartingHashKey":"255211775190703847597530955573826158592"}"#,
        ),
        actor(40_000, ActorCommand::KillWorker { app: "billing".into(), worker: 0 }),
        kinesis_api(
            60_000,
            "MergeShards",
            r#"{"StreamName":"orders","ShardToMerge":"shardId-000000000002","AdjacentShardToMerge":"shardId-000000000003"}"#,
        ),
        actor(70_000, ActorCommand::AddWorker { app: "billing".into() }),
        kinesis_api(
            80_000,
            "UpdateShardCount",
            r#"{"StreamName":"orders","TargetShardCount":4,"ScalingType":"UNIFORM_SCALING"}"#,
        ),
        kinesis_api(90_000, "ListStreamConsumers", &format!(r#"{{"StreamARN":"{arn}"}}"#)),
        actor(100_000, ActorCommand::StopProducer { id: "flash-sale".into() }),
        kinesis_api(120_000, "DescribeStreamSummary", r#"{"StreamName":"orders"}"#),
        // The producers stop at two minutes: the rest of the scenario is EMR's.
        actor(120_000, ActorCommand::StopProducer { id: "web".into() }),
        actor(120_000, ActorCommand::StopProducer { id: "mobile".into() }),
    ]
}

/// Firehose to S3: three DirectPut delivery streams compressing with GZIP, ZIP and Snappy, a
/// bucket outage during the first interval flush (retried with back-off until it ends).
fn firehose() -> Vec<CommandRecord> {
    let mut out = vec![learner(3_000, S3Command::CreateBucket { bucket: "lake".into() })];
    let formats = [("clicks-gzip", "GZIP"), ("clicks-zip", "ZIP"), ("clicks-snappy", "Snappy")];
    for (i, (name, format)) in formats.iter().enumerate() {
        let body = format!(
            r#"{{"DeliveryStreamName":"{name}","DeliveryStreamType":"DirectPut","ExtendedS3DestinationConfiguration":{{"RoleARN":"arn:aws:iam::000000000000:role/firehose","BucketARN":"arn:aws:s3:::lake","Prefix":"{name}/","CompressionFormat":"{format}","BufferingHints":{{"SizeInMBs":1,"IntervalInSeconds":60}}}}}}"#
        );
        out.push(firehose_api(3_500 + i as u64 * 100, "CreateDeliveryStream", &body));
    }
    for at in [6_000, 30_000, 75_000, 100_000] {
        for (name, _) in formats {
            // `{"click":N,"page":"/home"}\n`, base64: small JSON lines, as a web tier sends.
            let records: Vec<String> = (0..20)
                .map(|n| {
                    let line = format!("{{\"click\":{},\"page\":\"/p{}\"}}\n", at + n, n % 3);
                    format!(r#"{{"Data":"{}"}}"#, base64_of(line.as_bytes()))
                })
                .collect();
            let body =
                format!(r#"{{"DeliveryStreamName":"{name}","Records":[{}]}}"#, records.join(","));
            out.push(firehose_api(at, "PutRecordBatch", &body));
        }
    }
    let outage = |down| FirehoseCommand::SetDestinationOutage {
        delivery_stream: "clicks-gzip".into(),
        destination: Target::S3,
        down,
    };
    out.push(learner(50_000, outage(true)));
    out.push(learner(90_000, outage(false)));
    out
}

/// Kinesis Data Analytics: the demo ticker feed into a stream, an application averaging prices
/// (floats) over ten-second tumbling windows into a results stream.
fn analytics() -> Vec<CommandRecord> {
    let arn = |s: &str| format!("arn:aws:kinesis:us-east-1:000000000000:stream/{s}");
    let code = r#"CREATE OR REPLACE STREAM \"DESTINATION_SQL_STREAM\" (ticker_symbol VARCHAR(4), avg_price DOUBLE, trades INTEGER);\nCREATE OR REPLACE PUMP \"STREAM_PUMP\" AS INSERT INTO \"DESTINATION_SQL_STREAM\"\n    SELECT STREAM ticker_symbol, AVG(price), COUNT(*) FROM \"SOURCE_SQL_STREAM_001\"\n    GROUP BY ticker_symbol, STEP(\"SOURCE_SQL_STREAM_001\".ROWTIME BY INTERVAL '10' SECOND);"#;
    let schema = r#"{"RecordFormat":{"RecordFormatType":"JSON","MappingParameters":{"JSONMappingParameters":{"RecordRowPath":"$"}}},"RecordEncoding":"UTF-8","RecordColumns":[{"Name":"TICKER_SYMBOL","Mapping":"$.TICKER_SYMBOL","SqlType":"VARCHAR(4)"},{"Name":"SECTOR","Mapping":"$.SECTOR","SqlType":"VARCHAR(16)"},{"Name":"CHANGE","Mapping":"$.CHANGE","SqlType":"REAL"},{"Name":"PRICE","Mapping":"$.PRICE","SqlType":"REAL"}]}"#;
    let create = format!(
        r#"{{"ApplicationName":"ticker-averages","ApplicationCode":"{code}","Inputs":[{{"NamePrefix":"SOURCE_SQL_STREAM","KinesisStreamsInput":{{"ResourceARN":"{}","RoleARN":"arn:aws:iam::000000000000:role/kda"}},"InputSchema":{schema}}}],"Outputs":[{{"Name":"DESTINATION_SQL_STREAM","KinesisStreamsOutput":{{"ResourceARN":"{}","RoleARN":"arn:aws:iam::000000000000:role/kda"}},"DestinationSchema":{{"RecordFormatType":"JSON"}}}}]}}"#,
        arn("ticker"),
        arn("averages")
    );
    vec![
        kinesis_api(4_000, "CreateStream", r#"{"StreamName":"ticker","ShardCount":1}"#),
        kinesis_api(4_000, "CreateStream", r#"{"StreamName":"averages","ShardCount":1}"#),
        learner(
            5_000,
            AnalyticsCommand::StartTickerFeed {
                feed: "demo".into(),
                stream: "ticker".into(),
                rate: 20,
                symbols: 0,
            },
        ),
        analytics_api(5_000, "CreateApplication", &create),
        analytics_api(
            6_000,
            "StartApplication",
            r#"{"ApplicationName":"ticker-averages","InputConfigurations":[{"Id":"1.1","InputStartingPositionConfiguration":{"InputStartingPosition":"NOW"}}]}"#,
        ),
        learner(110_000, AnalyticsCommand::StopTickerFeed { feed: "demo".into() }),
    ]
}

fn emr_api(at: u64, action: &str, body: &str) -> CommandRecord {
    call(at, &format!("ElasticMapReduce.{action}"), body)
}

/// EMR: a transient cluster of three core nodes (HDFS with 1 MiB blocks and two replicas)
/// copies AWS's sample word-count input into HDFS with `hdfs dfs -cp`, runs the streaming
/// word count of AWS's tutorial on it into S3, loses a core node while the maps run (its
/// attempts are killed and run again, the NameNode marks it stale), then ends after its last
/// step: TERMINATED with "Steps completed", HDFS gone, the output in S3.
fn emr() -> Vec<CommandRecord> {
    let run = r#"{"Name":"reference","ReleaseLabel":"emr-7.1.0","ServiceRole":"EMR_DefaultRole","Configurations":[{"Classification":"hdfs-site","Properties":{"dfs.replication":"2","dfs.blocksize":"1m"}}],"Instances":{"InstanceGroups":[{"InstanceRole":"MASTER","InstanceType":"m5.xlarge","InstanceCount":1},{"InstanceRole":"CORE","InstanceType":"m5.xlarge","InstanceCount":3}]},"Steps":[{"Name":"Copy the sample input","ActionOnFailure":"TERMINATE_CLUSTER","HadoopJarStep":{"Jar":"command-runner.jar","Args":["hdfs","dfs","-cp","s3://elasticmapreduce/samples/wordcount/input","/input"]}},{"Name":"Word count","ActionOnFailure":"TERMINATE_CLUSTER","HadoopJarStep":{"Jar":"command-runner.jar","Args":["hadoop-streaming","-files","s3://elasticmapreduce/samples/wordcount/wordSplitter.py","-mapper","wordSplitter.py","-reducer","aggregate","-input","/input","-output","s3://lake/wordcount/"]}}]}"#;
    vec![
        emr_api(0, "RunJobFlow", run),
        learner(
            299_000,
            EmrCommand::LoseNode { cluster: "reference".into(), node: "core-1".into() },
        ),
        emr_api(420_000, "ListClusters", r#"{"ClusterStates":["TERMINATED"]}"#),
    ]
}

/// IAM: an analyst user with an inline policy that lets her read EMR clusters (EMR's security
/// groups come with the cluster above: EC2's part).
fn access() -> Vec<CommandRecord> {
    let policy = r#"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"elasticmapreduce:Describe*\",\"elasticmapreduce:List*\"],\"Resource\":\"*\"}]}"#;
    vec![
        call(5_000, "iam.CreateUser", r#"{"UserName":"analyst"}"#),
        call(
            5_100,
            "iam.PutUserPolicy",
            &format!(
                r#"{{"UserName":"analyst","PolicyName":"read-emr","PolicyDocument":"{policy}"}}"#
            ),
        ),
    ]
}

/// Data Pipeline: an on-demand pipeline, created, defined and activated in one learner command,
/// whose ShellCommandActivity waits for its Ec2Resource to boot (the sandbox's 5 minutes), then
/// writes a file to S3 and finishes before the script ends.
fn pipeline() -> Vec<CommandRecord> {
    let objects = r#"[{"id":"Default","name":"Default","fields":[{"key":"scheduleType","stringValue":"ondemand"},{"key":"pipelineLogUri","stringValue":"s3://history/logs/"},{"key":"role","stringValue":"DataPipelineDefaultRole"},{"key":"resourceRole","stringValue":"DataPipelineDefaultResourceRole"}]},{"id":"Worker","name":"Worker","fields":[{"key":"type","stringValue":"Ec2Resource"},{"key":"terminateAfter","stringValue":"1 hour"}]},{"id":"Report","name":"Report","fields":[{"key":"type","stringValue":"ShellCommandActivity"},{"key":"command","stringValue":"echo reference run > s3://history/pipeline/report.txt"},{"key":"runsOn","refValue":"Worker"}]}]"#;
    vec![learner(
        10_000,
        PipelineCommand::RunDefinition { name: "reference".into(), objects: objects.into() },
    )]
}

fn base64_of(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}
