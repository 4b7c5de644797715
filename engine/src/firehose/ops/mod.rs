//! One function per API action: typed request in, typed response or AWS's error out. The API
//! dispatch and the simulated actors call these same functions. Each takes the whole
//! [`Services`]: a put can fill the buffer and write an object to S3, and a Kinesis source is
//! read through the Kinesis service's own operations.

mod control;
mod data;
mod encryption;
pub(crate) mod messages;
mod tags;

pub use control::*;
pub use data::*;
pub use encryption::*;
pub use tags::*;

use crate::api::json::call;
use crate::api::validate::{self, Pattern, Validator};
use crate::api::ApiError;
use crate::sim::{Ctx, Services};

use super::model::{DeliveryStream, DeliveryStreamStatus};
use super::Firehose;
use messages::*;

/// Runs `Firehose_20150804.<action>` with a JSON body. Never panics, whatever the bytes.
pub(crate) fn dispatch(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    action: &str,
    body: &str,
) -> Result<String, ApiError> {
    match action {
        "CreateDeliveryStream" => call(services, ctx, body, create_delivery_stream),
        "DeleteDeliveryStream" => call(services, ctx, body, delete_delivery_stream),
        "DescribeDeliveryStream" => call(services, ctx, body, describe_delivery_stream),
        "ListDeliveryStreams" => call(services, ctx, body, list_delivery_streams),
        "ListTagsForDeliveryStream" => call(services, ctx, body, list_tags_for_delivery_stream),
        "PutRecord" => call(services, ctx, body, put_record),
        "PutRecordBatch" => call(services, ctx, body, put_record_batch),
        "StartDeliveryStreamEncryption" => {
            call(services, ctx, body, start_delivery_stream_encryption)
        }
        "StopDeliveryStreamEncryption" => {
            call(services, ctx, body, stop_delivery_stream_encryption)
        }
        "TagDeliveryStream" => call(services, ctx, body, tag_delivery_stream),
        "UntagDeliveryStream" => call(services, ctx, body, untag_delivery_stream),
        "UpdateDestination" => call(services, ctx, body, update_destination),
        _ => Err(ApiError::unknown_operation()),
    }
    .map_err(|e| e.with_action(action))
}

// ----- patterns of the service model ---------------------------------------------------------

/// `.*` as Java matches it: any text without line terminators.
pub const ANY_LINE: Pattern = Pattern {
    text: ".*",
    matches: |s| !s.chars().any(|c| matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')),
};

/// `arn:.*:iam::\d{12}:role/[a-zA-Z_0-9+=,.@\-_/]+`
pub const ROLE_ARN: Pattern = Pattern {
    text: "arn:.*:iam::\\d{12}:role/[a-zA-Z_0-9+=,.@\\-_/]+",
    matches: |s| {
        s.starts_with("arn:")
            && (3..s.len()).any(|i| {
                let Some(rest) = s.get(i..).and_then(|r| r.strip_prefix(":iam::")) else {
                    return false;
                };
                let (digits, tail) = rest.split_at(rest.len().min(12));
                digits.len() == 12
                    && digits.bytes().all(|b| b.is_ascii_digit())
                    && tail.strip_prefix(":role/").is_some_and(|t| {
                        !t.is_empty()
                            && t.bytes()
                                .all(|b| b.is_ascii_alphanumeric() || b"_+=,.@-/".contains(&b))
                    })
                    && (ANY_LINE.matches)(&s[..i])
            })
    },
};

/// `arn:.*:s3:::[\w\.\-]{1,255}`
pub const BUCKET_ARN: Pattern =
    Pattern { text: "arn:.*:s3:::[\\w\\.\\-]{1,255}", matches: |s| bucket_of_arn(s).is_some() };

/// The bucket a BucketARN names.
pub fn bucket_of_arn(s: &str) -> Option<&str> {
    if !s.starts_with("arn:") || !(ANY_LINE.matches)(s) {
        return None;
    }
    (3..s.len()).find_map(|i| {
        let tail = s.get(i..)?.strip_prefix(":s3:::")?;
        let ok = (1..=255).contains(&tail.len())
            && tail.bytes().all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(&b));
        ok.then_some(tail)
    })
}

/// `arn:.*:kinesis:[a-zA-Z0-9\-]+:\d{12}:stream/[a-zA-Z0-9_.-]+`
pub const KINESIS_STREAM_ARN: Pattern = Pattern {
    text: "arn:.*:kinesis:[a-zA-Z0-9\\-]+:\\d{12}:stream/[a-zA-Z0-9_.-]+",
    matches: |s| stream_of_arn(s).is_some(),
};

/// The Kinesis stream a KinesisStreamARN names, with its region and account.
pub fn stream_of_arn(s: &str) -> Option<(&str, &str, &str)> {
    if !s.starts_with("arn:") || !(ANY_LINE.matches)(s) {
        return None;
    }
    (3..s.len()).find_map(|i| {
        let rest = s.get(i..)?.strip_prefix(":kinesis:")?;
        let (region, rest) = rest.split_once(':')?;
        let region_ok =
            !region.is_empty() && region.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        let (account, rest) = rest.split_once(':')?;
        let account_ok = account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit());
        let name = rest.strip_prefix("stream/")?;
        (region_ok && account_ok && validate::is_name(name)).then_some((region, account, name))
    })
}

/// `[0-9]+`
pub const VERSION_ID: Pattern =
    Pattern { text: "[0-9]+", matches: |s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) };

/// `[a-zA-Z0-9-]+`
pub const DESTINATION_ID: Pattern = Pattern {
    text: "[a-zA-Z0-9-]+",
    matches: |s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'),
};

/// `^$|\.[0-9a-z!\-_.*'()]+`
pub const FILE_EXTENSION: Pattern = Pattern {
    text: "^$|\\.[0-9a-z!\\-_.*'()]+",
    matches: |s| {
        s.is_empty()
            || s.strip_prefix('.').is_some_and(|t| {
                !t.is_empty()
                    && t.bytes().all(|b| {
                        b.is_ascii_digit() || b.is_ascii_lowercase() || b"!-_.*'()".contains(&b)
                    })
            })
    },
};

fn tag_char(c: char) -> bool {
    c.is_alphanumeric() || c.is_whitespace() || "_.:/=+-@%".contains(c)
}

/// `^(?!aws:)[\p{L}\p{Z}\p{N}_.:\/=+\-@%]*$`
pub const TAG_KEY: Pattern = Pattern {
    text: "^(?!aws:)[\\p{L}\\p{Z}\\p{N}_.:\\/=+\\-@%]*$",
    matches: |s| !s.starts_with("aws:") && s.chars().all(tag_char),
};

/// `^[\p{L}\p{Z}\p{N}_.:\/=+\-@%]*$`
pub const TAG_VALUE: Pattern =
    Pattern { text: "^[\\p{L}\\p{Z}\\p{N}_.:\\/=+\\-@%]*$", matches: |s| s.chars().all(tag_char) };

pub const DELIVERY_STREAM_TYPES: [&str; 4] =
    ["DirectPut", "KinesisStreamAsSource", "MSKAsSource", "DatabaseAsSource"];

pub const COMPRESSION_FORMATS: [&str; 5] =
    ["UNCOMPRESSED", "GZIP", "ZIP", "Snappy", "HADOOP_SNAPPY"];

// ----- shared checks -------------------------------------------------------------------------

pub(crate) fn check_name(v: &mut Validator, member: &str, name: Option<&str>, required: bool) {
    if required && !v.required(member, name.as_ref()) {
        return;
    }
    v.string(member, name, Some(1), Some(64), Some(validate::NAME));
}

pub fn delivery_stream_arn(ctx: &Ctx<'_>, name: &str) -> String {
    format!(
        "arn:aws:firehose:{}:{}:deliverystream/{name}",
        ctx.config.region, ctx.config.account_id
    )
}

impl Firehose {
    /// A delivery stream in any status (Describe shows CREATING and DELETING ones).
    pub(crate) fn any_status(
        &mut self,
        ctx: &Ctx<'_>,
        name: &str,
    ) -> Result<&mut DeliveryStream, ApiError> {
        self.streams.get_mut(name).ok_or_else(|| not_found(name, &ctx.config.account_id))
    }

    /// A delivery stream that accepts a configuration change or records now: ACTIVE.
    pub(crate) fn active(
        &mut self,
        ctx: &Ctx<'_>,
        name: &str,
    ) -> Result<&mut DeliveryStream, ApiError> {
        let account = ctx.config.account_id.clone();
        let s = self.any_status(ctx, name)?;
        if s.status != DeliveryStreamStatus::Active {
            return Err(in_use(name, &account, s.status));
        }
        Ok(s)
    }
}

/// For the services' shared signature.
pub(crate) fn firehose(services: &mut Services) -> &mut Firehose {
    &mut services.firehose
}
