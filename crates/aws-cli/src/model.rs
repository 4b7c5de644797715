//! botocore's service models, embedded and decoded on first use. Each model is up to a hundred
//! KB of JSON, so only the service a command line names is ever parsed, and the result is
//! cached for the life of the page.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::json::Json;
use super::names::xform_name;
use aws_api::{ServiceInfo, ServiceModel};

/// The most services one [`Cli`] can hold (the registry lists fewer).
const MAX_SERVICES: usize = 16;

/// The AWS CLI over a set of services: the registry entries that carry a botocore model, each
/// model decoded on first use and kept for the life of the page. Built at compile time, so a
/// `static` holds it: `static CLI: Cli = Cli::new(engine::services::SERVICES);`.
pub struct Cli {
    services: &'static [ServiceInfo],
    cache: [OnceLock<Option<Service>>; MAX_SERVICES],
}

impl Cli {
    pub const fn new(services: &'static [ServiceInfo]) -> Self {
        assert!(services.len() <= MAX_SERVICES, "raise MAX_SERVICES");
        Cli { services, cache: [const { OnceLock::new() }; MAX_SERVICES] }
    }

    /// The CLI names of the services with a model, in the order `aws help` lists them
    /// (alphabetical).
    pub fn service_names(&self) -> Vec<&'static str> {
        let mut names: Vec<_> =
            self.services.iter().filter(|s| s.model.is_some()).map(|s| s.cli_name).collect();
        names.sort_unstable();
        names
    }

    /// The model for `aws <cli_name>`, decoded on first use.
    pub(crate) fn service(&self, cli_name: &str) -> Option<&Service> {
        let index = self.services.iter().position(|s| s.cli_name == cli_name)?;
        let info = &self.services[index];
        let model = info.model.as_ref()?;
        self.cache[index].get_or_init(|| Service::load(info, model)).as_ref()
    }

    /// The model whose calls are named `<prefix>.<Action>`: a JSON 1.1 service's
    /// `X-Amz-Target` prefix (`Kinesis_20131202`), another protocol's registry name (`s3`). The
    /// registry knows the prefix, so no other model is inflated to find it.
    pub(crate) fn service_for_target_prefix(&self, prefix: &str) -> Option<&Service> {
        let info = self.services.iter().find(|s| call_prefix(s) == prefix)?;
        self.service(info.cli_name)
    }
}

/// What names a service's calls: the `X-Amz-Target` prefix of a JSON 1.1 service, the
/// registry name of a REST-XML or query one.
pub(crate) fn call_prefix(info: &ServiceInfo) -> &'static str {
    info.protocol.target_prefix().unwrap_or(info.name)
}

/// Commands awscli removes from a service (awscli/customizations/removals.py): the console
/// cannot hold an event stream open.
const REMOVED_COMMANDS: &[(&str, &str)] = &[("kinesis", "subscribe-to-shard")];

/// Commands awscli hides from `aws emr` (removals.py) because its own high-level commands
/// (`create-cluster`, `add-steps`, ...) stand in for them. The operations stay in the model:
/// those commands, boto3 and the endpoint still call them.
const HIDDEN_COMMANDS: &[(&str, &str)] = &[
    ("emr", "run-job-flow"),
    ("emr", "describe-job-flows"),
    ("emr", "add-job-flow-steps"),
    ("emr", "terminate-job-flows"),
    ("emr", "list-bootstrap-actions"),
    ("emr", "list-instance-groups"),
    ("emr", "set-termination-protection"),
    ("emr", "set-keep-job-flow-alive-when-no-steps"),
    ("emr", "set-visible-to-all-users"),
    ("emr", "set-unhealthy-node-replacement"),
];

/// Options awscli renames because they clash with a global option
/// (awscli/customizations/argrename.py).
const RENAMED_OPTIONS: &[(&str, &str, &str, &str)] =
    &[("kinesisanalytics", "add-application-output", "output", "application-output")];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShapeType {
    String,
    Integer,
    Long,
    Boolean,
    Double,
    Float,
    Timestamp,
    Blob,
    List,
    Map,
    Structure,
}

impl ShapeType {
    pub fn is_scalar(self) -> bool {
        !matches!(self, ShapeType::List | ShapeType::Map | ShapeType::Structure)
    }

    /// The name botocore's validator uses in "Invalid type" messages.
    pub fn python_name(self) -> &'static str {
        match self {
            ShapeType::String => "string",
            ShapeType::Integer => "integer",
            ShapeType::Long => "long",
            ShapeType::Boolean => "boolean",
            ShapeType::Double => "double",
            ShapeType::Float => "float",
            ShapeType::Timestamp => "timestamp",
            ShapeType::Blob => "blob",
            ShapeType::List => "list",
            ShapeType::Map => "map",
            ShapeType::Structure => "structure",
        }
    }
}

pub type ShapeId = usize;

#[derive(Debug)]
pub struct Shape {
    pub kind: ShapeType,
    pub enum_values: Vec<String>,
    pub members: Vec<Member>,
    pub required: Vec<String>,
    /// List member.
    pub member: Option<ShapeId>,
    pub key: Option<ShapeId>,
    pub value: Option<ShapeId>,
    /// botocore validates only `min`; `max` is left to the service.
    pub min: Option<f64>,
}

impl Shape {
    pub fn member(&self, name: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.name == name)
    }
}

#[derive(Debug)]
pub struct Member {
    pub name: String,
    pub shape: ShapeId,
    pub documentation: String,
}

#[derive(Debug)]
pub struct Operation {
    /// The API name: `CreateStream`.
    pub name: String,
    /// The CLI name: `create-stream`.
    pub cli_name: String,
    pub input: Option<ShapeId>,
    pub output: Option<ShapeId>,
    pub documentation: String,
}

#[derive(Debug, Clone)]
pub struct Paginator {
    pub input_token: Vec<String>,
    pub output_token: Vec<String>,
    pub more_results: Option<String>,
    pub limit_key: Option<String>,
    pub result_key: Vec<String>,
    pub non_aggregate_keys: Vec<String>,
}

#[derive(Debug)]
pub struct Service {
    pub cli_name: &'static str,
    pub target_prefix: String,
    pub documentation: String,
    pub operations: Vec<Operation>,
    shapes: Vec<Shape>,
    paginators: Vec<(String, Paginator)>,
}

impl Service {
    fn load(info: &ServiceInfo, source: &ServiceModel) -> Option<Service> {
        let model = Json::parse(source.service).ok()?;
        let paginators = Json::parse(source.paginators).ok()?;
        let mut service = Service::from_json(info.cli_name, &model, &paginators);
        if service.target_prefix.is_empty() {
            service.target_prefix = call_prefix(info).to_string();
        }
        Some(service)
    }

    pub(crate) fn from_json(cli_name: &'static str, model: &Json, paginators: &Json) -> Service {
        let metadata = model.get("metadata");
        let meta = |k: &str| metadata.and_then(|m| m.get(k)).and_then(Json::as_str);
        let mut shapes = Vec::new();
        let mut index = HashMap::new();
        if let Some(Json::Object(defs)) = model.get("shapes") {
            for (i, (name, _)) in defs.iter().enumerate() {
                index.insert(name.clone(), i);
            }
            for (name, def) in defs {
                shapes.push(parse_shape(name, def, &index));
            }
        }
        let mut operations = Vec::new();
        if let Some(Json::Object(ops)) = model.get("operations") {
            for (name, def) in ops {
                let cli = xform_name(name);
                if REMOVED_COMMANDS.contains(&(cli_name, cli.as_str())) {
                    continue;
                }
                let shape_of = |k: &str| {
                    def.get(k)
                        .and_then(|s| s.get("shape"))
                        .and_then(Json::as_str)
                        .and_then(|n| index.get(n).copied())
                };
                operations.push(Operation {
                    name: name.clone(),
                    cli_name: cli,
                    input: shape_of("input"),
                    output: shape_of("output"),
                    documentation: doc(def),
                });
            }
        }
        let mut pages = Vec::new();
        if let Some(Json::Object(defs)) = paginators.get("pagination") {
            for (name, def) in defs {
                pages.push((name.clone(), parse_paginator(def)));
            }
        }
        Service {
            cli_name,
            target_prefix: meta("targetPrefix").unwrap_or_default().to_string(),
            documentation: doc(model),
            operations,
            shapes,
            paginators: pages,
        }
    }

    pub fn shape(&self, id: ShapeId) -> &Shape {
        &self.shapes[id]
    }

    /// The operation behind the CLI command `cli_name`, unless awscli hides that command.
    pub fn operation(&self, cli_name: &str) -> Option<&Operation> {
        self.operations.iter().find(|o| o.cli_name == cli_name && !self.is_hidden(o))
    }

    fn is_hidden(&self, op: &Operation) -> bool {
        HIDDEN_COMMANDS.contains(&(self.cli_name, op.cli_name.as_str()))
    }

    /// The service's command table in awscli's order: the model's commands (a high-level
    /// command of the same name replaces one in place), then the high-level commands the CLI
    /// adds (`aws emr create-cluster`, ...), then `wait`.
    pub fn command_names(&self) -> Vec<String> {
        let extra = super::emr::commands(self.cli_name);
        let mut names: Vec<String> = self
            .operations
            .iter()
            .filter(|o| !self.is_hidden(o))
            .map(|o| o.cli_name.clone())
            .collect();
        for command in extra {
            if !names.iter().any(|n| n == command) {
                names.push(command.to_string());
            }
        }
        if self.has_waiters() {
            names.push("wait".into());
        }
        names
    }

    pub fn operation_by_name(&self, name: &str) -> Option<&Operation> {
        self.operations.iter().find(|o| o.name == name)
    }

    /// Whether the CLI adds a `wait` command (the service ships waiters-2.json: Kinesis and
    /// EMR).
    pub fn has_waiters(&self) -> bool {
        !super::waiters::waiters(self.cli_name).is_empty()
    }

    pub fn paginator(&self, operation: &str) -> Option<&Paginator> {
        self.paginators.iter().find(|(n, _)| n == operation).map(|(_, p)| p)
    }

    /// The option name for a member of an operation's input: `--stream-name`, minus the dashes.
    pub fn option_name(&self, operation: &Operation, member: &str) -> String {
        let plain = xform_name(member);
        for (svc, op, from, to) in RENAMED_OPTIONS {
            if *svc == self.cli_name && *op == operation.cli_name && *from == plain {
                return to.to_string();
            }
        }
        plain
    }
}

fn doc(def: &Json) -> String {
    def.get("documentation").and_then(Json::as_str).unwrap_or_default().to_string()
}

fn parse_shape(name: &str, def: &Json, index: &HashMap<String, usize>) -> Shape {
    let target = |k: &str| {
        def.get(k)
            .and_then(|m| m.get("shape"))
            .and_then(Json::as_str)
            .and_then(|n| index.get(n).copied())
    };
    let kind = match def.get("type").and_then(Json::as_str).unwrap_or("string") {
        "integer" => ShapeType::Integer,
        "long" => ShapeType::Long,
        "boolean" => ShapeType::Boolean,
        "double" => ShapeType::Double,
        "float" => ShapeType::Float,
        "timestamp" => ShapeType::Timestamp,
        "blob" => ShapeType::Blob,
        "list" => ShapeType::List,
        "map" => ShapeType::Map,
        "structure" => ShapeType::Structure,
        _ => ShapeType::String,
    };
    let strings = |k: &str| match def.get(k) {
        Some(Json::Array(items)) => {
            items.iter().filter_map(Json::as_str).map(String::from).collect()
        }
        _ => Vec::new(),
    };
    let number = |k: &str| match def.get(k) {
        Some(Json::Int(i)) => Some(*i as f64),
        Some(Json::Float(f)) => Some(*f),
        _ => None,
    };
    let mut members = Vec::new();
    if let Some(Json::Object(defs)) = def.get("members") {
        for (member_name, m) in defs {
            let Some(shape) = m.get("shape").and_then(Json::as_str).and_then(|n| index.get(n))
            else {
                continue;
            };
            members.push(Member {
                name: member_name.clone(),
                shape: *shape,
                documentation: doc(m),
            });
        }
    }
    let _ = name;
    Shape {
        kind,
        enum_values: strings("enum"),
        members,
        required: strings("required"),
        member: target("member"),
        key: target("key"),
        value: target("value"),
        min: number("min"),
    }
}

fn parse_paginator(def: &Json) -> Paginator {
    let list = |k: &str| match def.get(k) {
        Some(Json::String(s)) => vec![s.clone()],
        Some(Json::Array(items)) => {
            items.iter().filter_map(Json::as_str).map(String::from).collect()
        }
        _ => Vec::new(),
    };
    let one = |k: &str| def.get(k).and_then(Json::as_str).map(String::from);
    Paginator {
        input_token: list("input_token"),
        output_token: list("output_token"),
        more_results: one("more_results"),
        limit_key: one("limit_key"),
        result_key: list("result_key"),
        non_aggregate_keys: list("non_aggregate_keys"),
    }
}

/// The first sentence of a model's HTML documentation, as plain text, for help and completion.
pub use aws_api::doc_summary::summary;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_every_service() {
        let cli = &crate::TEST_CLI;
        assert_eq!(
            cli.service_names(),
            [
                "datapipeline",
                "ec2",
                "emr",
                "firehose",
                "iam",
                "importexport",
                "kinesis",
                "kinesisanalytics",
                "s3api",
                "snowball"
            ]
        );
        for name in cli.service_names() {
            let svc = cli.service(name).expect(name);
            assert!(!svc.operations.is_empty(), "{name}");
            assert!(!svc.target_prefix.is_empty(), "{name}");
        }
        let kinesis = cli.service("kinesis").unwrap();
        assert_eq!(kinesis.target_prefix, "Kinesis_20131202");
        assert!(kinesis.operation("create-stream").is_some());
        assert!(kinesis.operation("subscribe-to-shard").is_none());
        assert!(kinesis.paginator("ListShards").is_some());
        // REST-XML has no target prefix: S3's calls are named by its registry name.
        assert_eq!(cli.service("s3api").unwrap().target_prefix, "s3");
    }

    #[test]
    fn summary_is_first_sentence() {
        assert_eq!(summary("<p>Creates a stream. Then more.</p>"), "Creates a stream.");
    }
}
