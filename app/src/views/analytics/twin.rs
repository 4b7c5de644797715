//! The Flink SQL twin: the same query in Managed Service for Apache Flink's window table
//! functions, run here over the very rows the application read, beside the legacy query run
//! over the same rows. Equal counts show the two syntaxes mean the same windows.

use engine::analytics::sql::{Catalog, OutputRow, Program, SqlError, Syntax};
use engine::analytics::StreamRow;
use leptos::prelude::*;

use super::editor::{debounced_check, ErrorBox, SqlEditor};
use super::AnalyticsState;

/// The Flink example paired with a legacy example, by the legacy example's id.
pub fn flink_twin_of(id: &str) -> Option<String> {
    let all = engine::analytics::examples();
    let e = all.iter().find(|e| e.id == id)?;
    let t = all.iter().find(|x| Some(x.id) == e.twin && x.syntax == Syntax::Flink)?;
    Some(t.code.to_string())
}

/// Runs `code` over `rows` (as they arrived) and then lets the clock reach the newest row:
/// the rows it outputs, oldest first, with their stream's name.
pub fn replay(
    code: &str,
    syntax: Syntax,
    rows: &[StreamRow],
) -> Result<Vec<(String, OutputRow)>, SqlError> {
    let mut p = Program::compile_with(code, &Catalog::ticker(), syntax)?;
    let mut out = Vec::new();
    for r in rows {
        out.extend(p.advance_to(r.rowtime));
        out.extend(p.push(&r.stream, r.values.clone(), r.rowtime));
    }
    if let Some(last) = rows.last() {
        out.extend(p.advance_to(last.rowtime));
    }
    let names: Vec<String> = p.streams().iter().map(|s| s.name.clone()).collect();
    Ok(out.into_iter().map(|o| (names.get(o.stream).cloned().unwrap_or_default(), o)).collect())
}

/// Output rows of the last stream the code writes (its destination).
fn destination_count(rows: &[(String, OutputRow)]) -> usize {
    let Some(last) = rows.iter().map(|r| r.1.stream).max() else { return 0 };
    rows.iter().filter(|r| r.1.stream == last).count()
}

#[derive(Clone, Debug, PartialEq)]
struct Comparison {
    source_rows: usize,
    legacy: Result<usize, String>,
    flink: Result<usize, String>,
    flink_rows: Vec<Vec<String>>,
}

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
        let legacy_code = state.code.get();
        let flink = flink_code.get();
        let legacy = replay(&legacy_code, Syntax::KinesisSql, &rows);
        let fl = replay(&flink, Syntax::Flink, &rows);
        let flink_rows = fl
            .as_ref()
            .map(|r| {
                let last = r.iter().map(|x| x.1.stream).max();
                r.iter()
                    .rev()
                    .filter(|x| Some(x.1.stream) == last)
                    .take(8)
                    .map(|x| x.1.values.iter().map(|v| v.to_string()).collect())
                    .collect()
            })
            .unwrap_or_default();
        Comparison {
            source_rows: rows.len(),
            legacy: legacy.map(|r| destination_count(&r)).map_err(|e| e.message),
            flink: fl.map(|r| destination_count(&r)).map_err(|e| e.message),
            flink_rows,
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use engine::analytics::sql::Value;

    #[test]
    fn tumbling_twins_count_the_same_rows() {
        let all = engine::analytics::examples();
        let legacy = all.iter().find(|e| e.id == "tumbling").unwrap().code;
        let flink = flink_twin_of("tumbling").unwrap();
        let rows: Vec<StreamRow> = (0..200)
            .map(|i| StreamRow {
                stream: "SOURCE_SQL_STREAM_001".into(),
                rowtime: 1_000 + i * 370,
                values: vec![
                    Value::str(["AMZN", "ASD", "MMB"][i as usize % 3]),
                    Value::str("TECHNOLOGY"),
                    Value::Num(0.5),
                    Value::Num(10.0 + i as f64),
                ],
            })
            .collect();
        let a = replay(legacy, Syntax::KinesisSql, &rows).unwrap();
        let b = replay(&flink, Syntax::Flink, &rows).unwrap();
        assert!(destination_count(&a) > 0);
        assert_eq!(destination_count(&a), destination_count(&b));
    }
}
