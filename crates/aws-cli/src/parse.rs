//! `aws <service> <command> [options]` into a [`CliCall`]: the same three parsing passes as the
//! CLI (global options and service, operation, operation arguments), each with the CLI's own
//! error wording.

use super::argparse::{self, Nargs, OptSpec, Parsed, Parser, Value};
pub use super::arguments::{argument_table, Arg, ArgKind};
use super::error::CliError;
use super::help;
use super::json::Json;
use super::lexer;
use super::model::{Cli, Operation, Service};
use super::unpack::{self, BinaryFormat};
use super::validate;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum OutputFormat {
    #[default]
    Json,
    Text,
    Table,
}

/// Auto-pagination of a list operation (the CLI's default when the model has a paginator).
#[derive(Clone, Debug, PartialEq)]
pub struct Pagination {
    pub max_items: Option<i64>,
    pub starting_token: Option<String>,
    pub page_size: Option<i64>,
}

impl Pagination {
    /// botocore's `PaginationConfig` parameter for these options.
    fn config(&self) -> Json {
        let mut config = Json::Object(Vec::new());
        if let Some(n) = self.max_items {
            config.insert("MaxItems", Json::Int(n.into()));
        }
        if let Some(n) = self.page_size {
            config.insert("PageSize", Json::Int(n.into()));
        }
        if let Some(token) = &self.starting_token {
            config.insert("StartingToken", Json::String(token.clone()));
        }
        config
    }
}

/// One API call the command line asks for, and how to print its answer.
#[derive(Clone, Debug, PartialEq)]
pub struct CliCall {
    /// The CLI's service name: `kinesis`.
    pub service: String,
    /// The API action: `CreateStream`.
    pub operation: String,
    /// The CLI's command name: `create-stream`.
    pub command: String,
    /// The `X-Amz-Target` header: `Kinesis_20131202.CreateStream`.
    pub target: String,
    /// The JSON request body, as botocore would send it.
    pub body: String,
    pub output: OutputFormat,
    /// `--query`, a JMESPath expression.
    pub query: Option<String>,
    /// `Some` when the CLI will page through the results itself.
    pub paginate: Option<Pagination>,
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
    pub profile: Option<String>,
    /// The request parameters, in the order the CLI built them.
    pub(crate) params: Json,
    /// `aws s3api get-object ... <outfile>`: where the object's body goes.
    pub outfile: Option<String>,
    /// A streaming body given as a file (`aws s3api put-object --body <file>`).
    pub body_file: Option<String>,
}

/// The global options of AWS CLI v2 (awscli/data/cli.json on the v2 branch), in its order.
fn global_specs() -> Vec<OptSpec> {
    let spec = |name: &str, nargs: Nargs, choices: &[&str]| OptSpec {
        name: name.to_string(),
        nargs,
        required: false,
        choices: choices.iter().map(|c| c.to_string()).collect(),
    };
    vec![
        spec("debug", Nargs::Zero, &[]),
        spec("endpoint-url", Nargs::One, &[]),
        spec("no-verify-ssl", Nargs::Zero, &[]),
        spec("no-paginate", Nargs::Zero, &[]),
        spec("output", Nargs::One, &["json", "text", "table", "yaml", "yaml-stream"]),
        spec("query", Nargs::One, &[]),
        spec("profile", Nargs::One, &[]),
        spec("region", Nargs::One, &[]),
        spec("version", Nargs::Zero, &[]),
        spec("color", Nargs::One, &["on", "off", "auto"]),
        spec("no-sign-request", Nargs::Zero, &[]),
        spec("ca-bundle", Nargs::One, &[]),
        spec("cli-read-timeout", Nargs::One, &[]),
        spec("cli-connect-timeout", Nargs::One, &[]),
        spec("cli-binary-format", Nargs::One, &["base64", "raw-in-base64-out"]),
        spec("no-cli-pager", Nargs::Zero, &[]),
        spec("cli-auto-prompt", Nargs::Zero, &[]),
        spec("no-cli-auto-prompt", Nargs::Zero, &[]),
    ]
}

pub const GLOBAL_OPTIONS: &[&str] = &[
    "debug",
    "endpoint-url",
    "no-verify-ssl",
    "no-paginate",
    "output",
    "query",
    "profile",
    "region",
    "version",
    "color",
    "no-sign-request",
    "ca-bundle",
    "cli-read-timeout",
    "cli-connect-timeout",
    "cli-binary-format",
    "no-cli-pager",
    "cli-auto-prompt",
    "no-cli-auto-prompt",
];

#[derive(Default)]
pub(crate) struct Globals {
    pub output: Option<String>,
    pub query: Option<String>,
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
    pub profile: Option<String>,
    pub no_paginate: bool,
    version: bool,
    pub binary_format: BinaryFormat,
}

/// awscli's datapipeline customization refuses the two ways of giving values together.
const ONLY_ONE_VALUES_OPTION: &str = "Only parameter-values or parameter-values-uri is allowed";

pub fn parse(cli: &Cli, line: &str) -> Result<CliCall, CliError> {
    parse_with_files(cli, line, &super::files::MemoryFiles::new())
}

/// [`parse`], reading the `file://` values of `aws datapipeline`, `aws snowball` and `aws
/// importexport` options from `files` (the services whose documented command lines use them:
/// `--pipeline-definition file://...`, `--resources file://...`, `--manifest file://...`).
pub fn parse_with_files(
    cli: &Cli,
    line: &str,
    files: &dyn super::files::LocalFiles,
) -> Result<CliCall, CliError> {
    let words =
        lexer::split(line).map_err(|e| CliError::shell(format!("bash: {}", e.message())))?;
    let mut args: Vec<String> = words.into_iter().map(|w| w.text).collect();
    if args.is_empty() {
        return Err(CliError::shell(String::new()));
    }
    if args[0] != "aws" {
        return Err(CliError::shell(format!("{}: command not found", args[0])));
    }
    args.remove(0);
    let paramfiles = ["datapipeline", "snowball", "importexport"];
    if front(cli, &args).is_ok_and(|f| paramfiles.contains(&f.service.cli_name)) {
        super::datapipeline::load_paramfiles(&mut args, files)?;
    }
    parse_args(cli, &args)
}

/// The IAM principal a console line acts as: `--profile NAME` names the access key id its
/// calls are signed with, which names IAM user NAME (as on the endpoint: `engine::sim::caller`).
/// No profile, `--profile default` and `--profile sandbox` act as the account's root user
/// (`None`). The sandbox's choice: the console has no config file, so a profile is a user.
pub fn caller_of(line: &str) -> Option<String> {
    let words = lexer::split(line).ok()?;
    let args: Vec<String> = words.into_iter().skip(1).map(|w| w.text).collect();
    let (globals, _) = parse_globals(&args).ok()?;
    globals.profile.filter(|p| p != "default" && p != "sandbox" && !p.is_empty())
}

/// What the first two parsing passes find: the global options, the service and the command
/// (a model operation or a high-level command), and the words left for the command's parser.
pub(crate) struct Front<'a> {
    pub globals: Globals,
    pub service: &'a Service,
    pub command: String,
    pub rest: Vec<String>,
}

/// The global options and service pass, then the service's pass that picks the command.
pub(crate) fn front<'a>(cli: &'a Cli, args: &[String]) -> Result<Front<'a>, CliError> {
    let (globals, parsed) = parse_globals(args)?;
    let (service, command, op_parsed) = service_and_command(cli, &parsed)?;
    Ok(Front { globals, service, command, rest: op_parsed.remaining })
}

pub fn parse_args(cli: &Cli, args: &[String]) -> Result<CliCall, CliError> {
    let Front { globals, service, command, rest } = front(cli, args)?;
    if command == "wait" {
        // Only a run with a clock to move on can wait (Cli::run_with_clock).
        return Err(super::waiters::no_clock(service));
    }
    let Some(op) = service.operation(&command) else {
        // A high-level command (`aws emr create-cluster`) is not one call; Cli::run runs it.
        return Err(CliError::unsupported(format!(
            "aws {} {command} runs several calls; it has no single API call to show.",
            service.cli_name
        )));
    };
    operation_call(service, op, globals, &rest, false)
}

/// The call an operation's options ask for. A waiter's call (`for_waiter`) is the one request
/// its waiter repeats: never paginated, and the paging options, if given, go into the request
/// as botocore's `PaginationConfig`, which the operation's input then refuses.
pub(crate) fn operation_call(
    service: &Service,
    op: &Operation,
    globals: Globals,
    rest: &[String],
    for_waiter: bool,
) -> Result<CliCall, CliError> {
    let (table, args_parsed, outfile) = operation_args(service, op, rest)?;
    let output = output_format(globals.output.as_deref())?;
    let mut given = collect_params(service, op, &table, &args_parsed, globals.binary_format)?;
    if let Some(kind) = given.skeleton {
        return Err(CliError::help(help::skeleton(service, op, &kind)?));
    }
    if let Some(text) = &given.cli_input_json {
        merge_cli_input_json(&mut given.params, text)?;
    }
    let paginate = if for_waiter {
        if !given.paging_arg_used.is_empty() {
            given.params.insert("PaginationConfig", given.pagination.config());
        }
        None
    } else {
        pagination(service, op, &globals, &given)?
    };
    if super::s3api::takes_outfile(service.cli_name, &op.name) && outfile.is_none() {
        return Err(CliError::usage("the following arguments are required: outfile"));
    }
    let body_file = given.body_file;
    let mut params = given.params;
    super::s3api::before_parameter_build(service.cli_name, &op.name, &mut params);
    if let Some(input) = op.input {
        validate::validate(service, input, &params)?;
    }
    let wire = unpack::to_wire(service, op.input, &params);
    let mut call = CliCall {
        service: service.cli_name.to_string(),
        operation: op.name.clone(),
        command: op.cli_name.clone(),
        target: format!("{}.{}", service.target_prefix, op.name),
        body: wire.to_wire(),
        output,
        query: globals.query,
        paginate,
        region: globals.region,
        endpoint_url: globals.endpoint_url,
        profile: globals.profile,
        params: wire,
        outfile,
        body_file,
    };
    if call.paginate.is_some() {
        super::paginate::prepare_first_request(service, &mut call)?;
    }
    Ok(call)
}

/// The first pass: the global options, and what follows them. `--version` answers here.
fn parse_globals(args: &[String]) -> Result<(Globals, Parsed), CliError> {
    let specs = global_specs();
    let main = Parser { specs: &specs, positional: Some("command"), positional_required: false };
    let parsed = main.parse(args).map_err(CliError::usage)?;
    let mut globals = Globals::default();
    for (i, value) in &parsed.options {
        let one = match value {
            Value::One(v) => Some(v.clone()),
            _ => None,
        };
        match specs[*i].name.as_str() {
            "output" => globals.output = one,
            "query" => globals.query = one,
            "region" => globals.region = one,
            "endpoint-url" => globals.endpoint_url = one,
            "profile" => globals.profile = one,
            "no-paginate" => globals.no_paginate = true,
            "version" => globals.version = true,
            "cli-binary-format" => {
                globals.binary_format = match one.as_deref() {
                    Some("raw-in-base64-out") => BinaryFormat::RawInBase64Out,
                    _ => BinaryFormat::Base64,
                }
            }
            _ => {}
        }
    }
    if globals.version {
        return Err(CliError::help(format!("{}\n", help::VERSION)));
    }
    Ok((globals, parsed))
}

/// The second pass: the service (the first pass's positional) and its command (an operation
/// or one of the service's high-level commands), with what follows the command's name. `help`
/// at either level answers here.
fn service_and_command<'c>(
    cli: &'c Cli,
    parsed: &Parsed,
) -> Result<(&'c Service, String, Parsed), CliError> {
    let services: Vec<String> =
        cli.service_names().into_iter().map(String::from).chain(["help".into()]).collect();
    let Some(command) = parsed.positional.clone() else {
        return Err(CliError::usage("the following arguments are required: command"));
    };
    if command == "help" {
        return Err(CliError::help(help::top_level(cli)));
    }
    let Some(service) = cli.service(&command) else {
        return Err(CliError::usage(argparse::invalid_choice("command", &command, &services)));
    };
    // The service parser: one positional, the operation.
    let service_parser =
        Parser { specs: &[], positional: Some("operation"), positional_required: true };
    let op_parsed = service_parser.parse(&parsed.remaining).map_err(CliError::usage)?;
    let op_name = op_parsed.positional.clone().unwrap_or_default();
    if op_name == "help" {
        return Err(CliError::help(help::service(service)));
    }
    if op_name == "wait" && service.has_waiters() {
        return Ok((service, op_name, op_parsed));
    }
    let custom = super::emr::commands(service.cli_name).contains(&op_name.as_str());
    if service.operation(&op_name).is_none() && !custom {
        let choices: Vec<String> =
            service.command_names().into_iter().chain(["help".into()]).collect();
        return Err(CliError::usage(argparse::invalid_choice("operation", &op_name, &choices)));
    }
    Ok((service, op_name, op_parsed))
}

/// The third pass: the operation's own options. `help` answers here; anything not understood
/// is an error.
fn operation_args(
    service: &Service,
    op: &Operation,
    rest: &[String],
) -> Result<(Vec<Arg>, Parsed, Option<String>), CliError> {
    let mut table = argument_table(service, op);
    // --cli-input-json (and the skeleton) may carry the required members, so argparse stops
    // requiring them and botocore's validation reports what is still missing.
    let relaxed = rest
        .iter()
        .any(|a| a.starts_with("--cli-input-json") || a.starts_with("--generate-cli-skeleton"));
    if relaxed {
        for arg in &mut table {
            arg.spec.required = false;
        }
    }
    let specs: Vec<OptSpec> = table.iter().map(|a| a.spec.clone()).collect();
    let op_parser = Parser { specs: &specs, positional: Some("help"), positional_required: false };
    let args_parsed = op_parser.parse(rest).map_err(CliError::usage)?;
    let mut remaining = args_parsed.remaining.clone();
    // `aws s3api get-object`'s positional is where the body goes.
    let takes_outfile = super::s3api::takes_outfile(service.cli_name, &op.name);
    let mut outfile = None;
    match args_parsed.positional.as_deref() {
        Some("help") => return Err(CliError::help(help::operation(service, op, &table))),
        Some(other) if takes_outfile => outfile = Some(other.to_string()),
        Some(other) => remaining.push(other.to_string()),
        None => {}
    }
    if !remaining.is_empty() {
        return Err(CliError::unknown_options(&remaining));
    }
    Ok((table, args_parsed, outfile))
}

pub(crate) fn output_format(output: Option<&str>) -> Result<OutputFormat, CliError> {
    match output {
        None | Some("json") => Ok(OutputFormat::Json),
        Some("text") => Ok(OutputFormat::Text),
        Some("table") => Ok(OutputFormat::Table),
        Some(other) => Err(CliError::unsupported(format!(
            "--output {other} is not available in this console; use json, text or table."
        ))),
    }
}

/// What the operation's options say: the request parameters, the paging options (and which
/// were given), `--cli-input-json` and `--generate-cli-skeleton`.
struct Given {
    params: Json,
    pagination: Pagination,
    paging_arg_used: Vec<String>,
    cli_input_json: Option<String>,
    skeleton: Option<String>,
    /// A streaming body member given as a file name (`--body`).
    body_file: Option<String>,
}

fn collect_params(
    service: &Service,
    op: &Operation,
    table: &[Arg],
    args_parsed: &Parsed,
    binary_format: BinaryFormat,
) -> Result<Given, CliError> {
    let mut given = Given {
        params: Json::Object(Vec::new()),
        pagination: Pagination { max_items: None, starting_token: None, page_size: None },
        paging_arg_used: Vec::new(),
        cli_input_json: None,
        skeleton: None,
        body_file: None,
    };
    super::ec2::check_args(table, args_parsed)?;
    for (index, arg) in table.iter().enumerate() {
        let Some(value) = args_parsed.get(index) else { continue };
        let option = format!("--{}", arg.spec.name);
        match &arg.kind {
            ArgKind::Member { member, .. }
                if super::s3api::is_streaming_body(service.cli_name, member) =>
            {
                given.body_file = Some(text_of(value));
            }
            ArgKind::Member { member, shape } => {
                let json =
                    unpack::option_value(service, op, *shape, &option, value, binary_format)?;
                given.params.insert(member, json);
            }
            ArgKind::Boolean { member, value } => given.params.insert(member, Json::Bool(*value)),
            ArgKind::ClusterStates(states) => {
                if given
                    .params
                    .get("ClusterStates")
                    .is_some_and(|v| !matches!(v, Json::Array(a) if a.is_empty()))
                {
                    return Err(CliError::exception(super::emr::STATES_FILTER_ERROR));
                }
                let list = states.iter().map(|s| Json::String(s.to_string())).collect();
                given.params.insert("ClusterStates", Json::Array(list));
            }
            ArgKind::KeyValueTags => {
                let words = match value {
                    Value::Many(v) => v.clone(),
                    other => vec![text_of(other)],
                };
                given.params.insert("Tags", super::emr::parse_tags(&words));
            }
            // awscli's datapipeline handlers, run in the table's order (see
            // datapipeline::modify_argument_table); `file://` values were read before parsing.
            ArgKind::PipelineDefinition => {
                let def =
                    Json::parse(&text_of(value)).map_err(|e| CliError::exception(e.to_string()))?;
                given.params.insert(
                    "pipelineObjects",
                    super::datapipeline::definition_to_api_objects(&def)?,
                );
                if let Some(p) = super::datapipeline::definition_to_api_parameters(&def)? {
                    if given.params.get("parameterObjects").is_none() {
                        given.params.insert("parameterObjects", p);
                    }
                }
                if let Some(v) = super::datapipeline::definition_to_parameter_values(&def) {
                    if given.params.get("parameterValues").is_none() {
                        given.params.insert("parameterValues", v);
                    }
                }
            }
            ArgKind::PipelineParameterObjects => {
                let def = Json::parse(&format!("{{\"parameters\": {}}}", text_of(value)))
                    .map_err(|e| CliError::exception(e.to_string()))?;
                if let Some(p) = super::datapipeline::definition_to_api_parameters(&def)? {
                    given.params.insert("parameterObjects", p);
                }
            }
            ArgKind::PipelineParameterValuesUri => {
                if given.params.get("parameterValues").is_some() {
                    return Err(CliError::exception(ONLY_ONE_VALUES_OPTION));
                }
                let values =
                    Json::parse(&text_of(value)).map_err(|e| CliError::exception(e.to_string()))?;
                if let Some(v) = super::datapipeline::definition_to_parameter_values(&values) {
                    given.params.insert("parameterValues", v);
                }
            }
            ArgKind::PipelineParameterValues => {
                if given.params.get("parameterValues").is_some() {
                    return Err(CliError::exception(ONLY_ONE_VALUES_OPTION));
                }
                let words = match value {
                    Value::Many(v) => v.clone(),
                    other => vec![text_of(other)],
                };
                given.params.insert(
                    "parameterValues",
                    super::datapipeline::inline_parameter_values(&words)?,
                );
            }
            ArgKind::SecGroup(kind) => {
                super::ec2::add_to_params(*kind, &text_of(value), &mut given.params)?
            }
            ArgKind::CliInputJson => given.cli_input_json = Some(text_of(value)),
            ArgKind::GenerateCliSkeleton => given.skeleton = Some(text_of(value)),
            ArgKind::StartingToken => {
                given.pagination.starting_token = Some(text_of(value));
                given.paging_arg_used.push(option);
            }
            ArgKind::PageSize => {
                given.pagination.page_size = Some(paging_int(&option, &text_of(value))?);
                given.paging_arg_used.push(option);
            }
            ArgKind::MaxItems => {
                given.pagination.max_items = Some(paging_int(&option, &text_of(value))?);
                given.paging_arg_used.push(option);
            }
        }
    }
    Ok(given)
}

/// `--cli-input-json`: its members join the parameters; options given on the command line
/// win over the JSON (awscli's cliinputjson.py).
fn merge_cli_input_json(params: &mut Json, text: &str) -> Result<(), CliError> {
    let input = Json::parse(text).map_err(|e| {
        CliError::parsing_parameter("cli-input-json", format!("Invalid JSON received: {e}"))
    })?;
    let Json::Object(members) = input else {
        return Err(CliError::param(
            "Parameter validation failed:\nInvalid type for parameter input, value: ..., type: <class 'list'>, valid types: <class 'dict'>",
        ));
    };
    for (k, v) in members {
        if params.get(&k).is_none() {
            params.insert(&k, v);
        }
    }
    Ok(())
}

/// Whether the CLI pages through the results itself: an operation with a paginator, unless
/// --no-paginate or a raw paging parameter says otherwise.
fn pagination(
    service: &Service,
    op: &Operation,
    globals: &Globals,
    given: &Given,
) -> Result<Option<Pagination>, CliError> {
    let Some(paginator) = service.paginator(&op.name) else { return Ok(None) };
    // Giving a raw paging parameter (--next-token, --limit, ...) turns auto-pagination off,
    // as does list-streams' --exclusive-start-stream-name (awscli/customizations/kinesis.py).
    let manual = paginator
        .input_token
        .iter()
        .chain(paginator.limit_key.iter())
        .chain((op.name == "ListStreams").then_some(&"ExclusiveStartStreamName".to_string()))
        .any(|k| given.params.get(k).is_some());
    if !(globals.no_paginate || manual) {
        return Ok(Some(given.pagination.clone()));
    }
    if !given.paging_arg_used.is_empty() {
        return Err(CliError::param(format!(
            "Cannot specify --no-paginate along with pagination arguments: {}",
            given.paging_arg_used.join(", ")
        )));
    }
    Ok(None)
}

fn text_of(value: &Value) -> String {
    match value {
        Value::One(v) => v.clone(),
        Value::Many(v) => v.join(" "),
        Value::Flag => String::new(),
    }
}

fn paging_int(option: &str, text: &str) -> Result<i64, CliError> {
    unpack::python_int(text).ok_or_else(|| {
        CliError::usage(format!(
            "argument {option}: invalid int value: {}",
            argparse::python_repr(text)
        ))
    })
}
