//! The classic Snowball client's lines at the workstation (`snowball start`, `cp`, `ls`,
//! `status`) against a delivered device, and the job settings the model allows: every
//! SnowballType / SnowballCapacityPreference pair, the AWS-managed KMS key by default, the
//! RoleARN pattern, RECEIVED, the addresses.

use crate::support::{self, failure};
use engine::snowball::catalog::{CAPACITIES, SNOWBALL_TYPES};
use engine::snowball::client::{self, parse, size, ClientLine};
use engine::snowball::SnowballCommand;
use engine::{Command, World};
use serde_json::{json, Value};

const HOUR: u64 = 3_600_000;
const DAY: u64 = 24 * HOUR;

use support::{snowball as sb, snowball_ok as ok};

fn address(w: &mut World) -> String {
    let a = json!({"Address": {"Name": "Jane Roe", "Street1": "123 Any Street", "City": "Anytown",
        "StateOrProvince": "WA", "Country": "US", "PostalCode": "91011", "PhoneNumber": "206-555-1111"}});
    ok(w, "CreateAddress", a)["AddressId"].as_str().unwrap().to_string()
}

fn job_in(w: &mut World, addr: &str, bucket: &str, extra: Value) -> String {
    let mut body = json!({"JobType": "IMPORT", "AddressId": addr,
        "Resources": {"S3Resources": [{"BucketArn": format!("arn:aws:s3:::{bucket}")}]}});
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    ok(w, "CreateJob", body)["JobId"].as_str().unwrap().to_string()
}

/// A line typed at the workstation: a verb runs as a command, a read answers from the view.
fn type_line(w: &mut World, job: &str, line: &str) -> Result<String, String> {
    match client::parse(job, line)? {
        ClientLine::Command(c) => {
            w.apply(Command::Snowball(c)).result.map_err(|e| e.message)?;
            Ok(String::new())
        }
        ClientLine::Status => client::status(&w.view().snowball().job(job).unwrap()),
        ClientLine::Ls(path) => client::ls(&w.view().snowball().job(job).unwrap(), path.as_deref()),
    }
}

#[test]
fn the_classic_client_unlocks_copies_lists_and_reports_the_device() {
    let mut w = support::world(31);
    support::call(&mut w, "s3", "CreateBucket", json!({"Bucket": "landing"})).unwrap();
    let addr = address(&mut w);
    let job = job_in(
        &mut w,
        &addr,
        "landing",
        json!({"SnowballType": "STANDARD", "SnowballCapacityPreference": "T80"}),
    );
    let locked = "The Snowball is locked: run snowball start -i IP -m manifest -u code first.";
    w.advance_by(HOUR + 4 * DAY);
    assert_eq!(type_line(&mut w, &job, "snowball status"), Err(locked.into()));
    assert_eq!(type_line(&mut w, &job, "snowball ls"), Err(locked.into()));
    let code = ok(&mut w, "GetJobUnlockCode", json!({"JobId": job}))["UnlockCode"]
        .as_str()
        .unwrap()
        .to_string();
    let start = |code: &str| {
        format!("snowball start -i 192.0.2.0 -m /Downloads/{job}_manifest.bin -u {code}")
    };
    let wrong = type_line(&mut w, &job, &start("00000-aaaaa-00000-aaaaa-00000")).unwrap_err();
    assert!(wrong.starts_with("Authentication failed: the unlock code"), "{wrong}");
    assert_eq!(
        type_line(&mut w, &job, &start(&code).replace("192.0.2.0", "10.0.0.9")),
        Err("Could not connect to a Snowball at 10.0.0.9: the device answers on 192.0.2.0".into())
    );
    assert_eq!(type_line(&mut w, &job, &start(&code)), Ok(String::new()));
    assert_eq!(
        type_line(&mut w, &job, "snowball status").unwrap(),
        "Snowball Status: SUCCESS\nS3 Endpoint running at: http://192.0.2.0:8080\nTotal Size: 72 TB\nFree Space: 72 TB"
    );
    assert_eq!(
        type_line(&mut w, &job, "snowball ls").unwrap(),
        "drwxrwxr-x 1 root root 0 Dec 31 1969 landing"
    );
    type_line(&mut w, &job, "snowball cp -r /data/logs s3://landing/logs").unwrap();
    w.advance_by(1_000);
    type_line(&mut w, &job, "snowball cp -r /archive s3://landing/archive").unwrap();
    let view = w.view().snowball().job(&job).unwrap();
    let logs: Vec<_> =
        view.device.files.iter().filter(|f| f.path.starts_with("landing/logs/")).collect();
    assert_eq!(logs.len(), 20);
    let listed = type_line(&mut w, &job, "snowball ls s3://landing/logs").unwrap();
    let expected: Vec<String> = logs
        .iter()
        .map(|f| format!("-rw-rw-r-- 1 root root {} Dec 31 1969 {}", f.bytes, f.path))
        .collect();
    assert_eq!(listed, expected.join("\n"));
    assert!(listed.starts_with("-rw-rw-r-- 1 root root "));
    assert!(listed.lines().next().unwrap().ends_with(" Dec 31 1969 landing/logs/logs-0000.csv"));
    assert_eq!(
        type_line(&mut w, &job, "snowball ls s3://landing/archive").unwrap(),
        "-rw-rw-r-- 1 root root 40000000000000 Dec 31 1969 landing/archive/bulk-0020  (400000 objects, described by size)"
    );
    // 40 TB at 300 MB/s is 133,334 s: a day and a half into the copy it is 97% done.
    w.advance_by(DAY + 12 * HOUR);
    let status = type_line(&mut w, &job, "snowball status").unwrap();
    assert_eq!(
        status.lines().skip(2).collect::<Vec<_>>(),
        ["Total Size: 72 TB", "Free Space: 31.99 TB", "Copy in progress: 97% at 300 MB/s"]
    );
    assert_eq!(
        type_line(&mut w, &job, "snowball ls s3://elsewhere"),
        Err("s3://elsewhere: no such folder on this Snowball (its root folders are the job's buckets: landing)".into())
    );
    assert_eq!(
        type_line(&mut w, &job, "snowball cp -r /home/me s3://landing/x"),
        Err("/home/me: No such file or directory (the sandbox's workstation holds /data/logs and /archive)".into())
    );
    // After the import the device is erased and says so.
    w.advance_by(DAY);
    ok(&mut w, "UpdateJobShipmentState", json!({"JobId": job, "ShipmentState": "RETURNED"}));
    w.advance_by(9 * DAY);
    assert_eq!(
        type_line(&mut w, &job, "snowball status"),
        Err("The Snowball has been erased (NIST 800-88): it holds nothing.".into())
    );
}

#[test]
fn every_type_and_capacity_pair_is_accepted_and_the_classic_ones_are_marked() {
    let mut w = support::world(32);
    support::call(&mut w, "s3", "CreateBucket", json!({"Bucket": "pairs"})).unwrap();
    let addr = address(&mut w);
    let mut classic = 0;
    for t in SNOWBALL_TYPES {
        for c in CAPACITIES {
            let job = job_in(
                &mut w,
                &addr,
                "pairs",
                json!({"SnowballType": t, "SnowballCapacityPreference": c}),
            );
            let m = &ok(&mut w, "DescribeJob", json!({"JobId": job}))["JobMetadata"];
            assert_eq!(
                (m["SnowballType"].as_str(), m["JobState"].as_str()),
                (Some(*t), Some("New"))
            );
            let view = w.view().snowball().job(&job).unwrap();
            if view.availability.starts_with("classic, no longer sold since ") {
                classic += 1;
            }
        }
    }
    assert_eq!(w.view().snowball().jobs().len(), 110, "10 types by 11 capacities");
    // STANDARD and both Snowcones stopped on 2024-11-12, every other type on 2025-11-07: the
    // scenario starts on 2026-01-01, so all 110 jobs are accepted and all are marked.
    assert_eq!(classic, 110);
    let standard = w.view().snowball().jobs().into_iter().find(|j| j.snowball_type == "STANDARD");
    assert_eq!(standard.unwrap().availability, "classic, no longer sold since 2024-11-12");
    let edge = w.view().snowball().jobs().into_iter().find(|j| j.snowball_type == "EDGE");
    assert_eq!(edge.unwrap().availability, "classic, no longer sold since 2025-11-07");
}

#[test]
fn the_kms_key_defaults_to_the_aws_managed_one_and_the_role_follows_the_model() {
    let mut w = support::world(33);
    support::call(&mut w, "s3", "CreateBucket", json!({"Bucket": "keys"})).unwrap();
    let addr = address(&mut w);
    let a = job_in(&mut w, &addr, "keys", json!({}));
    let b = job_in(&mut w, &addr, "keys", json!({}));
    let key = |w: &mut World, j: &str| {
        ok(w, "DescribeJob", json!({"JobId": j}))["JobMetadata"]["KmsKeyARN"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let default_key = key(&mut w, &a);
    assert!(default_key.starts_with("arn:aws:kms:us-east-1:"), "{default_key}");
    assert_eq!(default_key.split(":key/").nth(1).unwrap().len(), 36);
    assert_eq!(key(&mut w, &b), default_key, "one AWS-managed key per account");
    let account = default_key.split(':').nth(4).unwrap().to_string();
    let own = format!("arn:aws:kms:us-east-1:{account}:key/mine");
    let c = job_in(&mut w, &addr, "keys", json!({"KmsKeyARN": own}));
    assert_eq!(key(&mut w, &c), own);
    let body = json!({"JobType": "IMPORT", "AddressId": addr, "RoleARN": "arn:aws:iam::12:role/x",
        "Resources": {"S3Resources": [{"BucketArn": "arn:aws:s3:::keys"}]}});
    let (code, message) = failure(sb(&mut w, "CreateJob", body), "CreateJob");
    assert_eq!(code, "ValidationException");
    assert_eq!(
        message,
        "1 validation error detected: Value 'arn:aws:iam::12:role/x' at 'roleARN' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:aws.*:iam::[0-9]{12}:role/.*"
    );
}

#[test]
fn received_acknowledges_delivery_and_leaves_the_job_with_the_customer() {
    let mut w = support::world(34);
    support::call(&mut w, "s3", "CreateBucket", json!({"Bucket": "ack"})).unwrap();
    let addr = address(&mut w);
    let addresses = ok(&mut w, "DescribeAddresses", json!({}));
    assert_eq!(addresses["Addresses"][0]["AddressId"], addr.as_str());
    let one = ok(&mut w, "DescribeAddress", json!({"AddressId": addr}));
    assert_eq!(one["Address"]["City"], "Anytown");
    let job = job_in(&mut w, &addr, "ack", json!({"ShippingOption": "NEXT_DAY"}));
    let early =
        sb(&mut w, "UpdateJobShipmentState", json!({"JobId": job, "ShipmentState": "RECEIVED"}));
    assert_eq!(failure(early, "UpdateJobShipmentState").0, "InvalidJobStateException");
    // NEXT_DAY: New 1 h, prepare 1 day, shipment 1 day, one day on the road.
    w.advance_by(HOUR + 3 * DAY);
    let state = |w: &mut World| {
        ok(w, "DescribeJob", json!({"JobId": job}))["JobMetadata"]["JobState"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(state(&mut w), "WithCustomer");
    ok(&mut w, "UpdateJobShipmentState", json!({"JobId": job, "ShipmentState": "RECEIVED"}));
    assert_eq!(state(&mut w), "WithCustomer", "RECEIVED acknowledges, RETURNED moves");
    ok(&mut w, "UpdateJobShipmentState", json!({"JobId": job, "ShipmentState": "RETURNED"}));
    assert_eq!(state(&mut w), "InTransitToAWS");
    let bad = sb(&mut w, "UpdateJobShipmentState", json!({"JobId": job, "ShipmentState": "LOST"}));
    let (code, message) = failure(bad, "UpdateJobShipmentState");
    assert_eq!(code, "ValidationException");
    assert_eq!(
        message,
        "1 validation error detected: Value 'LOST' at 'shipmentState' failed to satisfy constraint: Member must satisfy enum value set: [RECEIVED, RETURNED]"
    );
}

#[test]
fn sizes_read_as_the_user_guide_prints_them() {
    assert_eq!(size(72_000_000_000_000), "72 TB");
    assert_eq!(size(71_999_999_920_000), "71.99 TB");
    assert_eq!(size(1_500_000_000), "1.5 GB");
    assert_eq!(size(999), "999 B");
}

#[test]
fn lines_read_into_the_clients_verbs() {
    let j = "JID123e4567-e89b-12d3-a456-426655440000";
    assert_eq!(parse(j, "snowball status"), Ok(ClientLine::Status));
    assert_eq!(parse(j, "  snowball   ls  "), Ok(ClientLine::Ls(None)));
    assert_eq!(parse(j, "snowball ls s3://b/logs"), Ok(ClientLine::Ls(Some("s3://b/logs".into()))));
    assert_eq!(
        parse(j, "snowball ls /b/logs"),
        Err("/b/logs: the only supported destination schema is s3://".into())
    );
    assert_eq!(
        parse(
            j,
            "snowball start -m /Downloads/m.bin -u 12345-abcde-12345-ABCDE-12345 -i 192.0.2.0"
        ),
        Ok(ClientLine::Command(SnowballCommand::UnlockDevice {
            job_id: j.into(),
            manifest: "/Downloads/m.bin".into(),
            unlock_code: "12345-abcde-12345-ABCDE-12345".into()
        }))
    );
    assert_eq!(
        parse(j, "snowball start -i 192.0.2.0"),
        Err("Usage: snowball start -i IP -m MANIFEST -u UNLOCK_CODE".into())
    );
    assert_eq!(parse(j, "snowball start -i"), Err("snowball start: -i needs a value".into()));
    assert!(matches!(
        parse(j, "snowball cp -r /data/logs/ s3://b/logs/"),
        Ok(ClientLine::Command(SnowballCommand::CopyGenerated { files: 20, ref destination, .. })) if destination == "s3://b/logs"
    ));
    assert_eq!(
        parse(j, "snowball cp -r /home s3://b"),
        Err("/home: No such file or directory (the sandbox's workstation holds /data/logs and /archive)".into())
    );
    assert_eq!(
        parse(j, "aws s3 ls"),
        Err("Not a Snowball client command: aws s3 ls (lines start with snowball)".into())
    );
    assert_eq!(
        parse(j, "snowball rm -r s3://b/x"),
        Err("snowball rm: the sandbox's client runs start, cp, ls and status".into())
    );
}

proptest::proptest! {
    /// Any line typed at the workstation answers (a verb, a read, or the client's refusal),
    /// and a read of any path on an unlocked device answers: never a panic.
    #[test]
    fn any_line_answers(line in "(snowball )?(start|cp|ls|status|-r|-i|-m|-u|s3://|/data/logs|\\PC){0,8}") {
        let _ = parse("JID123e4567-e89b-12d3-a456-426655440000", &line);
        let job = unlocked_view();
        let _ = client::ls(&job, Some(&line));
        let _ = client::status(&job);
    }
}

/// A delivered, unlocked device holding the generated logs, made once per test run.
fn unlocked_view() -> engine::snowball::JobView {
    static VIEW: std::sync::OnceLock<engine::snowball::JobView> = std::sync::OnceLock::new();
    VIEW.get_or_init(|| {
        let mut w = support::world(35);
        support::call(&mut w, "s3", "CreateBucket", json!({"Bucket": "bkt"})).unwrap();
        let addr = address(&mut w);
        let job = job_in(&mut w, &addr, "bkt", json!({}));
        w.advance_by(HOUR + 4 * DAY);
        let code = ok(&mut w, "GetJobUnlockCode", json!({"JobId": job}))["UnlockCode"]
            .as_str()
            .unwrap()
            .to_string();
        let start = format!("snowball start -i 192.0.2.0 -m {job}_manifest.bin -u {code}");
        type_line(&mut w, &job, &start).unwrap();
        type_line(&mut w, &job, "snowball cp -r /data/logs s3://bkt/logs").unwrap();
        w.view().snowball().job(&job).unwrap()
    })
    .clone()
}
