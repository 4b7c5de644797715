//! Clusters side by side: with two or more clusters in the scenario, one column each with its
//! nodes, state, every step's time, the last job's map tasks and their locality, how long it
//! ran and what it cost. "Run it faster" reads here: the same sort on 3 and on 10 core nodes.

use engine::emr::{ClusterView, JobView};
use leptos::prelude::*;

use super::{dollars, duration_text, EmrState};

/// One cluster's column, computed from the world.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub name: String,
    pub nodes: String,
    pub state: String,
    /// (step name, how long it took or "running" / its state).
    pub steps: Vec<(String, String)>,
    pub maps: String,
    pub ran: String,
    pub cost: String,
    pub hourly: String,
}

/// How long a step took, or where it is.
fn step_time(started: Option<i64>, ended: Option<i64>, state: &str) -> String {
    match (started, ended) {
        (Some(a), Some(b)) => duration_text(b - a),
        (Some(_), None) => "running".into(),
        _ => state.to_ascii_lowercase(),
    }
}

/// The column of `c`; `jobs` are its steps' MapReduce jobs, newest last.
pub fn column(c: &ClusterView, jobs: &[JobView], now_unix_ms: i64) -> Column {
    let nodes = c
        .groups
        .iter()
        .filter(|g| g.role != "MASTER")
        .map(|g| format!("{} {} x {}", g.requested, g.role.to_ascii_lowercase(), g.instance_type))
        .collect::<Vec<_>>()
        .join(", ");
    let maps = match jobs.last() {
        Some(j) => {
            let local = j
                .maps
                .iter()
                .filter(|t| {
                    t.attempts.last().and_then(|a| a.locality.as_deref()) == Some("data-local")
                })
                .count();
            format!("{} map task(s) in {}, {local} data-local", j.maps.len(), j.name)
        }
        None => "no MapReduce job yet".into(),
    };
    Column {
        name: c.name.clone(),
        nodes,
        state: c.state.clone(),
        steps: c
            .steps
            .iter()
            .map(|s| (s.name.clone(), step_time(s.started_unix_ms, s.ended_unix_ms, &s.state)))
            .collect(),
        maps,
        ran: duration_text(c.ended_unix_ms.unwrap_or(now_unix_ms) - c.created_unix_ms),
        cost: dollars(c.cost_micros),
        hourly: dollars(super::faceoff::rate(c)),
    }
}

#[component]
pub fn Compare() -> impl IntoView {
    let state = expect_context::<EmrState>();
    let columns = Memo::new(move |_| {
        state.sim.version.track();
        state.sim.with_world(|w| {
            let emr = w.view().emr();
            let now = w.now_unix_ms();
            // Oldest first: the order they were launched in.
            let mut all: Vec<Column> = emr
                .clusters()
                .iter()
                .rev()
                .filter_map(|s| emr.cluster(&s.id))
                .map(|c| {
                    let jobs: Vec<JobView> =
                        c.steps.iter().filter_map(|s| emr.job(&c.id, &s.id)).collect();
                    column(&c, &jobs, now)
                })
                .collect();
            all.truncate(4);
            all
        })
    });
    move || {
        let cols = columns.get();
        (cols.len() >= 2).then(|| {
            let head = cols
                .iter()
                .map(|c| view! { <th scope="col" data-testid="compare-cluster">{c.name.clone()}</th> })
                .collect_view();
            let row = |label: &'static str, f: fn(&Column) -> String| {
                let cells = cols.iter().map(|c| view! { <td>{f(c)}</td> }).collect_view();
                view! { <tr><th scope="row">{label}</th>{cells}</tr> }
            };
            let most_steps = cols.iter().map(|c| c.steps.len()).max().unwrap_or(0);
            let step_rows = (0..most_steps)
                .map(|i| {
                    let label = cols
                        .iter()
                        .find_map(|c| c.steps.get(i).map(|s| s.0.clone()))
                        .unwrap_or_default();
                    let cells = cols
                        .iter()
                        .map(|c| {
                            let took = c.steps.get(i).map(|s| s.1.clone()).unwrap_or_default();
                            view! { <td data-testid="compare-step-time">{took}</td> }
                        })
                        .collect_view();
                    view! { <tr><th scope="row">{format!("Step: {label}")}</th>{cells}</tr> }
                })
                .collect_view();
            view! {
                <section class="panel emr-compare" aria-labelledby="compare-title">
                    <h3 id="compare-title">"Side by side"</h3>
                    <table class="emr-table sidebyside">
                        <thead><tr><th></th>{head}</tr></thead>
                        <tbody>
                            {row("Nodes", |c| c.nodes.clone())}
                            {row("State", |c| c.state.clone())}
                            {step_rows}
                            {row("Last job", |c| c.maps.clone())}
                            {row("Ran", |c| c.ran.clone())}
                            {row("Cost so far", |c| c.cost.clone())}
                            {row("Per hour while up", |c| c.hourly.clone())}
                        </tbody>
                    </table>
                </section>
            }
        })
    }
}
