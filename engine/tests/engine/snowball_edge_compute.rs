//! Snowball Edge compute from the job, as AWS models it: `Resources.LambdaResources` (a
//! function run on each file PUT into a bucket its EventTriggers name, so what lands in S3 is
//! its output) and `Resources.Ec2AmiResources` (an instance the learner runs a program on
//! before the device ships back; without an AMI there is none). The model's constraints, the
//! device types that cannot compute, and the sandbox's functions (a function's name picks a
//! built-in program).

use crate::support::{self, failure};
use engine::snowball::{DeviceFile, SnowballCommand};
use engine::{Command, World};
use serde_json::{json, Value};

const HOUR: u64 = 3_600_000;
const DAY: u64 = 24 * HOUR;
const FN: &str = "arn:aws:lambda:us-east-1:000000000000:function:";
const AMI: &str = "ami-0a1b2c3d4e5f60718";
const NOT_FOUND: &str = "The specified resource can't be found. Check the information you provided in your last request, and try again.";
const COMBINATION: &str = "Job or cluster creation failed. One or more inputs were invalid. Confirm that the CreateClusterRequest$SnowballType value supports your CreateJobRequest$JobType, and try again.";

use support::{snowball as sb, snowball_ok as ok};

fn s3(w: &mut World, action: &str, body: Value) -> Value {
    support::call(w, "s3", action, body).unwrap_or_else(|e| panic!("{action}: {e:?}"))
}

fn learner(w: &mut World, c: SnowballCommand) -> Result<String, engine::api::ApiError> {
    w.apply(Command::Snowball(c)).result
}

/// An address and the buckets; the CreateJob body of an Edge import into `buckets[0]` (all
/// of `buckets` in S3Resources) with `compute` merged into its Resources.
fn order(w: &mut World, snowball_type: &str, buckets: &[&str], compute: Value) -> Value {
    for b in buckets {
        // Made once: later orders name the same buckets.
        let _ = support::call(w, "s3", "CreateBucket", json!({"Bucket": b}));
    }
    let a = json!({"Address": {"Name": "Jane Roe", "Street1": "123 Any Street", "City": "Anytown",
        "StateOrProvince": "WA", "Country": "US", "PostalCode": "91011", "PhoneNumber": "206-555-1111"}});
    let addr = ok(w, "CreateAddress", a)["AddressId"].as_str().unwrap().to_string();
    let s3_resources: Vec<Value> =
        buckets.iter().map(|b| json!({"BucketArn": format!("arn:aws:s3:::{b}")})).collect();
    let mut resources = json!({"S3Resources": s3_resources});
    for (k, v) in compute.as_object().unwrap() {
        resources[k] = v.clone();
    }
    json!({"JobType": "IMPORT", "SnowballType": snowball_type, "ShippingOption": "SECOND_DAY",
        "AddressId": addr, "Resources": resources,
        "RoleARN": "arn:aws:iam::000000000000:role/snowball-import-S3-role"})
}

fn create(w: &mut World, body: Value) -> String {
    ok(w, "CreateJob", body)["JobId"].as_str().unwrap().to_string()
}

fn deliver_and_unlock(w: &mut World, job: &str) {
    w.advance_by(HOUR + 4 * DAY);
    let manifest =
        ok(w, "GetJobManifest", json!({"JobId": job}))["ManifestURI"].as_str().unwrap().to_string();
    let code = ok(w, "GetJobUnlockCode", json!({"JobId": job}))["UnlockCode"]
        .as_str()
        .unwrap()
        .to_string();
    learner(w, SnowballCommand::UnlockDevice { job_id: job.into(), manifest, unlock_code: code })
        .unwrap();
}

fn copy(w: &mut World, job: &str, destination: &str, files: &[(&str, &str)]) -> String {
    let files = files
        .iter()
        .map(|(n, b)| DeviceFile { name: n.to_string(), body: b.as_bytes().to_vec().into() })
        .collect();
    let out = learner(
        w,
        SnowballCommand::CopyFiles {
            job_id: job.into(),
            destination: destination.into(),
            files,
            rate_mb_s: None,
        },
    )
    .unwrap();
    w.advance_by(1_000);
    out
}

fn read(w: &mut World, job: &str, path: &str) -> String {
    let out = learner(w, SnowballCommand::ReadFromDevice { job_id: job.into(), path: path.into() })
        .unwrap();
    let v: Value = serde_json::from_str(&out).unwrap();
    use base64::Engine as _;
    let bytes =
        base64::engine::general_purpose::STANDARD.decode(v["Body"].as_str().unwrap()).unwrap();
    String::from_utf8_lossy(&bytes).into_owned()
}

fn object(w: &mut World, bucket: &str, key: &str) -> String {
    let body = s3(w, "GetObject", json!({"Bucket": bucket, "Key": key}))["Body"].clone();
    use base64::Engine as _;
    let bytes = base64::engine::general_purpose::STANDARD.decode(body.as_str().unwrap()).unwrap();
    String::from_utf8_lossy(&bytes).into_owned()
}

const LOG: &str = "time,level,host\n1,INFO,web-1\n2,ERROR,web-2\n3,WARN,web-1\n4,ERROR,web-3\n";

#[test]
fn a_lambda_function_runs_on_each_put_and_s3_gets_its_output() {
    let mut w = support::world(41);
    let lambda = json!({"LambdaResources": [{"LambdaArn": format!("{FN}sandbox-filter:ERROR"),
        "EventTriggers": [{"EventResourceARN": "arn:aws:s3:::edge-results"}]}]});
    let body = order(&mut w, "EDGE", &["edge-results", "edge-raw"], lambda);
    let job = create(&mut w, body);
    // DescribeJob answers the resources as the job named them.
    let d = ok(&mut w, "DescribeJob", json!({"JobId": job}));
    assert_eq!(
        d["JobMetadata"]["Resources"]["LambdaResources"],
        json!([{"LambdaArn": format!("{FN}sandbox-filter:ERROR"),
            "EventTriggers": [{"EventResourceARN": "arn:aws:s3:::edge-results"}]}])
    );
    deliver_and_unlock(&mut w, &job);
    let out = copy(&mut w, &job, "s3://edge-results/raw", &[("a.csv", LOG), ("b.csv", LOG)]);
    assert_eq!(
        out,
        "{\"Files\":2,\"Objects\":2,\"Bytes\":140,\"Seconds\":0,\"LambdaInvocations\":2}"
    );
    // The device holds the function's output (encrypted), the trigger's bucket only.
    let kept = "time,level,host\n2,ERROR,web-2\n4,ERROR,web-3\n";
    assert_eq!(read(&mut w, &job, "s3://edge-results/raw/a.csv"), kept);
    let out = copy(&mut w, &job, "s3://edge-raw/raw", &[("a.csv", LOG)]);
    assert_eq!(out, "{\"Files\":1,\"Objects\":1,\"Bytes\":70,\"Seconds\":0}");
    assert_eq!(read(&mut w, &job, "s3://edge-raw/raw/a.csv"), LOG);
    let view = w.view().snowball().job(&job).unwrap();
    assert_eq!(view.lambdas.len(), 1);
    assert_eq!(view.lambdas[0].program, "filter:ERROR");
    assert_eq!(view.lambdas[0].trigger_buckets, ["edge-results"]);
    assert_eq!((view.lambdas[0].files_in, view.lambdas[0].files_out), (2, 2));
    ok(&mut w, "UpdateJobShipmentState", json!({"JobId": job, "ShipmentState": "RETURNED"}));
    w.advance_by(7 * DAY);
    assert_eq!(object(&mut w, "edge-results", "raw/b.csv"), kept);
    assert_eq!(object(&mut w, "edge-raw", "raw/a.csv"), LOG);
}

#[test]
fn gzip_renames_and_record_transforms_work_line_by_line() {
    let mut w = support::world(42);
    let lambda = json!({"LambdaResources": [
        {"LambdaArn": format!("{FN}sandbox-drop-matching:level--debug"),
            "EventTriggers": [{"EventResourceARN": "arn:aws:s3:::events"}]},
        {"LambdaArn": format!("{FN}sandbox-gzip"),
            "EventTriggers": [{"EventResourceARN": "arn:aws:s3:::events"}]}]});
    let body = order(&mut w, "EDGE_C", &["events"], lambda);
    let job = create(&mut w, body);
    deliver_and_unlock(&mut w, &job);
    let lines = "{\"level\":\"debug\",\"n\":1}\n{\"level\":\"info\",\"n\":2}\n";
    copy(&mut w, &job, "s3://events/in", &[("e.json", lines)]);
    let view = w.view().snowball().job(&job).unwrap();
    let paths: Vec<&str> = view.device.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, ["events/in/e.json.gz"], "the functions ran in the job's order");
    assert_eq!(view.lambdas[0].program, "records: drop where level=debug");
    ok(&mut w, "UpdateJobShipmentState", json!({"JobId": job, "ShipmentState": "RETURNED"}));
    w.advance_by(7 * DAY);
    let gz = s3(&mut w, "GetObject", json!({"Bucket": "events", "Key": "in/e.json.gz"}));
    use base64::Engine as _;
    let bytes =
        base64::engine::general_purpose::STANDARD.decode(gz["Body"].as_str().unwrap()).unwrap();
    assert_eq!(&bytes[..2], [0x1f, 0x8b], "gzip's magic number");
}

#[test]
fn an_ec2_instance_runs_only_on_a_job_that_named_an_ami() {
    let mut w = support::world(43);
    let body = order(&mut w, "EDGE", &["plain"], json!({}));
    let plain = create(&mut w, body);
    let body = order(&mut w, "EDGE", &["with-ami"], json!({"Ec2AmiResources": [{"AmiId": AMI}]}));
    let job = create(&mut w, body);
    let d = ok(&mut w, "DescribeJob", json!({"JobId": job}));
    let ami = &d["JobMetadata"]["Resources"]["Ec2AmiResources"][0];
    assert_eq!(ami["AmiId"], AMI);
    let on_device = ami["SnowballAmiId"].as_str().unwrap();
    assert!(on_device.starts_with("s.ami-") && on_device.len() == 23, "{on_device}");
    deliver_and_unlock(&mut w, &plain);
    deliver_and_unlock(&mut w, &job);
    let run = |job: &str| SnowballCommand::RunEdgeCompute {
        job_id: job.into(),
        program: "filter:ERROR".into(),
    };
    let e = learner(&mut w, run(&plain)).unwrap_err();
    assert_eq!(
        e.message,
        format!("No EC2-compatible instance on this device: job {plain} named no AMI. Name one in CreateJob's Resources.Ec2AmiResources (an AmiId from ListCompatibleImages) to run a program on the device before it ships back; a Lambda function (Resources.LambdaResources) runs on each file as you copy it.")
    );
    copy(&mut w, &job, "s3://with-ami/logs", &[("a.csv", LOG)]);
    assert_eq!(read(&mut w, &job, "s3://with-ami/logs/a.csv"), LOG, "no function: as copied");
    assert_eq!(learner(&mut w, run(&job)).unwrap(), "{\"ObjectsIn\":1,\"ObjectsOut\":1}");
    assert_eq!(
        read(&mut w, &job, "s3://with-ami/logs/a.csv"),
        "time,level,host\n2,ERROR,web-2\n4,ERROR,web-3\n"
    );
    let view = w.view().snowball().job(&job).unwrap();
    assert_eq!(view.amis[0].ami_id, AMI);
    assert_eq!(view.computed, Some(("filter:ERROR".into(), 1, 1)));
}

#[test]
fn compute_resources_are_checked_as_the_model_says() {
    let mut w = support::world(44);
    let lambda = |name: &str, bucket: &str| {
        json!({"LambdaResources": [{"LambdaArn": format!("{FN}{name}"),
            "EventTriggers": [{"EventResourceARN": format!("arn:aws:s3:::{bucket}")}]}]})
    };
    // A device that cannot compute.
    for t in ["STANDARD", "EDGE_S", "V3_5S"] {
        let body = order(&mut w, t, &["bkt1"], lambda("sandbox-gzip", "bkt1"));
        let (code, message) = failure(sb(&mut w, "CreateJob", body), "CreateJob");
        assert_eq!(
            (code.as_str(), message.as_str()),
            ("InvalidInputCombinationException", COMBINATION),
            "{t}"
        );
    }
    let body = order(&mut w, "STANDARD", &["bkt1"], json!({"Ec2AmiResources": [{"AmiId": AMI}]}));
    assert_eq!(
        failure(sb(&mut w, "CreateJob", body), "CreateJob").0,
        "InvalidInputCombinationException"
    );
    // The model's constraints.
    let body = order(
        &mut w,
        "EDGE",
        &["bkt1"],
        json!({"Ec2AmiResources": [{"AmiId": "ami-ZZZZZZZZ"}, {}]}),
    );
    let (code, message) = failure(sb(&mut w, "CreateJob", body), "CreateJob");
    assert_eq!(code, "ValidationException");
    assert_eq!(
        message,
        "2 validation errors detected: Value 'ami-ZZZZZZZZ' at 'resources.ec2AmiResources.1.member.amiId' failed to satisfy constraint: Member must satisfy regular expression pattern: (ami-[0-9a-f]{8})|(ami-[0-9a-f]{17}); Value null at 'resources.ec2AmiResources.2.member.amiId' failed to satisfy constraint: Member must not be null"
    );
    let body = order(
        &mut w,
        "EDGE",
        &["bkt1"],
        json!({"LambdaResources": [{"LambdaArn": "lambda:keep",
        "EventTriggers": [{"EventResourceARN": "s3://bkt1"}]}]}),
    );
    let (code, message) = failure(sb(&mut w, "CreateJob", body), "CreateJob");
    assert_eq!(code, "ValidationException");
    assert_eq!(
        message,
        "2 validation errors detected: Value 'lambda:keep' at 'resources.lambdaResources.1.member.lambdaArn' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:aws.*:*; Value 's3://bkt1' at 'resources.lambdaResources.1.member.eventTriggers.1.member.eventResourceARN' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:aws.*:*"
    );
    // What the sandbox cannot find: a function it does not have, a trigger outside the job,
    // an AMI ListCompatibleImages does not answer.
    let body = order(&mut w, "EDGE", &["bkt1"], lambda("my-etl", "bkt1"));
    let (code, message) = failure(sb(&mut w, "CreateJob", body), "CreateJob");
    assert_eq!(code, "InvalidResourceException");
    assert_eq!(
        message,
        format!("{NOT_FOUND} (The sandbox: it has no Lambda function my-etl; its functions are sandbox-filter, sandbox-uppercase, sandbox-gzip, sandbox-streaming, sandbox-keep-fields, sandbox-json-to-csv, sandbox-add-field, sandbox-drop-matching, sandbox-validate-json.)")
    );
    let body = order(&mut w, "EDGE", &["bkt1"], lambda("sandbox-gzip", "elsewhere"));
    let (code, message) = failure(sb(&mut w, "CreateJob", body), "CreateJob");
    assert_eq!(code, "InvalidResourceException");
    assert_eq!(
        message,
        format!("{NOT_FOUND} (The sandbox: the event trigger arn:aws:s3:::elsewhere is not one of the job's S3Resources; a function is triggered by PUTs into the job's own buckets.)")
    );
    let body =
        order(&mut w, "EDGE", &["bkt1"], json!({"Ec2AmiResources": [{"AmiId": "ami-12345678"}]}));
    let (code, message) = failure(sb(&mut w, "CreateJob", body), "CreateJob");
    assert_eq!(code, "InvalidResourceException");
    assert_eq!(
        message,
        format!("{NOT_FOUND} (The sandbox: ami-12345678 is not one of the AMIs ListCompatibleImages answers (ami-0a1b2c3d4e5f60718, ami-0f9e8d7c6b5a40312).)")
    );
    // UpdateJob checks the same, against the job's device.
    let body = order(&mut w, "STANDARD", &["bkt2"], json!({}));
    let job = create(&mut w, body);
    let update = json!({"JobId": job, "Resources": {"S3Resources": [{"BucketArn": "arn:aws:s3:::bkt2"}],
        "Ec2AmiResources": [{"AmiId": AMI}]}});
    assert_eq!(
        failure(sb(&mut w, "UpdateJob", update), "UpdateJob").0,
        "InvalidInputCombinationException"
    );
}

#[test]
fn a_cluster_passes_its_functions_to_every_node() {
    let mut w = support::world(45);
    let body = order(&mut w, "EDGE", &["local"], json!({}));
    let addr = body["AddressId"].clone();
    let resources = json!({"S3Resources": [{"BucketArn": "arn:aws:s3:::local"}],
        "LambdaResources": [{"LambdaArn": format!("{FN}sandbox-uppercase"),
            "EventTriggers": [{"EventResourceARN": "arn:aws:s3:::local"}]}]});
    let refused = json!({"JobType": "LOCAL_USE", "AddressId": addr, "SnowballType": "EDGE_S",
        "ShippingOption": "SECOND_DAY", "Resources": resources});
    let (code, message) = failure(sb(&mut w, "CreateCluster", refused), "CreateCluster");
    assert_eq!(
        (code.as_str(), message.as_str()),
        ("InvalidInputCombinationException", COMBINATION)
    );
    let cluster = json!({"JobType": "LOCAL_USE", "AddressId": addr, "SnowballType": "EDGE",
        "ShippingOption": "SECOND_DAY", "InitialClusterSize": 5, "Resources": resources});
    let created = ok(&mut w, "CreateCluster", cluster);
    let node = created["JobListEntries"][0]["JobId"].as_str().unwrap().to_string();
    let d = ok(&mut w, "DescribeJob", json!({"JobId": node}));
    assert_eq!(
        d["JobMetadata"]["Resources"]["LambdaResources"][0]["LambdaArn"],
        format!("{FN}sandbox-uppercase")
    );
    deliver_and_unlock(&mut w, &node);
    copy(&mut w, &node, "s3://local/x", &[("a.txt", "hello\n")]);
    assert_eq!(read(&mut w, &node, "s3://local/x/a.txt"), "HELLO\n");
}

/// An Edge job with an AMI, delivered and unlocked, `files` copied under `s3://with-ami/...`
/// (each `(destination, name, body)`).
fn instance_with(w: &mut World, files: &[(&str, &str, &str)]) -> String {
    let body = order(w, "EDGE", &["with-ami"], json!({"Ec2AmiResources": [{"AmiId": AMI}]}));
    let job = create(w, body);
    deliver_and_unlock(w, &job);
    for (dest, name, text) in files {
        copy(w, &job, dest, &[(name, text)]);
    }
    job
}

fn run(w: &mut World, job: &str, program: &str) -> Result<String, engine::api::ApiError> {
    learner(w, SnowballCommand::RunEdgeCompute { job_id: job.into(), program: program.into() })
}

fn device_paths(w: &World, job: &str) -> Vec<String> {
    let view = w.view().snowball().job(job).unwrap();
    view.device.files.iter().map(|f| f.path.clone()).collect()
}

#[test]
fn the_instance_runs_emr_word_count_over_each_folder_into_one_sorted_part_file() {
    let mut w = support::world(46);
    let job = instance_with(
        &mut w,
        &[
            ("s3://with-ami/books", "a.txt", "The quick fox\nthe lazy dog\n"),
            ("s3://with-ami/books", "b.txt", "Fox 2 the end\n"),
            ("s3://with-ami/other", "c.txt", "zebra Zebra\n"),
        ],
    );
    let out = run(&mut w, &job, "streaming:wordSplitter.py|aggregate.py").unwrap();
    assert_eq!(out, "{\"ObjectsIn\":3,\"ObjectsOut\":2}");
    // Each folder's files became its one reducer's output.
    assert_eq!(device_paths(&w, &job), ["with-ami/books/part-00000", "with-ami/other/part-00000"]);
    let counts = "dog\t1\nend\t1\nfox\t2\nlazy\t1\nquick\t1\nthe\t3\n";
    assert_eq!(read(&mut w, &job, "s3://with-ami/books/part-00000"), counts);
    assert_eq!(read(&mut w, &job, "s3://with-ami/other/part-00000"), "zebra\t2\n");
    let view = w.view().snowball().job(&job).unwrap();
    assert_eq!(view.computed, Some(("streaming:wordSplitter.py|aggregate.py".into(), 3, 2)));
    // Hadoop's built-in `aggregate` is the same reducer.
    let job2 = instance_with(&mut w, &[("s3://with-ami/books", "a.txt", "b a b\n")]);
    run(&mut w, &job2, "streaming:wordSplitter.py | aggregate").unwrap();
    assert_eq!(read(&mut w, &job2, "s3://with-ami/books/part-00000"), "a\t1\nb\t2\n");
    // At AWS the processed file is what lands in S3.
    ok(&mut w, "UpdateJobShipmentState", json!({"JobId": job, "ShipmentState": "RETURNED"}));
    w.advance_by(7 * DAY);
    assert_eq!(object(&mut w, "with-ami", "books/part-00000"), counts);
    let listed = s3(&mut w, "ListObjectsV2", json!({"Bucket": "with-ami", "Prefix": "books/"}));
    let keys: Vec<&str> =
        listed["Contents"].as_array().unwrap().iter().map(|o| o["Key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["books/part-00000"]);
}

const ACCESS: &str = "#Version: 1.0\n192.0.2.10 - - [07/Dec/2026:09:00:00 +0000] \"GET /index.html HTTP/1.1\" 200 512 \"-\" \"curl/8.0\"\n192.0.2.11 - - [07/Dec/2026:09:00:01 +0000] \"GET /missing HTTP/1.1\" 404 0 \"-\" \"curl/8.0\"\n";
const PARSED: &str = "LongValueSum:status:200\t1\nLongValueSum:url:/index.html\t1\nLongValueSum:status:404\t1\nLongValueSum:url:/missing\t1\n";

#[test]
fn a_map_only_program_rewrites_each_file_and_a_function_runs_it_on_each_put() {
    let mut w = support::world(47);
    let job = instance_with(&mut w, &[("s3://with-ami/logs", "access.log", ACCESS)]);
    assert_eq!(
        run(&mut w, &job, "streaming:logParser.py").unwrap(),
        "{\"ObjectsIn\":1,\"ObjectsOut\":1}"
    );
    // Map-only: the mapper's lines in input order, unsorted, under the file's own key.
    assert_eq!(read(&mut w, &job, "s3://with-ami/logs/access.log"), PARSED);
    let view = w.view().snowball().job(&job).unwrap();
    assert_eq!(view.computed, Some(("streaming:logParser.py".into(), 1, 1)));
    // The same mapper as a Lambda function on each PUT.
    let lambda = json!({"LambdaResources": [{"LambdaArn": format!("{FN}sandbox-streaming:logParser"),
        "EventTriggers": [{"EventResourceARN": "arn:aws:s3:::parsed"}]}]});
    let body = order(&mut w, "EDGE", &["parsed"], lambda);
    let fjob = create(&mut w, body);
    deliver_and_unlock(&mut w, &fjob);
    copy(&mut w, &fjob, "s3://parsed/in", &[("access.log", ACCESS)]);
    assert_eq!(read(&mut w, &fjob, "s3://parsed/in/access.log"), PARSED);
    let view = w.view().snowball().job(&fjob).unwrap();
    assert_eq!(view.lambdas[0].program, "streaming:logParser.py");
    // A function that names no mapper script is refused at CreateJob.
    let lambda = json!({"LambdaResources": [{"LambdaArn": format!("{FN}sandbox-streaming:aggregate"),
        "EventTriggers": [{"EventResourceARN": "arn:aws:s3:::parsed"}]}]});
    let body = order(&mut w, "EDGE", &["parsed"], lambda);
    let (code, message) = failure(sb(&mut w, "CreateJob", body), "CreateJob");
    assert_eq!(code, "InvalidResourceException");
    assert_eq!(
        message,
        format!("{NOT_FOUND} (The sandbox: the function sandbox-streaming needs a mapper script of EMR's samples as the ARN's qualifier, without .py (function:sandbox-streaming:logParser): wordSplitter, logParser, sessionize_mapper or kmer_mapper.)")
    );
}

#[test]
fn an_unknown_program_lists_the_programs_and_a_failing_reducer_changes_nothing() {
    let mut w = support::world(48);
    let job = instance_with(&mut w, &[("s3://with-ami/logs", "a.csv", "x,y\n")]);
    let e = run(&mut w, &job, "streaming:wordCounter.py|aggregate").unwrap_err();
    assert_eq!(
        e.message,
        "Unknown program streaming:wordCounter.py|aggregate: the device runs filter:TEXT, gzip, uppercase, streaming:MAPPER (map-only, over each file) or streaming:MAPPER|REDUCER (map and reduce over the files of each folder, into one part-00000 sorted by key), the sandbox's spelling of an EMR streaming step's -mapper and -reducer. Mappers: wordSplitter.py, logParser.py, sessionize_mapper.py, kmer_mapper.py [K], cat, wc -l. Reducers: aggregate, aggregate.py, sessionize_reducer.py, cat, wc -l."
    );
    assert!(run(&mut w, &job, "streaming:logParser.py|sum.py").is_err());
    // `cat` gives aggregate keys without a type: the reduce fails as Hadoop's does.
    let e = run(&mut w, &job, "streaming:cat|aggregate").unwrap_err();
    assert_eq!(
        e.message,
        "streaming:cat|aggregate failed over s3://with-ami/logs/: java.lang.StringIndexOutOfBoundsException: begin 0, end -1, length 3. The device's files are unchanged."
    );
    assert_eq!(device_paths(&w, &job), ["with-ami/logs/a.csv"]);
    assert_eq!(read(&mut w, &job, "s3://with-ami/logs/a.csv"), "x,y\n");
}
