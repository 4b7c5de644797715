//! Option values into request parameters, as awscli's argprocess.py `unpack_cli_arg` and
//! `ParamShorthandParser` do, then parameters into the wire JSON botocore's serializer sends
//! (timestamps as epoch seconds, blobs as base64).

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;

use super::argparse::Value;
use super::error::CliError;
use super::json::Json;
use super::model::{Operation, Service, ShapeId, ShapeType};
use super::shorthand;
use super::timestamp;

/// AWS CLI v2's `cli_binary_format`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BinaryFormat {
    /// v2's default: a blob argument is base64 text.
    #[default]
    Base64,
    /// v1's behaviour: a blob argument is raw text, base64-encoded on the wire.
    RawInBase64Out,
}

/// Python's `base64.b64decode(value, validate=True)`: strict alphabet and padding, but
/// lenient about non-zero trailing bits.
const PYTHON_B64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(DecodePaddingMode::RequireCanonical),
);

pub fn option_value(
    service: &Service,
    op: &Operation,
    shape: ShapeId,
    option: &str,
    value: &Value,
    binary: BinaryFormat,
) -> Result<Json, CliError> {
    let texts: Vec<&str> = match value {
        Value::One(v) => vec![v.as_str()],
        Value::Many(v) => v.iter().map(String::as_str).collect(),
        Value::Flag => Vec::new(),
    };
    if let Some(file) = texts.iter().find(|t| t.starts_with("file://") || t.starts_with("fileb://"))
    {
        return Err(CliError::unsupported(format!(
            "Error parsing parameter '{option}': the console has no files to read {file} from; \
             pass the value inline instead."
        )));
    }
    let s = service.shape(shape);
    match (s.kind, value) {
        (ShapeType::List, Value::Many(items)) => {
            list_value(service, op, shape, option, items, binary)
        }
        (_, Value::One(text)) => single_value(service, shape, option, text, binary),
        _ => Ok(Json::Null),
    }
}

fn list_value(
    service: &Service,
    op: &Operation,
    shape: ShapeId,
    option: &str,
    items: &[String],
    binary: BinaryFormat,
) -> Result<Json, CliError> {
    let s = service.shape(shape);
    let Some(member) = s.member else { return Ok(Json::Array(Vec::new())) };
    let member_shape = service.shape(member);
    if items.len() == 1 && items[0].trim_start().starts_with('[') {
        let mut list = json_value(option, &items[0])?;
        blobs_from_text(service, shape, &mut list, binary)?;
        return Ok(list);
    }
    let looks_like_json = items.first().is_some_and(|v| {
        let t = v.trim();
        t.starts_with('[') || t.starts_with('{')
    });
    if !member_shape.kind.is_scalar() && !looks_like_json {
        // Firehose's put-record-batch keeps the old shorthand where each value is the one
        // member of the structure (argprocess.py `_uses_old_list_case`).
        if service.cli_name == "firehose"
            && op.cli_name == "put-record-batch"
            && option == "--records"
            && member_shape.kind == ShapeType::Structure
            && member_shape.members.len() == 1
        {
            let key = &member_shape.members[0].name;
            let mut out = Vec::new();
            for v in items {
                let value =
                    single_value(service, member_shape.members[0].shape, option, v, binary)?;
                out.push(Json::Object(vec![(key.clone(), value)]));
            }
            return Ok(Json::Array(out));
        }
        let mut out = Vec::new();
        for v in items {
            out.push(shorthand::parse(v).map_err(|e| CliError::parsing_parameter(option, e.0))?);
        }
        let mut list = Json::Array(out);
        shorthand::visit(service, shape, &mut list).map_err(CliError::param)?;
        blobs_from_text(service, shape, &mut list, binary)?;
        return Ok(list);
    }
    let mut out = Vec::new();
    for v in items {
        // Values that look like JSON are each JSON: a structure's must be an object
        // (argprocess.py `unpack_complex_cli_arg`).
        if matches!(member_shape.kind, ShapeType::Structure | ShapeType::Map)
            && !v.trim_start().starts_with('{')
        {
            return Err(CliError::parsing_parameter(option, format!("Invalid JSON:\n{v}")));
        }
        out.push(single_value(service, member, option, v, binary)?);
    }
    Ok(Json::Array(out))
}

fn single_value(
    service: &Service,
    shape: ShapeId,
    option: &str,
    text: &str,
    binary: BinaryFormat,
) -> Result<Json, CliError> {
    let s = service.shape(shape);
    match s.kind {
        ShapeType::String | ShapeType::Timestamp => Ok(Json::String(text.to_string())),
        ShapeType::Integer | ShapeType::Long => {
            python_int(text).map(|i| Json::Int(i.into())).ok_or_else(|| {
                CliError::param(format!(
                    "invalid literal for int() with base 10: {}",
                    super::argparse::python_repr(text)
                ))
            })
        }
        ShapeType::Double | ShapeType::Float => python_float(text)
            .map(Json::Float)
            .ok_or_else(|| CliError::param(format!("could not convert string to float: '{text}'"))),
        ShapeType::Boolean => Ok(Json::Bool(!text.eq_ignore_ascii_case("false"))),
        ShapeType::Blob => blob(text, binary).map(Json::String),
        ShapeType::Structure | ShapeType::Map => {
            if text.trim_start().starts_with('{') {
                let mut parsed = json_value(option, text)?;
                blobs_from_text(service, shape, &mut parsed, binary)?;
                return Ok(parsed);
            }
            // A structure whose only member is a string `Value` takes the bare value.
            if s.kind == ShapeType::Structure
                && s.members.len() == 1
                && s.members[0].name == "Value"
                && service.shape(s.members[0].shape).kind == ShapeType::String
                && !text.contains('=')
            {
                return Ok(Json::Object(vec![("Value".into(), Json::String(text.into()))]));
            }
            let mut parsed =
                shorthand::parse(text).map_err(|e| CliError::parsing_parameter(option, e.0))?;
            shorthand::visit(service, shape, &mut parsed).map_err(CliError::param)?;
            blobs_from_text(service, shape, &mut parsed, binary)?;
            Ok(parsed)
        }
        ShapeType::List => {
            if text.trim_start().starts_with('[') {
                let mut parsed = json_value(option, text)?;
                blobs_from_text(service, shape, &mut parsed, binary)?;
                Ok(parsed)
            } else {
                Err(CliError::parsing_parameter(option, format!("Invalid JSON:\n{text}")))
            }
        }
    }
}

fn json_value(option: &str, text: &str) -> Result<Json, CliError> {
    Json::parse(text).map_err(|e| {
        CliError::parsing_parameter(
            option,
            format!("Invalid JSON: {}\nJSON received: {text}", python_json_error(text, &e)),
        )
    })
}

/// Python's `json` error text for the common cases ("Expecting value: line 1 column 1 (char 0)").
fn python_json_error(text: &str, e: &serde_json::Error) -> String {
    let what = match e.classify() {
        serde_json::error::Category::Eof => "Expecting value",
        _ => {
            let text = e.to_string();
            if text.contains("key must be a string") {
                "Expecting property name enclosed in double quotes"
            } else if text.contains("expected `,` or `}`") {
                "Expecting ',' delimiter"
            } else if text.contains("expected `:`") {
                "Expecting ':' delimiter"
            } else if text.contains("trailing characters") {
                "Extra data"
            } else {
                "Expecting value"
            }
        }
    };
    // Python counts the character offset where parsing stopped; at end of input that is the
    // length of the text.
    let chars: Vec<char> = text.chars().collect();
    let pos = if matches!(e.classify(), serde_json::error::Category::Eof) {
        chars.len()
    } else {
        let line_start: usize =
            text.split('\n').take(e.line().saturating_sub(1)).map(|l| l.chars().count() + 1).sum();
        (line_start + e.column().saturating_sub(1)).min(chars.len())
    };
    let last_newline = chars[..pos].iter().rposition(|c| *c == '\n');
    let line = chars[..pos].iter().filter(|c| **c == '\n').count() + 1;
    let column = match last_newline {
        Some(nl) => pos - nl,
        None => pos + 1,
    };
    format!("{what}: line {line} column {column} (char {pos})")
}

/// Base64 for the wire: v2 checks the text is base64 (and re-encodes it as botocore does).
pub fn blob(text: &str, binary: BinaryFormat) -> Result<String, CliError> {
    match binary {
        BinaryFormat::RawInBase64Out => Ok(STANDARD.encode(text.as_bytes())),
        BinaryFormat::Base64 => match PYTHON_B64.decode(text) {
            Ok(bytes) => Ok(STANDARD.encode(bytes)),
            // AWS CLI v2's wording (aws/aws-cli issue 6983): `Invalid base64: "hello"`.
            Err(_) => Err(CliError::param(format!("Invalid base64: \"{text}\""))),
        },
    }
}

/// Blob members inside shorthand and JSON values are base64 text too.
fn blobs_from_text(
    service: &Service,
    shape: ShapeId,
    value: &mut Json,
    binary: BinaryFormat,
) -> Result<(), CliError> {
    let s = service.shape(shape);
    match (s.kind, value) {
        (ShapeType::Blob, value @ Json::String(_)) => {
            if let Json::String(text) = value {
                *value = Json::String(blob(text, binary)?);
            }
        }
        (ShapeType::Structure, Json::Object(members)) => {
            for (name, v) in members.iter_mut() {
                if let Some(m) = s.member(name) {
                    blobs_from_text(service, m.shape, v, binary)?;
                }
            }
        }
        (ShapeType::List, Json::Array(items)) => {
            if let Some(member) = s.member {
                for item in items {
                    blobs_from_text(service, member, item, binary)?;
                }
            }
        }
        (ShapeType::Map, Json::Object(members)) => {
            if let Some(v) = s.value {
                for (_, item) in members.iter_mut() {
                    blobs_from_text(service, v, item, binary)?;
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// Python's `int(text)`: surrounding whitespace, a sign, digits with single underscores.
pub fn python_int(text: &str) -> Option<i64> {
    let t = text.trim();
    let (neg, digits) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
        || !digits.chars().all(|c| c.is_ascii_digit() || c == '_')
    {
        return None;
    }
    let n: i64 = digits.replace('_', "").parse().ok()?;
    Some(if neg { -n } else { n })
}

/// Python's `float(text)`.
pub fn python_float(text: &str) -> Option<f64> {
    let t = text.trim().replace('_', "");
    let lower = t.to_ascii_lowercase();
    let lower = lower.trim_start_matches(['+', '-']);
    if matches!(lower, "inf" | "infinity" | "nan") {
        return t.parse().ok().or(Some(if t.starts_with('-') {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        }));
    }
    t.parse().ok()
}

/// Parameters into the request body: timestamps become epoch seconds (botocore's JSON
/// serializer truncates to whole seconds); everything else is already in wire form.
pub fn to_wire(service: &Service, shape: Option<ShapeId>, params: &Json) -> Json {
    let Some(shape) = shape else { return params.clone() };
    let s = service.shape(shape);
    match (s.kind, params) {
        (ShapeType::Structure, Json::Object(members)) => Json::Object(
            members
                .iter()
                .map(|(k, v)| (k.clone(), to_wire(service, s.member(k).map(|m| m.shape), v)))
                .collect(),
        ),
        (ShapeType::List, Json::Array(items)) => {
            Json::Array(items.iter().map(|i| to_wire(service, s.member, i)).collect())
        }
        (ShapeType::Map, Json::Object(members)) => Json::Object(
            members.iter().map(|(k, v)| (k.clone(), to_wire(service, s.value, v))).collect(),
        ),
        (ShapeType::Timestamp, Json::String(text)) => match timestamp::parse(text) {
            Some(secs) => Json::Int(secs.floor() as i128),
            None => params.clone(),
        },
        (ShapeType::Timestamp, Json::Float(f)) => Json::Int(f.floor() as i128),
        _ => params.clone(),
    }
}
