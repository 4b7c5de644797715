//! The service's state: addresses, jobs (each with its appliance), clusters; its events and
//! wake-ups.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::wire::{JobResource, Notification};

/// A job's state, in the model's spelling (the console's names are in [`JobState::console`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum JobState {
    New,
    PreparingAppliance,
    PreparingShipment,
    InTransitToCustomer,
    WithCustomer,
    InTransitToAWS,
    WithAWSSortingFacility,
    WithAWS,
    InProgress,
    Complete,
    Cancelled,
    Listing,
    Pending,
}

impl JobState {
    pub fn as_str(self) -> &'static str {
        match self {
            JobState::New => "New",
            JobState::PreparingAppliance => "PreparingAppliance",
            JobState::PreparingShipment => "PreparingShipment",
            JobState::InTransitToCustomer => "InTransitToCustomer",
            JobState::WithCustomer => "WithCustomer",
            JobState::InTransitToAWS => "InTransitToAWS",
            JobState::WithAWSSortingFacility => "WithAWSSortingFacility",
            JobState::WithAWS => "WithAWS",
            JobState::InProgress => "InProgress",
            JobState::Complete => "Complete",
            JobState::Cancelled => "Cancelled",
            JobState::Listing => "Listing",
            JobState::Pending => "Pending",
        }
    }

    /// The console's name for the state (the developer guide's job status table). Note the
    /// console's "Canceled" against the API's "Cancelled".
    pub fn console(self, job_type: JobType) -> &'static str {
        match self {
            JobState::New => "Job created",
            JobState::PreparingAppliance => "Preparing appliance",
            JobState::PreparingShipment => "Preparing shipment",
            JobState::InTransitToCustomer => "In transit to you",
            JobState::WithCustomer => "Delivered to you",
            JobState::InTransitToAWS => "In transit to AWS",
            JobState::WithAWSSortingFacility => "At sorting facility",
            JobState::WithAWS => "At AWS",
            JobState::InProgress if job_type == JobType::Export => "Exporting",
            JobState::InProgress => "Importing",
            JobState::Complete => "Completed",
            JobState::Cancelled => "Canceled",
            JobState::Listing => "Listing",
            JobState::Pending => "Pending",
        }
    }

    pub fn is_finished(self) -> bool {
        matches!(self, JobState::Complete | JobState::Cancelled)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum JobType {
    Import,
    Export,
    LocalUse,
}

impl JobType {
    pub fn as_str(self) -> &'static str {
        match self {
            JobType::Import => "IMPORT",
            JobType::Export => "EXPORT",
            JobType::LocalUse => "LOCAL_USE",
        }
    }

    pub fn parse(s: &str) -> Option<JobType> {
        match s {
            "IMPORT" => Some(JobType::Import),
            "EXPORT" => Some(JobType::Export),
            "LOCAL_USE" => Some(JobType::LocalUse),
            _ => None,
        }
    }
}

/// One file on an appliance: its bytes encrypted (the device never holds plaintext), or data
/// described only by its size (the "virtual" bulk that lets a 70 TB job fit in a browser).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoredFile {
    Encrypted { nonce: [u8; 12], ciphertext: Arc<[u8]>, plain_len: u64, md5_hex: String },
    Described { bytes: u64, objects: u64 },
}

impl StoredFile {
    pub fn bytes(&self) -> u64 {
        match self {
            StoredFile::Encrypted { plain_len, .. } => *plain_len,
            StoredFile::Described { bytes, .. } => *bytes,
        }
    }

    pub fn objects(&self) -> u64 {
        match self {
            StoredFile::Encrypted { .. } => 1,
            StoredFile::Described { objects, .. } => *objects,
        }
    }
}

/// The physical device of a job: where it is, whether it is unlocked, what it holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Appliance {
    /// "bucket/key" on the device (its root folders are the job's buckets) to the file.
    pub files: BTreeMap<String, StoredFile>,
    pub used_bytes: u64,
    pub capacity_bytes: u64,
    pub unlocked: bool,
    /// The data key the manifest carries (in the clear only inside the sandbox: the view shows
    /// its KMS-wrapped form).
    pub data_key: [u8; 32],
    /// The data key as KMS wrapped it under the job's key.
    pub wrapped_key: Vec<u8>,
    /// Files written so far (each gets its own nonce).
    pub files_written: u64,
    /// The copy in progress ends at this Unix ms of virtual time, copying `copy_bytes` at
    /// `copy_rate` MB/s from `copy_started_ms`.
    pub copy_started_ms: i64,
    pub copy_until_ms: i64,
    pub copy_bytes: u64,
    pub copy_rate: u64,
    /// Erased after the job (NIST 800-88).
    pub erased: bool,
    /// When each file was last written (Unix ms of virtual time), for the S3 adapter's
    /// listings: the sync of `aws s3 sync` compares them. (A map type the engine already has,
    /// and a plain list below: each new collection type costs the page bytes.)
    pub modified_ms: BTreeMap<String, u64>,
    /// Multipart uploads through the S3 adapter in progress (the CLI sends files of 8 MiB or
    /// more so).
    pub uploads: Vec<Upload>,
}

/// A multipart upload: its id, the "bucket/key" it writes, the parts so far by number.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Upload {
    pub id: String,
    pub path: String,
    pub parts: Vec<(usize, Vec<u8>)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ReturnLabel {
    pub created_ms: i64,
    pub shipping_option: String,
}

/// One job: what CreateJob asked for and where it is.
#[derive(Clone, Debug, PartialEq)]
pub struct Job {
    pub id: String,
    pub job_type: JobType,
    pub state: JobState,
    pub snowball_type: String,
    pub capacity: String,
    pub created_ms: i64,
    pub description: Option<String>,
    pub kms_key_arn: String,
    pub role_arn: Option<String>,
    pub address_id: Option<String>,
    pub forwarding_address_id: Option<String>,
    pub shipping_option: String,
    pub resources: JobResource,
    pub notification: Option<Notification>,
    pub on_device: Option<serde_json::Value>,
    pub remote_management: Option<String>,
    pub cluster_id: Option<String>,
    pub snowball_id: String,
    pub unlock_code: String,
    pub outbound_tracking: String,
    pub inbound_tracking: String,
    /// The customer acknowledged delivery (UpdateJobShipmentState RECEIVED).
    pub received: bool,
    pub return_label: Option<ReturnLabel>,
    /// (state, Unix ms it was entered), in order.
    pub history: Vec<(JobState, i64)>,
    pub appliance: Appliance,
    /// What the import (or export) moved: bytes, objects; and what it was to move.
    pub transferred: (u64, u64),
    pub total: (u64, u64),
    /// Keys not imported (outside the KeyRange, a failed check), for the failure log.
    pub failures: Vec<String>,
    /// Edge compute run before the device went back: (program, objects in, objects out).
    pub computed: Option<(String, u64, u64)>,
    /// Each Lambda function of the job's resources (by LambdaArn): the files its PUT triggers
    /// ran it on, and the files it wrote.
    pub lambda_runs: BTreeMap<String, (u64, u64)>,
    /// An export larger than one device: the main job (`MID...`, IsMaster) lists the bucket,
    /// then its parts ship one after another; each part carries its share of the listing.
    pub is_master: bool,
    pub parts: Vec<String>,
    pub master: Option<String>,
    pub plan: Option<Vec<super::parts::Item>>,
}

impl Job {
    pub fn entered(&self, state: JobState) -> Option<i64> {
        self.history.iter().find(|(s, _)| *s == state).map(|(_, t)| *t)
    }

    pub fn buckets(&self) -> Vec<String> {
        self.resources.s3().iter().filter_map(|r| r.bucket().map(str::to_string)).collect()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClusterState {
    AwaitingQuorum,
    Pending,
    InUse,
    Complete,
    Cancelled,
}

impl ClusterState {
    pub fn as_str(self) -> &'static str {
        match self {
            ClusterState::AwaitingQuorum => "AwaitingQuorum",
            ClusterState::Pending => "Pending",
            ClusterState::InUse => "InUse",
            ClusterState::Complete => "Complete",
            ClusterState::Cancelled => "Cancelled",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Cluster {
    pub id: String,
    pub state: ClusterState,
    pub job_type: JobType,
    pub snowball_type: String,
    pub capacity: String,
    pub created_ms: i64,
    pub description: Option<String>,
    pub kms_key_arn: String,
    pub role_arn: Option<String>,
    pub address_id: String,
    pub forwarding_address_id: Option<String>,
    pub shipping_option: String,
    pub resources: JobResource,
    pub notification: Option<Notification>,
    pub jobs: Vec<String>,
}

/// What a learner can observe of the service. Integers and text only.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Event {
    AddressCreated {
        address_id: String,
    },
    JobCreated {
        job_id: String,
        job_type: String,
        snowball_type: String,
        capacity: String,
    },
    JobStateChanged {
        job_id: String,
        from: String,
        to: String,
    },
    JobCancelled {
        job_id: String,
    },
    ClusterCreated {
        cluster_id: String,
    },
    ClusterStateChanged {
        cluster_id: String,
        to: String,
    },
    DeviceUnlocked {
        job_id: String,
    },
    /// Files written onto the device, encrypted: `bytes` is the plaintext size.
    CopiedToDevice {
        job_id: String,
        files: u64,
        objects: u64,
        bytes: u64,
    },
    CopyFinished {
        job_id: String,
    },
    EdgeComputeRan {
        job_id: String,
        program: String,
        objects_in: u64,
        objects_out: u64,
    },
    /// The import at AWS wrote the device's objects into the bucket.
    Imported {
        job_id: String,
        bucket: String,
        objects: u64,
        bytes: u64,
        failed: u64,
    },
    /// The export at AWS copied objects from the bucket onto the device.
    Exported {
        job_id: String,
        bucket: String,
        objects: u64,
        bytes: u64,
    },
    DeviceErased {
        job_id: String,
    },
    /// The listing of a main export job split it into parts of at most a device each.
    ExportSplit {
        job_id: String,
        parts: Vec<String>,
        bytes: u64,
        objects: u64,
    },
    /// Bulk data described by its size put into a bucket (the sandbox's S3 holds real bytes).
    DescribedDataPut {
        bucket: String,
        key: String,
        bytes: u64,
        objects: u64,
    },
    ReturnLabelCreated {
        job_id: String,
    },
    /// A copy's PUTs through the device's S3 adapter triggered one of the job's functions.
    /// (Last: a variant's place is in the pinned fingerprint's hash.)
    LambdaTriggered {
        job_id: String,
        lambda_arn: String,
        files: u64,
    },
}

/// The service's wake-ups: a job leaves `from` when its time there is up (a wake-up for a
/// state the job already left, after a cancel or a learner's shipment, does nothing), and a
/// copy onto the device finishes.
#[derive(Clone, Debug)]
pub enum Wake {
    Advance { job: String, from: JobState },
    CopyDone { job: String, until_ms: i64 },
}
