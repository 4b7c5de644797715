//! A bucket's settings: versioning (PutBucketVersioning, GetBucketVersioning) and default
//! encryption (PutBucketEncryption, GetBucketEncryption, DeleteBucketEncryption).

use super::{bucket, bucket_mut, malformed_xml};
use crate::api::ApiError;
use crate::s3::model::{Encryption, Event, Versioning};
use crate::s3::wire::*;
use crate::s3::S3;
use crate::sim::Ctx;

/// `Enabled` or `Suspended`; anything else is MalformedXML, as S3 validates the document
/// against its schema. A bucket that was versioned can be suspended but never unversioned.
pub fn put_bucket_versioning(
    s3: &mut S3,
    ctx: &mut Ctx<'_>,
    input: PutBucketVersioningInput,
) -> Result<Empty, ApiError> {
    let b = bucket_mut(s3, &input.bucket)?;
    let status = match input.versioning_configuration.status.as_deref() {
        Some("Enabled") => Versioning::Enabled,
        Some("Suspended") => Versioning::Suspended,
        // An empty configuration changes nothing.
        None => return Ok(Empty),
        Some(_) => return Err(malformed_xml()),
    };
    if status == Versioning::Suspended && b.versioning == Versioning::Unversioned {
        // Suspending a never-versioned bucket is accepted and makes it "Suspended".
    }
    b.versioning = status;
    ctx.emit(Event::VersioningChanged {
        bucket: input.bucket,
        status: status.status().unwrap_or_default().to_string(),
    });
    Ok(Empty)
}

pub fn get_bucket_versioning(
    s3: &mut S3,
    _: &mut Ctx<'_>,
    input: BucketInput,
) -> Result<GetBucketVersioningOutput, ApiError> {
    let b = bucket(s3, &input.bucket)?;
    Ok(VersioningConfiguration {
        status: b.versioning.status().map(str::to_string),
        mfa_delete: None,
    })
}

/// One rule, `AES256` or `aws:kms` (a KMS key only with `aws:kms`).
pub fn put_bucket_encryption(
    s3: &mut S3,
    ctx: &mut Ctx<'_>,
    input: PutBucketEncryptionInput,
) -> Result<Empty, ApiError> {
    let account = ctx.config.account_id.clone();
    let region = ctx.config.region.clone();
    let b = bucket_mut(s3, &input.bucket)?;
    let rules = input.server_side_encryption_configuration.rules;
    let [rule] = rules.as_slice() else { return Err(malformed_xml()) };
    let Some(default) = &rule.apply_server_side_encryption_by_default else {
        return Err(malformed_xml());
    };
    let algorithm = default.sse_algorithm.as_str();
    let kms_key_id =
        match (algorithm, &default.kms_master_key_id) {
            ("AES256", None) => None,
            ("aws:kms" | "aws:kms:dsse", key) => Some(key.clone().unwrap_or_else(|| {
                // Without a key S3 uses the account's AWS managed key for S3.
                format!("arn:aws:kms:{region}:{account}:alias/aws/s3")
            })),
            ("AES256", Some(_)) => return Err(super::invalid_argument(
                "a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms \
                 or aws:kms:dsse",
            )),
            _ => return Err(malformed_xml()),
        };
    b.encryption = Encryption {
        algorithm: algorithm.to_string(),
        kms_key_id,
        bucket_key: rule.bucket_key_enabled.unwrap_or(false),
    };
    ctx.emit(Event::EncryptionChanged { bucket: input.bucket, algorithm: algorithm.to_string() });
    Ok(Empty)
}

/// Every bucket has default encryption (SSE-S3 unless set otherwise), so this always answers.
pub fn get_bucket_encryption(
    s3: &mut S3,
    _: &mut Ctx<'_>,
    input: BucketInput,
) -> Result<GetBucketEncryptionOutput, ApiError> {
    let e = &bucket(s3, &input.bucket)?.encryption;
    let by_default = EncryptionByDefault {
        sse_algorithm: e.algorithm.clone(),
        kms_master_key_id: e.kms_key_id.clone(),
    };
    Ok(GetBucketEncryptionOutput {
        server_side_encryption_configuration: ServerSideEncryptionConfiguration {
            rules: vec![ServerSideEncryptionRule {
                apply_server_side_encryption_by_default: Some(by_default),
                bucket_key_enabled: Some(e.bucket_key),
            }],
        },
    })
}

/// Back to SSE-S3, the default S3 applies to every bucket.
pub fn delete_bucket_encryption(
    s3: &mut S3,
    ctx: &mut Ctx<'_>,
    input: BucketInput,
) -> Result<Empty, ApiError> {
    bucket_mut(s3, &input.bucket)?.encryption = Encryption::default();
    ctx.emit(Event::EncryptionChanged { bucket: input.bucket, algorithm: "AES256".into() });
    Ok(Empty)
}
