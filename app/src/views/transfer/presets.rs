//! The Import/Export view's presets, each loadable by URL (`#/transfer?preset=...`), covering
//! the study notes S40-S56 between them. Each sets the calculator and, where it has one, runs a
//! real job through the API and the device's verbs, skipping the days a shipment takes.

use engine::api::Call;
use engine::s3::wire::{CreateBucketInput, PutObjectInput};
use engine::snowball::wire::by_job::CancelJobInput;
use engine::snowball::wire::{S3Resource, UpdateJobShipmentStateInput};
use engine::snowball::SnowballCommand;
use leptos::prelude::*;

use engine::importexport::model::DiskJobType;
use engine::importexport::wire::CancelJobInput as DiskCancel;
use engine::importexport::DiskJobView;

use super::actions::{device, order, unlock, Order};
use super::disk;
use super::{CalcInputs, TransferState};
use crate::driver::Sim;
use crate::widgets::preset_kit::{self, Catalog, PresetInfo};

const HOUR: u64 = 3_600_000;
const DAY: u64 = 24 * HOUR;
/// New, preparing, shipment, two days on the road: the device reaches the customer.
const TO_CUSTOMER: u64 = HOUR + 4 * DAY;

pub struct Preset {
    pub info: PresetInfo,
    calc: fn() -> CalcInputs,
    setup: fn(Sim, TransferState),
}

fn calc(size_tb: f64, link_mbps: f64) -> CalcInputs {
    CalcInputs { size_tb, link_mbps, ..CalcInputs::default() }
}

pub const PRESETS: &[Preset] = &[
    Preset {
        info: PresetInfo {
            id: "hundred-tb",
            title: "100 TB over 100 Mbps, or a Snowball",
            notice: "Over a 100 Mbps link at 80% the formula gives 115.74 days; two 80 TB Snowballs (72 TB usable each) take about 12 days door to door, so the appliance wins and AWS's 7-day rule agrees. The job below is real: it was ordered with CreateJob, moved through AWS's states on the virtual clock, reached your data centre, was unlocked with the manifest and the 29-character unlock code, and data is being copied onto it (copy at the source); press Next stage to ship it back and watch the import into S3 (copy at the destination). The same data over the network would bypass nothing: the appliance bypasses the internet.",
            covers: &["S40", "S41", "S42", "S43", "S46", "S47", "S49"],
        },
        calc: || calc(100.0, 100.0),
        setup: |sim, state| {
            import_on_site(sim, state, "STANDARD", "T80", "migration-landing");
            let id = job(state);
            let _ = device(sim, SnowballCommand::CopyGenerated { job_id: id.clone(), destination: "s3://migration-landing/logs".into(), files: 20, bytes_each: 4_000, rate_mb_s: None }, "snowball cp -r /data/logs s3://migration-landing/logs");
            sim.skip(1_000);
            let _ = device(sim, SnowballCommand::CopyDescribed { job_id: id, destination: "s3://migration-landing/archive".into(), bytes: 60_000_000_000_000, objects: 600_000, rate_mb_s: Some(300) }, "snowball cp -r /archive s3://migration-landing/archive  # 60 TB described by size, at 300 MB/s");
        },
    },
    Preset {
        info: PresetInfo {
            id: "network-wins",
            title: "5 TB over 1 Gbps: the network wins",
            notice: "5 TB over a 1 Gbps link at 80% takes 0.58 days by the formula, under AWS's 7-day threshold; the appliance path takes about 12 days whatever the size (order, prepare, ship, copy, ship back, sort, import). Lower the link to 100 Mbps: 5.79 days, still the network; raise the data until the crossover line in the chart is passed.",
            covers: &["S40"],
        },
        calc: || calc(5.0, 1000.0),
        setup: |_, _| {},
    },
    Preset {
        info: PresetInfo {
            id: "encryption-enforced",
            title: "Encryption enforced on Snowball, optional on Disk",
            notice: "Every byte copied onto the Snowball was encrypted with AES-256-GCM in the workstation's memory before it reached the device: the device bytes shown are ciphertext, and the data key travels only inside the manifest, wrapped by the job's KMS key (the AWS-managed key when the job names none). The unlock code opens the manifest. Now look at the Import/Export Disk panel: the same payroll files on your own drive, whose manifest has no trueCryptPassword, sit there in the clear (encryption was optional for a Disk import; tick trueCryptPassword and create another job to see ciphertext). The Snowball is rugged and tamper-resistant; after the import it is erased to NIST 800-88.",
            covers: &["S44", "S48", "S53"],
        },
        calc: || calc(20.0, 100.0),
        setup: |sim, state| {
            import_on_site(sim, state, "STANDARD", "T50", "secure-landing");
            let _ = device(sim, SnowballCommand::CopyGenerated { job_id: job(state), destination: "s3://secure-landing/payroll".into(), files: 5, bytes_each: 2_000, rate_mb_s: None }, "snowball cp -r /finance/payroll s3://secure-landing/payroll");
            if disk::create(sim, DiskJobType::Import, "disk-landing", None).is_ok() {
                if let Some(j) = disk_job(sim) {
                    state.disk_error.set(disk::ship(sim, &j, 2, false).err());
                }
            }
        },
    },
    Preset {
        info: PresetInfo {
            id: "disk-20tb-refused",
            title: "A 20 TB Import/Export Disk job is refused",
            notice: "Import/Export Disk shipped your own device (you bought and maintained the hardware) and AWS loaded it over its internal network into S3, Glacier or EBS, or exported from S3 onto it. A real Disk job was created with its YAML manifest (importexport CreateJob); shipping a 20 TB drive for it was refused with the guide's sentence \"Maximum device capacity is 16 TB\" (the sandbox's check), and a 2 TB drive went instead. There is no job dashboard to follow: only GetStatus's LocationCode and ProgressCode, now AtAWS / InProgress (\"The data on your device is currently being loaded.\"). Press Next day: Complete, the log saved in the bucket, then Returned with a UPS tracking number. Compare with the Snowball column: Amazon's device, encryption enforced, jobs managed in the console.",
            covers: &["S50", "S51", "S52", "S54", "S55", "S56"],
        },
        calc: || calc(20.0, 100.0),
        setup: |sim, state| {
            if disk::create(sim, DiskJobType::Import, "disk-landing", None).is_err() {
                return;
            }
            let Some(j) = disk_job(sim) else { return };
            state.disk_error.set(disk::ship(sim, &j, 20, false).err());
            if disk::ship(sim, &j, 2, false).is_ok() {
                sim.skip(3 * DAY + HOUR);
            }
        },
    },
    Preset {
        info: PresetInfo {
            id: "edge-filter",
            title: "Snowball Edge filters the data before it returns",
            notice: "The job itself names its compute: the console ran aws snowball create-job --resources file://edge-resources.json (open the console's files), whose LambdaResources name the function arn:aws:lambda:us-east-1:000000000000:function:sandbox-filter:ERROR with an EventTrigger on the bucket edge-results. On the Snowball Edge every PUT through its S3 adapter into that bucket ran the function: the console then copied its 20 log files with aws s3 cp --recursive data/raw s3://edge-results/raw --endpoint http://192.0.2.0:8080, the device's S3 endpoint, so they went onto the device and not into the bucket, and only their ERROR lines were encrypted onto it (the Edge compute stage counts the runs; the console shows the uploads). The sandbox's choices: every device answers on the guide's address 192.0.2.0, and a locked device, whose S3 adapter has not started, answers like an address where nothing listens. The device is on its way back: press Next stage until Completed and open the bucket in the S3 view: every object holds only ERROR lines. The sandbox's choice: it has no Lambda, so a function's name picks a built-in program. An AMI in Ec2AmiResources would instead give the device an instance to run a program on before it ships; a Snowball without compute refuses both.",
            covers: &["S45"],
        },
        calc: || CalcInputs { device: "EDGE:T100".into(), ..calc(10.0, 100.0) },
        setup: |sim, state| {
            let Some(id) = edge_job(sim, state) else { return };
            state.chosen.set(Some(id.clone()));
            sim.skip(TO_CUSTOMER);
            let _ = unlock(sim, &id);
            edge_copy(sim, state);
            sim.skip(1_000);
            let _ = sim.call(Call::new(&UpdateJobShipmentStateInput { job_id: Some(id), shipment_state: Some("RETURNED".into()) }));
        },
    },
    Preset {
        info: PresetInfo {
            id: "edge-cluster",
            title: "A cluster of Snowball Edge devices",
            notice: "CreateCluster ordered a cluster of Snowball Edge devices for local storage and compute (JobType LOCAL_USE, the only type a cluster takes) with InitialClusterSize 5: the cluster and its five node jobs at once, each a device of its own with its own tracking numbers and unlock code (ListClusterJobs lists them). The cluster waited for its five nodes (AwaitingQuorum), was Pending while they were prepared and shipped, and is InUse now that they are in your data centre. The API says five nodes; today's guide allows 3 to 16 devices, and a cluster of 5 or more survives the loss of two. A cluster's data reaches S3 only through separate import jobs.",
            covers: &["S45"],
        },
        calc: || CalcInputs { device: "EDGE:T100".into(), ..calc(10.0, 100.0) },
        setup: |sim, state| {
            if super::cluster::order_cluster(sim).is_ok() {
                sim.skip(TO_CUSTOMER);
            }
            state.chosen.set(None);
        },
    },
    Preset {
        info: PresetInfo {
            id: "cancel-too-late",
            title: "Cancelling too late",
            notice: "A Snowball job can be cancelled only while it is New (\"Job created\"), about an hour. This one was ordered, an hour passed and it became PreparingAppliance; CancelJob then answered InvalidJobStateException (the console shows it). Order another and cancel it at once: it goes to Cancelled. Import/Export Disk had the same rule in its own words: the Disk job below was cancelled once its drive was loading (InProgress), and CancelJob answered UnableToCancelJobIdException \"AWS Import/Export cannot cancel the job\"; a Disk job cancelled in time reports ProgressCode Canceled, and cancelling it again is CanceledJobIdException.",
            covers: &["S49"],
        },
        calc: CalcInputs::default,
        setup: |sim, state| {
            let o = Order { job_type: "IMPORT", snowball_type: "STANDARD", capacity: "T80", bucket: "late-landing".into(), shipping: "SECOND_DAY" };
            if let Ok(id) = order(sim, &o) {
                sim.skip(HOUR + 1);
                let r = sim.call(Call::new(&CancelJobInput { job_id: id }));
                state.error.set(r.err().map(|e| format!("{}: {}", e.code, e.message)));
            }
            if disk::create(sim, DiskJobType::Import, "disk-landing", None).is_ok() {
                if let Some(j) = disk_job(sim) {
                    if disk::ship(sim, &j, 2, false).is_ok() {
                        sim.skip(3 * DAY + 1);
                        let r = sim.call(Call::new(&DiskCancel { job_id: Some(j.id), api_version: None }));
                        state.disk_error.set(r.err().map(|e| format!("{}: {}", e.code, e.message)));
                    }
                }
            }
        },
    },
    Preset {
        info: PresetInfo {
            id: "export-job",
            title: "An export job",
            notice: "An EXPORT job copies the bucket's objects onto the device at AWS before it ships (\"Exporting\" comes before \"Preparing shipment\"), encrypted. This bucket holds six reports and 100 TB of archive described by its size (the sandbox's S3 keeps real bytes only), more than one 80 TB Snowball (72 TB usable): the main job (MID..., Listing) split it into 2 job parts, each a job with its own KeyRange and its own device; the second is prepared once the first is on its way back to AWS. Every object goes on exactly one device. Once a part is with you, unlock it and copy the files off; then return it: AWS erases it.",
            covers: &["S47"],
        },
        calc: CalcInputs::default,
        setup: |sim, state| {
            let _ = sim.call(Call::new(&CreateBucketInput { bucket: "archive-out".into(), ..Default::default() }));
            for i in 0..6 {
                let put = PutObjectInput::new("archive-out", &format!("reports/2025-{:02}.csv", i + 1), format!("month,total\n2025-{:02},{}\n", i + 1, 1000 + i).into_bytes());
                let _ = sim.call(Call::new(&put));
            }
            let bulk = SnowballCommand::PutDescribedData { bucket: "archive-out".into(), key: "archive".into(), bytes: 100_000_000_000_000, objects: 50 };
            let _ = device(sim, bulk, "(100 TB in 50 objects described by size) into s3://archive-out/archive");
            let o = Order { job_type: "EXPORT", snowball_type: "STANDARD", capacity: "T80", bucket: "archive-out".into(), shipping: "NEXT_DAY" };
            if order(sim, &o).is_ok() {
                // Listing, then the first part's device is prepared and exported onto.
                sim.skip(2 * HOUR + DAY + 1);
                if let Some(first) = sim.with_world(|w| w.view().snowball().jobs().into_iter().find(|j| j.master.is_some())) {
                    state.chosen.set(Some(first.id));
                }
            }
        },
    },
];

/// The console file the Edge preset's create-job reads its resources from.
const EDGE_FILE: &str = "edge-resources.json";

/// Orders the Edge preset's job from the console, as on a real machine: its Resources (the
/// bucket, and the function its PUTs trigger) in a file, `--resources file://...`.
fn edge_job(sim: Sim, state: TransferState) -> Option<String> {
    let bucket = "edge-results";
    super::actions::bucket(sim, bucket);
    let address = super::actions::address(sim)?;
    let mut resources = super::edge::resources(bucket, Some("sandbox-filter:ERROR"), false);
    resources.s3_resources = Some(vec![S3Resource {
        bucket_arn: Some(format!("arn:aws:s3:::{bucket}")),
        ..Default::default()
    }]);
    let json = serde_json::to_string_pretty(&resources).ok()?;
    sim.add_local_file(EDGE_FILE, json.into_bytes());
    let out = sim.run_cli(&format!(
        "aws snowball create-job --job-type IMPORT --snowball-type EDGE --snowball-capacity-preference T100 --shipping-option SECOND_DAY --address-id {address} --role-arn arn:aws:iam::000000000000:role/snowball-import-S3-role --resources file://{EDGE_FILE}"
    ));
    let id = serde_json::from_str::<serde_json::Value>(&out.stdout)
        .ok()
        .and_then(|v| v["JobId"].as_str().map(str::to_string));
    if id.is_none() {
        state.error.set(Some(out.stderr.trim().to_string()));
    }
    id
}

/// The Edge preset's copy, typed in the console as the Edge guide writes it: 20 log files of
/// the console's `data/raw` through the device's S3 endpoint (the engine's S3 adapter), so
/// they land on the device, through the job's function, not in the bucket.
fn edge_copy(sim: Sim, state: TransferState) {
    let levels = ["INFO", "INFO", "WARN", "INFO", "ERROR"];
    for i in 0..20u32 {
        let mut body = String::from("time,level,host,latency_ms\n");
        for line in 0..100u32 {
            let level = levels[((i * 7 + line * 3) % 5) as usize];
            body.push_str(&format!(
                "{},{level},web-{},{}\n",
                line * 1000,
                (i + line) % 8,
                5 + (i * 31 + line * 17) % 900
            ));
        }
        sim.add_local_file(&format!("data/raw/logs-{i:04}.csv"), body.into_bytes());
    }
    let out = sim.run_cli(
        "aws s3 cp --recursive data/raw s3://edge-results/raw --endpoint http://192.0.2.0:8080",
    );
    if out.exit_code != 0 {
        state.error.set(Some(out.stderr.trim().to_string()));
    }
}

/// The job the view shows (the newest when none was picked).
fn job(state: TransferState) -> String {
    state
        .sim
        .with_world(|w| w.view().snowball().jobs().last().map(|j| j.id.clone()))
        .unwrap_or_default()
}

/// The newest Import/Export Disk job.
fn disk_job(sim: Sim) -> Option<DiskJobView> {
    sim.with_world(|w| w.view().importexport().jobs().pop())
}

/// Orders an import job, lets the days pass until it is with the customer, and unlocks it.
fn import_on_site(
    sim: Sim,
    state: TransferState,
    snowball_type: &'static str,
    capacity: &'static str,
    bucket: &str,
) {
    let o = Order {
        job_type: "IMPORT",
        snowball_type,
        capacity,
        bucket: bucket.into(),
        shipping: "SECOND_DAY",
    };
    if let Ok(id) = order(sim, &o) {
        state.chosen.set(Some(id.clone()));
        sim.skip(TO_CUSTOMER);
        let _ = unlock(sim, &id);
    }
}

fn all() -> Vec<&'static PresetInfo> {
    PRESETS.iter().map(|p| &p.info).collect()
}

pub const CATALOG: Catalog = Catalog { view: "transfer", all };

fn load(state: TransferState, id: &str) {
    let Some(p) = PRESETS.iter().find(|p| p.info.id == id) else { return };
    preset_kit::start(
        CATALOG,
        state.sim,
        id,
        || {
            state.calc.set((p.calc)());
            state.chosen.set(None);
            state.error.set(None);
            state.disk_error.set(None);
        },
        move |sim| (p.setup)(sim, state),
    );
}

pub fn follow_the_url(state: TransferState) {
    preset_kit::follow_the_url(
        CATALOG,
        state.sim,
        move |id| load(state, id),
        move |id| {
            if let Some(p) = PRESETS.iter().find(|p| p.info.id == id) {
                state.calc.set((p.calc)());
            }
        },
    );
}

#[component]
pub fn PresetPicker() -> impl IntoView {
    let state = expect_context::<TransferState>();
    preset_kit::preset_picker(CATALOG, move |id| load(state, id))
}

#[component]
pub fn PresetNotice() -> impl IntoView {
    preset_kit::preset_notice(CATALOG, |_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_are_well_formed() {
        preset_kit::assert_catalog_is_well_formed(CATALOG);
    }

    #[test]
    fn between_them_the_presets_cover_s40_to_s56() {
        let covered: std::collections::BTreeSet<&str> =
            PRESETS.iter().flat_map(|p| p.info.covers.iter().copied()).collect();
        let wanted: Vec<String> = (40..=56).map(|n| format!("S{n}")).collect();
        for w in &wanted {
            assert!(covered.contains(w.as_str()), "{w} not covered");
        }
    }
}
