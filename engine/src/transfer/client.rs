//! The classic Snowball client as a learner types it at the workstation (the user guide's
//! "Commands for the Snowball Client"): `snowball start -i IP -m MANIFEST -u CODE` unlocks the
//! device, `snowball cp -r SRC s3://bucket/prefix` copies onto it (both are commands, recorded
//! like any other), `snowball ls [s3://bucket/prefix]` and `snowball status` read the device
//! (answered from the view: nothing changes, nothing is recorded).
//!
//! The sandbox's workstation has no disk of its own: `cp` knows the two folders the view's
//! buttons copy, `/data/logs` (20 generated CSV log files of 4 kB, real bytes, encrypted on
//! the way in) and `/archive` (40 TB described by its size, at 300 MB/s). That, and the
//! wording of every refusal below that is not a documented one, is the sandbox's choice.

use super::learner::SnowballCommand;
use super::snapshot::{DeviceFileView, JobView};

/// The address the sandbox's device answers on (a documentation address, RFC 5737), as the
/// user guide's examples use.
pub const DEVICE_IP: &str = "192.0.2.0";

/// What a typed line asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientLine {
    /// A verb that changes the device: run it as a command.
    Command(SnowballCommand),
    /// `snowball status`.
    Status,
    /// `snowball ls`, with the `s3://` path when one was given.
    Ls(Option<String>),
}

/// The sample folders of the sandbox's workstation that `cp` copies from.
pub const WORKSTATION_FOLDERS: &[&str] = &["/data/logs", "/archive"];

/// Reads one line of the classic client for the device of `job_id`.
pub fn parse(job_id: &str, line: &str) -> Result<ClientLine, String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let Some((&"snowball", rest)) = words.split_first() else {
        return Err(format!("Not a Snowball client command: {line} (lines start with snowball)"));
    };
    match rest {
        ["status"] => Ok(ClientLine::Status),
        ["ls"] => Ok(ClientLine::Ls(None)),
        ["ls", path] => Ok(ClientLine::Ls(Some(s3_path(path)?.to_string()))),
        ["start", options @ ..] => start(job_id, options),
        ["cp", options @ ..] => copy(job_id, options),
        [verb, ..] => {
            Err(format!("snowball {verb}: the sandbox's client runs start, cp, ls and status"))
        }
        [] => Err("Usage: snowball start | cp | ls | status".into()),
    }
}

/// "the only supported destination schema is s3://".
fn s3_path(path: &str) -> Result<&str, String> {
    if path.starts_with("s3://") {
        Ok(path)
    } else {
        Err(format!("{path}: the only supported destination schema is s3://"))
    }
}

fn start(job_id: &str, options: &[&str]) -> Result<ClientLine, String> {
    let (mut ip, mut manifest, mut code) = (None, None, None);
    let mut it = options.iter();
    while let Some(flag) = it.next() {
        let slot = match *flag {
            "-i" => &mut ip,
            "-m" => &mut manifest,
            "-u" => &mut code,
            other => return Err(format!("snowball start: unknown option {other}")),
        };
        *slot = Some(it.next().ok_or_else(|| format!("snowball start: {flag} needs a value"))?);
    }
    let usage = "Usage: snowball start -i IP -m MANIFEST -u UNLOCK_CODE";
    let (Some(ip), Some(manifest), Some(code)) = (ip, manifest, code) else {
        return Err(usage.into());
    };
    if *ip != DEVICE_IP {
        return Err(format!(
            "Could not connect to a Snowball at {ip}: the device answers on {DEVICE_IP}"
        ));
    }
    Ok(ClientLine::Command(SnowballCommand::UnlockDevice {
        job_id: job_id.into(),
        manifest: manifest.to_string(),
        unlock_code: code.to_string(),
    }))
}

fn copy(job_id: &str, options: &[&str]) -> Result<ClientLine, String> {
    let paths: Vec<&str> = options.iter().copied().filter(|o| *o != "-r").collect();
    let [source, destination] = paths[..] else {
        return Err("Usage: snowball cp [-r] SRC s3://DEST".into());
    };
    let destination = s3_path(destination)?.trim_end_matches('/').to_string();
    let job_id = job_id.to_string();
    let command = match source.trim_end_matches('/') {
        "/data/logs" => SnowballCommand::CopyGenerated {
            job_id,
            destination,
            files: 20,
            bytes_each: 4_000,
            rate_mb_s: None,
        },
        "/archive" => SnowballCommand::CopyDescribed {
            job_id,
            destination,
            bytes: 40_000_000_000_000,
            objects: 400_000,
            rate_mb_s: Some(300),
        },
        other => {
            return Err(format!(
                "{other}: No such file or directory (the sandbox's workstation holds {})",
                WORKSTATION_FOLDERS.join(" and ")
            ))
        }
    };
    Ok(ClientLine::Command(command))
}

/// What the device holds as `snowball status` prints it (the user guide's example: "Snowball
/// Status: SUCCESS", the S3 endpoint, "Total Size: 72 TB", "Free Space: 64 TB").
pub fn status(job: &JobView) -> Result<String, String> {
    let d = unlocked(job)?;
    let copying = if d.copy_permille > 0 && d.copy_permille < 1000 {
        format!("\nCopy in progress: {}% at {} MB/s", d.copy_permille / 10, d.copy_rate_mb_s)
    } else {
        String::new()
    };
    Ok(format!(
        "Snowball Status: SUCCESS\nS3 Endpoint running at: http://{DEVICE_IP}:8080\nTotal Size: {}\nFree Space: {}{copying}",
        size(d.capacity_bytes),
        size(d.capacity_bytes.saturating_sub(d.used_bytes))
    ))
}

/// `snowball ls`: the root folders (the job's buckets) without a path; with one, every file
/// under it as the client lists them, metadata reset ("-rw-rw-r-- 1 root root [filesize] Dec
/// 31 1969 [path/filename]"). Data described by its size is one line, marked as such.
pub fn ls(job: &JobView, path: Option<&str>) -> Result<String, String> {
    let d = unlocked(job)?;
    let Some(path) = path else {
        let folders: Vec<String> = job
            .buckets
            .iter()
            .map(|b| format!("drwxrwxr-x 1 root root 0 Dec 31 1969 {b}"))
            .collect();
        return Ok(folders.join("\n"));
    };
    let under = path.trim_start_matches("s3://").trim_end_matches('/');
    let bucket = under.split('/').next().unwrap_or_default();
    if !job.buckets.iter().any(|b| b == bucket) {
        return Err(format!(
            "s3://{bucket}: no such folder on this Snowball (its root folders are the job's buckets: {})",
            job.buckets.join(", ")
        ));
    }
    let lines: Vec<String> = d
        .files
        .iter()
        .filter(|f| f.path == under || f.path.starts_with(&format!("{under}/")))
        .map(ls_line)
        .collect();
    Ok(lines.join("\n"))
}

fn ls_line(f: &DeviceFileView) -> String {
    let described = if f.described {
        format!("  ({} objects, described by size)", f.objects)
    } else {
        String::new()
    };
    format!("-rw-rw-r-- 1 root root {} Dec 31 1969 {}{described}", f.bytes, f.path)
}

fn unlocked(job: &JobView) -> Result<&super::snapshot::DeviceView, String> {
    if job.device.erased {
        return Err("The Snowball has been erased (NIST 800-88): it holds nothing.".into());
    }
    if !job.device.unlocked {
        return Err(super::ops::messages::locked_text());
    }
    Ok(&job.device)
}

/// Decimal units as AWS sizes devices, to two places at most ("72 TB", "41.99 TB").
pub fn size(bytes: u64) -> String {
    let units = [(1e12, "TB"), (1e9, "GB"), (1e6, "MB"), (1e3, "KB")];
    let b = bytes as f64;
    for (scale, unit) in units {
        if b >= scale {
            let text = format!("{:.2}", (b / scale * 100.0).floor() / 100.0);
            let text = text.trim_end_matches('0').trim_end_matches('.');
            return format!("{text} {unit}");
        }
    }
    format!("{bytes} B")
}
