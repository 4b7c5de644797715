//! A short help text for `aws help`, `aws <service> help` and `aws <service> <command> help`.
//! The real CLI renders full man pages; the console shows the essentials from the same model.

use super::error::CliError;
use super::json::Json;
use super::model::{summary, Cli, Operation, Service, ShapeId, ShapeType};
use super::parse::{Arg, ArgKind};

/// What `aws --version` prints in the console.
pub const VERSION: &str = "aws-cli/2.27.0 Python/3.13.3 Linux/6.1 exe/x86_64.data-sandbox";

pub fn top_level(cli: &Cli) -> String {
    let mut out = String::from(
        "AWS()\n\nNAME\n       aws -\n\nDESCRIPTION\n       The  AWS  Command  Line  Interface is a unified tool to manage your AWS\n       services.\n\nSYNOPSIS\n          aws [options] <command> <subcommand> [parameters]\n\nAVAILABLE SERVICES\n",
    );
    for name in cli.service_names() {
        out.push_str(&format!("       o {name}\n\n"));
    }
    out
}

pub fn service(service: &Service) -> String {
    let mut out = format!(
        "{}()\n\nNAME\n       {} -\n\nDESCRIPTION\n       {}\n\nAVAILABLE COMMANDS\n",
        service.cli_name.to_uppercase(),
        service.cli_name,
        summary(&service.documentation)
    );
    let mut commands = service.command_names();
    commands.push("help".into());
    commands.sort();
    for command in commands {
        out.push_str(&format!("       o {command}\n\n"));
    }
    out
}

pub fn operation(service: &Service, op: &Operation, table: &[Arg]) -> String {
    let mut out = format!(
        "{}()\n\nNAME\n       {} -\n\nDESCRIPTION\n       {}\n\nSYNOPSIS\n            {}\n",
        op.cli_name.to_uppercase(),
        op.cli_name,
        summary(&op.documentation),
        op.cli_name
    );
    for arg in table {
        let name = format!("--{}", arg.spec.name);
        let shown = match &arg.kind {
            ArgKind::Boolean { value: false, .. } => continue,
            ArgKind::Boolean { .. } => format!("{name} | --no-{}", arg.spec.name),
            ArgKind::ClusterStates(_) => name,
            _ => format!("{name} <value>"),
        };
        if arg.spec.required {
            out.push_str(&format!("          {shown}\n"));
        } else {
            out.push_str(&format!("          [{shown}]\n"));
        }
    }
    out.push_str("\nOPTIONS\n");
    for arg in table {
        if matches!(arg.kind, ArgKind::Boolean { value: false, .. }) {
            continue;
        }
        let ty = match &arg.kind {
            ArgKind::Member { shape, .. } => service.shape(*shape).kind.python_name().to_string(),
            ArgKind::Boolean { .. } | ArgKind::ClusterStates(_) => "boolean".into(),
            ArgKind::KeyValueTags => "list".into(),
            _ => "string".into(),
        };
        out.push_str(&format!(
            "       --{} ({ty})\n          {}\n\n",
            arg.spec.name,
            summary(&arg.documentation)
        ));
        if let ArgKind::Member { shape, .. } = &arg.kind {
            let values = &service.shape(*shape).enum_values;
            if !values.is_empty() {
                out.push_str("          Possible values:\n\n");
                for v in values {
                    out.push_str(&format!("          o {v}\n\n"));
                }
            }
        }
    }
    out
}

/// `--generate-cli-skeleton [input|output]`: the request (or response) with placeholder values.
pub fn skeleton(service: &Service, op: &Operation, kind: &str) -> Result<String, CliError> {
    let shape = match kind {
        "" | "input" => op.input,
        "output" => op.output,
        "yaml-input" => {
            return Err(CliError::unsupported("--generate-cli-skeleton yaml-input is not available in this console."))
        }
        other => {
            return Err(CliError::usage(format!(
                "argument --generate-cli-skeleton: invalid choice: '{other}' (choose from 'input', 'output', 'yaml-input')"
            )))
        }
    };
    let value = shape.map(|s| placeholder(service, s, 0)).unwrap_or(Json::Object(Vec::new()));
    Ok(format!("{}\n", value.to_pretty()))
}

fn placeholder(service: &Service, shape: ShapeId, depth: usize) -> Json {
    let s = service.shape(shape);
    if depth > 8 {
        return Json::Object(Vec::new());
    }
    match s.kind {
        ShapeType::String => Json::String(s.enum_values.first().cloned().unwrap_or_default()),
        ShapeType::Integer | ShapeType::Long => Json::Int(0),
        ShapeType::Double | ShapeType::Float => Json::Float(0.0),
        ShapeType::Boolean => Json::Bool(true),
        ShapeType::Timestamp => Json::String("1970-01-01T00:00:00".into()),
        ShapeType::Blob => Json::Null,
        ShapeType::List => {
            Json::Array(s.member.map(|m| placeholder(service, m, depth + 1)).into_iter().collect())
        }
        ShapeType::Map => Json::Object(vec![(
            "KeyName".into(),
            s.value.map(|v| placeholder(service, v, depth + 1)).unwrap_or(Json::Null),
        )]),
        ShapeType::Structure => Json::Object(
            s.members
                .iter()
                .map(|m| (m.name.clone(), placeholder(service, m.shape, depth + 1)))
                .collect(),
        ),
    }
}
