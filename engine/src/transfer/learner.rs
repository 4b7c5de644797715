//! What a learner does with the appliance outside the job management API: the Snowball
//! client's `start` (unlock), `cp` onto the device (real files, a generated data set, or bulk
//! data described by its size), `cp` back from an export device, and Snowball Edge compute.
//! Recorded in the command log like any API call.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use serde::{Deserialize, Serialize};

use super::device::{self, Payload};
use super::ops::messages;
use crate::api::wire::Blob;
use crate::api::ApiError;
use crate::sim::{Ctx, Services};

/// A file the learner copies: its name under the destination, its bytes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceFile {
    pub name: String,
    pub body: Blob,
}

/// Keep variants and field names stable (they are in command logs and shareable URLs).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SnowballCommand {
    /// `snowball start -i IP -m MANIFEST -u CODE` (or `snowballEdge unlock-device`).
    UnlockDevice { job_id: String, manifest: String, unlock_code: String },
    /// `snowball cp -r FILES s3://bucket/prefix`.
    CopyFiles {
        job_id: String,
        destination: String,
        files: Vec<DeviceFile>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        rate_mb_s: Option<u64>,
    },
    /// Copies a generated data set of CSV log files.
    CopyGenerated {
        job_id: String,
        destination: String,
        files: u32,
        bytes_each: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        rate_mb_s: Option<u64>,
    },
    /// Copies bulk data described only by its size, so a 70 TB job fits in a browser.
    CopyDescribed {
        job_id: String,
        destination: String,
        bytes: u64,
        objects: u64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        rate_mb_s: Option<u64>,
    },
    /// `snowball cp s3://bucket/key /local` from an export device; answers the bytes (base64).
    ReadFromDevice { job_id: String, path: String },
    /// Snowball Edge compute over the device's files: `filter:TEXT`, `uppercase`, `gzip`,
    /// `streaming:MAPPER` or `streaming:MAPPER|REDUCER` ([`super::edge`]).
    RunEdgeCompute { job_id: String, program: String },
    /// Puts bulk data described by its size into a bucket, as `objects` objects under `key`
    /// (the sandbox's verb: its S3 holds real bytes, so a 100 TB export needs this).
    PutDescribedData { bucket: String, key: String, bytes: u64, objects: u64 },
}

impl SnowballCommand {
    pub fn action(&self) -> &str {
        match self {
            SnowballCommand::UnlockDevice { .. } => "UnlockDevice",
            SnowballCommand::CopyFiles { .. }
            | SnowballCommand::CopyGenerated { .. }
            | SnowballCommand::CopyDescribed { .. } => "CopyToDevice",
            SnowballCommand::ReadFromDevice { .. } => "ReadFromDevice",
            SnowballCommand::RunEdgeCompute { .. } => "RunEdgeCompute",
            SnowballCommand::PutDescribedData { .. } => "PutDescribedData",
        }
    }
}

pub(crate) fn command(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    command: &SnowballCommand,
) -> Result<String, ApiError> {
    if let SnowballCommand::PutDescribedData { bucket, key, bytes, objects } = command {
        return put_described_data(services, ctx, bucket, key, *bytes, *objects);
    }
    let sb = &mut services.snowball;
    match command {
        SnowballCommand::UnlockDevice { job_id, manifest, unlock_code } => {
            device::unlock(sb, ctx, job_id, manifest, unlock_code)?;
            Ok("{\"Status\":\"SUCCESS\"}".into())
        }
        SnowballCommand::CopyFiles { job_id, destination, files, rate_mb_s } => {
            let files = files.iter().map(|f| (f.name.clone(), f.body.0.to_vec())).collect();
            device::copy(sb, ctx, job_id, destination, Payload::Files(files), *rate_mb_s)
        }
        SnowballCommand::CopyGenerated { job_id, destination, files, bytes_each, rate_mb_s } => {
            let files = device::generated_files(ctx, *files, *bytes_each);
            device::copy(sb, ctx, job_id, destination, Payload::Files(files), *rate_mb_s)
        }
        SnowballCommand::CopyDescribed { job_id, destination, bytes, objects, rate_mb_s } => {
            let payload = Payload::Described { bytes: *bytes, objects: *objects };
            device::copy(sb, ctx, job_id, destination, payload, *rate_mb_s)
        }
        SnowballCommand::ReadFromDevice { job_id, path } => {
            let bytes = device::read(sb, job_id, path)?;
            Ok(serde_json::json!({ "Body": BASE64.encode(bytes) }).to_string())
        }
        SnowballCommand::RunEdgeCompute { job_id, program } => {
            device::compute(sb, ctx, job_id, program)
        }
        SnowballCommand::PutDescribedData { .. } => Ok(String::new()),
    }
}

/// At most 10 PB at a time (the sandbox's bound: past it AWS pointed to Snowmobile, "10PB or
/// more in a single location"), which keeps an export's parts in the hundreds.
pub const MAX_DESCRIBED_BYTES: u64 = 10_000_000_000_000_000;

/// The bucket must exist, the key be a key, and each object at most 5 TB.
fn put_described_data(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    bucket: &str,
    key: &str,
    bytes: u64,
    objects: u64,
) -> Result<String, ApiError> {
    const A: &str = "PutDescribedData";
    if !services.s3.buckets.contains_key(bucket) {
        return Err(messages::no_bucket(A, bucket));
    }
    if key.is_empty() || key.len() > device::MAX_KEY_BYTES {
        return Err(messages::key_too_long(A));
    }
    let objects = objects.max(1);
    if bytes / objects > device::MAX_FILE_BYTES {
        return Err(messages::file_too_big(A));
    }
    if bytes > MAX_DESCRIBED_BYTES {
        return Err(messages::too_much_described(A));
    }
    let ledger = services.snowball.bulk.entry(bucket.to_string()).or_default();
    ledger.insert(key.to_string(), (bytes, objects));
    ctx.emit(super::Event::DescribedDataPut {
        bucket: bucket.into(),
        key: key.into(),
        bytes,
        objects,
    });
    Ok(format!("{{\"Bytes\":{bytes},\"Objects\":{objects}}}"))
}
