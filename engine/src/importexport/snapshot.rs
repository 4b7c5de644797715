//! Read-only views for the UI: a job's codes with AWS's messages, its history, its device (the
//! bytes it really holds: readable when the import was not encrypted), its bill.

use super::model::*;
use super::ops::{location_message, progress_message};
use super::ImportExport;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiskFileView {
    pub path: String,
    pub bytes: u64,
    pub encrypted: bool,
    pub described: bool,
    /// The first stored bytes as the device holds them: text when in the clear, hex when
    /// encrypted; empty for data described by its size.
    pub preview: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiskJobView {
    pub id: String,
    pub job_type: DiskJobType,
    pub device_id: String,
    /// `s3://bucket/prefix`, `glacier:vault`, `ebs:region`, or the export's buckets.
    pub target: String,
    pub location: Location,
    pub location_message: String,
    pub progress: Progress,
    pub progress_message: String,
    pub canceled: bool,
    pub encrypted: bool,
    pub erase_device: bool,
    pub created_ms: i64,
    pub history: Vec<(i64, Location, Progress)>,
    pub shipped: bool,
    pub returned: bool,
    pub capacity_bytes: u64,
    pub used_bytes: u64,
    pub files: Vec<DiskFileView>,
    pub loaded_bytes: u64,
    pub loaded_objects: u64,
    pub error_count: u64,
    pub errors: Vec<String>,
    pub outputs: Vec<String>,
    pub log: Option<(String, String)>,
    pub loading_hours: u64,
    pub price_cents: u64,
    pub signature_file: String,
}

pub struct Snapshot<'a> {
    ie: &'a ImportExport,
}

fn preview(file: &DiskFile) -> String {
    match file {
        DiskFile::Plain { bytes } => {
            String::from_utf8_lossy(&bytes[..bytes.len().min(24)]).into_owned()
        }
        DiskFile::Encrypted { ciphertext, .. } => {
            ciphertext.iter().take(24).map(|b| format!("{b:02x}")).collect()
        }
        DiskFile::Described { .. } => String::new(),
    }
}

fn target(job: &Job) -> String {
    use super::manifest::Target;
    match &job.manifest.target {
        Target::S3 { bucket, prefix } => format!("s3://{bucket}/{prefix}"),
        Target::Glacier { vault, region, .. } => format!("Glacier vault {vault} ({region})"),
        Target::Ebs { region } => format!("EBS ({region})"),
        Target::Export { operations } => operations
            .iter()
            .map(|o| format!("s3://{}/{}", o.bucket, o.prefix))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

pub fn view(job: &Job) -> DiskJobView {
    let device = job.device.as_ref();
    DiskJobView {
        id: job.id.clone(),
        job_type: job.job_type,
        device_id: job.manifest.device_id.clone(),
        target: target(job),
        location: job.location,
        location_message: location_message(job),
        progress: job.progress,
        progress_message: progress_message(job),
        canceled: job.canceled,
        encrypted: job.manifest.encrypted(),
        erase_device: job.manifest.erase_device,
        created_ms: job.created_ms,
        history: job.history.clone(),
        shipped: device.is_some(),
        returned: job.returned,
        capacity_bytes: device.map_or(0, |d| d.capacity_bytes),
        used_bytes: device.map_or(0, Device::used_bytes),
        files: device
            .map(|d| {
                d.files
                    .iter()
                    .map(|(path, f)| DiskFileView {
                        path: path.clone(),
                        bytes: f.bytes(),
                        encrypted: matches!(f, DiskFile::Encrypted { .. }),
                        described: matches!(f, DiskFile::Described { .. }),
                        preview: preview(f),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        loaded_bytes: job.loaded_bytes,
        loaded_objects: job.loaded_objects,
        error_count: job.error_count,
        errors: job.errors.clone(),
        outputs: job.outputs.clone(),
        log: job.log_key.clone().zip(job.manifest.log_bucket()).map(|(k, b)| (b, k)),
        loading_hours: job.loading_ms.div_ceil(HOUR_MS),
        price_cents: job.price_cents(),
        signature_file: job.signature_file.clone(),
    }
}

impl<'a> Snapshot<'a> {
    pub(crate) fn new(ie: &'a ImportExport, _now_unix_ms: i64) -> Self {
        Self { ie }
    }

    /// Every job, oldest first.
    pub fn jobs(&self) -> Vec<DiskJobView> {
        self.ie.job_order.iter().filter_map(|id| self.ie.jobs.get(id)).map(view).collect()
    }

    pub fn job(&self, id: &str) -> Option<DiskJobView> {
        self.ie.jobs.get(id).map(view)
    }
}
