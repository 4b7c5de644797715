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

use std::collections::{BTreeMap, HashMap, VecDeque};

use super::expr::{AggFunc, Env, Expr};
use super::value::{SqlType, Value};

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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Windowing {
    /// Fixed windows of `size` ms aligned to the epoch.
    Tumbling { size: i64 },
    /// Flink's HOP: windows of `size` ms starting every `slide` ms.
    Hop { slide: i64, size: i64 },
    /// One window per partition, opened by its first row, `range` ms long.
    Stagger { range: i64 },
}

impl Windowing {
    /// The windows (start, end) a row with this ROWTIME falls in, oldest first; a stagger
    /// window depends on its partition's first row, so it is not known from ROWTIME alone.
    pub fn windows_of(&self, rowtime: i64) -> Vec<(i64, i64)> {
        match *self {
            Windowing::Tumbling { size } => {
                let start = floor_div(rowtime, size);
                vec![(start, start.saturating_add(size))]
            }
            Windowing::Hop { slide, size } => {
                let mut v = Vec::new();
                let mut start = floor_div(rowtime, slide);
                while start.saturating_add(size) > rowtime && v.len() < 1000 {
                    v.push((start, start.saturating_add(size)));
                    start = start.saturating_sub(slide);
                }
                v.reverse();
                v
            }
            Windowing::Stagger { .. } => Vec::new(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Frame {
    Range(i64),
    Rows(u64),
}

#[derive(Clone, Debug)]
pub(crate) struct Sliding {
    pub func: AggFunc,
    pub arg: Option<Expr>,
    pub partition: Vec<Expr>,
    pub frame: Frame,
    pub parts: HashMap<Box<[Value]>, VecDeque<(i64, Value)>>,
}

#[derive(Clone, Debug)]
pub(crate) struct Grouped {
    pub windowing: Windowing,
    pub keys: Vec<Expr>,
    pub aggs: Vec<(AggFunc, Option<Expr>)>,
    pub having: Option<Expr>,
    pub open: BTreeMap<(i64, i64, u64), Window>,
    pub stagger_index: HashMap<Box<[Value]>, (i64, i64, u64)>,
    pub seq: u64,
    pub scratch: Vec<Value>,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct Window {
    pub groups: Vec<Group>,
    pub index: HashMap<Box<[Value]>, usize>,
    pub rows: u64,
}

#[derive(Clone, Debug)]
pub(crate) struct Group {
    pub key: Box<[Value]>,
    pub row: Vec<Value>,
    pub accs: Vec<Acc>,
    pub rows: u64,
}

#[derive(Clone, Debug)]
pub(crate) enum Kind {
    Map,
    Sliding(Vec<Sliding>),
    Grouped(Box<Grouped>),
}

#[derive(Clone, Debug)]
pub(crate) struct Join {
    pub table: usize,
    pub on: Expr,
    pub left: bool,
}

#[derive(Clone, Debug)]
pub(crate) struct Pump {
    pub name: String,
    pub source: usize,
    pub target: usize,
    /// For each target column, the projection item feeding it (None: NULL).
    pub target_map: Vec<Option<usize>>,
    pub join: Option<Join>,
    pub filter: Option<Expr>,
    pub proj: Vec<Expr>,
    pub kind: Kind,
}

#[derive(Clone, Debug)]
pub(crate) enum Acc {
    Count(i64),
    Sum { int: i64, float: f64, is_float: bool, any: bool },
    Avg { sum: f64, n: i64 },
    Min(Value),
    Max(Value),
}

impl Acc {
    pub fn new(f: AggFunc) -> Acc {
        match f {
            AggFunc::Count => Acc::Count(0),
            AggFunc::Sum => Acc::Sum { int: 0, float: 0.0, is_float: false, any: false },
            AggFunc::Avg => Acc::Avg { sum: 0.0, n: 0 },
            AggFunc::Min => Acc::Min(Value::Null),
            AggFunc::Max => Acc::Max(Value::Null),
        }
    }

    /// `None` is COUNT(*)'s row without an argument.
    #[inline]
    pub fn add(&mut self, v: Option<&Value>) {
        match (self, v) {
            (Acc::Count(n), None) => *n += 1,
            (_, Some(Value::Null)) => {}
            (Acc::Count(n), Some(_)) => *n += 1,
            (Acc::Sum { int, float, is_float, any }, Some(v)) => {
                *any = true;
                match v {
                    Value::Int(i) if !*is_float => match int.checked_add(*i) {
                        Some(s) => *int = s,
                        None => {
                            *is_float = true;
                            *float = *int as f64 + *i as f64;
                        }
                    },
                    other => {
                        if !*is_float {
                            *is_float = true;
                            *float = *int as f64;
                        }
                        *float += other.as_f64().unwrap_or(0.0);
                    }
                }
            }
            (Acc::Avg { sum, n }, Some(v)) => {
                if let Some(x) = v.as_f64() {
                    *sum += x;
                    *n += 1;
                }
            }
            (Acc::Min(m), Some(v)) if m.is_null() || v.compare(m).is_some_and(|o| o.is_lt()) => {
                *m = v.clone();
            }
            (Acc::Max(m), Some(v)) if m.is_null() || v.compare(m).is_some_and(|o| o.is_gt()) => {
                *m = v.clone();
            }
            _ => {}
        }
    }

    pub fn value(&self) -> Value {
        match self {
            Acc::Count(n) => Value::Int(*n),
            Acc::Sum { any: false, .. } => Value::Null,
            Acc::Sum { float, is_float: true, .. } => Value::Num(*float),
            Acc::Sum { int, .. } => Value::Int(*int),
            Acc::Avg { n: 0, .. } => Value::Null,
            Acc::Avg { sum, n } => Value::Num(sum / *n as f64),
            Acc::Min(v) | Acc::Max(v) => v.clone(),
        }
    }
}

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

fn floor_div(x: i64, w: i64) -> i64 {
    if w <= 0 {
        x
    } else {
        x.saturating_sub(x.rem_euclid(w))
    }
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

struct Emit<'a> {
    out: &'a mut Vec<(i64, Vec<Value>)>,
    errors: &'a mut Vec<ErrorRow>,
    emissions: &'a mut Vec<WindowEmission>,
}

/// The parts of a pump that write rows, borrowed apart from its window state.
struct Projector<'a> {
    name: &'a str,
    proj: &'a [Expr],
}

impl Projector<'_> {
    fn error(&self, emit: &mut Emit<'_>, rowtime: i64, message: String, row: String) {
        emit.errors.push(ErrorRow {
            error_time: rowtime,
            error_level: "Error".into(),
            error_name: "SQL_Runtime_Error".into(),
            message,
            data_rowtime: rowtime,
            data_row: row,
            pump_name: self.name.to_string(),
        });
    }

    fn project(&self, env: &Env<'_>, emit: &mut Emit<'_>, source: &StreamSchema, at: i64) {
        let mut vals = Vec::with_capacity(self.proj.len());
        for p in self.proj {
            match p.eval(env) {
                Ok(v) => vals.push(v),
                Err(e) => {
                    self.error(emit, at, e, row_json(env.row, source));
                    return;
                }
            }
        }
        emit.out.push((at, vals));
    }
}

impl Pump {
    fn error(&self, emit: &mut Emit<'_>, rowtime: i64, message: String, row: String) {
        emit.errors.push(ErrorRow {
            error_time: rowtime,
            error_level: "Error".into(),
            error_name: "SQL_Runtime_Error".into(),
            message,
            data_rowtime: rowtime,
            data_row: row,
            pump_name: self.name.clone(),
        });
    }

    /// Projects one output row; errors go to the error stream.
    fn project(&self, env: &Env<'_>, emit: &mut Emit<'_>, source: &StreamSchema, at: i64) {
        let mut vals = Vec::with_capacity(self.proj.len());
        for p in &self.proj {
            match p.eval(env) {
                Ok(v) => vals.push(v),
                Err(e) => {
                    self.error(emit, at, e, row_json(env.row, source));
                    return;
                }
            }
        }
        emit.out.push((at, vals));
    }

    /// Closes every window that ends at or before `t`.
    fn close_until(&mut self, t: i64, emit: &mut Emit<'_>, source: &StreamSchema) {
        let Pump { kind, name, proj, .. } = self;
        let Kind::Grouped(g) = kind else { return };
        let me = Projector { name, proj };
        let mut closed = Vec::new();
        while let Some((&k, _)) = g.open.first_key_value() {
            if k.0 > t {
                break;
            }
            if let Some(w) = g.open.remove(&k) {
                closed.push((k, w));
            }
        }
        if closed.is_empty() {
            return;
        }
        let having = g.having.clone();
        let stagger = matches!(g.windowing, Windowing::Stagger { .. });
        for ((end, start, _), w) in closed {
            if stagger {
                if let Some(group) = w.groups.first() {
                    if g.stagger_index
                        .get(&group.key)
                        .is_some_and(|id| id.0 == end && id.1 == start)
                    {
                        g.stagger_index.remove(&group.key);
                    }
                }
            }
            let key = if stagger || w.groups.len() == 1 {
                w.groups.first().map(|g| key_text(&g.key)).unwrap_or_default()
            } else {
                format!("{} groups", w.groups.len())
            };
            emit.emissions.push(WindowEmission {
                pump: me.name.to_string(),
                start,
                end,
                key,
                rows: w.rows,
                groups: w.groups.len() as u64,
                emitted_at: end,
            });
            for group in &w.groups {
                let aggs: Vec<Value> = group.accs.iter().map(Acc::value).collect();
                let env = Env {
                    row: &group.row,
                    rowtime: end,
                    aggs: &aggs,
                    window: (start, end),
                    key: &group.key,
                };
                if let Some(h) = &having {
                    match h.eval(&env) {
                        Ok(Value::Bool(true)) => {}
                        Ok(_) => continue,
                        Err(e) => {
                            me.error(emit, end, e, row_json(&group.row, source));
                            continue;
                        }
                    }
                }
                me.project(&env, emit, source, end);
            }
        }
    }

    fn on_row(
        &mut self,
        row: &[Value],
        rowtime: i64,
        tables: &[TableData],
        emit: &mut Emit<'_>,
        source: &StreamSchema,
    ) {
        self.close_until(rowtime, emit, source);
        // The row, joined with the reference table when there is one.
        let joined: Vec<Vec<Value>>;
        let rows: &[Vec<Value>] = match &self.join {
            None => {
                self.one_row(row, rowtime, emit, source);
                return;
            }
            Some(j) => {
                let mut out = Vec::new();
                if let Some(t) = tables.get(j.table) {
                    for tr in &t.rows {
                        let mut r = row.to_vec();
                        r.extend(tr.iter().cloned());
                        let env = Env { row: &r, rowtime, aggs: &[], window: (0, 0), key: &[] };
                        match j.on.eval(&env) {
                            Ok(Value::Bool(true)) => out.push(r),
                            Ok(_) => {}
                            Err(e) => self.error(emit, rowtime, e, row_json(row, source)),
                        }
                    }
                    if out.is_empty() && j.left {
                        let mut r = row.to_vec();
                        r.extend(t.columns.iter().map(|_| Value::Null));
                        out.push(r);
                    }
                }
                joined = out;
                &joined
            }
        };
        for r in rows {
            self.one_row(r, rowtime, emit, source);
        }
    }

    #[inline]
    fn one_row(&mut self, row: &[Value], rowtime: i64, emit: &mut Emit<'_>, source: &StreamSchema) {
        if let Some(f) = &self.filter {
            let env = Env { row, rowtime, aggs: &[], window: (0, 0), key: &[] };
            match f.eval(&env) {
                Ok(Value::Bool(true)) => {}
                Ok(_) => return,
                Err(e) => {
                    self.error(emit, rowtime, e, row_json(row, source));
                    return;
                }
            }
        }
        match &mut self.kind {
            Kind::Map => {
                let env = Env { row, rowtime, aggs: &[], window: (0, 0), key: &[] };
                self.project(&env, emit, source, rowtime);
            }
            Kind::Sliding(aggs) => {
                let env = Env { row, rowtime, aggs: &[], window: (0, 0), key: &[] };
                let mut values = Vec::with_capacity(aggs.len());
                let mut failed = None;
                for s in aggs.iter_mut() {
                    let mut key = Vec::with_capacity(s.partition.len());
                    for p in &s.partition {
                        match p.eval(&env) {
                            Ok(v) => key.push(v),
                            Err(e) => failed = Some(e),
                        }
                    }
                    let arg = match &s.arg {
                        Some(a) => match a.eval(&env) {
                            Ok(v) => v,
                            Err(e) => {
                                failed = Some(e);
                                Value::Null
                            }
                        },
                        None => Value::Int(1),
                    };
                    let dq = s.parts.entry(key.into_boxed_slice()).or_default();
                    dq.push_back((rowtime, arg));
                    match s.frame {
                        Frame::Range(r) => {
                            while dq.front().is_some_and(|f| f.0 < rowtime.saturating_sub(r)) {
                                dq.pop_front();
                            }
                        }
                        Frame::Rows(n) => {
                            while dq.len() as u64 > n.saturating_add(1) {
                                dq.pop_front();
                            }
                        }
                    }
                    let mut acc = Acc::new(s.func);
                    for (_, v) in dq.iter() {
                        acc.add(if s.arg.is_some() { Some(v) } else { None });
                    }
                    values.push(acc.value());
                }
                if let Some(e) = failed {
                    self.error(emit, rowtime, e, row_json(row, source));
                    return;
                }
                let env = Env { row, rowtime, aggs: &values, window: (0, 0), key: &[] };
                self.project(&env, emit, source, rowtime);
            }
            Kind::Grouped(g) => {
                let env = Env { row, rowtime, aggs: &[], window: (0, 0), key: &[] };
                let mut key = std::mem::take(&mut g.scratch);
                key.clear();
                let mut failed = None;
                for k in &g.keys {
                    match k.eval(&env) {
                        Ok(v) => key.push(v),
                        Err(e) => failed = Some(e),
                    }
                }
                if let Some(e) = failed {
                    g.scratch = key;
                    self.error(emit, rowtime, e, row_json(row, source));
                    return;
                }
                let mut ids: [(i64, i64, u64); 1] = [(0, 0, 0)];
                let hop;
                let windows: &[(i64, i64, u64)] = match g.windowing {
                    Windowing::Tumbling { size } => {
                        let start = floor_div(rowtime, size);
                        ids[0] = (start.saturating_add(size), start, 0);
                        &ids
                    }
                    Windowing::Hop { slide, size } => {
                        let mut v = Vec::new();
                        let mut start = floor_div(rowtime, slide);
                        while start.saturating_add(size) > rowtime && v.len() < 1000 {
                            v.push((start.saturating_add(size), start, 0));
                            start = start.saturating_sub(slide);
                        }
                        v.reverse();
                        hop = v;
                        &hop
                    }
                    Windowing::Stagger { range } => {
                        let id = match g.stagger_index.get(&key[..]) {
                            Some(id) if id.0 > rowtime => *id,
                            _ => {
                                g.seq += 1;
                                let id = (rowtime.saturating_add(range), rowtime, g.seq);
                                g.stagger_index.insert(key.clone().into_boxed_slice(), id);
                                id
                            }
                        };
                        ids[0] = id;
                        &ids
                    }
                };
                for id in windows {
                    let w = g.open.entry(*id).or_default();
                    w.rows += 1;
                    let gi = match w.index.get(&key[..]) {
                        Some(i) => *i,
                        None => {
                            let i = w.groups.len();
                            w.groups.push(Group {
                                key: key.clone().into_boxed_slice(),
                                row: row.to_vec(),
                                accs: g.aggs.iter().map(|(f, _)| Acc::new(*f)).collect(),
                                rows: 0,
                            });
                            w.index.insert(key.clone().into_boxed_slice(), i);
                            i
                        }
                    };
                    let group = &mut w.groups[gi];
                    group.rows += 1;
                    for (acc, (_, arg)) in group.accs.iter_mut().zip(&g.aggs) {
                        match arg {
                            None => acc.add(None),
                            Some(Expr::Col(c)) => {
                                acc.add(Some(row.get(*c).unwrap_or(&Value::Null)))
                            }
                            Some(a) => match a.eval(&env) {
                                Ok(v) => acc.add(Some(&v)),
                                Err(e) => failed = Some(e),
                            },
                        }
                    }
                }
                g.scratch = key;
                if let Some(e) = failed {
                    self.error(emit, rowtime, e, row_json(row, source));
                }
            }
        }
    }
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
