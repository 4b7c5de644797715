//! Writes each embedded botocore model, compacted (build/compact_model.rs), to OUT_DIR:
//! `models/<cli name>/<api version>/service-2.json`, which `services.rs` includes. The repository
//! keeps botocore's files as they are (gzipped), so a model is added or updated by copying it.

use std::fs;
use std::io::Read;
use std::path::Path;

#[path = "build/compact_model.rs"]
mod compact_model;
#[path = "../crates/aws-api/src/doc_summary.rs"]
mod doc_summary;

fn main() {
    println!("cargo:rerun-if-changed=models");
    println!("cargo:rerun-if-changed=build/compact_model.rs");
    println!("cargo:rerun-if-changed=../crates/aws-api/src/doc_summary.rs");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    for service in entries(Path::new("models")) {
        for version in entries(&service) {
            let source = version.join("service-2.json.gz");
            let Ok(file) = fs::File::open(&source) else { continue };
            let mut json = String::new();
            flate2::read::GzDecoder::new(file)
                .read_to_string(&mut json)
                .unwrap_or_else(|e| panic!("{}: {e}", source.display()));
            let target = Path::new(&out).join(&version).join("service-2.json");
            fs::create_dir_all(target.parent().expect("a model has a folder"))
                .expect("OUT_DIR is writable");
            fs::write(&target, compact_model::compact_model(&json)).expect("OUT_DIR is writable");
        }
    }
}

/// The folders in `dir`, sorted.
fn entries(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found: Vec<_> = fs::read_dir(dir)
        .map(|list| list.flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect())
        .unwrap_or_default();
    found.sort();
    found
}
