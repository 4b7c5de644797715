//! The buffer and the delivery: records pass the transform (if one is configured) and enter
//! the buffer; it is flushed when it reaches its size hint or when its interval has passed
//! since its first record, whichever comes first; each flush becomes a [`Batch`] that goes
//! through its destination's stages:
//!
//! - S3: one object (records concatenated as they came, no delimiter added, as AWS does),
//!   compressed as configured.
//! - Redshift: the object is staged to S3 under the S3Configuration, then a COPY loads it into
//!   the simulated table. After the retry duration the COPY is skipped and a manifest naming
//!   the staged object goes to `<prefix>errors/manifests/YYYY/MM/dd/HH/`.
//! - OpenSearch / Elasticsearch: one bulk request; documents that are not JSON objects are
//!   refused one by one (`mapper_parsing_exception`) and go to S3 under the error prefix with
//!   the error output type `AmazonOpenSearchService-failed` (`elasticsearch-failed`); after the
//!   retry duration every document of the batch goes there. With `AllDocuments` every record is
//!   also backed up to S3.
//!
//! Records the transform marked ProcessingFailed leave with the flush to the error prefix
//! (`processing-failed`). A failed stage is retried with the back-off of
//! [`retry_delay`] until its retry duration is over (24 hours for any S3 write, then the data
//! is lost; AWS retries a Kinesis-sourced stream until the source's retention runs out, which
//! the sandbox simplifies to the same 24 hours, the default retention). Error objects are
//! compressed like delivered ones (and get the same extension); Redshift manifests are plain
//! JSON. The COPY reads the staged object decompressed whatever its CopyOptions say about
//! `gzip`.
//!
//! At-least-once and duplicates: AWS warns that a COPY or a bulk request retried after a
//! timeout can load the same records twice. In the sandbox an outage is binary and a request
//! is instantaneous: an attempt either fails before it changes anything or succeeds whole, so
//! a retry never repeats work that was done and no duplicates arise. Every accepted record ends
//! exactly once as a delivered object's record, a table row, a document, a record in an error
//! object, a Dropped record, or a lost record (S3 down for 24 hours).
//!
//! In files: [`buffer`] (accepting records, flushing the buffer into batches), [`stages`]
//! (delivering batches through their destination's stages, failing and retrying), [`attempt`]
//! (one attempt at a stage: the S3 write, the COPY, the bulk request), [`retry`] (the
//! back-off).

mod attempt;
mod buffer;
mod retry;
mod stages;

pub(crate) use buffer::*;
pub use retry::*;
pub(crate) use stages::*;

use std::sync::Arc;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::json;

use super::destinations::{rows_of, Document, RedshiftTable, INDEX_DOCS_KEPT, TABLE_ROWS_KEPT};
use super::model::*;
use super::transform::{self, Outcome};
use super::{keys, Event, Firehose, Wake};
pub use crate::compression::{compress, decompress, gzip, sniff, HADOOP_SNAPPY_BLOCK};
use crate::sim::{Ctx, Services, SimTime};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedule_ends_on_the_window() {
        let s = retry_schedule(1_000, 300_000);
        assert_eq!(&s[..5], &[1_000, 6_000, 16_000, 36_000, 76_000]);
        assert_eq!(*s.last().unwrap(), 301_000);
    }
}
