//! The open bucket as a tree: its prefixes ("folders") open one inside the other down to the
//! open prefix, and at each level the keys in it with their size, who wrote them and when; a
//! key whose newest version is a delete marker struck through. The open prefix is also where
//! an upload lands. Versioning is switched here too.

use engine::api::Call;
use engine::s3::wire::{PutBucketVersioningInput, VersioningConfiguration};
use engine::s3::ObjectRow;
use leptos::prelude::*;

use super::{files, ls_time, S3State};
use crate::views::firehose::grouped;

/// The prefix one level up: `a/b/` to `a/`, `a/` to ``.
pub fn parent(prefix: &str) -> String {
    let trimmed = prefix.trim_end_matches('/');
    trimmed.rfind('/').map_or(String::new(), |i| trimmed[..=i].to_string())
}

/// What a row shows as its name: the part of the key below its level (a folder-marker key
/// such as `logs/` shows in full, as it has nothing below).
pub fn short_name<'a>(key: &'a str, prefix: &str) -> &'a str {
    match key.strip_prefix(prefix) {
        Some(rest) if !rest.is_empty() => rest,
        _ => key,
    }
}

#[component]
pub fn Tree() -> impl IntoView {
    let state = expect_context::<S3State>();
    move || {
        let Some(bucket) = state.bucket.get() else {
            return view! {
                <section class="panel s3-tree-panel">
                    <p class="muted big-hint">"No bucket yet: create one, or pick a preset."</p>
                </section>
            }
            .into_any();
        };
        let b = bucket.clone();
        let into = move || format!("s3://{b}/{}", state.prefix.get());
        let echo = RwSignal::new(Vec::<String>::new());
        view! {
            <section class="panel s3-tree-panel" aria-labelledby="s3-tree-title">
                <div class="s3-tree-head">
                    <h3 id="s3-tree-title" class="bucket-name" data-testid="s3-open-bucket">{format!("s3://{bucket}/")}</h3>
                    <VersioningSwitch bucket=bucket.clone() />
                </div>
                <div class="s3-upload-row">
                    <files::Upload bucket=bucket.clone() prefix=state.prefix echo />
                    <span class="muted">"into " <code data-testid="s3-upload-target">{into}</code></span>
                </div>
                <Show when=move || echo.with(|e| !e.is_empty())>
                    <pre class="s3-echo" data-testid="s3-upload-echo">{move || echo.get().join("\n")}</pre>
                </Show>
                <ul class="s3-level s3-root" role="tree" data-testid="s3-tree">{level(bucket, String::new())}</ul>
            </section>
        }
        .into_any()
    }
}

/// One level: its folders (the one on the open path unfolded, recursively) then its keys.
fn level(bucket: String, prefix: String) -> AnyView {
    let state = expect_context::<S3State>();
    let sim = state.sim;
    let listing = {
        let (bucket, prefix) = (bucket.clone(), prefix.clone());
        Memo::new(move |_| {
            sim.version.track();
            sim.with_world(|w| w.view().s3().level(&bucket, &prefix))
        })
    };
    let empty = move || listing.with(|l| l.prefixes.is_empty() && l.objects.is_empty());
    let hint = if prefix.is_empty() {
        "Empty bucket: upload a file, or type aws s3 cp in the console."
    } else {
        "Nothing left here."
    };
    let more = move || listing.with(|l| l.more);
    let b = bucket.clone();
    view! {
        <Show when=empty>
            <li class="muted s3-empty">{hint}</li>
        </Show>
        <For each=move || listing.get().prefixes key=|p| p.clone() let:folder>
            <Folder bucket=b.clone() folder />
        </For>
        <For each=move || listing.get().objects key=|o| o.clone() let:row>
            <ObjectItem bucket=bucket.clone() prefix=prefix.clone() row />
        </For>
        <Show when=move || { more() > 0 }>
            <li class="muted">{move || format!("…and {} more keys (aws s3 ls lists them all)", grouped(more()))}</li>
        </Show>
    }
    .into_any()
}

#[component]
fn Folder(bucket: String, folder: String) -> impl IntoView {
    let state = expect_context::<S3State>();
    let open = {
        let folder = folder.clone();
        Memo::new(move |_| state.prefix.with(|p| p.starts_with(&folder)))
    };
    let label = folder.rsplit_terminator('/').next().unwrap_or(&folder).to_string();
    let toggle = {
        let folder = folder.clone();
        move |_| {
            let to = if open.get_untracked() { parent(&folder) } else { folder.clone() };
            state.prefix.set(to);
        }
    };
    let below = folder.clone();
    view! {
        <li class="s3-folder-row" role="treeitem" aria-expanded=move || open.get().to_string()>
            <button class="s3-prefix" class:open=move || open.get() data-testid="s3-prefix" data-prefix=folder.clone() on:click=toggle>
                <span class="folder-icon" aria-hidden="true">{move || if open.get() { "▾" } else { "▸" }}</span>
                <span class="obj-name">{format!("{label}/")}</span>
            </button>
            <Show when=move || open.get()>
                <ul class="s3-level" role="group">{level(bucket.clone(), below.clone())}</ul>
            </Show>
        </li>
    }
}

#[component]
fn ObjectItem(bucket: String, prefix: String, row: ObjectRow) -> impl IntoView {
    let state = expect_context::<S3State>();
    let key = row.key.clone();
    let is_selected = {
        let key = key.clone();
        move || state.selected.with(|s| s.as_ref().is_some_and(|s| s.1 == key))
    };
    let pick = {
        let key = key.clone();
        move |_| {
            state.selected.set(Some((bucket.clone(), key.clone())));
            super::show_preview_on_narrow_screens();
        }
    };
    let name = short_name(&row.key, &prefix).to_string();
    let meta = if row.deleted {
        view! {
            <span class="obj-meta">
                <span class="marker-tag">"delete marker"</span>
                <span>{ls_time(row.last_modified_ms)}</span>
            </span>
        }
        .into_any()
    } else {
        view! {
            <span class="obj-meta">
                <span class="obj-size" data-testid="s3-object-size">{format!("{} B", grouped(row.size))}</span>
                <span class=format!("writer writer-{}", row.writer_kind)>{row.written_by.clone()}</span>
                <span>{ls_time(row.last_modified_ms)}</span>
            </span>
        }
        .into_any()
    };
    view! {
        <li role="treeitem">
            <button class="s3-object" class:selected=is_selected class:deleted=row.deleted data-testid="s3-object"
                data-key=key data-deleted=row.deleted.to_string() on:click=pick>
                <span class="obj-name">{name}</span>
                {meta}
            </button>
        </li>
    }
}

/// Turns versioning on (Enabled) or off (Suspended: S3 never goes back to unversioned).
#[component]
fn VersioningSwitch(bucket: String) -> impl IntoView {
    let state = expect_context::<S3State>();
    let sim = state.sim;
    let status = {
        let bucket = bucket.clone();
        Memo::new(move |_| {
            sim.version.track();
            sim.with_world(|w| {
                w.view()
                    .s3()
                    .buckets()
                    .into_iter()
                    .find(|b| b.name == bucket)
                    .and_then(|b| b.versioning)
            })
        })
    };
    let on = move || status.with(|s| s.as_deref() == Some("Enabled"));
    let toggle = move |_| {
        let next = if on() { "Suspended" } else { "Enabled" };
        let _ = sim.call(Call::new(&PutBucketVersioningInput {
            bucket: bucket.clone(),
            versioning_configuration: VersioningConfiguration {
                status: Some(next.into()),
                mfa_delete: None,
            },
        }));
    };
    view! {
        <div class="s3-versioning">
            <span class="muted">"Versioning: "</span>
            <strong data-testid="s3-versioning-status">{move || status.get().unwrap_or_else(|| "Disabled".into())}</strong>
            <button class="small" data-testid="s3-versioning" on:click=toggle>
                {move || if on() { "Suspend" } else { "Enable" }}
            </button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_fold_back_to_their_parent() {
        assert_eq!(parent("a/b/"), "a/");
        assert_eq!(parent("a/"), "");
        assert_eq!(parent(""), "");
    }

    #[test]
    fn rows_name_what_is_below_their_level() {
        assert_eq!(short_name("2026/01/a.gz", "2026/01/"), "a.gz");
        assert_eq!(short_name("logs/", "logs/"), "logs/");
        assert_eq!(short_name("top.txt", ""), "top.txt");
    }
}
