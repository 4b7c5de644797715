//! The high-level commands' argument tables (their `ARG_TABLE`s, in order) and how a command
//! line becomes their values: awscli's `BasicCommand` parses with argparse, refuses what it
//! does not know ("Unknown options: a,b"), then unpacks and validates each option with a
//! schema in table order.

use super::super::argparse::{Nargs, OptSpec, Parser, Value};
use super::super::error::CliError;
use super::super::json::Json;
use super::super::unpack::{self, BinaryFormat};
use super::super::validate;
use super::schemas;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A string option.
    Text,
    /// An option of `cli_type_name` integer.
    Int,
    /// `store_true`.
    Flag,
    /// An option with a JSON schema (schemas.json has it under the option's name).
    Schema,
    /// An option of the real command the console does not take; its nargs.
    Unsupported(Nargs),
}

pub(super) struct Def {
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
}

const fn def(name: &'static str, kind: Kind) -> Def {
    Def { name, kind, required: false }
}

const fn required(name: &'static str, kind: Kind) -> Def {
    Def { name, kind, required: true }
}

use Kind::{Flag, Int, Schema, Text, Unsupported};

/// ssh.py's SSH.ARG_TABLE.
const SSH: &[Def] =
    &[required("cluster-id", Text), required("key-pair-file", Text), def("command", Text)];

/// createcluster.py's ARG_TABLE.
const CREATE_CLUSTER: &[Def] = &[
    def("release-label", Text),
    def("os-release-label", Text),
    def("ami-version", Text),
    def("instance-groups", Schema),
    def("instance-type", Text),
    def("instance-count", Text),
    def("auto-terminate", Flag),
    def("no-auto-terminate", Flag),
    def("instance-fleets", Unsupported(Nargs::Plus)),
    def("name", Text),
    def("log-uri", Text),
    def("log-encryption-kms-key-id", Text),
    def("service-role", Text),
    def("auto-scaling-role", Text),
    def("use-default-roles", Flag),
    def("configurations", Text),
    def("ec2-attributes", Schema),
    def("termination-protected", Flag),
    def("no-termination-protected", Flag),
    def("unhealthy-node-replacement", Flag),
    def("no-unhealthy-node-replacement", Flag),
    def("scale-down-behavior", Text),
    def("visible-to-all-users", Flag),
    def("no-visible-to-all-users", Flag),
    def("enable-debugging", Flag),
    def("no-enable-debugging", Flag),
    def("tags", Schema),
    def("bootstrap-actions", Schema),
    def("applications", Schema),
    def("emrfs", Unsupported(Nargs::One)),
    def("steps", Schema),
    def("additional-info", Text),
    def("restore-from-hbase-backup", Unsupported(Nargs::One)),
    def("security-configuration", Text),
    def("custom-ami-id", Text),
    def("ebs-root-volume-size", Text),
    def("ebs-root-volume-iops", Text),
    def("ebs-root-volume-throughput", Text),
    def("repo-upgrade-on-boot", Text),
    def("kerberos-attributes", Unsupported(Nargs::One)),
    def("step-concurrency-level", Int),
    def("step-execution-role-arn", Text),
    def("managed-scaling-policy", Unsupported(Nargs::One)),
    def("placement-group-configs", Unsupported(Nargs::Plus)),
    def("auto-termination-policy", Schema),
    def("monitoring-configuration", Unsupported(Nargs::One)),
    def("extended-support", Flag),
    def("no-extended-support", Flag),
];

const ADD_STEPS: &[Def] =
    &[required("cluster-id", Text), required("steps", Schema), def("execution-role-arn", Text)];

const DESCRIBE_CLUSTER: &[Def] = &[required("cluster-id", Text)];

const TERMINATE_CLUSTERS: &[Def] = &[required("cluster-ids", Schema)];

const MODIFY_CLUSTER_ATTRIBUTES: &[Def] = &[
    required("cluster-id", Text),
    def("visible-to-all-users", Flag),
    def("no-visible-to-all-users", Flag),
    def("termination-protected", Flag),
    def("no-termination-protected", Flag),
    def("auto-terminate", Flag),
    def("no-auto-terminate", Flag),
    def("unhealthy-node-replacement", Flag),
    def("no-unhealthy-node-replacement", Flag),
];

const ADD_INSTANCE_GROUPS: &[Def] =
    &[required("cluster-id", Text), required("instance-groups", Schema)];

/// The argument table of a command the console runs.
pub(super) fn table(command: &str) -> Option<&'static [Def]> {
    Some(match command {
        "create-cluster" => CREATE_CLUSTER,
        "add-steps" => ADD_STEPS,
        "describe-cluster" => DESCRIBE_CLUSTER,
        "terminate-clusters" => TERMINATE_CLUSTERS,
        "modify-cluster-attributes" => MODIFY_CLUSTER_ATTRIBUTES,
        "add-instance-groups" => ADD_INSTANCE_GROUPS,
        "ssh" => SSH,
        _ => return None,
    })
}

/// One command's option values, unpacked.
#[derive(Default)]
pub(crate) struct Args {
    values: Vec<(&'static str, Json)>,
    flags: Vec<&'static str>,
}

impl Args {
    pub fn value(&self, name: &str) -> Option<&Json> {
        self.values.iter().find(|(k, _)| *k == name).map(|(_, v)| v)
    }

    pub fn text(&self, name: &str) -> Option<&str> {
        self.value(name).and_then(Json::as_str)
    }

    pub fn flag(&self, name: &str) -> bool {
        self.flags.contains(&name)
    }

    pub(super) fn parse(
        command: &str,
        table: &'static [Def],
        words: &[String],
        binary: BinaryFormat,
    ) -> Result<Args, CliError> {
        if words.first().map(String::as_str) == Some("help") {
            return Err(CliError::help(help(command, table)));
        }
        let specs: Vec<OptSpec> = table
            .iter()
            .map(|d| OptSpec {
                name: d.name.to_string(),
                nargs: nargs(d),
                required: d.required,
                choices: Vec::new(),
            })
            .collect();
        let parser = Parser { specs: &specs, positional: None, positional_required: false };
        let parsed = parser.parse(words).map_err(CliError::usage)?;
        if !parsed.remaining.is_empty() {
            return Err(CliError::exception(format!(
                "Unknown options: {}",
                parsed.remaining.join(",")
            )));
        }
        let mut args = Args::default();
        for (i, d) in table.iter().enumerate() {
            let Some(value) = parsed.get(i) else { continue };
            let option = format!("--{}", d.name);
            match d.kind {
                Flag => args.flags.push(d.name),
                Text | Int => {
                    let text = match value {
                        Value::One(t) => t.clone(),
                        Value::Many(v) => v.join(" "),
                        Value::Flag => String::new(),
                    };
                    no_files(&option, &text)?;
                    let json = if d.kind == Int {
                        let n = unpack::python_int(&text).ok_or_else(|| {
                            CliError::exception(format!(
                                "invalid literal for int() with base 10: {}",
                                super::super::argparse::python_repr(&text)
                            ))
                        })?;
                        Json::Int(n.into())
                    } else {
                        Json::String(text)
                    };
                    args.values.push((d.name, json));
                }
                Schema => {
                    let service = schemas();
                    let Some(op) = service.operation_by_name(d.name) else { continue };
                    let Some(shape) = op.input else { continue };
                    let json = unpack::option_value(service, op, shape, &option, value, binary)?;
                    validate::validate(service, shape, &json)?;
                    args.values.push((d.name, json));
                }
                Unsupported(_) => {
                    return Err(CliError::unsupported(format!(
                        "aws emr {command} {option} is not available in this console: the sandbox's clusters use instance groups, HDFS and EMRFS without these settings."
                    )));
                }
            }
        }
        if command == "create-cluster" && args.value("name").is_none() {
            args.values.push(("name", Json::String("Development Cluster".into())));
        }
        Ok(args)
    }
}

fn nargs(d: &Def) -> Nargs {
    match d.kind {
        Flag => Nargs::Zero,
        Text | Int => Nargs::One,
        Unsupported(n) => n,
        Schema => {
            let service = schemas();
            let list = service
                .operation_by_name(d.name)
                .and_then(|op| op.input)
                .is_some_and(|s| service.shape(s).member.is_some());
            if list {
                Nargs::Plus
            } else {
                Nargs::One
            }
        }
    }
}

/// The console has no files for `file://` parameters to name.
fn no_files(option: &str, text: &str) -> Result<(), CliError> {
    if text.starts_with("file://") || text.starts_with("fileb://") {
        return Err(CliError::unsupported(format!(
            "Error parsing parameter '{option}': the console has no files to read {text} from; \
             pass the value inline instead."
        )));
    }
    Ok(())
}

/// A short help page: the command and its options.
fn help(command: &str, table: &[Def]) -> String {
    let mut out = format!(
        "{}()\n\nNAME\n       {command} -\n\nSYNOPSIS\n            {command}\n",
        command.to_uppercase()
    );
    for d in table {
        let shown = match d.kind {
            Flag => format!("--{}", d.name),
            _ => format!("--{} <value>", d.name),
        };
        if d.required {
            out.push_str(&format!("          {shown}\n"));
        } else {
            out.push_str(&format!("          [{shown}]\n"));
        }
    }
    out
}
