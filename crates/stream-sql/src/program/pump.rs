//! A pump: reads one stream (joined with a reference table if it says so), filters, and
//! either maps each row, slides a window over it, or adds it to the windows it falls in,
//! writing rows to its target stream and failures to the error stream.

use super::window::{Acc, Grouped, Sliding, Windowing};
use super::{key_text, row_json, ErrorRow, StreamSchema, TableData, WindowEmission};
use crate::expr::{Env, Expr};
use crate::value::Value;

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

/// Where a pump's results go: rows (ROWTIME, values), error rows, windows that emitted.
pub(super) struct Emit<'a> {
    pub out: &'a mut Vec<(i64, Vec<Value>)>,
    pub errors: &'a mut Vec<ErrorRow>,
    pub emissions: &'a mut Vec<WindowEmission>,
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

    /// Projects one output row; errors go to the error stream.
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
    fn projector(&self) -> Projector<'_> {
        Projector { name: &self.name, proj: &self.proj }
    }

    /// Closes every window that ends at or before `t`.
    pub(super) fn close_until(&mut self, t: i64, emit: &mut Emit<'_>, source: &StreamSchema) {
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

    pub(super) fn on_row(
        &mut self,
        row: &[Value],
        rowtime: i64,
        tables: &[TableData],
        emit: &mut Emit<'_>,
        source: &StreamSchema,
    ) {
        self.close_until(rowtime, emit, source);
        match &self.join {
            None => self.one_row(row, rowtime, emit, source),
            Some(j) => {
                for r in self.joined(j, row, rowtime, tables, emit, source) {
                    self.one_row(&r, rowtime, emit, source);
                }
            }
        }
    }

    /// The row joined with the reference table's matching rows (with NULLs when a LEFT
    /// JOIN matches none).
    fn joined(
        &self,
        j: &Join,
        row: &[Value],
        rowtime: i64,
        tables: &[TableData],
        emit: &mut Emit<'_>,
        source: &StreamSchema,
    ) -> Vec<Vec<Value>> {
        let mut out = Vec::new();
        let Some(t) = tables.get(j.table) else { return out };
        for tr in &t.rows {
            let mut r = row.to_vec();
            r.extend(tr.iter().cloned());
            let env = Env { row: &r, rowtime, aggs: &[], window: (0, 0), key: &[] };
            match j.on.eval(&env) {
                Ok(Value::Bool(true)) => out.push(r),
                Ok(_) => {}
                Err(e) => self.projector().error(emit, rowtime, e, row_json(row, source)),
            }
        }
        if out.is_empty() && j.left {
            let mut r = row.to_vec();
            r.extend(t.columns.iter().map(|_| Value::Null));
            out.push(r);
        }
        out
    }

    #[inline]
    fn one_row(&mut self, row: &[Value], rowtime: i64, emit: &mut Emit<'_>, source: &StreamSchema) {
        let Pump { kind, name, proj, filter, .. } = self;
        let me = Projector { name, proj };
        let env = Env { row, rowtime, aggs: &[], window: (0, 0), key: &[] };
        if let Some(f) = filter {
            match f.eval(&env) {
                Ok(Value::Bool(true)) => {}
                Ok(_) => return,
                Err(e) => {
                    me.error(emit, rowtime, e, row_json(row, source));
                    return;
                }
            }
        }
        match kind {
            Kind::Map => me.project(&env, emit, source, rowtime),
            Kind::Sliding(aggs) => {
                let mut values = Vec::with_capacity(aggs.len());
                let mut failed = None;
                for s in aggs.iter_mut() {
                    let (value, error) = s.slide(&env);
                    values.push(value);
                    if error.is_some() {
                        failed = error;
                    }
                }
                if let Some(e) = failed {
                    me.error(emit, rowtime, e, row_json(row, source));
                    return;
                }
                let env = Env { row, rowtime, aggs: &values, window: (0, 0), key: &[] };
                me.project(&env, emit, source, rowtime);
            }
            Kind::Grouped(g) => {
                if let Some(e) = g.add(row, &env) {
                    me.error(emit, rowtime, e, row_json(row, source));
                }
            }
        }
    }
}
