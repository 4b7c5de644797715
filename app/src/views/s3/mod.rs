//! The S3 view (`#/s3`): buckets, and a bucket's prefixes as a tree to walk; an object's
//! content (decompressed), who wrote it, its headers and its versions; uploads from the
//! learner's computer into the console's files and on into S3 (`aws s3 cp`, so multipart from
//! 8 MiB, exactly as the CLI); versioning switched on and off; presets.
//!
//! Every change goes through the API (`sim.call` with a typed input, or a console line), so the
//! console shows the `aws` command behind each click and a link replays it.

mod browser;
mod files;
mod presets;

use engine::api::Call;
use engine::s3::wire::{CreateBucketInput, PutBucketVersioningInput, VersioningConfiguration};
use engine::sim::format_iso;
use leptos::prelude::*;

pub use browser::{Preview, S3Browser, Selected};

use crate::driver::Sim;
use crate::views::firehose::{grouped, human_bytes};

/// What the S3 view shares between its panels.
#[derive(Clone, Copy)]
pub struct S3State {
    pub sim: Sim,
    /// The bucket open in the tree (`None`: the first one).
    pub chosen: RwSignal<Option<String>>,
    pub bucket: Memo<Option<String>>,
    /// The prefix open in the tree (`""` is the bucket's top).
    pub prefix: RwSignal<String>,
    pub selected: Selected,
}

#[component]
pub fn S3View() -> impl IntoView {
    let sim = expect_context::<Sim>();
    let chosen = RwSignal::new(None::<String>);
    let buckets = Memo::new(move |_| {
        sim.version.track();
        sim.with_world(|w| w.view().s3().buckets())
    });
    let bucket = Memo::new(move |_| {
        let all = buckets.get();
        chosen.get().filter(|c| all.iter().any(|b| b.name == *c)).or_else(|| all.first().map(|b| b.name.clone()))
    });
    let state = S3State { sim, chosen, bucket, prefix: RwSignal::new(String::new()), selected: RwSignal::new(None) };
    provide_context(state);
    presets::follow_the_url(state);
    let stored = Memo::new(move |_| {
        sim.version.track();
        sim.with_world(|w| w.view().s3().stored_bytes())
    });
    view! {
        <section class="s3" aria-labelledby="s3-title">
            <div class="s3-head">
                <h2 id="s3-title">"Amazon S3"</h2>
                <presets::PresetPicker />
            </div>
            <presets::PresetNotice />
            <div class="s3-layout">
                <div class="s3-side">
                    <section class="panel" aria-labelledby="s3-buckets-title">
                        <h3 id="s3-buckets-title">"Buckets"</h3>
                        <ul class="s3-buckets">
                            <For each=move || buckets.get() key=|b| (b.name.clone(), b.objects, b.versioning.clone()) let:b>
                                {
                                    let name = b.name.clone();
                                    let open = {
                                        let name = name.clone();
                                        move || bucket.get().as_deref() == Some(name.as_str())
                                    };
                                    let pick = name.clone();
                                    let versioning = b.versioning.clone().map(|v| format!(" · versioning {v}")).unwrap_or_default();
                                    view! {
                                        <li>
                                            <button class="s3-bucket" class:selected=open data-testid="s3-bucket" data-bucket=name.clone()
                                                on:click=move |_| {
                                                    chosen.set(Some(pick.clone()));
                                                    state.prefix.set(String::new());
                                                    state.selected.set(None);
                                                }>
                                                <span class="bucket-name">{name.clone()}</span>
                                                <span class="muted">{format!("{} objects · {}{versioning} · {}", grouped(b.objects), human_bytes(b.bytes), b.encryption)}</span>
                                                <span class="muted">{format!("created {}", format_iso(b.created_unix_ms))}</span>
                                            </button>
                                        </li>
                                    }
                                }
                            </For>
                        </ul>
                        <CreateBucket />
                        <p class="muted" data-testid="s3-stored">
                            {move || { let (used, cap) = stored.get(); format!("Stored: {} of the sandbox's {}", human_bytes(used), human_bytes(cap)) }}
                        </p>
                    </section>
                    <files::LocalFiles />
                </div>
                <div class="s3-main">
                    <Tree />
                </div>
            </div>
            <Show when=move || bucket.get().is_some()>
                <S3Browser bucket=Signal::derive(move || bucket.get().unwrap_or_default()) />
            </Show>
        </section>
    }
}

#[component]
fn CreateBucket() -> impl IntoView {
    let state = expect_context::<S3State>();
    let name = RwSignal::new(String::from("my-bucket"));
    let error = RwSignal::new(None::<String>);
    let create = move |_| {
        let bucket = name.get_untracked().trim().to_string();
        match state.sim.call(Call::new(&CreateBucketInput { bucket: bucket.clone(), ..Default::default() })) {
            Ok(_) => {
                error.set(None);
                state.chosen.set(Some(bucket));
            }
            Err(e) => error.set(Some(format!("{}: {}", e.code, e.message))),
        }
    };
    view! {
        <div class="s3-create">
            <label class="field">
                <span>"New bucket"</span>
                <input data-testid="s3-new-bucket" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
            </label>
            <button data-testid="s3-create-bucket" on:click=create>"Create bucket"</button>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </div>
    }
}

/// One level of the open bucket: the prefixes below it and the objects in it, with a
/// breadcrumb back up; versioning and upload for the bucket.
#[component]
fn Tree() -> impl IntoView {
    let state = expect_context::<S3State>();
    let sim = state.sim;
    let level = Memo::new(move |_| {
        sim.version.track();
        let bucket = state.bucket.get()?;
        let prefix = state.prefix.get();
        Some(sim.with_world(|w| {
            let s3 = w.view().s3();
            let listing = s3.browse(&bucket, &prefix);
            let gone: Vec<String> = s3
                .deleted_keys(&bucket, &prefix)
                .into_iter()
                .filter(|k| !k[prefix.len()..].contains('/'))
                .collect();
            let versioning = s3.buckets().into_iter().find(|b| b.name == bucket).and_then(|b| b.versioning);
            (bucket, prefix, listing, gone, versioning)
        }))
    });
    move || {
        let Some((bucket, prefix, listing, gone, versioning)) = level.get() else {
            return view! { <p class="muted">"No bucket yet: create one, or pick a preset."</p> }.into_any();
        };
        let crumbs = crumbs(&prefix)
            .into_iter()
            .map(|(label, to)| view! { <button class="crumb" on:click=move |_| state.prefix.set(to.clone())>{label}</button> })
            .collect_view();
        let prefixes = listing
            .common_prefixes
            .into_iter()
            .map(|p| {
                let label = p[prefix.len()..].to_string();
                let to = p.clone();
                view! { <li><button class="s3-prefix" data-testid="s3-prefix" data-prefix=p on:click=move |_| state.prefix.set(to.clone())>{format!("📁 {label}")}</button></li> }
            })
            .collect_view();
        let objects = listing
            .contents
            .into_iter()
            .map(|o| {
                let key = o.key.clone();
                let b = bucket.clone();
                let is_selected = {
                    let key = key.clone();
                    move || state.selected.with(|s| s.as_ref().is_some_and(|s| s.1 == key))
                };
                view! {
                    <li>
                        <button class="s3-object" class:selected=is_selected data-testid="s3-object" data-key=key.clone()
                            on:click=move |_| state.selected.set(Some((b.clone(), key.clone())))>
                            <span class="obj-name">{o.key[prefix.len()..].to_string()}</span>
                            <span class="obj-meta">
                                <span>{format!("{} B", grouped(o.size))}</span>
                                <span class="etag">{o.etag.clone()}</span>
                                <span>{format_iso(o.last_modified_ms)}</span>
                            </span>
                        </button>
                    </li>
                }
            })
            .collect_view();
        let deleted = gone
            .into_iter()
            .map(|k| {
                let label = k[prefix.len()..].to_string();
                let b = bucket.clone();
                view! {
                    <li>
                        <button class="s3-object deleted" data-testid="s3-object" data-key=k.clone() title="Its newest version is a delete marker"
                            on:click=move |_| state.selected.set(Some((b.clone(), k.clone())))>
                            <s class="obj-name">{label}</s><span class="muted">" delete marker"</span>
                        </button>
                    </li>
                }
            })
            .collect_view();
        let empty = level.with(|l| l.as_ref().is_some_and(|l| l.2.contents.is_empty() && l.2.common_prefixes.is_empty() && l.3.is_empty()));
        view! {
            <section class="panel s3-tree-panel" aria-labelledby="s3-tree-title">
                <h3 id="s3-tree-title"><span class="bucket-name">{format!("s3://{bucket}/")}</span>{crumbs}</h3>
                <VersioningSwitch bucket=bucket.clone() versioning />
                <files::Upload bucket=bucket.clone() prefix=prefix.clone() />
                <Show when=move || empty>
                    <p class="muted">"Nothing here yet: upload a file, or type aws s3 cp in the console."</p>
                </Show>
                <ul class="s3-level">{prefixes}{objects}{deleted}</ul>
                <Preview selected=state.selected />
            </section>
        }
        .into_any()
    }
}

/// `a/b/` into its steps: ("top", ""), ("a/", "a/"), ("b/", "a/b/").
fn crumbs(prefix: &str) -> Vec<(String, String)> {
    let mut out = vec![("top".to_string(), String::new())];
    let mut at = String::new();
    for part in prefix.split_terminator('/') {
        at.push_str(part);
        at.push('/');
        out.push((format!("{part}/"), at.clone()));
    }
    out
}

#[component]
fn VersioningSwitch(bucket: String, versioning: Option<String>) -> impl IntoView {
    let state = expect_context::<S3State>();
    let on = versioning.as_deref() == Some("Enabled");
    let label = match versioning.as_deref() {
        Some("Enabled") => "Versioning: Enabled (suspend)",
        Some(_) => "Versioning: Suspended (enable)",
        None => "Versioning: off (enable)",
    };
    let toggle = move |_| {
        let status = if on { "Suspended" } else { "Enabled" };
        let _ = state.sim.call(Call::new(&PutBucketVersioningInput {
            bucket: bucket.clone(),
            versioning_configuration: VersioningConfiguration { status: Some(status.into()), mfa_delete: None },
        }));
    };
    view! { <button data-testid="s3-versioning" on:click=toggle>{label}</button> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crumbs_walk_back_up() {
        assert_eq!(crumbs(""), vec![("top".to_string(), String::new())]);
        assert_eq!(
            crumbs("a/b/"),
            vec![("top".into(), "".into()), ("a/".into(), "a/".into()), ("b/".into(), "a/b/".into())]
        );
    }
}
