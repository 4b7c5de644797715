//! How long MapReduce work takes on the virtual clock: the sandbox's cost model, stated here
//! once so a learner can see why more or bigger nodes finish sooner and why data locality
//! matters. (Hadoop publishes no such figures; these are round numbers of the right size for
//! EC2 instances with EBS storage.)
//!
//! - a container (a task's JVM, or the streaming program with it) starts in 3 s; the
//!   application master in 8 s;
//! - a map reads its split from the local disk at 200 MiB/s when it is data-local, over the
//!   network from another DataNode at 60 MiB/s when it is not, from S3 at 40 MiB/s (plus 50
//!   ms to the first byte), then processes it at its instance type's container speed (12 to 16
//!   MiB/s) and spills its output to the local disk;
//! - a reducer fetches each map's partition (local disk speed from its own node, 60 MiB/s
//!   from others), merges and reduces at container speed, and writes its output (HDFS
//!   through a replica pipeline at 60 MiB/s, S3 at 40 MiB/s);
//! - committing a job takes 1 s.

use crate::emr::catalog::InstanceType;

pub const CONTAINER_START_MS: u64 = 3_000;
pub const AM_START_MS: u64 = 8_000;
pub const COMMIT_MS: u64 = 1_000;
pub const LOCAL_DISK_BPS: u64 = 200 * 1024 * 1024;
pub const NETWORK_BPS: u64 = 60 * 1024 * 1024;
pub const S3_BPS: u64 = 40 * 1024 * 1024;
pub const S3_FIRST_BYTE_MS: u64 = 50;

/// Milliseconds to move `bytes` at `bps`.
pub fn ms(bytes: u64, bps: u64) -> u64 {
    (bytes.saturating_mul(1000)).div_ceil(bps.max(1))
}

/// Where a map reads its split from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    LocalDisk,
    RemoteDataNode,
    S3,
}

/// A map attempt: start, read, process, spill.
pub fn map_ms(t: &InstanceType, split_bytes: u64, source: Source, spill_bytes: u64) -> u64 {
    let read = match source {
        Source::LocalDisk => ms(split_bytes, LOCAL_DISK_BPS),
        Source::RemoteDataNode => ms(split_bytes, NETWORK_BPS),
        Source::S3 => S3_FIRST_BYTE_MS + ms(split_bytes, S3_BPS),
    };
    CONTAINER_START_MS
        + read
        + ms(split_bytes, t.container_bytes_per_sec)
        + ms(spill_bytes, LOCAL_DISK_BPS)
}

/// A map that makes its records instead of reading them (TeraGen): start, generate at
/// container speed, write the output (HDFS through a replica pipeline, or S3).
pub fn generate_ms(t: &InstanceType, output_bytes: u64, to_s3: bool) -> u64 {
    let write = if to_s3 {
        S3_FIRST_BYTE_MS + ms(output_bytes, S3_BPS)
    } else {
        ms(output_bytes, NETWORK_BPS)
    };
    generated_ms(t, output_bytes) + write
}

/// From a generating map's start until its first `bytes` of records exist (the container
/// started, then container speed): when that much of its work is done.
pub fn generated_ms(t: &InstanceType, bytes: u64) -> u64 {
    CONTAINER_START_MS + ms(bytes, t.container_bytes_per_sec)
}

/// A reduce attempt: start, fetch each map's partition, merge and reduce, write the output.
pub fn reduce_ms(
    t: &InstanceType,
    local_bytes: u64,
    remote_bytes: u64,
    output_bytes: u64,
    to_s3: bool,
) -> u64 {
    let write = if to_s3 {
        S3_FIRST_BYTE_MS + ms(output_bytes, S3_BPS)
    } else {
        ms(output_bytes, NETWORK_BPS)
    };
    merged_ms(t, local_bytes, remote_bytes, local_bytes + remote_bytes) + write
}

/// From a reduce attempt's start until it has merged and reduced its first `merged_bytes` of
/// what it fetched (the container started, every partition fetched, then container speed):
/// when that much of its work is done.
pub fn merged_ms(t: &InstanceType, local_bytes: u64, remote_bytes: u64, merged_bytes: u64) -> u64 {
    let fetch = ms(local_bytes, LOCAL_DISK_BPS) + ms(remote_bytes, NETWORK_BPS);
    CONTAINER_START_MS + fetch + ms(merged_bytes, t.container_bytes_per_sec)
}
