//! A request's XML payload into JSON along its shape (`None` for anything the shape does not
//! allow, which the caller answers with MalformedXML).

use serde_json::{Map, Number, Value};

use super::model::{Kind, Model, ShapeId};
use super::time;
use super::xml::Element;

pub fn value(model: &Model, shape: ShapeId, el: &Element) -> Option<Value> {
    let s = model.shape(shape);
    match s.kind {
        Kind::Structure => {
            let mut out = Map::new();
            for m in &s.members {
                let ms = model.shape(m.shape);
                let name = m.wire_name();
                if ms.kind == Kind::List && (m.flattened || ms.flattened) {
                    let item = ms.member?;
                    let items: Vec<Value> = el
                        .children_named(name)
                        .map(|c| value(model, item, c))
                        .collect::<Option<_>>()?;
                    if !items.is_empty() {
                        out.insert(m.name.clone(), Value::Array(items));
                    }
                } else if let Some(c) = el.child(name) {
                    out.insert(m.name.clone(), value(model, m.shape, c)?);
                }
            }
            Some(Value::Object(out))
        }
        Kind::List => {
            let item = s.member?;
            let name = s.member_name.as_deref().unwrap_or("member");
            el.children_named(name)
                .map(|c| value(model, item, c))
                .collect::<Option<_>>()
                .map(Value::Array)
        }
        Kind::Map => {
            let (k, v) = (s.key?, s.value?);
            let mut out = Map::new();
            for entry in el.children_named("entry") {
                let key = value(model, k, entry.child("key")?)?;
                let val = value(model, v, entry.child("value")?)?;
                out.insert(key.as_str()?.to_string(), val);
            }
            Some(Value::Object(out))
        }
        Kind::Integer | Kind::Long => {
            el.text.trim().parse::<i64>().ok().map(|n| Value::Number(n.into()))
        }
        Kind::Float => {
            el.text.trim().parse::<f64>().ok().and_then(Number::from_f64).map(Value::Number)
        }
        Kind::Boolean => match el.text.trim() {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
        Kind::Timestamp => time::parse_any(&el.text).and_then(Number::from_f64).map(Value::Number),
        Kind::Blob | Kind::String => Some(Value::String(el.text.clone())),
    }
}
