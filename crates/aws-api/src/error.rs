//! AWS's error shape: a typed `__type` code, a message, an HTTP status.

use std::fmt;

use serde::{Serialize, Serializer};

/// The error codes the sandbox's services answer with; [`ErrorCode::as_str`] is AWS's
/// `__type`. Code compares variants, never strings.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    ResourceNotFound,
    ResourceInUse,
    LimitExceeded,
    Validation,
    InvalidArgument,
    ProvisionedThroughputExceeded,
    ExpiredIterator,
    ExpiredNextToken,
    ConcurrentModification,
    CodeValidation,
    UnableToDetectSchema,
    UnsupportedOperation,
    TooManyTags,
    ServiceUnavailable,
    ResourceProvisionedThroughputExceeded,
    AccessDenied,
    Serialization,
    UnknownOperation,
    MissingAuthenticationToken,
    IncompleteSignature,
    InvalidSignature,
    InternalFailure,
    InternalFailureException,
    ReplayExhausted,
    NoSuchBucket,
    NoSuchKey,
    InvalidBucketName,
    BucketAlreadyOwnedByYou,
    BucketNotEmpty,
    KeyTooLong,
    S3InvalidArgument,
    /// EMR's answer to input it cannot act on (an unknown cluster or step id).
    InvalidRequest,
    // Snowball's modelled exceptions (their message member is `Message`).
    SnowballInvalidResource,
    InvalidJobState,
    InvalidInputCombination,
    InvalidAddress,
    UnsupportedAddress,
    KmsRequestFailed,
    ClusterLimitExceeded,
    InvalidNextToken,
    ReturnShippingLabelAlreadyExists,
    Conflict,
    Ec2RequestFailed,
    /// A code the sandbox only passes along (an answer read back from the wire), kept as AWS
    /// spelled it.
    Other(String),
}

impl ErrorCode {
    /// AWS's `__type`: `ResourceNotFoundException`.
    pub fn as_str(&self) -> &str {
        match self {
            ErrorCode::ResourceNotFound => "ResourceNotFoundException",
            ErrorCode::ResourceInUse => "ResourceInUseException",
            ErrorCode::LimitExceeded => "LimitExceededException",
            ErrorCode::Validation => "ValidationException",
            ErrorCode::InvalidArgument => "InvalidArgumentException",
            ErrorCode::ProvisionedThroughputExceeded => "ProvisionedThroughputExceededException",
            ErrorCode::ExpiredIterator => "ExpiredIteratorException",
            ErrorCode::ExpiredNextToken => "ExpiredNextTokenException",
            ErrorCode::ConcurrentModification => "ConcurrentModificationException",
            ErrorCode::CodeValidation => "CodeValidationException",
            ErrorCode::UnableToDetectSchema => "UnableToDetectSchemaException",
            ErrorCode::UnsupportedOperation => "UnsupportedOperationException",
            ErrorCode::TooManyTags => "TooManyTagsException",
            ErrorCode::ServiceUnavailable => "ServiceUnavailableException",
            ErrorCode::ResourceProvisionedThroughputExceeded => {
                "ResourceProvisionedThroughputExceededException"
            }
            ErrorCode::AccessDenied => "AccessDeniedException",
            ErrorCode::Serialization => "SerializationException",
            ErrorCode::UnknownOperation => "UnknownOperationException",
            ErrorCode::MissingAuthenticationToken => "MissingAuthenticationTokenException",
            ErrorCode::IncompleteSignature => "IncompleteSignatureException",
            ErrorCode::InvalidSignature => "InvalidSignatureException",
            ErrorCode::InternalFailure => "InternalFailure",
            ErrorCode::InternalFailureException => "InternalFailureException",
            ErrorCode::ReplayExhausted => "ReplayExhausted",
            ErrorCode::NoSuchBucket => "NoSuchBucket",
            ErrorCode::NoSuchKey => "NoSuchKey",
            ErrorCode::InvalidBucketName => "InvalidBucketName",
            ErrorCode::BucketAlreadyOwnedByYou => "BucketAlreadyOwnedByYou",
            ErrorCode::BucketNotEmpty => "BucketNotEmpty",
            ErrorCode::KeyTooLong => "KeyTooLongError",
            ErrorCode::S3InvalidArgument => "InvalidArgument",
            ErrorCode::InvalidRequest => "InvalidRequestException",
            ErrorCode::SnowballInvalidResource => "InvalidResourceException",
            ErrorCode::InvalidJobState => "InvalidJobStateException",
            ErrorCode::InvalidInputCombination => "InvalidInputCombinationException",
            ErrorCode::InvalidAddress => "InvalidAddressException",
            ErrorCode::UnsupportedAddress => "UnsupportedAddressException",
            ErrorCode::KmsRequestFailed => "KMSRequestFailedException",
            ErrorCode::ClusterLimitExceeded => "ClusterLimitExceededException",
            ErrorCode::InvalidNextToken => "InvalidNextTokenException",
            ErrorCode::ReturnShippingLabelAlreadyExists => {
                "ReturnShippingLabelAlreadyExistsException"
            }
            ErrorCode::Conflict => "ConflictException",
            ErrorCode::Ec2RequestFailed => "Ec2RequestFailedException",
            ErrorCode::Other(code) => code,
        }
    }

    /// The member that carries the message in AWS's JSON body. The Java framework's own
    /// SerializationException spells it `Message`; the services' modelled exceptions
    /// (ValidationException, ResourceNotFoundException, ...) spell it `message`. (kinesalite's
    /// suite recorded both against Kinesis.) EMR models its InvalidRequestException as
    /// `{ErrorCode, Message}`, and Snowball's model spells its exceptions' member `Message`;
    /// modelled members go on the wire as the model names them.
    pub fn message_member(&self) -> &'static str {
        match self {
            ErrorCode::Serialization
            | ErrorCode::InvalidRequest
            | ErrorCode::SnowballInvalidResource
            | ErrorCode::InvalidJobState
            | ErrorCode::InvalidInputCombination
            | ErrorCode::InvalidAddress
            | ErrorCode::UnsupportedAddress
            | ErrorCode::KmsRequestFailed
            | ErrorCode::ClusterLimitExceeded
            | ErrorCode::InvalidNextToken
            | ErrorCode::ReturnShippingLabelAlreadyExists
            | ErrorCode::Conflict
            | ErrorCode::Ec2RequestFailed => "Message",
            _ => "message",
        }
    }

    /// The code AWS spells `code`, for answers read back from the wire.
    pub fn from_aws(code: &str) -> ErrorCode {
        match code {
            "ResourceNotFoundException" => ErrorCode::ResourceNotFound,
            "ResourceInUseException" => ErrorCode::ResourceInUse,
            "LimitExceededException" => ErrorCode::LimitExceeded,
            "ValidationException" => ErrorCode::Validation,
            "InvalidArgumentException" => ErrorCode::InvalidArgument,
            "ProvisionedThroughputExceededException" => ErrorCode::ProvisionedThroughputExceeded,
            "ExpiredIteratorException" => ErrorCode::ExpiredIterator,
            "ExpiredNextTokenException" => ErrorCode::ExpiredNextToken,
            "ConcurrentModificationException" => ErrorCode::ConcurrentModification,
            "CodeValidationException" => ErrorCode::CodeValidation,
            "UnableToDetectSchemaException" => ErrorCode::UnableToDetectSchema,
            "UnsupportedOperationException" => ErrorCode::UnsupportedOperation,
            "TooManyTagsException" => ErrorCode::TooManyTags,
            "ServiceUnavailableException" => ErrorCode::ServiceUnavailable,
            "ResourceProvisionedThroughputExceededException" => {
                ErrorCode::ResourceProvisionedThroughputExceeded
            }
            "AccessDeniedException" => ErrorCode::AccessDenied,
            "SerializationException" => ErrorCode::Serialization,
            "UnknownOperationException" => ErrorCode::UnknownOperation,
            "MissingAuthenticationTokenException" => ErrorCode::MissingAuthenticationToken,
            "IncompleteSignatureException" => ErrorCode::IncompleteSignature,
            "InvalidSignatureException" => ErrorCode::InvalidSignature,
            "InternalFailure" => ErrorCode::InternalFailure,
            "InternalFailureException" => ErrorCode::InternalFailureException,
            "ReplayExhausted" => ErrorCode::ReplayExhausted,
            "NoSuchBucket" => ErrorCode::NoSuchBucket,
            "NoSuchKey" => ErrorCode::NoSuchKey,
            "InvalidBucketName" => ErrorCode::InvalidBucketName,
            "BucketAlreadyOwnedByYou" => ErrorCode::BucketAlreadyOwnedByYou,
            "BucketNotEmpty" => ErrorCode::BucketNotEmpty,
            "KeyTooLongError" => ErrorCode::KeyTooLong,
            "InvalidArgument" => ErrorCode::S3InvalidArgument,
            "InvalidRequestException" => ErrorCode::InvalidRequest,
            "InvalidResourceException" => ErrorCode::SnowballInvalidResource,
            "InvalidJobStateException" => ErrorCode::InvalidJobState,
            "InvalidInputCombinationException" => ErrorCode::InvalidInputCombination,
            "InvalidAddressException" => ErrorCode::InvalidAddress,
            "UnsupportedAddressException" => ErrorCode::UnsupportedAddress,
            "KMSRequestFailedException" => ErrorCode::KmsRequestFailed,
            "ClusterLimitExceededException" => ErrorCode::ClusterLimitExceeded,
            "InvalidNextTokenException" => ErrorCode::InvalidNextToken,
            "ReturnShippingLabelAlreadyExistsException" => {
                ErrorCode::ReturnShippingLabelAlreadyExists
            }
            "ConflictException" => ErrorCode::Conflict,
            "Ec2RequestFailedException" => ErrorCode::Ec2RequestFailed,
            other => ErrorCode::Other(other.to_string()),
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ErrorCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Tests and logs compare a code with AWS's text.
impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for ErrorCode {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("An error occurred ({code}) when calling the {action} operation: {message}")]
pub struct ApiError {
    /// The `__type` AWS returns.
    pub code: ErrorCode,
    /// AWS's text; empty when AWS sends none (the body then has no message member).
    pub message: String,
    /// HTTP status: 400 for client errors, 500 for internal failures.
    pub status: u16,
    /// The operation, for the CLI's "when calling the X operation" wording.
    pub action: String,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into(), status: 400, action: String::new() }
    }

    /// An error read back from the wire, its code as AWS spelled it.
    pub fn from_aws(code: &str, message: impl Into<String>) -> Self {
        Self::new(ErrorCode::from_aws(code), message)
    }

    pub fn unknown_operation() -> Self {
        // AWS answers an unknown X-Amz-Target with this code and no message.
        Self::new(ErrorCode::UnknownOperation, "")
    }

    pub fn serialization(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Serialization, message)
    }

    pub fn with_action(mut self, action: &str) -> Self {
        self.action = action.to_string();
        self
    }

    /// The JSON body AWS sends: `{"__type": "...", "message": "..."}`, the message member
    /// named as [`ErrorCode::message_member`] says, and left out when there is no message
    /// (`{"__type": "InternalFailure"}`).
    pub fn body(&self) -> String {
        serde_json::to_string(&Body(self)).unwrap_or_default()
    }
}

/// [`ApiError::body`]'s shape.
struct Body<'a>(&'a ApiError);

impl Serialize for Body<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let e = self.0;
        let has_message = !e.message.is_empty();
        let mut map = s.serialize_map(Some(1 + has_message as usize))?;
        map.serialize_entry("__type", &e.code)?;
        if has_message {
            map.serialize_entry(e.code.message_member(), &e.message)?;
        }
        map.end()
    }
}
