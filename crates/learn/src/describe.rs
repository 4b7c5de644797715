//! Commands in words, for the commands that are not AWS API calls (a simulated producer's
//! setting, a destination outage): the app prints API calls as the `aws ...` line the AWS CLI
//! would run, and these as what they do.

use engine::analytics::AnalyticsCommand;
use engine::emr::EmrCommand;
use engine::firehose::FirehoseCommand;
use engine::kinesis::{ActorCommand, KeyDistribution, Retrieval};
use engine::pipeline::PipelineCommand;
use engine::s3::S3Command;
use engine::snowball::SnowballCommand;
use engine::Command;

use crate::observe::grouped;

pub fn keys(keys: &KeyDistribution) -> String {
    match keys {
        KeyDistribution::Uniform { keys } => format!("uniform over {keys} keys"),
        KeyDistribution::Zipf { keys, .. } => format!("skewed (Zipf) over {keys} keys"),
        KeyDistribution::HotKey { keys, hot_percent } => {
            format!("{hot_percent}% on key-0, the rest over {} keys", keys.saturating_sub(1))
        }
        KeyDistribution::ExplicitHashKeys { keys } => {
            format!("explicit hash keys, {keys} values spread evenly")
        }
    }
}

fn retrieval(r: &Retrieval) -> String {
    match r {
        Retrieval::Polling { interval_ms, max_records } => format!(
            "GetRecords every {} ms, up to {} records a call",
            grouped(*interval_ms as u64),
            grouped(*max_records as u64)
        ),
        Retrieval::FanOut => "enhanced fan-out (SubscribeToShard)".into(),
    }
}

fn actor(c: &ActorCommand) -> String {
    match c {
        ActorCommand::StartProducer { id, stream, rate, record_bytes, keys: k, .. } => format!(
            "{id} writes {} records/s of {} bytes to {stream}, keys {}",
            grouped(*rate as u64),
            grouped(*record_bytes as u64),
            keys(k)
        ),
        ActorCommand::StopProducer { id } => format!("{id} stops"),
        ActorCommand::StartKcl { app, stream, workers, retrieval: r } => {
            format!(
                "KCL application {app} reads {stream} with {workers} worker(s): {}",
                retrieval(r)
            )
        }
        ActorCommand::StopKcl { app } => format!("KCL application {app} stops"),
        ActorCommand::SetRetrieval { app, retrieval: r } => {
            format!("{app} is redeployed with {}", retrieval(r))
        }
        ActorCommand::AddWorker { app } => format!("{app} starts another worker"),
        ActorCommand::KillWorker { app, worker } => format!("worker {worker} of {app} crashes"),
    }
}

/// What a command does, in a line: the action and its main arguments.
pub fn command(c: &Command) -> String {
    match c {
        Command::Api { target, .. } => target.rsplit('.').next().unwrap_or(target).to_string(),
        Command::Kinesis(a) => actor(a),
        Command::Firehose(FirehoseCommand::SetDestinationOutage {
            delivery_stream,
            destination,
            down,
        }) => format!(
            "the {} destination of {delivery_stream} goes {}",
            destination.as_str(),
            if *down { "down" } else { "back up" }
        ),
        Command::S3(S3Command::CreateBucket { bucket }) => format!("aws s3 mb s3://{bucket}"),
        Command::S3(S3Command::DeleteBucket { bucket }) => format!("aws s3 rb s3://{bucket}"),
        Command::S3(S3Command::PutObject { bucket, key, .. }) => {
            format!("aws s3 cp - s3://{bucket}/{key}")
        }
        Command::S3(S3Command::DeleteObject { bucket, key }) => {
            format!("aws s3 rm s3://{bucket}/{key}")
        }
        Command::S3(S3Command::UploadInParts { bucket, key, part_sizes }) => {
            format!("a {}-part upload to s3://{bucket}/{key}", part_sizes.len())
        }
        Command::Analytics(AnalyticsCommand::StartTickerFeed { feed, stream, rate, .. }) => {
            format!("the ticker feed {feed} writes {rate} records/s to {stream}")
        }
        Command::Analytics(AnalyticsCommand::StopTickerFeed { feed }) => {
            format!("the ticker feed {feed} stops")
        }
        Command::Emr(e) => emr(e),
        Command::Snowball(s) => snowball(s),
        Command::Ec2(engine::ec2::Ec2Command::Connect { source, instance, protocol, port }) => {
            format!(
                "connect from {} to {instance} on {} {port}",
                source.text(),
                protocol.to_ascii_uppercase()
            )
        }
        Command::Ec2(engine::ec2::Ec2Command::Ssh { source, cluster, key_pair_file }) => {
            format!(
                "ssh -i {key_pair_file} hadoop@ the primary node of {cluster} from {}",
                source.text()
            )
        }
        Command::Iam(i) => match *i {},
        Command::DataPipeline(p) => pipeline(p),
        Command::ImportExport(engine::importexport::DiskCommand::ShipDevice {
            job_id,
            capacity_bytes,
            ..
        }) => format!(
            "your {} TB drive for job {job_id} ships to AWS",
            capacity_bytes / 1_000_000_000_000
        ),
    }
}

fn pipeline(c: &PipelineCommand) -> String {
    match c {
        PipelineCommand::FailActivity { pipeline_id, object_id, times } => {
            format!("the next {times} attempt(s) of {object_id} in {pipeline_id} fail")
        }
        PipelineCommand::RunDefinition { name, .. } => {
            format!("pipeline {name} is created, defined and activated")
        }
        PipelineCommand::SetTaskRunner { worker_group, running: true } => {
            format!("the Task Runner of worker group {worker_group} starts")
        }
        PipelineCommand::SetTaskRunner { worker_group, .. } => {
            format!("the Task Runner of worker group {worker_group} stops")
        }
        PipelineCommand::RdsSql { instance, database, .. } => {
            format!("SQL runs on database {database} of RDS instance {instance}")
        }
        PipelineCommand::CreateDynamoTable { table_name, .. } => {
            format!("DynamoDB table {table_name} is created")
        }
        PipelineCommand::PutDynamoItem { table_name, .. } => {
            format!("an item is put into DynamoDB table {table_name}")
        }
    }
}

fn emr(c: &EmrCommand) -> String {
    match c {
        EmrCommand::LoseNode { cluster, node } => format!("{node} of {cluster} is lost"),
        EmrCommand::StopHeartbeat { cluster, node } => {
            format!("the DataNode on {node} of {cluster} stops heartbeating")
        }
        EmrCommand::LoseDisk { cluster, node, disk } => {
            format!("disk {disk} of {node} in {cluster} fails")
        }
        EmrCommand::Shell { line, .. } => format!("$ {line}"),
        EmrCommand::FailTask { cluster, task } => format!("task {task} of {cluster} fails"),
        EmrCommand::SetEra { ssh_open_to_world, visibility_2019 } => {
            match (ssh_open_to_world, visibility_2019) {
                (false, false) => "today's access rules".into(),
                (true, false) => "the rules before December 2020 (SSH open to the world)".into(),
                (false, true) => "2019's VisibleToAllUsers rule".into(),
                (true, true) => {
                    "2019's rules (SSH open to the world, VisibleToAllUsers honoured)".into()
                }
            }
        }
    }
}

/// The Snowball client's verb on a device, as its command line reads.
fn snowball(c: &SnowballCommand) -> String {
    match c {
        SnowballCommand::UnlockDevice { job_id, .. } => {
            format!("snowball start -m {job_id}_manifest.bin -u <unlock code>")
        }
        SnowballCommand::CopyFiles { destination, files, .. } => {
            format!("snowball cp {} file(s) to {destination}", files.len())
        }
        SnowballCommand::CopyGenerated { destination, files, .. } => {
            format!("snowball cp -r ({files} generated log files) {destination}")
        }
        SnowballCommand::CopyDescribed { destination, bytes, .. } => {
            format!("snowball cp -r ({} bytes described by size) {destination}", grouped(*bytes))
        }
        SnowballCommand::ReadFromDevice { path, .. } => format!("snowball cp {path} ."),
        SnowballCommand::RunEdgeCompute { program, .. } => {
            format!(
                "Snowball Edge's instance (the job's AMI) runs {program} over the device's files"
            )
        }
        SnowballCommand::PutDescribedData { bucket, key, bytes, .. } => {
            format!("({} bytes described by size) into s3://{bucket}/{key}", grouped(*bytes))
        }
    }
}
