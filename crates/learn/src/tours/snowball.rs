//! The Snowball tour's commands. A job's ids come from the service (the address id, the job id,
//! the unlock code), so they are read from a first run of the tour's own start, on the tour's
//! seed: the tour's world replays the same commands at the same times and is handed the same ids.

use std::sync::OnceLock;

use engine::snowball::{DeviceFile, SnowballCommand};
use engine::{Command, CommandRecord, World, WorldConfig};
use serde_json::{json, Value};

use crate::commands::create_bucket;
use crate::script::Script;

const SB: &str = "AWSIESnowballJobManagementService";
const ORDERED: u64 = 2_000;
/// The tour's first caption: the job has just been ordered.
pub const OPENS_AT: u64 = 3_000;

fn api(action: &str, body: Value) -> Command {
    Command::api(format!("{SB}.{action}"), body.to_string())
}

/// The bucket and the shipping address, then the order.
fn script(address: &str) -> Script {
    let mut s = Script::new();
    s.push(create_bucket("snow-landing"));
    s.push(api("CreateAddress", json!({"Address": {"Name": "Data Centre Ops", "Street1": "123 Any Street", "City": "Anytown", "StateOrProvince": "WA", "Country": "US", "PostalCode": "91011", "PhoneNumber": "206-555-1111"}})));
    if !address.is_empty() {
        s.at(ORDERED).push(api("CreateJob", json!({
            "JobType": "IMPORT",
            "SnowballType": "STANDARD",
            "SnowballCapacityPreference": "T80",
            "ShippingOption": "NEXT_DAY",
            "AddressId": address,
            "RoleARN": "arn:aws:iam::000000000000:role/snowball-import-S3-role",
            "Resources": {"S3Resources": [{"BucketArn": "arn:aws:s3:::snow-landing", "KeyRange": {}}]},
        })));
    }
    s
}

/// (job id, unlock code), from a first run on the tour's seed.
fn ids() -> &'static (String, String) {
    static IDS: OnceLock<(String, String)> = OnceLock::new();
    IDS.get_or_init(|| {
        let first = World::load(WorldConfig::with_seed(1), script("").finish(), ORDERED);
        let address = first.view().snowball().addresses().first().cloned().unwrap_or_default();
        let mut w = World::load(WorldConfig::with_seed(1), script(&address).finish(), OPENS_AT);
        let Some(job) = w.view().snowball().jobs().last().map(|j| j.id.clone()) else {
            return Default::default();
        };
        // The code is handed out only once the appliance is with the customer.
        while w.view().snowball().job(&job).is_some_and(|j| j.state.as_str() != "WithCustomer") {
            if w.step().is_none() {
                break;
            }
        }
        let out = w.apply(api("GetJobUnlockCode", json!({"JobId": job})));
        let code = out
            .result
            .ok()
            .and_then(|b| serde_json::from_str::<Value>(&b).ok())
            .and_then(|v| v["UnlockCode"].as_str().map(str::to_string))
            .unwrap_or_default();
        (job, code)
    })
}

pub fn start() -> Vec<CommandRecord> {
    let first = World::load(WorldConfig::with_seed(1), script("").finish(), ORDERED);
    let address = first.view().snowball().addresses().first().cloned().unwrap_or_default();
    script(&address).finish()
}

/// GetJobManifest and GetJobUnlockCode, `snowball start` with both, `snowball cp` of four files.
pub fn unlock_and_copy() -> Vec<Command> {
    let (job, code) = ids();
    let files = (0..4)
        .map(|i| DeviceFile {
            name: format!("sensor-{i}.csv"),
            body: format!("time,reading\n{i},{}\n", 20 + i).into_bytes().into(),
        })
        .collect();
    vec![
        api("GetJobManifest", json!({"JobId": job})),
        api("GetJobUnlockCode", json!({"JobId": job})),
        SnowballCommand::UnlockDevice {
            job_id: job.clone(),
            manifest: format!("{job}_manifest.bin"),
            unlock_code: code.clone(),
        }
        .into(),
        SnowballCommand::CopyFiles {
            job_id: job.clone(),
            destination: "s3://snow-landing/sensors".into(),
            files,
            rate_mb_s: None,
        }
        .into(),
    ]
}

/// The appliance goes back to AWS (its E Ink label already shows the return address).
pub fn ship_back() -> Vec<Command> {
    let (job, _) = ids();
    vec![api("UpdateJobShipmentState", json!({"JobId": job, "ShipmentState": "RETURNED"}))]
}
