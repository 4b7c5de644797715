//! The reverse of parsing: the `aws ...` command line for an API call the UI made, so every
//! click is shown as the CLI command that does the same thing.

use super::json::Json;
use super::lexer::quote;
use super::model::{Cli, Service, ShapeId, ShapeType};
use super::names::xform_name;

/// `Kinesis_20131202.CreateStream` + `{"StreamName":"orders","ShardCount":2}` ->
/// `aws kinesis create-stream --stream-name orders --shard-count 2`.
pub fn command_line_for(cli: &Cli, target: &str, body: &str) -> String {
    let (prefix, action) = target.rsplit_once('.').unwrap_or(("", target));
    let params = Json::parse(if body.trim().is_empty() { "{}" } else { body }).ok();
    // A call to a device's S3 endpoint is the S3 call with `--endpoint-url`, not a Snowball one.
    if target == super::s3::device::TARGET {
        let text = |k: &str| {
            params.as_ref().and_then(|p| p.get(k)).and_then(Json::as_str).unwrap_or_default()
        };
        let input = params.as_ref().and_then(|p| p.get("Input")).map_or("{}".into(), Json::to_wire);
        let line = command_line_for(cli, &format!("s3.{}", text("Action")), &input);
        return format!("{line} --endpoint-url {}", quote(text("Endpoint")));
    }
    let Some(service) = cli.service_for_target_prefix(prefix) else {
        return fallback(&prefix.to_lowercase(), action, body);
    };
    let (Some(op), Some(Json::Object(members))) = (service.operation_by_name(action), params)
    else {
        return fallback(service.cli_name, action, body);
    };
    // The high-level command people type, where it says the call whole.
    if service.cli_name == "emr" && action == "RunJobFlow" {
        if let Some(line) =
            Json::parse(body).ok().and_then(|b| super::emr::echo::create_cluster_line(&b))
        {
            return line;
        }
    }
    let mut line = format!("aws {} {}", service.cli_name, op.cli_name);
    let input = op.input.map(|i| service.shape(i));
    for (name, value) in &members {
        let Some(member) = input.and_then(|s| s.member(name)) else {
            // Not in the model: let --cli-input-json carry the whole body.
            return fallback(service.cli_name, action, body);
        };
        let option = service.option_name(op, name);
        let shape = service.shape(member.shape);
        match (shape.kind, value) {
            (ShapeType::Boolean, Json::Bool(true)) => line.push_str(&format!(" --{option}")),
            (ShapeType::Boolean, Json::Bool(false)) => line.push_str(&format!(" --no-{option}")),
            _ => {
                line.push_str(&format!(" --{option} "));
                line.push_str(&value_text(service, member.shape, value));
            }
        }
    }
    line
}

fn fallback(service: &str, action: &str, body: &str) -> String {
    let body = if body.trim().is_empty() { "{}" } else { body };
    format!("aws {service} {} --cli-input-json {}", xform_name(action), quote(body))
}

fn value_text(service: &Service, shape: ShapeId, value: &Json) -> String {
    let s = service.shape(shape);
    match (s.kind, value) {
        (ShapeType::List, Json::Array(items)) if !items.is_empty() => {
            let member = s.member.map(|m| service.shape(m).kind);
            let parts: Option<Vec<String>> = items
                .iter()
                .map(|item| match member {
                    Some(k) if k.is_scalar() => scalar_text(item).map(|t| quote(&t)),
                    _ => s.member.and_then(|m| shorthand(service, m, item)).map(|t| quote(&t)),
                })
                .collect();
            parts.map(|p| p.join(" ")).unwrap_or_else(|| quote(&value.to_wire()))
        }
        (ShapeType::Structure | ShapeType::Map, Json::Object(_)) => {
            shorthand(service, shape, value)
                .map(|t| quote(&t))
                .unwrap_or_else(|| quote(&value.to_wire()))
        }
        _ => scalar_text(value).map(|t| quote(&t)).unwrap_or_else(|| quote(&value.to_wire())),
    }
}

fn scalar_text(value: &Json) -> Option<String> {
    match value {
        Json::String(s) => Some(s.clone()),
        Json::Int(_) | Json::Float(_) | Json::Bool(_) => Some(value.to_wire()),
        _ => None,
    }
}

/// `Key=value,Other=value` when every value is a plain scalar the shorthand parser reads back
/// unchanged; `None` otherwise (the caller falls back to JSON).
fn shorthand(service: &Service, shape: ShapeId, value: &Json) -> Option<String> {
    let s = service.shape(shape);
    let Json::Object(members) = value else { return None };
    if members.is_empty() || !matches!(s.kind, ShapeType::Structure | ShapeType::Map) {
        return None;
    }
    let mut parts = Vec::new();
    for (k, v) in members {
        let key_ok =
            !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || "-_.#/:".contains(c));
        let text = scalar_text(v)?;
        let safe = !text.is_empty()
            && !text.starts_with(|c: char| c.is_whitespace() || "[{'\"".contains(c))
            && !text.ends_with(char::is_whitespace)
            && text.chars().all(|c| !",'\"".contains(c) && (c as u32) >= 0x20);
        if !key_ok || !safe {
            return None;
        }
        parts.push(format!("{k}={text}"));
    }
    Some(parts.join(","))
}

#[cfg(test)]
mod tests {
    use super::command_line_for;
    use crate::parse::parse;
    use crate::TEST_CLI as CLI;

    #[test]
    fn echoes_create_stream() {
        assert_eq!(
            command_line_for(
                &CLI,
                "Kinesis_20131202.CreateStream",
                r#"{"StreamName":"orders","ShardCount":2}"#
            ),
            "aws kinesis create-stream --stream-name orders --shard-count 2"
        );
    }

    #[test]
    fn echoed_lines_parse_back_to_the_same_body() {
        let cases = [
            (
                "Kinesis_20131202.PutRecords",
                r#"{"Records":[{"Data":"aGk=","PartitionKey":"k1"},{"Data":"eW8=","PartitionKey":"k 2"}],"StreamName":"s"}"#,
            ),
            (
                "Kinesis_20131202.ListShards",
                r#"{"StreamName":"s","ShardFilter":{"Type":"AT_LATEST"}}"#,
            ),
            ("Kinesis_20131202.AddTagsToStream", r#"{"StreamName":"s","Tags":{"k":"v, w"}}"#),
            (
                "Kinesis_20131202.DeleteStream",
                r#"{"StreamName":"s","EnforceConsumerDeletion":true}"#,
            ),
            (
                "Firehose_20150804.PutRecord",
                r#"{"DeliveryStreamName":"d","Record":{"Data":"aGk="}}"#,
            ),
        ];
        for (target, body) in cases {
            let line = command_line_for(&CLI, target, body);
            let call = parse(&CLI, &line).unwrap_or_else(|e| panic!("{line}: {e}"));
            let want = crate::json::Json::parse(body).unwrap();
            let got = crate::json::Json::parse(&call.body).unwrap();
            assert_eq!(sorted(&got), sorted(&want), "{line}");
        }
    }

    fn sorted(j: &crate::json::Json) -> serde_json::Value {
        j.to_serde()
    }
}
