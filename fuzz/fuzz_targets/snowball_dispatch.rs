//! Any body into Snowball's job management API, and any learner command on its appliance: the
//! World must answer (a JSON body or an AWS error), never panic. The input's first byte picks a
//! Snowball operation (from the embedded botocore model) or, above the list, a device verb
//! whose JSON is the rest. The World has an address, a bucket, an import job with the customer
//! (unlocked, holding files) and an export job, so calls get past "not found".
#![no_main]

use libfuzzer_sys::fuzz_target;

use engine::snowball::SnowballCommand;
use engine::{Command, World, WorldConfig};

const SB: &str = "AWSIESnowballJobManagementService";

fn operations() -> &'static [String] {
    static OPERATIONS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    OPERATIONS.get_or_init(|| {
        static CLI: aws_cli::Cli = aws_cli::Cli::new(engine::services::SERVICES);
        CLI.operation_names("snowball")
    })
}

fn answer(w: &mut World, command: Command) -> Option<String> {
    w.apply(command).result.ok()
}

fn world() -> World {
    let mut w = World::new(WorldConfig::with_seed(1));
    w.apply(Command::api("s3.CreateBucket", r#"{"Bucket":"land"}"#));
    w.apply(Command::api("s3.PutObject", r#"{"Bucket":"land","Key":"k","Body":"aGk="}"#));
    let addr = answer(
        &mut w,
        Command::api(
            format!("{SB}.CreateAddress"),
            r#"{"Address":{"Name":"n","Street1":"s","City":"c","Country":"US","PostalCode":"1"}}"#,
        ),
    )
    .and_then(|b| serde_json::from_str::<serde_json::Value>(&b).ok())
    .and_then(|v| v["AddressId"].as_str().map(str::to_string))
    .unwrap_or_default();
    let res = r#"{"S3Resources":[{"BucketArn":"arn:aws:s3:::land"}]}"#;
    let job = answer(&mut w, Command::api(format!("{SB}.CreateJob"), format!(r#"{{"JobType":"IMPORT","SnowballType":"EDGE","AddressId":"{addr}","Resources":{res}}}"#)))
        .and_then(|b| serde_json::from_str::<serde_json::Value>(&b).ok())
        .and_then(|v| v["JobId"].as_str().map(str::to_string))
        .unwrap_or_default();
    w.advance_by(5 * 86_400_000);
    let code = answer(
        &mut w,
        Command::api(format!("{SB}.GetJobUnlockCode"), format!(r#"{{"JobId":"{job}"}}"#)),
    )
    .and_then(|b| serde_json::from_str::<serde_json::Value>(&b).ok())
    .and_then(|v| v["UnlockCode"].as_str().map(str::to_string))
    .unwrap_or_default();
    w.apply(Command::Snowball(SnowballCommand::UnlockDevice {
        job_id: job.clone(),
        manifest: format!("{job}_manifest.bin"),
        unlock_code: code,
    }));
    w.apply(Command::Snowball(SnowballCommand::CopyGenerated {
        job_id: job,
        destination: "s3://land/x".into(),
        files: 2,
        bytes_each: 200,
        rate_mb_s: None,
    }));
    w.apply(Command::api(
        format!("{SB}.CreateJob"),
        format!(r#"{{"JobType":"EXPORT","AddressId":"{addr}","Resources":{res}}}"#),
    ));
    w
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else { return };
    let body = String::from_utf8_lossy(rest).into_owned();
    let mut w = world();
    let command = match operations().get(first as usize) {
        Some(op) => Command::api(format!("{SB}.{op}"), body),
        None => match serde_json::from_str::<SnowballCommand>(&body) {
            Ok(c) => Command::Snowball(c),
            Err(_) => return,
        },
    };
    if let Err(e) = w.apply(command.clone()).result {
        assert!(!e.code.is_empty(), "{command:?}: an error without a code");
    }
    // Whatever the call scheduled runs too.
    w.advance_by(10 * 86_400_000);
    let _ = w.apply(command);
});
