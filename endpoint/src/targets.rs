//! The operations AWS knows, per `X-Amz-Target` prefix (from botocore's service models).
//!
//! Only needed to answer unsigned requests the way AWS does: it checks the target before the
//! signature, so an unsigned call to an unknown operation gets UnknownOperationException, and
//! an unsigned call to a known one gets MissingAuthenticationTokenException. Signed requests go
//! straight to the engine, which is the judge of what it implements.

/// Whether AWS would recognise `target` (`Kinesis_20131202.PutRecord`): botocore's models,
/// embedded in the engine, list its operations.
pub fn is_known(target: &str) -> bool {
    static CLI: aws_cli::Cli = aws_cli::Cli::new(engine::services::SERVICES);
    // Only JSON 1.1 services take a target: `s3.PutObject` is the engine's name for a call
    // that reaches S3 through its REST door, not one a client may send.
    let json = target
        .split_once('.')
        .is_some_and(|(prefix, _)| engine::services::by_target_prefix(prefix).is_some());
    json && CLI.is_known_target(target)
}

/// Whether `prefix` (`Kinesis_20131202`) names a service this endpoint serves.
pub fn is_served_service(prefix: &str) -> bool {
    crate::cbor::shapes::is_served_service(prefix)
}

/// The action's name for the request log: `PutRecords`, or `-` when there is no target.
pub fn action(target: &str) -> &str {
    match target.rsplit_once('.') {
        Some((_, op)) if !op.is_empty() => op,
        _ if target.is_empty() => "-",
        _ => target,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_targets() {
        assert!(is_known("Kinesis_20131202.PutRecords"));
        assert!(is_known("Firehose_20150804.PutRecordBatch"));
        assert!(is_known("KinesisAnalytics_20150814.DiscoverInputSchema"));
        assert!(!is_known("Kinesis_20131202.PutRecordBatch"));
        assert!(!is_known("Kinesis_20131202"));
        assert!(!is_known(""));
        assert!(!is_known("s3.PutObject"));
        assert!(is_served_service("Firehose_20150804"));
        assert!(!is_served_service("Kinesis"));
    }
}
