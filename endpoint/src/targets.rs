//! The operations AWS knows, per `X-Amz-Target` prefix (from botocore's service models).
//!
//! Only needed to answer unsigned requests the way AWS does: it checks the target before the
//! signature, so an unsigned call to an unknown operation gets UnknownOperationException, and
//! an unsigned call to a known one gets MissingAuthenticationTokenException. Signed requests go
//! straight to the engine, which is the judge of what it implements.

const KINESIS: &[&str] = &[
    "AddTagsToStream",
    "CreateStream",
    "DecreaseStreamRetentionPeriod",
    "DeleteResourcePolicy",
    "DeleteStream",
    "DeregisterStreamConsumer",
    "DescribeAccountSettings",
    "DescribeLimits",
    "DescribeStream",
    "DescribeStreamConsumer",
    "DescribeStreamSummary",
    "DisableEnhancedMonitoring",
    "EnableEnhancedMonitoring",
    "GetRecords",
    "GetResourcePolicy",
    "GetShardIterator",
    "IncreaseStreamRetentionPeriod",
    "ListShards",
    "ListStreamConsumers",
    "ListStreams",
    "ListTagsForResource",
    "ListTagsForStream",
    "MergeShards",
    "PutRecord",
    "PutRecords",
    "PutResourcePolicy",
    "RegisterStreamConsumer",
    "RemoveTagsFromStream",
    "SplitShard",
    "StartStreamEncryption",
    "StopStreamEncryption",
    "SubscribeToShard",
    "TagResource",
    "UntagResource",
    "UpdateAccountSettings",
    "UpdateMaxRecordSize",
    "UpdateShardCount",
    "UpdateStreamMode",
    "UpdateStreamWarmThroughput",
];

const FIREHOSE: &[&str] = &[
    "CreateDeliveryStream",
    "DeleteDeliveryStream",
    "DescribeDeliveryStream",
    "ListDeliveryStreams",
    "ListTagsForDeliveryStream",
    "PutRecord",
    "PutRecordBatch",
    "StartDeliveryStreamEncryption",
    "StopDeliveryStreamEncryption",
    "TagDeliveryStream",
    "UntagDeliveryStream",
    "UpdateDestination",
];

const ANALYTICS: &[&str] = &[
    "AddApplicationCloudWatchLoggingOption",
    "AddApplicationInput",
    "AddApplicationInputProcessingConfiguration",
    "AddApplicationOutput",
    "AddApplicationReferenceDataSource",
    "CreateApplication",
    "DeleteApplication",
    "DeleteApplicationCloudWatchLoggingOption",
    "DeleteApplicationInputProcessingConfiguration",
    "DeleteApplicationOutput",
    "DeleteApplicationReferenceDataSource",
    "DescribeApplication",
    "DiscoverInputSchema",
    "ListApplications",
    "ListTagsForResource",
    "StartApplication",
    "StopApplication",
    "TagResource",
    "UntagResource",
    "UpdateApplication",
];

/// Whether AWS would recognise `target` (`Kinesis_20131202.PutRecord`).
pub fn is_known(target: &str) -> bool {
    let Some((service, operation)) = target.split_once('.') else { return false };
    let operations = match service {
        "Kinesis_20131202" => KINESIS,
        "Firehose_20150804" => FIREHOSE,
        "KinesisAnalytics_20150814" => ANALYTICS,
        _ => return false,
    };
    operations.binary_search(&operation).is_ok()
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
    fn lists_are_sorted_for_binary_search() {
        for list in [KINESIS, FIREHOSE, ANALYTICS] {
            assert!(list.windows(2).all(|w| w[0] < w[1]));
        }
    }

    #[test]
    fn known_targets() {
        assert!(is_known("Kinesis_20131202.PutRecords"));
        assert!(is_known("Firehose_20150804.PutRecordBatch"));
        assert!(!is_known("Kinesis_20131202.PutRecordBatch"));
        assert!(!is_known("Kinesis_20131202"));
        assert!(!is_known(""));
    }
}
