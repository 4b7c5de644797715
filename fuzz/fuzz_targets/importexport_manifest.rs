//! Any text as an Import/Export manifest: the YAML subset decoder, the manifest's field checks
//! and CreateJob / UpdateJob on it (for either job type, validate-only or not) must answer (a
//! manifest, a job, AWS's manifest exception), never panic. The first byte picks the job type
//! and whether only to validate; the rest is the manifest. A job created from it is then
//! shipped and run for a week, so the loading code sees whatever the manifest allowed.
#![no_main]

use libfuzzer_sys::fuzz_target;

use engine::importexport::{manifest, yaml, DiskCommand};
use engine::{Command, World, WorldConfig};

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest);
    let _ = yaml::parse(&text);
    let import = first & 1 == 0;
    let _ = manifest::read(&text, import);

    let mut w = World::new(WorldConfig::with_seed(1));
    w.apply(Command::api("s3.CreateBucket", r#"{"Bucket":"logs"}"#));
    w.apply(Command::api("s3.PutObject", r#"{"Bucket":"logs","Key":"k","Body":"aGk="}"#));
    let body = serde_json::json!({
        "JobType": if import { "Import" } else { "Export" },
        "Manifest": text,
        "ValidateOnly": first & 2 != 0,
    });
    let created = w.apply(Command::api("importexport.CreateJob", body.to_string())).result;
    let Some(out) = created.ok().and_then(|b| serde_json::from_str::<serde_json::Value>(&b).ok())
    else {
        return;
    };
    let job = out["JobId"].as_str().unwrap_or_default().to_string();
    let mut update = body.clone();
    update["JobId"] = job.clone().into();
    let _ = w.apply(Command::api("importexport.UpdateJob", update.to_string()));
    let ship = DiskCommand::ShipDevice {
        job_id: job.clone(),
        capacity_bytes: 1 << 20,
        files: Vec::new(),
        described_bytes: 1 << 10,
        described_objects: 1,
        signature: out["SignatureFileContents"].as_str().map(str::to_string),
    };
    let _ = w.apply(ship.into());
    w.advance_by(7 * 86_400_000);
    let _ = w.apply(Command::api("importexport.GetStatus", format!(r#"{{"JobId":"{job}"}}"#)));
});
