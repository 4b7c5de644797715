//! One model operation called the way the CLI's customizations call it (`emrutils.py`'s
//! `call`, `datapipeline`'s `list-runs`): the parameters checked against the operation's input
//! shape, sent as botocore sends them (with its retries), and the answer shaped as the model's
//! output shape prints it. A customization's own lines (what it asks, how it prints) stay in its
//! folder; this is the part every one of them shares.

use super::error::CliError;
use super::json::Json;
use super::model::Service;
use super::parse::{CliCall, OutputFormat};
use super::{output, send_with_retries, unpack, validate, ApiError, CliOutput};

/// `operation` of `service` with `params` (the API's member names); its answer, or the CLI's
/// output for the error that ended it (exit status 254, as v2 ends a failed API call).
pub(crate) fn call_operation(
    service: &Service,
    send: &mut dyn FnMut(&str, &str) -> Result<String, ApiError>,
    operation: &str,
    params: Json,
    output_format: OutputFormat,
) -> Result<Json, CliOutput> {
    let Some(op) = service.operation_by_name(operation) else {
        return Err(CliError::unsupported(format!(
            "{operation} is not in the {} model.",
            service.cli_name
        ))
        .into());
    };
    if let Some(input) = op.input {
        validate::validate(service, input, &params)?;
    }
    let wire = unpack::to_wire(service, op.input, &params);
    let call = CliCall {
        service: service.cli_name.to_string(),
        operation: op.name.clone(),
        command: op.cli_name.clone(),
        target: format!("{}.{}", service.target_prefix, op.name),
        body: wire.to_wire(),
        output: output_format,
        query: None,
        paginate: None,
        region: None,
        endpoint_url: None,
        profile: None,
        params: wire,
        outfile: None,
        body_file: None,
    };
    match send_with_retries(&call, &call.body, send) {
        Ok(mut response) => {
            output::transform_response(service, op.output, &mut response);
            Ok(response)
        }
        Err(message) => Err(CliOutput {
            stdout: String::new(),
            stderr: format!("\n{message}\n"),
            exit_code: 254,
        }),
    }
}
