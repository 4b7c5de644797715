//! What AWS does with the device once loading ends: an import writes the device's files into
//! the bucket (S3), one archive (Glacier) or a snapshot (EBS); an export copies the selected
//! objects onto the device, encrypted, "in alphabetical order" until it is full. Then the log
//! goes to the log bucket (a real object) and, if asked, the device is erased.
//!
//! The device's encryption is the learner's choice for an import (the manifest's
//! `trueCryptPassword`) and required for an export. The sandbox encrypts with AES-256-GCM under
//! a key derived from the password, standing in for TrueCrypt's AES (same idea, different mode).

use std::sync::Arc;

use md5::{Digest, Md5};

use super::manifest::Target;
use super::model::*;
use super::tick::set_status;
use crate::s3::ops::put_object;
use crate::s3::wire::PutObjectInput;
use crate::s3::WrittenBy;
use crate::sim::{Ctx, Services};
use crate::snowball::crypto;

/// The device key behind a TrueCrypt password (the sandbox's stand-in derivation).
pub fn password_key(password: &str) -> [u8; 32] {
    let a = Md5::digest(format!("truecrypt-a:{password}").as_bytes());
    let b = Md5::digest(format!("truecrypt-b:{password}").as_bytes());
    let mut k = [0u8; 32];
    k[..16].copy_from_slice(&a);
    k[16..].copy_from_slice(&b);
    k
}

/// A file as it sits on the device: in the clear, or encrypted under the password's key.
pub fn store(password: Option<&str>, counter: u64, bytes: &[u8]) -> DiskFile {
    match password {
        None => DiskFile::Plain { bytes: Arc::from(bytes) },
        Some(p) => {
            let nonce = crypto::nonce_for(counter);
            let ciphertext = crypto::encrypt(&password_key(p), &nonce, bytes);
            DiskFile::Encrypted {
                nonce,
                ciphertext: ciphertext.into(),
                plain_len: bytes.len() as u64,
            }
        }
    }
}

/// The objects an export selects, in key order per operation: (bucket, key, device path, bytes).
fn export_selection(services: &Services, job: &Job) -> Vec<(String, String, String, Arc<[u8]>)> {
    let Target::Export { operations } = &job.manifest.target else { return Vec::new() };
    let mut out = Vec::new();
    for op in operations {
        let Some(b) = services.s3.buckets.get(&op.bucket) else { continue };
        for o in b.current_objects().filter(|o| op.selects(&o.key)) {
            let dir = op.target_directory.trim_matches('/');
            let path = if dir.is_empty() { o.key.clone() } else { format!("{dir}/{}", o.key) };
            out.push((op.bucket.clone(), o.key.clone(), path, o.bytes.clone()));
        }
    }
    out
}

/// How many bytes loading moves: the device's data for an import, what fits of the selection
/// for an export.
pub(crate) fn bytes_to_load(services: &Services, job_id: &str) -> u64 {
    let Some(j) = services.importexport.jobs.get(job_id) else { return 0 };
    let Some(d) = &j.device else { return 0 };
    match j.job_type {
        DiskJobType::Import => d.used_bytes(),
        DiskJobType::Export => {
            let wanted: u64 = export_selection(services, j).iter().map(|w| w.3.len() as u64).sum();
            wanted.min(d.capacity_bytes.saturating_sub(d.used_bytes()))
        }
    }
}

/// Loading is done: move the data, save the log, erase if asked, set the codes.
pub(crate) fn finish(services: &mut Services, ctx: &mut Ctx<'_>, job_id: &str) {
    let Some(j) = services.importexport.jobs.get(job_id) else { return };
    let (target, job_type) = (j.manifest.target.clone(), j.job_type);
    let mut log = vec!["Key,Bytes,Status".to_string()];
    match (job_type, &target) {
        (DiskJobType::Import, Target::S3 { bucket, prefix }) => {
            import_s3(services, ctx, job_id, bucket, prefix, &mut log)
        }
        (DiskJobType::Import, _) => import_image(services, ctx, job_id, &target, &mut log),
        (DiskJobType::Export, _) => export(services, ctx, job_id, &mut log),
    }
    write_log(services, ctx, job_id, &log);
    let Some(j) = services.importexport.jobs.get_mut(job_id) else { return };
    let progress =
        if j.error_count == 0 { Progress::Complete } else { Progress::SuccessWithErrors };
    let erase = job_type == DiskJobType::Import && j.manifest.erase_device;
    if let (true, Some(d)) = (erase, j.device.as_mut()) {
        // "AWS overwrites all writable blocks on your device with zeros."
        d.files.clear();
        d.erased = true;
        ctx.emit(Event::DeviceErased { job_id: job_id.into() });
    }
    set_status(services, ctx, job_id, None, Some(progress));
}

fn import_s3(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    job_id: &str,
    bucket: &str,
    prefix: &str,
    log: &mut Vec<String>,
) {
    let Some(j) = services.importexport.jobs.get(job_id) else { return };
    let files = j.device.as_ref().map(|d| d.files.clone()).unwrap_or_default();
    let key = j.manifest.password.as_deref().map(password_key);
    let (mut objects, mut bytes, mut errors) = (0u64, 0u64, Vec::new());
    for (path, file) in files {
        let object_key = format!("{prefix}{path}");
        let plain: Option<Vec<u8>> = match &file {
            DiskFile::Plain { bytes } => Some(bytes.to_vec()),
            DiskFile::Encrypted { nonce, ciphertext, .. } => {
                key.as_ref().and_then(|k| crypto::decrypt(k, nonce, ciphertext))
            }
            DiskFile::Described { .. } => None,
        };
        let outcome = match (&file, plain) {
            // Bulk data described by its size is counted, never stored.
            (DiskFile::Described { .. }, _) => Ok(()),
            (_, None) => Err("the file could not be decrypted with the manifest's password".into()),
            (_, Some(plain)) => {
                let input = PutObjectInput::new(bucket, &object_key, Arc::<[u8]>::from(plain));
                let by = WrittenBy::ImportExport { job_id: job_id.into() };
                put_object(&mut services.s3, ctx, input, by).map(|_| ()).map_err(|e| e.message)
            }
        };
        match outcome {
            Ok(()) => {
                objects += file.objects();
                bytes += file.bytes();
                log.push(format!("{object_key},{},Loaded", file.bytes()));
            }
            Err(why) => {
                log.push(format!("{object_key},{},Error: {why}", file.bytes()));
                errors.push(format!("{path}: {why}"));
            }
        }
    }
    record(services, ctx, job_id, format!("s3://{bucket}/{prefix}"), objects, bytes, errors);
}

/// Glacier and EBS take the device as one image; the sandbox has neither service, so the job
/// records what AWS made (an archive id, a snapshot id, or the image's objects).
fn import_image(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    job_id: &str,
    target: &Target,
    log: &mut Vec<String>,
) {
    let Some(j) = services.importexport.jobs.get(job_id) else { return };
    let Some(d) = &j.device else { return };
    let (capacity, used) = (d.capacity_bytes, d.used_bytes());
    let log_bucket = j.manifest.log_bucket().unwrap_or_default();
    let output = match target {
        Target::Glacier { vault, region, .. } => {
            let archive = ctx.rng.alnum(40);
            format!("glacier archive {archive} in vault {vault} ({region})")
        }
        Target::Ebs { region } if capacity <= EBS_SNAPSHOT_MAX_BYTES => {
            let mut b = [0u8; 9];
            ctx.rng.fill(&mut b);
            let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
            format!("EBS snapshot snap-{} ({region})", &hex[..17])
        }
        Target::Ebs { .. } => format!(
            "device image as {} objects in s3://{log_bucket}/ (over 1 TB: no EBS snapshot)",
            capacity.div_ceil(EBS_SNAPSHOT_MAX_BYTES)
        ),
        _ => String::new(),
    };
    log.push(format!("device image,{capacity},Loaded into {output}"));
    record(services, ctx, job_id, output, 1, used, Vec::new());
}

fn export(services: &mut Services, ctx: &mut Ctx<'_>, job_id: &str, log: &mut Vec<String>) {
    let Some(j) = services.importexport.jobs.get(job_id) else { return };
    let wanted = export_selection(services, j);
    let password = j.manifest.password.clone().or_else(|| j.manifest.pin_code.clone());
    let Some(j) = services.importexport.jobs.get_mut(job_id) else { return };
    let Some(d) = j.device.as_mut() else { return };
    let (mut objects, mut bytes, mut errors) = (0u64, 0u64, Vec::new());
    let mut counter = d.files.len() as u64;
    for (bucket, key, path, body) in wanted {
        let size = body.len() as u64;
        if d.used_bytes() + size > d.capacity_bytes {
            log.push(format!("{bucket}/{key},{size},Error: the device is full"));
            errors.push(format!("{bucket}/{key}: the device is full, not exported"));
            continue;
        }
        counter += 1;
        d.files.push((path, store(password.as_deref(), counter, &body)));
        objects += 1;
        bytes += size;
        log.push(format!("{bucket}/{key},{size},Exported"));
    }
    record(services, ctx, job_id, "the device".into(), objects, bytes, errors);
}

fn record(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    job_id: &str,
    target: String,
    objects: u64,
    bytes: u64,
    errors: Vec<String>,
) {
    let Some(j) = services.importexport.jobs.get_mut(job_id) else { return };
    j.loaded_objects += objects;
    j.loaded_bytes += bytes;
    j.error_count += errors.len() as u64;
    let count = errors.len() as u64;
    j.errors.extend(errors);
    j.outputs.push(target.clone());
    ctx.emit(Event::Loaded { job_id: job_id.into(), target, objects, bytes, errors: count });
}

/// The log, a CSV object in the log bucket: `<logPrefix>import-log-<JOBID>` (or `export-log-`;
/// the name is the sandbox's).
fn write_log(services: &mut Services, ctx: &mut Ctx<'_>, job_id: &str, lines: &[String]) {
    let Some(j) = services.importexport.jobs.get(job_id) else { return };
    let Some(bucket) = j.manifest.log_bucket() else { return };
    let kind = if j.job_type == DiskJobType::Import { "import" } else { "export" };
    let key = format!("{}{kind}-log-{job_id}", j.manifest.log_prefix);
    let body = lines.join("\n") + "\n";
    let input = PutObjectInput::new(&bucket, &key, Arc::<[u8]>::from(body.into_bytes()));
    let by = WrittenBy::ImportExport { job_id: job_id.into() };
    if put_object(&mut services.s3, ctx, input, by).is_ok() {
        if let Some(j) = services.importexport.jobs.get_mut(job_id) {
            j.log_key = Some(key);
        }
    }
}
