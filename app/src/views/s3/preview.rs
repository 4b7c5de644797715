//! The selected object: its content (decompressed: GZIP, ZIP, Snappy as Firehose writes them;
//! JSON pretty-printed, CSV as a table), who wrote it, its headers, its version history, and what a learner
//! can do to it (download it through `aws s3 cp`, delete it). A key whose newest version is a
//! delete marker still shows its history: that is where the older versions went.

use engine::api::Call;
use engine::s3::wire::DeleteObjectInput;
use engine::s3::{ObjectDetails, ObjectPreview, VersionView};
use leptos::prelude::*;

use super::browser::{file_name, pretty};
use super::files::{download, shell_word};
use super::{ls_time, table};
use crate::driver::Sim;
use crate::views::firehose::grouped;

/// The object a browser previews: (bucket, key).
pub type Selected = RwSignal<Option<(String, String)>>;

/// Bytes of an object a preview shows.
const PREVIEW_BYTES: usize = 16 * 1024;

/// Everything the panel shows about one key.
#[derive(Clone, PartialEq)]
struct Shown {
    bucket: String,
    key: String,
    /// `None` when the newest version is a delete marker.
    content: Option<(ObjectPreview, Option<ObjectDetails>)>,
    versions: Vec<VersionView>,
}

/// How the preview names the compression it undid: `gzip, shown decompressed`.
pub fn compression_note(compression: &str) -> String {
    let name = match compression {
        "GZIP" => "gzip",
        "ZIP" => "zip",
        "Snappy" => "snappy",
        "HADOOP_SNAPPY" => "hadoop-snappy",
        other => other,
    };
    format!("{name}, shown decompressed")
}

#[component]
pub fn Preview(selected: Selected) -> impl IntoView {
    let sim = expect_context::<Sim>();
    let shown = Memo::new(move |_| {
        sim.version.track();
        let (bucket, key) = selected.get()?;
        sim.with_world(|w| {
            let s3 = w.view().s3();
            let versions = s3.versions(&bucket, &key);
            let content = s3
                .object_preview(&bucket, &key, PREVIEW_BYTES)
                .map(|p| (p, s3.object_details(&bucket, &key)));
            (content.is_some() || !versions.is_empty()).then_some(Shown {
                bucket,
                key,
                content,
                versions,
            })
        })
    });
    move || {
        match shown.get() {
        None => view! {
            <div class="s3-preview empty" data-testid="s3-preview">
                <p class="muted">"Click an object to see what is in it and who wrote it."</p>
            </div>
        }
        .into_any(),
        Some(s) => view! {
            <div class="s3-preview" data-testid="s3-preview" data-key=s.key.clone()>
                <h4 class="preview-key">{s.key.clone()}</h4>
                {match s.content.clone() {
                    Some((p, details)) => view! { <Content preview=p details /> }.into_any(),
                    None => view! {
                        <p class="s3-gone" data-testid="s3-gone">
                            "The newest version is a delete marker: aws s3api get-object answers NoSuchKey (404), and aws s3 ls no longer lists the key. The older versions below are still stored."
                        </p>
                    }
                    .into_any(),
                }}
                <Actions bucket=s.bucket.clone() key=s.key.clone() present=s.content.is_some() />
                <History versions=s.versions />
            </div>
        }
        .into_any(),
    }
    }
}

#[component]
fn Content(preview: ObjectPreview, details: Option<ObjectDetails>) -> impl IntoView {
    let p = preview;
    let note = format!(
        "{} · {} B stored{}{}",
        p.etag,
        grouped(p.size),
        if p.decompressed {
            format!(" · {}", compression_note(&p.compression))
        } else {
            String::new()
        },
        if p.truncated { " · first 16 KiB" } else { "" },
    );
    let content_type = details.as_ref().map(|d| d.content_type.clone()).unwrap_or_default();
    let body = match table::is_csv(&p.key, &content_type).then(|| table::parse(&p.text)).flatten() {
        Some(rows) => view! { <table::CsvTable rows /> }.into_any(),
        None => view! { <pre class="preview-text">{pretty(&p.text)}</pre> }.into_any(),
    };
    let facts = details.map(|d| {
        let meta = d.metadata.iter().map(|(k, v)| format!("x-amz-meta-{k}: {v}")).collect::<Vec<_>>().join(", ");
        let parts = if d.parts > 0 { format!(" · uploaded in {} parts", d.parts) } else { String::new() };
        view! {
            <p class="object-facts">
                <span class=format!("writer writer-{}", d.writer_kind) data-testid="s3-writer">{format!("Written by {}", d.written_by)}</span>
                <span>{format!("{} · SSE {}{parts}", d.content_type, d.encryption)}</span>
            </p>
            {(!meta.is_empty()).then(|| view! { <p class="muted">{meta}</p> })}
        }
    });
    view! {
        <p class="muted preview-note">{note}</p>
        {facts}
        {body}
    }
}

/// Download (through the console's `aws s3 cp`, then to the computer) and delete.
#[component]
fn Actions(bucket: String, key: String, present: bool) -> impl IntoView {
    let sim = expect_context::<Sim>();
    let (b, k) = (bucket.clone(), key.clone());
    let fetch = move |_| {
        let name = file_name(&k).to_string();
        let line =
            format!("aws s3 cp {} {}", shell_word(&format!("s3://{b}/{k}")), shell_word(&name));
        if sim.run_cli(&line).exit_code == 0 {
            download(sim, &name);
        }
    };
    let delete = move |_| {
        let input =
            DeleteObjectInput { bucket: bucket.clone(), key: key.clone(), version_id: None };
        let _ = sim.call(Call::new(&input));
    };
    view! {
        <div class="s3-actions">
            <Show when=move || present>
                <button class="small" data-testid="s3-download" on:click=fetch.clone()>"⬇ Download"</button>
                <button class="small danger" data-testid="s3-delete" on:click=delete.clone()
                    title="DeleteObject: in a versioned bucket this only puts a delete marker on top">
                    "Delete"
                </button>
            </Show>
        </div>
    }
}

#[component]
fn History(versions: Vec<VersionView>) -> impl IntoView {
    // A bucket never versioned keeps one `null` version: nothing to show.
    let shown = versions.len() > 1 || versions.iter().any(|v| v.version_id != "null");
    shown.then(|| {
        let rows = versions
            .into_iter()
            .map(|v| {
                let what = if v.delete_marker {
                    "delete marker".to_string()
                } else {
                    format!("{} B · {}", grouped(v.size), v.etag)
                };
                view! {
                    <li class:latest=v.is_latest class:marker=v.delete_marker data-testid="s3-version"
                        data-delete-marker=v.delete_marker.to_string()>
                        <code class="version-id">{v.version_id}</code>
                        <span class="version-what">{what}</span>
                        <span class="muted">{ls_time(v.last_modified_ms)}</span>
                        {v.is_latest.then(|| view! { <span class="latest-tag">"latest"</span> })}
                    </li>
                }
            })
            .collect_view();
        view! {
            <h5 class="versions-title">"Versions, newest first"</h5>
            <ol class="s3-versions" data-testid="s3-versions">{rows}</ol>
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compressions_are_named_as_a_learner_reads_them() {
        assert_eq!(compression_note("GZIP"), "gzip, shown decompressed");
        assert_eq!(compression_note("HADOOP_SNAPPY"), "hadoop-snappy, shown decompressed");
        assert_eq!(compression_note("ZIP"), "zip, shown decompressed");
    }
}
