//! The SQL editor: a textarea laid over a highlighted copy of its text, an error marker at the
//! reported line and column, live checking as the learner types (debounced), the examples
//! menu and the Run button (what Run does is [`super::run`]).

use engine::analytics::sql::{self, SqlError, Syntax, TokenClass};
use leptos::prelude::*;

use super::run::run_code;
use super::AnalyticsState;

/// Real milliseconds of quiet typing before the code is checked.
const CHECK_AFTER_MS: u64 = 300;

fn class_name(c: TokenClass) -> &'static str {
    match c {
        TokenClass::Keyword => "tok-kw",
        TokenClass::Identifier => "tok-id",
        TokenClass::QuotedIdentifier => "tok-qid",
        TokenClass::Number => "tok-num",
        TokenClass::String => "tok-str",
        TokenClass::Comment => "tok-com",
        TokenClass::Operator => "tok-op",
        TokenClass::Punctuation => "tok-punct",
    }
}

/// Byte offset of a 1-based (line, column) in `code`, if it is inside the text.
pub fn offset_of(code: &str, line: u32, column: u32) -> Option<usize> {
    if line == 0 || column == 0 {
        return None;
    }
    let start = if line == 1 {
        0
    } else {
        code.match_indices('\n').nth(line as usize - 2).map(|(i, _)| i + 1)?
    };
    let rest = &code[start..];
    let line_text = rest.split('\n').next().unwrap_or_default();
    match line_text.char_indices().nth(column as usize - 1) {
        Some((i, _)) => Some(start + i),
        // At the end of the line: mark the line break (or the end).
        None => Some(start + line_text.len()),
    }
}

/// The text cut into (text, css class) pieces: highlighted tokens, plain text between them,
/// and the character at `mark` (a byte offset) on its own with the error class.
pub fn segments(code: &str, mark: Option<usize>) -> Vec<(String, String)> {
    let mut cuts: Vec<(usize, usize, String)> = Vec::new();
    let mut at = 0;
    for (s, e, c) in sql::highlight(code) {
        if s < at || e > code.len() || !code.is_char_boundary(s) || !code.is_char_boundary(e) {
            continue;
        }
        if s > at {
            cuts.push((at, s, String::new()));
        }
        cuts.push((s, e, class_name(c).to_string()));
        at = e;
    }
    if at < code.len() {
        cuts.push((at, code.len(), String::new()));
    }
    let mut out = Vec::new();
    let mark = mark.filter(|m| *m <= code.len() && code.is_char_boundary(*m));
    let mut marked = false;
    for (s, e, class) in cuts {
        match mark {
            Some(m) if !marked && m >= s && m < e => {
                let end = m + code[m..].chars().next().map_or(0, char::len_utf8);
                if m > s {
                    out.push((code[s..m].to_string(), class.clone()));
                }
                let ch = &code[m..end];
                let ch = if ch == "\n" { " \n" } else { ch };
                out.push((ch.to_string(), format!("{class} sql-mark").trim().to_string()));
                if end < e {
                    out.push((code[end..e].to_string(), class));
                }
                marked = true;
            }
            _ => out.push((code[s..e].to_string(), class)),
        }
    }
    if let (Some(_), false) = (mark, marked) {
        out.push((" ".into(), "sql-mark".into()));
    }
    out
}

/// The editor: `code` is what the learner edits, `errors` the markers to show.
#[component]
pub fn SqlEditor(
    code: RwSignal<String>,
    errors: Signal<Vec<SqlError>>,
    testid: &'static str,
    label: &'static str,
) -> impl IntoView {
    let lines = move || code.with(|c| c.lines().count().max(1) + 1);
    let pieces = move || {
        let text = code.get();
        let mark = errors.with(|e| e.first().and_then(|e| offset_of(&text, e.line, e.column)));
        segments(&text, mark)
            .into_iter()
            .map(|(t, c)| view! { <span class=c>{t}</span> })
            .collect_view()
    };
    view! {
        <div class="sql-code">
            <div class="sql-stack">
                <pre class="sql-highlight" aria-hidden="true">{pieces}"\n"</pre>
                <textarea
                    data-testid=testid
                    aria-label=label
                    spellcheck="false"
                    autocomplete="off"
                    wrap="off"
                    rows=lines
                    prop:value=move || code.get()
                    on:input=move |ev| code.set(event_target_value(&ev))
                ></textarea>
            </div>
        </div>
    }
}

/// The error box under an editor.
#[component]
pub fn ErrorBox(errors: Signal<Vec<SqlError>>, testid: &'static str) -> impl IntoView {
    move || {
        errors.with(|e| e.first().cloned()).map(|e| {
            let at = if e.line > 0 {
                format!("Line {}, column {}: ", e.line, e.column)
            } else {
                String::new()
            };
            view! {
                <p class="sql-error" data-testid=testid role="alert">
                    <span class="sql-error-at">{at}</span>
                    {e.message}
                </p>
            }
        })
    }
}

/// Checks `code` after the learner stops typing for a moment.
pub fn debounced_check(code: RwSignal<String>, syntax: Syntax) -> RwSignal<Vec<SqlError>> {
    let found = RwSignal::new(Vec::new());
    let generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        let text = code.get();
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        set_timeout(
            move || {
                if generation.try_get_value() != Some(mine) {
                    return;
                }
                let errs = match syntax {
                    Syntax::KinesisSql => sql::check(&text),
                    Syntax::Flink => sql::check_with(&text, &sql::Catalog::ticker(), Syntax::Flink),
                };
                let _ = found.try_set(errs);
            },
            std::time::Duration::from_millis(CHECK_AFTER_MS),
        );
    });
    found
}

/// The examples menu (`sql-examples`): picking one fills both panes with it and its twin.
#[component]
pub fn ExamplesMenu() -> impl IntoView {
    let state = expect_context::<AnalyticsState>();
    let options = engine::analytics::examples()
        .into_iter()
        .map(|e| {
            let tag = match e.syntax {
                Syntax::KinesisSql => "KDA SQL",
                Syntax::Flink => "Flink SQL",
            };
            view! { <option value=e.id>{format!("{tag} · {}", e.title)}</option> }
        })
        .collect_view();
    view! {
        <label class="field kda-examples">
            <span>"Examples (AWS docs)"</span>
            <select
                data-testid="sql-examples"
                on:change=move |ev| {
                    let id = event_target_value(&ev);
                    pick_example(state, &id);
                }
            >
                <option value="">"Choose an example…"</option>
                {options}
            </select>
        </label>
    }
}

/// Fills the legacy pane and the Flink pane from an example (a Flink example brings its legacy
/// twin into the legacy pane, which is what an application runs).
pub fn pick_example(state: AnalyticsState, id: &str) {
    let all = engine::analytics::examples();
    let Some(e) = all.iter().find(|e| e.id == id) else { return };
    let twin = e.twin.and_then(|t| all.iter().find(|x| x.id == t));
    match e.syntax {
        Syntax::KinesisSql => {
            state.code.set(e.code.to_string());
            state.flink.set(twin.map(|t| t.code.to_string()));
        }
        Syntax::Flink => {
            if let Some(t) = twin {
                state.code.set(t.code.to_string());
            }
            state.flink.set(Some(e.code.to_string()));
        }
    }
    state.run_error.set(None);
}

#[component]
pub fn LegacyPane() -> impl IntoView {
    let state = expect_context::<AnalyticsState>();
    let checked = debounced_check(state.code, Syntax::KinesisSql);
    // The Run's error wins until the code changes and is checked again.
    let errors = Signal::derive(move || {
        state.run_error.get().map(|e| vec![e]).unwrap_or_else(|| checked.get())
    });
    Effect::new(move |_| {
        state.code.track();
        state.run_error.set(None);
    });
    let run = move |_| run_code(state);
    view! {
        <section class="panel kda-pane" aria-labelledby="kda-legacy-title">
            <div class="kda-pane-head">
                <h3 id="kda-legacy-title">"Kinesis Data Analytics SQL (legacy)"</h3>
                <ExamplesMenu />
                <button class="primary" data-testid="sql-run" on:click=run>
                    "▶ Run"
                </button>
            </div>
            <SqlEditor code=state.code errors=errors testid="sql-editor" label="Application code (Kinesis Data Analytics SQL)" />
            <ErrorBox errors=errors testid="sql-error" />
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_follow_lines_and_columns() {
        let code = "SELECT\n  x FROM";
        assert_eq!(offset_of(code, 1, 1), Some(0));
        assert_eq!(offset_of(code, 2, 3), Some(9));
        assert_eq!(offset_of(code, 2, 99), Some(code.len()));
        assert_eq!(offset_of(code, 5, 1), None);
    }

    #[test]
    fn segments_cover_the_text_and_mark_one_character() {
        let code = "SELECT STREAM x FROM \"S\";";
        let plain: String = segments(code, None).into_iter().map(|s| s.0).collect();
        assert_eq!(plain, code);
        let marked = segments(code, Some(7));
        let marks: Vec<_> = marked.iter().filter(|s| s.1.contains("sql-mark")).collect();
        assert_eq!(marks.len(), 1);
        assert_eq!(marks[0].0, "S");
        assert!(segments(code, None).iter().any(|s| s.1 == "tok-kw"));
    }
}
