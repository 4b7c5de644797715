//! The live tables: the source in-application stream (ROWTIME and the mapped columns), the
//! rows the pumps output, and the in-application error_stream. Newest first, bounded.

use engine::analytics::sql::format_timestamp;
use leptos::prelude::*;

use super::{columns_of, AnalyticsState, DESTINATION};

const SHOWN: usize = 12;

/// `2026-01-01 11:00:05.250` -> `11:00:05.250` (the date is the same all along).
pub fn clock(unix_ms: i64) -> String {
    let t = format_timestamp(unix_ms);
    t.split_once(' ').map_or(t.clone(), |(_, time)| time.to_string())
}

fn header(cols: Vec<String>) -> impl IntoView {
    let cells = cols.into_iter().map(|c| view! { <th scope="col">{c}</th> }).collect_view();
    view! { <tr><th scope="col">"ROWTIME"</th>{cells}</tr> }
}

#[component]
pub fn SourceTable() -> impl IntoView {
    let state = expect_context::<AnalyticsState>();
    let cols = move || {
        state
            .app
            .with(|a| a.as_ref().and_then(|a| a.inputs.first()).map(|i| i.columns.clone()))
            .unwrap_or_default()
            .into_iter()
            .map(|c| c.0)
            .collect::<Vec<_>>()
    };
    let rows = move || {
        state.source.with(|rows| {
            rows.iter()
                .rev()
                .take(SHOWN)
                .map(|r| {
                    let cells = r
                        .values
                        .iter()
                        .map(|v| view! { <td>{v.to_string()}</td> })
                        .collect_view();
                    view! { <tr data-testid="source-row"><td class="rowtime">{clock(r.rowtime)}</td>{cells}</tr> }
                })
                .collect_view()
        })
    };
    view! {
        <section class="panel" aria-labelledby="kda-source-title">
            <h3 id="kda-source-title">"Source: SOURCE_SQL_STREAM_001"</h3>
            <div class="table-wrap">
                <table class="kda-table">
                    <thead>{move || header(cols())}</thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
pub fn OutputTable() -> impl IntoView {
    let state = expect_context::<AnalyticsState>();
    let cols = move || state.streams.with(|s| columns_of(s, DESTINATION));
    let rows = move || {
        state
            .destination_rows()
            .into_iter()
            .rev()
            .take(SHOWN)
            .map(|r| {
                let cells =
                    r.values.iter().map(|v| view! { <td>{v.to_string()}</td> }).collect_view();
                view! { <tr data-testid="output-row"><td class="rowtime">{clock(r.rowtime)}</td>{cells}</tr> }
            })
            .collect_view()
    };
    view! {
        <section class="panel" aria-labelledby="kda-output-title">
            <h3 id="kda-output-title">"Output: " {DESTINATION} " → Kinesis stream " {super::RESULTS}</h3>
            <div class="table-wrap">
                <table class="kda-table">
                    <thead>{move || header(cols())}</thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
pub fn ErrorTable() -> impl IntoView {
    let state = expect_context::<AnalyticsState>();
    let rows = move || {
        state.errors.with(|rows| {
            rows.iter()
                .rev()
                .take(SHOWN)
                .map(|e| {
                    view! {
                        <tr data-testid="error-row">
                            <td class="rowtime">{clock(e.error_time)}</td>
                            <td>{e.error_level.clone()}</td>
                            <td>{e.error_name.clone()}</td>
                            <td>{e.message.clone()}</td>
                            <td>{e.pump_name.clone()}</td>
                            <td class="data-row">{e.data_row.clone()}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    let empty = move || state.errors.with(Vec::is_empty);
    view! {
        <section class="panel" aria-labelledby="kda-errors-title">
            <h3 id="kda-errors-title">"In-application error_stream"</h3>
            <Show when=empty>
                <p class="hint">"No error rows: every record mapped to the schema and every expression computed. A record that fails to map (or a row that fails to compute) lands here instead of stopping the application."</p>
            </Show>
            <div class="table-wrap">
                <table class="kda-table">
                    <thead>
                        <tr>
                            <th scope="col">"ERROR_TIME"</th>
                            <th scope="col">"ERROR_LEVEL"</th>
                            <th scope="col">"ERROR_NAME"</th>
                            <th scope="col">"MESSAGE"</th>
                            <th scope="col">"PUMP_NAME"</th>
                            <th scope="col">"DATA_ROW"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
