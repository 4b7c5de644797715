//! Any definition and any expression into Data Pipeline: the definition decoder, its validation,
//! the scheduler running it for two virtual days, and the expression evaluator must answer (a
//! body, an AWS error, an evaluation error), never panic. The input's first line is an
//! expression evaluated against the pipeline's first object; the rest is the wire form's
//! `pipelineObjects`, saved and activated.
#![no_main]

use libfuzzer_sys::fuzz_target;

use engine::pipeline::PipelineCommand;
use engine::{Command, World, WorldConfig};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (expression, objects) = text.split_once('\n').unwrap_or((&text, "[]"));
    let mut w = World::new(WorldConfig::with_seed(1));
    w.apply(Command::api("s3.CreateBucket", r#"{"Bucket":"raw"}"#));
    w.apply(Command::api("s3.PutObject", r#"{"Bucket":"raw","Key":"in/a.csv","Body":"aGk="}"#));
    let run = PipelineCommand::RunDefinition { name: "fuzz".into(), objects: objects.into() };
    let id = w
        .apply(run.into())
        .result
        .ok()
        .and_then(|b| serde_json::from_str::<serde_json::Value>(&b).ok())
        .and_then(|v| v["pipelineId"].as_str().map(str::to_string))
        .unwrap_or_default();
    w.advance_by(2 * 86_400_000);
    let first = serde_json::from_str::<serde_json::Value>(objects)
        .ok()
        .and_then(|v| v[0]["id"].as_str().map(str::to_string))
        .unwrap_or_default();
    let body = serde_json::json!({"pipelineId": id, "objectId": first, "expression": expression});
    let _ = w.apply(Command::api("DataPipeline.EvaluateExpression", body.to_string()));
    let body = serde_json::json!({"pipelineId": id, "sphere": "INSTANCE"});
    let _ = w.apply(Command::api("DataPipeline.QueryObjects", body.to_string()));
});
