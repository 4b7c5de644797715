//! Snowball through its API and the appliance: a job's states in AWS's order on the virtual
//! clock, the calls each state allows (AWS's texts otherwise), the device unlocked with the
//! manifest and code, data encrypted onto it and imported into S3 object by object (none lost,
//! none duplicated), the export, the erasure, Edge compute, clusters.

use crate::support::{self, failure};
use engine::snowball::{JobState, SnowballCommand};
use engine::{Command, World};
use serde_json::{json, Value};

const HOUR: u64 = 3_600_000;
const DAY: u64 = 24 * HOUR;

use support::{snowball as sb, snowball_ok as ok};

fn s3(w: &mut World, action: &str, body: Value) -> Value {
    support::call(w, "s3", action, body).unwrap_or_else(|e| panic!("{action}: {e:?}"))
}

fn learner(w: &mut World, c: SnowballCommand) -> Result<String, engine::api::ApiError> {
    w.apply(Command::Snowball(c)).result
}

fn address(w: &mut World) -> String {
    let a = json!({"Address": {"Name": "Jane Roe", "Street1": "123 Any Street", "City": "Anytown",
        "StateOrProvince": "WA", "Country": "US", "PostalCode": "91011", "PhoneNumber": "206-555-1111"}});
    ok(w, "CreateAddress", a)["AddressId"].as_str().unwrap().to_string()
}

fn state(w: &mut World, job: &str) -> String {
    ok(w, "DescribeJob", json!({"JobId": job}))["JobMetadata"]["JobState"].as_str().unwrap().into()
}

fn import_job(w: &mut World, bucket: &str, extra: Value) -> String {
    s3(w, "CreateBucket", json!({"Bucket": bucket}));
    let addr = address(w);
    let mut body = json!({"JobType": "IMPORT", "SnowballType": "STANDARD",
        "SnowballCapacityPreference": "T80", "ShippingOption": "SECOND_DAY", "AddressId": addr,
        "Resources": {"S3Resources": [{"BucketArn": format!("arn:aws:s3:::{bucket}"), "KeyRange": {}}]},
        "RoleARN": "arn:aws:iam::000000000000:role/snowball-import-S3-role"});
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    ok(w, "CreateJob", body)["JobId"].as_str().unwrap().to_string()
}

/// Runs the clock until the job is delivered (New 1 h, prepare 1 day, shipment 1 day, 2 days
/// on the way), then unlocks the device with the manifest and the code.
fn deliver_and_unlock(w: &mut World, job: &str) {
    w.advance_by(HOUR + 4 * DAY);
    assert_eq!(state(w, job), "WithCustomer");
    let manifest =
        ok(w, "GetJobManifest", json!({"JobId": job}))["ManifestURI"].as_str().unwrap().to_string();
    let code = ok(w, "GetJobUnlockCode", json!({"JobId": job}))["UnlockCode"]
        .as_str()
        .unwrap()
        .to_string();
    learner(w, SnowballCommand::UnlockDevice { job_id: job.into(), manifest, unlock_code: code })
        .unwrap();
}

#[test]
fn an_import_job_walks_aws_states_in_order_on_the_virtual_clock() {
    let mut w = support::world(18);
    let job = import_job(&mut w, "landing", json!({}));
    assert_eq!(job.len(), 39);
    assert!(job.starts_with("JID"));
    assert_eq!(state(&mut w, &job), "New");
    w.advance_by(HOUR);
    assert_eq!(state(&mut w, &job), "PreparingAppliance");
    w.advance_by(DAY);
    assert_eq!(state(&mut w, &job), "PreparingShipment");
    w.advance_by(DAY);
    assert_eq!(state(&mut w, &job), "InTransitToCustomer");
    w.advance_by(2 * DAY);
    assert_eq!(state(&mut w, &job), "WithCustomer");
    // It waits for the customer however long that takes.
    w.advance_by(30 * DAY);
    assert_eq!(state(&mut w, &job), "WithCustomer");
    ok(&mut w, "UpdateJobShipmentState", json!({"JobId": job, "ShipmentState": "RETURNED"}));
    assert_eq!(state(&mut w, &job), "InTransitToAWS");
    w.advance_by(2 * DAY);
    assert_eq!(state(&mut w, &job), "WithAWSSortingFacility");
    w.advance_by(2 * DAY);
    assert_eq!(state(&mut w, &job), "WithAWS");
    w.advance_by(DAY);
    assert_eq!(state(&mut w, &job), "InProgress");
    w.advance_by(2 * DAY);
    assert_eq!(state(&mut w, &job), "Complete");
    let view = w.view().snowball().job(&job).unwrap();
    let states: Vec<JobState> = view.history.iter().map(|(s, _)| *s).collect();
    assert_eq!(states, engine::snowball::timeline::path(engine::snowball::JobType::Import));
    assert_eq!(view.days_on_site, 30);
    assert_eq!(view.classic_price_usd, 250 + 20 * 15, "$250 and $15 for each day past ten");
    assert_eq!(view.availability, "classic, no longer sold since 2024-11-12");
}

#[test]
fn cancel_only_while_new_and_the_model_texts_otherwise() {
    let mut w = support::world(3);
    let early = import_job(&mut w, "bkt1", json!({}));
    ok(&mut w, "CancelJob", json!({"JobId": early}));
    assert_eq!(state(&mut w, &early), "Cancelled");
    w.advance_by(10 * DAY);
    assert_eq!(state(&mut w, &early), "Cancelled", "a cancelled job never moves again");
    let late = import_job(&mut w, "bkt2", json!({}));
    w.advance_by(HOUR);
    let (code, message) = failure(sb(&mut w, "CancelJob", json!({"JobId": late})), "CancelJob");
    assert_eq!(code, "InvalidJobStateException");
    assert_eq!(
        message,
        "The action can't be performed because the job's current state doesn't allow that action to be performed."
    );
    let (code, _) =
        failure(sb(&mut w, "UpdateJob", json!({"JobId": late, "Description": "x"})), "UpdateJob");
    assert_eq!(code, "InvalidJobStateException");
    // The manifest and the unlock code exist only while the device is with the customer.
    let (code, _) =
        failure(sb(&mut w, "GetJobUnlockCode", json!({"JobId": late})), "GetJobUnlockCode");
    assert_eq!(code, "InvalidJobStateException");
}

#[test]
fn bad_input_gets_the_models_answers() {
    let mut w = support::world(4);
    let missing = "JID123e4567-e89b-12d3-a456-426655440000";
    let (code, message) =
        failure(sb(&mut w, "DescribeJob", json!({"JobId": missing})), "DescribeJob");
    assert_eq!(code, "InvalidResourceException");
    assert_eq!(
        message,
        "The specified resource can't be found. Check the information you provided in your last request, and try again."
    );
    let (code, message) =
        failure(sb(&mut w, "DescribeJob", json!({"JobId": "JID-1"})), "DescribeJob");
    assert_eq!(code, "ValidationException");
    assert_eq!(
        message,
        "2 validation errors detected: Value 'JID-1' at 'jobId' failed to satisfy constraint: Member must satisfy regular expression pattern: (M|J)ID[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}; Value 'JID-1' at 'jobId' failed to satisfy constraint: Member must have length greater than or equal to 39"
    );
    let addr = address(&mut w);
    // A bucket that does not exist.
    let body = json!({"JobType": "IMPORT", "AddressId": addr,
        "Resources": {"S3Resources": [{"BucketArn": "arn:aws:s3:::nope"}]}});
    assert_eq!(failure(sb(&mut w, "CreateJob", body), "CreateJob").0, "InvalidResourceException");
    // A type the model does not have.
    let body = json!({"JobType": "IMPORT", "SnowballType": "T1000", "AddressId": addr});
    let (code, message) = failure(sb(&mut w, "CreateJob", body), "CreateJob");
    assert_eq!(code, "ValidationException");
    assert!(
        message.contains("Member must satisfy enum value set: [STANDARD, EDGE, EDGE_C"),
        "{message}"
    );
    // A KMS key of another account.
    s3(&mut w, "CreateBucket", json!({"Bucket": "mine"}));
    let body = json!({"JobType": "IMPORT", "AddressId": addr,
        "KmsKeyARN": "arn:aws:kms:us-east-1:111122223333:key/abc",
        "Resources": {"S3Resources": [{"BucketArn": "arn:aws:s3:::mine"}]}});
    assert_eq!(failure(sb(&mut w, "CreateJob", body), "CreateJob").0, "KMSRequestFailedException");
    // An address without a street.
    let (code, message) =
        failure(sb(&mut w, "CreateAddress", json!({"Address": {"Name": "x"}})), "CreateAddress");
    assert_eq!(code, "InvalidAddressException");
    assert!(message.starts_with("The address provided was invalid."));
    let (code, _) = failure(sb(&mut w, "ListJobs", json!({"NextToken": "forged"})), "ListJobs");
    assert_eq!(code, "InvalidNextTokenException");
    // An export whose KeyRange selects nothing is refused.
    s3(&mut w, "PutObject", json!({"Bucket": "mine", "Key": "a/1", "Body": "eA=="}));
    let body = json!({"JobType": "EXPORT", "AddressId": addr, "Resources": {"S3Resources": [
        {"BucketArn": "arn:aws:s3:::mine", "KeyRange": {"BeginMarker": "z"}}]}});
    let (code, message) = failure(sb(&mut w, "CreateJob", body), "CreateJob");
    assert_eq!(code, "InvalidResourceException");
    assert!(message.contains("the KeyRange selects no object in bucket mine"), "{message}");
    // The error body spells the member as the model does.
    let e = sb(&mut w, "DescribeJob", json!({"JobId": missing})).unwrap_err();
    assert!(e.body().contains("\"Message\":\"The specified resource"), "{}", e.body());
}

#[test]
fn the_unlock_code_is_29_characters_and_a_wrong_one_fails() {
    let mut w = support::world(5);
    let job = import_job(&mut w, "landing", json!({}));
    let other = import_job(&mut w, "other", json!({}));
    w.advance_by(HOUR + 4 * DAY);
    let code = ok(&mut w, "GetJobUnlockCode", json!({"JobId": job}))["UnlockCode"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(code.len(), 29);
    assert_eq!(code.matches('-').count(), 4);
    let manifest = ok(&mut w, "GetJobManifest", json!({"JobId": job}))["ManifestURI"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(manifest.contains(&format!("/{job}_manifest.bin?")), "{manifest}");
    let wrong = SnowballCommand::UnlockDevice {
        job_id: job.clone(),
        manifest: manifest.clone(),
        unlock_code: "00000-aaaaa-00000-aaaaa-00000".into(),
    };
    assert!(learner(&mut w, wrong)
        .unwrap_err()
        .message
        .starts_with("Authentication failed: the unlock code"));
    let other_manifest = format!("{other}_manifest.bin");
    let foreign = SnowballCommand::UnlockDevice {
        job_id: job.clone(),
        manifest: other_manifest,
        unlock_code: code.clone(),
    };
    assert!(learner(&mut w, foreign).unwrap_err().message.contains("belongs to another job"));
    // Locked, the device takes nothing.
    let copy = SnowballCommand::CopyGenerated {
        job_id: job.clone(),
        destination: "s3://landing/logs".into(),
        files: 2,
        bytes_each: 100,
        rate_mb_s: None,
    };
    assert!(learner(&mut w, copy.clone())
        .unwrap_err()
        .message
        .starts_with("The Snowball is locked"));
    learner(
        &mut w,
        SnowballCommand::UnlockDevice { job_id: job.clone(), manifest, unlock_code: code },
    )
    .unwrap();
    learner(&mut w, copy).unwrap();
}

#[test]
fn the_device_holds_ciphertext_and_the_import_lands_every_object_once() {
    let mut w = support::world(6);
    let job = import_job(&mut w, "landing", json!({}));
    deliver_and_unlock(&mut w, &job);
    let copy = SnowballCommand::CopyGenerated {
        job_id: job.clone(),
        destination: "s3://landing/logs".into(),
        files: 20,
        bytes_each: 2_000,
        rate_mb_s: Some(100),
    };
    learner(&mut w, copy).unwrap();
    let bulk = SnowballCommand::CopyDescribed {
        job_id: job.clone(),
        destination: "s3://landing/archive".into(),
        bytes: 70_000_000_000_000,
        objects: 1_000_000,
        rate_mb_s: Some(800),
    };
    // The copy of the files is still running (it takes at least a millisecond).
    let busy = learner(&mut w, bulk.clone());
    assert!(busy.is_err());
    w.advance_by(1_000);
    let too_much = SnowballCommand::CopyDescribed {
        job_id: job.clone(),
        destination: "s3://landing/more".into(),
        bytes: 73_000_000_000_000,
        objects: 100,
        rate_mb_s: None,
    };
    assert!(learner(&mut w, too_much)
        .unwrap_err()
        .message
        .starts_with("Not enough space on the Snowball"));
    learner(&mut w, bulk).unwrap();
    let view = w.view().snowball().job(&job).unwrap();
    assert_eq!(view.device.files.len(), 21);
    let plain_start = hex_of(b"time,level");
    for f in view.device.files.iter().filter(|f| !f.described) {
        assert_eq!(f.ciphertext_hex.len(), 48);
        assert!(!f.ciphertext_hex.starts_with(&plain_start), "the device never holds plaintext");
    }
    // 70 TB at 800 MB/s: 87,500 s, a day and a bit; returning before the copy ends is refused.
    let e =
        sb(&mut w, "UpdateJobShipmentState", json!({"JobId": job, "ShipmentState": "RETURNED"}));
    assert_eq!(failure(e, "UpdateJobShipmentState").0, "InvalidJobStateException");
    w.advance_by(87_500_000);
    ok(&mut w, "UpdateJobShipmentState", json!({"JobId": job, "ShipmentState": "RETURNED"}));
    w.advance_by(5 * DAY);
    assert_eq!(state(&mut w, &job), "InProgress");
    let progress = ok(&mut w, "DescribeJob", json!({"JobId": job}))["JobMetadata"]
        ["DataTransferProgress"]
        .clone();
    assert_eq!(progress["ObjectsTransferred"], 1_000_020);
    assert_eq!(progress["TotalObjects"], 1_000_020);
    let listed = s3(&mut w, "ListObjectsV2", json!({"Bucket": "landing"}));
    let keys: Vec<&str> =
        listed["Contents"].as_array().unwrap().iter().map(|o| o["Key"].as_str().unwrap()).collect();
    let expected: Vec<String> = (0..20).map(|i| format!("logs/logs-{i:04}.csv")).collect();
    assert_eq!(keys, expected, "every file once, nothing else");
    let body = s3(&mut w, "GetObject", json!({"Bucket": "landing", "Key": "logs/logs-0003.csv"}))
        ["Body"]
        .clone();
    let bytes = base64_decode(body.as_str().unwrap());
    assert!(bytes.starts_with(b"time,level,host,latency_ms\n"));
    w.advance_by(2 * DAY);
    let view = w.view().snowball().job(&job).unwrap();
    assert_eq!(view.state, JobState::Complete);
    assert!(view.device.erased && view.device.files.is_empty() && view.device.used_bytes == 0);
}

#[test]
fn an_export_copies_the_key_range_onto_the_device_in_key_order() {
    let mut w = support::world(7);
    s3(&mut w, "CreateBucket", json!({"Bucket": "src"}));
    for k in ["a", "b", "c", "d"] {
        s3(&mut w, "PutObject", json!({"Bucket": "src", "Key": k, "Body": "aGk="}));
    }
    let addr = address(&mut w);
    let body = json!({"JobType": "EXPORT", "AddressId": addr, "SnowballType": "EDGE_S",
        "Resources": {"S3Resources": [{"BucketArn": "arn:aws:s3:::src", "KeyRange": {"BeginMarker": "b", "EndMarker": "c"}}]}});
    let job = ok(&mut w, "CreateJob", body)["JobId"].as_str().unwrap().to_string();
    w.advance_by(HOUR + DAY);
    assert_eq!(state(&mut w, &job), "InProgress", "Exporting comes before the shipment");
    let view = w.view().snowball().job(&job).unwrap();
    assert_eq!(view.console_state, "Exporting");
    let paths: Vec<&str> = view.device.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, ["src/b", "src/c"], "both markers are inclusive");
    w.advance_by(DAY + DAY + 2 * DAY);
    assert_eq!(state(&mut w, &job), "WithCustomer");
    let manifest = format!("{job}_manifest.bin");
    let code = ok(&mut w, "GetJobUnlockCode", json!({"JobId": job}))["UnlockCode"]
        .as_str()
        .unwrap()
        .to_string();
    learner(
        &mut w,
        SnowballCommand::UnlockDevice { job_id: job.clone(), manifest, unlock_code: code },
    )
    .unwrap();
    let read = learner(
        &mut w,
        SnowballCommand::ReadFromDevice { job_id: job.clone(), path: "s3://src/c".into() },
    )
    .unwrap();
    assert_eq!(read, "{\"Body\":\"aGk=\"}");
    ok(&mut w, "UpdateJobShipmentState", json!({"JobId": job, "ShipmentState": "RETURNED"}));
    w.advance_by(6 * DAY);
    let view = w.view().snowball().job(&job).unwrap();
    assert_eq!(view.state, JobState::Complete);
    assert!(view.device.erased);
}

#[test]
fn snowball_edge_filters_the_data_before_it_ships_back() {
    let mut w = support::world(8);
    // An EC2-compatible instance runs the program: the job names its AMI.
    let job = import_job(
        &mut w,
        "edge",
        json!({"SnowballType": "EDGE", "SnowballCapacityPreference": "T100",
            "Resources": {"S3Resources": [{"BucketArn": "arn:aws:s3:::edge"}],
                "Ec2AmiResources": [{"AmiId": "ami-0a1b2c3d4e5f60718"}]}}),
    );
    deliver_and_unlock(&mut w, &job);
    learner(
        &mut w,
        SnowballCommand::CopyGenerated {
            job_id: job.clone(),
            destination: "s3://edge/raw".into(),
            files: 3,
            bytes_each: 5_000,
            rate_mb_s: None,
        },
    )
    .unwrap();
    w.advance_by(1_000);
    let before = w.view().snowball().job(&job).unwrap().device.used_bytes;
    let out = learner(
        &mut w,
        SnowballCommand::RunEdgeCompute { job_id: job.clone(), program: "filter:ERROR".into() },
    )
    .unwrap();
    assert_eq!(out, "{\"ObjectsIn\":3,\"ObjectsOut\":3}");
    let after = w.view().snowball().job(&job).unwrap().device.used_bytes;
    assert!(after < before / 2, "{after} of {before}");
    w.advance_by(HOUR);
    ok(&mut w, "UpdateJobShipmentState", json!({"JobId": job, "ShipmentState": "RETURNED"}));
    w.advance_by(7 * DAY);
    let body = s3(&mut w, "GetObject", json!({"Bucket": "edge", "Key": "raw/logs-0000.csv"}))
        ["Body"]
        .clone();
    let text = String::from_utf8(base64_decode(body.as_str().unwrap())).unwrap();
    assert!(text.lines().skip(1).all(|l| l.contains(",ERROR,")), "{text}");
    // A standard Snowball runs no compute.
    let plain = import_job(&mut w, "plain", json!({}));
    deliver_and_unlock(&mut w, &plain);
    let e =
        learner(&mut w, SnowballCommand::RunEdgeCompute { job_id: plain, program: "gzip".into() })
            .unwrap_err();
    assert!(e.message.starts_with("A STANDARD device runs no compute"));
}

#[test]
fn clusters_take_five_local_use_edge_nodes() {
    let mut w = support::world(9);
    let addr = address(&mut w);
    let body = json!({"JobType": "IMPORT", "AddressId": addr, "SnowballType": "EDGE", "ShippingOption": "SECOND_DAY"});
    assert_eq!(
        failure(sb(&mut w, "CreateCluster", body), "CreateCluster").0,
        "InvalidInputCombinationException"
    );
    let body = json!({"JobType": "LOCAL_USE", "AddressId": addr, "SnowballType": "EDGE", "ShippingOption": "SECOND_DAY", "InitialClusterSize": 3});
    let created = ok(&mut w, "CreateCluster", body);
    let cid = created["ClusterId"].as_str().unwrap().to_string();
    assert_eq!(created["JobListEntries"].as_array().unwrap().len(), 3);
    let d = ok(&mut w, "DescribeCluster", json!({"ClusterId": cid}));
    assert_eq!(d["ClusterMetadata"]["ClusterState"], "AwaitingQuorum");
    ok(&mut w, "CreateJob", json!({"ClusterId": cid}));
    ok(&mut w, "CreateJob", json!({"ClusterId": cid}));
    let (code, _) = failure(sb(&mut w, "CreateJob", json!({"ClusterId": cid})), "CreateJob");
    assert_eq!(code, "ClusterLimitExceededException");
    let jobs = ok(&mut w, "ListClusterJobs", json!({"ClusterId": cid}));
    assert_eq!(jobs["JobListEntries"].as_array().unwrap().len(), 5);
    assert_eq!(jobs["JobListEntries"][0]["JobType"], "LOCAL_USE");
    let d = ok(&mut w, "DescribeCluster", json!({"ClusterId": cid}));
    assert_eq!(d["ClusterMetadata"]["ClusterState"], "Pending");
    assert_eq!(
        failure(sb(&mut w, "CancelCluster", json!({"ClusterId": cid})), "CancelCluster").0,
        "InvalidJobStateException"
    );
}

#[test]
fn usage_reports_the_limit_of_one_and_labels_once() {
    let mut w = support::world(10);
    let usage = ok(&mut w, "GetSnowballUsage", json!({}));
    assert_eq!(usage, json!({"SnowballLimit": 1, "SnowballsInUse": 0}));
    let a = import_job(&mut w, "use1", json!({}));
    let _b = import_job(&mut w, "use2", json!({}));
    w.advance_by(HOUR + 4 * DAY);
    let usage = ok(&mut w, "GetSnowballUsage", json!({}));
    assert_eq!(usage, json!({"SnowballLimit": 1, "SnowballsInUse": 2}), "reported, not enforced");
    assert_eq!(
        ok(&mut w, "CreateReturnShippingLabel", json!({"JobId": a}))["Status"],
        "InProgress"
    );
    let (code, _) = failure(
        sb(&mut w, "CreateReturnShippingLabel", json!({"JobId": a})),
        "CreateReturnShippingLabel",
    );
    assert_eq!(code, "ReturnShippingLabelAlreadyExistsException");
    w.advance_by(60_000);
    assert_eq!(
        ok(&mut w, "DescribeReturnShippingLabel", json!({"JobId": a}))["Status"],
        "Succeeded"
    );
    let list = ok(&mut w, "ListJobs", json!({"MaxResults": 1}));
    assert_eq!(list["JobListEntries"].as_array().unwrap().len(), 1);
    let token = list["NextToken"].clone();
    let rest = ok(&mut w, "ListJobs", json!({"NextToken": token}));
    assert_eq!(rest["JobListEntries"].as_array().unwrap().len(), 1);
    assert!(rest.get("NextToken").is_none());
}

fn hex_of(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn base64_decode(s: &str) -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.decode(s).unwrap()
}
