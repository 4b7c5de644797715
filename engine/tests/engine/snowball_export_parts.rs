//! An export larger than one device: the main job (`MID...`, IsMaster) lists the bucket and
//! splits into job parts of at most a device each, each a job with its own KeyRange, shipped
//! one after another (the next once the previous is in transit to AWS); every object is
//! exported exactly once across the devices (a property test over the split).

use std::collections::BTreeSet;

use crate::support;
use engine::snowball::parts::{split, Item};
use engine::snowball::{JobState, SnowballCommand};
use engine::{Command, World};
use proptest::prelude::*;
use serde_json::{json, Value};

const SB: &str = "AWSIESnowballJobManagementService";
const HOUR: u64 = 3_600_000;
const DAY: u64 = 24 * HOUR;
const TB: u64 = 1_000_000_000_000;

fn ok(w: &mut World, action: &str, body: Value) -> Value {
    support::call(w, SB, action, body).unwrap_or_else(|e| panic!("{action}: {e:?}"))
}

fn s3(w: &mut World, action: &str, body: Value) -> Value {
    support::call(w, "s3", action, body).unwrap_or_else(|e| panic!("{action}: {e:?}"))
}

fn learner(w: &mut World, c: SnowballCommand) -> Result<String, engine::api::ApiError> {
    w.apply(Command::Snowball(c)).result
}

fn state(w: &mut World, job: &str) -> String {
    ok(w, "DescribeJob", json!({"JobId": job}))["JobMetadata"]["JobState"].as_str().unwrap().into()
}

/// A bucket of two small objects around 100 TB described by its size (50 objects of 2 TB),
/// and an EXPORT of all of it on classic 80 TB Snowballs (72 TB usable).
fn hundred_tb_export(w: &mut World) -> String {
    s3(w, "CreateBucket", json!({"Bucket": "archive"}));
    s3(w, "PutObject", json!({"Bucket": "archive", "Key": "a-first", "Body": "aGk="}));
    s3(w, "PutObject", json!({"Bucket": "archive", "Key": "z-last", "Body": "aGk="}));
    let put = SnowballCommand::PutDescribedData {
        bucket: "archive".into(),
        key: "mid".into(),
        bytes: 100 * TB,
        objects: 50,
    };
    assert_eq!(learner(w, put).unwrap(), "{\"Bytes\":100000000000000,\"Objects\":50}");
    let a = json!({"Address": {"Name": "Jane Roe", "Street1": "123 Any Street", "City": "Anytown",
        "StateOrProvince": "WA", "Country": "US", "PostalCode": "91011", "PhoneNumber": "206-555-1111"}});
    let addr = ok(w, "CreateAddress", a)["AddressId"].as_str().unwrap().to_string();
    let body = json!({"JobType": "EXPORT", "SnowballType": "STANDARD", "SnowballCapacityPreference": "T80",
        "ShippingOption": "SECOND_DAY", "AddressId": addr,
        "Resources": {"S3Resources": [{"BucketArn": "arn:aws:s3:::archive", "KeyRange": {}}]}});
    ok(w, "CreateJob", body)["JobId"].as_str().unwrap().to_string()
}

#[test]
fn a_100_tb_export_ships_as_two_parts_one_after_another() {
    let mut w = support::world(31);
    let main = hundred_tb_export(&mut w);
    assert!(main.starts_with("MID"), "{main}");
    let list = ok(&mut w, "ListJobs", json!({}));
    assert_eq!(list["JobListEntries"][0]["IsMaster"], true);
    w.advance_by(HOUR);
    assert_eq!(state(&mut w, &main), "Listing");
    w.advance_by(HOUR);
    let d = ok(&mut w, "DescribeJob", json!({"JobId": main}));
    assert_eq!(d["JobMetadata"]["JobState"], "InProgress");
    let subs = d["SubJobMetadata"].as_array().unwrap().clone();
    assert_eq!(subs.len(), 2);
    let ids: Vec<String> = subs.iter().map(|s| s["JobId"].as_str().unwrap().to_string()).collect();
    assert!(ids.iter().all(|i| i.starts_with("JID")));
    assert_eq!(subs[0]["JobState"], "PreparingAppliance");
    assert_eq!(subs[1]["JobState"], "Pending", "the second part waits for the first");
    // Each part's KeyRange: 35 objects of 2 TB and a-first fill 70 TB of the first device.
    let range = |s: &Value| s["Resources"]["S3Resources"][0]["KeyRange"].clone();
    assert_eq!(range(&subs[0]), json!({"BeginMarker": "a-first", "EndMarker": "mid/34"}));
    assert_eq!(range(&subs[1]), json!({"BeginMarker": "mid/35", "EndMarker": "z-last"}));
    let list = ok(&mut w, "ListJobs", json!({}));
    let masters: Vec<bool> = list["JobListEntries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["IsMaster"].as_bool().unwrap())
        .collect();
    assert_eq!(masters, [true, false, false]);

    // The first part: exported at AWS, shipped, with you; sent back.
    w.advance_by(DAY);
    let p1 = w.view().snowball().job(&ids[0]).unwrap();
    assert_eq!(p1.console_state, "Exporting");
    assert_eq!((p1.transferred_objects, p1.device.used_bytes), (36, 70 * TB + 2));
    w.advance_by(DAY + DAY + 2 * DAY);
    assert_eq!(state(&mut w, &ids[0]), "WithCustomer");
    assert_eq!(state(&mut w, &ids[1]), "Pending");
    ok(&mut w, "UpdateJobShipmentState", json!({"JobId": ids[0], "ShipmentState": "RETURNED"}));
    assert_eq!(
        state(&mut w, &ids[1]),
        "PreparingAppliance",
        "next part once the first is on its way back"
    );
    w.advance_by(2 * DAY);
    let p2 = w.view().snowball().job(&ids[1]).unwrap();
    assert_eq!((p2.transferred_objects, p2.device.used_bytes), (16, 30 * TB + 2));
    let paths: Vec<&str> = p2.device.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, ["archive/mid/35", "archive/z-last"]);
    w.advance_by(3 * DAY);
    assert_eq!(state(&mut w, &ids[1]), "WithCustomer");
    assert_eq!(state(&mut w, &ids[0]), "Complete");
    assert_eq!(state(&mut w, &main), "InProgress");
    ok(&mut w, "UpdateJobShipmentState", json!({"JobId": ids[1], "ShipmentState": "RETURNED"}));
    w.advance_by(6 * DAY);
    assert_eq!(state(&mut w, &ids[1]), "Complete");
    assert_eq!(state(&mut w, &main), "Complete");
    let m = w.view().snowball().job(&main).unwrap();
    assert_eq!((m.transferred_objects, m.transferred_bytes), (52, 100 * TB + 4));
    assert!(w.view().snowball().job(&ids[1]).unwrap().device.erased);
    // One device at a time was ever in use (the main job has none).
    let usage = ok(&mut w, "GetSnowballUsage", json!({}));
    assert_eq!(usage["SnowballsInUse"], 0);
}

#[test]
fn an_export_that_fits_one_device_stays_one_job() {
    let mut w = support::world(32);
    s3(&mut w, "CreateBucket", json!({"Bucket": "small"}));
    let put = SnowballCommand::PutDescribedData {
        bucket: "small".into(),
        key: "bulk".into(),
        bytes: 60 * TB,
        objects: 30,
    };
    learner(&mut w, put).unwrap();
    let bad = SnowballCommand::PutDescribedData {
        bucket: "nope".into(),
        key: "bulk".into(),
        bytes: 1,
        objects: 1,
    };
    assert_eq!(
        learner(&mut w, bad).unwrap_err().message,
        "The specified bucket does not exist: nope."
    );
    let a = json!({"Address": {"Name": "J", "Street1": "1 St", "City": "C", "StateOrProvince": "WA",
        "Country": "US", "PostalCode": "91011", "PhoneNumber": "206-555-1111"}});
    let addr = ok(&mut w, "CreateAddress", a)["AddressId"].as_str().unwrap().to_string();
    let body = json!({"JobType": "EXPORT", "SnowballType": "STANDARD", "SnowballCapacityPreference": "T80",
        "AddressId": addr, "Resources": {"S3Resources": [{"BucketArn": "arn:aws:s3:::small"}]}});
    let job = ok(&mut w, "CreateJob", body)["JobId"].as_str().unwrap().to_string();
    assert!(job.starts_with("JID"));
    assert!(ok(&mut w, "DescribeJob", json!({"JobId": job})).get("SubJobMetadata").is_none());
    w.advance_by(HOUR + DAY);
    assert_eq!(state(&mut w, &job), "InProgress");
    assert_eq!(w.view().snowball().job(&job).unwrap().device.used_bytes, 60 * TB);
}

fn items() -> impl Strategy<Value = Vec<Item>> {
    let one = prop_oneof![
        (1u64..40).prop_map(|b| (b, 1, false)),
        // Objects of `each` or `each + 1` bytes: at most 40, the smallest device here.
        ((0u64..40), (1u64..30), (0u64..30)).prop_map(|(each, n, extra)| (
            each * n + extra % n,
            n,
            true
        )),
    ];
    proptest::collection::vec(one, 0..25).prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(i, (bytes, count, bulk))| {
                let key = format!("k{i:03}");
                if bulk {
                    Item::Bulk { bucket: "b".into(), key, count, total: bytes, from: 0, to: count }
                } else {
                    Item::Object { bucket: "b".into(), key, bytes }
                }
            })
            .collect()
    })
}

proptest! {
    /// None lost, none duplicated, key order kept, and no part over the device (objects here
    /// are never larger than a device, as AWS's 5 TB limit guarantees for real ones).
    #[test]
    fn every_object_is_exported_exactly_once_across_the_parts(items in items(), usable in 40u64..200) {
        let parts = split(&items, usable);
        let all: Vec<String> = items.iter().flat_map(Item::keys).collect();
        let got: Vec<String> = parts.iter().flatten().flat_map(Item::keys).collect();
        prop_assert_eq!(&got, &all);
        prop_assert_eq!(got.iter().collect::<BTreeSet<_>>().len(), got.len());
        let total: u64 = items.iter().map(Item::bytes).sum();
        prop_assert_eq!(parts.iter().flatten().map(Item::bytes).sum::<u64>(), total);
        for p in &parts {
            prop_assert!(!p.is_empty());
            prop_assert!(p.iter().map(Item::bytes).sum::<u64>() <= usable);
        }
        // Greedy: a part is cut only when the next object would not fit.
        for w in parts.windows(2) {
            let used: u64 = w[0].iter().map(Item::bytes).sum();
            let next = match &w[1][0] {
                Item::Object { bytes, .. } => *bytes,
                Item::Bulk { count, total, from, .. } => {
                    Item::Bulk { bucket: "b".into(), key: "x".into(), count: *count, total: *total, from: *from, to: from + 1 }.bytes()
                }
            };
            prop_assert!(used + next > usable);
        }
    }
}

#[test]
fn a_part_is_never_cancelled_and_the_main_job_only_while_new() {
    let mut w = support::world(33);
    let main = hundred_tb_export(&mut w);
    w.advance_by(2 * HOUR);
    let d = ok(&mut w, "DescribeJob", json!({"JobId": main}));
    let second = d["SubJobMetadata"][1]["JobId"].as_str().unwrap().to_string();
    for id in [&main, &second] {
        let r = support::call(&mut w, SB, "CancelJob", json!({"JobId": id}));
        assert_eq!(support::failure(r, "CancelJob").0, "InvalidJobStateException");
    }
    assert_eq!(w.view().snowball().job(&second).unwrap().state, JobState::Pending);
}
