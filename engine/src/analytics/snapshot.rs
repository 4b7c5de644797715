//! Read-only views for the UI: plain data, never internals.

use super::feed::TickerFeed;
use super::model::*;
use super::sql::{ErrorRow, OpenWindow, SqlType, WindowEmission, Windowing};
use super::Analytics;

/// One application as the analytics view lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct ApplicationView {
    pub name: String,
    pub arn: String,
    pub status: ApplicationStatus,
    pub version: i64,
    pub code: String,
    pub created_ms: i64,
    pub updated_ms: i64,
    pub inputs: Vec<InputView>,
    pub outputs: Vec<OutputView>,
    pub references: Vec<ReferenceView>,
    pub rows_in: u64,
    pub rows_out: u64,
    pub errors: u64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct InputView {
    pub id: String,
    /// `SOURCE_SQL_STREAM_001`
    pub in_app_stream: String,
    /// `kinesis:<stream>` or `firehose:<delivery stream>`
    pub source: String,
    pub format: String,
    pub columns: Vec<(String, String)>,
    pub starting_position: Option<String>,
    pub records_read: u64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct OutputView {
    pub id: String,
    pub in_app_stream: String,
    pub destination: String,
    pub format: String,
    pub records_written: u64,
    pub records_failed: u64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ReferenceView {
    pub id: String,
    pub table: String,
    pub s3: String,
}

/// An in-application stream of a running application, with its columns.
#[derive(Clone, Debug, PartialEq)]
pub struct InAppStreamView {
    pub name: String,
    pub columns: Vec<(String, SqlType)>,
    pub is_source: bool,
}

/// Windows of one application for the window timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct WindowTimeline {
    /// (pump, windowing) of each aggregating pump.
    pub windowing: Vec<(String, Windowing)>,
    pub open: Vec<OpenWindow>,
    /// The newest emissions, oldest first.
    pub emitted: Vec<WindowEmission>,
}

/// The running demo feeds.
#[derive(Clone, Debug, PartialEq)]
pub struct FeedView {
    pub id: String,
    pub stream: String,
    pub rate: u32,
    pub records: u64,
    pub failed: u64,
}

fn source_text(s: &InputSource) -> String {
    match s {
        InputSource::KinesisStream { stream, .. } => format!("kinesis:{stream}"),
        InputSource::Firehose { delivery_stream, .. } => format!("firehose:{delivery_stream}"),
    }
}

fn destination_text(d: &OutputDestination) -> String {
    match d {
        OutputDestination::KinesisStream { stream, .. } => format!("kinesis:{stream}"),
        OutputDestination::Firehose { delivery_stream, .. } => {
            format!("firehose:{delivery_stream}")
        }
        OutputDestination::Lambda { arn, .. } => format!("lambda:{arn}"),
    }
}

fn view(a: &Application) -> ApplicationView {
    ApplicationView {
        name: a.name.clone(),
        arn: a.arn.clone(),
        status: a.status,
        version: a.version,
        code: a.code.clone(),
        created_ms: a.created_ms,
        updated_ms: a.updated_ms,
        inputs: a
            .inputs
            .iter()
            .map(|i| InputView {
                id: i.id.clone(),
                in_app_stream: i.in_app_stream(),
                source: source_text(&i.source),
                format: i
                    .schema
                    .record_format
                    .as_ref()
                    .and_then(|f| f.record_format_type.clone())
                    .unwrap_or_else(|| "JSON".into()),
                columns: i
                    .schema
                    .record_columns
                    .as_deref()
                    .unwrap_or_default()
                    .iter()
                    .map(|c| {
                        (c.name.clone().unwrap_or_default(), c.sql_type.clone().unwrap_or_default())
                    })
                    .collect(),
                starting_position: i.starting_position.clone(),
                records_read: i.cursors.values().map(|c| c.records_read).sum(),
            })
            .collect(),
        outputs: a
            .outputs
            .iter()
            .map(|o| OutputView {
                id: o.id.clone(),
                in_app_stream: o.name.clone(),
                destination: destination_text(&o.destination),
                format: o.format.clone(),
                records_written: o.records_written,
                records_failed: o.records_failed,
            })
            .collect(),
        references: a
            .references
            .iter()
            .map(|r| ReferenceView {
                id: r.id.clone(),
                table: r.table_name.clone(),
                s3: format!(
                    "s3://{}/{}",
                    crate::firehose::ops::bucket_of_arn(&r.bucket_arn).unwrap_or_default(),
                    r.file_key
                ),
            })
            .collect(),
        rows_in: a.rows_in,
        rows_out: a.rows_out,
        errors: a.error_count,
    }
}

/// Read-only handle on Kinesis Data Analytics for the UI, from `world.view().analytics()`: every answer is a
/// plain `*View` (or wire) value, never the service's state.
#[derive(Clone, Copy)]
pub struct Snapshot<'a> {
    a: &'a Analytics,
    #[allow(dead_code)]
    now_unix_ms: i64,
}

impl<'a> Snapshot<'a> {
    pub(crate) fn new(a: &'a Analytics, now_unix_ms: i64) -> Self {
        Self { a, now_unix_ms }
    }
}

impl Snapshot<'_> {
    /// Every application, by name.
    pub fn applications(&self) -> Vec<ApplicationView> {
        self.a.apps.values().map(view).collect()
    }

    pub fn application(&self, name: &str) -> Option<ApplicationView> {
        self.a.apps.get(name).map(view)
    }

    /// The in-application streams of a running application (sources first).
    pub fn in_app_streams(&self, app: &str) -> Vec<InAppStreamView> {
        // A running application's program; otherwise the code compiled now (no rows).
        let Some(a) = self.a.apps.get(app) else { return Vec::new() };
        let compiled;
        let p = match &a.program {
            Some(p) => p,
            None => match super::ops::compile(a) {
                Ok(Some(p)) => {
                    compiled = p;
                    &compiled
                }
                _ => return Vec::new(),
            },
        };
        let created = p.created_streams().len();
        let all = p.streams();
        all.iter()
            .enumerate()
            .map(|(i, s)| InAppStreamView {
                name: s.name.clone(),
                columns: s.columns.iter().map(|c| (c.name.clone(), c.sql_type)).collect(),
                is_source: i < all.len() - created,
            })
            .collect()
    }

    /// The newest rows of the source in-application stream(s), oldest first (ROWTIME and the
    /// mapped columns).
    pub fn source_rows(&self, app: &str, limit: usize) -> Vec<StreamRow> {
        tail(self.a.apps.get(app).map(|a| &a.source_rows), limit)
    }

    /// The newest rows the pumps inserted (into any in-application stream), oldest first.
    pub fn output_rows(&self, app: &str, limit: usize) -> Vec<StreamRow> {
        tail(self.a.apps.get(app).map(|a| &a.output_rows), limit)
    }

    /// The newest rows of the in-application error_stream, oldest first.
    pub fn error_rows(&self, app: &str, limit: usize) -> Vec<ErrorRow> {
        tail(self.a.apps.get(app).map(|a| &a.error_rows), limit)
    }

    /// Open windows and recent emissions, for the window timeline.
    pub fn window_timeline(&self, app: &str) -> WindowTimeline {
        let Some(a) = self.a.apps.get(app) else {
            return WindowTimeline { windowing: Vec::new(), open: Vec::new(), emitted: Vec::new() };
        };
        WindowTimeline {
            windowing: a.program.as_ref().map(|p| p.windowing()).unwrap_or_default(),
            open: a.program.as_ref().map(|p| p.open_windows()).unwrap_or_default(),
            emitted: a.emissions.iter().cloned().collect(),
        }
    }

    /// What the application's code compiles against (its source stream and reference
    /// tables, with the rows loaded while it runs): for the editor's [`super::sql::check_with`]
    /// and for running the Flink twin of a query over the same rows.
    pub fn catalog(&self, app: &str) -> Option<super::sql::Catalog> {
        let a = self.a.apps.get(app)?;
        let mut c = super::ops::catalog_of(a);
        if let Some(p) = &a.program {
            c.tables = p.tables().to_vec();
        }
        Some(c)
    }

    pub fn feeds(&self) -> Vec<FeedView> {
        self.a
            .feeds
            .values()
            .map(|f: &TickerFeed| FeedView {
                id: f.id.clone(),
                stream: f.stream.clone(),
                rate: f.rate,
                records: f.records,
                failed: f.failed,
            })
            .collect()
    }
}

fn tail<T: Clone>(ring: Option<&std::collections::VecDeque<T>>, limit: usize) -> Vec<T> {
    let Some(r) = ring else { return Vec::new() };
    r.iter().skip(r.len().saturating_sub(limit)).cloned().collect()
}
