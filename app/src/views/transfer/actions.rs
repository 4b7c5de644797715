//! What the learner does: order a job (its address and bucket made first when missing), move
//! the clock to the job's next stage, cancel, unlock the device with the manifest and the
//! unlock code, copy data onto it, send it back (Snowball Edge compute is the Edge stage's:
//! `edge.rs`). API calls go through `sim.call` (echoed as `aws snowball ...`); the Snowball
//! client's verbs through `sim.act`.

use engine::api::Call;
use engine::s3::wire::CreateBucketInput;
use engine::snowball::wire::by_job::{CancelJobInput, GetJobManifestInput, GetJobUnlockCodeInput};
use engine::snowball::wire::{
    Address, CreateAddressInput, CreateJobInput, JobResource, S3Resource,
    UpdateJobShipmentStateInput,
};
use engine::snowball::{JobState, SnowballCommand};
use engine::Command;
use leptos::prelude::*;

use super::TransferState;
use crate::driver::Sim;

/// What an order asks for.
#[derive(Clone, Debug, PartialEq)]
pub struct Order {
    pub job_type: &'static str,
    pub snowball_type: &'static str,
    pub capacity: &'static str,
    pub bucket: String,
    pub shipping: &'static str,
}

/// The address the sandbox's jobs ship to, made once.
pub fn address(sim: Sim) -> Option<String> {
    if let Some(a) = sim.with_world(|w| w.view().snowball().addresses().first().cloned()) {
        return Some(a);
    }
    let input = CreateAddressInput {
        address: Some(Address {
            name: Some("Data Centre Ops".into()),
            company: Some("Example Corp.".into()),
            street1: Some("123 Any Street".into()),
            city: Some("Anytown".into()),
            state_or_province: Some("WA".into()),
            country: Some("US".into()),
            postal_code: Some("91011".into()),
            phone_number: Some("206-555-1111".into()),
            ..Default::default()
        }),
    };
    let out = sim.call(Call::new(&input)).ok()?;
    let v: serde_json::Value = serde_json::from_str(&out).ok()?;
    v["AddressId"].as_str().map(str::to_string)
}

/// Makes the bucket when it is missing.
pub fn bucket(sim: Sim, name: &str) {
    let exists = sim.with_world(|w| w.view().s3().buckets().iter().any(|b| b.name == name));
    if !exists {
        let _ =
            sim.call(Call::new(&CreateBucketInput { bucket: name.into(), ..Default::default() }));
    }
}

/// Orders a job (making its address and bucket when missing); the new job's id.
pub fn order(sim: Sim, o: &Order) -> Result<String, String> {
    order_with(sim, o, JobResource::default())
}

/// [`order`] with compute resources (Lambda functions, AMIs) beside the bucket.
pub fn order_with(sim: Sim, o: &Order, compute: JobResource) -> Result<String, String> {
    bucket(sim, &o.bucket);
    let address_id = address(sim).ok_or("no address")?;
    let input = CreateJobInput {
        job_type: Some(o.job_type.into()),
        snowball_type: Some(o.snowball_type.into()),
        snowball_capacity_preference: Some(o.capacity.into()),
        shipping_option: Some(o.shipping.into()),
        address_id: Some(address_id),
        role_arn: Some("arn:aws:iam::000000000000:role/snowball-import-S3-role".into()),
        resources: Some(JobResource {
            s3_resources: Some(vec![S3Resource {
                bucket_arn: Some(format!("arn:aws:s3:::{}", o.bucket)),
                ..Default::default()
            }]),
            ..compute
        }),
        ..Default::default()
    };
    let out = sim.call(Call::new(&input)).map_err(|e| format!("{}: {}", e.code, e.message))?;
    let v: serde_json::Value = serde_json::from_str(&out).map_err(|e| e.to_string())?;
    Ok(v["JobId"].as_str().unwrap_or_default().to_string())
}

/// GetJobManifest and GetJobUnlockCode, then `snowball start` with both.
pub fn unlock(sim: Sim, job_id: &str) -> Result<(), String> {
    let err = |e: engine::api::ApiError| format!("{}: {}", e.code, e.message);
    let manifest =
        sim.call(Call::new(&GetJobManifestInput { job_id: job_id.into() })).map_err(err)?;
    let code =
        sim.call(Call::new(&GetJobUnlockCodeInput { job_id: job_id.into() })).map_err(err)?;
    let field = |text: &str, name: &str| {
        serde_json::from_str::<serde_json::Value>(text)
            .ok()
            .and_then(|v| v[name].as_str().map(str::to_string))
            .unwrap_or_default()
    };
    let (manifest, code) = (field(&manifest, "ManifestURI"), field(&code, "UnlockCode"));
    let file = format!("{job_id}_manifest.bin");
    let line = format!("snowball start -i 192.0.2.0 -m /Downloads/{file} -u {code}");
    let command =
        SnowballCommand::UnlockDevice { job_id: job_id.into(), manifest, unlock_code: code };
    device(sim, command, &line)
}

/// A learner's verb on the device, shown in the console as the client's command line.
pub fn device(sim: Sim, command: SnowballCommand, line: &str) -> Result<(), String> {
    sim.act_checked(Command::Snowball(command), line).map(|_| ()).map_err(|e| e.message)
}

#[component]
pub fn Actions() -> impl IntoView {
    let state = expect_context::<TransferState>();
    let sim = state.sim;
    let kind = RwSignal::new("IMPORT");
    let device_kind = RwSignal::new("STANDARD:T80");
    let bucket = RwSignal::new(String::from("snowball-landing"));
    let report = move |r: Result<(), String>| state.error.set(r.err());
    let create = move |_| {
        let (t, c) = device_kind.get_untracked().split_once(':').unwrap_or(("STANDARD", "T80"));
        let o = Order {
            job_type: kind.get_untracked(),
            snowball_type: t,
            capacity: c,
            bucket: bucket.get_untracked(),
            shipping: "SECOND_DAY",
        };
        match order(sim, &o) {
            Ok(id) => {
                state.chosen.set(Some(id));
                state.error.set(None);
            }
            Err(e) => state.error.set(Some(e)),
        }
    };
    let job_id = move || state.job.with(|j| j.as_ref().map(|j| j.id.clone()).unwrap_or_default());
    let job_state = move || state.job.with(|j| j.as_ref().map(|j| j.state));
    let first_bucket = move || {
        state.job.with(|j| j.as_ref().and_then(|j| j.buckets.first().cloned()).unwrap_or_default())
    };
    view! {
        <section class="panel transfer-actions" aria-labelledby="actions-title">
            <h3 id="actions-title">"Actions"</h3>
            <div class="order">
                <select data-testid="order-type" on:change=move |ev| kind.set(match event_target_value(&ev).as_str() { "EXPORT" => "EXPORT", "LOCAL_USE" => "LOCAL_USE", _ => "IMPORT" })>
                    <option value="IMPORT">"IMPORT"</option><option value="EXPORT">"EXPORT"</option><option value="LOCAL_USE">"LOCAL_USE"</option>
                </select>
                <select data-testid="order-device" on:change=move |ev| device_kind.set(match event_target_value(&ev).as_str() { "STANDARD:T50" => "STANDARD:T50", "EDGE:T100" => "EDGE:T100", "EDGE_S:T98" => "EDGE_S:T98", _ => "STANDARD:T80" })>
                    <option value="STANDARD:T80">"Snowball 80 TB (classic)"</option>
                    <option value="STANDARD:T50">"Snowball 50 TB (classic)"</option>
                    <option value="EDGE:T100">"Snowball Edge with compute"</option>
                    <option value="EDGE_S:T98">"Snowball Edge Storage Optimized"</option>
                </select>
                <input data-testid="order-bucket" prop:value=move || bucket.get() on:input=move |ev| bucket.set(event_target_value(&ev)) aria-label="Bucket" />
                <button data-testid="order-job" on:click=create>"Create job"</button>
            </div>
            <div class="job-actions">
                <button data-testid="next-stage" on:click=move |_| sim.step()>"Next stage ▸"</button>
                <button data-testid="cancel-job" disabled=move || job_state().is_none_or(|s| s.is_finished())
                    on:click=move |_| report(sim.call(Call::new(&CancelJobInput { job_id: job_id() })).map(|_| ()).map_err(|e| format!("{}: {}", e.code, e.message)))>"Cancel job"</button>
                <Show when=move || job_state() == Some(JobState::WithCustomer)>
                    <button data-testid="unlock" on:click=move |_| report(unlock(sim, &job_id()))>"Unlock (manifest + code)"</button>
                    <button data-testid="copy-logs" on:click=move |_| {
                        let dest = format!("s3://{}/logs", first_bucket());
                        report(device(sim, SnowballCommand::CopyGenerated { job_id: job_id(), destination: dest.clone(), files: 20, bytes_each: 4_000, rate_mb_s: None }, &format!("snowball cp -r /data/logs {dest}")))
                    }>"Copy 20 log files"</button>
                    <button data-testid="copy-bulk" on:click=move |_| {
                        let dest = format!("s3://{}/archive", first_bucket());
                        report(device(sim, SnowballCommand::CopyDescribed { job_id: job_id(), destination: dest.clone(), bytes: 40_000_000_000_000, objects: 400_000, rate_mb_s: Some(300) }, &format!("snowball cp -r /archive {dest}  # 40 TB described by size, at 300 MB/s")))
                    }>"Copy 40 TB archive"</button>
                    <button data-testid="return-device" on:click=move |_| report(sim.call(Call::new(&UpdateJobShipmentStateInput { job_id: Some(job_id()), shipment_state: Some("RETURNED".into()) })).map(|_| ()).map_err(|e| format!("{}: {}", e.code, e.message)))>"Return the device"</button>
                </Show>
            </div>
            {move || state.error.get().map(|e| view! { <p class="error" role="alert" data-testid="transfer-error">{e}</p> })}
            <p class="muted">{move || {
                let usage = sim.with_world(|w| w.view().snowball().jobs().iter().filter(|j| j.state != JobState::New && !j.state.is_finished()).count());
                format!("Devices in use: {usage}. AWS's default limit is 1 device at a time (GetSnowballUsage reports it); the sandbox reports it but lets you order more, to compare jobs side by side.")
            }}</p>
        </section>
    }
}
