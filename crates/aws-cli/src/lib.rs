//! The AWS CLI v2, emulated: a console line parsed into the API call it stands for, and the
//! service's answer printed exactly as the real CLI prints it. Also tab completion and the
//! reverse mapping (an API call the UI made, shown as the `aws` command that does the same).
//!
//! A [`Cli`] is built once over the service registry's entries (`engine::services::SERVICES`:
//! CLI names, protocols, embedded botocore models). The console calls [`Cli::run`] with the line
//! and a closure that hands `(target, body)` to the World; everything between (pagination,
//! retries of throttled calls, `--query`, the output format) happens here so it is tested
//! natively. It needs only the API layer (`aws-api`), never the simulation.
//!
//! Everything is driven by botocore's service models, so command names, options, types and
//! required members are the real CLI's.

mod argparse;
mod arguments;
mod complete;
mod customization;
mod datapipeline;
mod difflib;
mod ec2;
mod echo;
mod emr;
mod error;
pub mod files;
mod help;
pub mod json;
mod lexer;
mod model;
mod names;
mod output;
mod paginate;
mod parse;
mod query;
mod s3;
mod s3api;
mod shorthand;
mod timestamp;
mod unpack;
mod validate;
mod waiters;

pub use emr::ssh::SshRequest;
pub use error::{CliError, CliErrorKind};
pub use files::{LocalFile, LocalFiles, MemoryFiles};
pub use model::Cli;
pub use names::xform_name;
pub use parse::{caller_of, CliCall, OutputFormat, Pagination};

pub use aws_api::ApiError;
use json::Json;

/// What the CLI printed and the status it exited with.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CliOutput {
    pub stdout: String,
    pub stderr: String,
    /// AWS CLI v2's return codes: 0, 252 (usage/parameters), 254 (service error), 255.
    pub exit_code: i32,
}

impl From<CliError> for CliOutput {
    fn from(e: CliError) -> Self {
        CliOutput { stdout: e.stdout(), stderr: e.stderr(), exit_code: e.exit_code() }
    }
}

/// The sandbox's services, for the unit tests.
#[cfg(test)]
pub(crate) static TEST_CLI: Cli = Cli::new(engine::services::SERVICES);

impl Cli {
    /// Whether the service model behind `target` (`Kinesis_20131202.PutRecord`) has the
    /// operation: what AWS would recognise, whether or not the sandbox implements it.
    pub fn is_known_target(&self, target: &str) -> bool {
        let Some((prefix, operation)) = target.split_once('.') else { return false };
        self.service_for_target_prefix(prefix)
            .is_some_and(|s| s.operations.iter().any(|o| o.name == operation))
    }

    /// The API names of a service's operations (`kinesis` -> `AddTagsToStream`, ...), from
    /// its model.
    pub fn operation_names(&self, service: &str) -> Vec<String> {
        self.service(service)
            .map(|s| s.operations.iter().map(|o| o.name.clone()).collect())
            .unwrap_or_default()
    }

    /// Parses a console line into the API call it stands for.
    pub fn parse(&self, line: &str) -> Result<CliCall, CliError> {
        parse::parse(self, line)
    }

    /// Parses `line` and, if it is a call, performs it through `send(target, body)`.
    pub fn run(
        &self,
        line: &str,
        send: &mut dyn FnMut(&str, &str) -> Result<String, ApiError>,
    ) -> CliOutput {
        self.run_with_files(line, send, &mut MemoryFiles::new(), 0)
    }

    /// [`Cli::run`] with a working directory of local files (what `aws s3 cp` and `aws s3api
    /// put-object --body` read and downloads write) and the clock (Unix seconds) that stamps
    /// written files and presigned URLs.
    pub fn run_with_files(
        &self,
        line: &str,
        send: &mut dyn FnMut(&str, &str) -> Result<String, ApiError>,
        files: &mut dyn LocalFiles,
        now: i64,
    ) -> CliOutput {
        self.run_line(line, send, files, now, None)
    }

    /// [`Cli::run_with_files`] on a host whose clock the CLI may move on: `sleep(seconds)` lets
    /// that much of the host's time pass, so `aws <service> wait ...` polls as the real CLI
    /// does between its delays (the console passes the World's virtual clock). Without a
    /// clock, `wait` is refused.
    pub fn run_with_clock(
        &self,
        line: &str,
        send: &mut dyn FnMut(&str, &str) -> Result<String, ApiError>,
        files: &mut dyn LocalFiles,
        now: i64,
        sleep: &mut dyn FnMut(u64),
    ) -> CliOutput {
        self.run_line(line, send, files, now, Some(sleep))
    }

    fn run_line(
        &self,
        line: &str,
        send: &mut dyn FnMut(&str, &str) -> Result<String, ApiError>,
        files: &mut dyn LocalFiles,
        now: i64,
        mut sleep: Option<&mut dyn FnMut(u64)>,
    ) -> CliOutput {
        if let Some(out) = s3::run(self, line, send, files, now) {
            return out;
        }
        // Before EMR's: its `commands` table lists `aws datapipeline list-runs` too.
        if let Some(out) = datapipeline::run(self, line, send, now) {
            return out;
        }
        // A reborrow with a shorter trait-object bound (`as_deref_mut` would keep the caller's).
        let emr_sleep = sleep.as_mut().map(|s| &mut **s as &mut dyn FnMut(u64));
        if let Some(out) = emr::run(self, line, send, files, emr_sleep) {
            return out;
        }
        if let Some(sleep) = sleep {
            if let Some(out) = waiters::run(self, line, send, sleep) {
                return out;
            }
        }
        match parse::parse_with_files(self, line, files) {
            Ok(call) => execute(self, &call, send, files, now),
            Err(e) => e.into(),
        }
    }

    /// After `aws emr ssh` has printed its `ssh` line (exit status 0): the connection the host
    /// is to make (`None` for any other line).
    pub fn ssh_request(&self, line: &str, files: &dyn LocalFiles) -> Option<SshRequest> {
        emr::ssh::request(self, line, files)
    }

    /// Candidate words to replace the word under the cursor (`cursor` is a byte offset).
    pub fn complete(&self, line: &str, cursor: usize) -> Vec<String> {
        complete::complete(self, line, cursor)
    }

    /// `Kinesis_20131202.CreateStream` + `{"StreamName":"orders","ShardCount":2}` ->
    /// `aws kinesis create-stream --stream-name orders --shard-count 2`.
    pub fn command_line_for(&self, target: &str, body: &str) -> String {
        echo::command_line_for(self, target, body)
    }

    /// Performs a parsed call: one request, or every page of a paginated one.
    pub fn execute(
        &self,
        call: &CliCall,
        send: &mut dyn FnMut(&str, &str) -> Result<String, ApiError>,
    ) -> CliOutput {
        execute(self, call, send, &mut MemoryFiles::new(), 0)
    }

    /// Prints a service's response body for `call` as the CLI would (one page, no
    /// pagination).
    pub fn format_response(&self, call: &CliCall, json_body: &str) -> String {
        let mut send = |_: &str, _: &str| Ok(json_body.to_string());
        let single = CliCall { paginate: None, ..call.clone() };
        let out = self.execute(&single, &mut send);
        if out.stderr.is_empty() {
            out.stdout
        } else {
            out.stderr
        }
    }
}

/// Error codes botocore's standard retry mode (v2's default) retries: throttling and transient.
const RETRYABLE: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
    "RequestTimeout",
    "RequestTimeoutException",
];

/// v2's standard retry mode makes three attempts in all.
const MAX_ATTEMPTS: u32 = 3;

/// Sends one request as botocore does, retrying throttled and transient errors; the error that
/// ends the retries carries botocore's "(reached max retries: 2)" note.
pub(crate) fn send_with_retries(
    call: &CliCall,
    body: &str,
    send: &mut dyn FnMut(&str, &str) -> Result<String, ApiError>,
) -> Result<Json, String> {
    send_attempts(call, body, send).map_err(|(e, attempts)| {
        let retry_info = if retryable(&e) {
            format!(" (reached max retries: {})", attempts - 1)
        } else {
            String::new()
        };
        format!(
            "An error occurred ({}) when calling the {} operation{}: {}",
            e.code, call.operation, retry_info, e.message
        )
    })
}

fn retryable(e: &ApiError) -> bool {
    RETRYABLE.contains(&e.code.as_str()) || matches!(e.status, 500 | 502 | 503 | 504)
}

/// [`send_with_retries`]'s attempts: the parsed answer, or the error that ended them and how
/// many requests were made.
pub(crate) fn send_attempts(
    call: &CliCall,
    body: &str,
    send: &mut dyn FnMut(&str, &str) -> Result<String, ApiError>,
) -> Result<Json, (ApiError, u32)> {
    let mut attempt = 1;
    loop {
        match send(&call.target, body) {
            Ok(text) => {
                // A body that is not JSON is treated as empty, as botocore's parser does.
                let trimmed = text.trim();
                return Ok(if trimmed.is_empty() {
                    Json::Object(Vec::new())
                } else {
                    Json::parse(trimmed).unwrap_or(Json::Object(Vec::new()))
                });
            }
            Err(e) if retryable(&e) && attempt < MAX_ATTEMPTS => attempt += 1,
            Err(e) => return Err((e, attempt)),
        }
    }
}

fn execute(
    cli: &Cli,
    call: &CliCall,
    send: &mut dyn FnMut(&str, &str) -> Result<String, ApiError>,
    files: &mut dyn LocalFiles,
    now: i64,
) -> CliOutput {
    let Some(service) = cli.service(&call.service) else {
        return CliOutput::default();
    };
    let op = service.operation_by_name(&call.operation);
    let output_shape = op.and_then(|o| o.output);
    let query = match call.query.as_deref().map(query::Query::compile).transpose() {
        Ok(q) => q,
        Err(e) => return CliError::usage(format!("argument --query: {e}")).into(),
    };
    let apply_query = |value: Json| -> Result<Json, String> {
        match &query {
            Some(q) => q.search(&value),
            None => Ok(value),
        }
    };
    let fail = |message: String| CliOutput {
        stdout: String::new(),
        stderr: format!("\n{message}\n"),
        exit_code: 254,
    };
    let paginator = service.paginator(&call.operation).filter(|_| call.paginate.is_some());
    let Some(paginator) = paginator else {
        let body = match s3api::with_body(call, files) {
            Ok(body) => body,
            Err(stderr) => return CliOutput { stdout: String::new(), stderr, exit_code: 252 },
        };
        let mut response = match send_with_retries(call, &body, send) {
            Ok(r) => r,
            Err(message) => return fail(message),
        };
        s3api::after_response(call, &mut response, files, now);
        output::transform_response(service, output_shape, &mut response);
        if call.service == "datapipeline" && call.operation == "GetPipelineDefinition" {
            // The customization's after-call handler: the definition in the file form.
            datapipeline::api_to_definition(&mut response);
        }
        return match apply_query(response) {
            Ok(value) => CliOutput {
                stdout: output::render(call.output, &call.operation, &value),
                ..CliOutput::default()
            },
            Err(e) => fail(e),
        };
    };
    let mut fetch = |body: &str| -> Result<Json, ApiError> {
        let mut page =
            send_with_retries(call, body, send).map_err(|m| ApiError::from_aws("", m))?;
        s3api::after_response(call, &mut page, files, now);
        output::transform_response(service, output_shape, &mut page);
        Ok(page)
    };
    let (pages, error) = match paginate::fetch_pages(paginator, call, &mut fetch) {
        Ok(p) => (p, None),
        Err(failed) => {
            let (p, e) = *failed;
            (p, Some(e.message))
        }
    };
    if call.output == OutputFormat::Text {
        // The text formatter prints (and queries) page by page: the pages before a failing
        // one are already on stdout when the error is printed.
        let mut out = String::new();
        for page in paginate::text_pages(&pages) {
            match apply_query(page) {
                Ok(value) => out.push_str(&output::render_text(&value)),
                Err(e) => return CliOutput { stdout: out, ..fail(e) },
            }
        }
        return match error {
            Some(message) => CliOutput { stdout: out, ..fail(message) },
            None => CliOutput { stdout: out, ..CliOutput::default() },
        };
    }
    if let Some(message) = error {
        return fail(message);
    }
    match apply_query(paginate::full_result(&pages)) {
        Ok(value) => CliOutput {
            stdout: output::render(call.output, &call.operation, &value),
            ..CliOutput::default()
        },
        Err(e) => fail(e),
    }
}

/// What the CLI prints on stderr for a service error: a blank line, botocore's `ClientError`
/// message, a newline.
pub fn format_error(error: &ApiError) -> String {
    let action = if error.action.is_empty() { "Unknown" } else { &error.action };
    format!(
        "\nAn error occurred ({}) when calling the {} operation: {}\n",
        error.code, action, error.message
    )
}
