//! Any (target, body) into the World's API dispatch: it must answer (a JSON body or an AWS
//! error), never panic. The input's first byte picks a Kinesis operation (or, above the list,
//! says the target is spelled out up to the first newline); the rest is the body. The World has
//! an ACTIVE stream "s" with records and a resource policy (so calls get past "stream not
//! found" and through the policy evaluation); each input is applied as the root user and as two
//! principals the policy names, one of another account.
#![no_main]

use libfuzzer_sys::fuzz_target;

use engine::{Command, World, WorldConfig};

/// Kinesis's operations, from the botocore model the engine embeds.
fn operations() -> &'static [String] {
    static OPERATIONS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    OPERATIONS.get_or_init(|| {
        static CLI: aws_cli::Cli = aws_cli::Cli::new(engine::services::SERVICES);
        CLI.operation_names("kinesis")
    })
}

fn world() -> World {
    let mut w = World::new(WorldConfig::with_seed(1));
    w.apply(Command::api("Kinesis_20131202.CreateStream", r#"{"StreamName":"s","ShardCount":2}"#));
    w.advance_by(5_000);
    for key in ["a", "b", "c"] {
        w.apply(Command::api(
            "Kinesis_20131202.PutRecord",
            format!(r#"{{"StreamName":"s","Data":"aGk=","PartitionKey":"{key}"}}"#),
        ));
    }
    let body = r#"{"ResourceARN":"arn:aws:kinesis:us-east-1:000000000000:stream/s","Policy":"{\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\"arn:aws:iam::000000000000:user/bob\"},\"Action\":\"kinesis:Put*\",\"Resource\":\"*\"},{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"111122223333\"},\"Action\":\"kinesis:*\",\"Resource\":\"*\"}]}"}"#;
    w.apply(Command::api("Kinesis_20131202.PutResourcePolicy", body));
    w
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else { return };
    let (target, body) = match operations().get(first as usize) {
        Some(op) => (format!("Kinesis_20131202.{op}"), rest),
        None => {
            let end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
            (String::from_utf8_lossy(&rest[..end]).into_owned(), rest.get(end + 1..).unwrap_or(&[]))
        }
    };
    let body = String::from_utf8_lossy(body).into_owned();
    let mut w = world();
    let out = w.apply(Command::api(target.clone(), body.clone()));
    if let Err(e) = &out.result {
        assert!(!e.code.is_empty(), "{target} {body}: an error without a code");
    }
    for caller in ["bob", "carol@111122223333"] {
        let out = w.apply(Command::api_as(caller, target.clone(), body.clone()));
        if let Err(e) = &out.result {
            assert!(!e.code.is_empty(), "{caller} {target} {body}: an error without a code");
        }
    }
    // Whatever the call scheduled runs too.
    w.advance_by(120_000);
    let _ = w.apply(Command::api(target, body));
});
