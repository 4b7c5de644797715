//! The stages after the source: the transform's Ok/Dropped/ProcessingFailed counts, the
//! destinations with their outage toggles and retry timeline, and what landed in Redshift
//! (table rows) and OpenSearch (documents, queryable by field).

use engine::firehose::FirehoseCommand;
use engine::firehose::{AttemptView, Target};
use engine::Command;
use leptos::prelude::*;

use super::{grouped, FirehoseState};

/// The transform stage, shown when the delivery stream has a processing configuration.
#[component]
pub fn TransformStage() -> impl IntoView {
    let state = expect_context::<FirehoseState>();
    let info = move || {
        state.stream.with(|s| {
            let s = s.as_ref()?;
            let t = s.transform.as_ref()?;
            let function = t.lambda_arn.rsplit(":function:").next().unwrap_or("").to_string();
            Some((
                function,
                s.counters.transform_ok,
                s.counters.transform_dropped,
                s.counters.transform_failed,
            ))
        })
    };
    move || {
        info().map(|(function, ok, dropped, failed)| {
            view! {
                <section class="panel fh-transform" aria-labelledby="fh-transform-title">
                    <h3 id="fh-transform-title">"Transformation (Lambda)"</h3>
                    <p class="fh-hints">
                        "Each record goes through "<code>{function}</code>
                        " and comes back Ok (buffered), Dropped (discarded on purpose) or ProcessingFailed (written under the error prefix, processing-failed/)."
                    </p>
                    <div class="transform-counts">
                        <div class="tcount tcount-ok">
                            <span class="tcount-label">"Ok"</span>
                            <strong data-testid="transform-ok">{grouped(ok)}</strong>
                        </div>
                        <div class="tcount tcount-dropped">
                            <span class="tcount-label">"Dropped"</span>
                            <strong data-testid="transform-dropped">{grouped(dropped)}</strong>
                        </div>
                        <div class="tcount tcount-failed">
                            <span class="tcount-label">"ProcessingFailed"</span>
                            <strong data-testid="transform-failed">{grouped(failed)}</strong>
                        </div>
                    </div>
                </section>
            }
        })
    }
}

fn seconds(ms: u64) -> String {
    if ms >= 3_600_000 && ms.is_multiple_of(3_600_000) {
        format!("{} h", ms / 3_600_000)
    } else {
        format!("{} s", ms / 1000)
    }
}

/// Each destination of the stream with its outage toggle, and the retry timeline.
#[component]
pub fn DestinationPanel() -> impl IntoView {
    let state = expect_context::<FirehoseState>();
    let sim = state.sim;
    let statuses = Memo::new(move |_| {
        state.stream.with(|s| s.as_ref().map(|s| s.destinations.clone()).unwrap_or_default())
    });
    let toggle = move |target: Target, down: bool| {
        let Some(name) = state.name.get_untracked() else { return };
        let verb = if down { "goes down" } else { "comes back" };
        sim.act(
            Command::Firehose(FirehoseCommand::SetDestinationOutage {
                delivery_stream: name.clone(),
                destination: target,
                down,
            }),
            &format!("the {} destination of {name} {verb}", target.as_str()),
        );
    };
    view! {
        <section class="panel fh-destinations" aria-labelledby="fh-dest-title">
            <h3 id="fh-dest-title">"Destinations and outages"</h3>
            <ul class="dest-list">
                {move || {
                    statuses
                        .get()
                        .into_iter()
                        .map(|d| {
                            let target = d.target;
                            let label = if d.down { "Bring back up" } else { "Take down" };
                            let state_text = if d.down {
                                "DOWN".to_string()
                            } else if d.attempts > 0 {
                                "retrying".to_string()
                            } else {
                                "up".to_string()
                            };
                            let retry = if d.attempts > 0 {
                                format!("{} failed attempt(s) so far", d.attempts)
                            } else {
                                String::new()
                            };
                            view! {
                                <li class="dest" class:down=d.down>
                                    <span class="dest-name">{target.as_str()}</span>
                                    <span class="dest-state">{state_text}</span>
                                    <span class="muted">{format!("retry window {}", seconds(d.retry_window_ms))}</span>
                                    <span class="muted">{retry}</span>
                                    <button
                                        data-testid="outage-toggle"
                                        data-target=target.as_str()
                                        aria-pressed=if d.down { "true" } else { "false" }
                                        on:click=move |_| toggle(target, !d.down)
                                    >
                                        {label}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <RetryTimeline />
        </section>
    }
}

/// What the timeline draws, in virtual ms.
#[derive(Clone, Debug, PartialEq)]
struct Timeline {
    target: Target,
    attempts: Vec<AttemptView>,
    start: u64,
    end: u64,
    window_end: Option<u64>,
    /// Error objects written in the shown span (virtual ms, key).
    errors: Vec<(u64, String)>,
    now: u64,
}

/// The target whose retries matter most: the one retrying now, else the last that failed.
fn timeline_of(
    attempts: Vec<AttemptView>,
    statuses: &[engine::firehose::DestinationStatus],
    errors: Vec<(u64, String)>,
    now: u64,
) -> Option<Timeline> {
    let retrying = statuses.iter().find(|d| d.attempts > 0).or_else(|| {
        let last = attempts.iter().rev().find(|a| !a.ok)?;
        statuses.iter().find(|d| d.target == last.target)
    })?;
    let target = retrying.target;
    let mine: Vec<AttemptView> = attempts.into_iter().filter(|a| a.target == target).collect();
    let keep = mine.len().saturating_sub(80);
    let mine: Vec<AttemptView> = mine.into_iter().skip(keep).collect();
    let start = retrying.retrying_since.or(mine.first().map(|a| a.at))?;
    let window_end = start + retrying.retry_window_ms;
    // A long window (S3's 24 h) would squash the attempts into a corner: show up to now.
    let last = mine.last().map_or(start, |a| a.at).max(now);
    let end = if retrying.retry_window_ms <= 2 * 3_600_000 {
        let e = window_end.max(mine.last().map_or(start, |a| a.at));
        e + (e - start) / 10 + 1
    } else {
        last + (last - start) / 8 + 60_000
    };
    let shown_window = (window_end <= end).then_some(window_end);
    let errors = errors.into_iter().filter(|(t, _)| *t >= start && *t <= end).collect();
    Some(Timeline { target, attempts: mine, start, end, window_end: shown_window, errors, now })
}

const W: f64 = 1000.0;
const H: f64 = 150.0;
const LEFT: f64 = 20.0;
const RIGHT: f64 = 980.0;

#[component]
fn RetryTimeline() -> impl IntoView {
    let state = expect_context::<FirehoseState>();
    let sim = state.sim;
    let data = Memo::new(move |_| {
        sim.version.track();
        let name = state.name.get()?;
        let statuses = state.stream.with(|s| s.as_ref().map(|s| s.destinations.clone()))?;
        sim.with_world(|w| {
            let fh = &w.view().firehose();
            let offset = w.now_unix_ms() - w.now() as i64;
            let errors = fh
                .error_objects(&name)
                .into_iter()
                .map(|o| ((o.delivered_ms - offset).max(0) as u64, o.key))
                .collect();
            timeline_of(fh.retry_attempts(&name), &statuses, errors, w.now())
        })
    });
    move || {
        let Some(t) = data.get() else {
            return view! {
                <p class="muted fh-no-retries">"No failed deliveries yet. Take a destination down to watch Firehose retry."</p>
            }
            .into_any();
        };
        let span = (t.end - t.start).max(1) as f64;
        let x = move |ms: u64| LEFT + (ms.saturating_sub(t.start) as f64 / span) * (RIGHT - LEFT);
        let marks = t
            .attempts
            .iter()
            .map(|a| {
                let cx = x(a.at);
                let class = if a.ok { "retry-mark ok" } else { "retry-mark failed" };
                let title = format!(
                    "attempt {} at +{} s: {} {}",
                    a.attempt,
                    a.at.saturating_sub(t.start) / 1000,
                    if a.ok { "delivered" } else { "failed" },
                    a.code.clone().unwrap_or_default()
                );
                view! {
                    <g data-testid="retry-attempt" data-ok=if a.ok { "true" } else { "false" }>
                        <circle class=class cx=cx cy="60" r="7"><title>{title}</title></circle>
                    </g>
                }
            })
            .collect_view();
        let errors = t
            .errors
            .iter()
            .map(|(at, key)| {
                let ex = x(*at);
                view! {
                    <g data-testid="retry-error-object">
                        <rect class="retry-error" x=ex - 7.0 y="88" width="14" height="14"><title>{format!("error object {key}")}</title></rect>
                    </g>
                }
            })
            .collect_view();
        let window = t.window_end.map(|we| {
            let wx = x(we);
            view! {
                <line class="retry-window" x1=wx x2=wx y1="20" y2="110" />
                <text class="retry-label" x=wx - 6.0 y="16" text-anchor="end">{format!("retry window ends (+{})", seconds(we - t.start))}</text>
            }
        });
        let now_x = x(t.now.min(t.end));
        let failed = t.attempts.iter().filter(|a| !a.ok).count();
        let caption = format!(
            "{} retries: {failed} failed attempt(s), {} error object(s) in view",
            t.target.as_str(),
            t.errors.len()
        );
        view! {
            <figure class="retry-figure">
                <svg data-testid="retry-timeline" class="retry-timeline" viewBox=format!("0 0 {W} {H}") role="img" aria-label=caption.clone()>
                    <line class="retry-axis" x1=LEFT x2=RIGHT y1="60" y2="60" />
                    <line class="retry-now" x1=now_x x2=now_x y1="30" y2="110" />
                    {window}
                    {marks}
                    {errors}
                    <text class="retry-label" x=LEFT y="135">"first failure"</text>
                    <text class="retry-label" x=RIGHT y="135" text-anchor="end">{format!("+{}", seconds(t.end - t.start))}</text>
                </svg>
                <figcaption class="retry-legend">
                    <span><span class="swatch swatch-failed"></span>"failed attempt"</span>
                    <span><span class="swatch swatch-ok"></span>"delivered"</span>
                    <span><span class="swatch swatch-error"></span>"written under the error prefix"</span>
                    <span class="muted">{caption}</span>
                </figcaption>
            </figure>
        }
        .into_any()
    }
}

/// The rows COPY loaded into the simulated Redshift table.
#[component]
pub fn RedshiftRows() -> impl IntoView {
    let state = expect_context::<FirehoseState>();
    let sim = state.sim;
    let is_redshift =
        move || state.stream.with(|s| s.as_ref().is_some_and(|s| s.redshift.is_some()));
    let table = Memo::new(move |_| {
        sim.version.track();
        let name = state.name.get()?;
        sim.with_world(|w| {
            let t = w.view().firehose().redshift_table_of(&name)?;
            let keep = t.rows.len().saturating_sub(25);
            Some((
                t.table.clone(),
                t.columns.clone(),
                t.rows.len(),
                t.copies,
                t.rows[keep..].to_vec(),
            ))
        })
    });
    let title = move || {
        state.stream.with(|s| {
            s.as_ref()
                .and_then(|s| s.redshift.as_ref())
                .map(|r| format!("Redshift table {}", r.table))
        })
    };
    view! {
        <Show when=is_redshift>
            <section class="panel fh-redshift" aria-labelledby="fh-redshift-title">
                <h3 id="fh-redshift-title">{title}</h3>
                {move || match table.get() {
                    None => view! { <p class="muted">"No COPY has run yet: Firehose stages each flush in S3, then runs COPY."</p> }.into_any(),
                    Some((_, columns, total, copies, rows)) => view! {
                        <p class="fh-hints">{format!("{} rows from {} COPY command(s); the newest {} shown.", grouped(total as u64), copies, rows.len())}</p>
                        <div class="table-scroll">
                            <table class="fh-table">
                                <thead><tr>{columns.into_iter().map(|c| view! { <th>{c}</th> }).collect_view()}</tr></thead>
                                <tbody>
                                    {rows
                                        .into_iter()
                                        .rev()
                                        .map(|r| view! {
                                            <tr data-testid="redshift-row">
                                                {r.into_iter().map(|c| match c {
                                                    Some(v) => view! { <td>{v}</td> }.into_any(),
                                                    None => view! { <td class="muted">"NULL"</td> }.into_any(),
                                                }).collect_view()}
                                            </tr>
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }
                    .into_any(),
                }}
            </section>
        </Show>
    }
}

/// The documents indexed in the OpenSearch domain, with a field=value query.
#[component]
pub fn OpenSearchDocs() -> impl IntoView {
    let state = expect_context::<FirehoseState>();
    let sim = state.sim;
    let query = RwSignal::new(String::new());
    let target = Memo::new(move |_| {
        state.stream.with(|s| {
            s.as_ref()
                .and_then(|s| s.opensearch.as_ref())
                .map(|o| (o.domain.clone(), o.index_name.clone()))
        })
    });
    let docs = Memo::new(move |_| {
        sim.version.track();
        let (domain, index) = target.get()?;
        let q = query.get();
        let (field, value) = q.split_once('=').map_or((String::new(), String::new()), |(f, v)| {
            (f.trim().to_string(), v.trim().to_string())
        });
        sim.with_world(|w| {
            let all =
                w.view().firehose().opensearch_query(&domain, &format!("{index}*"), &field, &value);
            let total = all.len();
            let keep = total.saturating_sub(20);
            Some((total, all[keep..].to_vec()))
        })
    });
    view! {
        <Show when=move || target.with(Option::is_some)>
            <section class="panel fh-opensearch" aria-labelledby="fh-os-title">
                <h3 id="fh-os-title">{move || format!("OpenSearch index {}*", target.get().map(|t| t.1).unwrap_or_default())}</h3>
                <label class="field">
                    <span>"Query (field=value, empty for all)"</span>
                    <input
                        data-testid="opensearch-query"
                        type="search"
                        spellcheck="false"
                        placeholder="page=/cart"
                        prop:value=query
                        on:input=move |ev| query.set(event_target_value(&ev))
                    />
                </label>
                {move || {
                    let (total, docs) = docs.get().unwrap_or_default();
                    view! {
                        <p class="fh-hints" data-testid="opensearch-count">{format!("{} matching document(s); the newest {} shown.", grouped(total as u64), docs.len())}</p>
                        <ul class="os-docs">
                            {docs
                                .into_iter()
                                .rev()
                                .map(|d| view! {
                                    <li class="os-doc" data-testid="opensearch-doc">
                                        <span class="os-meta">{format!("{} · _id {}", d.index, d.id)}</span>
                                        <code class="os-source">{d.source.trim().to_string()}</code>
                                    </li>
                                })
                                .collect_view()}
                        </ul>
                    }
                }}
            </section>
        </Show>
    }
}
