//! What the codec reads from a botocore model: each operation's HTTP binding (method, URI
//! template, literal query parameters, status) and each shape's wire layout (member locations,
//! XML names, flattened lists, timestamp formats, the payload member).

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::Value;

use crate::ServiceModel;

pub type ShapeId = usize;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    String,
    Integer,
    Long,
    Boolean,
    Float,
    Timestamp,
    Blob,
    List,
    Map,
    Structure,
}

/// Where a member travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Location {
    Body,
    Uri,
    Query,
    Header,
    /// A map of headers sharing a prefix (`x-amz-meta-`).
    Headers,
    StatusCode,
}

#[derive(Debug)]
pub struct Member {
    pub name: String,
    pub shape: ShapeId,
    pub location: Location,
    /// The header, query parameter, URI label or XML element name.
    pub location_name: Option<String>,
    pub flattened: bool,
    pub timestamp_format: Option<String>,
    /// EC2's name for the member in a form-encoded request (`queryName`), where it differs
    /// from the capitalised `locationName`.
    pub query_name: Option<String>,
}

impl Member {
    /// The element, header or parameter name on the wire.
    pub fn wire_name(&self) -> &str {
        self.location_name.as_deref().unwrap_or(&self.name)
    }
}

#[derive(Debug)]
pub struct Shape {
    pub name: String,
    pub kind: Kind,
    pub members: Vec<Member>,
    pub required: Vec<String>,
    pub payload: Option<String>,
    /// A list's member (its `locationName` names each item of a wrapped list).
    pub member: Option<ShapeId>,
    pub member_name: Option<String>,
    pub key: Option<ShapeId>,
    pub value: Option<ShapeId>,
    pub flattened: bool,
    pub timestamp_format: Option<String>,
    /// An element name the shape carries itself (a payload structure's root).
    pub location_name: Option<String>,
}

impl Shape {
    pub fn member(&self, name: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.name == name)
    }
}

/// One piece of a URI template's path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    /// `{Bucket}`
    Label(String),
    /// `{Key+}`: the rest of the path, slashes and all.
    Greedy(String),
    Literal(String),
}

#[derive(Debug)]
pub struct Operation {
    pub name: String,
    pub method: String,
    pub path: Vec<Segment>,
    /// `?uploads`, `?list-type=2`: query parameters the template fixes.
    pub query_literals: Vec<(String, Option<String>)>,
    pub input: Option<ShapeId>,
    pub output: Option<ShapeId>,
    pub status: u16,
    /// The query protocol's `<OpResult>` element around the output (`resultWrapper`).
    pub result_wrapper: Option<String>,
}

#[derive(Debug)]
pub struct Model {
    pub operations: Vec<Operation>,
    pub shapes: Vec<Shape>,
    pub xml_namespace: Option<String>,
    /// `metadata.protocol`: `rest-xml`, `query`, `ec2`.
    pub protocol: String,
    /// `metadata.xmlNamespace`, which query and EC2 answers carry.
    pub metadata_namespace: Option<String>,
}

/// A JSON object read in document order (serde_json's map sorts its keys): botocore's member
/// order is the order AWS writes elements in.
#[derive(Debug)]
struct Ordered<T>(Vec<(String, T)>);

impl<T> Default for Ordered<T> {
    fn default() -> Self {
        Ordered(Vec::new())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Ordered<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for V<T> {
            type Value = Ordered<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut a: A,
            ) -> Result<Ordered<T>, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = a.next_entry::<String, T>()? {
                    out.push((k, v));
                }
                Ok(Ordered(out))
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

#[derive(Deserialize)]
struct ModelDoc {
    #[serde(default)]
    metadata: Value,
    #[serde(default)]
    operations: Ordered<Value>,
    #[serde(default)]
    shapes: Ordered<ShapeDoc>,
}

#[derive(Deserialize)]
struct ShapeDoc {
    #[serde(flatten)]
    rest: Value,
    #[serde(default)]
    members: Ordered<Value>,
}

impl Model {
    /// Reads an embedded model (`service-2.json` as the engine's build compacted it).
    pub fn load(source: &ServiceModel) -> Option<Model> {
        Model::from_text(source.service)
    }

    /// Reads `service-2.json`, keeping the order of members.
    pub fn from_text(text: &str) -> Option<Model> {
        let doc: ModelDoc = serde_json::from_str(text).ok()?;
        let index: HashMap<&str, usize> =
            doc.shapes.0.iter().enumerate().map(|(i, (k, _))| (k.as_str(), i)).collect();
        let target = |v: &Value| v["shape"].as_str().and_then(|n| index.get(n).copied());
        let shapes = doc.shapes.0.iter().map(|(name, d)| shape(name, d, &target)).collect();
        let operations =
            doc.operations.0.iter().map(|(name, d)| operation(name, d, &target)).collect();
        let xml_namespace = doc
            .shapes
            .0
            .iter()
            .find_map(|(_, d)| {
                d.members.0.iter().find_map(|(_, m)| m["xmlNamespace"]["uri"].as_str())
            })
            .map(str::to_string);
        let protocol = self::text(&doc.metadata, "protocol").unwrap_or_default();
        let metadata_namespace = self::text(&doc.metadata, "xmlNamespace");
        Some(Model { operations, shapes, xml_namespace, protocol, metadata_namespace })
    }

    pub fn shape(&self, id: ShapeId) -> &Shape {
        &self.shapes[id]
    }

    pub fn operation(&self, name: &str) -> Option<&Operation> {
        self.operations.iter().find(|o| o.name == name)
    }
}

fn text(v: &Value, key: &str) -> Option<String> {
    v[key].as_str().map(str::to_string)
}

fn shape(name: &str, doc: &ShapeDoc, target: &impl Fn(&Value) -> Option<ShapeId>) -> Shape {
    let d = &doc.rest;
    let kind = match d["type"].as_str().unwrap_or("string") {
        "integer" => Kind::Integer,
        "long" => Kind::Long,
        "boolean" => Kind::Boolean,
        "double" | "float" => Kind::Float,
        "timestamp" => Kind::Timestamp,
        "blob" => Kind::Blob,
        "list" => Kind::List,
        "map" => Kind::Map,
        "structure" => Kind::Structure,
        _ => Kind::String,
    };
    let members = Some(&doc.members.0)
        .map(|ms| {
            ms.iter()
                .filter_map(|(mname, m)| {
                    Some(Member {
                        name: mname.clone(),
                        shape: target(m)?,
                        location: match m["location"].as_str() {
                            Some("uri") => Location::Uri,
                            Some("querystring") => Location::Query,
                            Some("header") => Location::Header,
                            Some("headers") => Location::Headers,
                            Some("statusCode") => Location::StatusCode,
                            _ => Location::Body,
                        },
                        location_name: text(m, "locationName"),
                        flattened: m["flattened"].as_bool().unwrap_or(false),
                        timestamp_format: text(m, "timestampFormat"),
                        query_name: text(m, "queryName"),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let strings = |k: &str| {
        d[k].as_array()
            .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
            .unwrap_or_default()
    };
    Shape {
        name: name.to_string(),
        kind,
        members,
        required: strings("required"),
        payload: text(d, "payload"),
        member: target(&d["member"]),
        member_name: text(&d["member"], "locationName"),
        key: target(&d["key"]),
        value: target(&d["value"]),
        flattened: d["flattened"].as_bool().unwrap_or(false),
        timestamp_format: text(d, "timestampFormat"),
        location_name: text(d, "locationName"),
    }
}

fn operation(name: &str, d: &Value, target: &impl Fn(&Value) -> Option<ShapeId>) -> Operation {
    let uri = d["http"]["requestUri"].as_str().unwrap_or("/");
    let (path, query) = uri.split_once('?').unwrap_or((uri, ""));
    let path = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(label) => match label.strip_suffix('+') {
                Some(greedy) => Segment::Greedy(greedy.to_string()),
                None => Segment::Label(label.to_string()),
            },
            None => Segment::Literal(s.to_string()),
        })
        .collect();
    let query_literals = query
        .split('&')
        .filter(|q| !q.is_empty())
        .map(|q| match q.split_once('=') {
            Some((k, v)) => (k.to_string(), Some(v.to_string())),
            None => (q.to_string(), None),
        })
        .collect();
    Operation {
        name: name.to_string(),
        method: d["http"]["method"].as_str().unwrap_or("GET").to_string(),
        path,
        query_literals,
        input: target(&d["input"]),
        output: target(&d["output"]),
        status: d["http"]["responseCode"].as_u64().map_or(200, |c| c as u16),
        result_wrapper: text(&d["output"], "resultWrapper"),
    }
}
