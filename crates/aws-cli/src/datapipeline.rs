//! `aws datapipeline`'s customizations (awscli/customizations/datapipeline/{__init__,translator}.py):
//! `put-pipeline-definition --pipeline-definition` takes the definition file form
//! (`{"objects": [...], "parameters": [...], "values": {...}}`) and the translator turns it into
//! the API's `pipelineObjects`, `parameterObjects` and `parameterValues`; `--parameter-objects`,
//! `--parameter-values-uri` and `--parameter-values` (`key=value` words) replace the
//! definition's; `activate-pipeline` takes the last two as well. `file://` values are read from
//! the console's file area (the files `aws s3 cp` reads and writes), as awscli's paramfile does.

use super::argparse::{Nargs, OptSpec};
use super::arguments::{Arg, ArgKind};
use super::error::CliError;
use super::files::LocalFiles;
use super::json::Json;
use super::model::{Operation, Service};

/// The argument tables of `put-pipeline-definition` and `activate-pipeline`, in awscli's
/// order: a customization that replaces a model option keeps its place, a new one goes after
/// the model's (before `--cli-input-json`). The order decides which option wins: the handlers
/// run in table order, so `--parameter-values-uri` after a definition with `values` is refused
/// ("Only parameter-values or parameter-values-uri is allowed"), as the real CLI does.
pub fn modify_argument_table(service: &Service, op: &Operation, table: &mut Vec<Arg>) {
    if service.cli_name != "datapipeline" {
        return;
    }
    let put = op.name == "PutPipelineDefinition";
    if !put && op.name != "ActivatePipeline" {
        return;
    }
    let arg = |name: &str, nargs: Nargs, required: bool, kind: ArgKind, doc: &str| Arg {
        spec: OptSpec { name: name.into(), nargs, required, choices: Vec::new() },
        kind,
        documentation: doc.into(),
    };
    let mut set = |a: Arg| match table.iter().position(|t| t.spec.name == a.spec.name) {
        Some(i) => table[i] = a,
        None => {
            let at = table.iter().position(|t| t.spec.name == "cli-input-json");
            table.insert(at.unwrap_or(table.len()), a)
        }
    };
    if put {
        set(arg("pipeline-definition", Nargs::One, true, ArgKind::PipelineDefinition, "The JSON pipeline definition. If the pipeline definition is in a file you can use the file://<filename> syntax to specify a filename."));
        set(arg("parameter-objects", Nargs::One, false, ArgKind::PipelineParameterObjects, "The JSON parameter objects. If the parameter objects are in a file you can use the file://<filename> syntax to specify a filename. You can optionally provide these in pipeline definition as well. Parameter objects provided on command line would replace the one in definition."));
    }
    set(arg("parameter-values-uri", Nargs::One, false, ArgKind::PipelineParameterValuesUri, "The JSON parameter values. If the parameter values are in a file you can use the file://<filename> syntax to specify a filename. You can optionally provide these in pipeline definition as well. Parameter values provided on command line would replace the one in definition."));
    set(arg("parameter-values", Nargs::Plus, false, ArgKind::PipelineParameterValues, "The JSON parameter values. You can specify these as key-value pairs in the key=value format. Multiple parameters are separated by a space. For list type parameter values you can use the same key name and specify each value as a key value pair. e.g. arrayValue=value1 arrayValue=value2"));
    table.retain(|a| a.spec.name != "pipeline-objects");
}

/// awscli's paramfile for `aws datapipeline` lines (and `aws snowball`, `aws importexport`,
/// which read it the same way): a single option value `file://PATH`
/// (`fileb://PATH`) is replaced by the file's text, read from the console's files, before the
/// options are parsed. A list option (`--parameter-values a=b`) is not loaded, as in awscli
/// (its `get_paramfile` looks at strings only). The errors are awscli's, errno and all.
pub fn load_paramfiles(args: &mut [String], files: &dyn LocalFiles) -> Result<(), CliError> {
    let mut option: Option<String> = None;
    for word in args.iter_mut() {
        if let Some(name) = word.strip_prefix("--") {
            match name.split_once('=') {
                Some((name, value))
                    if value.starts_with("file://") || value.starts_with("fileb://") =>
                {
                    let loaded = load(name, value, files)?;
                    *word = format!("--{name}={loaded}");
                    option = None;
                }
                Some(_) => option = None,
                None => option = Some(name.to_string()),
            }
            continue;
        }
        let Some(name) = option.take() else { continue };
        if name == "parameter-values" {
            continue;
        }
        if word.starts_with("file://") || word.starts_with("fileb://") {
            *word = load(&name, word, files)?;
        }
    }
    Ok(())
}

fn load(option: &str, uri: &str, files: &dyn LocalFiles) -> Result<String, CliError> {
    let binary = uri.starts_with("fileb://");
    let path = uri.trim_start_matches("fileb://").trim_start_matches("file://");
    let fail = |why: String| {
        CliError::parsing_parameter(
            &format!("--{option}"),
            format!("Unable to load paramfile {uri}: {why}"),
        )
    };
    let Some(bytes) = files.read(path) else {
        if !path.is_empty() && files.is_dir(path) {
            return Err(fail(format!("[Errno 21] Is a directory: '{path}'")));
        }
        return Err(fail(format!("[Errno 2] No such file or directory: '{path}'")));
    };
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) if binary => Ok(String::from_utf8_lossy(e.as_bytes()).into_owned()),
        Err(_) => Err(CliError::parsing_parameter(
            &format!("--{option}"),
            format!("Unable to load paramfile ({path}), text contents could not be decoded.  If this is a binary file, please use the fileb:// prefix instead of the file:// prefix."),
        )),
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
