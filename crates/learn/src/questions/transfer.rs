//! Import/Export Disk questions: your own drive against the 16 TB limit, and encryption left to
//! you. Each creates a real job with the manifest the developer guide describes and ships the
//! learner's device to it.

use engine::importexport::DiskCommand;
use engine::snowball::DeviceFile;
use engine::{Command, World};
use serde_json::json;

use crate::catalog::BOTH;
use crate::commands::create_bucket;
use crate::question::{Choice, Observation, Question};
use crate::script::Script;

const TB: u64 = 1_000_000_000_000;

/// The sandbox console's key (the manifest's accessKeyId must be the caller's).
const KEY: &str = engine::importexport::ops::CONSOLE_ACCESS_KEY_ID;

fn manifest(extra: &str) -> String {
    format!(
        "manifestVersion: 2.0\naccessKeyId: {KEY}\ndeviceId: DISK-0042\neraseDevice: yes\n\
         returnAddress:\n  name: Jane Roe\n  street1: 123 Any Street\n  city: Anytown\n\
         \x20 postalCode: 91011-1111\n  phoneNumber: 206-555-1111\n  country: USA\n\
         bucket: disk-landing\n{extra}"
    )
}

pub(crate) fn create_job(extra: &str) -> Command {
    let body = json!({"JobType": "Import", "Manifest": manifest(extra), "ValidateOnly": false});
    Command::api("importexport.CreateJob", body.to_string())
}

/// Ships the drive labelled DISK-0042 (the manifest's deviceId names its job).
fn ship(capacity_bytes: u64, files: Vec<DeviceFile>) -> Command {
    Command::ImportExport(DiskCommand::ShipDevice {
        job_id: "DISK-0042".into(),
        capacity_bytes,
        files,
        described_bytes: 0,
        described_objects: 0,
        signature: None,
    })
}

fn newest(w: &World) -> Option<engine::importexport::DiskJobView> {
    w.view().importexport().jobs().pop()
}

pub const QUESTIONS: &[Question] = &[
    Question {
        id: "disk-device-limit",
        title: "Your own drive",
        covers: &["S50", "S54", "S56"],
        exams: BOTH,
        view: "transfer",
        params: |d| vec![("tb", d.pick(&[4, 12, 18, 20, 24]))],
        prompt: "An AWS Import/Export Disk import job is created for s3://disk-landing. You buy a {tb} TB external drive, copy your data onto it and ship it to AWS. What happens?",
        choices: &[
            Choice { label: "It is refused: Import/Export Disk took devices of at most 16 TB (order several drives, one job each)", act: None, holds: |o, _| o.get("shipped") == 0 },
            Choice { label: "It ships: AWS will load it over its internal network into the bucket", act: None, holds: |o, _| o.get("shipped") == 1 },
        ],
        setup: |p| {
            let mut s = Script::new();
            s.push(create_bucket("disk-landing")).push(create_job(""));
            s.push(ship(p.get("tb") as u64 * TB, Vec::new()));
            s.finish()
        },
        fork_at: 0,
        run_ms: |_| 1_000,
        observe: |w, _| {
            let mut o = Observation::default();
            let job = newest(w);
            o.count("shipped", "Drives on their way to AWS", job.as_ref().is_some_and(|j| j.shipped) as u64, "");
            o.count("capacity", "Largest drive accepted", job.as_ref().map_or(0, |j| j.capacity_bytes / TB), " TB");
            o
        },
        why: "Import/Export Disk (2009) took your own device, which you bought and maintained: \"Maximum device capacity is 16 TB for Amazon Simple Storage Service (Amazon S3) and Amazon EBS jobs\", and \"Each AWS Import/Export job corresponds to exactly one storage device\". Larger data meant several drives and several jobs. Snowball (2015) replaced it with Amazon's own 50 / 80 TB appliance. The sandbox refuses a larger drive when you ship it; AWS documents the limit, not its answer.",
    },
    Question {
        id: "disk-encryption-optional",
        title: "What the drive holds",
        covers: &["S51", "S53", "S55"],
        exams: BOTH,
        view: "transfer",
        params: |d| vec![("password", d.pick(&[0, 1]))],
        prompt: "You copy payroll.csv onto your own drive for an Import/Export Disk import job. The manifest has {password} trueCryptPassword line(s). Someone reads the drive's raw bytes while it is on the truck. What do they see?",
        choices: &[
            Choice { label: "The file in the clear: Disk left encryption optional for imports", act: None, holds: |o, _| o.get("encrypted") == 0 },
            Choice { label: "Ciphertext: the data was encrypted with the password the manifest gives", act: None, holds: |o, _| o.get("encrypted") == 1 },
        ],
        setup: |p| {
            let mut s = Script::new();
            let extra = if p.get("password") == 1 { "trueCryptPassword: correct-horse\n" } else { "" };
            s.push(create_bucket("disk-landing")).push(create_job(extra));
            let file = DeviceFile { name: "payroll.csv".into(), body: b"name,salary\nJane,100\n".as_slice().into() };
            s.push(ship(2 * TB, vec![file]));
            s.finish()
        },
        fork_at: 0,
        run_ms: |_| 1_000,
        observe: |w, _| {
            let mut o = Observation::default();
            let file = newest(w).and_then(|j| j.files.first().cloned());
            let encrypted = file.as_ref().is_some_and(|f| f.encrypted);
            o.count("encrypted", "Files stored encrypted", encrypted as u64, "");
            o.text("bytes", "The first bytes on the drive", 0, file.map_or("(none)".into(), |f| f.preview));
            o
        },
        why: "With Import/Export Disk, encryption was yours to choose for an import (a TrueCrypt password in the manifest, or a PIN-code device) and required only for exports (\"AWS Import/Export requires encryption with all export jobs\"). There was no job to manage beyond the manifest, the SIGNATURE file and GetStatus codes. Snowball enforces encryption: every byte is encrypted with AES-256-GCM before it reaches the device, under keys KMS protects.",
    },
];
