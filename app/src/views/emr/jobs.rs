//! The steps (state, timing, ActionOnFailure) and, for the running or last MapReduce job, its
//! tasks: map tasks coloured by locality (data-local, rack-local), retries visible, reduce
//! tasks, the attempts of each on a timeline per node (a Gantt strip), and Hadoop's counters
//! as the job client prints them.

use engine::emr::{JobView, StepView, TaskView};
use leptos::prelude::*;

use super::{duration_text, short_name, EmrState};
use crate::views::firehose::grouped;

#[component]
pub fn Steps() -> impl IntoView {
    let state = expect_context::<EmrState>();
    let steps = Memo::new(move |_| {
        state.cluster.with(|c| c.as_ref().map(|c| c.steps.clone()).unwrap_or_default())
    });
    view! {
        <section class="panel emr-steps" aria-labelledby="steps-title">
            <h3 id="steps-title">"Steps"</h3>
            {move || {
                let all = steps.get();
                if all.is_empty() {
                    return view! { <p class="muted">"No step yet."</p> }.into_any();
                }
                let rows = all.into_iter().rev().map(|s| view! { <StepRow s /> }).collect_view();
                view! {
                    <table class="emr-table">
                        <thead><tr><th>"Step"</th><th>"State"</th><th>"Took"</th><th>"On failure"</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn StepRow(s: StepView) -> impl IntoView {
    let took = match (s.started_unix_ms, s.ended_unix_ms) {
        (Some(a), Some(b)) => duration_text(b - a),
        (Some(_), None) => "running".into(),
        _ => String::new(),
    };
    let why = s.failure_reason.clone().or(s.failure_message.clone());
    // `arn:aws:iam::000000000000:user/bob` reads as bob; the root user as root.
    let submitter = match s.submitted_by.rsplit_once(":user/") {
        Some((_, user)) => format!("IAM user {user}"),
        None if s.submitted_by.ends_with(":root") => "the root user".to_string(),
        None => s.submitted_by.clone(),
    };
    let who = format!("submitted by {submitter} · runs as {}", s.runs_as);
    view! {
        <tr data-testid="step-row" data-state=s.state.clone()>
            <td><strong>{s.name.clone()}</strong><br /><code class="muted">{s.id.clone()}</code><br /><span class="muted" data-testid="step-submitter">{who}</span></td>
            <td class=format!("step-state {}", s.state.to_ascii_lowercase())>{s.state.clone()}{why.map(|w| view! { <br /><span class="muted">{w}</span> })}</td>
            <td>{took}</td>
            <td>{s.action_on_failure.clone()}</td>
        </tr>
        {(!s.log.is_empty()).then(|| view! {
            <tr class="step-log-row"><td colspan="4">
                <details class="step-log"><summary>"Log"</summary><pre data-testid="step-log">{s.log.join("\n")}</pre></details>
            </td></tr>
        })}
    }
}

/// The job to draw: the running one, else the newest that ran.
fn job_to_show(state: EmrState) -> Option<JobView> {
    let (id, steps) =
        state.cluster.with(|c| c.as_ref().map(|c| (c.id.clone(), c.steps.clone())))?;
    state.sim.with_world(|w| {
        let emr = w.view().emr();
        let jobs: Vec<JobView> = steps.iter().rev().filter_map(|s| emr.job(&id, &s.id)).collect();
        jobs.iter().find(|j| j.state == "RUNNING").cloned().or_else(|| jobs.into_iter().next())
    })
}

#[component]
pub fn Job() -> impl IntoView {
    let state = expect_context::<EmrState>();
    let job = Memo::new(move |_| {
        state.sim.version.track();
        job_to_show(state)
    });
    view! {
        <section class="panel emr-job" aria-labelledby="job-title">
            <h3 id="job-title">"Map, shuffle, reduce"</h3>
            {move || match job.get() {
                None => view! { <p class="muted">"No MapReduce job yet: add a word count step."</p> }.into_any(),
                Some(j) => view! { <JobDetail j /> }.into_any(),
            }}
        </section>
    }
}

/// The last attempt's locality and node, and how many attempts the task took.
fn last_attempt(t: &TaskView) -> (String, String, usize) {
    let last = t.attempts.last();
    (
        last.and_then(|a| a.locality.clone()).unwrap_or_default(),
        last.map(|a| a.node.clone()).unwrap_or_default(),
        t.attempts.len(),
    )
}

#[component]
fn JobDetail(j: JobView) -> impl IntoView {
    let state = expect_context::<EmrState>();
    let nodes = state.cluster.with(|c| c.as_ref().map(|c| c.nodes.clone())).unwrap_or_default();
    let counter = |name: &str| j.counters.iter().find(|(n, _)| n == name).map_or(0, |(_, v)| *v);
    let data_local = j.maps.iter().filter(|t| last_attempt(t).0 == "data-local").count();
    let maps = j.maps.iter().map(|t| {
        let (locality, node, attempts) = last_attempt(t);
        let label = format!("{} on {}{}", t.id, short_name(&nodes, &node), if attempts > 1 { format!(", attempt {attempts}") } else { String::new() });
        view! {
            <span class=format!("task map {locality}") class:done=t.done class:retried={attempts > 1} data-testid="map-task"
                data-locality=locality.clone() title=label>{short_name(&nodes, &node)}</span>
        }
    }).collect_view();
    let reduces = j.reduces.iter().enumerate().map(|(i, t)| {
        let (_, node, attempts) = last_attempt(t);
        view! {
            <span class="task reduce" class:done=t.done class:retried={attempts > 1} data-testid="reduce-task"
                title=format!("{} on {} writes part-{i:05}", t.id, short_name(&nodes, &node))>{format!("part-{i:05}")}</span>
        }
    }).collect_view();
    let groups = j.counter_groups.iter().map(|(group, counters)| {
        let rows = counters.iter().map(|(n, v)| view! { <tr><td>{n.clone()}</td><td class="num">{grouped(*v)}</td></tr> }).collect_view();
        view! { <tbody><tr><th colspan="2">{group.clone()}</th></tr>{rows}</tbody> }
    }).collect_view();
    view! {
        <p class="job-id"><code>{j.job_id.clone()}</code>" · "{j.name.clone()}" · "<strong data-testid="job-state">{j.state.clone()}</strong></p>
        <p data-testid="job-summary">{format!(
            "{} map task(s), {} data-local; {} record(s) out of the maps, {} into the reducers ({} shuffled); {} reduce task(s), one part file each.",
            j.maps.len(), data_local, grouped(counter("Map output records")), grouped(counter("Reduce input records")),
            crate::views::firehose::human_bytes(counter("Reduce shuffle bytes")), j.reduces.len())}</p>
        <div class="mr-flow">
            <div class="mr-stage"><h4>"Map"</h4><div class="tasks">{maps}</div></div>
            <div class="mr-arrow" aria-hidden="true">"→ shuffle →"</div>
            <div class="mr-stage"><h4>"Reduce"</h4><div class="tasks">{reduces}</div></div>
        </div>
        <p class="legend"><span class="task map data-local">"data-local"</span><span class="task map rack-local">"rack-local"</span><span class="task map retried">"retried"</span></p>
        <Gantt j=j.clone() nodes=nodes.clone() />
        <details class="counters"><summary>"Hadoop's counters"</summary><table class="emr-table">{groups}</table></details>
    }
}

/// Every attempt on a timeline, one row per node (an SVG: the page's CSP allows no inline
/// styles, and SVG geometry is attributes).
#[component]
fn Gantt(j: JobView, nodes: Vec<engine::emr::NodeView>) -> impl IntoView {
    let attempts: Vec<(String, &str, u64, u64, String)> = j
        .maps
        .iter()
        .map(|t| ("map", t))
        .chain(j.reduces.iter().map(|t| ("reduce", t)))
        .flat_map(|(kind, t)| {
            t.attempts
                .iter()
                .map(move |a| (a.node.clone(), kind, a.started_at, a.ends_at, a.state.clone()))
        })
        .collect();
    if attempts.is_empty() {
        return None;
    }
    let start = attempts.iter().map(|a| a.2).min().unwrap_or(0);
    let end = attempts.iter().map(|a| a.3).max().unwrap_or(start + 1).max(start + 1);
    let mut rows: Vec<String> = attempts.iter().map(|a| a.0.clone()).collect();
    rows.sort_by_key(|n| short_name(&nodes, n));
    rows.dedup();
    let (width, row_h, label_w) = (600.0, 18.0, 70.0);
    let x = |t: u64| label_w + (t - start) as f64 / (end - start) as f64 * (width - label_w);
    let height = rows.len() as f64 * row_h + 16.0;
    let labels = rows.iter().enumerate().map(|(i, n)| {
        view! { <text x="0" y=format!("{:.0}", i as f64 * row_h + 13.0) class="gantt-label">{short_name(&nodes, n)}</text> }
    }).collect_view();
    let bars = attempts.iter().map(|(node, kind, a, b, st)| {
        let row = rows.iter().position(|r| r == node).unwrap_or(0);
        let (x0, x1) = (x(*a), x(*b).max(x(*a) + 2.0));
        view! {
            <rect x=format!("{x0:.1}") y=format!("{:.0}", row as f64 * row_h + 3.0) width=format!("{:.1}", x1 - x0) height="12"
                class=format!("gantt-bar {kind} {}", st.to_ascii_lowercase())><title>{format!("{kind} attempt on {}: {st}", short_name(&nodes, node))}</title></rect>
        }
    }).collect_view();
    Some(view! {
        <figure class="gantt">
            <svg viewBox=format!("0 0 {width} {height}") role="img" aria-label="Task attempts per node over time">
                {labels}{bars}
                <text x=format!("{label_w}") y=format!("{:.0}", height - 2.0) class="gantt-label">{format!("0 s → {}", duration_text((end - start) as i64))}</text>
            </svg>
            <figcaption class="muted">"Each bar is a task attempt in a YARN container: maps first, reduces once the maps' output is there to fetch."</figcaption>
        </figure>
    })
}
