//! The storage face-off: HDFS on a persistent cluster against EMRFS on transient ones, side
//! by side: where the data lives, what survives termination, where the maps read from, and
//! the bill over a day or a week, drawn. The prices are the scenario's clusters' own (their
//! instance types, EC2 on demand plus the EMR fee); a transient run's length is measured from
//! a transient cluster that has finished, or, before one has, the sandbox's own estimate.

use engine::emr::catalog::node_micros_per_hour;
use engine::emr::cost::billed_micros;
use engine::emr::ClusterView;
use leptos::prelude::*;

use super::{dollars, duration_text, EmrState};

/// A transient run before one has been measured: the sandbox's start-up (about 4.5 minutes)
/// plus ten minutes of work. The sandbox's choice, said in the panel.
const ESTIMATED_RUN_MS: i64 = 15 * 60_000;

/// What the two clusters cost, per hour while up, and how long a transient run lasts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Inputs {
    pub persistent_hourly_micros: u64,
    pub transient_hourly_micros: u64,
    pub run_ms: i64,
    /// Whether `run_ms` was measured (a transient cluster finished) or estimated.
    pub measured: bool,
}

/// The bill of one run of a transient cluster, as the engine bills a node (per second, one
/// minute at least).
pub fn run_micros(i: &Inputs) -> u64 {
    billed_micros(i.transient_hourly_micros, i.run_ms)
}

/// Both bills, hour by hour over `hours`, with `runs_per_day` transient runs spread evenly
/// over each day (the first at midnight): points (hour, persistent, transient), in millionths
/// of a dollar.
pub fn bills(i: &Inputs, hours: u32, runs_per_day: u32) -> Vec<(u32, u64, u64)> {
    let runs_per_day = runs_per_day.clamp(1, 24);
    let every = 24 / runs_per_day;
    (0..=hours)
        .map(|h| {
            // Runs started strictly before hour h (and the one at h itself once h < hours).
            let started = if h == 0 { 0 } else { (h - 1) / every + 1 };
            (h, i.persistent_hourly_micros * u64::from(h), run_micros(i) * u64::from(started))
        })
        .collect()
}

/// A cluster's price per hour while up, from its groups (a terminated cluster's running rate
/// is zero): EC2 on demand plus the EMR fee, per node.
pub fn rate(c: &ClusterView) -> u64 {
    c.groups.iter().map(|g| u64::from(g.requested) * node_micros_per_hour(&g.instance_type)).sum()
}

/// The two clusters to compare: a long-running one and a transient one if the scenario has
/// them, else the cluster shown standing in for both.
fn inputs(all: &[ClusterView], shown: Option<&ClusterView>) -> Option<Inputs> {
    let persistent = all.iter().find(|c| c.keep_alive).or(shown)?;
    let transient = all.iter().find(|c| !c.keep_alive);
    let finished = transient.filter(|c| c.ended_unix_ms.is_some());
    let run_ms = finished.map(|c| c.ended_unix_ms.unwrap_or(0) - c.created_unix_ms);
    Some(Inputs {
        persistent_hourly_micros: rate(persistent),
        transient_hourly_micros: rate(transient.unwrap_or(persistent)),
        run_ms: run_ms.unwrap_or(ESTIMATED_RUN_MS),
        measured: run_ms.is_some(),
    })
}

#[component]
pub fn FaceOff() -> impl IntoView {
    let state = expect_context::<EmrState>();
    let week = RwSignal::new(false);
    let runs_per_day = RwSignal::new(1u32);
    let data = Memo::new(move |_| {
        state.sim.version.track();
        let all: Vec<ClusterView> = state.sim.with_world(|w| {
            let emr = w.view().emr();
            emr.clusters().iter().filter_map(|s| emr.cluster(&s.id)).collect()
        });
        state.cluster.with(|shown| inputs(&all, shown.as_ref()))
    });
    move || {
        let i = data.get()?;
        let hours = if week.get() { 24 * 7 } else { 24 };
        let points = bills(&i, hours, runs_per_day.get());
        let (_, persistent, transient) = points.last().copied().unwrap_or_default();
        let run = if i.measured {
            format!(
                "{} per run (measured on this scenario's transient cluster)",
                duration_text(i.run_ms)
            )
        } else {
            format!(
                "{} per run (the sandbox's estimate until a transient cluster has finished)",
                duration_text(i.run_ms)
            )
        };
        Some(view! {
            <section class="panel emr-faceoff" aria-labelledby="faceoff-title">
                <h3 id="faceoff-title">"HDFS on a persistent cluster, or EMRFS on transient ones"</h3>
                <table class="emr-table faceoff">
                    <thead><tr><th></th><th scope="col">"HDFS, persistent cluster"</th><th scope="col">"EMRFS (S3), transient clusters"</th></tr></thead>
                    <tbody>
                        <tr><th scope="row">"Where the data lives"</th><td>"Blocks on the core nodes' disks, replicated between them"</td><td>"Objects in an S3 bucket, outside the cluster"</td></tr>
                        <tr><th scope="row">"When the cluster terminates"</th><td>"Gone with the nodes (instance store and EBS alike)"</td><td>"Stays in S3 for the next cluster"</td></tr>
                        <tr><th scope="row">"Where the maps read"</th><td>"Data-local: from the node's own disk when the scheduler can"</td><td>"Over the network from S3: no locality, but no copy step"</td></tr>
                        <tr><th scope="row">"Billed"</th><td>{format!("Every hour it is up: {} an hour", dollars(i.persistent_hourly_micros))}</td><td>{format!("Only while it runs: {} an hour, {run}", dollars(i.transient_hourly_micros))}</td></tr>
                        <tr><th scope="row">"Suits"</th><td>"Continuous analysis, 24x7, data worked on again and again"</td><td>"Batch jobs: start, read S3, write S3, stop"</td></tr>
                    </tbody>
                </table>
                <div class="faceoff-controls">
                    <label><input type="radio" name="faceoff-span" prop:checked=move || !week.get() on:change=move |_| week.set(false) />" A day"</label>
                    <label><input type="radio" name="faceoff-span" prop:checked=move || week.get() on:change=move |_| week.set(true) />" A week"</label>
                    <label>" Transient runs a day "
                        <select data-testid="faceoff-runs" on:change=move |ev| runs_per_day.set(event_target_value(&ev).parse().unwrap_or(1))>
                            {[1u32, 2, 4, 8, 24].into_iter().map(|n| view! { <option value=n.to_string() prop:selected=move || runs_per_day.get() == n>{n.to_string()}</option> }).collect_view()}
                        </select>
                    </label>
                </div>
                <Chart points=points.clone() hours />
                <p>
                    {format!("Over {}: the persistent cluster ", if week.get() { "a week" } else { "a day" })}
                    <strong data-testid="faceoff-persistent">{dollars(persistent)}</strong>
                    {format!(", {} transient run(s) ", runs_per_day.get() * hours / 24)}
                    <strong data-testid="faceoff-transient">{dollars(transient)}</strong>
                    "."
                </p>
            </section>
        })
    }
}

/// Both bills over time as two lines (an SVG: the page's CSP allows no inline styles).
#[component]
fn Chart(points: Vec<(u32, u64, u64)>, hours: u32) -> impl IntoView {
    let (width, height, left, bottom) = (600.0, 180.0, 56.0, 22.0);
    let top = points.iter().map(|p| p.1.max(p.2)).max().unwrap_or(1).max(1) as f64;
    let x = |h: u32| left + f64::from(h) / f64::from(hours.max(1)) * (width - left - 28.0);
    let y = |m: u64| (height - bottom) - m as f64 / top * (height - bottom - 8.0);
    let line = |f: fn(&(u32, u64, u64)) -> u64| {
        points.iter().map(|p| format!("{:.1},{:.1}", x(p.0), y(f(p)))).collect::<Vec<_>>().join(" ")
    };
    let ticks = if hours > 24 {
        (0..=7).map(|d| d * 24).collect::<Vec<u32>>()
    } else {
        vec![0, 6, 12, 18, 24]
    };
    let tick_labels = ticks.into_iter().map(|h| {
        let label = if hours > 24 { format!("day {}", h / 24) } else { format!("{h}:00") };
        view! { <text x=format!("{:.0}", x(h)) y=format!("{:.0}", height - 6.0) class="chart-label" text-anchor="middle">{label}</text> }
    }).collect_view();
    view! {
        <figure class="faceoff-chart">
            <svg viewBox=format!("0 0 {width} {height}") role="img" aria-label="What each option has cost, hour by hour">
                <line x1=format!("{left}") y1=format!("{}", height - bottom) x2=format!("{}", width - 28.0) y2=format!("{}", height - bottom) class="axis" />
                <text x="0" y="14" class="chart-label">{dollars(top as u64)}</text>
                <text x="0" y=format!("{}", height - bottom) class="chart-label">"$0"</text>
                {tick_labels}
                <polyline points=line(|p| p.1) class="bill persistent" data-testid="faceoff-line-persistent" />
                <polyline points=line(|p| p.2) class="bill transient" data-testid="faceoff-line-transient" />
            </svg>
            <figcaption class="legend"><span class="key persistent">"persistent (HDFS)"</span><span class="key transient">"transient (EMRFS)"</span></figcaption>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs() -> Inputs {
        // $1.00 an hour both; a run of 30 minutes.
        Inputs {
            persistent_hourly_micros: 1_000_000,
            transient_hourly_micros: 1_000_000,
            run_ms: 30 * 60_000,
            measured: true,
        }
    }

    #[test]
    fn a_day_of_one_run_costs_half_an_hour_against_twenty_four() {
        let b = bills(&inputs(), 24, 1);
        assert_eq!(b.len(), 25);
        assert_eq!(b[0], (0, 0, 0));
        // The run at midnight is billed from its first hour on.
        assert_eq!(b[1], (1, 1_000_000, 500_000));
        assert_eq!(b[24], (24, 24_000_000, 500_000));
    }

    #[test]
    fn a_week_of_four_runs_a_day_counts_twenty_eight_runs() {
        let b = bills(&inputs(), 24 * 7, 4);
        assert_eq!(b.last(), Some(&(168, 168_000_000, 28 * 500_000)));
    }

    #[test]
    fn a_short_run_is_billed_one_minute() {
        let i = Inputs { run_ms: 5_000, ..inputs() };
        assert_eq!(run_micros(&i), 1_000_000 / 60);
    }
}
