//! `aws s3`: the CLI's high-level S3 commands (awscli/customizations/s3), as the same API calls
//! in the same order, printing what the CLI prints: [`ls`], [`buckets`] (`mb`, `rb`),
//! [`transfer`] (`cp`, `mv`, `rm`, `sync`), [`presign`]. Transfers run one request at a time,
//! as the CLI does with `max_concurrent_requests = 1`, and print no progress meter (as with
//! `--no-progress`).

mod buckets;
pub mod device;
mod ls;
mod presign;
mod transfer;

use super::files::LocalFiles;
use super::json::Json;
use super::lexer;
use super::{ApiError, Cli, CliOutput};

/// The CLI sends objects of 8 MiB or more in 8 MiB parts (`multipart_threshold`,
/// `multipart_chunksize`).
pub const MULTIPART_BYTES: usize = 8 * 1024 * 1024;

/// What a command gets: the API, the local files, the clock, the options.
pub struct Ctx<'a> {
    send: &'a mut dyn FnMut(&str, &str) -> Result<String, ApiError>,
    pub files: &'a mut dyn LocalFiles,
    pub now: i64,
    pub region: String,
    pub endpoint: Option<String>,
    /// The endpoint when it is a device's address ([`device`]): calls go to the device.
    pub device: Option<String>,
    /// A call found nothing listening at the device address (the CLI's EndpointConnectionError:
    /// `ls` then exits 255, a listing for `sync` is a "fatal error").
    pub unreachable: bool,
    /// The sandbox's word on why, printed once after the CLI's own output.
    pub note: Option<String>,
    pub out: CliOutput,
}

impl Ctx<'_> {
    /// One S3 action with its input in JSON; the error as the CLI words it.
    pub fn api(&mut self, action: &str, input: Json) -> Result<Json, String> {
        let sent = match &self.device {
            Some(endpoint) => (self.send)(device::TARGET, &device::body(endpoint, action, &input)),
            None => (self.send)(&format!("s3.{action}"), &input.to_wire()),
        };
        match sent {
            Ok(text) => Ok(Json::parse(&text).unwrap_or(Json::Object(Vec::new()))),
            Err(e) if e.code.as_str() == device::CONNECTION_ERROR => {
                self.unreachable = true;
                if !e.message.is_empty() {
                    self.note = Some(e.message);
                }
                let endpoint = self.device.clone().unwrap_or_default();
                Err(device::connection_text(&device::url_of(&endpoint, action, &input)))
            }
            Err(e) => Err(format!(
                "An error occurred ({}) when calling the {action} operation: {}",
                e.code, e.message
            )),
        }
    }

    pub fn print(&mut self, text: &str) {
        self.out.stdout.push_str(text);
    }

    pub fn eprint(&mut self, text: &str) {
        self.out.stderr.push_str(text);
    }
}

/// The parsed options of an `aws s3` command.
#[derive(Default)]
pub struct Args {
    pub paths: Vec<String>,
    pub flags: Vec<String>,
    pub values: Vec<(String, String)>,
}

impl Args {
    pub fn flag(&self, name: &str) -> bool {
        self.flags.iter().any(|f| f == name)
    }

    pub fn value(&self, name: &str) -> Option<&str> {
        self.values.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// Options that take a value (the rest are flags).
const VALUED: &[&str] = &[
    "page-size",
    "expires-in",
    "content-type",
    "region",
    "endpoint-url",
    // argparse takes a prefix of an option: the Edge guide writes `--endpoint`.
    "endpoint",
    "profile",
    "output",
    "exclude",
    "include",
    "storage-class",
    "sse",
    "acl",
    "cache-control",
    "metadata",
    "metadata-directive",
    "request-payer",
    "bucket-name-prefix",
    "bucket-region",
];

/// `Some` output when `line` is an `aws s3` command.
pub fn run(
    _cli: &Cli,
    line: &str,
    send: &mut dyn FnMut(&str, &str) -> Result<String, ApiError>,
    files: &mut dyn LocalFiles,
    now: i64,
) -> Option<CliOutput> {
    let words: Vec<String> = lexer::split(line).ok()?.into_iter().map(|w| w.text).collect();
    if words.first().map(String::as_str) != Some("aws") {
        return None;
    }
    let mut args = Args::default();
    let mut i = 1;
    let mut service = None;
    let mut command = None;
    while i < words.len() {
        let w = &words[i];
        if let Some(name) = w.strip_prefix("--") {
            if VALUED.contains(&name) {
                args.values.push((name.to_string(), words.get(i + 1).cloned().unwrap_or_default()));
                i += 1;
            } else {
                args.flags.push(name.to_string());
            }
        } else if service.is_none() {
            service = Some(w.clone());
        } else if command.is_none() {
            command = Some(w.clone());
        } else {
            args.paths.push(w.clone());
        }
        i += 1;
    }
    if service.as_deref() != Some("s3") {
        return None;
    }
    let endpoint = args
        .values
        .iter()
        .rev()
        .find(|(k, _)| k == "endpoint-url" || k == "endpoint")
        .map(|(_, v)| v.to_string());
    let mut cx = Ctx {
        send,
        files,
        now,
        region: args.value("region").unwrap_or("us-east-1").to_string(),
        device: endpoint.clone().filter(|e| device::is_device_address(e)),
        endpoint,
        unreachable: false,
        note: None,
        out: CliOutput::default(),
    };
    let code = match command.as_deref() {
        Some("ls") => ls::ls(&mut cx, &args),
        Some("mb") => buckets::mb(&mut cx, &args),
        Some("rb") => buckets::rb(&mut cx, &args),
        Some("cp") => transfer::cp(&mut cx, &args, false),
        Some("mv") => transfer::cp(&mut cx, &args, true),
        Some("rm") => transfer::rm(&mut cx, &args),
        Some("sync") => transfer::sync(&mut cx, &args),
        Some("presign") => presign::presign(&mut cx, &args),
        Some(other) => {
            cx.eprint(&format!(
                "\nusage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\nTo see help text, you can run:\n\n  aws help\n  aws <command> help\n  aws <command> <subcommand> help\n\naws: error: argument subcommand: Invalid choice, valid choices are:\n\nls                                       | website                                 \ncp                                       | mv                                      \nrm                                       | sync                                    \nmb                                       | rb                                      \npresign                                 \n\nInvalid choice: '{other}', maybe you meant:\n"
            ));
            252
        }
        None => {
            cx.eprint("\nusage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\nTo see help text, you can run:\n\n  aws help\n  aws <command> help\n  aws <command> <subcommand> help\n\naws: error: the following arguments are required: subcommand\n");
            252
        }
    };
    cx.out.exit_code = code;
    if let Some(note) = cx.note.take() {
        cx.out.stderr.push_str(&format!("{note}\n"));
    }
    Some(cx.out)
}

/// `s3://bucket/key` into (bucket, key); `None` for a local path.
pub fn s3_path(path: &str) -> Option<(String, String)> {
    let rest = path.strip_prefix("s3://")?;
    Some(match rest.split_once('/') {
        Some((b, k)) => (b.to_string(), k.to_string()),
        None => (rest.to_string(), String::new()),
    })
}

/// `2026-01-01 00:00:05` from epoch seconds, as `ls` prints times (the tests run in UTC, as
/// the page's clock does).
pub fn ls_time(secs: f64) -> String {
    super::timestamp::iso8601(secs).get(..19).unwrap_or_default().replace('T', " ")
}

/// The CLI's `human_readable_size`.
pub fn human_size(value: u64) -> String {
    let bytes = value as f64;
    if value == 1 {
        return "1 Byte".into();
    }
    if bytes < 1024.0 {
        return format!("{value} Bytes");
    }
    for (i, suffix) in ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"].iter().enumerate() {
        let unit = 1024f64.powi(i as i32 + 2);
        if ((bytes / unit) * 1024.0).round() < 1024.0 {
            return format!("{:.1} {suffix}", 1024.0 * bytes / unit);
        }
    }
    format!("{value} Bytes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_the_cli_prints_them() {
        assert_eq!(human_size(1), "1 Byte");
        assert_eq!(human_size(10), "10 Bytes");
        assert_eq!(human_size(1024), "1.0 KiB");
        assert_eq!(human_size(1024 * 1024), "1.0 MiB");
        assert_eq!(human_size(20_000_000), "19.1 MiB");
        assert_eq!(s3_path("s3://b/a/b"), Some(("b".into(), "a/b".into())));
        assert_eq!(s3_path("./x"), None);
    }
}
