//! Read-only views for the UI: plain data, never internals.

use super::catalog::{self, availability};
use super::model::*;
use super::timeline::{self, DAY_MS};
use super::Snowball;
use crate::sim::format_iso;

/// A file on the device as the view shows it: its path, its size and the first bytes of what
/// the device really holds (ciphertext).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceFileView {
    pub path: String,
    pub bytes: u64,
    pub objects: u64,
    /// Hex of the first 24 stored bytes; empty for data described only by its size.
    pub ciphertext_hex: String,
    pub described: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceView {
    pub snowball_id: String,
    pub unlocked: bool,
    pub erased: bool,
    pub used_bytes: u64,
    pub capacity_bytes: u64,
    pub files: Vec<DeviceFileView>,
    /// The data key as KMS wrapped it (hex): all the manifest reveals.
    pub wrapped_key_hex: String,
    /// Copy in progress: per mille done, rate MB/s, bytes of this copy.
    pub copy_permille: u32,
    pub copy_rate_mb_s: u64,
    pub copy_bytes: u64,
}

/// One of the job's Lambda functions: its ARN, the sandbox's program its name picks, the
/// buckets whose PUTs trigger it, and the files it ran on so far.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LambdaView {
    pub lambda_arn: String,
    /// `filter:ERROR`; empty when the name picks no program (refused at CreateJob).
    pub program: String,
    pub trigger_buckets: Vec<String>,
    pub files_in: u64,
    pub files_out: u64,
}

/// One of the job's AMIs: its id in EC2 and on the device.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AmiView {
    pub ami_id: String,
    pub snowball_ami_id: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobView {
    pub id: String,
    pub job_type: JobType,
    pub state: JobState,
    /// The console's name of the state ("Delivered to you").
    pub console_state: &'static str,
    pub snowball_type: String,
    pub capacity: String,
    /// "classic, no longer sold since 2024-11-12".
    pub availability: String,
    pub description: Option<String>,
    pub buckets: Vec<String>,
    pub shipping_option: String,
    pub kms_key_arn: String,
    pub created_ms: i64,
    /// (state, Unix ms entered), in order; then the states still ahead.
    pub history: Vec<(JobState, i64)>,
    pub ahead: Vec<JobState>,
    pub device: DeviceView,
    pub transferred_bytes: u64,
    pub transferred_objects: u64,
    pub total_bytes: u64,
    pub total_objects: u64,
    pub failures: Vec<String>,
    pub computed: Option<(String, u64, u64)>,
    /// The job's compute resources (Resources.LambdaResources, Resources.Ec2AmiResources).
    pub lambdas: Vec<LambdaView>,
    pub amis: Vec<AmiView>,
    /// Whether the device type computes (Snowball Edge with compute, Snowcone, Snowblade).
    pub computes: bool,
    /// The tracking numbers of the trip out and the trip back.
    pub outbound_tracking: String,
    pub inbound_tracking: String,
    /// Days the device has been (or was) on site, and the classic price so far.
    pub days_on_site: u64,
    pub classic_price_usd: u64,
    pub cluster_id: Option<String>,
    pub unlock_code_available: bool,
    /// A main export job (`MID...`) and its parts, in shipping order; a part's main job.
    pub is_master: bool,
    pub parts: Vec<String>,
    pub master: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClusterView {
    pub id: String,
    pub state: &'static str,
    pub snowball_type: String,
    pub jobs: Vec<String>,
}

pub struct Snapshot<'a> {
    sb: &'a Snowball,
    now_unix_ms: i64,
}

impl<'a> Snapshot<'a> {
    pub(crate) fn new(sb: &'a Snowball, now_unix_ms: i64) -> Self {
        Self { sb, now_unix_ms }
    }
}

impl Snapshot<'_> {
    /// Every job, in creation order.
    pub fn jobs(&self) -> Vec<JobView> {
        self.sb.job_order.iter().filter_map(|id| self.job(id)).collect()
    }

    pub fn job(&self, id: &str) -> Option<JobView> {
        let j = self.sb.jobs.get(id)?;
        let today = &format_iso(self.now_unix_ms)[..10];
        let ahead = {
            let path = timeline::path(j.job_type);
            let at = path.iter().position(|s| *s == j.state);
            match at {
                Some(i) if !j.state.is_finished() => path[i + 1..].to_vec(),
                _ => Vec::new(),
            }
        };
        let days_on_site = match j.entered(JobState::WithCustomer) {
            Some(t) => {
                let until = j.entered(JobState::InTransitToAWS).unwrap_or(self.now_unix_ms);
                ((until - t).max(0) as u64).div_ceil(DAY_MS)
            }
            None => 0,
        };
        Some(JobView {
            id: j.id.clone(),
            job_type: j.job_type,
            state: j.state,
            console_state: j.state.console(j.job_type),
            snowball_type: j.snowball_type.clone(),
            capacity: j.capacity.clone(),
            availability: availability(&j.snowball_type, today),
            description: j.description.clone(),
            buckets: j.buckets(),
            shipping_option: j.shipping_option.clone(),
            kms_key_arn: j.kms_key_arn.clone(),
            created_ms: j.created_ms,
            history: j.history.clone(),
            ahead,
            device: self.device(j),
            transferred_bytes: j.transferred.0,
            transferred_objects: j.transferred.1,
            total_bytes: j.total.0,
            total_objects: j.total.1,
            failures: j.failures.clone(),
            computed: j.computed.clone(),
            lambdas: lambdas(j),
            amis: j
                .resources
                .ec2_ami_resources
                .iter()
                .flatten()
                .map(|a| AmiView {
                    ami_id: a.ami_id.clone().unwrap_or_default(),
                    snowball_ami_id: a.snowball_ami_id.clone().unwrap_or_default(),
                })
                .collect(),
            computes: catalog::device_type(&j.snowball_type).is_some_and(|d| d.computes),
            outbound_tracking: j.outbound_tracking.clone(),
            inbound_tracking: j.inbound_tracking.clone(),
            days_on_site,
            classic_price_usd: catalog::classic_price(&j.capacity, days_on_site),
            cluster_id: j.cluster_id.clone(),
            unlock_code_available: j.state == JobState::WithCustomer,
            is_master: j.is_master,
            parts: j.parts.clone(),
            master: j.master.clone(),
        })
    }

    fn device(&self, j: &Job) -> DeviceView {
        let a = &j.appliance;
        let files = a
            .files
            .iter()
            .map(|(path, f)| DeviceFileView {
                path: path.clone(),
                bytes: f.bytes(),
                objects: f.objects(),
                ciphertext_hex: match f {
                    StoredFile::Encrypted { ciphertext, .. } => {
                        hex(&ciphertext[..ciphertext.len().min(24)])
                    }
                    StoredFile::Described { .. } => String::new(),
                },
                described: matches!(f, StoredFile::Described { .. }),
            })
            .collect();
        let span = (a.copy_until_ms - a.copy_started_ms).max(1);
        let done = (self.now_unix_ms - a.copy_started_ms).clamp(0, span);
        DeviceView {
            snowball_id: j.snowball_id.clone(),
            unlocked: a.unlocked,
            erased: a.erased,
            used_bytes: a.used_bytes,
            capacity_bytes: a.capacity_bytes,
            files,
            wrapped_key_hex: hex(&a.wrapped_key),
            copy_permille: if a.copy_until_ms == 0 { 0 } else { (done * 1000 / span) as u32 },
            copy_rate_mb_s: a.copy_rate,
            copy_bytes: a.copy_bytes,
        }
    }

    pub fn clusters(&self) -> Vec<ClusterView> {
        self.sb
            .cluster_order
            .iter()
            .filter_map(|id| self.sb.clusters.get(id))
            .map(|c| ClusterView {
                id: c.id.clone(),
                state: c.state.as_str(),
                snowball_type: c.snowball_type.clone(),
                jobs: c.jobs.clone(),
            })
            .collect()
    }

    /// Bulk data described by its size in buckets: (bucket, key, bytes, objects), in order.
    pub fn described_data(&self) -> Vec<(String, String, u64, u64)> {
        let sb = self.sb;
        sb.bulk
            .iter()
            .flat_map(|(b, keys)| {
                keys.iter().map(move |(k, (n, o))| (b.clone(), k.clone(), *n, *o))
            })
            .collect()
    }

    /// Every address id, in creation order.
    pub fn addresses(&self) -> Vec<String> {
        self.sb.address_order.clone()
    }
}

fn lambdas(j: &Job) -> Vec<LambdaView> {
    j.resources
        .lambda_resources
        .iter()
        .flatten()
        .map(|l| {
            let arn = l.lambda_arn.clone().unwrap_or_default();
            let program =
                super::edge::Program::from_lambda_arn(&arn).map(|p| p.label()).unwrap_or_default();
            let trigger_buckets = l
                .event_triggers
                .iter()
                .flatten()
                .filter_map(|t| t.event_resource_arn.as_deref().and_then(super::edge::arn_bucket))
                .map(str::to_string)
                .collect();
            let (files_in, files_out) = j.lambda_runs.get(&arn).copied().unwrap_or_default();
            LambdaView { lambda_arn: arn, program, trigger_buckets, files_in, files_out }
        })
        .collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
