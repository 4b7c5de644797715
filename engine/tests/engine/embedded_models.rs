//! The botocore models the page embeds (compacted by engine/build.rs) say everything the
//! repository's copies say, except that each documentation text is cut to the first sentence
//! the console's help shows, and in the same order.

use std::io::Read;
use std::path::Path;

use aws_api::doc_summary::summary;
use engine::services::SERVICES;
use serde_json::Value;

/// botocore's file as the repository keeps it (gzipped).
fn original(cli_name: &str) -> Option<String> {
    // botocore's folder is the service's name, which for S3 is not the CLI's (`s3api`).
    let service = if cli_name == "s3api" { "s3" } else { cli_name };
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("models").join(service);
    let version = std::fs::read_dir(folder).ok()?.flatten().next()?.path();
    let gz = std::fs::read(version.join("service-2.json.gz")).ok()?;
    let mut text = String::new();
    flate2::read::GzDecoder::new(&gz[..]).read_to_string(&mut text).ok()?;
    Some(text)
}

/// `value` with every `documentation` string replaced by its summary.
fn summarised(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| match (k.as_str(), v) {
                    ("documentation", Value::String(s)) => (k.clone(), Value::String(summary(s))),
                    _ => (k.clone(), summarised(v)),
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(summarised).collect()),
        other => other.clone(),
    }
}

/// Where each operation's name first appears as a key, in text order.
fn operation_order(text: &str, model: &Value) -> Vec<String> {
    let mut names: Vec<(usize, String)> = model["operations"]
        .as_object()
        .expect("operations")
        .keys()
        .map(|n| (text.find(&format!("\"{n}\":")).expect("name in text"), n.clone()))
        .collect();
    names.sort();
    names.into_iter().map(|(_, n)| n).collect()
}

#[test]
fn every_model_is_embedded_with_its_documentation_cut_to_a_sentence() {
    let embedded: Vec<_> = SERVICES.iter().filter_map(|s| Some((s.cli_name, s.model?))).collect();
    assert_eq!(
        embedded.iter().map(|(name, _)| *name).collect::<Vec<_>>(),
        [
            "kinesis",
            "firehose",
            "s3api",
            "kinesisanalytics",
            "emr",
            "snowball",
            "ec2",
            "iam",
            "datapipeline",
            "importexport"
        ]
    );
    for (cli_name, model) in embedded {
        let full_text = original(cli_name).expect("the repository's copy");
        let full: Value = serde_json::from_str(&full_text).expect("botocore's JSON");
        let compact: Value = serde_json::from_str(model.service).expect("compacted JSON");
        assert_eq!(compact, summarised(&full), "{cli_name}");
        assert_eq!(
            operation_order(model.service, &compact),
            operation_order(&full_text, &full),
            "{cli_name}: operations keep botocore's order"
        );
        // Minified, with one sentence of each text: at most 60% of botocore's file (47-52%).
        // S3's and EMR's copies were stored already minified and without documentation
        // (botocore's S3 file is 10 times the size of the others), so nothing is left to cut.
        // Import/Export's texts are mostly one sentence already: 68% of its file remains.
        let most = if cli_name == "importexport" { 7 } else { 6 };
        if full_text.contains("\"documentation\"") {
            assert!(
                model.service.len() * 10 < full_text.len() * most,
                "{cli_name}: {}",
                model.service.len()
            );
        }
        assert!(!model.service.contains("\n "), "{cli_name}: minified");
        assert!(!model.service.contains("<p>"), "{cli_name}: no HTML left");
    }
}
