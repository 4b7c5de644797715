//! One SELECT, compiled in named steps: the statement's shape, FROM (the stream, a joined
//! reference table, or Flink's window function), the projection, grouping and windows, the
//! kind of pump that makes, and where its rows go.

use std::collections::{BTreeMap, HashMap};

use sqlparser::ast::{
    self as ast, GroupByExpr, JoinConstraint, JoinOperator, NamedWindowExpr, SelectItem, SetExpr,
    Spanned, TableFactor,
};
use sqlparser::tokenizer::Location;

use super::scope::{uses_window, Cx, Rel, Scope};
use super::syntax::{
    default_name, err_at, interval_ms, loc_of, monotonic_window, norm, object_name,
};
use super::{Compiler, NO_MONOTONIC_GROUP_BY};
use crate::expr::Expr;
use crate::program::{Column, Grouped, Join, Kind, Pump, StreamSchema, Windowing};
use crate::value::SqlType;
use crate::{SqlError, Syntax};

/// Where an INSERT puts the rows: the stream, its column list as written, and where the
/// stream's name is.
pub(super) type InsertTarget = (usize, Vec<String>, Location);

/// STAGGER's PARTITION BY expressions with its RANGE last, and where STAGGER is.
pub(super) type Stagger = (Vec<ast::Expr>, Location);

/// The FROM clause, resolved.
struct FromClause {
    /// The stream the pump reads.
    source: usize,
    rels: Vec<Rel>,
    /// A joined reference table: its index, the ON condition, whether LEFT.
    join: Option<(usize, ast::Expr, bool)>,
    /// Flink's TUMBLE or HOP around the stream.
    flink_window: Option<Windowing>,
}

/// The SELECT list, compiled: one expression, name and type per output column.
struct Projection {
    proj: Vec<Expr>,
    names: Vec<String>,
    types: Vec<SqlType>,
}

/// GROUP BY (or STAGGER's PARTITION BY) and HAVING, compiled.
struct Grouping {
    keys: Vec<Expr>,
    /// The tumbling window a monotonic GROUP BY expression defines (ms).
    tumbling: Option<i64>,
    /// GROUP BY window_start or window_end (Flink).
    has_window_col: bool,
    having: Option<Expr>,
    stagger: Option<Windowing>,
}

impl Compiler {
    pub(super) fn query(
        &mut self,
        q: &ast::Query,
        target: Option<InsertTarget>,
        pump_name: String,
        stagger: Option<Stagger>,
        at: Location,
    ) -> Result<(), SqlError> {
        let sel = select_of(q, at)?;
        let from = self.resolve_from(sel, at)?;
        let source = from.source;
        let src_columns = self.program.streams[source].columns.clone();
        let scope = Scope { rels: from.rels, flink_window: from.flink_window.is_some() };
        let windows = named_windows(sel);
        let mut cx = Cx::new(&scope, &windows);
        let join = match from.join {
            Some((table, on, left)) => Some(Join { table, on: cx.expr(&on)?, left }),
            None => None,
        };
        let filter = match &sel.selection {
            Some(w) => Some(cx.expr(w)?),
            None => None,
        };
        let group_exprs = group_by(sel, at)?;
        let projection =
            projection(&mut cx, sel, &group_exprs, stagger.as_ref(), &src_columns, at)?;
        let grouping = grouping(&mut cx, sel, &group_exprs, stagger)?;
        let kind = pump_kind(&mut cx, grouping, from.flink_window, &group_exprs, at)?;
        let (target, target_map) = match target {
            Some(t) => (t.0, self.insert_map(t, source, projection.proj.len())?),
            None => self.result_stream(&projection),
        };
        let p = self.program.pumps.len();
        self.program.readers[source].push(p);
        self.program.pumps.push(Pump {
            name: pump_name,
            source,
            target,
            target_map,
            join,
            filter,
            proj: projection.proj,
            kind,
        });
        Ok(())
    }

    /// FROM: one stream (or a Flink window function over it), optionally joined with a
    /// reference table.
    fn resolve_from(&self, sel: &ast::Select, at: Location) -> Result<FromClause, SqlError> {
        if sel.from.len() != 1 {
            return Err(err_at(
                "Select from exactly one stream: FROM \"SOURCE_SQL_STREAM_001\"",
                at,
            ));
        }
        let twj = &sel.from[0];
        let (source, alias, flink_window) = self.read_stream(&twj.relation)?;
        let src_schema = &self.program.streams[source];
        let mut rels = vec![Rel {
            names: std::iter::once(src_schema.name.clone())
                .chain(alias)
                .chain((self.syntax == Syntax::Flink).then(|| "source".to_string()))
                .collect(),
            offset: 0,
            columns: src_schema.columns.clone(),
        }];
        if twj.joins.len() > 1 {
            return Err(err_at("Join the stream with at most one reference table", at));
        }
        let join = match twj.joins.first() {
            Some(j) => {
                let (rel, join) = self.join_table(j, src_schema.columns.len())?;
                rels.push(rel);
                Some(join)
            }
            None => None,
        };
        Ok(FromClause { source, rels, join, flink_window })
    }

    /// The stream a FROM names: its index, its alias, and Flink's window around it.
    fn read_stream(
        &self,
        relation: &TableFactor,
    ) -> Result<(usize, Option<String>, Option<Windowing>), SqlError> {
        let TableFactor::Table { name, alias, args, .. } = relation else {
            return Err(err_at("Select from a stream by name", relation.span().start));
        };
        let alias = alias.as_ref().map(|a| norm(&a.name));
        let (fname, fat) = object_name(name);
        match args {
            Some(a) if self.syntax == Syntax::Flink => {
                let (src, w) = self.window_tvf(&fname, &a.args, fat)?;
                Ok((src, alias, Some(w)))
            }
            Some(_) => Err(err_at(format!("'{fname}' is not a stream"), fat)),
            None => {
                let s = self.find_stream(&fname).or_else(|| {
                    (self.syntax == Syntax::Flink && fname.eq_ignore_ascii_case("source"))
                        .then_some(0)
                });
                let s = s.filter(|s| *s < self.program.streams.len()).ok_or_else(|| {
                    if self.find_table(&fname).is_some() {
                        err_at(
                            format!("'{fname}' is a reference table: join it with a stream"),
                            fat,
                        )
                    } else {
                        err_at(format!("Object '{fname}' not found"), fat)
                    }
                })?;
                Ok((s, alias, None))
            }
        }
    }

    /// JOIN a reference table ON a condition: the table's relation (its columns after the
    /// stream's `offset` ones) and the join.
    fn join_table(
        &self,
        j: &ast::Join,
        offset: usize,
    ) -> Result<(Rel, (usize, ast::Expr, bool)), SqlError> {
        let TableFactor::Table { name, alias, .. } = &j.relation else {
            return Err(err_at("Join with a reference table by name", j.relation.span().start));
        };
        let (tname, tat) = object_name(name);
        let ti = self.find_table(&tname).ok_or_else(|| {
            if self.find_stream(&tname).is_some() {
                err_at(format!("'{tname}' is a stream: a stream joins with a reference table, not with another stream"), tat)
            } else {
                err_at(format!("Object '{tname}' not found"), tat)
            }
        })?;
        let t = &self.program.tables[ti];
        let rel = Rel {
            names: std::iter::once(t.name.clone())
                .chain(alias.as_ref().map(|a| norm(&a.name)))
                .collect(),
            offset,
            columns: t.columns.clone(),
        };
        let (constraint, left) = match &j.join_operator {
            JoinOperator::Join(c) | JoinOperator::Inner(c) => (c, false),
            JoinOperator::Left(c) | JoinOperator::LeftOuter(c) => (c, true),
            _ => {
                return Err(err_at(
                    "Only JOIN and LEFT JOIN with a reference table are supported",
                    tat,
                ));
            }
        };
        let JoinConstraint::On(on) = constraint else {
            return Err(err_at("Join with ON <condition>", tat));
        };
        Ok((rel, (ti, on.clone(), left)))
    }

    /// INSERT INTO an existing stream: for each of its columns, the select item feeding it.
    fn insert_map(
        &self,
        (t, cols, tat): InsertTarget,
        source: usize,
        items: usize,
    ) -> Result<Vec<Option<usize>>, SqlError> {
        let schema = &self.program.streams[t];
        if t == source {
            return Err(err_at("A pump cannot insert into the stream it reads", tat));
        }
        if t < self.program.sources {
            return Err(err_at(
                format!(
                    "'{}' is the application's input stream: insert into a stream you created",
                    schema.name
                ),
                tat,
            ));
        }
        let named = if cols.is_empty() { schema.columns.len() } else { cols.len() };
        if named != items {
            return Err(err_at(
                format!(
                    "Number of INSERT target columns ({named}) does not equal number of source items ({items})"
                ),
                tat,
            ));
        }
        if cols.is_empty() {
            return Ok((0..items).map(Some).collect());
        }
        let mut map = vec![None; schema.columns.len()];
        for (i, c) in cols.iter().enumerate() {
            let ci = schema
                .columns
                .iter()
                .position(|x| x.name == *c)
                .or_else(|| schema.columns.iter().position(|x| x.name.eq_ignore_ascii_case(c)))
                .ok_or_else(|| err_at(format!("Unknown target column '{c}'"), tat))?;
            map[ci] = Some(i);
        }
        Ok(map)
    }

    /// A SELECT without INSERT writes to a new stream named after the syntax's convention,
    /// with the select items' names (made unique) and types.
    fn result_stream(&mut self, p: &Projection) -> (usize, Vec<Option<usize>>) {
        let base = match self.syntax {
            Syntax::Flink => "RESULT",
            Syntax::KinesisSql => "DESTINATION_SQL_STREAM",
        };
        let mut name = base.to_string();
        let mut n = 1;
        while self.find_stream(&name).is_some() {
            n += 1;
            name = format!("{base}_{n}");
        }
        let mut seen: Vec<String> = Vec::new();
        let columns = p
            .names
            .iter()
            .zip(&p.types)
            .map(|(nm, t)| {
                let mut nm = nm.clone();
                while seen.contains(&nm) {
                    nm.push('0');
                }
                seen.push(nm.clone());
                Column { name: nm, sql_type: *t }
            })
            .collect();
        let t = self.add_stream(StreamSchema { name, columns });
        (t, (0..p.proj.len()).map(Some).collect())
    }
}

/// The SELECT of a query, refusing what has no meaning on a stream.
fn select_of(q: &ast::Query, at: Location) -> Result<&ast::Select, SqlError> {
    let SetExpr::Select(sel) = q.body.as_ref() else {
        return Err(err_at("Expected a SELECT", at));
    };
    if q.order_by.is_some() || q.limit_clause.is_some() {
        return Err(err_at("ORDER BY and LIMIT do not apply to a stream", at));
    }
    if sel.distinct.is_some() {
        return Err(err_at("SELECT DISTINCT is not supported on a stream", at));
    }
    Ok(sel)
}

/// `WINDOW w AS (...)` definitions, by name.
fn named_windows(sel: &ast::Select) -> HashMap<String, ast::WindowSpec> {
    let mut windows = HashMap::new();
    for w in &sel.named_window {
        let ast::NamedWindowDefinition(name, def) = w;
        if let NamedWindowExpr::WindowSpec(spec) = def {
            windows.insert(norm(name), spec.clone());
        }
    }
    windows
}

fn group_by(sel: &ast::Select, at: Location) -> Result<Vec<ast::Expr>, SqlError> {
    match &sel.group_by {
        GroupByExpr::Expressions(e, _) => Ok(e.clone()),
        GroupByExpr::All(_) => Err(err_at("GROUP BY ALL is not supported on a stream", at)),
    }
}

/// The select list. A select item equal to a GROUP BY (or STAGGER PARTITION BY) expression
/// reads the group's key, so STEP(ROWTIME ...) in the select list is the window's start, not
/// recomputed from the emitted row's ROWTIME.
fn projection(
    cx: &mut Cx<'_>,
    sel: &ast::Select,
    group_exprs: &[ast::Expr],
    stagger: Option<&Stagger>,
    src_columns: &[Column],
    at: Location,
) -> Result<Projection, SqlError> {
    let mut key_asts: Vec<ast::Expr> = group_exprs.to_vec();
    if let Some((exprs, _)) = stagger {
        key_asts.extend(exprs.iter().take(exprs.len().saturating_sub(1)).cloned());
    }
    let key_of = |e: &ast::Expr| key_asts.iter().position(|k| k == e);
    cx.allow_agg = true;
    let mut p = Projection { proj: Vec::new(), names: Vec::new(), types: Vec::new() };
    for item in &sel.projection {
        let (e, name) = match item {
            SelectItem::UnnamedExpr(e) => (e, default_name(e, p.names.len())),
            SelectItem::ExprWithAlias { expr, alias } => (expr, norm(alias)),
            SelectItem::Wildcard(_) | SelectItem::QualifiedWildcard(..) => {
                for (i, col) in src_columns.iter().enumerate() {
                    p.proj.push(Expr::Col(i));
                    p.names.push(col.name.clone());
                    p.types.push(col.sql_type);
                }
                continue;
            }
            _ => return Err(err_at("This select item is not supported", at)),
        };
        let c = cx.expr(e)?;
        p.names.push(name);
        p.types.push(cx.infer(&c));
        p.proj.push(if uses_window(&c) { c } else { key_of(e).map_or(c, Expr::Key) });
    }
    Ok(p)
}

/// GROUP BY's keys (and the tumbling window a monotonic one defines), HAVING, and STAGGER.
fn grouping(
    cx: &mut Cx<'_>,
    sel: &ast::Select,
    group_exprs: &[ast::Expr],
    stagger: Option<Stagger>,
) -> Result<Grouping, SqlError> {
    let mut g = Grouping {
        keys: Vec::new(),
        tumbling: None,
        has_window_col: false,
        having: None,
        stagger: None,
    };
    for e in group_exprs {
        cx.allow_agg = false;
        if let Some(size) = monotonic_window(e) {
            g.tumbling = Some(g.tumbling.map_or(size, |s: i64| s.max(size)));
        }
        let k = cx.expr(e)?;
        g.has_window_col |= matches!(k, Expr::WindowStart | Expr::WindowEnd);
        g.keys.push(k);
    }
    if let Some(h) = &sel.having {
        cx.allow_agg = true;
        g.having = Some(cx.expr(h)?);
    }
    if let Some((mut exprs, sat)) = stagger {
        let range =
            exprs.pop().ok_or_else(|| err_at("STAGGER needs PARTITION BY and RANGE", sat))?;
        let range_ms = interval_ms(&range).filter(|r| *r > 0).ok_or_else(|| {
            err_at(
                "RANGE in STAGGER needs an INTERVAL, e.g. RANGE INTERVAL '1' MINUTE",
                loc_of(&range),
            )
        })?;
        if !group_exprs.is_empty() {
            return Err(err_at(
                "A stagger window groups by its PARTITION BY: leave out GROUP BY",
                sat,
            ));
        }
        cx.allow_agg = false;
        for e in &exprs {
            g.keys.push(cx.expr(e)?);
        }
        g.stagger = Some(Windowing::Stagger { range: range_ms });
    }
    Ok(g)
}

/// What the pump does per row: aggregate per window, slide a window over each row, or map
/// each row.
fn pump_kind(
    cx: &mut Cx<'_>,
    g: Grouping,
    flink_window: Option<Windowing>,
    group_exprs: &[ast::Expr],
    at: Location,
) -> Result<Kind, SqlError> {
    let aggregating = !cx.aggs.is_empty() || !group_exprs.is_empty() || g.stagger.is_some();
    if !cx.sliding.is_empty() && aggregating {
        return Err(err_at(
            "Mixing GROUP BY aggregates and OVER windows in one SELECT is not supported",
            at,
        ));
    }
    let per_window = || err_at("GROUP BY window_start, window_end to aggregate each window", at);
    if aggregating {
        let windowing = match (g.stagger, flink_window, g.tumbling) {
            (Some(w), _, _) => w,
            (None, Some(w), _) if g.has_window_col => w,
            (None, Some(_), _) => return Err(per_window()),
            (None, None, Some(size)) => Windowing::Tumbling { size },
            (None, None, None) => {
                let where_ = group_exprs.first().map(loc_of).or(cx.first_agg).unwrap_or(at);
                return Err(err_at(NO_MONOTONIC_GROUP_BY, where_));
            }
        };
        Ok(Kind::Grouped(Box::new(Grouped {
            windowing,
            keys: g.keys,
            aggs: std::mem::take(&mut cx.aggs),
            having: g.having,
            open: BTreeMap::new(),
            stagger_index: HashMap::new(),
            seq: 0,
            scratch: Vec::new(),
        })))
    } else if !cx.sliding.is_empty() {
        Ok(Kind::Sliding(std::mem::take(&mut cx.sliding)))
    } else if flink_window.is_some() {
        Err(per_window())
    } else {
        Ok(Kind::Map)
    }
}
