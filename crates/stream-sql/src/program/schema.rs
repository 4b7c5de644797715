//! What a program reads and writes: the streams and reference tables it is compiled against,
//! the rows it outputs, its error_stream rows, and its windows for the timeline.

use crate::value::{SqlType, Value};

/// A column of an in-application stream or reference table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    pub sql_type: SqlType,
}

impl Column {
    pub fn new(name: &str, sql_type: SqlType) -> Column {
        Column { name: name.to_string(), sql_type }
    }
}

/// An in-application stream's name and columns (ROWTIME is implicit).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StreamSchema {
    pub name: String,
    pub columns: Vec<Column>,
}

/// A reference table: loaded from S3 by the application, joined with a stream.
#[derive(Clone, Debug, PartialEq)]
pub struct TableData {
    pub name: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Value>>,
}

/// What the code is compiled against: the source streams the input configuration makes
/// (`SOURCE_SQL_STREAM_001`) and the reference tables.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Catalog {
    pub streams: Vec<StreamSchema>,
    pub tables: Vec<TableData>,
}

impl Catalog {
    /// The getting-started demo stream: (TICKER_SYMBOL VARCHAR(4), SECTOR VARCHAR(16),
    /// CHANGE REAL, PRICE REAL) as `SOURCE_SQL_STREAM_001`.
    pub fn ticker() -> Catalog {
        Catalog {
            streams: vec![StreamSchema {
                name: "SOURCE_SQL_STREAM_001".into(),
                columns: vec![
                    Column::new("TICKER_SYMBOL", SqlType::Varchar(4)),
                    Column::new("SECTOR", SqlType::Varchar(16)),
                    Column::new("CHANGE", SqlType::Real),
                    Column::new("PRICE", SqlType::Real),
                ],
            }],
            tables: Vec::new(),
        }
    }
}

/// A row a pump inserted into an in-application stream.
#[derive(Clone, Debug, PartialEq)]
pub struct OutputRow {
    /// Index of the stream in [`Program::streams`].
    pub stream: usize,
    pub rowtime: i64,
    pub values: Vec<Value>,
}

/// A row of the in-application `error_stream` (columns ERROR_TIME, ERROR_LEVEL, ERROR_NAME,
/// MESSAGE, DATA_ROWTIME, DATA_ROW, PUMP_NAME).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorRow {
    pub error_time: i64,
    pub error_level: String,
    pub error_name: String,
    pub message: String,
    pub data_rowtime: i64,
    pub data_row: String,
    pub pump_name: String,
}

/// A window that emitted (for the window timeline).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WindowEmission {
    pub pump: String,
    pub start: i64,
    pub end: i64,
    /// The window's partition or group keys, as text (`AMZN`, `AMZN, 2026-01-01 11:00:00.000`).
    pub key: String,
    pub rows: u64,
    pub groups: u64,
    /// ROWTIME of the emitted rows.
    pub emitted_at: i64,
}

/// A window still open (for the window timeline).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenWindow {
    pub pump: String,
    pub start: i64,
    pub end: i64,
    pub key: String,
    pub rows: u64,
    pub groups: u64,
}
