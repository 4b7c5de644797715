//! The console (`#/console`): a terminal that takes AWS CLI v2 command lines and prints what
//! the real CLI prints. Buttons elsewhere in the UI appear here too, as the `aws` command that
//! does the same thing, so a learner always sees the API behind a click.

use leptos::prelude::*;

use crate::driver::{ConsoleEntry, EntrySource, Sim};

/// Commands to try, one click each.
const EXAMPLES: &[&str] = &[
    "aws kinesis create-stream --stream-name orders --shard-count 2",
    "aws kinesis describe-stream-summary --stream-name orders",
    "aws kinesis put-record --stream-name orders --partition-key user-1 --data aGVsbG8=",
    "aws kinesis list-shards --stream-name orders --output table",
    "aws kinesis get-shard-iterator --stream-name orders --shard-id shardId-000000000000 --shard-iterator-type TRIM_HORIZON",
    "aws kinesis list-streams --query StreamNames",
];

/// The word under the cursor, as byte offsets, for completion to replace.
fn word_at(line: &str, cursor: usize) -> (usize, usize) {
    let cursor = cursor.min(line.len());
    let start = line[..cursor].rfind(char::is_whitespace).map_or(0, |i| i + 1);
    (start, cursor)
}

/// The byte offset of a position the DOM gives in UTF-16 code units.
fn byte_offset(text: &str, utf16_units: usize) -> usize {
    let mut units = 0;
    for (i, c) in text.char_indices() {
        if units >= utf16_units {
            return i;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// The longest prefix shared by every candidate.
fn common_prefix(candidates: &[String]) -> String {
    let Some(first) = candidates.first() else { return String::new() };
    let mut len = first.len();
    for c in &candidates[1..] {
        len = len.min(first.bytes().zip(c.bytes()).take_while(|(a, b)| a == b).count());
    }
    while !first.is_char_boundary(len) {
        len -= 1;
    }
    first[..len].to_string()
}

/// Applies completion candidates to the line: returns the new line, the new cursor, and the
/// candidates to list when there is no single answer.
pub fn apply_completion(
    line: &str,
    cursor: usize,
    candidates: &[String],
) -> (String, usize, Vec<String>) {
    let (start, end) = word_at(line, cursor);
    let partial = &line[start..end];
    let (insert, list) = match candidates {
        [] => return (line.to_string(), cursor, Vec::new()),
        [only] => (format!("{only} "), Vec::new()),
        many => {
            let prefix = common_prefix(many);
            (if prefix.len() > partial.len() { prefix } else { partial.to_string() }, many.to_vec())
        }
    };
    let new_line = format!("{}{}{}", &line[..start], insert, &line[end..]);
    (new_line, start + insert.len(), list)
}

/// The prompt: what is typed, the history the arrows walk, the completions Tab offers.
#[derive(Clone, Copy)]
struct Prompt {
    line: RwSignal<String>,
    history: StoredValue<Vec<String>>,
    history_pos: StoredValue<Option<usize>>,
    suggestions: RwSignal<Vec<String>>,
    input: NodeRef<leptos::html::Input>,
}

impl Prompt {
    fn new() -> Self {
        Prompt {
            line: RwSignal::new(String::new()),
            history: StoredValue::new(Vec::new()),
            history_pos: StoredValue::new(None),
            suggestions: RwSignal::new(Vec::new()),
            input: NodeRef::new(),
        }
    }

    /// Runs the typed line and remembers it (once, if typed twice in a row).
    fn submit(&self, sim: Sim) {
        let text = self.line.get_untracked();
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        let needs = crate::on_demand::Needs::of_line(text);
        if sim.ssh.get_untracked().is_some() {
            // Logged in on a primary node (EMR's code is here already: ssh needed it).
            sim.run_shell(text);
        } else if needs.is_empty() {
            sim.run_cli(text);
        } else {
            // `aws kinesisanalytics ...` may compile SQL, `aws emr ...` runs EMR: their modules
            // first.
            let line = text.to_string();
            leptos::task::spawn_local(async move {
                match needs.fetch().await {
                    Ok(()) => {
                        sim.run_cli(&line);
                    }
                    Err(_) => sim.error.set(Some(crate::on_demand::PARTS_FAILED.into())),
                }
            });
        }
        self.history.update_value(|h| {
            if h.last().map(String::as_str) != Some(text) {
                h.push(text.to_string());
            }
        });
        self.history_pos.set_value(None);
        self.suggestions.set(Vec::new());
        self.line.set(String::new());
    }

    fn walk_history(&self, up: bool) {
        let h = self.history.get_value();
        if h.is_empty() {
            return;
        }
        let pos = match (self.history_pos.get_value(), up) {
            (None, true) => Some(h.len() - 1),
            (None, false) => None,
            (Some(p), true) => Some(p.saturating_sub(1)),
            (Some(p), false) => (p + 1 < h.len()).then_some(p + 1),
        };
        self.history_pos.set_value(pos);
        self.line.set(pos.map(|p| h[p].clone()).unwrap_or_default());
    }

    /// Completes the word at the cursor, or lists the candidates.
    fn complete(&self) {
        let Some(el) = self.input.get() else { return };
        let text = el.value();
        // The DOM counts the cursor in UTF-16 units; the engine wants a byte offset.
        let units = el.selection_start().ok().flatten().unwrap_or(text.len() as u32) as usize;
        let cursor = byte_offset(&text, units);
        let candidates =
            crate::cli::loaded().map(|c| c.complete(&text, cursor)).unwrap_or_default();
        let (new_line, new_cursor, list) = apply_completion(&text, cursor, &candidates);
        self.line.set(new_line.clone());
        el.set_value(&new_line);
        let pos = new_line[..new_cursor].encode_utf16().count() as u32;
        let _ = el.set_selection_range(pos, pos);
        self.suggestions.set(list);
    }

    fn on_key(&self, sim: Sim, ev: web_sys::KeyboardEvent) {
        match ev.key().as_str() {
            "Enter" => {
                ev.prevent_default();
                self.submit(sim);
            }
            "ArrowUp" | "ArrowDown" => {
                ev.prevent_default();
                self.walk_history(ev.key() == "ArrowUp");
            }
            "Tab" => {
                ev.prevent_default();
                self.complete();
            }
            "Escape" => self.suggestions.set(Vec::new()),
            _ => {}
        }
    }
}

#[component]
pub fn ConsoleView() -> impl IntoView {
    let sim = expect_context::<Sim>();
    let prompt = Prompt::new();
    let output: NodeRef<leptos::html::Div> = NodeRef::new();

    // Keep the newest output in view.
    Effect::new(move |_| {
        sim.console.track();
        if let Some(el) = output.get() {
            el.set_scroll_top(el.scroll_height());
        }
    });

    view! {
        <section class="console-view" aria-labelledby="console-title">
            <h2 id="console-title">"AWS CLI console"</h2>
            <p class="lede">
                "Type AWS CLI v2 commands for Kinesis, Firehose, Kinesis Analytics, S3 (aws s3 and s3api) and EMR (with aws emr wait on the virtual clock; aws emr ssh makes this the primary node's shell: whoami, hdfs dfs, hadoop jar, yarn application -list, hive -e, exit). The output is what the real CLI prints. What you do with buttons elsewhere appears here as the equivalent "
                <code>"aws"</code>" command. Tab completes, ↑/↓ walk the history."
            </p>
            <div class="terminal">
                <div class="transcript" data-testid="console-output" node_ref=output aria-live="polite">
                    <For each=move || sim.console.get() key=|e| e.id let:entry>
                        <Entry entry=entry />
                    </For>
                </div>
                <div class="prompt-row">
                    <span class="prompt" data-testid="console-prompt" aria-hidden="true">
                        {move || sim.ssh.get().map_or_else(|| "$".to_string(), |s| s.prompt)}
                    </span>
                    <input
                        data-testid="console-input"
                        class="prompt-input"
                        type="text"
                        spellcheck="false"
                        autocomplete="off"
                        aria-label="AWS CLI command"
                        placeholder="aws kinesis list-streams"
                        node_ref=prompt.input
                        prop:value=move || prompt.line.get()
                        on:input=move |ev| {
                            prompt.line.set(event_target_value(&ev));
                            prompt.history_pos.set_value(None);
                        }
                        on:keydown=move |ev| prompt.on_key(sim, ev)
                    />
                    <button class="primary" on:click=move |_| prompt.submit(sim)>"Run"</button>
                </div>
                {move || {
                    let s = prompt.suggestions.get();
                    (!s.is_empty())
                        .then(|| {
                            view! {
                                <ul class="suggestions" data-testid="console-suggestions">
                                    {s.into_iter().take(40).map(|c| view! { <li>{c}</li> }).collect_view()}
                                </ul>
                            }
                        })
                }}
            </div>
            <Examples prompt=prompt />
        </section>
    }
}

/// Example command lines: a click puts one on the prompt.
#[component]
fn Examples(prompt: Prompt) -> impl IntoView {
    let sim = expect_context::<Sim>();
    view! {
        <div class="examples">
            <h3>"Try"</h3>
            <ul>
                {EXAMPLES
                    .iter()
                    .map(|e| {
                        view! {
                            <li>
                                <button class="example" on:click=move |_| {
                                    prompt.line.set(e.to_string());
                                    if let Some(el) = prompt.input.get() {
                                        let _ = el.focus();
                                    }
                                }>
                                    <code>{*e}</code>
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <button on:click=move |_| sim.console.set(Vec::new())>"Clear transcript"</button>
        </div>
    }
}

#[component]
fn Entry(entry: ConsoleEntry) -> impl IntoView {
    let from_ui = entry.source == EntrySource::Ui;
    view! {
        <div class="entry" class:from-ui=from_ui class:failed=entry.exit_code != 0>
            <div class="entry-line">
                // First in the markup so it floats to the right of the command's first line.
                <span class="entry-meta">
                    {if from_ui { "from the UI · " } else { "" }}
                    {entry.at.clone()}
                </span>
                <span class="prompt" aria-hidden="true">
                    {format!("{} ", entry.prompt.clone().unwrap_or_else(|| "$".into()))}
                </span>
                <span class="command">{entry.line.clone()}</span>
            </div>
            {(!entry.stdout.is_empty()).then(|| view! { <pre class="stdout">{entry.stdout.clone()}</pre> })}
            {(!entry.stderr.is_empty()).then(|| view! { <pre class="stderr">{entry.stderr.clone()}</pre> })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_single_candidate_completes_the_word_and_adds_a_space() {
        let (line, cursor, list) = apply_completion("aws kin", 7, &["kinesis".to_string()]);
        assert_eq!((line.as_str(), cursor, list.len()), ("aws kinesis ", 12, 0));
    }

    #[test]
    fn several_candidates_extend_to_their_common_prefix_and_are_listed() {
        let c = vec!["--stream-name".to_string(), "--stream-arn".to_string()];
        let (line, cursor, list) = apply_completion("aws kinesis put-record --st", 27, &c);
        assert_eq!(line, "aws kinesis put-record --stream-");
        assert_eq!(cursor, line.len());
        assert_eq!(list, c);
    }

    #[test]
    fn completion_in_the_middle_keeps_the_rest_of_the_line() {
        let (line, _, _) = apply_completion("aws kin list-streams", 7, &["kinesis".to_string()]);
        assert_eq!(line, "aws kinesis  list-streams");
    }

    #[test]
    fn dom_cursor_positions_become_byte_offsets() {
        assert_eq!(byte_offset("aws", 2), 2);
        assert_eq!(byte_offset("é x", 1), 2);
        assert_eq!(byte_offset("😀x", 2), 4);
        assert_eq!(byte_offset("ab", 99), 2);
    }

    #[test]
    fn no_candidates_changes_nothing() {
        assert_eq!(apply_completion("aws x", 5, &[]).0, "aws x");
    }
}
