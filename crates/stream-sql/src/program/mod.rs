//! A compiled application: in-application streams, reference tables and pumps, run over rows
//! pushed in ROWTIME order. No clock of its own: time moves with the rows pushed and with
//! [`Program::advance_to`].
//!
//! Emission rules (as the Kinesis Data Analytics developer guide documents them):
//! - a pump without aggregates emits one row per input row, with the input's ROWTIME;
//! - a sliding window (`AGG(x) OVER w`) emits one row per input row, with the input's ROWTIME;
//! - a tumbling window (`GROUP BY ..., STEP(ROWTIME BY ...)` or `FLOOR(ROWTIME TO ...)`, and
//!   Flink's TUMBLE/HOP) emits one row per group once ROWTIME reaches the window's end, with
//!   ROWTIME = the window's end: on the first row at or past the end, or when time advances
//!   past it ([`Program::advance_to`]; the running application advances once a second, so an
//!   idle stream still closes its windows);
//! - a stagger window opens when the first row of its partition arrives and closes one range
//!   later; it emits with ROWTIME = the time it closed.
//!
//! In files: [`schema`] (what a program reads and writes), [`window`] (windows and
//! aggregates), [`pump`] (one pump's work per row). Here: the program, which pushes rows
//! through its pumps and cascades what they insert.

mod pump;
mod schema;
mod window;

pub(crate) use pump::{Join, Kind, Pump};
pub use schema::*;
pub use window::{Frame, Windowing};
pub(crate) use window::{Grouped, Sliding};

use crate::value::Value;
use pump::Emit;

/// A compiled application.
#[derive(Clone, Debug)]
pub struct Program {
    pub(crate) streams: Vec<StreamSchema>,
    /// How many of the streams are sources (given by the catalog, not created by the code).
    pub(crate) sources: usize,
    pub(crate) tables: Vec<TableData>,
    pub(crate) pumps: Vec<Pump>,
    pub(crate) readers: Vec<Vec<usize>>,
    pub(crate) last_rowtime: Vec<i64>,
    pub(crate) errors: Vec<ErrorRow>,
    pub(crate) emissions: Vec<WindowEmission>,
}

fn key_text(key: &[Value]) -> String {
    key.iter().map(|v| v.to_string()).collect::<Vec<_>>().join(", ")
}

/// DATA_ROW of the error stream: the row, hex-encoded as AWS documents it (here the row as
/// JSON, then hex).
fn row_json(row: &[Value], streams: &StreamSchema) -> String {
    let mut m = serde_json::Map::new();
    for (c, v) in streams.columns.iter().zip(row) {
        m.insert(c.name.clone(), v.to_json());
    }
    hex(serde_json::Value::Object(m).to_string().as_bytes())
}

/// Lower-case hex of bytes (DATA_ROW).
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

impl Program {
    /// The in-application streams: sources first, then those the code creates.
    pub fn streams(&self) -> &[StreamSchema] {
        &self.streams
    }

    pub fn stream_index(&self, name: &str) -> Option<usize> {
        self.streams
            .iter()
            .position(|s| s.name == name)
            .or_else(|| self.streams.iter().position(|s| s.name.eq_ignore_ascii_case(name)))
    }

    /// The streams the code created (the ones an output can be connected to).
    pub fn created_streams(&self) -> &[StreamSchema] {
        &self.streams[self.sources.min(self.streams.len())..]
    }

    /// Pump names in the order they were created.
    pub fn pump_names(&self) -> Vec<String> {
        self.pumps.iter().map(|p| p.name.clone()).collect()
    }

    pub fn tables(&self) -> &[TableData] {
        &self.tables
    }

    /// Replaces a reference table's rows (the application reloaded it from S3).
    pub fn set_table_rows(&mut self, name: &str, rows: Vec<Vec<Value>>) {
        if let Some(t) = self.tables.iter_mut().find(|t| t.name.eq_ignore_ascii_case(name)) {
            t.rows = rows;
        }
    }

    /// Pushes a row into stream `stream` (by name) and runs every pump it reaches; returns the
    /// rows the pumps inserted (into any stream). An unknown stream takes nothing.
    pub fn push(&mut self, stream: &str, row: Vec<Value>, rowtime: i64) -> Vec<OutputRow> {
        let mut out = Vec::new();
        if let Some(i) = self.stream_index(stream) {
            self.push_into(i, &row, rowtime, &mut out);
        }
        out
    }

    /// [`Program::push`] by stream index, appending to `out` (no allocation per call).
    pub fn push_into(
        &mut self,
        stream: usize,
        row: &[Value],
        rowtime: i64,
        out: &mut Vec<OutputRow>,
    ) {
        if stream >= self.streams.len() {
            return;
        }
        // ROWTIME never goes backwards within a stream.
        let rowtime = rowtime.max(self.last_rowtime[stream]);
        self.last_rowtime[stream] = rowtime;
        let start = out.len();
        self.run_pumps(stream, row, rowtime, out);
        self.cascade(start, out);
    }

    /// Lets time reach `t` with no new row: windows that end at or before `t` emit.
    pub fn advance_to(&mut self, t: i64) -> Vec<OutputRow> {
        let mut out = Vec::new();
        for s in 0..self.streams.len() {
            self.last_rowtime[s] = self.last_rowtime[s].max(t);
        }
        for p in 0..self.pumps.len() {
            let start = out.len();
            let mut emitted = Vec::new();
            {
                let Program { pumps, streams, errors, emissions, .. } = self;
                let pump = &mut pumps[p];
                let mut emit = Emit { out: &mut emitted, errors, emissions };
                pump.close_until(t, &mut emit, &streams[pump.source]);
            }
            let target = self.pumps[p].target;
            for (rt, vals) in emitted {
                let values = self.to_target(p, vals);
                out.push(OutputRow { stream: target, rowtime: rt, values });
            }
            self.cascade(start, &mut out);
        }
        out
    }

    /// Rows that failed to compute since the last call (the in-application error_stream).
    pub fn take_errors(&mut self) -> Vec<ErrorRow> {
        std::mem::take(&mut self.errors)
    }

    /// Windows that emitted since the last call.
    pub fn take_emissions(&mut self) -> Vec<WindowEmission> {
        std::mem::take(&mut self.emissions)
    }

    /// Windows open now, oldest end first.
    pub fn open_windows(&self) -> Vec<OpenWindow> {
        let mut out = Vec::new();
        for p in &self.pumps {
            let Kind::Grouped(g) = &p.kind else { continue };
            for ((end, start, _), w) in &g.open {
                let key = if matches!(g.windowing, Windowing::Stagger { .. }) || w.groups.len() == 1
                {
                    w.groups.first().map(|g| key_text(&g.key)).unwrap_or_default()
                } else {
                    format!("{} groups", w.groups.len())
                };
                out.push(OpenWindow {
                    pump: p.name.clone(),
                    start: *start,
                    end: *end,
                    key,
                    rows: w.rows,
                    groups: w.groups.len() as u64,
                });
            }
        }
        out
    }

    /// The windowing of each pump that aggregates (name, windowing).
    pub fn windowing(&self) -> Vec<(String, Windowing)> {
        self.pumps
            .iter()
            .filter_map(|p| match &p.kind {
                Kind::Grouped(g) => Some((p.name.clone(), g.windowing)),
                _ => None,
            })
            .collect()
    }

    fn to_target(&self, pump: usize, vals: Vec<Value>) -> Vec<Value> {
        let p = &self.pumps[pump];
        let schema = &self.streams[p.target];
        let mut out = Vec::with_capacity(schema.columns.len());
        for (c, m) in schema.columns.iter().zip(&p.target_map) {
            let v = m.and_then(|i| vals.get(i)).cloned().unwrap_or(Value::Null);
            out.push(c.sql_type.coerce(&v).unwrap_or(Value::Null));
        }
        out
    }

    fn run_pumps(&mut self, stream: usize, row: &[Value], rowtime: i64, out: &mut Vec<OutputRow>) {
        let n = self.readers.get(stream).map_or(0, Vec::len);
        let mut emitted = Vec::new();
        for r in 0..n {
            let p = self.readers[stream][r];
            emitted.clear();
            {
                let Program { pumps, streams, errors, emissions, tables, .. } = self;
                let pump = &mut pumps[p];
                let mut emit = Emit { out: &mut emitted, errors, emissions };
                pump.on_row(row, rowtime, tables, &mut emit, &streams[pump.source]);
            }
            let target = self.pumps[p].target;
            for (rt, vals) in emitted.drain(..) {
                let values = self.to_target(p, vals);
                out.push(OutputRow { stream: target, rowtime: rt, values });
            }
        }
    }

    /// Rows inserted into a stream feed the pumps that read it (in order, breadth first).
    fn cascade(&mut self, mut from: usize, out: &mut Vec<OutputRow>) {
        let mut guard = 0;
        while from < out.len() && guard < 100_000 {
            guard += 1;
            let (stream, rowtime) = (out[from].stream, out[from].rowtime);
            if self.readers.get(stream).is_some_and(|r| !r.is_empty()) {
                let row = out[from].values.clone();
                self.last_rowtime[stream] = self.last_rowtime[stream].max(rowtime);
                self.run_pumps(stream, &row, rowtime, out);
            }
            from += 1;
        }
    }
}
