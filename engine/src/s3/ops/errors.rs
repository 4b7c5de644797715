//! S3's error codes, texts and HTTP statuses (from AWS's "Error responses" list in the S3 API
//! reference), as the engine's [`ApiError`]. The codes the shared [`ErrorCode`] enum already
//! names map onto it; the others travel as [`ErrorCode::Other`] with S3's spelling, chosen here
//! from a typed list so no op writes a code as a string.

use crate::api::{ApiError, ErrorCode};

/// The S3 error codes the sandbox answers with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum S3Code {
    NoSuchBucket,
    NoSuchKey,
    NoSuchUpload,
    NoSuchVersion,
    InvalidBucketName,
    BucketAlreadyOwnedByYou,
    BucketNotEmpty,
    KeyTooLong,
    InvalidArgument,
    InvalidRequest,
    BadDigest,
    InvalidDigest,
    InvalidRange,
    EntityTooSmall,
    EntityTooLarge,
    InvalidPart,
    InvalidPartOrder,
    MalformedXml,
    MethodNotAllowed,
    PreconditionFailed,
    NotModified,
    NotImplemented,
    IllegalLocationConstraint,
    InvalidLocationConstraint,
    ServerSideEncryptionConfigurationNotFound,
}

impl S3Code {
    /// S3's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            S3Code::NoSuchBucket => "NoSuchBucket",
            S3Code::NoSuchKey => "NoSuchKey",
            S3Code::NoSuchUpload => "NoSuchUpload",
            S3Code::NoSuchVersion => "NoSuchVersion",
            S3Code::InvalidBucketName => "InvalidBucketName",
            S3Code::BucketAlreadyOwnedByYou => "BucketAlreadyOwnedByYou",
            S3Code::BucketNotEmpty => "BucketNotEmpty",
            S3Code::KeyTooLong => "KeyTooLongError",
            S3Code::InvalidArgument => "InvalidArgument",
            S3Code::InvalidRequest => "InvalidRequest",
            S3Code::BadDigest => "BadDigest",
            S3Code::InvalidDigest => "InvalidDigest",
            S3Code::InvalidRange => "InvalidRange",
            S3Code::EntityTooSmall => "EntityTooSmall",
            S3Code::EntityTooLarge => "EntityTooLarge",
            S3Code::InvalidPart => "InvalidPart",
            S3Code::InvalidPartOrder => "InvalidPartOrder",
            S3Code::MalformedXml => "MalformedXML",
            S3Code::MethodNotAllowed => "MethodNotAllowed",
            S3Code::PreconditionFailed => "PreconditionFailed",
            S3Code::NotModified => "NotModified",
            S3Code::NotImplemented => "NotImplemented",
            S3Code::IllegalLocationConstraint => "IllegalLocationConstraintException",
            S3Code::InvalidLocationConstraint => "InvalidLocationConstraint",
            S3Code::ServerSideEncryptionConfigurationNotFound => {
                "ServerSideEncryptionConfigurationNotFoundError"
            }
        }
    }

    /// The HTTP status S3 answers with.
    pub fn status(self) -> u16 {
        match self {
            S3Code::NoSuchBucket | S3Code::NoSuchKey | S3Code::NoSuchUpload => 404,
            S3Code::NoSuchVersion | S3Code::ServerSideEncryptionConfigurationNotFound => 404,
            S3Code::BucketAlreadyOwnedByYou | S3Code::BucketNotEmpty => 409,
            S3Code::InvalidRange => 416,
            S3Code::MethodNotAllowed => 405,
            S3Code::PreconditionFailed => 412,
            S3Code::NotModified => 304,
            S3Code::NotImplemented => 501,
            _ => 400,
        }
    }

    fn code(self) -> ErrorCode {
        match self {
            S3Code::NoSuchBucket => ErrorCode::NoSuchBucket,
            S3Code::NoSuchKey => ErrorCode::NoSuchKey,
            S3Code::InvalidBucketName => ErrorCode::InvalidBucketName,
            S3Code::BucketAlreadyOwnedByYou => ErrorCode::BucketAlreadyOwnedByYou,
            S3Code::BucketNotEmpty => ErrorCode::BucketNotEmpty,
            S3Code::KeyTooLong => ErrorCode::KeyTooLong,
            S3Code::InvalidArgument => ErrorCode::S3InvalidArgument,
            other => ErrorCode::Other(other.as_str().to_string()),
        }
    }
}

/// An S3 error with its status.
pub fn s3_error(code: S3Code, message: impl Into<String>) -> ApiError {
    let mut e = ApiError::new(code.code(), message);
    e.status = code.status();
    e
}

pub fn no_such_bucket() -> ApiError {
    s3_error(S3Code::NoSuchBucket, "The specified bucket does not exist")
}

pub fn no_such_key() -> ApiError {
    s3_error(S3Code::NoSuchKey, "The specified key does not exist.")
}

pub fn no_such_upload() -> ApiError {
    s3_error(
        S3Code::NoSuchUpload,
        "The specified upload does not exist. The upload ID may be invalid, or the upload may \
         have been aborted or completed.",
    )
}

pub fn no_such_version() -> ApiError {
    s3_error(S3Code::NoSuchVersion, "The specified version does not exist.")
}

pub fn invalid_bucket_name() -> ApiError {
    s3_error(S3Code::InvalidBucketName, "The specified bucket is not valid.")
}

pub fn malformed_xml() -> ApiError {
    s3_error(
        S3Code::MalformedXml,
        "The XML you provided was not well-formed or did not validate against our published \
         schema",
    )
}

pub fn invalid_argument(message: impl Into<String>) -> ApiError {
    s3_error(S3Code::InvalidArgument, message)
}

pub fn invalid_range() -> ApiError {
    s3_error(S3Code::InvalidRange, "The requested range is not satisfiable")
}

pub fn bad_digest_md5() -> ApiError {
    s3_error(S3Code::BadDigest, "The Content-MD5 you specified did not match what we received.")
}

pub fn bad_digest_crc32() -> ApiError {
    s3_error(S3Code::BadDigest, "The CRC32 you specified did not match the calculated checksum.")
}

pub fn invalid_digest() -> ApiError {
    s3_error(S3Code::InvalidDigest, "The Content-MD5 you specified was invalid.")
}

pub fn not_implemented(action: &str) -> ApiError {
    s3_error(
        S3Code::NotImplemented,
        format!("A header you provided implies functionality that is not implemented ({action} is not simulated in the sandbox)."),
    )
}

/// HEAD answers carry no body, so clients see only the status: botocore names the error by
/// it (`404`, `Not Found`), and so does the sandbox, for the console to print what the CLI
/// prints.
pub fn as_head_error(e: ApiError) -> ApiError {
    let reason = match e.status {
        304 => "Not Modified",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        412 => "Precondition Failed",
        416 => "Requested Range Not Satisfiable",
        500 => "Internal Server Error",
        _ => "",
    };
    let mut head = ApiError::from_aws(&e.status.to_string(), reason);
    head.status = e.status;
    head.action = e.action;
    head
}
