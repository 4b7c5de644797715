//! The Import/Export view (`#/transfer`): the network-or-appliance calculator with its chart
//! and AWS's published tables; beside it the shipment: a strip data centre -> truck -> AWS with
//! the device moving on the virtual clock, the job's state timeline, the copy onto the device
//! with its throughput, the ciphertext the device holds, the import into the S3 bucket; a
//! Snowball vs Import/Export Disk card driven by the same numbers, an export in job parts; the
//! Edge compute stage (the job's Lambda functions and AMIs), a cluster of Edge devices; the
//! Import/Export Disk job with its status codes; the classic Snowball client's command line;
//! presets.
//!
//! Every change goes through the API (`sim.call` with a typed input, echoed as `aws snowball
//! ...`) or, for the Snowball client's verbs on the device, `sim.act`.

mod actions;
mod calculator;
mod chart;
mod client;
mod cluster;
mod compare;
pub(crate) mod disk;
mod edge;
mod job;
mod parts;
pub(crate) mod presets;

use engine::snowball::calculator::Scenario;
use engine::snowball::JobView;
use leptos::prelude::*;

use crate::driver::Sim;

/// The calculator's inputs, as the learner set them.
#[derive(Clone, Debug, PartialEq)]
pub struct CalcInputs {
    pub size_tb: f64,
    pub link_mbps: f64,
    pub utilisation_pct: f64,
    pub hours_per_day: f64,
    pub shipping: String,
    /// `STANDARD:T80`
    pub device: String,
    pub rate_mb_s: u64,
}

impl Default for CalcInputs {
    fn default() -> Self {
        CalcInputs {
            size_tb: 100.0,
            link_mbps: 100.0,
            utilisation_pct: 80.0,
            hours_per_day: 24.0,
            shipping: "SECOND_DAY".into(),
            device: "STANDARD:T80".into(),
            rate_mb_s: 100,
        }
    }
}

impl CalcInputs {
    /// The engine's scenario (sizes in decimal TB, as AWS sizes devices).
    pub fn scenario(&self) -> Scenario {
        let (snowball_type, capacity) = self.device.split_once(':').unwrap_or(("STANDARD", "T80"));
        Scenario {
            bytes: (self.size_tb.max(0.0) * 1e12) as u64,
            link_mbps: self.link_mbps.max(0.0),
            utilisation: (self.utilisation_pct / 100.0).clamp(0.0, 1.0),
            hours_per_day: self.hours_per_day.clamp(0.0, 24.0),
            shipping_option: self.shipping.clone(),
            snowball_type: snowball_type.into(),
            capacity: capacity.into(),
            copy_rate_mb_s: self.rate_mb_s.max(1),
        }
    }
}

#[derive(Clone, Copy)]
pub struct TransferState {
    pub sim: Sim,
    pub calc: RwSignal<CalcInputs>,
    pub jobs: Memo<Vec<JobView>>,
    /// The job the learner picked (`None`: the newest).
    pub chosen: RwSignal<Option<String>>,
    pub job: Memo<Option<JobView>>,
    /// The last refusal (an API error or a device's answer), shown under the actions.
    pub error: RwSignal<Option<String>>,
    /// The last refusal of the Import/Export Disk panel.
    pub disk_error: RwSignal<Option<String>>,
}

#[component]
pub fn TransferView() -> impl IntoView {
    let sim = expect_context::<Sim>();
    let jobs = Memo::new(move |_| {
        sim.version.track();
        sim.with_world(|w| w.view().snowball().jobs())
    });
    let chosen = RwSignal::new(None::<String>);
    let job = Memo::new(move |_| {
        let picked = chosen.get();
        jobs.with(|all| {
            picked
                .and_then(|id| all.iter().find(|j| j.id == id).cloned())
                .or_else(|| all.last().cloned())
        })
    });
    let state = TransferState {
        sim,
        calc: RwSignal::new(CalcInputs::default()),
        jobs,
        chosen,
        job,
        error: RwSignal::new(None),
        disk_error: RwSignal::new(None),
    };
    provide_context(state);
    presets::follow_the_url(state);
    view! {
        <section class="transfer" aria-labelledby="transfer-title">
            <div class="transfer-head">
                <h2 id="transfer-title">"Import/Export: network or appliance"</h2>
                <presets::PresetPicker />
            </div>
            <presets::PresetNotice />
            <div class="transfer-layout">
                <div class="transfer-calc-area">
                    <calculator::Calculator />
                </div>
                <div class="transfer-job-area">
                    <job::Shipment />
                    <actions::Actions />
                    <client::SnowballClient />
                    <edge::EdgeStage />
                    <disk::DiskPanel />
                </div>
                <div class="transfer-compare-area">
                    <compare::SnowballVsDisk />
                    <parts::ExportParts />
                    <cluster::ClusterPanel />
                </div>
            </div>
        </section>
    }
}

/// `12.3` days, `0.45` days, `∞`.
pub fn days_text(days: f64) -> String {
    if !days.is_finite() {
        "never".into()
    } else if days >= 100.0 {
        format!("{days:.0}")
    } else {
        format!("{days:.2}")
    }
}

/// `42 TB`, `1.5 TB`, `800 GB` (decimal, as AWS sizes devices).
pub fn tb_text(bytes: u64) -> String {
    let tb = bytes as f64 / 1e12;
    if tb >= 1.0 {
        let t = format!("{tb:.1}");
        format!("{} TB", t.trim_end_matches(".0"))
    } else {
        format!("{:.0} GB", bytes as f64 / 1e9)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_the_learner_expects() {
        assert_eq!(days_text(115.7407), "116");
        assert_eq!(days_text(5.787), "5.79");
        assert_eq!(days_text(f64::INFINITY), "never");
        assert_eq!(tb_text(72_000_000_000_000), "72 TB");
        assert_eq!(tb_text(1_500_000_000_000), "1.5 TB");
        assert_eq!(tb_text(800_000_000_000), "800 GB");
        let s = CalcInputs::default().scenario();
        assert_eq!(
            (s.bytes, s.utilisation, s.capacity.as_str()),
            (100_000_000_000_000, 0.8, "T80")
        );
    }
}
