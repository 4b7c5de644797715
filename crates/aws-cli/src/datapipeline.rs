//! `aws datapipeline put-pipeline-definition`'s customization
//! (awscli/customizations/datapipeline/{__init__,translator}.py): `--pipeline-definition` takes
//! the definition file form (`{"objects": [...], "parameters": [...], "values": {...}}`) and the
//! translator turns it into the API's `pipelineObjects`, `parameterObjects` and
//! `parameterValues`; `--parameter-objects`, `--parameter-values-uri` and `--parameter-values`
//! (`key=value` words) replace the definition's. The console has no files, so the definition
//! is given inline (`--pipeline-definition '{"objects": [...]}'`).

use super::argparse::{Nargs, OptSpec};
use super::arguments::{Arg, ArgKind};
use super::error::CliError;
use super::json::Json;
use super::model::{Operation, Service};

/// The argument table of `put-pipeline-definition`: the definition and parameter options in
/// place of the model's `--pipeline-objects`, `--parameter-objects`, `--parameter-values`.
pub fn modify_argument_table(service: &Service, op: &Operation, table: &mut Vec<Arg>) {
    if service.cli_name != "datapipeline" || op.name != "PutPipelineDefinition" {
        return;
    }
    table.retain(|a| {
        !matches!(
            a.spec.name.as_str(),
            "pipeline-objects" | "parameter-objects" | "parameter-values"
        )
    });
    let arg = |name: &str, nargs: Nargs, required: bool, kind: ArgKind, doc: &str| Arg {
        spec: OptSpec { name: name.into(), nargs, required, choices: Vec::new() },
        kind,
        documentation: doc.into(),
    };
    let at = table.iter().position(|a| a.spec.name == "pipeline-id").map_or(0, |i| i + 1);
    let added = [
        arg("pipeline-definition", Nargs::One, true, ArgKind::PipelineDefinition, "The JSON pipeline definition. If the pipeline definition is in a file you can use the file://<filename> syntax to specify a filename."),
        arg("parameter-objects", Nargs::One, false, ArgKind::PipelineParameterObjects, "The JSON parameter objects. Parameter objects provided on command line would replace the one in definition."),
        arg("parameter-values-uri", Nargs::One, false, ArgKind::PipelineParameterValuesUri, "The JSON parameter values. Parameter values provided on command line would replace the one in definition."),
        arg("parameter-values", Nargs::Plus, false, ArgKind::PipelineParameterValues, "The JSON parameter values. You can specify these as key-value pairs in the key=value format. Multiple parameters are separated by a space. For list type parameter values you can use the same key name and specify each value as a key value pair. e.g. arrayValue=value1 arrayValue=value2"),
    ];
    for (i, a) in added.into_iter().enumerate() {
        table.insert((at + i).min(table.len()), a);
    }
}

/// `DefinitionParseError`'s text.
fn definition_error(message: impl Into<String>) -> CliError {
    CliError::exception(format!("Error in pipeline definition: {}", message.into()))
}

/// A field value: a list repeats the key, `{"ref": id}` alone is a reference, anything else
/// is passed as the string value unchanged (botocore's validation then refuses a number).
fn fields(key: &str, value: &Json, out: &mut Vec<Json>) {
    match value {
        Json::Array(items) => items.iter().for_each(|v| fields(key, v, out)),
        Json::Object(m) if m.len() == 1 && m[0].0 == "ref" => out.push(Json::Object(vec![
            ("key".into(), Json::String(key.into())),
            ("refValue".into(), m[0].1.clone()),
        ])),
        other => out.push(Json::Object(vec![
            ("key".into(), Json::String(key.into())),
            ("stringValue".into(), other.clone()),
        ])),
    }
}

/// translator.py `definition_to_api_objects`: the definition's `objects`.
pub fn definition_to_api_objects(definition: &Json) -> Result<Json, CliError> {
    let Json::Object(top) = definition else {
        return Err(definition_error("Missing \"objects\" key"));
    };
    let Some((_, Json::Array(objects))) = top.iter().find(|(k, _)| k == "objects") else {
        return Err(definition_error("Missing \"objects\" key"));
    };
    let mut out = Vec::new();
    for element in objects {
        let Json::Object(members) = element else {
            return Err(definition_error(format!(
                "Missing \"id\" key of element: {}",
                element.to_compact()
            )));
        };
        let Some((_, id)) = members.iter().find(|(k, _)| k == "id") else {
            return Err(definition_error(format!(
                "Missing \"id\" key of element: {}",
                element.to_compact()
            )));
        };
        let name = members.iter().find(|(k, _)| k == "name").map_or(id, |(_, v)| v);
        let mut rest: Vec<&(String, Json)> =
            members.iter().filter(|(k, _)| k != "id" && k != "name").collect();
        rest.sort_by(|a, b| a.0.cmp(&b.0));
        let mut f = Vec::new();
        for (k, v) in rest {
            fields(k, v, &mut f);
        }
        out.push(Json::Object(vec![
            ("id".into(), id.clone()),
            ("name".into(), name.clone()),
            ("fields".into(), Json::Array(f)),
        ]));
    }
    Ok(Json::Array(out))
}

/// translator.py `definition_to_api_parameters`: the definition's `parameters`, if any.
pub fn definition_to_api_parameters(definition: &Json) -> Result<Option<Json>, CliError> {
    let Json::Object(top) = definition else { return Ok(None) };
    let Some((_, Json::Array(params))) = top.iter().find(|(k, _)| k == "parameters") else {
        return Ok(None);
    };
    let mut out = Vec::new();
    for element in params {
        let members = match element {
            Json::Object(m) => m,
            _ => {
                return Err(definition_error(format!(
                    "Missing \"id\" key of parameter: {}",
                    element.to_compact()
                )))
            }
        };
        let Some((_, id)) = members.iter().find(|(k, _)| k == "id") else {
            return Err(definition_error(format!(
                "Missing \"id\" key of parameter: {}",
                element.to_compact()
            )));
        };
        let mut rest: Vec<&(String, Json)> = members.iter().filter(|(k, _)| k != "id").collect();
        rest.sort_by(|a, b| a.0.cmp(&b.0));
        let mut attributes = Vec::new();
        for (k, v) in rest {
            let values: Vec<&Json> = match v {
                Json::Array(items) => items.iter().collect(),
                other => vec![other],
            };
            for v in values {
                attributes.push(Json::Object(vec![
                    ("key".into(), Json::String(k.clone())),
                    ("stringValue".into(), v.clone()),
                ]));
            }
        }
        out.push(Json::Object(vec![
            ("id".into(), id.clone()),
            ("attributes".into(), Json::Array(attributes)),
        ]));
    }
    Ok(Some(Json::Array(out)))
}

/// translator.py `definition_to_parameter_values`: `{"values": {k: v | [v, ...]}}`.
pub fn definition_to_parameter_values(definition: &Json) -> Option<Json> {
    let Json::Object(top) = definition else { return None };
    let (_, Json::Object(values)) = top.iter().find(|(k, _)| k == "values")? else { return None };
    let mut out = Vec::new();
    for (k, v) in values {
        let items: Vec<&Json> = match v {
            Json::Array(items) => items.iter().collect(),
            other => vec![other],
        };
        for v in items {
            out.push(Json::Object(vec![
                ("id".into(), Json::String(k.clone())),
                ("stringValue".into(), v.clone()),
            ]));
        }
    }
    Some(Json::Array(out))
}

/// `--parameter-values a=b c=d a=e`: split on the first `=`, a repeated key becomes a list.
pub fn inline_parameter_values(words: &[String]) -> Result<Json, CliError> {
    let mut values: Vec<(String, Json)> = Vec::new();
    for w in words {
        let Some((k, v)) = w.split_once('=') else {
            return Err(CliError::exception(format!(
                "Error in parameter: Invalid inline parameter format: {w}"
            )));
        };
        match values.iter_mut().find(|(key, _)| key == k) {
            Some((_, Json::Array(list))) => list.push(Json::String(v.into())),
            Some((_, existing)) => {
                *existing = Json::Array(vec![existing.clone(), Json::String(v.into())])
            }
            None => values.push((k.into(), Json::String(v.into()))),
        }
    }
    Ok(definition_to_parameter_values(&Json::Object(vec![("values".into(), Json::Object(values))]))
        .unwrap_or(Json::Array(Vec::new())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Json {
        Json::parse(text).unwrap_or(Json::Null)
    }

    #[test]
    fn the_file_form_becomes_the_api_form_as_the_translator_writes_it() {
        let def = parse(
            r#"{"objects":[{"id":"Copy","type":"CopyActivity","input":{"ref":"In"},"dependsOn":[{"ref":"A"},{"ref":"B"}],"maximumRetries":"2"}],"values":{"myX":["1","2"]}}"#,
        );
        let objects = definition_to_api_objects(&def).map(|j| j.to_compact()).unwrap_or_default();
        assert_eq!(
            objects,
            r#"[{"id": "Copy", "name": "Copy", "fields": [{"key": "dependsOn", "refValue": "A"}, {"key": "dependsOn", "refValue": "B"}, {"key": "input", "refValue": "In"}, {"key": "maximumRetries", "stringValue": "2"}, {"key": "type", "stringValue": "CopyActivity"}]}]"#
        );
        let values =
            definition_to_parameter_values(&def).map(|j| j.to_compact()).unwrap_or_default();
        assert_eq!(
            values,
            r#"[{"id": "myX", "stringValue": "1"}, {"id": "myX", "stringValue": "2"}]"#
        );
    }

    #[test]
    fn what_the_translator_refuses() {
        let e = definition_to_api_objects(&parse(r#"{"nope":[]}"#)).err().map(|e| e.stderr());
        assert_eq!(e.as_deref(), Some("\nError in pipeline definition: Missing \"objects\" key\n"));
        let e = definition_to_api_objects(&parse(r#"{"objects":[{"type":"Schedule"}]}"#))
            .err()
            .map(|e| e.message);
        assert_eq!(
            e.as_deref(),
            Some(
                r#"Error in pipeline definition: Missing "id" key of element: {"type": "Schedule"}"#
            )
        );
        let e = inline_parameter_values(&["myS3LogsPath".into()]).err().map(|e| e.message);
        assert_eq!(
            e.as_deref(),
            Some("Error in parameter: Invalid inline parameter format: myS3LogsPath")
        );
    }
}
