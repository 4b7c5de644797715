//! The instances: a grid of scheduled periods (columns) by object (rows), each cell coloured
//! by AWS's status name (the grid view workflow tools use), each opening its attempts with
//! their timings, retries and error messages; and a Gantt strip of every attempt on the
//! virtual clock.

use engine::pipeline::{InstanceView, PipelineView as Pipeline};
use leptos::prelude::*;

use super::actions::set_status;
use super::{clock_text, duration_text, status_class, status_short, PipeState};

/// Periods shown at once: the newest ones (a long backfill scrolls off to the left).
const COLUMNS: usize = 12;

/// Rows in graph order (schedules have no instances): the objects that have instances.
fn rows(p: &Pipeline) -> Vec<String> {
    let order = ["precondition", "data", "activity", "resource"];
    let mut out = Vec::new();
    for kind in order {
        for o in p.objects.iter().filter(|o| o.kind == kind) {
            if p.instances.iter().any(|i| i.component == o.id) {
                out.push(o.id.clone());
            }
        }
    }
    out
}

/// The scheduled starts, oldest first.
fn periods(p: &Pipeline) -> Vec<String> {
    let mut starts: Vec<String> = p.instances.iter().map(|i| i.scheduled_start.clone()).collect();
    starts.sort();
    starts.dedup();
    starts
}

#[component]
pub fn Grid() -> impl IntoView {
    let state = expect_context::<PipeState>();
    let grid = move || {
        state.pipeline.with(|p| {
            let Some(p) = p.as_ref().filter(|p| !p.instances.is_empty()) else {
                return view! { <p class="muted" data-testid="no-instances">"No instances yet: a pipeline has instances once it is activated and a period is due."</p> }.into_any();
            };
            let all = periods(p);
            let shown: Vec<String> = all.iter().skip(all.len().saturating_sub(COLUMNS)).cloned().collect();
            let hidden = all.len() - shown.len();
            let head = shown
                .iter()
                .map(|s| view! { <th scope="col" class="period">{clock_text(s)}</th> })
                .collect_view();
            let body = rows(p)
                .into_iter()
                .map(|component| {
                    let cells = shown
                        .iter()
                        .map(|start| {
                            let inst = p.instances.iter().find(|i| i.component == component && &i.scheduled_start == start);
                            match inst {
                                Some(i) => cell(state, i).into_any(),
                                None => view! { <td class="empty"></td> }.into_any(),
                            }
                        })
                        .collect_view();
                    view! { <tr><th scope="row" class="component">{component.clone()}</th>{cells}</tr> }
                })
                .collect_view();
            view! {
                <div class="grid-scroll">
                    <table class="instance-grid" data-testid="instance-grid">
                        <thead><tr><th scope="col">"object \\ @scheduledStartTime"</th>{head}</tr></thead>
                        <tbody>{body}</tbody>
                    </table>
                </div>
                {(hidden > 0).then(|| view! { <p class="muted">{format!("{hidden} earlier period(s) to the left are not shown; the newest {COLUMNS} are.")}</p> })}
                {(p.forgotten > 0).then(|| view! { <p class="muted" data-testid="instances-forgotten">{forgotten_text(p.forgotten)}</p> })}
            }
            .into_any()
        })
    };
    view! {
        <section class="panel" aria-labelledby="grid-title">
            <h3 id="grid-title">"Instances by scheduled period"</h3>
            {grid}
            <Legend />
        </section>
    }
}

/// The sandbox's bound on kept instances, said where the grid would otherwise just start later.
fn forgotten_text(forgotten: u64) -> String {
    format!(
        "{forgotten} older finished instance(s) forgotten: the sandbox keeps the newest {} of a pipeline (its choice, to stay within the browser's memory; AWS keeps the whole run history).",
        engine::pipeline::tick::MAX_INSTANCES
    )
}

fn cell(state: PipeState, i: &InstanceView) -> impl IntoView {
    let id = i.id.clone();
    let open = {
        let id = id.clone();
        move || state.cell.get().as_deref() == Some(id.as_str())
    };
    let tries = i.attempts.len();
    let label = if tries > 1 {
        format!("{} ×{tries}", status_short(i.status))
    } else {
        status_short(i.status).to_string()
    };
    view! {
        <td>
            <button class=format!("cell {}", status_class(i.status)) class:open=open
                data-testid="instance-cell" data-status=i.status data-instance=id.clone()
                title=format!("{}: {}", i.id, i.status)
                on:click=move |_| state.cell.set(Some(id.clone()))>
                {label}
            </button>
        </td>
    }
}

#[component]
fn Legend() -> impl IntoView {
    let statuses = [
        "WAITING_ON_DEPENDENCIES",
        "WAITING_FOR_RUNNER",
        "CREATING",
        "RUNNING",
        "SHUTTING_DOWN",
        "FINISHED",
        "FAILED",
        "CASCADE_FAILED",
        "CANCELED",
        "TIMEDOUT",
    ];
    view! {
        <ul class="status-legend" aria-label="Status colours">
            {statuses.into_iter().map(|s| view! { <li><span class=format!("swatch {}", status_class(s))></span>{s}</li> }).collect_view()}
        </ul>
    }
}

/// The open cell: its instance's fields and every attempt.
#[component]
pub fn Attempts() -> impl IntoView {
    let state = expect_context::<PipeState>();
    let sim = state.sim;
    let instance = Memo::new(move |_| {
        let id = state.cell.get()?;
        state.pipeline.with(|p| p.as_ref()?.instances.iter().find(|i| i.id == id).cloned())
    });
    let act = move |status: &'static str| {
        let (Some(p), Some(i)) = (state.pipeline_id(), state.cell.get_untracked()) else { return };
        state.error.set(set_status(sim, &p, &i, status).err());
    };
    move || {
        let Some(i) = instance.get() else {
            return view! { <section class="panel attempts"><h3>"Attempts"</h3><p class="muted">"Click a cell of the grid to see its attempts."</p></section> }.into_any();
        };
        let now = sim.with_world(|w| w.now_unix_ms());
        let rows = i
            .attempts
            .iter()
            .map(|a| {
                let took = a.ended_ms.unwrap_or(now) - a.started_ms;
                view! {
                    <tr data-testid="attempt-row" data-status=a.status>
                        <td class="mono">{a.id.rsplit_once('_').map(|(_, n)| n.to_string()).unwrap_or_default()}</td>
                        <td><span class=format!("pill {}", status_class(a.status))>{a.status}</span></td>
                        <td>{clock_text(&a.started)}</td>
                        <td>{a.ended.as_deref().map(clock_text).unwrap_or_else(|| "—".into())}</td>
                        <td>{duration_text(took)}</td>
                        <td class="error-text">{a.error.clone().unwrap_or_default()}</td>
                    </tr>
                }
            })
            .collect_view();
        let activity = i.kind == "activity";
        view! {
            <section class="panel attempts" aria-labelledby="attempts-title" data-testid="attempts">
                <h3 id="attempts-title">{format!("Attempts of {}", i.id)}</h3>
                <dl class="instance-fields">
                    <dt>"@status"</dt><dd data-testid="instance-status"><span class=format!("pill {}", status_class(i.status))>{i.status}</span></dd>
                    <dt>"@scheduledStartTime"</dt><dd>{i.scheduled_start.clone()}</dd>
                    <dt>"@scheduledEndTime"</dt><dd>{i.scheduled_end.clone()}</dd>
                    <dt>"@actualStartTime"</dt><dd>{i.actual_start.clone().unwrap_or_else(|| "—".into())}</dd>
                    <dt>"@actualEndTime"</dt><dd>{i.actual_end.clone().unwrap_or_else(|| "—".into())}</dd>
                    <dt>"@attemptCount"</dt><dd>{i.attempts.len()}</dd>
                    <dt>"@triesLeft"</dt><dd data-testid="tries-left">{i.tries_left}</dd>
                    {i.error.clone().map(|e| view! { <dt>"errorMessage"</dt><dd class="error-text" data-testid="instance-error">{e}</dd> })}
                </dl>
                <div class="table-scroll">
                    <table class="attempt-table">
                        <thead><tr><th>"attempt"</th><th>"status"</th><th>"started"</th><th>"ended"</th><th>"took"</th><th>"errorMessage"</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                {(!i.stdout.is_empty()).then(|| view! { <pre class="stdout" data-testid="instance-stdout">{i.stdout.clone()}</pre> })}
                {activity.then(|| view! {
                    <div class="instance-actions">
                        <button data-testid="rerun" on:click=move |_| act("RERUN")>"Rerun"</button>
                        <button data-testid="mark-finished" on:click=move |_| act("MARK_FINISHED")>"Mark finished"</button>
                        <button data-testid="try-cancel" on:click=move |_| act("TRY_CANCEL")>"Cancel"</button>
                    </div>
                })}
            </section>
        }
        .into_any()
    }
}

/// Every attempt on one time axis: a row per instance that has attempts, newest rows last.
#[component]
pub fn Gantt() -> impl IntoView {
    let state = expect_context::<PipeState>();
    let sim = state.sim;
    move || {
        let now = sim.with_world(|w| w.now_unix_ms());
        state.pipeline.with(|p| {
            let p = p.as_ref()?;
            let mut rows: Vec<&InstanceView> = p.instances.iter().filter(|i| !i.attempts.is_empty()).collect();
            rows.sort_by_key(|i| i.attempts.first().map(|a| a.started_ms).unwrap_or(0));
            let rows: Vec<&InstanceView> = rows.iter().skip(rows.len().saturating_sub(24)).copied().collect();
            if rows.is_empty() {
                return None;
            }
            let start = rows.iter().flat_map(|i| i.attempts.iter().map(|a| a.started_ms)).min()?;
            let end = rows
                .iter()
                .flat_map(|i| i.attempts.iter().map(|a| a.ended_ms.unwrap_or(now)))
                .max()?
                .max(start + 60_000);
            let (width, row_h, label_w) = (900.0, 24.0, 300.0);
            let x = |t: i64| label_w + (t - start) as f64 / (end - start) as f64 * (width - label_w - 10.0);
            let height = rows.len() as f64 * row_h + 22.0;
            let bars = rows
                .iter()
                .enumerate()
                .map(|(r, i)| {
                    let y = r as f64 * row_h;
                    let label = i.id.trim_start_matches('@').to_string();
                    let attempts = i
                        .attempts
                        .iter()
                        .map(|a| {
                            let (x0, x1) = (x(a.started_ms), x(a.ended_ms.unwrap_or(now)));
                            view! {
                                <rect class=format!("gantt-bar {}", status_class(a.status)) data-testid="gantt-bar"
                                    x=format!("{x0:.1}") y=format!("{:.0}", y + 4.0) width=format!("{:.1}", (x1 - x0).max(3.0)) height="16">
                                    <title>{format!("{}: {} {} → {}", a.id, a.status, a.started, a.ended.clone().unwrap_or_else(|| "now".into()))}</title>
                                </rect>
                            }
                        })
                        .collect_view();
                    view! {
                        <text class="gantt-label" x="0" y=format!("{:.0}", y + 17.0)>{label}</text>
                        {attempts}
                    }
                })
                .collect_view();
            Some(view! {
                <section class="panel" aria-labelledby="gantt-title">
                    <h3 id="gantt-title">"Attempts on the clock"</h3>
                    <div class="graph-scroll">
                        <svg class="pipeline-gantt" data-testid="pipeline-gantt" viewBox=format!("0 0 {width} {height:.0}") role="img" aria-label="Every attempt on the virtual clock">
                            {bars}
                            <text class="gantt-label" x=format!("{label_w}") y=format!("{:.0}", height - 4.0)>
                                {format!("{} → {} ({})", clock_text(&engine::pipeline::expr::format_datetime(start)), clock_text(&engine::pipeline::expr::format_datetime(end)), duration_text(end - start))}
                            </text>
                        </svg>
                    </div>
                </section>
            })
        })
    }
}
