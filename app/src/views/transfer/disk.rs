//! The Import/Export Disk job (the classic service): the manifest you write, your own drive
//! and its SIGNATURE file, and the only view of the job AWS gave, GetStatus's location and
//! progress codes with their messages. Calls go through the `importexport` API (`sim.call`);
//! shipping the drive is the learner's verb (`sim.act_checked`).

use engine::api::Call;
use engine::importexport::model::{DiskJobType, Location, SANDBOX_TIMINGS};
use engine::importexport::ops::CONSOLE_ACCESS_KEY_ID;
use engine::importexport::wire::{CancelJobInput, CreateJobInput, QueryBool};
use engine::importexport::{DiskCommand, DiskJobView};
use engine::s3::wire::CreateBucketInput;
use engine::sim::format_iso;
use engine::snowball::DeviceFile;
use engine::Command;
use leptos::prelude::*;

use super::{tb_text, TransferState};
use crate::driver::Sim;
use crate::views::firehose::human_bytes;

const DAY: u64 = 24 * 3_600_000;
const TB: u64 = 1_000_000_000_000;

/// The manifest the panel writes: the developer guide's import (into `bucket`) or export (of
/// `bucket`) manifest, signed with the console's key.
pub fn manifest(job_type: DiskJobType, bucket: &str, password: Option<&str>) -> String {
    let mut m = format!(
        "manifestVersion: 2.0\naccessKeyId: {CONSOLE_ACCESS_KEY_ID}\ndeviceId: DISK-0042\n\
         returnAddress:\n  name: Jane Roe\n  company: Example Corp.\n  street1: 123 Any Street\n\
         \x20 city: Anytown\n  stateOrProvince: WA\n  postalCode: 91011-1111\n\
         \x20 phoneNumber: 206-555-1111\n  country: USA\n"
    );
    match job_type {
        DiskJobType::Import => m.push_str(&format!("eraseDevice: yes\nbucket: {bucket}\n")),
        DiskJobType::Export => m.push_str(&format!(
            "fileSystem: NTFS\noperations:\n  - exportBucket: {bucket}\n    targetDirectory: export\n"
        )),
    }
    if let Some(p) = password {
        m.push_str(&format!("trueCryptPassword: {p}\n"));
    }
    m
}

/// CreateJob (making the bucket first when missing); the new job's id.
pub fn create(
    sim: Sim,
    job_type: DiskJobType,
    bucket: &str,
    password: Option<&str>,
) -> Result<String, String> {
    let exists = sim.with_world(|w| w.view().s3().buckets().iter().any(|b| b.name == bucket));
    if !exists {
        let _ =
            sim.call(Call::new(&CreateBucketInput { bucket: bucket.into(), ..Default::default() }));
    }
    let input = CreateJobInput {
        job_type: Some(job_type.as_str().into()),
        manifest: Some(manifest(job_type, bucket, password)),
        validate_only: QueryBool(Some(false)),
        ..Default::default()
    };
    let out = sim.call(Call::new(&input)).map_err(|e| format!("{}: {}", e.code, e.message))?;
    let v: serde_json::Value = serde_json::from_str(&out).map_err(|e| e.to_string())?;
    Ok(v["JobId"].as_str().unwrap_or_default().to_string())
}

/// Copies three small CSV files onto a drive of `tb` TB and ships it (with the SIGNATURE file
/// unless `forget_signature`).
pub fn ship(sim: Sim, job: &DiskJobView, tb: u64, forget_signature: bool) -> Result<(), String> {
    let files = if job.job_type == DiskJobType::Import {
        (1..=3)
            .map(|i| DeviceFile {
                name: format!("payroll/2009-{i:02}.csv"),
                body: format!("name,salary\nJane Roe,{}\n", 1000 + i).into_bytes().into(),
            })
            .collect()
    } else {
        Vec::new()
    };
    let command = DiskCommand::ShipDevice {
        job_id: job.id.clone(),
        capacity_bytes: tb * TB,
        files,
        described_bytes: 0,
        described_objects: 0,
        signature: (!forget_signature).then(|| job.signature_file.clone()),
    };
    let line = format!(
        "ship drive {} ({tb} TB) for job {}{}",
        job.device_id,
        job.id,
        if forget_signature { ", without its SIGNATURE file" } else { " with its SIGNATURE file" }
    );
    sim.act_checked(Command::ImportExport(command), &line)
        .map(|_| ())
        .map_err(|e| format!("{}: {}", e.code, e.message))
}

#[component]
pub fn DiskPanel() -> impl IntoView {
    let state = expect_context::<TransferState>();
    let sim = state.sim;
    let job = Memo::new(move |_| {
        sim.version.track();
        sim.with_world(|w| w.view().importexport().jobs().pop())
    });
    let kind = RwSignal::new(DiskJobType::Import);
    let bucket = RwSignal::new(String::from("disk-landing"));
    let encrypt = RwSignal::new(false);
    let tb = RwSignal::new(2u64);
    let forget = RwSignal::new(false);
    let report = move |r: Result<(), String>| state.disk_error.set(r.err());
    let create_job = move |_| {
        let password = encrypt.get_untracked().then_some("correct-horse");
        report(create(sim, kind.get_untracked(), &bucket.get_untracked(), password).map(|_| ()))
    };
    let ship_it = move |_| {
        if let Some(j) = job.get_untracked() {
            report(ship(sim, &j, tb.get_untracked(), forget.get_untracked()))
        }
    };
    let cancel = move |_| {
        if let Some(j) = job.get_untracked() {
            let r = sim.call(Call::new(&CancelJobInput { job_id: Some(j.id), api_version: None }));
            report(r.map(|_| ()).map_err(|e| format!("{}: {}", e.code, e.message)))
        }
    };
    view! {
        <section class="panel transfer-disk" aria-labelledby="disk-title">
            <h3 id="disk-title">"Import/Export Disk: your own drive (2009, retired)"</h3>
            <div class="order">
                <select data-testid="disk-type" on:change=move |ev| kind.set(if event_target_value(&ev) == "Export" { DiskJobType::Export } else { DiskJobType::Import })>
                    <option value="Import">"Import"</option><option value="Export">"Export"</option>
                </select>
                <input data-testid="disk-bucket" aria-label="Bucket" prop:value=move || bucket.get() on:input=move |ev| bucket.set(event_target_value(&ev)) />
                <label><input type="checkbox" data-testid="disk-encrypt" prop:checked=move || encrypt.get() on:change=move |ev| encrypt.set(event_target_checked(&ev)) />" trueCryptPassword"</label>
                <button data-testid="disk-create" on:click=create_job>"Create job"</button>
            </div>
            <div class="job-actions">
                <label>"Drive "<input type="number" min="1" max="40" data-testid="disk-tb" aria-label="Drive capacity in TB" prop:value=move || tb.get().to_string() on:input=move |ev| tb.set(event_target_value(&ev).parse().unwrap_or(2))/>" TB"</label>
                <label><input type="checkbox" data-testid="disk-forget" prop:checked=move || forget.get() on:change=move |ev| forget.set(event_target_checked(&ev)) />" forget the SIGNATURE file"</label>
                <button data-testid="disk-ship" disabled=move || job.with(|j| j.as_ref().is_none_or(|j| j.shipped || j.canceled)) on:click=ship_it>"Ship my drive"</button>
                <button data-testid="disk-cancel" disabled=move || job.with(|j| j.is_none()) on:click=cancel>"CancelJob"</button>
                <button data-testid="disk-next-day" on:click=move |_| sim.skip(DAY)>"Next day ▸"</button>
            </div>
            {move || state.disk_error.get().map(|e| view! { <p class="error" role="alert" data-testid="disk-error">{e}</p> })}
            {move || match job.get() {
                None => view! { <p class="muted">"No Disk job yet: create one, or load the 20 TB preset."</p> }.into_any(),
                Some(j) => view! { <DiskJob j /> }.into_any(),
            }}
            <p class="muted">"The 16 TB refusal is the sandbox's check, made when you ship the drive: AWS documented the limit (\"Maximum device capacity is 16 TB for Amazon S3 and Amazon EBS jobs\"), not its answer to a larger drive."</p>
            <details class="muted timings"><summary>"The sandbox's Disk timings and price"</summary><p>{SANDBOX_TIMINGS}</p></details>
        </section>
    }
}

#[component]
fn DiskJob(j: DiskJobView) -> impl IntoView {
    let history = j
        .history
        .iter()
        .map(|(t, l, p)| {
            let time = format_iso(*t);
            view! { <li class="done"><code>{l.as_str()}</code><code>{p.as_str()}</code><span class="muted">{time[..16].replace('T', " ")}</span></li> }
        })
        .collect_view();
    let place = match (j.shipped, j.location) {
        (false, _) => ("at-customer", "in your data centre"),
        (true, Location::NotReceived) => ("to-aws", "on the truck to AWS"),
        (true, Location::AtAWS) => ("at-aws", "at AWS"),
        (true, Location::Returned) if j.returned => ("at-customer", "back in your data centre"),
        (true, Location::Returned) => ("to-customer", "on the truck back to you"),
    };
    let files = j
        .files
        .iter()
        .take(4)
        .map(|f| {
            let how = if f.described {
                "described by size".to_string()
            } else if f.encrypted {
                format!("{}… (encrypted with the manifest's password)", f.preview)
            } else {
                format!("{:?} (in the clear: anyone holding the drive reads it)", f.preview)
            };
            view! { <li><code>{f.path.clone()}</code>{format!(" {}: {how}", human_bytes(f.bytes))}</li> }
        })
        .collect_view();
    let price = format!(
        "Classic price so far: ${:.2} ($80.00 per device once at AWS + {} loading hour(s) × $2.49).",
        j.price_cents as f64 / 100.0,
        j.loading_hours
    );
    view! {
        <p class="job-id"><code>{j.id.clone()}</code>{format!(" · {} · drive {} · {}", j.job_type.as_str(), j.device_id, j.target)}</p>
        <dl class="disk-status">
            <dt>"LocationCode"</dt><dd data-testid="disk-location" data-code=j.location.as_str()><code>{j.location.as_str()}</code>" "{j.location_message.clone()}</dd>
            <dt>"ProgressCode"</dt><dd data-testid="disk-progress" data-code=j.progress.as_str()><code>{j.progress.as_str()}</code>" "{j.progress_message.clone()}</dd>
        </dl>
        <div class=format!("strip {}", place.0) aria-label=format!("The drive is {}", place.1)>
            <span class="place dc">"Your data centre"</span>
            <span class="road">"truck"</span>
            <span class="place aws">"AWS"</span>
            <span class="device" title=format!("Drive {}", j.device_id)>"▭"</span>
        </div>
        <ol class="timeline">{history}</ol>
        <div class="device-panel">
            <p>{if j.shipped { format!("Your drive: {} of {} used; {}.", human_bytes(j.used_bytes), tb_text(j.capacity_bytes), if j.encrypted { "encrypted (TrueCrypt password in the manifest)" } else { "not encrypted: optional for an import" }) } else { "Your drive has not been shipped.".to_string() }}</p>
            <ul class="disk-files" data-testid="disk-device-bytes">{files}</ul>
        </div>
        {(j.loaded_objects > 0).then(|| view! { <p data-testid="disk-loaded">{format!("Loaded {} object(s), {} into {}", j.loaded_objects, human_bytes(j.loaded_bytes), j.outputs.join(", "))}</p> })}
        <p class="muted" data-testid="disk-price">{price}</p>
        <details class="muted"><summary>"SIGNATURE file"</summary><pre>{j.signature_file.clone()}</pre></details>
    }
}
