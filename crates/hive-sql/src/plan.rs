//! What a query becomes: MapReduce stages, as Hive's compiler makes them. A GROUP BY is a map
//! (the key and each row's partial aggregates), a combine (partials merged per map), a shuffle
//! by key and a reduce (partials merged, finished, HAVING, the select list); a reduce-side
//! JOIN tags each row with its table and joins in the reducer; a map join loads the small
//! table into every mapper; ORDER BY is its own stage with a single reducer. A plain SELECT
//! with no aggregate, join or order runs no job at all (Hive's fetch task,
//! `hive.fetch.task.conversion=more`).

use std::collections::BTreeMap;

use crate::catalog::{Column, Table};
use crate::expr::{Agg, Expr};
use crate::value::Type;

/// Map join's threshold (`hive.mapjoin.smalltable.filesize`, 25 MB): a joined table whose
/// files are smaller is loaded into every mapper.
pub const SMALL_TABLE_BYTES: u64 = 25_000_000;

/// Bytes a reducer takes (`hive.exec.reducers.bytes.per.reducer`, 256 MB since Hive 0.14)
/// when `mapreduce.job.reduces` is left at -1.
pub const BYTES_PER_REDUCER: u64 = 256_000_000;

/// `hive.exec.reducers.max`.
pub const MAX_REDUCERS: u64 = 1009;

#[derive(Clone, Debug)]
pub enum Op {
    Filter(Expr),
    Project(Vec<Expr>),
    MapJoin(Box<MapJoin>),
    Limit(u64),
}

/// A map join: the small table's rows by key, loaded before the job starts.
#[derive(Clone, Debug)]
pub struct MapJoin {
    pub small: Table,
    /// The small table's columns go before the big table's (it was the left table).
    pub small_first: bool,
    pub big_keys: Vec<Expr>,
    pub small_keys: Vec<Expr>,
    /// LEFT OUTER JOIN with the big table on the left: unmatched rows kept, NULLs for the
    /// small table.
    pub keep_unmatched: bool,
    pub small_width: usize,
    pub rows: BTreeMap<Vec<u8>, Vec<Vec<crate::value::Value>>>,
}

#[derive(Clone, Debug)]
pub enum Source {
    Table(Box<Table>),
    /// An earlier stage's output directory.
    Stage(u32),
}

#[derive(Clone, Debug)]
pub struct Input {
    /// Which side of a reduce-side join (0 for everything else).
    pub tag: u8,
    pub source: Source,
    /// The rows' types when the source is a stage.
    pub types: Vec<Type>,
    pub ops: Vec<Op>,
    /// The alias the table is read under (EXPLAIN's TableScan).
    pub alias: String,
}

#[derive(Clone, Debug)]
pub enum Shuffle {
    Group {
        keys: Vec<Expr>,
        aggs: Vec<Agg>,
    },
    /// A reduce-side join on equal keys: each tag's key expressions; LEFT OUTER keeps tag 0's
    /// unmatched rows.
    Join {
        keys: [Vec<Expr>; 2],
        widths: [usize; 2],
        left_outer: bool,
    },
    /// Rows ordered by these keys (descending where true).
    Sort {
        keys: Vec<(Expr, bool)>,
    },
}

#[derive(Clone, Debug)]
pub struct Stage {
    pub id: u32,
    pub inputs: Vec<Input>,
    pub shuffle: Option<Shuffle>,
    pub reduce_ops: Vec<Op>,
    /// 1 for ORDER BY and global aggregates, whatever `mapreduce.job.reduces` says.
    pub forced_reducers: Option<u32>,
    pub output_types: Vec<Type>,
    /// The field separator of the files it writes (`\x01` unless the target table says).
    pub separator: String,
}

impl Stage {
    pub fn name(&self) -> String {
        format!("Stage-{}", self.id)
    }

    pub fn map_only(&self) -> bool {
        self.shuffle.is_none()
    }

    /// Reducers for the given input size and `mapreduce.job.reduces` (-1: estimate).
    pub fn reducers(&self, input_bytes: u64, setting: i64) -> u32 {
        if self.shuffle.is_none() {
            return 0;
        }
        if let Some(n) = self.forced_reducers {
            return n;
        }
        // A stage with a shuffle needs a reducer: 0 (a map-only job) would leave its
        // partial aggregates unmerged, so it counts as 1 here (a choice of the sandbox).
        if setting >= 0 {
            return setting.clamp(1, MAX_REDUCERS as i64) as u32;
        }
        input_bytes.div_ceil(BYTES_PER_REDUCER).clamp(1, MAX_REDUCERS) as u32
    }
}

/// Where a query's rows go.
#[derive(Clone, Debug)]
pub enum Sink {
    /// Printed by the CLI.
    Print,
    /// INSERT OVERWRITE TABLE / INSERT INTO TABLE (`overwrite` false appends).
    Table { name: String, overwrite: bool },
    /// INSERT OVERWRITE DIRECTORY.
    Directory { path: String },
    /// CREATE TABLE ... AS SELECT: the table, created once the rows are in place.
    CreateTable(Box<Table>),
}

#[derive(Clone, Debug)]
pub struct QueryPlan {
    /// The query as the learner wrote it (job names are made from it).
    pub text: String,
    pub stages: Vec<Stage>,
    /// A query that runs no job: the table read by the fetch task directly.
    pub fetch_scan: Option<Input>,
    pub fetch_limit: Option<u64>,
    pub columns: Vec<Column>,
    pub sink: Sink,
}

impl QueryPlan {
    /// The job name Hive gives a stage: the query's first 50 characters, then the stage.
    pub fn job_name(&self, stage: &Stage) -> String {
        let flat: String = self.text.split_whitespace().collect::<Vec<_>>().join(" ");
        let head: String = flat.chars().take(50).collect();
        let ellipsis = if flat.chars().count() > 50 { "..." } else { "" };
        format!("{head}{ellipsis}({})", stage.name())
    }
}
