//! What the learner does outside the API: prepares their own device (its capacity, the files
//! on it, the SIGNATURE file) and ships it to AWS. Recorded in the command log like any API
//! call: keep variants and field names stable.

use serde::{Deserialize, Serialize};

use super::load::store;
use super::model::*;
use super::texts;
use crate::api::ApiError;
use crate::sim::{Ctx, Services};
use crate::snowball::DeviceFile;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DiskCommand {
    /// Copy `files` (and bulk data described by its size) onto your own device of
    /// `capacity_bytes`, put `signature` in its SIGNATURE file (none: forgotten), ship it.
    /// `job_id` is the job's id, or the manifest's deviceId of a job not shipped yet.
    ShipDevice {
        job_id: String,
        capacity_bytes: u64,
        files: Vec<DeviceFile>,
        #[serde(default)]
        described_bytes: u64,
        #[serde(default)]
        described_objects: u64,
        signature: Option<String>,
    },
}

impl DiskCommand {
    pub fn action(&self) -> &'static str {
        match self {
            DiskCommand::ShipDevice { .. } => "ShipDevice",
        }
    }
}

/// Days from the learner's dock to AWS (the sandbox's choice: the learner picks the carrier).
pub const INBOUND_DAYS: u64 = 2;

pub(crate) fn command(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    command: &DiskCommand,
) -> Result<String, ApiError> {
    let DiskCommand::ShipDevice {
        job_id,
        capacity_bytes,
        files,
        described_bytes,
        described_objects,
        signature,
    } = command;
    let ie = &services.importexport;
    // The device's own label may name its job: the manifest's deviceId ("Your storage device's
    // serial number or other unique identifier"), the newest job with that device.
    let by_device = || {
        ie.job_order
            .iter()
            .rev()
            .filter_map(|id| ie.jobs.get(id))
            .find(|j| j.manifest.device_id == *job_id && j.device.is_none())
    };
    let j = ie.jobs.get(job_id).or_else(by_device).ok_or_else(texts::invalid_job_id)?;
    let job_id = &j.id.clone();
    if j.canceled {
        return Err(texts::canceled_job_id());
    }
    if j.progress == Progress::Expired {
        return Err(texts::expired_job_id());
    }
    if j.device.is_some() {
        return Err(texts::device(format!(
            "The device of job {job_id} has already been shipped: each AWS Import/Export job \
             corresponds to exactly one storage device."
        )));
    }
    // The sandbox's check, made when the device ships: AWS states the limit; how it answered
    // a larger device is not documented.
    if *capacity_bytes > MAX_DEVICE_BYTES {
        return Err(texts::device(texts::DEVICE_TOO_LARGE));
    }
    let per_object = described_bytes.checked_div(*described_objects).unwrap_or(*described_bytes);
    if per_object > MAX_FILE_BYTES {
        return Err(texts::device(texts::FILE_TOO_LARGE));
    }
    let real: u64 = files.iter().map(|f| f.body.0.len() as u64).sum();
    let total = real.saturating_add(*described_bytes);
    if total > *capacity_bytes {
        return Err(texts::device(format!(
            "The data ({total} bytes) does not fit on the device ({capacity_bytes} bytes)."
        )));
    }
    if let Some(f) = files.iter().find(|f| f.name.trim_matches('/').is_empty()) {
        return Err(texts::device(format!("A file on the device needs a name ({:?}).", f.name)));
    }
    let password = j.manifest.password.clone();
    let mut stored = Vec::new();
    for (i, f) in files.iter().enumerate() {
        let path = f.name.trim_start_matches('/').to_string();
        stored.push((path, store(password.as_deref(), i as u64 + 1, &f.body.0)));
    }
    if *described_bytes > 0 {
        let d =
            DiskFile::Described { bytes: *described_bytes, objects: (*described_objects).max(1) };
        stored.push(("bulk/".into(), d));
    }
    let device = Device {
        capacity_bytes: *capacity_bytes,
        files: stored,
        signature: signature.clone(),
        erased: false,
    };
    ctx.emit(Event::DeviceShipped {
        job_id: job_id.clone(),
        capacity_bytes: *capacity_bytes,
        bytes: total,
        encrypted: password.is_some(),
    });
    if let Some(j) = services.importexport.jobs.get_mut(job_id) {
        j.device = Some(device);
    }
    ctx.schedule_in(INBOUND_DAYS * DAY_MS, Wake::Arrive { job: job_id.clone() });
    Ok(format!("{{\"JobId\":\"{job_id}\",\"ArrivesInDays\":{INBOUND_DAYS}}}"))
}
