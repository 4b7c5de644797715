//! The S3 browser the Firehose view embeds: its bucket's newest objects grouped into their
//! folders (Firehose's `YYYY/MM/dd/HH/`), each with size, ETag and last-modified, beside the
//! preview of the one clicked. The S3 view (`#/s3`) walks the same buckets as a tree.

use engine::s3::ListedObject;
use engine::sim::format_iso;
use leptos::prelude::*;

use super::preview::{Preview, Selected};
use crate::driver::Sim;
use crate::views::firehose::grouped;

/// Most objects listed (the newest).
const LISTED: usize = 200;

/// Objects grouped by folder (the key up to its last `/`), newest folder first, objects
/// newest first within it.
pub fn by_folder(objects: &[ListedObject]) -> Vec<(String, Vec<ListedObject>)> {
    let mut groups: Vec<(String, Vec<ListedObject>)> = Vec::new();
    for o in objects {
        let folder = o.key.rfind('/').map_or("", |i| &o.key[..=i]).to_string();
        match groups.iter_mut().find(|g| g.0 == folder) {
            Some(g) => g.1.push(o.clone()),
            None => groups.push((folder, vec![o.clone()])),
        }
    }
    groups.sort_by(|a, b| b.0.cmp(&a.0));
    for g in &mut groups {
        g.1.sort_by(|a, b| (b.last_modified_ms, &b.key).cmp(&(a.last_modified_ms, &a.key)));
    }
    groups
}

/// Each line pretty-printed if it is JSON; records Firehose concatenated without a newline
/// (`}{`) are split first. Other text is left as it is.
pub fn pretty(text: &str) -> String {
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let parts: Vec<String> = if line.contains("}{") {
            line.replace("}{", "}\n{").lines().map(str::to_string).collect()
        } else {
            vec![line.to_string()]
        };
        for p in parts {
            match serde_json::from_str::<serde_json::Value>(&p) {
                Ok(v) if v.is_object() || v.is_array() => {
                    out.push(serde_json::to_string_pretty(&v).unwrap_or(p))
                }
                _ => out.push(fold_padding(&p)),
            }
        }
    }
    out.join("\n")
}

/// Padding runs (16 or more `.`, as the simulated producers fill their records) folded to a
/// note, one record a line.
pub fn fold_padding(line: &str) -> String {
    let mut out = String::new();
    let mut run = 0usize;
    let flush = |out: &mut String, run: usize| match run {
        0 => {}
        n if n >= 16 => out.push_str(&format!(" …{n} padding bytes\n")),
        n => out.push_str(&".".repeat(n)),
    };
    for c in line.chars() {
        if c == '.' {
            run += 1;
        } else {
            flush(&mut out, run);
            run = 0;
            out.push(c);
        }
    }
    flush(&mut out, run);
    out.trim_end().to_string()
}

/// `1 object`, `2 objects`.
pub fn plural(n: u64, one: &str) -> String {
    format!("{} {one}{}", grouped(n), if n == 1 { "" } else { "s" })
}

/// The file name of a key (after its last `/`).
pub fn file_name(key: &str) -> &str {
    key.rsplit('/').next().unwrap_or(key)
}

/// A bucket's newest objects by folder, and the preview of the one clicked (`selected`, which
/// the host view clears when it sets up a preset).
#[component]
pub fn S3Browser(#[prop(into)] bucket: Signal<String>, selected: Selected) -> impl IntoView {
    let sim = expect_context::<Sim>();
    let listing = Memo::new(move |_| {
        sim.version.track();
        let b = bucket.get();
        let mut all = sim.with_world(|w| w.view().s3().objects(&b, ""));
        all.sort_by_key(|o| std::cmp::Reverse(o.last_modified_ms));
        let total = all.len();
        all.truncate(LISTED);
        (total, by_folder(&all))
    });
    view! {
        <section class="panel fh-s3" aria-labelledby="fh-s3-title">
            <h3 id="fh-s3-title">
                "S3 "
                <span class="bucket-name">{move || format!("s3://{}/", bucket.get())}</span>
                <span class="muted bucket-name">{move || format!(" · {}", plural(listing.with(|l| l.0 as u64), "object"))}</span>
                <a class="open-s3" href="#/s3" title="Walk the bucket's prefixes, versions and uploads in the S3 view">"Open in the S3 view →"</a>
            </h3>
            <div class="s3-split">
                <div class="s3-tree" data-testid="s3-tree">
                    <Show when=move || listing.with(|l| l.0 > 0) fallback=|| view! { <p class="muted">"No objects yet: each flush writes one."</p> }>
                        {move || {
                            listing
                                .get()
                                .1
                                .into_iter()
                                .map(|(folder, objects)| view! { <Folder folder objects bucket=bucket.get_untracked() selected /> })
                                .collect_view()
                        }}
                    </Show>
                </div>
                <Preview selected />
            </div>
        </section>
    }
}

#[component]
fn Folder(
    folder: String,
    objects: Vec<ListedObject>,
    bucket: String,
    selected: Selected,
) -> impl IntoView {
    let crumbs = folder
        .trim_end_matches('/')
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| view! { <span class="crumb">{s.to_string()}</span> })
        .collect_view();
    let count = objects.len();
    view! {
        <details class="s3-folder" open=true>
            <summary>
                {crumbs}
                <span class="muted">{format!(" ({count})")}</span>
            </summary>
            <ul class="s3-objects">
                {objects
                    .into_iter()
                    .map(|o| {
                        let key = o.key.clone();
                        let b = bucket.clone();
                        let is_selected = {
                            let key = key.clone();
                            move || selected.with(|p| p.as_ref().is_some_and(|p| p.1 == key))
                        };
                        view! {
                            <li>
                                <button
                                    class="s3-object"
                                    class:selected=is_selected
                                    data-testid="s3-object"
                                    data-key=key.clone()
                                    on:click=move |_| selected.set(Some((b.clone(), key.clone())))
                                >
                                    <span class="obj-name">{file_name(&o.key).to_string()}</span>
                                    <span class="obj-meta">
                                        <span>{format!("{} B", grouped(o.size))}</span>
                                        <span class="etag" title="ETag: the MD5 of the stored bytes">{o.etag.clone()}</span>
                                        <span>{format_iso(o.last_modified_ms)}</span>
                                    </span>
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(key: &str, t: i64) -> ListedObject {
        ListedObject { key: key.into(), size: 1, etag: "\"x\"".into(), last_modified_ms: t }
    }

    #[test]
    fn objects_group_by_hour_folder_newest_first() {
        let g = by_folder(&[
            obj("2026/01/01/00/a", 1),
            obj("2026/01/01/01/b", 2),
            obj("2026/01/01/00/c", 3),
        ]);
        assert_eq!(g.len(), 2);
        assert_eq!(g[0].0, "2026/01/01/01/");
        assert_eq!(g[1].1[0].key, "2026/01/01/00/c");
        assert_eq!(file_name("2026/01/01/00/c"), "c");
    }

    #[test]
    fn json_lines_are_pretty_printed() {
        let p = pretty("{\"a\":1}{\"b\":2}\nplain\n");
        assert!(p.contains("\"a\": 1"));
        assert!(p.contains("\"b\": 2"));
        assert!(p.ends_with("plain"));
        assert_eq!(fold_padding("p#1....................p#2.."), "p#1 …20 padding bytes\np#2..");
        assert_eq!(plural(1, "object"), "1 object");
        assert_eq!(plural(2, "object"), "2 objects");
    }
}
