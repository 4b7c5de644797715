//! CreateBucket, DeleteBucket, HeadBucket, ListBuckets, GetBucketLocation.

use super::{bucket, invalid_bucket_name, no_such_bucket, owner, s3_error, S3Code};
use crate::api::ApiError;
use crate::s3::limits::is_valid_bucket_name;
use crate::s3::model::{Bucket, Encryption, Event, Versioning};
use crate::s3::wire::*;
use crate::s3::S3;
use crate::sim::Ctx;

/// Re-creating a bucket you own answers 200 in us-east-1 (its legacy behaviour) and
/// BucketAlreadyOwnedByYou in every other region, as S3 does.
pub fn create_bucket(
    s3: &mut S3,
    ctx: &mut Ctx<'_>,
    input: CreateBucketInput,
) -> Result<CreateBucketOutput, ApiError> {
    let name = input.bucket;
    if !is_valid_bucket_name(&name) {
        return Err(invalid_bucket_name());
    }
    let region = ctx.config.region.clone();
    let asked = input.create_bucket_configuration.and_then(|c| c.location_constraint);
    match asked.as_deref() {
        // us-east-1 takes no constraint at all; elsewhere the constraint must name the region
        // the request went to.
        Some(c) if region == "us-east-1" => {
            return Err(if c == "us-east-1" {
                s3_error(
                    S3Code::InvalidLocationConstraint,
                    "The specified location-constraint is not valid",
                )
            } else {
                s3_error(
                    S3Code::IllegalLocationConstraint,
                    format!(
                        "The {c} location constraint is incompatible for the region specific \
                         endpoint this request was sent to."
                    ),
                )
            });
        }
        Some(c) if c != region => {
            return Err(s3_error(
                S3Code::IllegalLocationConstraint,
                format!(
                    "The {c} location constraint is incompatible for the region specific \
                     endpoint this request was sent to."
                ),
            ));
        }
        None if region != "us-east-1" => {
            return Err(s3_error(
                S3Code::IllegalLocationConstraint,
                "The unspecified location constraint is incompatible for the region specific \
                 endpoint this request was sent to.",
            ));
        }
        _ => {}
    }
    let location = format!("/{name}");
    if s3.buckets.contains_key(&name) {
        if region == "us-east-1" {
            return Ok(CreateBucketOutput { location });
        }
        return Err(s3_error(
            S3Code::BucketAlreadyOwnedByYou,
            "Your previous request to create the named bucket succeeded and you already own it.",
        ));
    }
    let b = Bucket {
        name: name.clone(),
        created_ms: ctx.unix_ms(),
        region,
        versioning: Versioning::Unversioned,
        encryption: Encryption::default(),
        keys: Default::default(),
        uploads: Default::default(),
    };
    s3.buckets.insert(name.clone(), b);
    ctx.emit(Event::BucketCreated { bucket: name });
    Ok(CreateBucketOutput { location })
}

/// A bucket holding any version (delete markers too) or unfinished upload is not empty.
pub fn delete_bucket(
    s3: &mut S3,
    ctx: &mut Ctx<'_>,
    input: BucketInput,
) -> Result<Empty, ApiError> {
    let b = bucket(s3, &input.bucket)?;
    if !b.keys.is_empty() {
        return Err(s3_error(
            S3Code::BucketNotEmpty,
            "The bucket you tried to delete is not empty",
        ));
    }
    let parts: u64 =
        b.uploads.values().flat_map(|u| u.parts.values()).map(|p| p.bytes.len() as u64).sum();
    s3.buckets.remove(&input.bucket);
    s3.stored_bytes = s3.stored_bytes.saturating_sub(parts);
    ctx.emit(Event::BucketDeleted { bucket: input.bucket });
    Ok(Empty)
}

pub fn head_bucket(
    s3: &mut S3,
    _: &mut Ctx<'_>,
    input: BucketInput,
) -> Result<HeadBucketOutput, ApiError> {
    let b = bucket(s3, &input.bucket)?;
    Ok(HeadBucketOutput { bucket_region: b.region.clone(), access_point_alias: false })
}

/// Buckets in name order, `MaxBuckets` a page, the continuation token being the last name.
pub fn list_buckets(
    s3: &mut S3,
    ctx: &mut Ctx<'_>,
    input: ListBucketsInput,
) -> Result<ListBucketsOutput, ApiError> {
    let max = match input.max_buckets {
        Some(n) if !(1..=10_000).contains(&n) => {
            return Err(super::invalid_argument("maxBuckets must be between 1 and 10000"))
        }
        Some(n) => n as usize,
        None => usize::MAX,
    };
    let prefix = input.prefix.clone().unwrap_or_default();
    let after = input.continuation_token.unwrap_or_default();
    let mut listed = s3
        .buckets
        .values()
        .filter(|b| b.name.starts_with(&prefix) && b.name > after)
        .filter(|b| input.bucket_region.as_ref().is_none_or(|r| *r == b.region));
    let buckets: Vec<BucketEntry> = listed
        .by_ref()
        .take(max)
        .map(|b| BucketEntry {
            name: b.name.clone(),
            creation_date: crate::s3::model::wire_time(b.created_ms),
            bucket_region: b.region.clone(),
        })
        .collect();
    let more = listed.next().is_some();
    Ok(ListBucketsOutput {
        continuation_token: more.then(|| buckets.last().map(|b| b.name.clone())).flatten(),
        buckets,
        owner: owner(&ctx.config.account_id),
        prefix: input.prefix,
    })
}

pub fn get_bucket_location(
    s3: &mut S3,
    _: &mut Ctx<'_>,
    input: BucketInput,
) -> Result<GetBucketLocationOutput, ApiError> {
    let b = s3.buckets.get(&input.bucket).ok_or_else(no_such_bucket)?;
    Ok(GetBucketLocationOutput {
        location_constraint: (b.region != "us-east-1").then(|| b.region.clone()),
    })
}
