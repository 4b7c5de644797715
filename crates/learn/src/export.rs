//! Export to real AWS: a CloudFormation template of what a scenario built (streams, enhanced
//! fan-out consumers, buckets, delivery streams, Kinesis Data Analytics applications, EMR
//! clusters with their steps, Data Pipeline pipelines), with the scenario's own numbers (shard counts, retention,
//! buffering hints, retry durations, instance types and counts, HDFS settings), and
//! an honest list of what a template cannot hold: the simulated producers and consumer
//! applications (your code), the sandbox's faults, its built-in transform functions, the
//! scripts steps read from S3, appliance jobs (Snowball, Import/Export Disk) and retired
//! services. The template is what `cfn-lint` checks in the tests.

use std::collections::BTreeSet;

use engine::emr::ConfigurationView;
use engine::firehose::DeliveryStreamView;
use engine::kinesis::StreamView;
use engine::pipeline::PipelineView;
use engine::World;
use serde_json::{json, Map, Value};

/// Something the template leaves out, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Manual {
    pub what: String,
    pub why: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Export {
    pub template: Value,
    pub manual: Vec<Manual>,
}

impl Export {
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.template).unwrap_or_default()
    }
}

const ROLE: &str = "SandboxDeliveryRole";
/// Where the template finds the Redshift credentials (a dynamic reference, never a literal).
const REDSHIFT_SECRET: &str = "data-sandbox/redshift";

/// `clickstream-archive` as part of a logical id: `ClickstreamArchive`.
fn camel(name: &str) -> String {
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut cs = p.chars();
            cs.next().map(|c| c.to_ascii_uppercase().to_string() + cs.as_str()).unwrap_or_default()
        })
        .collect()
}

/// Logical ids, unique within the template.
#[derive(Default)]
struct Ids(BTreeSet<String>);

impl Ids {
    fn make(&mut self, kind: &str, name: &str) -> String {
        let base = format!("{kind}{}", camel(name));
        let mut id = base.clone();
        let mut n = 2;
        while !self.0.insert(id.clone()) {
            id = format!("{base}{n}");
            n += 1;
        }
        id
    }
}

fn get_att(id: &str, attribute: &str) -> Value {
    json!({ "Fn::GetAtt": [id, attribute] })
}

fn role_arn() -> Value {
    get_att(ROLE, "Arn")
}

struct Builder<'a> {
    world: &'a World,
    ids: Ids,
    resources: Map<String, Value>,
    manual: Vec<Manual>,
    streams: Vec<(String, String)>,
    buckets: Vec<(String, String)>,
    deliveries: Vec<(String, String)>,
}

impl Builder<'_> {
    fn stream_id(&self, name: &str) -> Option<&str> {
        self.streams.iter().find(|(n, _)| n == name).map(|(_, id)| id.as_str())
    }

    fn bucket_arn(&self, bucket: &str) -> Value {
        match self.buckets.iter().find(|(n, _)| n == bucket) {
            Some((_, id)) => get_att(id, "Arn"),
            None => json!(format!("arn:aws:s3:::{bucket}")),
        }
    }

    fn add(&mut self, id: String, resource: Value) {
        self.resources.insert(id, resource);
    }

    fn note(&mut self, what: impl Into<String>, why: impl Into<String>) {
        self.manual.push(Manual { what: what.into(), why: why.into() });
    }

    fn kinesis(&mut self) {
        for s in self.world.view().kinesis().streams() {
            let id = self.ids.make("Stream", &s.name);
            self.add(id.clone(), stream(&s));
            for c in &s.consumers {
                let cid = self.ids.make("Consumer", &format!("{}-{}", s.name, c.name));
                self.add(
                    cid,
                    json!({ "Type": "AWS::Kinesis::StreamConsumer", "Properties": {
                        "ConsumerName": c.name, "StreamARN": get_att(&id, "Arn") } }),
                );
            }
            self.streams.push((s.name.clone(), id));
        }
        let view = self.world.view();
        let k = view.kinesis();
        for p in k.producers() {
            self.note(
                format!("Producer {} ({} records/s into {})", p.id, p.rate, p.stream),
                "The sandbox simulates your producer application; in AWS it is your code (the SDK, the KPL or an agent) calling PutRecords.",
            );
        }
        for a in k.kcl_apps() {
            self.note(
                format!("Consumer application {} ({} workers on {})", a.app, a.workers.len(), a.stream),
                "The sandbox simulates a KCL application; in AWS it is your code, with its own DynamoDB lease table, running where you deploy it.",
            );
        }
    }

    fn s3(&mut self) {
        for b in self.world.view().s3().buckets() {
            let id = self.ids.make("Bucket", &b.name);
            self.add(
                id.clone(),
                json!({ "Type": "AWS::S3::Bucket", "Properties": { "BucketName": b.name } }),
            );
            self.buckets.push((b.name, id));
        }
        if !self.buckets.is_empty() {
            self.note(
                "Bucket names",
                "S3 bucket names are global across all accounts: rename them before you deploy.",
            );
        }
    }

    fn firehose(&mut self) {
        for d in self.world.view().firehose().delivery_streams() {
            let id = self.ids.make("DeliveryStream", &d.name);
            let resource = self.delivery_stream(&d);
            self.add(id.clone(), resource);
            self.deliveries.push((d.name.clone(), id));
            if let Some(t) = &d.transform {
                self.note(
                    format!("Transform function of {} ({})", d.name, t.lambda_arn),
                    "A built-in sandbox transform: deploy your own Lambda function with the Firehose data-transformation contract and put its ARN in the template.",
                );
            }
            if d.destinations.iter().any(|x| x.down) {
                self.note(
                    format!("Outage of a destination of {}", d.name),
                    "A simulated fault: there is nothing to deploy.",
                );
            }
        }
    }

    fn s3_configuration(&self, d: &DeliveryStreamView) -> Value {
        let dest = &d.destination;
        let mut c = json!({
            "BucketARN": self.bucket_arn(&dest.bucket),
            "RoleARN": role_arn(),
            "BufferingHints": { "SizeInMBs": dest.size_in_mbs, "IntervalInSeconds": dest.interval_in_seconds },
            "CompressionFormat": dest.compression,
        });
        if let Some(p) = &dest.prefix {
            c["Prefix"] = json!(p);
        }
        if let Some(p) = &dest.error_output_prefix {
            c["ErrorOutputPrefix"] = json!(p);
        }
        c
    }

    fn delivery_stream(&mut self, d: &DeliveryStreamView) -> Value {
        let mut props =
            json!({ "DeliveryStreamName": d.name, "DeliveryStreamType": d.source_type });
        if let Some(source) = &d.source_stream {
            let arn = match self.stream_id(source) {
                Some(id) => get_att(id, "Arn"),
                None => json!(format!("arn:aws:kinesis:us-east-1:000000000000:stream/{source}")),
            };
            props["KinesisStreamSourceConfiguration"] =
                json!({ "KinesisStreamARN": arn, "RoleARN": role_arn() });
        }
        let processing = d.transform.as_ref().map(|t| {
            json!({ "Enabled": true, "Processors": [{ "Type": "Lambda", "Parameters": [
                { "ParameterName": "LambdaArn", "ParameterValue": t.lambda_arn }] }] })
        });
        match (&d.redshift, &d.opensearch) {
            (Some(r), _) => {
                self.note(
                    format!("Redshift user of {}", d.name),
                    format!("The template reads the user and password Firehose loads with from the Secrets Manager secret {REDSHIFT_SECRET} (keys username and password): create it first. The Redshift cluster itself is not part of the scenario."),
                );
                let mut c = json!({
                    "ClusterJDBCURL": r.cluster_jdbc_url,
                    "CopyCommand": { "DataTableName": r.table },
                    "Username": format!("{{{{resolve:secretsmanager:{REDSHIFT_SECRET}:SecretString:username}}}}"),
                    "Password": format!("{{{{resolve:secretsmanager:{REDSHIFT_SECRET}:SecretString:password}}}}"),
                    "RoleARN": role_arn(),
                    "S3Configuration": self.s3_configuration(d),
                    "RetryOptions": { "DurationInSeconds": r.retry_seconds },
                });
                if !r.columns.is_empty() {
                    c["CopyCommand"]["DataTableColumns"] = json!(r.columns.join(","));
                }
                if let Some(o) = &r.copy_options {
                    c["CopyCommand"]["CopyOptions"] = json!(o);
                }
                if let Some(p) = processing {
                    c["ProcessingConfiguration"] = p;
                }
                props["RedshiftDestinationConfiguration"] = c;
            }
            (None, Some(o)) => {
                let domain =
                    if o.domain.starts_with("arn:") { "DomainARN" } else { "ClusterEndpoint" };
                let mut s3 = self.s3_configuration(d);
                let hints = s3.as_object_mut().and_then(|m| m.remove("BufferingHints"));
                let mut c = json!({
                    domain: o.domain,
                    "IndexName": o.index_name,
                    "IndexRotationPeriod": o.index_rotation_period,
                    "RoleARN": role_arn(),
                    "S3BackupMode": o.s3_backup_mode,
                    "S3Configuration": s3,
                    "RetryOptions": { "DurationInSeconds": o.retry_seconds },
                });
                if let Some(h) = hints {
                    c["BufferingHints"] = h;
                }
                if let Some(p) = processing {
                    c["ProcessingConfiguration"] = p;
                }
                let key = if o.elasticsearch {
                    "ElasticsearchDestinationConfiguration"
                } else {
                    "AmazonopensearchserviceDestinationConfiguration"
                };
                props[key] = c;
            }
            (None, None) => {
                let mut c = self.s3_configuration(d);
                if let Some(p) = processing {
                    c["ProcessingConfiguration"] = p;
                }
                props["ExtendedS3DestinationConfiguration"] = c;
            }
        }
        json!({ "Type": "AWS::KinesisFirehose::DeliveryStream", "Properties": props })
    }

    fn destination_ref(&self, target: &str) -> Value {
        let (kind, name) = target.split_once(':').unwrap_or(("", target));
        let found = match kind {
            "kinesis" => self.stream_id(name).map(|id| get_att(id, "Arn")),
            "firehose" => {
                self.deliveries.iter().find(|(n, _)| n == name).map(|(_, id)| get_att(id, "Arn"))
            }
            _ => None,
        };
        found.unwrap_or_else(|| json!(name))
    }

    fn analytics(&mut self) {
        for a in self.world.view().analytics().applications() {
            let id = self.ids.make("Application", &a.name);
            let inputs: Vec<Value> = a.inputs.iter().map(|i| {
                let columns: Vec<Value> = i.columns.iter().map(|(name, ty)| json!({ "Name": name, "SqlType": ty, "Mapping": format!("$.{name}") })).collect();
                let mut input = json!({
                    "NamePrefix": i.in_app_stream.trim_end_matches(|c: char| c == '_' || c.is_ascii_digit()),
                    "InputSchema": { "RecordColumns": columns, "RecordEncoding": "UTF-8",
                        "RecordFormat": { "RecordFormatType": "JSON", "MappingParameters": { "JSONMappingParameters": { "RecordRowPath": "$" } } } },
                });
                let source = json!({ "ResourceARN": self.destination_ref(&i.source), "RoleARN": role_arn() });
                let key = if i.source.starts_with("firehose:") { "KinesisFirehoseInput" } else { "KinesisStreamsInput" };
                input[key] = source;
                input
            }).collect();
            self.add(
                id.clone(),
                json!({ "Type": "AWS::KinesisAnalytics::Application", "Properties": {
                "ApplicationName": a.name, "ApplicationCode": a.code, "Inputs": inputs } }),
            );
            for (n, o) in a.outputs.iter().enumerate() {
                let oid = self.ids.make("Output", &format!("{}-{}", a.name, n + 1));
                let key = match o.destination.split_once(':').map(|x| x.0) {
                    Some("firehose") => "KinesisFirehoseOutput",
                    Some("lambda") => "LambdaOutput",
                    _ => "KinesisStreamsOutput",
                };
                let resource_arn = match o.destination.split_once(':') {
                    Some(("lambda", arn)) => json!(arn),
                    _ => self.destination_ref(&o.destination),
                };
                self.add(oid, json!({ "Type": "AWS::KinesisAnalytics::ApplicationOutput", "Properties": {
                    "ApplicationName": { "Ref": id },
                    "Output": { "Name": o.in_app_stream, "DestinationSchema": { "RecordFormatType": o.format },
                        key: { "ResourceARN": resource_arn, "RoleARN": role_arn() } } } }));
            }
            self.note(
                format!("Kinesis Data Analytics application {}", a.name),
                "Exported for reference and valid under cfn-lint, but Kinesis Data Analytics for SQL is retired: AWS accepts no new applications since 15 October 2025. Run the query on Amazon Managed Service for Apache Flink (AWS::KinesisAnalyticsV2::Application) instead.",
            );
        }
        for f in self.world.view().analytics().feeds() {
            self.note(format!("Ticker feed {} ({} records/s into {})", f.id, f.rate, f.stream), "The sandbox's demo stock-ticker producer: AWS's console used to offer the same demo stream.");
        }
    }

    /// Each cluster as `AWS::EMR::Cluster` with its instance groups, configurations and steps
    /// (a stack creates the cluster and runs the steps; a transient one then terminates, as
    /// in the sandbox). The scripts the steps ship with `-files` are named in the manual list.
    fn emr(&mut self) {
        let view = self.world.view();
        let emr = view.emr();
        let mut scripts = BTreeSet::new();
        let mut hive_scripts = BTreeSet::new();
        for summary in emr.clusters().into_iter().rev() {
            let Some(c) = emr.cluster(&summary.id) else { continue };
            let id = self.ids.make("Cluster", &c.name);
            let group = |role: &str| {
                c.groups.iter().find(|g| g.role == role).map(|g| {
                    json!({ "InstanceCount": g.requested, "InstanceType": g.instance_type, "Market": "ON_DEMAND", "Name": g.role.to_lowercase() })
                })
            };
            let mut instances = json!({
                "KeepJobFlowAliveWhenNoSteps": c.keep_alive,
                "TerminationProtected": c.termination_protected,
            });
            if let Some(m) = group("MASTER") {
                instances["MasterInstanceGroup"] = m;
            }
            if let Some(core) = group("CORE") {
                instances["CoreInstanceGroup"] = core;
            }
            let steps: Vec<Value> = c
                .steps
                .iter()
                .map(|s| {
                    scripts.extend(shipped_files(&s.args));
                    hive_scripts.extend(hive_script(&s.args).map(str::to_string));
                    json!({ "Name": s.name, "ActionOnFailure": s.action_on_failure,
                        "HadoopJarStep": { "Jar": s.jar, "Args": s.args } })
                })
                .collect();
            let mut props = json!({
                "Name": c.name,
                "ReleaseLabel": c.release_label,
                "Applications": c.applications.iter().map(|a| json!({ "Name": a })).collect::<Vec<_>>(),
                "Instances": instances,
                "JobFlowRole": c.instance_profile,
                "ServiceRole": c.service_role,
                "VisibleToAllUsers": true,
            });
            if !c.configurations.is_empty() {
                props["Configurations"] =
                    Value::Array(c.configurations.iter().map(configuration).collect());
            }
            if !steps.is_empty() {
                props["Steps"] = Value::Array(steps);
            }
            if c.groups.iter().any(|g| g.role == "TASK") {
                self.note(format!("Task instance groups of {}", c.name), "Add them as AWS::EMR::InstanceGroupConfig resources (InstanceRole TASK) that refer to the cluster: the template keeps the primary and core groups.");
            }
            self.add(id, json!({ "Type": "AWS::EMR::Cluster", "Properties": props }));
            self.note(format!("The roles {} and {} of {}", c.service_role, c.instance_profile, c.name), "Create EMR's default roles once per account before the stack (aws emr create-default-roles).");
        }
        for script in scripts {
            self.note(format!("Streaming script {script}"), "The sandbox's program catalogue holds it in its built-in copy of AWS's sample bucket; on AWS, upload its Python source (shown in the catalogue) to a bucket of yours and change the step's -files path to it.");
        }
        for script in hive_scripts {
            self.note(format!("Hive script {script}"), "The step reads it from S3 when it runs: upload the same HiveQL (open it in the sandbox's S3 view) to that key, or to a bucket of yours and change the step's -f path, before the stack creates the cluster.");
        }
    }

    /// Each pipeline as `AWS::DataPipeline::Pipeline`, with the service's status today and what
    /// a stack cannot start for it (the roles, an on-premises Task Runner).
    fn pipelines(&mut self) {
        let pipelines = self.world.view().pipeline().pipelines();
        if pipelines.is_empty() {
            return;
        }
        let mut worker_groups = BTreeSet::new();
        for p in &pipelines {
            let id = self.ids.make("Pipeline", &p.name);
            self.add(id, pipeline(p));
            for o in &p.objects {
                worker_groups.extend(o.text("workerGroup").map(str::to_string));
            }
        }
        self.note("Data Pipeline", "Data Pipeline closed to new customers on July 25, 2024: only an account that already used it can create these pipelines. AWS suggests AWS Glue, AWS Step Functions or Amazon MWAA for new work. The template is the definition as the sandbox ran it.");
        self.note("The roles DataPipelineDefaultRole and DataPipelineDefaultResourceRole", "The pipelines' role and resourceRole fields name them; create them once per account before the stack.");
        for group in worker_groups {
            self.note(format!("Task Runner for worker group {group}"), "An activity with a workerGroup runs on your own machine: install Task Runner there and start it with --workerGroup, or the activity waits in WAITING_FOR_RUNNER.");
        }
    }

    /// Snowball and Import/Export Disk jobs ship physical devices: no template can order one.
    fn transfer(&mut self) {
        let view = self.world.view();
        for job in view.snowball().jobs() {
            self.note(format!("Snowball job {} ({})", job.id, job.snowball_type), format!("A job ships a physical appliance: CloudFormation has no resource for it. Create it with aws snowball create-job (or the console) once its address exists. This device: {}.", job.availability));
        }
        for job in view.importexport().jobs() {
            self.note(format!("Import/Export Disk job {}", job.id), "AWS Import/Export Disk, where you shipped your own drive, was replaced by Snowball and is retired: its API no longer takes jobs, and CloudFormation never had a resource for it.");
        }
    }

    fn role(&mut self) {
        self.add(ROLE.into(), json!({ "Type": "AWS::IAM::Role", "Properties": {
            "Description": "Lets Firehose and Kinesis Data Analytics read the streams and write to the buckets and streams of this template",
            "AssumeRolePolicyDocument": { "Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Action": "sts:AssumeRole",
                "Principal": { "Service": ["firehose.amazonaws.com", "kinesisanalytics.amazonaws.com"] } }] },
            "Policies": [{ "PolicyName": "data-sandbox-delivery", "PolicyDocument": { "Version": "2012-10-17", "Statement": [{
                "Effect": "Allow",
                "Action": ["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetShardIterator", "kinesis:GetRecords", "kinesis:ListShards", "kinesis:PutRecord", "kinesis:PutRecords",
                    "firehose:PutRecord", "firehose:PutRecordBatch", "s3:AbortMultipartUpload", "s3:GetBucketLocation", "s3:GetObject", "s3:ListBucket", "s3:PutObject", "lambda:InvokeFunction", "lambda:GetFunctionConfiguration"],
                "Resource": "*" }] } }] } }));
    }
}

/// The `s3://` files a streaming step ships with `-files` (comma separated).
fn shipped_files(args: &[String]) -> Vec<String> {
    args.windows(2)
        .filter(|w| w[0] == "-files")
        .flat_map(|w| w[1].split(',').map(str::to_string).collect::<Vec<_>>())
        .filter(|f| f.starts_with("s3://elasticmapreduce/"))
        .collect()
}

/// The script a HIVE step runs (`hive-script --run-hive-script --args -f s3://...`).
fn hive_script(args: &[String]) -> Option<&str> {
    let hive = args.iter().any(|a| a == "--run-hive-script" || a == "hive");
    let script = args.windows(2).find(|w| w[0] == "-f").map(|w| w[1].as_str());
    script.filter(|s| hive && s.starts_with("s3://"))
}

/// One pipeline as `AWS::DataPipeline::Pipeline`: its definition as saved, object by object
/// and field by field (a reference stays a `RefValue`), its parameters and values, and
/// whether it was activated.
fn pipeline(p: &PipelineView) -> Value {
    let objects: Vec<Value> = p
        .objects
        .iter()
        .map(|o| {
            let fields: Vec<Value> = o
                .fields
                .iter()
                .map(|f| {
                    let value = if f.is_ref { "RefValue" } else { "StringValue" };
                    json!({ "Key": f.key, value: f.value })
                })
                .collect();
            json!({ "Id": o.id, "Name": o.name, "Fields": fields })
        })
        .collect();
    let mut props = json!({ "Name": p.name, "Activate": p.activated, "PipelineObjects": objects });
    if !p.parameters.is_empty() {
        let parameters: Vec<Value> = p
            .parameters
            .iter()
            .map(|(id, attributes)| {
                let attributes: Vec<Value> =
                    attributes.iter().map(|(k, v)| json!({ "Key": k, "StringValue": v })).collect();
                json!({ "Id": id, "Attributes": attributes })
            })
            .collect();
        props["ParameterObjects"] = Value::Array(parameters);
    }
    if !p.values.is_empty() {
        let values: Vec<Value> =
            p.values.iter().map(|(id, v)| json!({ "Id": id, "StringValue": v })).collect();
        props["ParameterValues"] = Value::Array(values);
    }
    json!({ "Type": "AWS::DataPipeline::Pipeline", "Properties": props })
}

fn configuration(c: &ConfigurationView) -> Value {
    let mut v = json!({ "Classification": c.classification });
    if !c.properties.is_empty() {
        let props: Map<String, Value> =
            c.properties.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
        v["ConfigurationProperties"] = Value::Object(props);
    }
    if !c.configurations.is_empty() {
        v["Configurations"] = Value::Array(c.configurations.iter().map(configuration).collect());
    }
    v
}

fn stream(s: &StreamView) -> Value {
    let mut props = json!({ "Name": s.name, "RetentionPeriodHours": s.retention_hours });
    if s.mode == "ON_DEMAND" {
        props["StreamModeDetails"] = json!({ "StreamMode": "ON_DEMAND" });
    } else {
        props["ShardCount"] = json!(s.open_shards);
    }
    if s.encryption == "KMS" {
        props["StreamEncryption"] =
            json!({ "EncryptionType": "KMS", "KeyId": "alias/aws/kinesis" });
    }
    json!({ "Type": "AWS::Kinesis::Stream", "Properties": props })
}

/// The template of what `world` has built, and what it cannot hold.
pub fn cloudformation(world: &World) -> Export {
    let mut b = Builder {
        world,
        ids: Ids::default(),
        resources: Map::new(),
        manual: Vec::new(),
        streams: Vec::new(),
        buckets: Vec::new(),
        deliveries: Vec::new(),
    };
    b.kinesis();
    b.s3();
    b.firehose();
    b.analytics();
    b.emr();
    b.pipelines();
    b.transfer();
    if b.resources.values().any(|r| {
        r["Type"] != "AWS::Kinesis::Stream"
            && r["Type"] != "AWS::S3::Bucket"
            && r["Type"] != "AWS::Kinesis::StreamConsumer"
            && r["Type"] != "AWS::EMR::Cluster"
            && r["Type"] != "AWS::DataPipeline::Pipeline"
    }) {
        b.role();
    }
    let mut template = json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": format!("Exported from Data Sandbox at virtual time {}: {} resource(s).", world.now_iso(), b.resources.len()),
    });
    if b.resources.is_empty() {
        // A template needs at least one resource; an empty scenario exports a placeholder.
        b.resources.insert(
            "NothingYet".into(),
            json!({ "Type": "AWS::CloudFormation::WaitConditionHandle" }),
        );
        b.note(
            "Everything",
            "The scenario has not created any stream, bucket, delivery stream, application or cluster yet.",
        );
    }
    template["Resources"] = Value::Object(b.resources);
    Export { template, manual: b.manual }
}
