//! The same query in both syntaxes, replayed over the same rows: Kinesis Data Analytics SQL
//! beside its Flink SQL twin. Equal counts show the two syntaxes mean the same windows.

use crate::{Catalog, OutputRow, Program, SqlError, Syntax, Value};

/// How many of the Flink query's newest output rows a comparison keeps.
pub const TWIN_ROWS_SHOWN: usize = 8;

/// A row as it arrived on a source stream.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Arrival<'a> {
    pub stream: &'a str,
    pub values: &'a [Value],
    pub rowtime: i64,
}

/// Runs `code` over `rows` (in arrival order) against the demo ticker stream, then lets the
/// clock reach the newest row: the rows it outputs, oldest first, with their stream's name.
pub fn replay<'a>(
    code: &str,
    syntax: Syntax,
    rows: impl IntoIterator<Item = Arrival<'a>>,
) -> Result<Vec<(String, OutputRow)>, SqlError> {
    let mut p = Program::compile_with(code, &Catalog::ticker(), syntax)?;
    let mut out = Vec::new();
    let mut newest = None;
    for r in rows {
        out.extend(p.advance_to(r.rowtime));
        out.extend(p.push(r.stream, r.values.to_vec(), r.rowtime));
        newest = Some(r.rowtime);
    }
    if let Some(t) = newest {
        out.extend(p.advance_to(t));
    }
    let names: Vec<String> = p.streams().iter().map(|s| s.name.clone()).collect();
    Ok(out.into_iter().map(|o| (names.get(o.stream).cloned().unwrap_or_default(), o)).collect())
}

/// Output rows of the last stream the code writes (its destination).
pub fn destination_count(rows: &[(String, OutputRow)]) -> usize {
    let Some(last) = rows.iter().map(|r| r.1.stream).max() else { return 0 };
    rows.iter().filter(|r| r.1.stream == last).count()
}

/// The two queries replayed over the same source rows.
#[derive(Clone, Debug, PartialEq)]
pub struct TwinComparison {
    pub source_rows: usize,
    /// Rows each query wrote to its destination, or why it does not compile.
    pub legacy: Result<usize, String>,
    pub flink: Result<usize, String>,
    /// The Flink query's newest destination rows (at most [`TWIN_ROWS_SHOWN`]), newest first,
    /// as text.
    pub flink_rows: Vec<Vec<String>>,
}

/// Replays the legacy query and its Flink twin over `rows`.
pub fn compare<'a, I>(legacy_code: &str, flink_code: &str, rows: I) -> TwinComparison
where
    I: IntoIterator<Item = Arrival<'a>> + Clone,
{
    let legacy = replay(legacy_code, Syntax::KinesisSql, rows.clone());
    let flink = replay(flink_code, Syntax::Flink, rows.clone());
    let flink_rows = flink.as_ref().map(|r| newest_destination_rows(r)).unwrap_or_default();
    TwinComparison {
        source_rows: rows.into_iter().count(),
        legacy: legacy.map(|r| destination_count(&r)).map_err(|e| e.message),
        flink: flink.map(|r| destination_count(&r)).map_err(|e| e.message),
        flink_rows,
    }
}

fn newest_destination_rows(rows: &[(String, OutputRow)]) -> Vec<Vec<String>> {
    let last = rows.iter().map(|x| x.1.stream).max();
    rows.iter()
        .rev()
        .filter(|x| Some(x.1.stream) == last)
        .take(TWIN_ROWS_SHOWN)
        .map(|x| x.1.values.iter().map(|v| v.to_string()).collect())
        .collect()
}
