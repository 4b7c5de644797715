//! What happens to a device at AWS: the import (decrypt every file, check it, write it into its
//! bucket), the export (the bucket's objects in the KeyRange, encrypted onto the device), and
//! the erasure that ends every job ("This erasure follows the National Institute of Standards
//! and Technology (NIST) 800-88 standards.").

use std::sync::Arc;

use super::crypto;
use super::device::{put_described, store_encrypted};
use super::model::*;
use super::parts::{self, Item};
use crate::s3::ops::put_object;
use crate::s3::wire::PutObjectInput;
use crate::s3::WrittenBy;
use crate::sim::{Ctx, Services};

/// Splits a device path `bucket/key`.
pub fn split_path(path: &str) -> Option<(&str, &str)> {
    path.split_once('/').filter(|(b, k)| !b.is_empty() && !k.is_empty())
}

/// Writes every file of the device into its bucket. Files outside their bucket's KeyRange are
/// not imported (AWS documents KeyRange for exports; the sandbox applies it to imports too and
/// lists what it left out in the failure log), nor are files whose tag or MD5 does not verify.
/// Data described only by its size is counted, never stored: the sandbox's S3 holds real bytes.
pub(crate) fn import_into_s3(services: &mut Services, ctx: &mut Ctx<'_>, job_id: &str) {
    let Some(job) = services.snowball.jobs.get(job_id) else { return };
    let key = crypto::unwrap(&job.kms_key_arn, &job.appliance.wrapped_key);
    let files: Vec<(String, StoredFile)> =
        job.appliance.files.iter().map(|(p, f)| (p.clone(), f.clone())).collect();
    let ranges: Vec<(String, super::wire::KeyRange)> = job
        .resources
        .s3()
        .iter()
        .filter_map(|r| r.bucket().map(|b| (b.to_string(), r.range())))
        .collect();
    let total = files.iter().fold((0u64, 0u64), |(b, o), (_, f)| {
        (b.saturating_add(f.bytes()), o.saturating_add(f.objects()))
    });
    let mut done = (0u64, 0u64);
    let mut failures = Vec::new();
    let mut per_bucket: std::collections::BTreeMap<String, (u64, u64, u64)> = Default::default();
    for (path, file) in files {
        let Some((bucket, object_key)) = split_path(&path) else { continue };
        let entry = per_bucket.entry(bucket.to_string()).or_default();
        let in_range = ranges.iter().any(|(b, r)| b == bucket && r.contains(object_key));
        if !in_range {
            failures.push(format!("{path}: outside the job's KeyRange, not imported"));
            entry.2 = entry.2.saturating_add(file.objects());
            continue;
        }
        match import_one(services, ctx, job_id, key.as_ref(), bucket, object_key, &file) {
            Ok(()) => {
                done = (done.0.saturating_add(file.bytes()), done.1.saturating_add(file.objects()));
                entry.0 = entry.0.saturating_add(file.objects());
                entry.1 = entry.1.saturating_add(file.bytes());
            }
            Err(why) => {
                failures.push(format!("{path}: {why}"));
                entry.2 = entry.2.saturating_add(file.objects());
            }
        }
    }
    if let Some(job) = services.snowball.jobs.get_mut(job_id) {
        job.total = total;
        job.transferred = done;
        job.failures.extend(failures);
    }
    for (bucket, (objects, bytes, failed)) in per_bucket {
        ctx.emit(Event::Imported { job_id: job_id.into(), bucket, objects, bytes, failed });
    }
}

fn import_one(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    job_id: &str,
    key: Option<&[u8; 32]>,
    bucket: &str,
    object_key: &str,
    file: &StoredFile,
) -> Result<(), String> {
    let StoredFile::Encrypted { nonce, ciphertext, md5_hex, .. } = file else {
        // Bulk described by its size lands beside the bucket (the sandbox's S3 holds real
        // bytes only), where a later export lists it.
        if let StoredFile::Described { bytes, objects } = file {
            let ledger = services.snowball.bulk.entry(bucket.to_string()).or_default();
            ledger.insert(object_key.to_string(), (*bytes, *objects));
        }
        return Ok(());
    };
    let key = key.ok_or("the data key could not be unwrapped by KMS")?;
    let plain =
        crypto::decrypt(key, nonce, ciphertext).ok_or("the encryption tag does not verify")?;
    if crypto::md5_hex(&plain) != *md5_hex {
        return Err("the checksum does not match".into());
    }
    let input = PutObjectInput::new(bucket, object_key, Arc::<[u8]>::from(plain));
    let by = WrittenBy::Snowball { job_id: job_id.into() };
    put_object(&mut services.s3, ctx, input, by).map(|_| ()).map_err(|e| e.message)
}

/// Copies the objects of each bucket in its KeyRange onto the device, encrypted, in key order
/// ("Ranges are UTF-8 binary sorted"), until the device is full; bulk data described by its
/// size goes on as such. A job part copies exactly its share of the main job's listing (an
/// object deleted since is listed in the failure log), so no object is exported twice or lost
/// between the parts.
pub(crate) fn export_onto_device(services: &mut Services, ctx: &mut Ctx<'_>, job_id: &str) {
    let Some(job) = services.snowball.jobs.get(job_id) else { return };
    let items = match &job.plan {
        Some(plan) => plan.clone(),
        None => parts::list(services, &job.resources),
    };
    let mut wanted: Vec<(Item, Option<Arc<[u8]>>)> = Vec::new();
    for item in items {
        let bytes = match &item {
            Item::Object { bucket, key, .. } => services
                .s3
                .buckets
                .get(bucket)
                .and_then(|b| b.current_objects().find(|o| &o.key == key))
                .map(|o| o.bytes.clone()),
            Item::Bulk { .. } => None,
        };
        wanted.push((item, bytes));
    }
    let Some(job) = services.snowball.jobs.get_mut(job_id) else { return };
    job.total = wanted.iter().fold((0u64, 0u64), |(b, o), (i, _)| {
        (b.saturating_add(i.bytes()), o.saturating_add(i.objects()))
    });
    let mut per_bucket: std::collections::BTreeMap<String, (u64, u64)> = Default::default();
    for (item, bytes) in wanted {
        let path = format!("{}/{}", item.bucket(), item.first_key());
        let size = match (&item, &bytes) {
            (Item::Object { .. }, Some(b)) => b.len() as u64,
            (Item::Object { .. }, None) => {
                job.failures.push(format!("{path}: no longer in the bucket, not exported"));
                continue;
            }
            (Item::Bulk { .. }, _) => item.bytes(),
        };
        if job.appliance.used_bytes.saturating_add(size) > job.appliance.capacity_bytes {
            job.failures.push(format!("{path}: the device is full, not exported"));
            continue;
        }
        match bytes {
            Some(b) => store_encrypted(&mut job.appliance, &path, &b),
            None => put_described(&mut job.appliance, &path, size, item.objects()),
        }
        job.transferred = (
            job.transferred.0.saturating_add(size),
            job.transferred.1.saturating_add(item.objects()),
        );
        let e = per_bucket.entry(item.bucket().to_string()).or_default();
        *e = (e.0.saturating_add(item.objects()), e.1.saturating_add(size));
    }
    for (bucket, (objects, bytes)) in per_bucket {
        ctx.emit(Event::Exported { job_id: job_id.into(), bucket, objects, bytes });
    }
}

/// Erases the device (NIST 800-88): nothing of the customer's data is left on it.
pub(crate) fn erase(services: &mut Services, ctx: &mut Ctx<'_>, job_id: &str) {
    let Some(job) = services.snowball.jobs.get_mut(job_id) else { return };
    if job.appliance.erased {
        return;
    }
    job.appliance.files.clear();
    job.appliance.modified_ms.clear();
    job.appliance.used_bytes = 0;
    job.appliance.unlocked = false;
    job.appliance.erased = true;
    ctx.emit(Event::DeviceErased { job_id: job_id.into() });
}
