//! botocore's client-side parameter validation (botocore/validate.py `ParamValidator`), which the
//! CLI runs before sending anything: required members, unknown members, types, and the models'
//! `min` constraints. All problems are collected and reported together, in botocore's wording.

use super::error::CliError;
use super::json::Json;
use super::model::{Service, Shape, ShapeId, ShapeType};
use super::timestamp;

pub fn validate(service: &Service, shape: ShapeId, params: &Json) -> Result<(), CliError> {
    let mut errors = Vec::new();
    check(service, shape, params, "", &mut errors);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(CliError::param(format!("Parameter validation failed:\n{}", errors.join("\n"))))
    }
}

fn display_name(name: &str) -> &str {
    if name.is_empty() {
        "input"
    } else {
        name.strip_prefix('.').unwrap_or(name)
    }
}

/// `type(value)` as Python prints it.
fn python_type(value: &Json) -> &'static str {
    match value {
        Json::Null => "<class 'NoneType'>",
        Json::Bool(_) => "<class 'bool'>",
        Json::Int(_) => "<class 'int'>",
        Json::Float(_) => "<class 'float'>",
        Json::String(_) => "<class 'str'>",
        Json::Array(_) => "<class 'list'>",
        Json::Object(_) => "<class 'dict'>",
    }
}

fn invalid_type(name: &str, value: &Json, valid: &str, errors: &mut Vec<String>) {
    errors.push(format!(
        "Invalid type for parameter {}, value: {}, type: {}, valid types: {}",
        display_name(name),
        value.to_python_str(),
        python_type(value),
        valid
    ));
}

fn min_text(min: f64) -> String {
    if min.fract() == 0.0 {
        format!("{}", min as i64)
    } else {
        super::json::python_float_repr(min)
    }
}

/// botocore's range check: a length or value below the shape's `min`.
fn below_min(s: &Shape, n: f64, what: &str, name: &str, errors: &mut Vec<String>) {
    let Some(min) = s.min else { return };
    if n < min {
        errors.push(format!(
            "Invalid {what} for parameter {}, value: {}, valid min {}: {}",
            display_name(name),
            if n.fract() == 0.0 {
                format!("{}", n as i64)
            } else {
                super::json::python_float_repr(n)
            },
            if what == "length" { "length" } else { "value" },
            min_text(min)
        ));
    }
}

/// A structure: its required members present, no unknown member, each member valid.
fn check_structure(
    service: &Service,
    s: &Shape,
    members: &[(String, Json)],
    name: &str,
    errors: &mut Vec<String>,
) {
    for required in &s.required {
        if !members.iter().any(|(k, _)| k == required) {
            errors.push(format!(
                "Missing required parameter in {}: \"{}\"",
                display_name(name),
                required
            ));
        }
    }
    let valid: Vec<&str> = s.members.iter().map(|m| m.name.as_str()).collect();
    for (k, _) in members {
        if s.member(k).is_none() {
            errors.push(format!(
                "Unknown parameter in {}: \"{}\", must be one of: {}",
                display_name(name),
                k,
                valid.join(", ")
            ));
        }
    }
    for (k, v) in members {
        if let Some(m) = s.member(k) {
            check(service, m.shape, v, &format!("{name}.{k}"), errors);
        }
    }
}

/// A map: each key and each value valid.
fn check_map(
    service: &Service,
    s: &Shape,
    members: &[(String, Json)],
    name: &str,
    errors: &mut Vec<String>,
) {
    for (k, v) in members {
        if let Some(key) = s.key {
            check(service, key, &Json::String(k.clone()), &format!("{name} (key: {k})"), errors);
        }
        if let Some(vs) = s.value {
            check(service, vs, v, &format!("{name}.{k}"), errors);
        }
    }
}

fn check(service: &Service, shape: ShapeId, value: &Json, name: &str, errors: &mut Vec<String>) {
    let s = service.shape(shape);
    let range = |n: f64, what: &str, errors: &mut Vec<String>| below_min(s, n, what, name, errors);
    match s.kind {
        ShapeType::Structure => {
            let Json::Object(members) = value else {
                return invalid_type(name, value, "<class 'dict'>", errors);
            };
            check_structure(service, s, members, name, errors);
        }
        ShapeType::List => {
            let Json::Array(items) = value else {
                return invalid_type(name, value, "<class 'list'>, <class 'tuple'>", errors);
            };
            range(items.len() as f64, "length", errors);
            if let Some(member) = s.member {
                for (i, item) in items.iter().enumerate() {
                    check(service, member, item, &format!("{name}[{i}]"), errors);
                }
            }
        }
        ShapeType::Map => {
            let Json::Object(members) = value else {
                return invalid_type(name, value, "<class 'dict'>", errors);
            };
            check_map(service, s, members, name, errors);
        }
        ShapeType::String => match value {
            Json::String(text) => range(text.chars().count() as f64, "length", errors),
            _ => invalid_type(name, value, "<class 'str'>", errors),
        },
        ShapeType::Integer | ShapeType::Long => match value {
            Json::Int(i) => range(*i as f64, "value", errors),
            // Python's bool is an int.
            Json::Bool(b) => range(*b as i32 as f64, "value", errors),
            _ => invalid_type(name, value, "<class 'int'>", errors),
        },
        ShapeType::Double | ShapeType::Float => match value {
            Json::Int(i) => range(*i as f64, "value", errors),
            Json::Float(f) => range(*f, "value", errors),
            Json::Bool(b) => range(*b as i32 as f64, "value", errors),
            _ => invalid_type(
                name,
                value,
                "<class 'float'>, <class 'decimal.Decimal'>, <class 'int'>",
                errors,
            ),
        },
        ShapeType::Boolean => {
            if !matches!(value, Json::Bool(_)) {
                invalid_type(name, value, "<class 'bool'>", errors)
            }
        }
        ShapeType::Blob => {
            if !matches!(value, Json::String(_)) {
                invalid_type(
                    name,
                    value,
                    "<class 'bytes'>, <class 'bytearray'>, file-like object",
                    errors,
                )
            }
        }
        ShapeType::Timestamp => {
            let ok = match value {
                Json::String(text) => timestamp::parse(text).is_some(),
                Json::Int(_) | Json::Float(_) => true,
                _ => false,
            };
            if !ok {
                invalid_type(name, value, "<class 'datetime.datetime'>, timestamp-string", errors)
            }
        }
    }
}
