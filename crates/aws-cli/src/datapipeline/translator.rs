//! translator.py: the definition file form (`{"objects", "parameters", "values"}`) to the
//! API's `pipelineObjects`, `parameterObjects` and `parameterValues`, and back
//! (`api_to_definition`, which the CLI applies to GetPipelineDefinition's answer before it
//! prints it, so `get-pipeline-definition` prints a file `put-pipeline-definition` reads).

use super::super::error::CliError;
use super::super::json::Json;

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

/// translator.py `api_to_definition`, which the CLI runs on GetPipelineDefinition's parsed
/// answer (its `after-call` handler): each member is popped and its file form set under the new
/// name, so the new keys come last, in this order.
pub fn api_to_definition(response: &mut Json) {
    let Json::Object(members) = response else { return };
    type Convert = fn(&Json) -> Json;
    let renames: [(&str, &str, Convert); 3] = [
        ("pipelineObjects", "objects", api_to_objects),
        ("parameterObjects", "parameters", api_to_parameters),
        ("parameterValues", "values", api_to_values),
    ];
    for (from, to, convert) in renames {
        if let Some(i) = members.iter().position(|(k, _)| k == from) {
            let (_, value) = members.remove(i);
            members.push((to.to_string(), convert(&value)));
        }
    }
}

fn items(value: Option<&Json>) -> &[Json] {
    match value {
        Some(Json::Array(items)) => items,
        _ => &[],
    }
}

/// `_add_value`: a key seen again turns its value into a list, in order.
fn add_value(key: &str, value: Json, current: &mut Vec<(String, Json)>) {
    match current.iter_mut().find(|(k, _)| k == key) {
        None => current.push((key.to_string(), value)),
        Some((_, Json::Array(list))) => list.push(value),
        Some((_, existing)) => {
            let first = std::mem::replace(existing, Json::Null);
            *existing = Json::Array(vec![first, value]);
        }
    }
}

/// `_api_to_objects_definition`: `{id, name, key: value | {"ref": id}, ...}` per object.
fn api_to_objects(value: &Json) -> Json {
    let objects = items(Some(value)).iter().map(|element| {
        let mut current = vec![
            ("id".to_string(), element.get("id").cloned().unwrap_or(Json::Null)),
            ("name".to_string(), element.get("name").cloned().unwrap_or(Json::Null)),
        ];
        for field in items(element.get("fields")) {
            let key = field.get("key").and_then(Json::as_str).unwrap_or_default();
            let value = match field.get("stringValue") {
                Some(text) => text.clone(),
                None => Json::Object(vec![(
                    "ref".into(),
                    field.get("refValue").cloned().unwrap_or(Json::Null),
                )]),
            };
            add_value(key, value, &mut current);
        }
        Json::Object(current)
    });
    Json::Array(objects.collect())
}

/// `_api_to_parameters_definition`: `{id, attribute: value, ...}` per parameter.
fn api_to_parameters(value: &Json) -> Json {
    let parameters = items(Some(value)).iter().map(|element| {
        let mut current =
            vec![("id".to_string(), element.get("id").cloned().unwrap_or(Json::Null))];
        for attribute in items(element.get("attributes")) {
            let key = attribute.get("key").and_then(Json::as_str).unwrap_or_default();
            let value = attribute.get("stringValue").cloned().unwrap_or(Json::Null);
            add_value(key, value, &mut current);
        }
        Json::Object(current)
    });
    Json::Array(parameters.collect())
}

/// `_api_to_values_definition`: `{id: value | [values]}`.
fn api_to_values(value: &Json) -> Json {
    let mut values = Vec::new();
    for element in items(Some(value)) {
        let key = element.get("id").and_then(Json::as_str).unwrap_or_default();
        let value = element.get("stringValue").cloned().unwrap_or(Json::Null);
        add_value(key, value, &mut values);
    }
    Json::Object(values)
}

#[cfg(test)]
mod tests {
    use super::super::inline_parameter_values;
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

    #[test]
    fn the_api_form_comes_back_as_the_file_form() {
        let mut answer = parse(
            r#"{"pipelineObjects": [{"id": "Copy", "name": "Copy", "fields": [{"key": "dependsOn", "refValue": "A"}, {"key": "dependsOn", "refValue": "B"}, {"key": "type", "stringValue": "CopyActivity"}]}], "parameterObjects": [{"id": "myX", "attributes": [{"key": "type", "stringValue": "String"}]}], "parameterValues": [{"id": "myX", "stringValue": "1"}, {"id": "myX", "stringValue": "2"}, {"id": "myY", "stringValue": "3"}]}"#,
        );
        api_to_definition(&mut answer);
        assert_eq!(
            answer.to_compact(),
            r#"{"objects": [{"id": "Copy", "name": "Copy", "dependsOn": [{"ref": "A"}, {"ref": "B"}], "type": "CopyActivity"}], "parameters": [{"id": "myX", "type": "String"}], "values": {"myX": ["1", "2"], "myY": "3"}}"#
        );
        // Only what the answer holds is renamed; the new keys come after the others.
        let mut partial = parse(r#"{"pipelineObjects": [], "other": 1}"#);
        api_to_definition(&mut partial);
        assert_eq!(partial.to_compact(), r#"{"other": 1, "objects": []}"#);
    }
}
