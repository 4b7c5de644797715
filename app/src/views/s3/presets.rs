//! The S3 view's presets, each loadable by URL (`#/s3?preset=versioning`): Firehose landing
//! objects in S3, and a versioned bucket with its history and a delete marker (plus an upload
//! in parts).

use engine::api::Call;
use engine::s3::wire::{
    CreateBucketInput, DeleteObjectInput, PutBucketVersioningInput, PutObjectInput,
    VersioningConfiguration,
};
use engine::s3::S3Command;
use leptos::prelude::*;

use super::S3State;
use crate::driver::Sim;
use crate::widgets::preset_kit::{self, Catalog, PresetInfo};

pub struct Preset {
    pub info: PresetInfo,
    setup: fn(Sim),
    /// The bucket the view opens.
    pub bucket: &'static str,
}

pub const PRESETS: &[Preset] = &[
    Preset {
        info: PresetInfo {
            id: "firehose-lands-in-s3",
            title: "Firehose lands objects in S3",
            notice: "A producer writes to the Kinesis stream clickstream; the delivery stream clicks-to-s3 reads it, buffers up to 1 MiB or 60 s and writes one gzipped object per flush into s3://clickstream-archive/ under YYYY/MM/dd/HH/. Walk the prefixes down to the hour: each object says it was written by Firehose clicks-to-s3, and its preview is decompressed. The same objects are there for aws s3 ls s3://clickstream-archive/ --recursive in the console.",
            covers: &["S4", "S5"],
        },
        setup: |sim| crate::views::firehose::setup_streams_to_s3(sim),
        bucket: "clickstream-archive",
    },
    Preset {
        info: PresetInfo {
            id: "versioning",
            title: "Versioning and delete markers",
            notice: "The bucket versioned-notes has versioning Enabled. notes.txt was written three times and then deleted: the delete only put a delete marker on top, so the key reads as missing (aws s3api get-object answers NoSuchKey) while all three versions stay, each with its own version id, in the history under the preview. report.bin was uploaded in three parts: its ETag ends in -3 (the MD5 of the parts' MD5s). Suspend versioning and write again: the new version's id is null.",
            covers: &["S5"],
        },
        setup: setup_versioning,
        bucket: "versioned-notes",
    },
];

const VERSIONED: &str = "versioned-notes";

fn setup_versioning(sim: Sim) {
    let _ =
        sim.call(Call::new(&CreateBucketInput { bucket: VERSIONED.into(), ..Default::default() }));
    let _ = sim.call(Call::new(&PutBucketVersioningInput {
        bucket: VERSIONED.into(),
        versioning_configuration: VersioningConfiguration {
            status: Some("Enabled".into()),
            mfa_delete: None,
        },
    }));
    for text in ["first draft\n", "second draft\n", "final text\n"] {
        let mut put = PutObjectInput::new(VERSIONED, "notes.txt", text.as_bytes());
        put.headers.content_type = Some("text/plain".into());
        let _ = sim.call(Call::new(&put));
    }
    let _ = sim.call(Call::new(&DeleteObjectInput {
        bucket: VERSIONED.into(),
        key: "notes.txt".into(),
        version_id: None,
    }));
    let mut keep =
        PutObjectInput::new(VERSIONED, "docs/readme.txt", &b"kept: no delete marker here\n"[..]);
    keep.headers.content_type = Some("text/plain".into());
    let _ = sim.call(Call::new(&keep));
    sim.act(
        S3Command::UploadInParts {
            bucket: VERSIONED.into(),
            key: "report.bin".into(),
            part_sizes: vec![5 << 20, 5 << 20, 4096],
        }
        .into(),
        "an upload in three parts (CreateMultipartUpload, UploadPart x3, CompleteMultipartUpload)",
    );
}

fn all() -> Vec<&'static PresetInfo> {
    PRESETS.iter().map(|p| &p.info).collect()
}

const CATALOG: Catalog = Catalog { view: "s3", all };

fn load(state: S3State, id: &str) {
    let Some(p) = PRESETS.iter().find(|p| p.info.id == id) else { return };
    preset_kit::start(
        CATALOG,
        state.sim,
        id,
        || {
            state.chosen.set(Some(p.bucket.to_string()));
            state.prefix.set(String::new());
            state.selected.set(None);
        },
        p.setup,
    );
}

pub fn follow_the_url(state: S3State) {
    preset_kit::follow_the_url(
        CATALOG,
        state.sim,
        move |id| load(state, id),
        move |id| {
            if let Some(p) = PRESETS.iter().find(|p| p.info.id == id) {
                state.chosen.set(Some(p.bucket.to_string()));
            }
        },
    );
}

#[component]
pub fn PresetPicker() -> impl IntoView {
    let state = expect_context::<S3State>();
    preset_kit::preset_picker(CATALOG, move |id| load(state, id))
}

#[component]
pub fn PresetNotice() -> impl IntoView {
    preset_kit::preset_notice(CATALOG, |_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_are_well_formed() {
        preset_kit::assert_catalog_is_well_formed(CATALOG);
    }
}
