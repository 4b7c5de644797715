//! The query protocol (IAM, Import/Export) and EC2's variant of it, driven by botocore's model:
//! a form-encoded `Action=<Operation>&Version=<version>&...` request into the operation and its
//! input shape in JSON (member names as the model spells them, which is what the engine and the
//! console speak), and the output shape in JSON back into AWS's XML answer.
//!
//! The two flavours differ where botocore's serialisers and parsers differ:
//!
//! | | query (`metadata.protocol` = `query`) | EC2 (`ec2`) |
//! |---|---|---|
//! | member names in the form | `locationName`, else the member name | `queryName`, else the capitalised `locationName`, else the member name |
//! | lists in the form | `Name.member.1` (`Name.1` when flattened); an empty list is `Name=` | always `Name.1`; an empty list is left out |
//! | answer | `<OpResponse xmlns><OpResult>...</OpResult><ResponseMetadata><RequestId>` | `<OpResponse xmlns><requestId>` then the members |
//! | error | `<ErrorResponse><Error><Type>Sender</Type><Code><Message></Error><RequestId>` | `<Response><Errors><Error><Code><Message></Error></Errors><RequestID>` |
//!
//! The output writer is REST-XML's (`locationName`s, `<member>`/`<item>` list items, ISO 8601
//! timestamps).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::rest_xml::model::{Kind, Model, ShapeId};
use crate::rest_xml::{response, time, xml, Response};
use crate::{ApiError, ErrorCode, ServiceModel};

/// The codec for one query-protocol service, built once from its model.
pub struct Codec {
    model: Model,
    ec2: bool,
}

impl Codec {
    pub fn new(source: &ServiceModel) -> Option<Codec> {
        Some(Codec::from_model(Model::load(source)?))
    }

    pub fn from_model(model: Model) -> Codec {
        let ec2 = model.protocol == "ec2";
        Codec { model, ec2 }
    }

    /// EC2's flavour (its own list, answer and error forms).
    pub fn is_ec2(&self) -> bool {
        self.ec2
    }

    /// The operation a request names and its input in JSON. `params` are the request's
    /// parameters, percent-decoded, from the query string and the form body together.
    pub fn decode(&self, params: &[(String, String)]) -> Result<(String, Value), ApiError> {
        let form: BTreeMap<&str, &str> =
            params.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let Some(action) = form.get("Action").filter(|a| !a.is_empty()) else {
            return Err(self.missing_action());
        };
        let Some(op) = self.model.operation(action) else {
            return Err(self.invalid_action(action));
        };
        let input = match op.input {
            Some(shape) => self.structure(shape, "", &form)?,
            None => Value::Object(Map::new()),
        };
        Ok((op.name.clone(), input))
    }

    /// A successful call's answer: the engine's output JSON as the service's XML.
    pub fn encode(&self, operation: &str, output: &str, request_id: &str) -> Response {
        let value: Value = serde_json::from_str(output).unwrap_or(Value::Object(Map::new()));
        let op = self.model.operation(operation);
        let mut members = String::new();
        if let Some(shape) = op.and_then(|o| o.output) {
            response::inner(&self.model, shape, &value, &mut members);
        }
        let ns = self.namespace();
        let body = if self.ec2 {
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<{operation}Response xmlns=\"{ns}\">\
                 <requestId>{request_id}</requestId>{members}</{operation}Response>"
            )
        } else {
            let result = match op.and_then(|o| o.result_wrapper.as_deref()) {
                Some(wrapper) => format!("<{wrapper}>{members}</{wrapper}>"),
                None => String::new(),
            };
            format!(
                "<{operation}Response xmlns=\"{ns}\">{result}<ResponseMetadata><RequestId>\
                 {request_id}</RequestId></ResponseMetadata></{operation}Response>"
            )
        };
        xml_answer(200, body)
    }

    /// An error in the service's XML form. An operation the engine does not implement is
    /// answered as one the service does not know.
    pub fn error(&self, e: &ApiError, request_id: &str) -> Response {
        if e.code == ErrorCode::UnknownOperation {
            return self.error(&self.invalid_action(&e.action), request_id);
        }
        let mut message = String::new();
        xml::escape(&e.message, &mut message);
        let code = e.code.as_str();
        let body = if self.ec2 {
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>{code}\
                 </Code><Message>{message}</Message></Error></Errors><RequestID>{request_id}\
                 </RequestID></Response>"
            )
        } else {
            let kind = if e.status >= 500 { "Receiver" } else { "Sender" };
            format!(
                "<ErrorResponse xmlns=\"{}\"><Error><Type>{kind}</Type><Code>{code}</Code>\
                 <Message>{message}</Message></Error><RequestId>{request_id}</RequestId>\
                 </ErrorResponse>",
                self.namespace()
            )
        };
        xml_answer(e.status, body)
    }

    /// `metadata.xmlNamespace` as the service writes it, with its closing slash (EC2's model
    /// leaves it off; its answers carry it).
    fn namespace(&self) -> String {
        let ns = self.model.metadata_namespace.as_deref().unwrap_or_default();
        if ns.is_empty() || ns.ends_with('/') {
            ns.to_string()
        } else {
            format!("{ns}/")
        }
    }

    /// No `Action`: the sandbox answers both flavours with EC2's documented MissingParameter
    /// wording (neither service's answer to a bare POST is documented).
    fn missing_action(&self) -> ApiError {
        ApiError::from_aws("MissingAction", "The request must contain the parameter Action")
    }

    /// EC2: "The action Foo is not valid for this web service."; IAM and the other query
    /// services: "Could not find operation Foo for version 2010-05-08".
    fn invalid_action(&self, action: &str) -> ApiError {
        let message = if self.ec2 {
            format!("The action {action} is not valid for this web service.")
        } else {
            let version = self.model_version();
            format!("Could not find operation {action} for version {version}")
        };
        ApiError::from_aws("InvalidAction", message).with_action(action)
    }

    fn model_version(&self) -> String {
        let ns = self.model.metadata_namespace.as_deref().unwrap_or_default();
        ns.trim_end_matches('/').rsplit('/').next().unwrap_or_default().to_string()
    }

    /// A member's name in the form.
    fn wire_name(&self, member: &crate::rest_xml::model::Member) -> String {
        if !self.ec2 {
            return member.location_name.clone().unwrap_or_else(|| member.name.clone());
        }
        if let Some(q) = &member.query_name {
            return q.clone();
        }
        match &member.location_name {
            Some(l) => {
                let mut c = l.chars();
                c.next()
                    .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                    .unwrap_or_default()
            }
            None => member.name.clone(),
        }
    }

    fn structure(
        &self,
        shape: ShapeId,
        prefix: &str,
        form: &BTreeMap<&str, &str>,
    ) -> Result<Value, ApiError> {
        let mut out = Map::new();
        for m in &self.model.shape(shape).members {
            let key = format!("{prefix}{}", self.wire_name(m));
            if let Some(v) = self.value(m.shape, m.flattened, &key, form)? {
                out.insert(m.name.clone(), v);
            }
        }
        Ok(Value::Object(out))
    }

    /// The value at `key`, or `None` when the request says nothing of it.
    fn value(
        &self,
        shape: ShapeId,
        flattened: bool,
        key: &str,
        form: &BTreeMap<&str, &str>,
    ) -> Result<Option<Value>, ApiError> {
        let s = self.model.shape(shape);
        match s.kind {
            Kind::Structure => {
                let nested = format!("{key}.");
                if !has_prefix(form, &nested) {
                    return Ok(None);
                }
                self.structure(shape, &nested, form).map(Some)
            }
            Kind::List => {
                let Some(item) = s.member else { return Ok(None) };
                let items_at = if self.ec2 || flattened || s.flattened {
                    key.to_string()
                } else {
                    format!("{key}.{}", s.member_name.as_deref().unwrap_or("member"))
                };
                let indices = indices(form, &items_at);
                if indices.is_empty() {
                    // The query protocol sends an empty list as `Name=`.
                    return Ok((!self.ec2 && form.contains_key(key)).then(|| Value::Array(vec![])));
                }
                let mut items = Vec::new();
                for i in indices {
                    if let Some(v) = self.value(item, false, &format!("{items_at}.{i}"), form)? {
                        items.push(v);
                    }
                }
                Ok(Some(Value::Array(items)))
            }
            Kind::Map => {
                let entries_at =
                    if flattened || s.flattened { key.to_string() } else { format!("{key}.entry") };
                let mut out = Map::new();
                for i in indices(form, &entries_at) {
                    let at = format!("{entries_at}.{i}");
                    let Some(k) = form.get(format!("{at}.key").as_str()) else { continue };
                    if let Some(vs) = s.value {
                        if let Some(v) = self.value(vs, false, &format!("{at}.value"), form)? {
                            out.insert(k.to_string(), v);
                        }
                    }
                }
                Ok((!out.is_empty()).then_some(Value::Object(out)))
            }
            kind => match form.get(key) {
                None => Ok(None),
                Some(text) => scalar(kind, key, text).map(Some),
            },
        }
    }
}

/// A scalar from its form text. Text that is not of the member's type gets the wording EC2
/// uses for a bad parameter value (the sandbox's choice for IAM too: neither documents it).
fn scalar(kind: Kind, key: &str, text: &str) -> Result<Value, ApiError> {
    let bad = || {
        ApiError::from_aws(
            "InvalidParameterValue",
            format!("Value ({text}) for parameter {key} is invalid."),
        )
    };
    Ok(match kind {
        Kind::Integer | Kind::Long => Value::from(text.trim().parse::<i64>().map_err(|_| bad())?),
        Kind::Float => {
            let f = text.trim().parse::<f64>().ok().filter(|f| f.is_finite()).ok_or_else(bad)?;
            Value::from(f)
        }
        Kind::Boolean => match text.to_ascii_lowercase().as_str() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => return Err(bad()),
        },
        Kind::Timestamp => Value::from(time::parse_any(text).ok_or_else(bad)?),
        _ => Value::String(text.to_string()),
    })
}

fn has_prefix(form: &BTreeMap<&str, &str>, prefix: &str) -> bool {
    form.range(prefix..).next().is_some_and(|(k, _)| k.starts_with(prefix))
}

/// The item numbers under `at` (`at.1`, `at.2.Name`, ...), in numeric order.
fn indices(form: &BTreeMap<&str, &str>, at: &str) -> BTreeSet<u32> {
    let prefix = format!("{at}.");
    form.range(prefix.as_str()..)
        .take_while(|(k, _)| k.starts_with(&prefix))
        .filter_map(|(k, _)| k[prefix.len()..].split('.').next()?.parse::<u32>().ok())
        .filter(|i| *i >= 1)
        .collect()
}

fn xml_answer(status: u16, body: String) -> Response {
    Response {
        status,
        headers: vec![("Content-Type".into(), "text/xml;charset=UTF-8".into())],
        body: body.into_bytes(),
    }
}

#[cfg(test)]
mod tests;
