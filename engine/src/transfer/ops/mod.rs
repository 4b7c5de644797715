//! One function per action of `AWSIESnowballJobManagementService`, in files by what they act
//! on: [`addresses`], [`jobs`] (create, describe, list, update, cancel), [`shipping`] (manifest,
//! unlock code, labels, shipment state, usage), [`clusters`]. Here: the dispatch table, ids,
//! paging and the model's patterns.

pub mod addresses;
pub mod clusters;
pub mod jobs;
pub(crate) mod messages;
pub mod shipping;

pub use addresses::*;
pub use clusters::*;
pub use jobs::*;
pub use shipping::*;

use crate::api::json::call;
use crate::api::validate::{Pattern, Validator};
use crate::api::ApiError;
use crate::sim::{Ctx, Services};
use messages::*;

/// Runs `AWSIESnowballJobManagementService.<action>` with a JSON body. Never panics, whatever
/// the bytes.
pub(crate) fn dispatch(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    action: &str,
    body: &str,
) -> Result<String, ApiError> {
    if action == super::adapter::ACTION {
        // The device's S3 adapter: its errors name the S3 action they answer.
        return super::adapter::device_s3(services, ctx, body);
    }
    match action {
        "CreateAddress" => call(services, ctx, body, create_address),
        "DescribeAddress" => call(services, ctx, body, describe_address),
        "DescribeAddresses" => call(services, ctx, body, describe_addresses),
        "CreateJob" => call(services, ctx, body, create_job),
        "DescribeJob" => call(services, ctx, body, describe_job),
        "ListJobs" => call(services, ctx, body, list_jobs),
        "UpdateJob" => call(services, ctx, body, update_job),
        "CancelJob" => call(services, ctx, body, cancel_job),
        "GetJobManifest" => call(services, ctx, body, get_job_manifest),
        "GetJobUnlockCode" => call(services, ctx, body, get_job_unlock_code),
        "GetSnowballUsage" => call(services, ctx, body, get_snowball_usage),
        "GetSoftwareUpdates" => call(services, ctx, body, get_software_updates),
        "CreateReturnShippingLabel" => call(services, ctx, body, create_return_shipping_label),
        "DescribeReturnShippingLabel" => call(services, ctx, body, describe_return_shipping_label),
        "UpdateJobShipmentState" => call(services, ctx, body, update_job_shipment_state),
        "CreateCluster" => call(services, ctx, body, create_cluster),
        "DescribeCluster" => call(services, ctx, body, describe_cluster),
        "ListClusters" => call(services, ctx, body, list_clusters),
        "ListClusterJobs" => call(services, ctx, body, list_cluster_jobs),
        "CancelCluster" => call(services, ctx, body, cancel_cluster),
        "UpdateCluster" => call(services, ctx, body, update_cluster),
        "ListCompatibleImages" => call(services, ctx, body, list_compatible_images),
        "ListPickupLocations" => call(services, ctx, body, list_pickup_locations),
        "ListLongTermPricing" => call(services, ctx, body, list_long_term_pricing),
        "CreateLongTermPricing" | "UpdateLongTermPricing" | "ListServiceVersions" => {
            Err(not_simulated(action))
        }
        _ => Err(ApiError::unknown_operation()),
    }
    .map_err(|e| e.with_action(action))
}

// ----- ids --------------------------------------------------------------------------------------

/// `<prefix>` and a UUID's hex groups 8-4-4-4-12, from the world's RNG.
pub(crate) fn new_id(ctx: &mut Ctx<'_>, prefix: &str) -> String {
    let mut b = [0u8; 16];
    ctx.rng.fill(&mut b);
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("{prefix}{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
}

fn is_uuid_after(s: &str, prefix: &str) -> bool {
    let Some(rest) = s.strip_prefix(prefix) else { return false };
    let groups: Vec<&str> = rest.split('-').collect();
    let lens = [8, 4, 4, 4, 12];
    groups.len() == 5
        && groups.iter().zip(lens).all(|(g, n)| {
            g.len() == n && g.bytes().all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c))
        })
}

pub const JOB_ID: Pattern = Pattern {
    text: "(M|J)ID[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
    matches: |s| is_uuid_after(s, "JID") || is_uuid_after(s, "MID"),
};
pub const ADDRESS_ID: Pattern = Pattern {
    text: "ADID[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
    matches: |s| is_uuid_after(s, "ADID"),
};
pub const CLUSTER_ID: Pattern = Pattern {
    text: "CID[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
    matches: |s| is_uuid_after(s, "CID"),
};

/// `arn:aws.*:<service>:.*:[0-9]{12}:<kind>.*` read the way the regular expression reads it:
/// after `arn:aws`, somewhere `:<service>:`, and after that `:` twelve digits `:<kind>`.
fn arn_like(s: &str, service: &str, kind: &str) -> bool {
    let Some(rest) = s.strip_prefix("arn:aws") else { return false };
    let Some(at) = rest.find(&format!(":{service}:")) else { return false };
    let tail = &rest[at + service.len() + 1..];
    tail.char_indices().any(|(i, c)| {
        c == ':'
            && tail.len() >= i + 14 + kind.len()
            && tail[i + 1..i + 13].bytes().all(|b| b.is_ascii_digit())
            && tail[i + 13..].starts_with(&format!(":{kind}"))
    })
}

/// `(ami-[0-9a-f]{8})|(ami-[0-9a-f]{17})`
pub const AMI_ID: Pattern = Pattern {
    text: "(ami-[0-9a-f]{8})|(ami-[0-9a-f]{17})",
    matches: |s| {
        s.strip_prefix("ami-").is_some_and(|h| {
            (h.len() == 8 || h.len() == 17)
                && h.bytes().all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c))
        })
    },
};

pub const KMS_KEY_ARN: Pattern =
    Pattern { text: "arn:aws.*:kms:.*:[0-9]{12}:key/.*", matches: |s| arn_like(s, "kms", "key/") };
pub const ROLE_ARN: Pattern = Pattern {
    text: "arn:aws.*:iam::[0-9]{12}:role/.*",
    matches: |s| {
        s.strip_prefix("arn:aws").is_some_and(|rest| {
            rest.match_indices(":iam::").any(|(i, _)| {
                let t = &rest[i + 6..];
                t.len() >= 18
                    && t[..12].bytes().all(|b| b.is_ascii_digit())
                    && t[12..].starts_with(":role/")
            })
        })
    },
};
pub const SNS_TOPIC_ARN: Pattern =
    Pattern { text: "arn:aws.*:sns:.*:[0-9]{12}:.*", matches: |s| arn_like(s, "sns", "") };
pub const RESOURCE_ARN: Pattern =
    Pattern { text: "arn:aws.*:*", matches: |s| s.starts_with("arn:aws") };

/// An optional member as text, for the checks.
pub(crate) fn s(o: &Option<String>) -> Option<&str> {
    o.as_deref()
}

/// A member in the model's `String` shape: 1..1024 characters.
pub(crate) fn check_text(v: &mut Validator, member: &str, value: Option<&str>) {
    v.string(member, value, Some(1), Some(1024), None);
}

/// The model's constraints on a job's or cluster's compute resources, at the member paths
/// AWS's validation names (`resources.ec2AmiResources.1.member.amiId`).
pub(crate) fn check_compute_members(
    v: &mut Validator,
    resources: Option<&crate::snowball::wire::JobResource>,
) {
    let Some(r) = resources else { return };
    for (i, l) in r.lambda_resources.iter().flatten().enumerate() {
        let at = format!("resources.lambdaResources.{}.member", i + 1);
        let arn = l.lambda_arn.as_deref();
        v.string(&format!("{at}.lambdaArn"), arn, None, Some(255), Some(RESOURCE_ARN));
        for (j, t) in l.event_triggers.iter().flatten().enumerate() {
            let member = format!("{at}.eventTriggers.{}.member.eventResourceARN", j + 1);
            let arn = t.event_resource_arn.as_deref();
            v.string(&member, arn, None, Some(255), Some(RESOURCE_ARN));
        }
    }
    for (i, a) in r.ec2_ami_resources.iter().flatten().enumerate() {
        let member = format!("resources.ec2AmiResources.{}.member.amiId", i + 1);
        if v.required(&member, a.ami_id.as_ref()) {
            v.string(&member, a.ami_id.as_deref(), Some(12), Some(21), Some(AMI_ID));
        }
    }
}

pub(crate) fn check_job_id(v: &mut Validator, value: Option<&str>) {
    if v.required("jobId", value.as_ref()) {
        v.string("jobId", value, Some(39), Some(39), Some(JOB_ID));
    }
}

// ----- paging ------------------------------------------------------------------------------------

/// One page of `ids` after the token: the token is the id the next page starts at, so a token
/// that names no listed id was altered.
pub(crate) fn page<'a>(
    ids: &'a [String],
    max_results: Option<i64>,
    next_token: Option<&str>,
) -> Result<(&'a [String], Option<String>), ApiError> {
    let mut v = Validator::new();
    v.int("maxResults", max_results, Some(0), Some(100));
    v.finish()?;
    let start = match next_token {
        None => 0,
        Some(t) => ids.iter().position(|id| id == t).ok_or_else(invalid_next_token)?,
    };
    let size = match max_results {
        Some(n) if n > 0 => n as usize,
        _ => 100,
    };
    let end = (start + size).min(ids.len());
    let next = ids.get(end).cloned();
    Ok((&ids[start..end], next))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_model_patterns_read_as_its_regular_expressions() {
        assert!((JOB_ID.matches)("JID123e4567-e89b-12d3-a456-426655440000"));
        assert!((JOB_ID.matches)("MID123e4567-e89b-12d3-a456-426655440000"));
        assert!(!(JOB_ID.matches)("JID123e4567-e89b-12d3-a456-42665544000"));
        assert!(!(JOB_ID.matches)("JID123E4567-e89b-12d3-a456-426655440000"));
        assert!((KMS_KEY_ARN.matches)("arn:aws:kms:us-east-1:123456789012:key/abc"));
        assert!(!(KMS_KEY_ARN.matches)("arn:aws:kms:us-east-1:12345678901:key/abc"));
        assert!((ROLE_ARN.matches)("arn:aws:iam::123456789012:role/snowball-import-S3-role"));
        assert!(!(ROLE_ARN.matches)("arn:aws:iam::123456789012:user/bob"));
        assert!((SNS_TOPIC_ARN.matches)("arn:aws:sns:us-east-1:123456789012:topic"));
        assert!((RESOURCE_ARN.matches)("arn:aws:s3:::b"));
        assert!((AMI_ID.matches)("ami-0a1b2c3d"));
        assert!((AMI_ID.matches)("ami-0a1b2c3d4e5f60718"));
        assert!(!(AMI_ID.matches)("ami-0a1b2c3d4"));
        assert!(!(AMI_ID.matches)("ami-0A1B2C3D"));
        assert!(!(RESOURCE_ARN.matches)("s3://b"));
    }
}
