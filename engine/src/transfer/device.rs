//! The appliance at the customer's site: unlocking it with the manifest and the unlock code,
//! copying data onto it (encrypted on the way in), reading exported files back, and Snowball
//! Edge compute over what it holds before it ships back.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::crypto;
use super::edge::InstanceProgram;
use super::model::*;
use super::ops::messages::*;
use super::ops::shipping::manifest_name;
use super::timeline::HOUR_MS;
use super::Snowball;
use crate::api::ApiError;
use crate::sim::Ctx;

/// The copy rate when the learner names none, in MB/s: a row of the user guide's performance
/// table (100 MB/s: 42 TB in 4.63 days, 72 TB in 8.10 days). The sandbox's choice.
pub const DEFAULT_RATE_MB_S: u64 = 100;
/// "Each file or object that is imported must be less than or equal to 5 TB in size."
pub const MAX_FILE_BYTES: u64 = 5_000_000_000_000;
/// "Objects transferred onto Snowballs have a maximum key length of 933 bytes."
pub const MAX_KEY_BYTES: usize = 933;

/// Encrypts `plain` under the device's data key with the next nonce and stores it at `path`.
pub(crate) fn store_encrypted(a: &mut Appliance, path: &str, plain: &[u8]) {
    a.files_written += 1;
    let nonce = crypto::nonce_for(a.files_written);
    let ciphertext: Arc<[u8]> = crypto::encrypt(&a.data_key, &nonce, plain).into();
    let file = StoredFile::Encrypted {
        nonce,
        ciphertext,
        plain_len: plain.len() as u64,
        md5_hex: crypto::md5_hex(plain),
    };
    put(a, path, file);
}

/// Stores data described by its size (an export's bulk) at `path`.
pub(crate) fn put_described(a: &mut Appliance, path: &str, bytes: u64, objects: u64) {
    put(a, path, StoredFile::Described { bytes, objects });
}

fn put(a: &mut Appliance, path: &str, file: StoredFile) {
    let added = file.bytes();
    if let Some(old) = a.files.insert(path.to_string(), file) {
        a.used_bytes -= old.bytes().min(a.used_bytes);
    }
    a.used_bytes += added;
}

/// The job, when its device is at the customer's site.
fn on_site<'a>(sb: &'a mut Snowball, action: &str, job_id: &str) -> Result<&'a mut Job, ApiError> {
    let job = sb.jobs.get_mut(job_id).ok_or_else(|| no_job(action, job_id))?;
    if job.state != JobState::WithCustomer {
        return Err(device_not_here(action, job_id, job.state.as_str()));
    }
    Ok(job)
}

/// `snowball start -i IP -m manifest -u code`: the manifest must be this job's, the code its
/// unlock code.
pub fn unlock(
    sb: &mut Snowball,
    ctx: &mut Ctx<'_>,
    job_id: &str,
    manifest: &str,
    code: &str,
) -> Result<(), ApiError> {
    const A: &str = "UnlockDevice";
    let job = on_site(sb, A, job_id)?;
    let named = manifest.rsplit('/').next().unwrap_or(manifest);
    let named = named.split('?').next().unwrap_or(named);
    if named != manifest_name(job_id) {
        return Err(wrong_manifest(A, job_id));
    }
    if code.trim() != job.unlock_code {
        return Err(wrong_unlock(A));
    }
    job.appliance.unlocked = true;
    ctx.emit(Event::DeviceUnlocked { job_id: job_id.into() });
    Ok(())
}

/// What one copy writes: real files, or data described by its size.
pub enum Payload {
    Files(Vec<(String, Vec<u8>)>),
    Described { bytes: u64, objects: u64 },
}

/// `snowball cp -r SRC s3://bucket/prefix` (or `aws s3 cp ... --endpoint http://IP:8080`):
/// checks the destination is one of the job's buckets, the keys and sizes, and the free space,
/// then stores the data encrypted; the copy takes its bytes over `rate` MB/s of virtual time.
pub fn copy(
    sb: &mut Snowball,
    ctx: &mut Ctx<'_>,
    job_id: &str,
    destination: &str,
    payload: Payload,
    rate_mb_s: Option<u64>,
) -> Result<String, ApiError> {
    const A: &str = "CopyToDevice";
    let now = ctx.unix_ms();
    let job = on_site(sb, A, job_id)?;
    if !job.appliance.unlocked {
        return Err(locked(A));
    }
    if job.appliance.copy_until_ms > now {
        return Err(copy_busy(A));
    }
    let dest = destination.strip_prefix("s3://").ok_or_else(|| root_level(A))?;
    let (bucket, prefix) = dest.split_once('/').unwrap_or((dest, ""));
    if bucket.is_empty() {
        return Err(root_level(A));
    }
    if !job.buckets().iter().any(|b| b == bucket) {
        return Err(not_job_bucket(A, bucket));
    }
    let prefix = if prefix.is_empty() || prefix.ends_with('/') {
        prefix.to_string()
    } else {
        format!("{prefix}/")
    };
    let (bytes, objects) = match &payload {
        Payload::Files(files) => {
            (files.iter().map(|(_, b)| b.len() as u64).sum::<u64>(), files.len() as u64)
        }
        Payload::Described { bytes, objects } => (*bytes, (*objects).max(1)),
    };
    if let Payload::Files(files) = &payload {
        for (name, body) in files {
            if format!("{prefix}{name}").len() > MAX_KEY_BYTES || name.is_empty() {
                return Err(key_too_long(A));
            }
            if body.len() as u64 > MAX_FILE_BYTES {
                return Err(file_too_big(A));
            }
        }
    } else if bytes / objects > MAX_FILE_BYTES {
        return Err(file_too_big(A));
    }
    let stored_real = matches!(payload, Payload::Files(_));
    let free = job.appliance.capacity_bytes.saturating_sub(job.appliance.used_bytes);
    if bytes > free {
        return Err(over_capacity(A, free, bytes));
    }
    // The job's functions this bucket's PUTs trigger run on each real file before it is
    // encrypted onto the device: what lands in S3 after the return is their output. Data
    // described by its size has no bytes for a function to read and goes on unchanged.
    let functions = super::edge::triggered(&job.resources, bucket);
    let a = &mut job.appliance;
    let files_count = match payload {
        Payload::Files(files) => {
            let n = files.len() as u64;
            for (name, mut body) in files {
                let mut path = format!("{bucket}/{prefix}{name}");
                for (_, program) in &functions {
                    body = program.run(&body);
                    path.push_str(program.key_suffix());
                }
                store_encrypted(a, &path, &body);
                a.modified_ms.insert(path, now.max(0) as u64);
            }
            n
        }
        Payload::Described { bytes, objects } => {
            let path = format!("{bucket}/{prefix}bulk-{:04}", a.files.len());
            put(a, &path, StoredFile::Described { bytes, objects: objects.max(1) });
            a.modified_ms.insert(path, now.max(0) as u64);
            1
        }
    };
    let rate = rate_mb_s.filter(|r| *r > 0).unwrap_or(DEFAULT_RATE_MB_S);
    let ms = copy_ms(bytes, rate);
    a.copy_started_ms = now;
    a.copy_until_ms = now + ms as i64;
    a.copy_bytes = bytes;
    a.copy_rate = rate;
    ctx.emit(Event::CopiedToDevice { job_id: job_id.into(), files: files_count, objects, bytes });
    let real_files = if stored_real { files_count } else { 0 };
    let mut invocations = 0;
    for (arn, _) in &functions {
        let runs = job.lambda_runs.entry(arn.clone()).or_default();
        *runs = (runs.0.saturating_add(real_files), runs.1.saturating_add(real_files));
        invocations += real_files;
        if real_files > 0 {
            ctx.emit(Event::LambdaTriggered {
                job_id: job_id.into(),
                lambda_arn: arn.clone(),
                files: real_files,
            });
        }
    }
    ctx.schedule_in(ms, Wake::CopyDone { job: job_id.into(), until_ms: now + ms as i64 });
    let lambda = if functions.is_empty() {
        String::new()
    } else {
        format!(",\"LambdaInvocations\":{invocations}")
    };
    Ok(format!(
        "{{\"Files\":{files_count},\"Objects\":{objects},\"Bytes\":{bytes},\"Seconds\":{}{lambda}}}",
        ms / 1000
    ))
}

/// Virtual milliseconds to copy `bytes` at `rate` MB/s (decimal megabytes), at least one.
pub fn copy_ms(bytes: u64, rate_mb_s: u64) -> u64 {
    let ms = (bytes as u128 * 1000) / (rate_mb_s.max(1) as u128 * 1_000_000);
    (ms as u64).max(1)
}

/// A generated data set holds at most this many bytes in all (the sandbox's bound: real bytes
/// live in the page's memory; bulk data is described by its size instead).
pub const MAX_GENERATED_BYTES: u64 = 8 << 20;

/// A generated data set: `files` log files (at most 1,000) of about `bytes_each` bytes of CSV
/// lines, from the world's RNG (the same seed gives the same files), [`MAX_GENERATED_BYTES`] in
/// all.
pub fn generated_files(ctx: &mut Ctx<'_>, files: u32, bytes_each: u32) -> Vec<(String, Vec<u8>)> {
    let levels = ["INFO", "INFO", "INFO", "WARN", "ERROR"];
    let files = files.min(1_000);
    let each = (bytes_each as u64).min(MAX_GENERATED_BYTES / files.max(1) as u64) as usize;
    (0..files)
        .map(|i| {
            let mut body = String::from("time,level,host,latency_ms\n");
            let mut line = 0u64;
            while body.len() < each {
                let level = levels[ctx.rng.below(levels.len() as u64) as usize];
                let host = format!("web-{}", ctx.rng.below(8));
                body.push_str(&format!(
                    "{},{level},{host},{}\n",
                    line * 1000,
                    ctx.rng.below(900) + 5
                ));
                line += 1;
            }
            (format!("logs-{i:04}.csv"), body.into_bytes())
        })
        .collect()
}

/// `snowball cp s3://bucket/key /local` on an export job: the file decrypted.
pub fn read(sb: &Snowball, job_id: &str, path: &str) -> Result<Vec<u8>, ApiError> {
    const A: &str = "ReadFromDevice";
    let job = sb.jobs.get(job_id).ok_or_else(|| no_job(A, job_id))?;
    if job.state != JobState::WithCustomer {
        return Err(device_not_here(A, job_id, job.state.as_str()));
    }
    if !job.appliance.unlocked {
        return Err(locked(A));
    }
    let path = path.strip_prefix("s3://").unwrap_or(path);
    match job.appliance.files.get(path) {
        Some(StoredFile::Encrypted { nonce, ciphertext, .. }) => {
            crypto::decrypt(&job.appliance.data_key, nonce, ciphertext)
                .ok_or_else(|| no_job(A, path))
        }
        _ => Err(no_job(A, path)),
    }
}

/// Runs `program` on the device's EC2-compatible instance over every real file on the
/// device: each is decrypted in the device's memory, processed, encrypted again. A per-file
/// program (`filter:TEXT`, `uppercase`, `gzip`, `streaming:MAPPER`) rewrites each file; a
/// streaming map + reduce (`streaming:MAPPER|REDUCER`) replaces the files of each folder with
/// the folder's one `part-00000` ([`super::edge`]). Data described by its size has no bytes to
/// read and stays as it is. Only a job that named an AMI (`Resources.Ec2AmiResources`) has an
/// instance. Takes an hour of virtual time (the sandbox's choice).
pub fn compute(
    sb: &mut Snowball,
    ctx: &mut Ctx<'_>,
    job_id: &str,
    program: &str,
) -> Result<String, ApiError> {
    const A: &str = "RunEdgeCompute";
    let now = ctx.unix_ms();
    let job = on_site(sb, A, job_id)?;
    let computes = super::catalog::device_type(&job.snowball_type).is_some_and(|d| d.computes);
    if !computes {
        return Err(no_compute(A, &job.snowball_type));
    }
    if job.resources.ec2_ami_resources.as_deref().unwrap_or_default().is_empty() {
        return Err(no_instance(A, job_id));
    }
    if !job.appliance.unlocked {
        return Err(locked(A));
    }
    let Some(program) = InstanceProgram::from_verb(program) else {
        return Err(unknown_program(A, program));
    };
    let a = &mut job.appliance;
    // Every real file, decrypted, in path order (the order a listing gives a job's inputs).
    let mut plain: Vec<(String, Vec<u8>)> = Vec::new();
    for (path, file) in &a.files {
        if let StoredFile::Encrypted { nonce, ciphertext, .. } = file {
            if let Some(bytes) = crypto::decrypt(&a.data_key, nonce, ciphertext) {
                plain.push((path.clone(), bytes));
            }
        }
    }
    let objects_in = plain.len() as u64;
    // What replaces what: (paths removed, path written, its bytes). Everything is computed
    // before the device changes, so a reducer that fails leaves it as it was.
    let mut writes: Vec<(Vec<String>, String, Vec<u8>)> = Vec::new();
    match &program {
        InstanceProgram::EachFile(p) => {
            for (path, bytes) in plain {
                let written = format!("{path}{}", p.key_suffix());
                writes.push((vec![path], written, p.run(&bytes)));
            }
        }
        InstanceProgram::EachFolder(m) => {
            let mut folders: BTreeMap<String, Vec<(String, Vec<u8>)>> = BTreeMap::new();
            for (path, bytes) in plain {
                let folder = path.rsplit_once('/').map_or("", |(f, _)| f).to_string();
                folders.entry(folder).or_default().push((path, bytes));
            }
            for (folder, files) in folders {
                let inputs: Vec<&[u8]> = files.iter().map(|(_, b)| b.as_slice()).collect();
                let out = m
                    .run(&inputs)
                    .map_err(|why| streaming_failed(A, &program.label(), &folder, &why))?;
                let paths = files.into_iter().map(|(p, _)| p).collect();
                writes.push((paths, format!("{folder}/{}", super::edge::REDUCE_OUTPUT), out));
            }
        }
    }
    let objects_out = writes.len() as u64;
    for (removed, written, out) in writes {
        for path in removed {
            if let Some(f) = a.files.remove(&path) {
                a.used_bytes -= f.bytes().min(a.used_bytes);
            }
            a.modified_ms.remove(&path);
        }
        a.modified_ms.insert(written.clone(), now.max(0) as u64);
        store_encrypted(a, &written, &out);
    }
    a.copy_started_ms = now;
    a.copy_until_ms = now + HOUR_MS as i64;
    a.copy_bytes = 0;
    let until_ms = a.copy_until_ms;
    let label = program.label();
    job.computed = Some((label.clone(), objects_in, objects_out));
    ctx.emit(Event::EdgeComputeRan {
        job_id: job_id.into(),
        program: label,
        objects_in,
        objects_out,
    });
    ctx.schedule_in(HOUR_MS, Wake::CopyDone { job: job_id.into(), until_ms });
    Ok(format!("{{\"ObjectsIn\":{objects_in},\"ObjectsOut\":{objects_out}}}"))
}
