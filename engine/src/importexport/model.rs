//! The service's state: jobs, each with the learner's own device once it is shipped; the
//! status codes GetStatus reports; the sandbox's timings and the classic price; events and
//! wake-ups.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::manifest::Manifest;

pub const HOUR_MS: u64 = 3_600_000;
pub const DAY_MS: u64 = 24 * HOUR_MS;
pub const TB: u64 = 1_000_000_000_000;

/// "Maximum device capacity is 16 TB" (decimal terabytes, as drive makers count).
pub const MAX_DEVICE_BYTES: u64 = 16 * TB;
/// "Maximum file size of a single file or object to be imported is 5 TB."
pub const MAX_FILE_BYTES: u64 = 5 * TB;
/// "You can create up to 50 jobs per day."
pub const JOBS_PER_DAY: usize = 50;
/// "Your job expires after 30 days. If you do not send a device, there is no charge."
pub const EXPIRES_AFTER_MS: u64 = 30 * DAY_MS;
/// An EBS snapshot takes a device of 1 TB or less; a larger one becomes objects in the log
/// bucket ("The maximum capacity of an Amazon EBS volume is 1 TB").
pub const EBS_SNAPSHOT_MAX_BYTES: u64 = TB;

/// The classic price (2009): "a fixed fee of $80.00 per device and $2.49 per hour for the time
/// spent copying the data", in cents.
pub const DEVICE_FEE_CENTS: u64 = 8_000;
pub const LOADING_HOUR_CENTS: u64 = 249;

/// The sandbox's data-loading rate: AWS published none for Disk (it depended on the device's
/// interface: eSATA, USB 2.0, USB 3.0).
pub const LOADING_BYTES_PER_S: u64 = 80_000_000;

/// What the learner reads about the timings and the price (the view shows it).
pub const SANDBOX_TIMINGS: &str = "The sandbox's timings and rules for Import/Export Disk (AWS \
     documents the status codes, not their durations): your device reaches AWS 2 days after you \
     ship it; loading starts 1 day after it arrives and runs at 80 MB/s (AWS's rate depended on \
     your device's interface); erasing (eraseDevice: yes) writes the whole device at the same \
     rate and is billed like loading (\"You are charged data-loading rates for the system time \
     required to erase your data\"); the device goes back 1 day after loading ends and travels \
     5 days, 2 with serviceLevel: expeditedShipping. A job whose device never arrives expires \
     after 30 days. Classic price (2009): $80.00 per device plus $2.49 per data-loading hour, a \
     started hour counting as a whole one (AWS's rounding is not documented). The 16 TB device \
     limit is checked by the sandbox when you ship the device.";

/// `LocationCode`: where the device is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Location {
    NotReceived,
    AtAWS,
    Returned,
}

impl Location {
    pub fn as_str(self) -> &'static str {
        match self {
            Location::NotReceived => "NotReceived",
            Location::AtAWS => "AtAWS",
            Location::Returned => "Returned",
        }
    }
}

/// `ProgressCode`: how far the job is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Progress {
    Pending,
    InProgress,
    Complete,
    SuccessWithErrors,
    Canceled,
    Expired,
    MissingSignature,
    InvalidSignature,
}

impl Progress {
    pub fn as_str(self) -> &'static str {
        match self {
            Progress::Pending => "Pending",
            Progress::InProgress => "InProgress",
            Progress::Complete => "Complete",
            Progress::SuccessWithErrors => "SuccessWithErrors",
            Progress::Canceled => "Canceled",
            Progress::Expired => "Expired",
            Progress::MissingSignature => "MissingSignature",
            Progress::InvalidSignature => "InvalidSignature",
        }
    }

    /// Nothing more will happen to the data.
    pub fn is_final(self) -> bool {
        !matches!(self, Progress::Pending | Progress::InProgress)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum DiskJobType {
    Import,
    Export,
}

impl DiskJobType {
    pub fn as_str(self) -> &'static str {
        match self {
            DiskJobType::Import => "Import",
            DiskJobType::Export => "Export",
        }
    }

    /// The model's enum is `Import | Export`; the AWS CLI's example writes `import`.
    pub fn parse(s: &str) -> Option<DiskJobType> {
        match s {
            "Import" | "import" => Some(DiskJobType::Import),
            "Export" | "export" => Some(DiskJobType::Export),
            _ => None,
        }
    }
}

/// A file on the learner's device: real bytes (in the clear, or encrypted when the manifest
/// carries a TrueCrypt password), or bulk data described by its size.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DiskFile {
    Plain { bytes: Arc<[u8]> },
    Encrypted { nonce: [u8; 12], ciphertext: Arc<[u8]>, plain_len: u64 },
    Described { bytes: u64, objects: u64 },
}

impl DiskFile {
    pub fn bytes(&self) -> u64 {
        match self {
            DiskFile::Plain { bytes } => bytes.len() as u64,
            DiskFile::Encrypted { plain_len, .. } => *plain_len,
            DiskFile::Described { bytes, .. } => *bytes,
        }
    }

    pub fn objects(&self) -> u64 {
        match self {
            DiskFile::Described { objects, .. } => *objects,
            _ => 1,
        }
    }
}

/// The learner's own device, from the moment it is shipped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Device {
    pub capacity_bytes: u64,
    /// Path on the device (as AWS reads it, relative to its root) to the file.
    pub files: Vec<(String, DiskFile)>,
    /// What the learner put in the SIGNATURE file (none: no file).
    pub signature: Option<String>,
    pub erased: bool,
}

impl Device {
    pub fn used_bytes(&self) -> u64 {
        self.files.iter().map(|(_, f)| f.bytes()).sum()
    }
}

/// One job: its manifest, its status codes, its device.
#[derive(Clone, Debug)]
pub struct Job {
    pub id: String,
    pub job_type: DiskJobType,
    pub manifest_text: String,
    pub manifest: Manifest,
    pub created_ms: i64,
    pub location: Location,
    pub progress: Progress,
    pub canceled: bool,
    pub signature: String,
    pub signature_file: String,
    pub device: Option<Device>,
    pub shipping_label_url: Option<String>,
    /// UPS tracking of the way back.
    pub return_tracking: String,
    pub returned: bool,
    pub log_key: Option<String>,
    pub error_count: u64,
    pub errors: Vec<String>,
    pub loaded_bytes: u64,
    pub loaded_objects: u64,
    /// Time spent loading (and erasing), billed by the started hour.
    pub loading_ms: u64,
    /// What the import made: `s3://bucket/key` objects, an EBS snapshot id, a Glacier archive.
    pub outputs: Vec<String>,
    /// (Unix ms, location, progress) at each change, in order.
    pub history: Vec<(i64, Location, Progress)>,
}

impl Job {
    /// Before data transfer starts: the job may still be updated or canceled.
    pub fn not_started(&self) -> bool {
        self.progress == Progress::Pending && !self.canceled
    }

    /// The classic bill so far, in cents: the device fee once a device is at AWS, plus every
    /// started loading hour.
    pub fn price_cents(&self) -> u64 {
        if self.device.is_none() || self.location == Location::NotReceived {
            return 0;
        }
        DEVICE_FEE_CENTS + self.loading_ms.div_ceil(HOUR_MS) * LOADING_HOUR_CENTS
    }
}

/// What a learner can observe (integers and strings only).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Event {
    JobCreated { job_id: String, job_type: String, device_id: String },
    JobUpdated { job_id: String },
    JobCanceled { job_id: String },
    DeviceShipped { job_id: String, capacity_bytes: u64, bytes: u64, encrypted: bool },
    StatusChanged { job_id: String, location: String, progress: String },
    Loaded { job_id: String, target: String, objects: u64, bytes: u64, errors: u64 },
    DeviceErased { job_id: String },
    DeviceReturned { job_id: String, tracking: String },
}

/// A job's scheduled moments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Wake {
    /// 30 days after creation: the job expires unless a device arrived.
    Expire { job: String },
    /// The device reaches AWS.
    Arrive { job: String },
    /// Loading starts (or the job aborts on its signature).
    StartLoading { job: String },
    /// Loading (and erasing) is done.
    FinishLoading { job: String },
    /// The device leaves AWS on its way back.
    ShipBack { job: String },
    /// The device is back with the learner.
    Returned { job: String },
}
