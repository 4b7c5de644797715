//! The account's buckets (pick one to open it in the tree), a form to create one, and how much
//! of the sandbox's bounded store is in use.

use engine::api::Call;
use engine::s3::wire::CreateBucketInput;
use engine::s3::BucketView;
use leptos::prelude::*;

use super::{ls_time, S3State};
use crate::views::firehose::{grouped, human_bytes};

/// `3 objects · 1.2 KiB`, then versioning and encryption as S3's console names them.
pub fn bucket_summary(b: &BucketView) -> String {
    let versioning =
        b.versioning.as_deref().map(|v| format!(" · versioning {v}")).unwrap_or_default();
    let encryption = match b.encryption.as_str() {
        "aws:kms" => "SSE-KMS",
        _ => "SSE-S3",
    };
    format!(
        "{} · {}{versioning} · {encryption}",
        super::plural(b.objects, "object"),
        human_bytes(b.bytes)
    )
}

#[component]
pub fn Buckets() -> impl IntoView {
    let state = expect_context::<S3State>();
    let sim = state.sim;
    let stored = Memo::new(move |_| {
        sim.version.track();
        sim.with_world(|w| w.view().s3().stored_bytes())
    });
    view! {
        <section class="panel s3-buckets-panel" aria-labelledby="s3-buckets-title">
            <h3 id="s3-buckets-title">"Buckets"</h3>
            <ul class="s3-buckets">
                <For each=move || state.buckets.get() key=|b| (b.name.clone(), b.objects, b.bytes, b.versioning.clone(), b.encryption.clone(), b.uploads_in_progress) let:b>
                    <BucketItem b />
                </For>
            </ul>
            <CreateBucket />
            <p class="muted" data-testid="s3-stored">
                {move || {
                    let (used, cap) = stored.get();
                    format!("Stored: {} of the sandbox's {} (every version counts)", human_bytes(used), human_bytes(cap))
                }}
            </p>
        </section>
    }
}

#[component]
fn BucketItem(b: BucketView) -> impl IntoView {
    let state = expect_context::<S3State>();
    let name = b.name.clone();
    let open = {
        let name = name.clone();
        move || state.bucket.get().as_deref() == Some(name.as_str())
    };
    let pick = {
        let name = name.clone();
        move |_| {
            state.chosen.set(Some(name.clone()));
            state.prefix.set(String::new());
            state.selected.set(None);
        }
    };
    let uploads = (b.uploads_in_progress > 0)
        .then(|| format!(" · {} unfinished multipart upload(s)", grouped(b.uploads_in_progress)));
    view! {
        <li>
            <button class="s3-bucket" class:selected=open data-testid="s3-bucket" data-bucket=name.clone() on:click=pick>
                <span class="bucket-name">{name.clone()}</span>
                <span class="muted">{bucket_summary(&b)}{uploads}</span>
                <span class="muted">{format!("created {}", ls_time(b.created_unix_ms))}</span>
            </button>
        </li>
    }
}

#[component]
fn CreateBucket() -> impl IntoView {
    let state = expect_context::<S3State>();
    let name = RwSignal::new(String::from("my-bucket"));
    let error = RwSignal::new(None::<String>);
    let create = move |_| {
        let bucket = name.get_untracked().trim().to_string();
        match state
            .sim
            .call(Call::new(&CreateBucketInput { bucket: bucket.clone(), ..Default::default() }))
        {
            Ok(_) => {
                error.set(None);
                state.chosen.set(Some(bucket));
                state.prefix.set(String::new());
                state.selected.set(None);
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
            {move || error.get().map(|e| view! { <p class="error" role="alert" data-testid="s3-error">{e}</p> })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bucket_reads_as_the_console_names_it() {
        let b = BucketView {
            name: "lake".into(),
            created_unix_ms: 0,
            objects: 2,
            bytes: 2048,
            versioning: Some("Enabled".into()),
            encryption: "AES256".into(),
            uploads_in_progress: 0,
        };
        assert_eq!(bucket_summary(&b), "2 objects · 2.0 KiB · versioning Enabled · SSE-S3");
        let kms = BucketView { versioning: None, encryption: "aws:kms".into(), objects: 1, ..b };
        assert_eq!(bucket_summary(&kms), "1 object · 2.0 KiB · SSE-KMS");
    }
}
