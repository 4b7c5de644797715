//! One module per view. Views read the World through snapshots and the event log.

pub mod analytics;
pub mod console;
pub mod emr;
pub mod firehose;
pub mod learn;
pub mod overview;
pub mod pipeline;
pub mod s3;
pub mod streams;
pub mod transfer;
