//! `aws datapipeline`'s customizations (awscli/customizations/datapipeline/{__init__,translator}.py):
//! `put-pipeline-definition --pipeline-definition` takes the definition file form
//! (`{"objects": [...], "parameters": [...], "values": {...}}`) and the translator turns it into
//! the API's `pipelineObjects`, `parameterObjects` and `parameterValues`; `--parameter-objects`,
//! `--parameter-values-uri` and `--parameter-values` (`key=value` words) replace the
//! definition's; `activate-pipeline` takes the last two as well. `file://` values are read from
//! the console's file area (the files `aws s3 cp` reads and writes), as awscli's paramfile does.
//!
//! The CLI's other two customizations: `get-pipeline-definition` prints the definition in the
//! file form (translator.py `api_to_definition`, applied to GetPipelineDefinition's answer), and
//! the `list-runs` command (QueryObjects of the INSTANCE sphere, then DescribeObjects, printed
//! by its own formatter) in [`list_runs`].

mod list_runs;
mod translator;

pub use list_runs::{run, COMMANDS};

/// The options the console completes after `aws datapipeline list-runs`.
pub fn options(service: &str, command: &str) -> Option<Vec<(&'static str, bool)>> {
    (service == "datapipeline").then(|| list_runs::options(command)).flatten()
}
pub use translator::{
    api_to_definition, definition_to_api_objects, definition_to_api_parameters,
    definition_to_parameter_values,
};

use super::argparse::{Nargs, OptSpec};
use super::arguments::{Arg, ArgKind};
use super::error::CliError;
use super::files::LocalFiles;
use super::json::Json;
use super::model::{Operation, Service};

/// The argument tables of `put-pipeline-definition` and `activate-pipeline`, in awscli's
/// order: a customization that replaces a model option keeps its place, a new one goes after
/// the model's (before `--cli-input-json`). The order decides which option wins: the handlers
/// run in table order, so `--parameter-values-uri` after a definition with `values` is refused
/// ("Only parameter-values or parameter-values-uri is allowed"), as the real CLI does.
pub fn modify_argument_table(service: &Service, op: &Operation, table: &mut Vec<Arg>) {
    if service.cli_name != "datapipeline" {
        return;
    }
    let put = op.name == "PutPipelineDefinition";
    if !put && op.name != "ActivatePipeline" {
        return;
    }
    let arg = |name: &str, nargs: Nargs, required: bool, kind: ArgKind, doc: &str| Arg {
        spec: OptSpec { name: name.into(), nargs, required, choices: Vec::new() },
        kind,
        documentation: doc.into(),
    };
    let mut set = |a: Arg| match table.iter().position(|t| t.spec.name == a.spec.name) {
        Some(i) => table[i] = a,
        None => {
            let at = table.iter().position(|t| t.spec.name == "cli-input-json");
            table.insert(at.unwrap_or(table.len()), a)
        }
    };
    if put {
        set(arg("pipeline-definition", Nargs::One, true, ArgKind::PipelineDefinition, "The JSON pipeline definition. If the pipeline definition is in a file you can use the file://<filename> syntax to specify a filename."));
        set(arg("parameter-objects", Nargs::One, false, ArgKind::PipelineParameterObjects, "The JSON parameter objects. If the parameter objects are in a file you can use the file://<filename> syntax to specify a filename. You can optionally provide these in pipeline definition as well. Parameter objects provided on command line would replace the one in definition."));
    }
    set(arg("parameter-values-uri", Nargs::One, false, ArgKind::PipelineParameterValuesUri, "The JSON parameter values. If the parameter values are in a file you can use the file://<filename> syntax to specify a filename. You can optionally provide these in pipeline definition as well. Parameter values provided on command line would replace the one in definition."));
    set(arg("parameter-values", Nargs::Plus, false, ArgKind::PipelineParameterValues, "The JSON parameter values. You can specify these as key-value pairs in the key=value format. Multiple parameters are separated by a space. For list type parameter values you can use the same key name and specify each value as a key value pair. e.g. arrayValue=value1 arrayValue=value2"));
    table.retain(|a| a.spec.name != "pipeline-objects");
}

/// awscli's paramfile for `aws datapipeline` lines (and `aws snowball`, `aws importexport`,
/// which read it the same way): a single option value `file://PATH`
/// (`fileb://PATH`) is replaced by the file's text, read from the console's files, before the
/// options are parsed. A list option (`--parameter-values a=b`) is not loaded, as in awscli
/// (its `get_paramfile` looks at strings only). The errors are awscli's, errno and all.
pub fn load_paramfiles(args: &mut [String], files: &dyn LocalFiles) -> Result<(), CliError> {
    let mut option: Option<String> = None;
    for word in args.iter_mut() {
        if let Some(name) = word.strip_prefix("--") {
            match name.split_once('=') {
                Some((name, value))
                    if value.starts_with("file://") || value.starts_with("fileb://") =>
                {
                    let loaded = load(name, value, files)?;
                    *word = format!("--{name}={loaded}");
                    option = None;
                }
                Some(_) => option = None,
                None => option = Some(name.to_string()),
            }
            continue;
        }
        let Some(name) = option.take() else { continue };
        if name == "parameter-values" {
            continue;
        }
        if word.starts_with("file://") || word.starts_with("fileb://") {
            *word = load(&name, word, files)?;
        }
    }
    Ok(())
}

fn load(option: &str, uri: &str, files: &dyn LocalFiles) -> Result<String, CliError> {
    let binary = uri.starts_with("fileb://");
    let path = uri.trim_start_matches("fileb://").trim_start_matches("file://");
    let fail = |why: String| {
        CliError::parsing_parameter(
            &format!("--{option}"),
            format!("Unable to load paramfile {uri}: {why}"),
        )
    };
    let Some(bytes) = files.read(path) else {
        if !path.is_empty() && files.is_dir(path) {
            return Err(fail(format!("[Errno 21] Is a directory: '{path}'")));
        }
        return Err(fail(format!("[Errno 2] No such file or directory: '{path}'")));
    };
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) if binary => Ok(String::from_utf8_lossy(e.as_bytes()).into_owned()),
        Err(_) => Err(CliError::parsing_parameter(
            &format!("--{option}"),
            format!("Unable to load paramfile ({path}), text contents could not be decoded.  If this is a binary file, please use the fileb:// prefix instead of the file:// prefix."),
        )),
    }
}

/// `--parameter-values a=b c=d a=e`: split on the first `=`, a repeated key becomes a list.
pub fn inline_parameter_values(words: &[String]) -> Result<Json, CliError> {
    let mut values: Vec<(String, Json)> = Vec::new();
    for w in words {
        let Some((k, v)) = w.split_once('=') else {
            return Err(CliError::exception(format!(
                "Error in parameter: Invalid inline parameter format: {w}"
            )));
        };
        match values.iter_mut().find(|(key, _)| key == k) {
            Some((_, Json::Array(list))) => list.push(Json::String(v.into())),
            Some((_, existing)) => {
                *existing = Json::Array(vec![existing.clone(), Json::String(v.into())])
            }
            None => values.push((k.into(), Json::String(v.into()))),
        }
    }
    Ok(definition_to_parameter_values(&Json::Object(vec![("values".into(), Json::Object(values))]))
        .unwrap_or(Json::Array(Vec::new())))
}
