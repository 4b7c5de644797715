//! The Flink SQL twin: the same query in Managed Service for Apache Flink's window table
//! functions, run here over the very rows the application read, beside the legacy query run
//! over the same rows ([`compare`] replays both). Equal counts show the two syntaxes mean the
//! same windows.

use engine::analytics::sql::twin::compare;
use engine::analytics::sql::Syntax;
use engine::analytics::StreamRow;
use leptos::prelude::*;

use super::editor::{debounced_check, ErrorBox, SqlEditor};
use super::AnalyticsState;

#[component]
pub fn FlinkPane() -> impl IntoView {
    let state = expect_context::<AnalyticsState>();
    let flink_code = RwSignal::new(state.flink.get_untracked().unwrap_or_default());
    Effect::new(move |_| {
        if let Some(c) = state.flink.get() {
            flink_code.set(c);
        }
    });
    let checked = debounced_check(flink_code, Syntax::Flink);
    let errors = Signal::derive(move || checked.get());
    // Replayed only when new source rows arrived (not every frame).
    let newest = Memo::new(move |_| state.source.with(|r| (r.len(), r.last().map(|x| x.rowtime))));
    let comparison = Memo::new(move |_| {
        newest.track();
        let rows = state.source.get_untracked();
        compare(&state.code.get(), &flink_code.get(), rows.iter().map(StreamRow::arrival))
    });
    let has_twin = move || state.flink.with(Option::is_some);
    view! {
        <section class="panel kda-pane kda-flink" aria-labelledby="kda-flink-title">
            <div class="kda-pane-head">
                <h3 id="kda-flink-title">"Flink SQL (Managed Service for Apache Flink)"</h3>
            </div>
            <Show
                when=has_twin
                fallback=|| view! {
                    <p class="hint">"This query has no Flink twin in the examples. Pick “Tumbling window (STEP)” or a Flink SQL example to compare the two syntaxes side by side."</p>
                }
            >
                <SqlEditor code=flink_code errors=errors testid="flink-editor" label="The same query in Flink SQL" />
                <ErrorBox errors=errors testid="flink-error" />
                <p class="hint">
                    "Both queries are replayed here over the same source rows the application read (the newest "
                    {move || comparison.with(|c| c.source_rows)}
                    " rows): same windows, same results."
                </p>
                <dl class="kda-counts">
                    <div>
                        <dt>"Legacy SQL rows out"</dt>
                        <dd data-testid="twin-count-legacy">
                            {move || comparison.with(|c| c.legacy.clone().map_or_else(|e| e, |n| n.to_string()))}
                        </dd>
                    </div>
                    <div>
                        <dt>"Flink SQL rows out"</dt>
                        <dd data-testid="twin-count-flink">
                            {move || comparison.with(|c| c.flink.clone().map_or_else(|e| e, |n| n.to_string()))}
                        </dd>
                    </div>
                </dl>
                <div class="table-wrap">
                    <table class="kda-table" data-testid="flink-output">
                        <caption>"Flink output, newest first"</caption>
                        <tbody>
                            {move || comparison.with(|c| c.flink_rows.iter().map(|r| {
                                let cells = r.iter().map(|v| view! { <td>{v.clone()}</td> }).collect_view();
                                view! { <tr data-testid="flink-row">{cells}</tr> }
                            }).collect_view())}
                        </tbody>
                    </table>
                </div>
            </Show>
        </section>
    }
}
