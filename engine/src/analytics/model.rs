//! The service's state: applications, their configuration, their running program and what
//! the UI shows of them; events and wake-ups.

use std::collections::{BTreeMap, VecDeque};

use serde::{Deserialize, Serialize};

use super::sql::{ErrorRow, Program, Value, WindowEmission};
use super::wire;

/// How often a running application reads its input (and lets time close its windows).
pub const POLL_EVERY_MS: u64 = 1_000;
/// How much of each history the application keeps for the UI.
pub const SOURCE_ROWS_KEPT: usize = 500;
pub const OUTPUT_ROWS_KEPT: usize = 500;
pub const ERROR_ROWS_KEPT: usize = 200;
pub const EMISSIONS_KEPT: usize = 500;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ApplicationStatus {
    Ready,
    Starting,
    Running,
    Stopping,
    Updating,
    Deleting,
}

impl ApplicationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ApplicationStatus::Ready => "READY",
            ApplicationStatus::Starting => "STARTING",
            ApplicationStatus::Running => "RUNNING",
            ApplicationStatus::Stopping => "STOPPING",
            ApplicationStatus::Updating => "UPDATING",
            ApplicationStatus::Deleting => "DELETING",
        }
    }
}

/// Where an input's records come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputSource {
    KinesisStream {
        arn: String,
        role: String,
        stream: String,
    },
    /// A Firehose delivery stream: the application reads what the delivery stream reads, so a
    /// delivery stream with a Kinesis stream as its source is read through that stream.
    Firehose {
        arn: String,
        role: String,
        delivery_stream: String,
    },
}

/// Where an input is in one shard: the Kinesis reader's cursor.
pub use crate::kinesis::reader::ShardCursor;

#[derive(Clone, Debug, PartialEq)]
pub struct InputConfig {
    pub id: String,
    pub name_prefix: String,
    pub source: InputSource,
    pub schema: wire::SourceSchema,
    pub parallelism: i64,
    pub starting_position: Option<String>,
    /// Per shard, while running (kept after a stop for LAST_STOPPED_POINT).
    pub cursors: BTreeMap<u32, ShardCursor>,
    /// Where a Firehose input reading a DirectPut delivery stream is in the stream's tap
    /// (set when the application starts running; records accepted before are not its).
    pub tap_cursor: Option<u64>,
}

impl InputConfig {
    /// The in-application stream the input feeds: NamePrefix + `_001`.
    pub fn in_app_stream(&self) -> String {
        format!("{}_001", self.name_prefix)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OutputDestination {
    KinesisStream { arn: String, role: String, stream: String },
    Firehose { arn: String, role: String, delivery_stream: String },
    Lambda { arn: String, role: String },
}

#[derive(Clone, Debug, PartialEq)]
pub struct OutputConfig {
    pub id: String,
    /// The in-application stream whose rows go out.
    pub name: String,
    pub destination: OutputDestination,
    /// JSON or CSV.
    pub format: String,
    pub records_written: u64,
    pub records_failed: u64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ReferenceConfig {
    pub id: String,
    pub table_name: String,
    pub bucket_arn: String,
    pub file_key: String,
    pub role: String,
    pub schema: wire::SourceSchema,
}

/// A row of an in-application stream, for the UI's tables.
#[derive(Clone, Debug, PartialEq)]
pub struct StreamRow {
    pub stream: String,
    pub rowtime: i64,
    pub values: Vec<Value>,
}

impl StreamRow {
    /// The row as a replay reads it (the Flink twin's comparison, [`super::sql::twin`]).
    pub fn arrival(&self) -> super::sql::twin::Arrival<'_> {
        super::sql::twin::Arrival {
            stream: &self.stream,
            values: &self.values,
            rowtime: self.rowtime,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Application {
    pub name: String,
    pub arn: String,
    pub description: Option<String>,
    pub status: ApplicationStatus,
    pub created_ms: i64,
    pub updated_ms: i64,
    pub version: i64,
    pub generation: u64,
    pub code: String,
    pub inputs: Vec<InputConfig>,
    pub outputs: Vec<OutputConfig>,
    pub references: Vec<ReferenceConfig>,
    pub tags: BTreeMap<String, String>,
    pub next_input: u32,
    pub next_output: u32,
    pub next_reference: u32,
    /// The compiled code while the application runs.
    pub program: Option<Program>,
    /// Counter for output partition keys.
    pub records_out: u64,
    pub rows_in: u64,
    pub rows_out: u64,
    pub error_count: u64,
    pub source_rows: VecDeque<StreamRow>,
    pub output_rows: VecDeque<StreamRow>,
    pub error_rows: VecDeque<ErrorRow>,
    pub emissions: VecDeque<WindowEmission>,
}

impl Application {
    pub fn remember<T>(ring: &mut VecDeque<T>, item: T, cap: usize) {
        if ring.len() >= cap {
            ring.pop_front();
        }
        ring.push_back(item);
    }
}

/// What a learner can observe of the service. Numbers are integers and text (no floats).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Event {
    ApplicationCreated {
        app: String,
    },
    ApplicationDeleted {
        app: String,
    },
    StatusChanged {
        app: String,
        status: String,
    },
    /// The code, an input, output or reference changed; the version went up.
    ApplicationUpdated {
        app: String,
        version: i64,
    },
    /// Records read from the input and mapped into the source in-application stream.
    RowsIngested {
        app: String,
        stream: String,
        records: u64,
        rows: u64,
    },
    /// A window closed and its rows went out (times are Unix ms).
    WindowEmitted {
        app: String,
        pump: String,
        start_ms: i64,
        end_ms: i64,
        key: String,
        rows: u64,
        groups: u64,
    },
    /// Rows a pump inserted into an in-application stream.
    RowsOutput {
        app: String,
        stream: String,
        rows: u64,
    },
    /// Records written to an output's destination.
    RecordsDelivered {
        app: String,
        output: String,
        destination: String,
        records: u64,
        failed: u64,
    },
    /// A row went to the in-application error_stream.
    ErrorRow {
        app: String,
        error_name: String,
        message: String,
    },
    /// A reference table was loaded from S3.
    ReferenceLoaded {
        app: String,
        table: String,
        rows: u64,
    },
    TickerFeedStarted {
        feed: String,
        stream: String,
        rate: u32,
    },
    TickerFeedStopped {
        feed: String,
    },
}

/// The service's scheduled wake-ups.
#[derive(Clone, Debug)]
pub enum Wake {
    /// A status transition completes (STARTING -> RUNNING, STOPPING -> READY, ...).
    Transition { app: String, generation: u64, to: ApplicationStatus },
    /// A running application reads its input.
    Poll { app: String, generation: u64 },
    /// The demo ticker feed writes its next records.
    Feed { feed: String, generation: u64 },
}
