//! Snowball Edge compute as a job names it in `Resources`: `LambdaResources` (a function
//! "triggered by PUT object actions on the associated local Amazon S3 resource": each file the
//! learner copies through the device's S3 adapter into a bucket its `EventTriggers` name) and
//! `Ec2AmiResources` (an EC2-compatible instance on the device, which the learner runs a
//! program on before the device ships back).
//!
//! The sandbox has no Lambda. As for Firehose's data transformation
//! ([`crate::firehose::transform`]), the function's *name* in its ARN picks a built-in program
//! and the ARN's *qualifier* carries its argument, so every ARN stays a valid Lambda ARN (the
//! sandbox's choice; the view says so):
//!
//! | function ARN (`arn:aws:lambda:REGION:ACCOUNT:function:...`) | what each file becomes |
//! |---|---|
//! | `sandbox-filter:ERROR` | its first (header) line and the lines containing `ERROR` |
//! | `sandbox-uppercase` | upper-cased |
//! | `sandbox-gzip` | gzipped, its key ending `.gz` |
//! | Firehose's record transforms (`sandbox-keep-fields:id--price`, `sandbox-drop-matching:level--debug`, ...) | each line a record (JSON lines): what the transform returns `Ok` is kept, `Dropped` and `ProcessingFailed` lines are left out |
//!
//! The EC2 instance runs the same programs, named as the device verb names them
//! (`filter:TEXT`, `uppercase`, `gzip`).

use crate::firehose::transform::{self, Outcome, Transform};

/// A program the device runs over a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Program {
    Filter(String),
    Uppercase,
    Gzip,
    Records(Transform),
}

/// The function names of the sandbox's own file programs (Firehose's record transforms come
/// on top: [`transform::BUILT_INS`]).
pub const FILE_FUNCTIONS: [&str; 3] = ["sandbox-filter", "sandbox-uppercase", "sandbox-gzip"];

impl Program {
    /// The device verb's program: `filter:TEXT`, `uppercase` or `gzip`.
    pub fn from_verb(text: &str) -> Option<Program> {
        if let Some(t) = text.strip_prefix("filter:") {
            return Some(Program::Filter(t.to_string()));
        }
        match text {
            "uppercase" => Some(Program::Uppercase),
            "gzip" => Some(Program::Gzip),
            _ => None,
        }
    }

    /// The program a Lambda function ARN names; the error says why there is none.
    pub fn from_lambda_arn(arn: &str) -> Result<Program, String> {
        let parts: Vec<&str> = arn.split(':').collect();
        let shaped = (7..=8).contains(&parts.len())
            && parts[0] == "arn"
            && parts[1].starts_with("aws")
            && parts[2] == "lambda"
            && parts[4].len() == 12
            && parts[4].bytes().all(|b| b.is_ascii_digit())
            && parts[5] == "function";
        if !shaped {
            return Err(format!(
                "{arn} is not a Lambda function ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME)"
            ));
        }
        let name = parts[6];
        let qualifier = parts.get(7).copied().filter(|q| *q != "$LATEST");
        match (name, qualifier) {
            ("sandbox-filter", Some(text)) if !text.is_empty() => {
                Ok(Program::Filter(text.to_string()))
            }
            ("sandbox-filter", _) => {
                Err("the function sandbox-filter needs the text to keep as the ARN's qualifier \
                 (function:sandbox-filter:ERROR)"
                    .into())
            }
            ("sandbox-uppercase", _) => Ok(Program::Uppercase),
            ("sandbox-gzip", _) => Ok(Program::Gzip),
            _ if transform::BUILT_INS.contains(&name) => {
                transform::parse_arn(arn).map(Program::Records)
            }
            _ => Err(format!(
                "it has no Lambda function {name}; its functions are {}, {}",
                FILE_FUNCTIONS.join(", "),
                transform::BUILT_INS.join(", ")
            )),
        }
    }

    /// What the learner reads: `filter:ERROR`, `gzip`, `records: keep fields id, price`.
    pub fn label(&self) -> String {
        match self {
            Program::Filter(t) => format!("filter:{t}"),
            Program::Uppercase => "uppercase".into(),
            Program::Gzip => "gzip".into(),
            Program::Records(t) => match t {
                Transform::KeepFields(f) => format!("records: keep fields {}", f.join(", ")),
                Transform::JsonToCsv(c) => format!("records: JSON to CSV ({})", c.join(", ")),
                Transform::AddField { field, value } => format!("records: add {field}={value}"),
                Transform::DropMatching { field, value } => {
                    format!("records: drop where {field}={value}")
                }
                Transform::ValidateJson => "records: validate JSON".into(),
            },
        }
    }

    /// What a file's key gains: gzip's output is a `.gz` object.
    pub fn key_suffix(&self) -> &'static str {
        match self {
            Program::Gzip => ".gz",
            _ => "",
        }
    }

    /// The program's output for one file's bytes.
    pub fn run(&self, plain: &[u8]) -> Vec<u8> {
        match self {
            Program::Filter(text) => {
                let s = String::from_utf8_lossy(plain);
                let mut lines = s.lines();
                let mut out = format!("{}\n", lines.next().unwrap_or_default());
                for l in lines.filter(|l| l.contains(text.as_str())) {
                    out.push_str(l);
                    out.push('\n');
                }
                out.into_bytes()
            }
            Program::Uppercase => String::from_utf8_lossy(plain).to_uppercase().into_bytes(),
            Program::Gzip => crate::compression::gzip(plain),
            Program::Records(t) => {
                let mut out = Vec::new();
                for line in plain.split(|b| *b == b'\n').filter(|l| !l.is_empty()) {
                    if let Outcome::Ok(mut v) = transform::apply(t, line) {
                        if v.last() != Some(&b'\n') {
                            v.push(b'\n');
                        }
                        out.extend(v);
                    }
                }
                out
            }
        }
    }
}

/// The bucket an `arn:aws:s3:::name` ARN names.
pub fn arn_bucket(arn: &str) -> Option<&str> {
    let name = arn.rsplit_once(":::").map(|(_, n)| n)?;
    (!name.is_empty()).then_some(name)
}

/// The functions a PUT into `bucket` triggers, in the job's order: (LambdaArn, program).
pub fn triggered(resources: &super::wire::JobResource, bucket: &str) -> Vec<(String, Program)> {
    resources
        .lambda_resources
        .iter()
        .flatten()
        .filter(|l| {
            l.event_triggers
                .iter()
                .flatten()
                .any(|t| t.event_resource_arn.as_deref().and_then(arn_bucket) == Some(bucket))
        })
        .filter_map(|l| {
            let arn = l.lambda_arn.clone()?;
            let program = Program::from_lambda_arn(&arn).ok()?;
            Some((arn, program))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "arn:aws:lambda:us-east-1:000000000000:function:";

    #[test]
    fn a_function_name_picks_a_program() {
        assert_eq!(
            Program::from_lambda_arn(&format!("{A}sandbox-filter:ERROR")),
            Ok(Program::Filter("ERROR".into()))
        );
        assert_eq!(Program::from_lambda_arn(&format!("{A}sandbox-gzip")), Ok(Program::Gzip));
        assert_eq!(
            Program::from_lambda_arn(&format!("{A}sandbox-uppercase:$LATEST")),
            Ok(Program::Uppercase)
        );
        assert!(Program::from_lambda_arn(&format!("{A}sandbox-filter"))
            .unwrap_err()
            .contains("needs the text to keep"));
        assert!(Program::from_lambda_arn(&format!("{A}my-etl"))
            .unwrap_err()
            .starts_with("it has no Lambda function my-etl"));
        assert!(Program::from_lambda_arn("arn:aws:s3:::b").is_err());
        let p = Program::from_lambda_arn(&format!("{A}sandbox-drop-matching:level--debug"));
        let p = p.unwrap();
        let out = p.run(b"{\"level\":\"debug\"}\n{\"level\":\"info\"}\n");
        assert_eq!(out, b"{\"level\":\"info\"}\n");
        assert_eq!(Program::Filter("E".into()).run(b"h\nE1\nx\nE2"), b"h\nE1\nE2\n");
    }
}
