//! `aws datapipeline list-runs` (awscli/customizations/datapipeline `ListRunsCommand`): the
//! pipeline's instances found by QueryObjects (every page), described by DescribeObjects 100
//! ids at a time, sorted by scheduled start and name, and printed by `ListRunsFormatter` (two
//! lines per run in fixed columns) unless `--output` asks for another format.
//! `create-default-roles`, the other command the customization adds, is refused: the
//! sandbox's pipelines run without IAM roles of their own.

use super::super::argparse::{Nargs, OptSpec, Parser, Value};
use super::super::customization::call_operation;
use super::super::error::CliError;
use super::super::json::Json;
use super::super::model::Cli;
use super::super::parse::{self, Front, OutputFormat};
use super::super::query::Query;
use super::super::{lexer, output, timestamp, ApiError, CliOutput};

/// The commands the customization adds to `aws datapipeline`, in its order.
pub const COMMANDS: &[&str] = &["list-runs", "create-default-roles"];

/// `ListRunsCommand.ARG_TABLE`, in order: (name, required).
const ARGS: &[(&str, bool)] = &[
    ("pipeline-id", true),
    ("status", false),
    ("start-interval", false),
    ("schedule-interval", false),
];

/// `ListRunsCommand.VALID_STATUS` (lower case; the CLI upper-cases them into the query, so
/// `cancelled` asks for a status the service spells CANCELED).
const VALID_STATUS: &[&str] = &[
    "waiting",
    "pending",
    "cancelled",
    "running",
    "finished",
    "failed",
    "waiting_for_runner",
    "waiting_on_dependencies",
    "shutting_down",
];

/// `MAX_ITEMS_PER_DESCRIBE`: the CLI's chunk (the model says a call takes 25 ids; the CLI
/// sends up to 100 and keeps only the first page of each answer).
const DESCRIBE_CHUNK: usize = 100;

/// `Some` output when `line` is one of the commands the customization adds; `None` leaves the
/// line to the model-driven parser.
pub fn run(
    cli: &Cli,
    line: &str,
    send: &mut dyn FnMut(&str, &str) -> Result<String, ApiError>,
    now: i64,
) -> Option<CliOutput> {
    let words: Vec<String> = lexer::split(line).ok()?.into_iter().map(|w| w.text).collect();
    if words.first().map(String::as_str) != Some("aws") {
        return None;
    }
    let front = parse::front(cli, &words[1..]).ok()?;
    if front.service.cli_name != "datapipeline" || !COMMANDS.contains(&front.command.as_str()) {
        return None;
    }
    if front.command == "create-default-roles" {
        return Some(CliError::unsupported("aws datapipeline create-default-roles is not available in this console: the sandbox's pipelines run without IAM roles (DataPipelineDefaultRole and DataPipelineDefaultResourceRole are accepted as names).").into());
    }
    Some(match list_runs(front, send, now) {
        Ok(out) | Err(out) => out,
    })
}

/// The options the console completes for a command the customization adds.
pub fn options(command: &str) -> Option<Vec<(&'static str, bool)>> {
    (command == "list-runs").then(|| ARGS.to_vec())
}

/// `--start-interval` and the others: `BasicCommand`'s argparse, then `_parse_type_args`.
struct Args {
    pipeline_id: String,
    status: Option<String>,
    start_interval: Option<String>,
    schedule_interval: Option<String>,
}

fn parse_args(rest: &[String]) -> Result<Args, CliError> {
    if rest.first().map(String::as_str) == Some("help") {
        return Err(CliError::help(HELP));
    }
    let specs: Vec<OptSpec> = ARGS
        .iter()
        .map(|(name, required)| OptSpec {
            name: name.to_string(),
            nargs: Nargs::One,
            required: *required,
            choices: Vec::new(),
        })
        .collect();
    let parser = Parser { specs: &specs, positional: None, positional_required: false };
    let parsed = parser.parse(rest).map_err(CliError::usage)?;
    if !parsed.remaining.is_empty() {
        return Err(CliError::exception(format!(
            "Unknown options: {}",
            parsed.remaining.join(",")
        )));
    }
    let text = |i: usize| match parsed.get(i) {
        Some(Value::One(v)) => Some(v.clone()),
        Some(Value::Many(v)) => Some(v.join(" ")),
        _ => None,
    };
    Ok(Args {
        pipeline_id: text(0).unwrap_or_default(),
        status: text(1),
        start_interval: text(2),
        schedule_interval: text(3),
    })
}

const HELP: &str = "LIST-RUNS()\n\nNAME\n       list-runs -\n\nDESCRIPTION\n       Lists the times the specified pipeline has run. You can optionally\n       filter the complete list of results to include only the runs you are\n       interested in.\n\nSYNOPSIS\n            list-runs\n          --pipeline-id <value>\n          [--status <value>]\n          [--start-interval <value>]\n          [--schedule-interval <value>]\n";

/// `arg.strip() for arg in value.split(',')`.
fn comma_list(value: &str) -> Vec<String> {
    value.split(',').map(|s| s.trim().to_string()).collect()
}

/// A `BETWEEN` selector on `field` from an interval's first two items (a single item is
/// Python's IndexError).
fn between(field: &str, interval: &[String]) -> Result<Json, CliError> {
    let (Some(start), Some(end)) = (interval.first(), interval.get(1)) else {
        return Err(CliError::exception("list index out of range"));
    };
    Ok(selector(field, "BETWEEN", vec![start.clone(), end.clone()]))
}

fn selector(field: &str, kind: &str, values: Vec<String>) -> Json {
    Json::Object(vec![
        ("fieldName".into(), Json::String(field.into())),
        (
            "operator".into(),
            Json::Object(vec![
                ("type".into(), Json::String(kind.into())),
                ("values".into(), Json::Array(values.into_iter().map(Json::String).collect())),
            ]),
        ),
    ])
}

/// `QueryArgBuilder.build_query`: without an interval, runs that started in the last four
/// days of the CLI's clock (`now`, Unix seconds); then the statuses, upper-cased.
fn build_query(args: &Args, now: i64) -> Result<Json, CliError> {
    let mut selectors = Vec::new();
    if args.start_interval.is_none() && args.schedule_interval.is_none() {
        let at = |secs: i64| timestamp::iso8601(secs as f64).chars().take(19).collect::<String>();
        selectors.push(selector(
            "@actualStartTime",
            "BETWEEN",
            vec![at(now - 4 * 86_400), at(now)],
        ));
    } else {
        if let Some(interval) = &args.start_interval {
            selectors.push(between("@actualStartTime", &comma_list(interval))?);
        }
        if let Some(interval) = &args.schedule_interval {
            selectors.push(between("@scheduledStartTime", &comma_list(interval))?);
        }
    }
    if let Some(status) = &args.status {
        let statuses: Vec<String> = comma_list(status).iter().map(|s| s.to_uppercase()).collect();
        selectors.push(selector("@status", "EQ", statuses));
    }
    Ok(Json::Object(vec![("selectors".into(), Json::Array(selectors))]))
}

fn list_runs(
    front: Front<'_>,
    send: &mut dyn FnMut(&str, &str) -> Result<String, ApiError>,
    now: i64,
) -> Result<CliOutput, CliOutput> {
    // Only `--output` on the line picks another formatter: the config's default does not.
    let format =
        front.globals.output.as_deref().map(|o| parse::output_format(Some(o))).transpose()?;
    let query = match front.globals.query.as_deref().map(Query::compile).transpose() {
        Ok(q) => q,
        Err(e) => return Err(CliError::usage(format!("argument --query: {e}")).into()),
    };
    let args = parse_args(&front.rest)?;
    if let Some(status) = &args.status {
        for s in comma_list(status) {
            if !VALID_STATUS.contains(&s.as_str()) {
                return Err(CliError::exception(format!(
                    "Invalid status: {s}, must be one of: {}",
                    VALID_STATUS.join(", ")
                ))
                .into());
            }
        }
    }
    let selectors = build_query(&args, now)?;
    let service = front.service;
    let id = Json::String(args.pipeline_id.clone());
    // The query_objects paginator, every page.
    let mut ids = Vec::new();
    let mut marker: Option<Json> = None;
    loop {
        let mut params = Json::Object(vec![
            ("pipelineId".into(), id.clone()),
            ("sphere".into(), Json::String("INSTANCE".into())),
            ("query".into(), selectors.clone()),
        ]);
        if let Some(m) = marker.take() {
            params.insert("marker", m);
        }
        let page = call_operation(service, send, "QueryObjects", params, OutputFormat::Json)?;
        if let Some(Json::Array(found)) = page.get("ids") {
            ids.extend(found.iter().cloned());
        }
        let more = page.get("hasMoreResults").is_some_and(Json::is_truthy);
        match page.get("marker") {
            Some(m) if more => marker = Some(m.clone()),
            _ => break,
        }
    }
    let mut runs = Vec::new();
    for chunk in ids.chunks(DESCRIBE_CHUNK) {
        let params = Json::Object(vec![
            ("pipelineId".into(), id.clone()),
            ("objectIds".into(), Json::Array(chunk.to_vec())),
        ]);
        let described =
            call_operation(service, send, "DescribeObjects", params, OutputFormat::Json)?;
        if let Some(Json::Array(objects)) = described.get("pipelineObjects") {
            runs.extend(objects.iter().map(convert_described_object));
        }
    }
    // A stable sort on (@scheduledStartTime, name), as Python's `list.sort(key=...)`.
    runs.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
    let value = match &query {
        Some(q) => q.search(&Json::Array(runs)).map_err(|e| CliOutput {
            stdout: String::new(),
            stderr: format!("\n{e}\n"),
            exit_code: 255,
        })?,
        None => Json::Array(runs),
    };
    match format {
        Some(format) => Ok(CliOutput {
            stdout: output::render(format, "list-runs", &value),
            ..CliOutput::default()
        }),
        None => format_runs(&value),
    }
}

fn sort_key(run: &Json) -> (Option<&str>, Option<&str>) {
    (run.get("@scheduledStartTime").and_then(Json::as_str), run.get("name").and_then(Json::as_str))
}

/// `convert_described_objects`: `{@id, name, key: stringValue | refValue, ...}`, a repeated
/// key keeping its first place and its last value (a Python dict).
fn convert_described_object(object: &Json) -> Json {
    let mut run = Json::Object(vec![
        ("@id".into(), object.get("id").cloned().unwrap_or(Json::Null)),
        ("name".into(), object.get("name").cloned().unwrap_or(Json::Null)),
    ]);
    if let Some(Json::Array(fields)) = object.get("fields") {
        for field in fields {
            let key = field.get("key").and_then(Json::as_str).unwrap_or_default();
            let value = field.get("stringValue").or(field.get("refValue")).cloned();
            run.insert(key, value.unwrap_or(Json::Null));
        }
    }
    run
}

/// Python's `%s` of a value the formatter prints.
fn text(value: Option<&Json>) -> String {
    match value {
        None => String::new(),
        Some(Json::String(s)) => s.clone(),
        Some(Json::Null) => "None".into(),
        Some(other) => other.to_python_str(),
    }
}

/// `ListRunsFormatter`: a two-line heading, a rule as long as its second line, then two lines
/// and a blank one per run. A value that is not a list of runs stops it as Python would (the
/// heading is already out), which only a `--query` can cause.
fn format_runs(value: &Json) -> Result<CliOutput, CliOutput> {
    let mut out =
        format!("       {:<50.50}  {:<19.19}  {:<23.23}\n", "Name", "Scheduled Start", "Status");
    let second = format!("       {:<50.50}  {:<19.19}  {:<19.19}", "ID", "Started", "Ended");
    out.push_str(&second);
    out.push('\n');
    out.push_str(&"-".repeat(second.chars().count()));
    out.push('\n');
    let fail = |stdout: String, message: &str| CliOutput {
        stdout,
        stderr: format!("\n{message}\n"),
        exit_code: 255,
    };
    let runs: &[Json] = match value {
        Json::Array(runs) => runs.as_slice(),
        Json::Null => return Err(fail(out, "'NoneType' object is not iterable")),
        Json::Int(_) => return Err(fail(out, "'int' object is not iterable")),
        Json::Float(_) => return Err(fail(out, "'float' object is not iterable")),
        Json::Bool(_) => return Err(fail(out, "'bool' object is not iterable")),
        // A string or a dict is iterated as strings, which cannot be indexed by a key.
        Json::String(s) if s.is_empty() => &[],
        Json::Object(m) if m.is_empty() => &[],
        _ => return Err(fail(out, "string indices must be integers, not 'str'")),
    };
    for (i, run) in runs.iter().enumerate() {
        let Json::Object(_) = run else {
            let message = match run {
                Json::String(_) => "string indices must be integers, not 'str'",
                Json::Array(_) => "list indices must be integers or slices, not str",
                Json::Int(_) => "'int' object is not subscriptable",
                Json::Float(_) => "'float' object is not subscriptable",
                Json::Bool(_) => "'bool' object is not subscriptable",
                _ => "'NoneType' object is not subscriptable",
            };
            return Err(fail(out, message));
        };
        let Some(parent) = run.get("@componentParent") else {
            return Err(fail(out, "'@componentParent'"));
        };
        out.push_str(&format!(
            "{:>4}.  {:<50.50}  {:<19.19}  {:<23.23}\n",
            i + 1,
            text(Some(parent)),
            text(run.get("@scheduledStartTime")),
            text(run.get("@status")),
        ));
        out.push_str(&format!(
            "       {:<50.50}  {:<19.19}  {:<19.19}\n\n",
            text(run.get("@id")),
            text(run.get("@actualStartTime")),
            text(run.get("@actualEndTime")),
        ));
    }
    Ok(CliOutput { stdout: out, ..CliOutput::default() })
}
