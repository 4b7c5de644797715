//! Snowball questions: how much a classic appliance holds, what encrypts it when the job names
//! no key, and how long a job can still be cancelled. Each orders a real job with CreateJob.
//! The address and job ids come from the service, so a run's commands read them from a first
//! run on the question's own seed: the run replays the same commands at the same times and is
//! handed the same ids.

use engine::{Command, World, WorldConfig};
use serde_json::{json, Value};

use crate::catalog::BOTH;
use crate::commands::create_bucket;
use crate::question::{Choice, Observation, Question};
use crate::script::Script;

const SB: &str = "AWSIESnowballJobManagementService";
const TB: u64 = 1_000_000_000_000;
const MIN: u64 = 60_000;
/// When the job is ordered (the address exists by then).
const ORDERED: u64 = 1_000;

fn api(action: &str, body: Value) -> Command {
    Command::api(format!("{SB}.{action}"), body.to_string())
}

fn address() -> Command {
    api(
        "CreateAddress",
        json!({"Address": {"Name": "Data Centre Ops", "Street1": "123 Any Street", "City": "Anytown", "StateOrProvince": "WA", "Country": "US", "PostalCode": "91011", "PhoneNumber": "206-555-1111"}}),
    )
}

/// The bucket, the address and an IMPORT job for a classic Snowball of `capacity`, with the
/// job's id; `kms` names a key of the account, or none.
fn order(seed: u64, capacity: &str, kms: bool) -> (Script, String) {
    let mut s = Script::new();
    s.push(create_bucket("snow-landing")).push(address());
    let first = World::load(WorldConfig::with_seed(seed), s.clone().finish(), ORDERED);
    let address_id = first.view().snowball().addresses().first().cloned().unwrap_or_default();
    let mut job = json!({
        "JobType": "IMPORT",
        "SnowballType": "STANDARD",
        "SnowballCapacityPreference": capacity,
        "ShippingOption": "SECOND_DAY",
        "AddressId": address_id,
        "RoleARN": "arn:aws:iam::000000000000:role/snowball-import-S3-role",
        "Resources": {"S3Resources": [{"BucketArn": "arn:aws:s3:::snow-landing", "KeyRange": {}}]},
    });
    if kms {
        job["KmsKeyARN"] =
            json!("arn:aws:kms:us-east-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab");
    }
    s.at(ORDERED).push(api("CreateJob", job));
    let second = World::load(WorldConfig::with_seed(seed), s.clone().finish(), ORDERED + 1);
    let id = second.view().snowball().jobs().last().map(|j| j.id.clone()).unwrap_or_default();
    (s, id)
}

fn newest(w: &World) -> Option<engine::snowball::JobView> {
    w.view().snowball().jobs().pop()
}

pub const QUESTIONS: &[Question] = &[
    Question {
        id: "snowball-usable",
        title: "How much fits",
        covers: &["S43", "S46"],
        exams: BOTH,
        view: "transfer",
        params: |d| vec![("cap", d.pick(&[0, 1]))],
        prompt: "You order a classic Snowball with SnowballCapacityPreference {cap|T50|T80}. How much of your data can you copy onto it?",
        choices: &[
            Choice { label: "42 TB", act: None, holds: |o, _| o.get("usable") == 42 },
            Choice { label: "72 TB", act: None, holds: |o, _| o.get("usable") == 72 },
            Choice { label: "All {cap|50|80} TB: the size is the usable space", act: None, holds: |o, _| o.get("usable") == 50 || o.get("usable") == 80 },
        ],
        setup: |p| order(p.seed, if p.get("cap") == 0 { "T50" } else { "T80" }, false).0.finish(),
        fork_at: 0,
        run_ms: |_| 10_000,
        observe: |w, _| {
            let mut o = Observation::default();
            let usable = newest(w).map_or(0, |j| j.device.capacity_bytes / TB);
            o.count("usable", "Space you can fill on the appliance", usable, " TB");
            o
        },
        why: "The classic Snowball came in two sizes, 50 TB and 80 TB, and AWS's own words were: \"50 TB Snowballs have 42 TB of usable space. 80 TB Snowballs have 72 TB of usable space.\" Plan a migration by the usable space: 100 TB needs two 80 TB appliances. (Those devices are no longer sold; today's Snowball Edge Storage Optimized has 80 TB usable, and Snowball Edge itself is closed to new customers since November 7, 2025.)",
    },
    Question {
        id: "snowball-kms",
        title: "What encrypts the appliance",
        covers: &["S44", "S48"],
        exams: BOTH,
        view: "transfer",
        params: |d| vec![("key", d.pick(&[0, 1]))],
        prompt: "You create a Snowball import job {key|without a KmsKeyARN|with a KmsKeyARN of your own}. What protects the data you will copy onto it?",
        choices: &[
            Choice { label: "AES-256 encryption under a KMS key either way: the key the job names, or the account's AWS-managed key for Snowball", act: None, holds: |o, _| o.get("created") == 1 && o.get("kms") == 1 },
            Choice { label: "Nothing, unless the job names a key: encryption is optional, as with Import/Export Disk", act: None, holds: |o, p| o.get("created") == 1 && o.get("kms") == 0 && p.get("key") == 0 },
            Choice { label: "CreateJob refuses a job that names no key", act: None, holds: |o, _| o.get("created") == 0 },
        ],
        setup: |p| order(p.seed, "T80", p.get("key") == 1).0.finish(),
        fork_at: 0,
        run_ms: |_| 10_000,
        observe: |w, _| {
            let mut o = Observation::default();
            let job = newest(w);
            o.count("created", "Jobs created", job.is_some() as u64, "");
            let key = job.map(|j| j.kms_key_arn).unwrap_or_default();
            o.text("kms", "The job's KMS key", (!key.is_empty()) as i64, if key.is_empty() { "(none)".into() } else { key });
            o
        },
        why: "Snowball enforces encryption: data is encrypted with AES-GCM 256-bit keys in your workstation's memory before it reaches the appliance, and \"the Snowball never contains any discoverable keys\". The job's KMS key encrypts the unlock code, which opens the manifest that holds the data keys. A job that names no KmsKeyARN gets the account's AWS-managed key for Snowball (the sandbox's ARN for it is its own). With Import/Export Disk, encryption of an import was optional.",
    },
    Question {
        id: "snowball-cancel-window",
        title: "Too late to cancel?",
        covers: &["S49"],
        exams: BOTH,
        view: "transfer",
        params: |d| vec![("m", d.pick(&[20, 45, 90, 150]))],
        prompt: "You order a Snowball with CreateJob and change your mind {m} minutes later: you call CancelJob. What happens?",
        choices: &[
            Choice { label: "The job is Cancelled", act: None, holds: |o, _| o.get("cancelled") == 1 },
            Choice { label: "CancelJob is refused (InvalidJobStateException): AWS is already preparing the appliance, and the job goes on", act: None, holds: |o, _| o.get("cancelled") == 0 && o.get("going") == 1 },
        ],
        setup: |p| {
            let (mut s, id) = order(p.seed, "T80", false);
            s.at(ORDERED + p.get("m") as u64 * MIN).push(api("CancelJob", json!({"JobId": id})));
            s.finish()
        },
        fork_at: 0,
        run_ms: |p| ORDERED + (p.get("m") as u64 + 1) * MIN,
        observe: |w, _| {
            let mut o = Observation::default();
            let job = newest(w);
            let state = job.as_ref().map_or("(none)", |j| j.state.as_str());
            o.count("cancelled", "Jobs cancelled", (state == "Cancelled") as u64, "");
            o.text("going", "The job's state", (state != "Cancelled" && job.is_some()) as i64, state.to_string());
            o
        },
        why: "A Snowball job can be cancelled only while it is New (the console's \"Job created\"), which lasts about an hour; once it moves to PreparingAppliance, CancelJob answers InvalidJobStateException and the appliance is on its way. The console shows the same rule as a greyed-out Cancel.",
    },
];
