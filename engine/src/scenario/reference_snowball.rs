//! The reference scenario's Snowball part, on a world of its own: an import job on a classic
//! 80 TB Snowball, delivered, unlocked with its manifest and unlock code, loaded with real files
//! (AES-256-GCM on the way in) and bulk data described by size, sent back, imported into S3 and
//! erased (nine days of virtual time). Beside it, the classic AWS Import/Export Disk: an import
//! job for the learner's own 2 TB drive, which ships with its SIGNATURE file, is loaded at AWS
//! into S3 and comes back. Job ids, the unlock code and the Disk job's signature come from the
//! world's RNG, so the script is written after replaying its first commands once (remembered
//! for the process).

use std::sync::OnceLock;

use super::reference::{call, learner, REFERENCE_SEED};
use crate::importexport::DiskCommand;
use crate::sim::{CommandRecord, World, WorldConfig};
use crate::snowball::{DeviceFile, SnowballCommand};

const HOUR: u64 = 3_600_000;
const DAY: u64 = 24 * HOUR;
const SB: &str = "AWSIESnowballJobManagementService";

/// When the job is ordered.
const ORDERED: u64 = 2_200;

fn api(at: u64, action: &str, body: &str) -> CommandRecord {
    call(at, &format!("{SB}.{action}"), body)
}

/// The Disk job's manifest: an import into `disk-landing` from drive `REF-0001`, signed with
/// the key the sandbox's own calls carry.
const DISK_MANIFEST: &str = "manifestVersion: 2.0\naccessKeyId: AKIAIOSFODNN7EXAMPLE\ndeviceId: REF-0001\nbucket: disk-landing\neraseDevice: yes\nreturnAddress:\n    name: Data Centre Ops\n    street1: 123 Any Street\n    city: Anytown\n    stateOrProvince: WA\n    postalCode: 91011\n    phoneNumber: 206-555-1111\n    country: USA\n";

/// The commands up to the order, the order included.
fn ordering() -> Vec<CommandRecord> {
    vec![
        call(1_800, "s3.CreateBucket", r#"{"Bucket":"disk-landing"}"#),
        call(
            1_900,
            "importexport.CreateJob",
            &serde_json::json!({"JobType": "Import", "Manifest": DISK_MANIFEST, "ValidateOnly": false})
                .to_string(),
        ),
        call(2_000, "s3.CreateBucket", r#"{"Bucket":"snow-landing"}"#),
        api(
            2_100,
            "CreateAddress",
            r#"{"Address":{"Name":"Data Centre Ops","Street1":"123 Any Street","City":"Anytown","StateOrProvince":"WA","Country":"US","PostalCode":"91011","PhoneNumber":"206-555-1111"}}"#,
        ),
    ]
}

/// The address id, job id and unlock code the reference world hands out, and the Disk job's
/// SIGNATURE file.
fn ids() -> &'static (String, String, String, String) {
    static IDS: OnceLock<(String, String, String, String)> = OnceLock::new();
    IDS.get_or_init(|| {
        let mut w = World::replay(WorldConfig::with_seed(REFERENCE_SEED), ordering());
        let signature = w
            .view()
            .importexport()
            .jobs()
            .first()
            .map(|j| j.signature_file.clone())
            .unwrap_or_default();
        let address = w.view().snowball().addresses().first().cloned().unwrap_or_default();
        w.advance_to(ORDERED);
        let out = w.apply(order(&address).command);
        let id = out
            .result
            .ok()
            .and_then(|b| serde_json::from_str::<serde_json::Value>(&b).ok())
            .and_then(|v| v["JobId"].as_str().map(str::to_string))
            .unwrap_or_default();
        let code = w.with_services(|s, _| {
            s.snowball.jobs.get(&id).map(|j| j.unlock_code.clone()).unwrap_or_default()
        });
        (address, id, code, signature)
    })
}

fn order(address: &str) -> CommandRecord {
    let body = format!(
        r#"{{"JobType":"IMPORT","SnowballType":"STANDARD","SnowballCapacityPreference":"T80","ShippingOption":"NEXT_DAY","AddressId":"{address}","RoleARN":"arn:aws:iam::000000000000:role/snowball-import-S3-role","Resources":{{"S3Resources":[{{"BucketArn":"arn:aws:s3:::snow-landing","KeyRange":{{}}}}]}}}}"#
    );
    api(ORDERED, "CreateJob", &body)
}

/// The Snowball import script, in time order.
pub fn reference_snowball_commands() -> Vec<CommandRecord> {
    let (address, job, code, signature) = ids();
    let with_job = format!(r#"{{"JobId":"{job}"}}"#);
    // NEXT_DAY: New 1 h, preparing 1 day, shipment 1 day, 1 day on the road.
    let on_site = ORDERED + HOUR + 3 * DAY + 60_000;
    let files = (0..4)
        .map(|i| DeviceFile {
            name: format!("sensor-{i}.csv"),
            body: format!("time,reading\n{i},{}\n", 20 + i).into_bytes().into(),
        })
        .collect();
    let returned = on_site + 2 * HOUR;
    let mut out = ordering();
    out.extend([
        order(address),
        api(ORDERED + 100, "GetSnowballUsage", "{}"),
        // The drive ships the next morning with two real files and 1.5 TB described by size.
        learner(
            8 * HOUR,
            DiskCommand::ShipDevice {
                job_id: "REF-0001".into(),
                capacity_bytes: 2_000_000_000_000,
                files: (0..2)
                    .map(|i| DeviceFile {
                        name: format!("ledger/{i}.csv"),
                        body: format!("account,balance\n{i},{}\n", 100 * (i + 1))
                            .into_bytes()
                            .into(),
                    })
                    .collect(),
                described_bytes: 1_500_000_000_000,
                described_objects: 3_000,
                signature: Some(signature.clone()),
            },
        ),
        api(on_site, "GetJobManifest", &with_job),
        api(on_site, "GetJobUnlockCode", &with_job),
        learner(
            on_site + 1_000,
            SnowballCommand::UnlockDevice {
                job_id: job.clone(),
                manifest: format!("{job}_manifest.bin"),
                unlock_code: code.clone(),
            },
        ),
        learner(
            on_site + 2_000,
            SnowballCommand::CopyFiles {
                job_id: job.clone(),
                destination: "s3://snow-landing/sensors".into(),
                files,
                rate_mb_s: None,
            },
        ),
        learner(
            on_site + 3_000,
            SnowballCommand::CopyDescribed {
                job_id: job.clone(),
                destination: "s3://snow-landing/archive".into(),
                bytes: 2_000_000_000_000,
                objects: 20_000,
                rate_mb_s: Some(800),
            },
        ),
        api(
            returned,
            "UpdateJobShipmentState",
            &format!(r#"{{"JobId":"{job}","ShipmentState":"RETURNED"}}"#),
        ),
        // Back: 1 day on the road, 2 at the sorting facility, 1 at AWS, 2 importing.
        api(returned + 6 * DAY + 60_000, "DescribeJob", &with_job),
        call(
            returned + 6 * DAY + 61_000,
            "s3.GetObject",
            r#"{"Bucket":"snow-landing","Key":"sensors/sensor-2.csv"}"#,
        ),
        call(returned + 6 * DAY + 62_000, "importexport.ListJobs", "{}"),
        call(
            returned + 6 * DAY + 63_000,
            "s3.GetObject",
            r#"{"Bucket":"disk-landing","Key":"ledger/1.csv"}"#,
        ),
    ]);
    out
}
