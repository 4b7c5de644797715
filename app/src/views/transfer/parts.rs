//! An export larger than one Snowball: AWS splits it into job parts of at most a device's
//! usable capacity, shipped one after another. Driven by the calculator's data size and
//! device; the schedule is the engine's (`timeline::export_schedule`).

use engine::snowball::catalog;
use engine::snowball::timeline::{export_schedule, DAY_MS};
use leptos::prelude::*;

use super::{days_text, tb_text, TransferState};

#[component]
pub fn ExportParts() -> impl IntoView {
    let state = expect_context::<TransferState>();
    let parts = Memo::new(move |_| {
        let s = state.calc.with(|c| c.scenario());
        let usable = catalog::usable_bytes(&s.snowball_type, &s.capacity).max(1);
        // Each part's time with you: copying its data off at the calculator's rate.
        let on_site =
            |bytes: u64| bytes.saturating_mul(1000) / (s.copy_rate_mb_s.max(1) * 1_000_000);
        let schedule =
            export_schedule(s.bytes, usable, &s.shipping_option, on_site(usable.min(s.bytes)));
        (s.bytes, usable, schedule)
    });
    view! {
        <section class="panel transfer-parts" aria-labelledby="parts-title">
            <h3 id="parts-title">"An export in job parts"</h3>
            {move || {
                let (bytes, usable, schedule) = parts.get();
                let n = schedule.len();
                let rows = schedule.iter().enumerate().map(|(i, p)| {
                    let (a, b) = (p.start_ms as f64 / DAY_MS as f64, p.end_ms as f64 / DAY_MS as f64);
                    view! { <li>{format!("Part {}: {} on one device, day {} to day {}", i + 1, tb_text(p.bytes), days_text(a), days_text(b))}</li> }
                }).collect_view();
                view! {
                    <p data-testid="export-parts" data-parts=n.to_string()>{format!("Exporting {} onto devices of {} usable: {n} job part(s), each its own device, shipped one after another.", tb_text(bytes), tb_text(usable))}</p>
                    <ol class="parts">{rows}</ol>
                }
            }}
            <p class="muted">"The next part's device is prepared once the previous part is in transit to AWS (\"subsequent Snowballs shipping out to you once the previous job part has entered the In transit to AWS status\"); the durations are the sandbox's timings. The export-job preset runs such a split for real. Import/Export Disk had no parts: one job per drive of at most 16 TB."</p>
        </section>
    }
}
