//! The S3 view (`#/s3`): the buckets; the open bucket's prefixes as a tree to walk; an object's
//! content (decompressed), who wrote it (a learner's upload, a Firehose delivery, later EMR and
//! Snowball), its headers and its versions; uploads from the learner's computer into the
//! console's files and on into S3 (`aws s3 cp`, so multipart from 8 MiB, exactly as the CLI);
//! versioning switched on and off; presets.
//!
//! Every change goes through the API (`sim.call` with a typed input, or a console line), so the
//! console shows the `aws` command behind each click and a link replays it.

mod browser;
mod buckets;
mod files;
mod presets;
mod preview;
mod table;
mod tree;

use engine::s3::BucketView;
use engine::sim::format_iso;
use leptos::prelude::*;

pub use browser::{plural, S3Browser};
pub use preview::{Preview, Selected};

use crate::driver::Sim;

/// What the S3 view shares between its panels.
#[derive(Clone, Copy)]
pub struct S3State {
    pub sim: Sim,
    pub buckets: Memo<Vec<BucketView>>,
    /// The bucket the learner picked (`None`: the first one).
    pub chosen: RwSignal<Option<String>>,
    /// The bucket open in the tree: the one picked while it exists, else the first.
    pub bucket: Memo<Option<String>>,
    /// The open prefix (`""` is the bucket's top): the tree unfolds down to it, uploads land in it.
    pub prefix: RwSignal<String>,
    pub selected: Selected,
}

/// `2026-01-01 00:00:05`, a time as `aws s3 ls` prints it (UTC).
pub fn ls_time(unix_ms: i64) -> String {
    let iso = format_iso(unix_ms);
    iso.get(..19).map_or(iso.clone(), |t| t.replace('T', " "))
}

/// On a phone the preview sits below the tree: bring it into view when an object is picked.
fn show_preview_on_narrow_screens() {
    let Some(window) = web_sys::window() else { return };
    let narrow = window.inner_width().ok().and_then(|w| w.as_f64()).is_some_and(|w| w < 900.0);
    let panel = window.document().and_then(|d| d.get_element_by_id("s3-object-panel"));
    if let (true, Some(panel)) = (narrow, panel) {
        panel.scroll_into_view();
    }
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
        let picked = chosen.get();
        buckets.with(|all| {
            picked
                .filter(|c| all.iter().any(|b| b.name == *c))
                .or_else(|| all.first().map(|b| b.name.clone()))
        })
    });
    let state = S3State {
        sim,
        buckets,
        chosen,
        bucket,
        prefix: RwSignal::new(String::new()),
        selected: RwSignal::new(None),
    };
    provide_context(state);
    presets::follow_the_url(state);
    view! {
        <section class="s3" aria-labelledby="s3-title">
            <div class="s3-head">
                <h2 id="s3-title">"Amazon S3"</h2>
                <presets::PresetPicker />
            </div>
            <presets::PresetNotice />
            <div class="s3-layout">
                <div class="s3-side">
                    <buckets::Buckets />
                </div>
                <div class="s3-tree-area">
                    <tree::Tree />
                </div>
                <section class="panel s3-object-panel" id="s3-object-panel" aria-label="The selected object">
                    <Preview selected=state.selected />
                </section>
                <div class="s3-files-area">
                    <files::LocalFiles />
                </div>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_as_aws_s3_ls_prints_them() {
        assert_eq!(ls_time(1_767_225_605_123), "2026-01-01 00:00:05");
    }
}
