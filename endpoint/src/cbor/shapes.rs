//! What the CBOR codec needs from botocore's service models: which members are blobs (CBOR
//! byte strings) and which are timestamps (CBOR tag 1), per operation's input and output. JSON
//! carries both as plain strings and numbers, so only the model can tell them apart.
//!
//! The models are the engine's copies (`engine/models/`), embedded here and decoded on first
//! use. Only shape kinds are kept: a few thousand small entries for all three services.

use std::collections::BTreeMap;
use std::io::Read;
use std::sync::OnceLock;

use serde::Deserialize;

/// The models of the services the endpoint serves, by `X-Amz-Target` prefix.
const SOURCES: [(&str, &[u8]); 3] = [
    (
        "Kinesis_20131202",
        include_bytes!("../../../engine/models/kinesis/2013-12-02/service-2.json.gz"),
    ),
    (
        "Firehose_20150804",
        include_bytes!("../../../engine/models/firehose/2015-08-04/service-2.json.gz"),
    ),
    (
        "KinesisAnalytics_20150814",
        include_bytes!("../../../engine/models/kinesisanalytics/2015-08-14/service-2.json.gz"),
    ),
];

/// How a shape travels in CBOR.
#[derive(Debug)]
pub enum Kind {
    /// Members by name.
    Structure(BTreeMap<String, usize>),
    List(usize),
    /// The values' shape (keys are strings).
    Map(usize),
    Blob,
    Timestamp,
    /// Strings, numbers, booleans: the same in JSON and CBOR.
    Scalar,
}

/// One service's shapes, numbered, and its operations' input and output shapes.
#[derive(Debug, Default)]
pub struct Model {
    kinds: Vec<Kind>,
    operations: BTreeMap<String, (Option<usize>, Option<usize>)>,
}

/// A shape inside a model: what the codec walks with.
#[derive(Clone, Copy)]
pub struct Shape<'a> {
    model: &'a Model,
    id: usize,
}

impl<'a> Shape<'a> {
    pub fn kind(&self) -> &'a Kind {
        &self.model.kinds[self.id]
    }

    pub fn at(&self, id: usize) -> Shape<'a> {
        Shape { model: self.model, id }
    }

    /// A structure's member, or nothing (unknown members travel without a shape).
    pub fn member(&self, name: &str) -> Option<Shape<'a>> {
        match self.kind() {
            Kind::Structure(members) => members.get(name).map(|&id| self.at(id)),
            _ => None,
        }
    }
}

/// Direction of a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Input,
    Output,
}

/// The input or output shape of `target` (`Kinesis_20131202.GetRecords`), if the model has it.
pub fn of(target: &str, side: Side) -> Option<Shape<'static>> {
    let (prefix, operation) = target.split_once('.')?;
    let index = SOURCES.iter().position(|(p, _)| *p == prefix)?;
    let model = MODELS[index].get_or_init(|| Model::load(SOURCES[index].1));
    let (input, output) = model.operations.get(operation)?;
    let id = match side {
        Side::Input => (*input)?,
        Side::Output => (*output)?,
    };
    Some(Shape { model, id })
}

/// Whether `prefix` (`Kinesis_20131202`) is one of the served services' target prefixes.
pub fn is_served_service(prefix: &str) -> bool {
    SOURCES.iter().any(|(p, _)| *p == prefix)
}

static MODELS: [OnceLock<Model>; 3] = [const { OnceLock::new() }; 3];

#[derive(Deserialize)]
struct RawModel {
    operations: BTreeMap<String, RawOperation>,
    shapes: BTreeMap<String, RawShape>,
}

#[derive(Deserialize)]
struct RawOperation {
    input: Option<RawRef>,
    output: Option<RawRef>,
}

#[derive(Deserialize)]
struct RawRef {
    shape: String,
}

#[derive(Deserialize)]
struct RawShape {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    members: BTreeMap<String, RawRef>,
    member: Option<RawRef>,
    value: Option<RawRef>,
}

impl Model {
    /// An embedded model that does not decode is a build defect; the codec then sees no shapes
    /// and sends every value as its JSON type, which is still well-formed CBOR.
    fn load(gz: &[u8]) -> Model {
        let mut text = Vec::new();
        if flate2::read::GzDecoder::new(gz).read_to_end(&mut text).is_err() {
            return Model::default();
        }
        match serde_json::from_slice::<RawModel>(&text) {
            Ok(raw) => Model::index(raw),
            Err(_) => Model::default(),
        }
    }

    fn index(raw: RawModel) -> Model {
        let ids: BTreeMap<&str, usize> =
            raw.shapes.keys().enumerate().map(|(i, name)| (name.as_str(), i)).collect();
        // A reference to a shape the model lacks points at a scalar placeholder at the end.
        let missing = ids.len();
        let id = |r: &RawRef| ids.get(r.shape.as_str()).copied().unwrap_or(missing);
        let mut kinds: Vec<Kind> = raw
            .shapes
            .values()
            .map(|shape| match shape.kind.as_str() {
                "structure" => {
                    Kind::Structure(shape.members.iter().map(|(n, r)| (n.clone(), id(r))).collect())
                }
                "list" => shape.member.as_ref().map_or(Kind::Scalar, |m| Kind::List(id(m))),
                "map" => shape.value.as_ref().map_or(Kind::Scalar, |v| Kind::Map(id(v))),
                "blob" => Kind::Blob,
                "timestamp" => Kind::Timestamp,
                _ => Kind::Scalar,
            })
            .collect();
        kinds.push(Kind::Scalar);
        let operations = raw
            .operations
            .iter()
            .map(|(name, op)| {
                (name.clone(), (op.input.as_ref().map(id), op.output.as_ref().map(id)))
            })
            .collect();
        Model { kinds, operations }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind_at(target: &str, side: Side, path: &[&str]) -> String {
        let mut shape = of(target, side).expect("operation in the model");
        for step in path {
            shape = match (*step, shape.kind()) {
                ("[]", Kind::List(id)) => shape.at(*id),
                ("{}", Kind::Map(id)) => shape.at(*id),
                (name, _) => shape.member(name).expect(name),
            };
        }
        format!("{:?}", shape.kind()).split('(').next().unwrap_or_default().to_owned()
    }

    #[test]
    fn blobs_and_timestamps_are_found_where_the_model_puts_them() {
        let records = "Kinesis_20131202.GetRecords";
        assert_eq!(kind_at(records, Side::Output, &["Records", "[]", "Data"]), "Blob");
        assert_eq!(
            kind_at(records, Side::Output, &["Records", "[]", "ApproximateArrivalTimestamp"]),
            "Timestamp"
        );
        assert_eq!(kind_at(records, Side::Output, &["Records", "[]", "PartitionKey"]), "Scalar");
        assert_eq!(
            kind_at("Kinesis_20131202.GetShardIterator", Side::Input, &["Timestamp"]),
            "Timestamp"
        );
        assert_eq!(
            kind_at(
                "Kinesis_20131202.DescribeStreamSummary",
                Side::Output,
                &["StreamDescriptionSummary", "StreamCreationTimestamp"]
            ),
            "Timestamp"
        );
        assert_eq!(
            kind_at("Firehose_20150804.PutRecordBatch", Side::Input, &["Records", "[]", "Data"]),
            "Blob"
        );
    }

    #[test]
    fn unknown_targets_have_no_shape() {
        assert!(of("Kinesis_20131202.NoSuchThing", Side::Input).is_none());
        assert!(of("Nope_1.ListStreams", Side::Input).is_none());
        assert!(of("Kinesis_20131202", Side::Input).is_none());
    }
}
