//! Data transformation with the Lambda contract, from built-in transforms.
//!
//! A delivery stream's `ProcessingConfiguration` names a Lambda function by ARN, exactly as in
//! AWS. The sandbox has no Lambda, so the function's *name* selects a built-in transform and
//! the ARN's *qualifier* (the alias part after the name) carries its arguments, separated by
//! `--`. Everything stays a valid Lambda ARN (`[a-zA-Z0-9-_]` in names and aliases), so the
//! `aws firehose create-delivery-stream` line the UI echoes is a real, valid request:
//!
//! | function ARN (region and account are free)                       | what it does |
//! |------------------------------------------------------------------|--------------|
//! | `arn:aws:lambda:us-east-1:000000000000:function:sandbox-keep-fields:id--price` | keeps only the listed fields of a JSON object |
//! | `...:function:sandbox-json-to-csv:id--name--price`               | one CSV line of the listed fields, in that order |
//! | `...:function:sandbox-add-field:source--web`                     | adds (or replaces) field `source` with the string `web` |
//! | `...:function:sandbox-drop-matching:level--debug`                | Dropped when field `level` equals `debug`, else the record unchanged |
//! | `...:function:sandbox-validate-json`                             | the record unchanged if it is a JSON object, else ProcessingFailed |
//!
//! Each record gets the Lambda contract's result: `Ok` (goes on to the buffer), `Dropped`
//! (counted, not delivered) or `ProcessingFailed` (written to S3 under the error prefix with
//! `!{firehose:error-output-type}` = `processing-failed`, in AWS's JSON error record format).
//! Every JSON transform fails a record that is not a JSON object. Output records end with a
//! newline, as the Lambda blueprints write them, so delivered objects are one record a line.
//!
//! The sandbox invokes the function as each put arrives rather than per Lambda buffer
//! (`BufferSizeInMBs`, `BufferIntervalInSeconds` are accepted, validated and described, not
//! simulated); invocations never fail, so `NumberOfRetries` never comes into play.

use serde_json::{Map, Value};

/// The function names of the built-ins, for messages and the UI's picker.
pub const BUILT_INS: [&str; 5] = [
    "sandbox-keep-fields",
    "sandbox-json-to-csv",
    "sandbox-add-field",
    "sandbox-drop-matching",
    "sandbox-validate-json",
];

/// A built-in transform with its arguments.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Transform {
    KeepFields(Vec<String>),
    JsonToCsv(Vec<String>),
    AddField { field: String, value: String },
    DropMatching { field: String, value: String },
    ValidateJson,
}

/// The configured transformation of a delivery stream.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Processing {
    pub lambda_arn: String,
    pub transform: Transform,
    /// The whole ProcessingConfiguration as given, for Describe.
    pub configuration: Value,
}

/// What the function returned for one record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Ok(Vec<u8>),
    Dropped,
    ProcessingFailed(String),
}

/// The error code Firehose writes for a record the function marked ProcessingFailed.
pub const PROCESSING_FAILED_CODE: &str = "Lambda.ProcessingFailed";

/// Parses a Lambda ARN into a built-in transform; the error is the InvalidArgumentException
/// message.
pub fn parse_arn(arn: &str) -> Result<Transform, String> {
    let bad = || {
        format!(
            "LambdaArn '{arn}' is not a Lambda function ARN \
             (arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>])."
        )
    };
    let parts: Vec<&str> = arn.split(':').collect();
    if parts.len() < 7
        || parts.len() > 8
        || parts[0] != "arn"
        || parts[2] != "lambda"
        || parts[5] != "function"
        || parts[4].len() != 12
        || !parts[4].bytes().all(|b| b.is_ascii_digit())
    {
        return Err(bad());
    }
    let name = parts[6];
    let qualifier = parts.get(7).copied().unwrap_or("");
    let ok_chars = |s: &str| s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if name.is_empty() || !ok_chars(name) || (qualifier != "$LATEST" && !ok_chars(qualifier)) {
        return Err(bad());
    }
    let args: Vec<String> = if qualifier.is_empty() || qualifier == "$LATEST" {
        Vec::new()
    } else {
        qualifier.split("--").map(str::to_string).collect()
    };
    let need = |n: usize, usage: &str| -> Result<(), String> {
        if args.len() < n || args.iter().any(String::is_empty) {
            Err(format!(
                "The sandbox function {name} needs its arguments in the ARN's qualifier: \
                 function:{name}:{usage}."
            ))
        } else {
            Ok(())
        }
    };
    match name {
        "sandbox-keep-fields" => {
            need(1, "field1--field2")?;
            Ok(Transform::KeepFields(args))
        }
        "sandbox-json-to-csv" => {
            need(1, "column1--column2")?;
            Ok(Transform::JsonToCsv(args))
        }
        "sandbox-add-field" | "sandbox-drop-matching" => {
            need(2, "field--value")?;
            if args.len() != 2 {
                return Err(format!(
                    "The sandbox function {name} takes exactly two arguments: \
                     function:{name}:field--value."
                ));
            }
            let (field, value) = (args[0].clone(), args[1].clone());
            Ok(if name == "sandbox-add-field" {
                Transform::AddField { field, value }
            } else {
                Transform::DropMatching { field, value }
            })
        }
        "sandbox-validate-json" => Ok(Transform::ValidateJson),
        _ => Err(format!(
            "The sandbox has no Lambda function {name}: use one of its built-in transforms ({}).",
            BUILT_INS.join(", ")
        )),
    }
}

/// Reads a ProcessingConfiguration (botocore's shape, as JSON). `Ok(None)` when it is absent
/// or not enabled.
pub fn parse_configuration(c: Option<&Value>) -> Result<Option<Processing>, String> {
    let Some(c) = c else { return Ok(None) };
    if c.get("Enabled").and_then(Value::as_bool) != Some(true) {
        return Ok(None);
    }
    let processors = c.get("Processors").and_then(Value::as_array).cloned().unwrap_or_default();
    let mut lambda = None;
    for p in &processors {
        match p.get("Type").and_then(Value::as_str) {
            Some("Lambda") => {}
            Some(other) => {
                return Err(format!("Processor type {other} is not simulated by the sandbox yet."))
            }
            None => continue,
        }
        let params = p.get("Parameters").and_then(Value::as_array).cloned().unwrap_or_default();
        for param in params {
            let name = param.get("ParameterName").and_then(Value::as_str).unwrap_or("");
            let value = param.get("ParameterValue").and_then(Value::as_str).unwrap_or("");
            let number = || value.parse::<i64>().ok();
            match name {
                "LambdaArn" => lambda = Some(value.to_string()),
                "NumberOfRetries" if !number().is_some_and(|n| (0..=5).contains(&n)) => {
                    return Err(format!(
                        "NumberOfRetries must be between 0 and 5, but was {value}."
                    ))
                }
                "BufferSizeInMBs" if !number().is_some_and(|n| (1..=3).contains(&n)) => {
                    return Err(format!(
                        "BufferSizeInMBs must be between 1 and 3, but was {value}."
                    ))
                }
                "BufferIntervalInSeconds" if !number().is_some_and(|n| (60..=900).contains(&n)) => {
                    return Err(format!(
                        "BufferIntervalInSeconds must be between 60 and 900, but was {value}."
                    ))
                }
                _ => {}
            }
        }
    }
    let Some(arn) = lambda else {
        return Err("LambdaArn is a required parameter for the Lambda processor.".into());
    };
    let transform = parse_arn(&arn)?;
    Ok(Some(Processing { lambda_arn: arn, transform, configuration: c.clone() }))
}

fn json_object(data: &[u8]) -> Result<Map<String, Value>, String> {
    match serde_json::from_slice::<Value>(data) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err("The record is valid JSON but not a JSON object.".into()),
        Err(e) => Err(format!("The record is not valid JSON: {e}.")),
    }
}

/// The text of a field as a CSV cell or a comparison sees it.
fn field_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn csv_cell(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn line(mut v: Vec<u8>) -> Vec<u8> {
    v.push(b'\n');
    v
}

/// Runs the transform on one record.
pub fn apply(t: &Transform, data: &[u8]) -> Outcome {
    let object = match json_object(data) {
        Ok(o) => o,
        Err(message) => return Outcome::ProcessingFailed(message),
    };
    match t {
        Transform::KeepFields(fields) => {
            let kept: Map<String, Value> =
                object.into_iter().filter(|(k, _)| fields.contains(k)).collect();
            Outcome::Ok(line(Value::Object(kept).to_string().into_bytes()))
        }
        Transform::JsonToCsv(columns) => {
            let cells: Vec<String> = columns
                .iter()
                .map(|c| object.get(c).map(|v| csv_cell(&field_text(v))).unwrap_or_default())
                .collect();
            Outcome::Ok(line(cells.join(",").into_bytes()))
        }
        Transform::AddField { field, value } => {
            let mut object = object;
            object.insert(field.clone(), Value::String(value.clone()));
            Outcome::Ok(line(Value::Object(object).to_string().into_bytes()))
        }
        Transform::DropMatching { field, value } => {
            if object.get(field).is_some_and(|v| field_text(v) == *value) {
                Outcome::Dropped
            } else {
                Outcome::Ok(data.to_vec())
            }
        }
        Transform::ValidateJson => Outcome::Ok(data.to_vec()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "arn:aws:lambda:us-east-1:000000000000:function:";

    #[test]
    fn the_typed_lambda_configuration_is_the_json_the_service_reads() {
        let arn = format!("{A}sandbox-add-field:source--web");
        let json = crate::firehose::wire::ProcessingConfiguration::lambda(&arn).to_json();
        assert_eq!(
            json.to_string(),
            format!(
                r#"{{"Enabled":true,"Processors":[{{"Parameters":[{{"ParameterName":"LambdaArn","ParameterValue":"{arn}"}}],"Type":"Lambda"}}]}}"#
            )
        );
        let p = parse_configuration(Some(&json)).unwrap().unwrap();
        assert_eq!(p.lambda_arn, arn);
        assert_eq!(
            p.transform,
            Transform::AddField { field: "source".into(), value: "web".into() }
        );
    }

    #[test]
    fn arns() {
        assert_eq!(
            parse_arn(&format!("{A}sandbox-keep-fields:id--price")).unwrap(),
            Transform::KeepFields(vec!["id".into(), "price".into()])
        );
        assert_eq!(
            parse_arn(&format!("{A}sandbox-add-field:source--web")).unwrap(),
            Transform::AddField { field: "source".into(), value: "web".into() }
        );
        assert_eq!(
            parse_arn(&format!("{A}sandbox-validate-json")).unwrap(),
            Transform::ValidateJson
        );
        assert!(parse_arn(&format!("{A}sandbox-keep-fields")).is_err());
        assert!(parse_arn(&format!("{A}my-function")).unwrap_err().contains("built-in"));
        assert!(parse_arn("arn:aws:lambda:us-east-1:1:function:x").is_err());
        assert!(parse_arn("nonsense").is_err());
    }

    #[test]
    fn outcomes() {
        let keep = Transform::KeepFields(vec!["a".into()]);
        assert_eq!(apply(&keep, br#"{"a":1,"b":2}"#), Outcome::Ok(b"{\"a\":1}\n".to_vec()));
        assert!(matches!(apply(&keep, b"nope"), Outcome::ProcessingFailed(_)));
        let csv = Transform::JsonToCsv(vec!["b".into(), "a".into(), "z".into()]);
        assert_eq!(apply(&csv, br#"{"a":"x,y","b":2}"#), Outcome::Ok(b"2,\"x,y\",\n".to_vec()));
        let drop = Transform::DropMatching { field: "l".into(), value: "debug".into() };
        assert_eq!(apply(&drop, br#"{"l":"debug"}"#), Outcome::Dropped);
        assert_eq!(apply(&drop, br#"{"l":"info"}"#), Outcome::Ok(br#"{"l":"info"}"#.to_vec()));
    }
}
