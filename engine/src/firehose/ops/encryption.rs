//! Server-side encryption of the data at rest in the delivery stream:
//! StartDeliveryStreamEncryption (ENABLING, then ENABLED) and StopDeliveryStreamEncryption
//! (DISABLING, then DISABLED), each taking the world's transition delay. A delivery stream fed
//! by a Kinesis data stream cannot be encrypted this way: the Kinesis stream's own encryption
//! applies.

use super::*;
use crate::firehose::model::{Encryption, Source};
use crate::firehose::wire::*;
use crate::firehose::{Event, Wake};

/// `arn:.*:kms:[a-zA-Z0-9\-]+:\d{12}:(key|alias)/[a-zA-Z_0-9+=,.@\-_/]+`
pub const KMS_KEY_ARN: Pattern = Pattern {
    text: "arn:.*:kms:[a-zA-Z0-9\\-]+:\\d{12}:(key|alias)/[a-zA-Z_0-9+=,.@\\-_/]+",
    matches: |s| {
        s.starts_with("arn:")
            && (ANY_LINE.matches)(s)
            && (3..s.len()).any(|i| {
                let Some(rest) = s.get(i..).and_then(|r| r.strip_prefix(":kms:")) else {
                    return false;
                };
                let Some((region, rest)) = rest.split_once(':') else { return false };
                let Some((account, rest)) = rest.split_once(':') else { return false };
                let Some(id) = rest.strip_prefix("key/").or(rest.strip_prefix("alias/")) else {
                    return false;
                };
                !region.is_empty()
                    && region.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                    && account.len() == 12
                    && account.bytes().all(|b| b.is_ascii_digit())
                    && !id.is_empty()
                    && id.bytes().all(|b| b.is_ascii_alphanumeric() || b"_+=,.@-/".contains(&b))
            })
    },
};

pub const KEY_TYPES: [&str; 2] = ["AWS_OWNED_CMK", "CUSTOMER_MANAGED_CMK"];

pub(crate) fn check_encryption_input(
    v: &mut Validator,
    at: &str,
    e: &DeliveryStreamEncryptionConfigurationInput,
) {
    v.string(&format!("{at}.keyARN"), e.key_arn.as_deref(), Some(1), Some(512), Some(KMS_KEY_ARN));
    if v.required(&format!("{at}.keyType"), e.key_type.as_ref()) {
        v.enumeration(&format!("{at}.keyType"), e.key_type.as_deref(), &KEY_TYPES);
    }
}

/// The key type and ARN, checked against each other.
pub(crate) fn encryption_key(
    e: &DeliveryStreamEncryptionConfigurationInput,
) -> Result<(String, Option<String>), ApiError> {
    let key_type = e.key_type.clone().unwrap_or_default();
    match (key_type.as_str(), &e.key_arn) {
        ("CUSTOMER_MANAGED_CMK", None) => Err(key_arn_needed()),
        ("AWS_OWNED_CMK", Some(_)) => Err(key_arn_not_allowed()),
        _ => Ok((key_type, e.key_arn.clone())),
    }
}

fn begin(ctx: &mut Ctx<'_>, name: &str, generation: u64, e: &mut Encryption, status: &str) {
    e.status = status.to_string();
    e.serial += 1;
    ctx.emit(Event::EncryptionStatusChanged { stream: name.to_string(), status: status.into() });
    ctx.schedule_in(
        ctx.config.transition_delay_ms,
        Wake::Encryption { stream: name.to_string(), generation, serial: e.serial },
    );
}

pub fn start_delivery_stream_encryption(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    req: StartDeliveryStreamEncryptionInput,
) -> Result<Empty, ApiError> {
    let mut v = Validator::new();
    if let Some(e) = &req.encryption {
        check_encryption_input(&mut v, "deliveryStreamEncryptionConfigurationInput", e);
    }
    check_name(&mut v, "deliveryStreamName", req.delivery_stream_name.as_deref(), true);
    v.finish()?;
    let name = req.delivery_stream_name.unwrap_or_default();
    let s = services.firehose.active(ctx, &name)?;
    if matches!(s.source, Source::KinesisStream(_)) {
        return Err(encryption_with_kinesis_source());
    }
    // Without an input, AWS uses its own key.
    let input = req.encryption.unwrap_or(DeliveryStreamEncryptionConfigurationInput {
        key_arn: None,
        key_type: Some("AWS_OWNED_CMK".into()),
    });
    let (key_type, key_arn) = encryption_key(&input)?;
    s.encryption.key_type = Some(key_type);
    s.encryption.key_arn = key_arn;
    let generation = s.generation;
    begin(ctx, &name, generation, &mut s.encryption, "ENABLING");
    Ok(Empty)
}

pub fn stop_delivery_stream_encryption(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    req: StopDeliveryStreamEncryptionInput,
) -> Result<Empty, ApiError> {
    let mut v = Validator::new();
    check_name(&mut v, "deliveryStreamName", req.delivery_stream_name.as_deref(), true);
    v.finish()?;
    let name = req.delivery_stream_name.unwrap_or_default();
    let s = services.firehose.active(ctx, &name)?;
    if matches!(s.source, Source::KinesisStream(_)) {
        return Err(encryption_with_kinesis_source());
    }
    if s.encryption.status == "DISABLED" {
        return Ok(Empty);
    }
    let generation = s.generation;
    begin(ctx, &name, generation, &mut s.encryption, "DISABLING");
    Ok(Empty)
}

/// The transition's wake-up: ENABLING -> ENABLED, DISABLING -> DISABLED (the key is forgotten).
pub(crate) fn finish_encryption(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    name: &str,
    generation: u64,
    serial: u64,
) {
    let Some(s) = services.firehose.streams.get_mut(name) else { return };
    if s.generation != generation || s.encryption.serial != serial {
        return;
    }
    let e = &mut s.encryption;
    let status = match e.status.as_str() {
        "ENABLING" => "ENABLED",
        "DISABLING" => {
            e.key_type = None;
            e.key_arn = None;
            "DISABLED"
        }
        _ => return,
    };
    e.status = status.into();
    ctx.emit(Event::EncryptionStatusChanged { stream: name.to_string(), status: status.into() });
}
