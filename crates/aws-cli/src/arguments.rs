//! An operation's options, as the AWS CLI builds them: one per input member (two for a
//! boolean: `--flag` and `--no-flag`), then `--cli-input-json`, `--generate-cli-skeleton` and
//! the paging options.

use super::argparse::{Nargs, OptSpec};
use super::model::{self, Operation, Service, ShapeType};

/// What an operation option stands for.
#[derive(Clone, Debug, PartialEq)]
pub enum ArgKind {
    /// A member of the input structure.
    Member {
        member: String,
        shape: model::ShapeId,
    },
    /// `--flag` / `--no-flag` for a boolean member.
    Boolean {
        member: String,
        value: bool,
    },
    CliInputJson,
    GenerateCliSkeleton,
    StartingToken,
    PageSize,
    MaxItems,
    /// `aws emr list-clusters --active` (`--terminated`, `--failed`): a flag that stands for
    /// a list of cluster states (awscli/customizations/emr/listclusters.py).
    ClusterStates(&'static [&'static str]),
    /// `aws emr add-tags --tags k=v k2`: `key=value` words (emr/addtags.py).
    KeyValueTags,
    /// `aws datapipeline put-pipeline-definition`'s options (customizations/datapipeline).
    PipelineDefinition,
    PipelineParameterObjects,
    PipelineParameterValuesUri,
    PipelineParameterValues,
    /// `aws ec2 authorize-security-group-ingress --protocol --port --cidr ...`
    /// (customizations/ec2/secgroupsimplify.py).
    SecGroup(super::ec2::SecGroupArg),
}

#[derive(Clone, Debug)]
pub struct Arg {
    pub spec: OptSpec,
    pub kind: ArgKind,
    pub documentation: String,
}

/// Options known by two names (awscli/customizations/argrename.py keeps the name botocore's
/// older `xform_name` gave beside today's): (service, operation, option, other name).
const OPTION_ALIASES: &[(&str, &str, &str, &str)] = &[
    ("importexport", "get-shipping-label", "street1", "street-1"),
    ("importexport", "get-shipping-label", "street2", "street-2"),
    ("importexport", "get-shipping-label", "street3", "street-3"),
];

/// The operation's argument table, built as awscli's `ServiceOperation._create_argument_table`
/// plus the customizations that add `--cli-input-json`, `--generate-cli-skeleton` and paging.
pub fn argument_table(service: &Service, op: &Operation) -> Vec<Arg> {
    let mut table = Vec::new();
    if let Some(input) = op.input {
        let shape = service.shape(input);
        for m in &shape.members {
            let name = service.option_name(op, &m.name);
            let member_shape = service.shape(m.shape);
            let required = shape.required.contains(&m.name);
            let spec = |name: String, nargs: Nargs, required: bool| OptSpec {
                name,
                nargs,
                required,
                choices: Vec::new(),
            };
            match member_shape.kind {
                ShapeType::Boolean => {
                    table.push(Arg {
                        spec: spec(name.clone(), Nargs::Zero, false),
                        kind: ArgKind::Boolean { member: m.name.clone(), value: true },
                        documentation: m.documentation.clone(),
                    });
                    table.push(Arg {
                        spec: spec(format!("no-{name}"), Nargs::Zero, false),
                        kind: ArgKind::Boolean { member: m.name.clone(), value: false },
                        documentation: m.documentation.clone(),
                    });
                }
                kind => {
                    let nargs = if kind == ShapeType::List { Nargs::Star } else { Nargs::One };
                    table.push(Arg {
                        spec: spec(name, nargs, required),
                        kind: ArgKind::Member { member: m.name.clone(), shape: m.shape },
                        documentation: m.documentation.clone(),
                    });
                }
            }
        }
    }
    // Both names of a renamed member: v1's argument table holds the model's name and the
    // old one (`--street1` and `--street-1`), and the CLI's own example uses the old one.
    for (svc, op_name, name, alias) in OPTION_ALIASES {
        if *svc != service.cli_name || *op_name != op.cli_name {
            continue;
        }
        if let Some(arg) = table.iter().find(|a| a.spec.name == *name) {
            let mut copy = arg.clone();
            copy.spec.name = alias.to_string();
            table.push(copy);
        }
    }
    let mut extra = |name: &str, kind: ArgKind, doc: &str| {
        let arg = Arg {
            spec: OptSpec {
                name: name.into(),
                nargs: Nargs::One,
                required: false,
                choices: Vec::new(),
            },
            kind,
            documentation: doc.into(),
        };
        // A paging option replaces a model member of the same name in place (add_paging_argument).
        match table.iter().position(|a| a.spec.name == name) {
            Some(i) => table[i] = arg,
            None => table.push(arg),
        }
    };
    extra(
        "cli-input-json",
        ArgKind::CliInputJson,
        "Reads arguments from the JSON string provided.",
    );
    extra(
        "generate-cli-skeleton",
        ArgKind::GenerateCliSkeleton,
        "Prints a JSON skeleton to standard output without sending an API request.",
    );
    if let Some(p) = service.paginator(&op.name) {
        extra(
            "starting-token",
            ArgKind::StartingToken,
            "A token to specify where to start paginating.",
        );
        if p.limit_key.is_some() {
            extra(
                "page-size",
                ArgKind::PageSize,
                "The size of each page to get in the AWS service call.",
            );
        }
        extra(
            "max-items",
            ArgKind::MaxItems,
            "The total number of items to return in the command's output.",
        );
    }
    super::emr::modify_argument_table(service, op, &mut table);
    super::datapipeline::modify_argument_table(service, op, &mut table);
    super::ec2::modify_argument_table(service, op, &mut table);
    table
}
