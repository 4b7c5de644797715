//! The shipment: which job, a strip data centre -> truck -> AWS with the device where the job's
//! state puts it, the state timeline with the virtual times, the copy onto the device, what the
//! device holds (ciphertext only), and what the import wrote into S3.

use engine::sim::format_iso;
use engine::snowball::timeline::SANDBOX_TIMINGS;
use engine::snowball::{JobState, JobView};
use leptos::prelude::*;

use super::{tb_text, TransferState};
use crate::views::firehose::{grouped, human_bytes};

/// Where the device is: the customer's data centre, on a truck, or at AWS.
pub fn place(state: JobState) -> (&'static str, &'static str) {
    use JobState::*;
    match state {
        New | PreparingAppliance | PreparingShipment | Listing | Pending => ("at-aws", "at AWS"),
        InTransitToCustomer => ("to-customer", "on the truck to you"),
        WithCustomer => ("at-customer", "in your data centre"),
        InTransitToAWS => ("to-aws", "on the truck to AWS"),
        WithAWSSortingFacility | WithAWS | InProgress | Complete | Cancelled => {
            ("at-aws", "at AWS")
        }
    }
}

fn bytes_text(n: u64) -> String {
    if n >= 1_000_000_000 {
        tb_text(n)
    } else {
        human_bytes(n)
    }
}

#[component]
pub fn Shipment() -> impl IntoView {
    let state = expect_context::<TransferState>();
    view! {
        <section class="panel transfer-job" aria-labelledby="job-title">
            <h3 id="job-title">"The shipment"</h3>
            <JobPicker />
            {move || match state.job.get() {
                None => view! { <p class="muted">"No job yet: create one below, or load a preset."</p> }.into_any(),
                Some(j) => view! { <JobDetail j /> }.into_any(),
            }}
            <details class="muted timings"><summary>"The sandbox's timings"</summary><p>{SANDBOX_TIMINGS}</p></details>
        </section>
    }
}

#[component]
fn JobPicker() -> impl IntoView {
    let state = expect_context::<TransferState>();
    view! {
        <div class="job-picker" role="group" aria-label="Jobs">
            <For each=move || state.jobs.get() key=|j| (j.id.clone(), j.state) let:j>
                {
                    let id = j.id.clone();
                    let current = {
                        let id = id.clone();
                        move || state.job.with(|c| c.as_ref().is_some_and(|c| c.id == id))
                    };
                    let label = format!("{} {} · {}", j.job_type.as_str(), j.snowball_type, j.state.as_str());
                    view! {
                        <button class="job-chip" class:selected=current data-testid="job-chip"
                            on:click=move |_| state.chosen.set(Some(id.clone()))>{label}</button>
                    }
                }
            </For>
        </div>
    }
}

/// An export larger than one device: the main job's parts, each a shipment of its own device,
/// in shipping order (the next is prepared once the one before is on its way back to AWS).
#[component]
fn JobParts(j: JobView) -> impl IntoView {
    let state = expect_context::<TransferState>();
    let main =
        if j.is_master { Some(j.clone()) } else { j.master.clone().and_then(|m| find(state, &m)) };
    let Some(main) = main else { return ().into_any() };
    let rows = main
        .parts
        .iter()
        .enumerate()
        .filter_map(|(i, id)| find(state, id).map(|p| (i, p)))
        .map(|(i, p)| {
            let id = p.id.clone();
            let text = format!(
                "Part {}: {} · {} · {} objects, {} · device {}",
                i + 1,
                p.id,
                p.state.console(p.job_type),
                grouped(p.total_objects),
                bytes_text(p.total_bytes),
                p.device.snowball_id,
            );
            view! {
                <li data-testid="export-part" data-state=p.state.as_str()>
                    <button class="link" on:click=move |_| state.chosen.set(Some(id.clone()))>{text}</button>
                </li>
            }
        })
        .collect_view();
    let head = format!(
        "Main export job {} ({}): {} objects, {}, listed and split into {} job part(s), one device each, shipped one after another.",
        main.id,
        main.state.as_str(),
        grouped(main.total_objects),
        bytes_text(main.total_bytes),
        main.parts.len(),
    );
    view! {
        <div class="export-job-parts">
            <p data-testid="job-parts" data-parts=main.parts.len().to_string()>{head}</p>
            <ol>{rows}</ol>
        </div>
    }
    .into_any()
}

fn find(state: TransferState, id: &str) -> Option<JobView> {
    state.jobs.with_untracked(|all| all.iter().find(|j| j.id == id).cloned())
}

#[component]
fn JobDetail(j: JobView) -> impl IntoView {
    let (class, where_) = place(j.state);
    let d = &j.device;
    let used = format!("{} of {} used", bytes_text(d.used_bytes), tb_text(d.capacity_bytes));
    let first_cipher =
        d.files.iter().find(|f| !f.described).map(|f| (f.path.clone(), f.ciphertext_hex.clone()));
    let copy = (d.copy_rate_mb_s > 0).then(|| {
        let pct = d.copy_permille as f64 / 10.0;
        (
            d.copy_permille,
            format!("{pct:.1}% of {} at {} MB/s", bytes_text(d.copy_bytes), d.copy_rate_mb_s),
        )
    });
    let history = j.history.iter().map(|(s, t)| {
        let time = format_iso(*t);
        view! { <li class="done"><span>{s.console(j.job_type)}</span><code>{s.as_str()}</code><span class="muted">{time[..16].replace('T', " ")}</span></li> }
    }).collect_view();
    let ahead = j.ahead.iter().map(|s| view! { <li class="ahead"><span>{s.console(j.job_type)}</span><code>{s.as_str()}</code></li> }).collect_view();
    let imported = (j.transferred_objects > 0 || j.total_objects > 0).then(|| {
        format!(
            "{}: {} of {} objects, {} of {}",
            if j.job_type == engine::snowball::JobType::Export {
                "Exported onto the device"
            } else {
                "Imported into S3"
            },
            grouped(j.transferred_objects),
            grouped(j.total_objects),
            bytes_text(j.transferred_bytes),
            bytes_text(j.total_bytes),
        )
    });
    let failures = j.failures.iter().take(8).map(|f| view! { <li>{f.clone()}</li> }).collect_view();
    view! {
        <p class="job-id"><code>{j.id.clone()}</code>" · "{format!("{} {} {}", j.job_type.as_str(), j.snowball_type, j.capacity)}" · "<span class="muted">{j.availability.clone()}</span></p>
        <p class="job-state" data-testid="job-state" data-state=j.state.as_str()>
            <strong>{j.state.console(j.job_type)}</strong>" ("<code>{j.state.as_str()}</code>")"
        </p>
        <div class=format!("strip {class}") aria-label=format!("The device is {where_}")>
            <span class="place dc">"Your data centre"</span>
            <span class="road">"truck"</span>
            <span class="place aws">"AWS"</span>
            <span class="device" title=format!("Snowball {}", d.snowball_id)>"▣"</span>
        </div>
        <ol class="timeline">{history}{ahead}</ol>
        <div class="device-panel">
            <p>{format!("Device {}: {}; {}; {} file(s)", d.snowball_id, if d.erased { "erased (NIST 800-88)" } else if d.unlocked { "unlocked" } else { "locked" }, used, d.files.len())}</p>
            {copy.map(|(permille, text)| view! {
                <label class="copy">
                    <span>"Copy onto the device: "</span>
                    <progress max="1000" value=permille.to_string() data-testid="copy-progress">{text.clone()}</progress>
                    <span>{text}</span>
                </label>
            })}
            <p class="cipher" data-testid="device-bytes">
                {match first_cipher {
                    Some((path, hex)) => format!("{path} on the device: {hex}… (AES-256-GCM ciphertext; the data key is in the manifest, wrapped by KMS)"),
                    None => "The device holds no file yet.".to_string(),
                }}
            </p>
            <p class="muted">{format!("Data key as KMS wrapped it: {}…", &d.wrapped_key_hex[..d.wrapped_key_hex.len().min(32)])}</p>
        </div>
        {(j.is_master || j.master.is_some()).then(|| view! { <JobParts j=j.clone() /> })}
        {imported.map(|t| view! { <p data-testid="job-imported">{t}</p> })}
        {(!j.failures.is_empty()).then(|| view! { <ul class="failures">{failures}</ul> })}
        <p class="muted">{format!("On site {} day(s); classic price so far ${} (job fee, then $15 a day after 10 free days).", j.days_on_site, j.classic_price_usd)}</p>
    }
}
