//! Import/Export level: AWS Import/Export Disk loads your own drive only when it can prove the
//! drive belongs to the job: the SIGNATURE file CreateJob returned must be on the drive's root.
//! The signature depends on the job's id, which the service hands out, so it is read from a
//! first run of the level's start on the level's seed (the level's world gets the same id).

use std::sync::OnceLock;

use engine::importexport::DiskCommand;
use engine::snowball::DeviceFile;
use engine::{Command, CommandRecord, World, WorldConfig};

use crate::catalog::BOTH;
use crate::commands::create_bucket;
use crate::goal::Goal;
use crate::level::Level;
use crate::questions::transfer::create_job;
use crate::script::Script;

const DAY: u64 = 86_400_000;

pub const LEVELS: &[Level] = &[Level {
    id: "disk-signature",
    title: "A drive AWS will load",
    view: "transfer",
    story: "An AWS Import/Export Disk import job exists for s3://disk-landing (device DISK-0042). Your 2 TB drive holds three months of payroll files. Ship it so that the files end up in the bucket.",
    hint: "CreateJob answered more than a job id: its SIGNATURE file (signatureFileContents) proves the drive belongs to the job. AWS looks for it at the drive's root and does not load a drive without it.",
    covers: &["S50", "S51", "S54", "S55"],
    exams: BOTH,
    seed: 1,
    start,
    opens_at: 1_000,
    goal: Goal::ObjectsInS3 { bucket: "disk-landing", prefix: "payroll/", at_least: 3 },
    solution: || vec![ship(Some(signature().to_string()))],
    tempting: || vec![ship(None)],
    settles_within_ms: 10 * DAY,
}];

fn start() -> Vec<CommandRecord> {
    let mut s = Script::new();
    s.push(create_bucket("disk-landing")).push(create_job(""));
    s.finish()
}

/// The SIGNATURE file CreateJob handed out, from a first run on the level's seed.
fn signature() -> &'static str {
    static SIGNATURE: OnceLock<String> = OnceLock::new();
    SIGNATURE.get_or_init(|| {
        let w = World::load(WorldConfig::with_seed(1), start(), 1_000);
        w.view().importexport().jobs().first().map(|j| j.signature_file.clone()).unwrap_or_default()
    })
}

/// The drive, with its files and (or without) the SIGNATURE file, handed to the carrier.
fn ship(signature: Option<String>) -> Command {
    // The three files the view's Disk panel puts on a drive.
    let files = (1..=3)
        .map(|i| DeviceFile {
            name: format!("payroll/2009-{i:02}.csv"),
            body: format!("name,salary\nJane Roe,{}\n", 1000 + i).into_bytes().into(),
        })
        .collect();
    Command::ImportExport(DiskCommand::ShipDevice {
        job_id: "DISK-0042".into(),
        capacity_bytes: 2_000_000_000_000,
        files,
        described_bytes: 0,
        described_objects: 0,
        signature,
    })
}
