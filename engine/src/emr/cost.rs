//! What a cluster costs while it runs: NormalizedInstanceHours ("an approximation of the cost
//! of the cluster, represented in m1.small/hours ... an EC2 instance that is roughly four
//! times more expensive would result in the normalized instance hours being incremented by
//! four", counted per started hour of each instance once it runs) and the bill (EC2 plus the
//! EMR fee per instance, per second with a one-minute minimum, from launch to termination, as
//! the EMR pricing page describes it).

use super::model::Cluster;

const HOUR_MS: i64 = 3_600_000;

/// NormalizedInstanceHours at Unix time `now_ms`.
pub fn normalized_instance_hours(c: &Cluster, now_ms: i64) -> u64 {
    c.nodes
        .iter()
        .filter_map(|n| {
            let ready = n.times.ready_ms?;
            let end = n.times.ended_ms.unwrap_or(now_ms);
            let hours =
                (end - ready).max(0).div_euclid(HOUR_MS) + i64::from((end - ready) % HOUR_MS > 0);
            Some(hours as u64 * n.instance_type.normalization_factor as u64)
        })
        .sum()
}

/// What `ms` of one instance at `per_hour` costs: whole seconds, one minute at least.
pub fn billed_micros(per_hour: u64, ms: i64) -> u64 {
    let secs = (ms.max(0) / 1000).max(60) as u64;
    per_hour * secs / 3600
}

/// The bill so far, in millionths of a dollar.
pub fn cost_micros(c: &Cluster, now_ms: i64) -> u64 {
    c.nodes
        .iter()
        .map(|n| {
            let end = n.times.ended_ms.unwrap_or(now_ms);
            let per_hour =
                n.instance_type.ec2_micros_per_hour + n.instance_type.emr_micros_per_hour;
            billed_micros(per_hour, end - n.times.created_ms)
        })
        .sum()
}

/// What the cluster costs per hour while every instance runs, in millionths of a dollar.
pub fn hourly_micros(c: &Cluster) -> u64 {
    c.nodes
        .iter()
        .filter(|n| n.is_alive())
        .map(|n| n.instance_type.ec2_micros_per_hour + n.instance_type.emr_micros_per_hour)
        .sum()
}
