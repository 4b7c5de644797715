//! A SELECT planned into stages (see [`crate::plan`] for the shapes Hive gives each kind of
//! query).

use std::collections::BTreeMap;

use sqlparser::ast::{self as sql, JoinConstraint, JoinOperator, SelectItem, SetExpr, TableFactor};

use crate::catalog::{Catalog, Column, Table};
use crate::error::HiveError;
use crate::expr::{BinOp, Expr};
use crate::plan::{Input, MapJoin, Op, QueryPlan, Shuffle, Sink, Source, Stage, SMALL_TABLE_BYTES};
use crate::scope::{has_aggregate, pos, text_of, Cx, Grouping, Scope, ScopeCol};
use crate::value::Type;

/// What the planner needs beyond the query: the session's settings and the tables' sizes
/// (for the map-join decision).
pub struct Env<'a> {
    pub catalog: &'a Catalog,
    pub strings: &'a [String],
    pub settings: &'a BTreeMap<String, String>,
    pub table_bytes: &'a dyn Fn(&Table) -> u64,
    pub text: &'a str,
}

struct From {
    tables: Vec<(Table, String)>,
    join: Option<JoinSpec>,
}

struct JoinSpec {
    left_keys: Vec<Expr>,
    right_keys: Vec<Expr>,
    left_outer: bool,
    /// Conditions of the ON clause that are not key equalities (inner joins only).
    residual: Vec<sql::Expr>,
}

fn unsupported(at: &impl sql::Spanned, what: &str) -> HiveError {
    let (l, c) = pos(at);
    HiveError::semantic(10000, l, c, format!("{what} is not supported by the sandbox's Hive"))
}

pub fn plan(q: &sql::Query, sink: Sink, env: &Env<'_>) -> Result<QueryPlan, HiveError> {
    if let Some(w) = &q.with {
        return Err(unsupported(&w.with_token.0, "WITH"));
    }
    let SetExpr::Select(sel) = q.body.as_ref() else {
        return Err(unsupported(q.body.as_ref(), "A set operation (UNION and the like)"));
    };
    let from = from_clause(sel, env)?;
    let mut scope = Scope::default();
    for (t, alias) in &from.tables {
        for c in t.all_columns() {
            scope.cols.push(ScopeCol { qualifier: alias.clone(), name: c.name.clone(), ty: c.ty });
        }
    }
    let mut where_parts: Vec<sql::Expr> =
        from.join.as_ref().map(|j| j.residual.clone()).unwrap_or_default();
    where_parts.extend(sel.selection.clone());
    let filter = compile_filter(&where_parts, &scope, env)?;

    // The select list, `*` expanded.
    let mut items: Vec<(sql::Expr, Option<String>)> = Vec::new();
    for item in &sel.projection {
        match item {
            SelectItem::UnnamedExpr(e) => items.push((e.clone(), None)),
            SelectItem::ExprWithAlias { expr, alias } => {
                items.push((expr.clone(), Some(alias.value.to_lowercase())))
            }
            SelectItem::Wildcard(_) => {
                for c in &scope.cols {
                    items.push((qualified(&c.qualifier, &c.name), Some(c.name.clone())));
                }
            }
            SelectItem::QualifiedWildcard(kind, _) => {
                let q = kind.to_string().to_lowercase();
                let q = q.trim_end_matches(".*").to_string();
                let cols: Vec<&ScopeCol> = scope.cols.iter().filter(|c| c.qualifier == q).collect();
                if cols.is_empty() {
                    return Err(unsupported(item, "A qualified * of an unknown alias"));
                }
                for c in cols {
                    items.push((qualified(&c.qualifier, &c.name), Some(c.name.clone())));
                }
            }
            other => return Err(unsupported(other, "This select item")),
        }
    }
    let group_exprs: Vec<sql::Expr> = match &sel.group_by {
        sql::GroupByExpr::Expressions(es, _) => es.clone(),
        sql::GroupByExpr::All(_) => return Err(unsupported(&sel.select_token.0, "GROUP BY ALL")),
    };
    let aggregated = !group_exprs.is_empty()
        || items.iter().any(|(e, _)| has_aggregate(e))
        || sel.having.as_ref().is_some_and(has_aggregate);
    let distinct = matches!(sel.distinct, Some(sql::Distinct::Distinct));
    if matches!(sel.distinct, Some(sql::Distinct::On(_))) {
        return Err(unsupported(&sel.select_token.0, "DISTINCT ON"));
    }

    let mut columns = Vec::new();
    let mut stage_rows: Vec<Expr> = Vec::new();
    let mut grouping = Grouping::default();
    let mut having = None;
    if aggregated {
        for g in &group_exprs {
            let mut cx = Cx {
                scope: &scope,
                strings: env.strings,
                group: None,
                clause: "GROUP BY",
                depth: 0,
            };
            if has_aggregate(g) {
                let (l, c) = pos(g);
                return Err(HiveError::semantic(
                    10128,
                    l,
                    c,
                    "Not yet supported place for UDAF: in GROUP BY",
                ));
            }
            let (x, t) = cx.expr(g)?;
            grouping.keys.push((text_of(g), x, t));
        }
        for (i, (e, alias)) in items.iter().enumerate() {
            let mut cx = Cx {
                scope: &scope,
                strings: env.strings,
                group: Some(&mut grouping),
                clause: "SELECT",
                depth: 0,
            };
            let (x, t) = cx.expr(e)?;
            stage_rows.push(x);
            columns.push(Column { name: column_name(e, alias.as_deref(), i), ty: t });
        }
        if let Some(h) = &sel.having {
            let mut cx = Cx {
                scope: &scope,
                strings: env.strings,
                group: Some(&mut grouping),
                clause: "HAVING",
                depth: 0,
            };
            having = Some(cx.expr(h)?.0);
        }
    } else {
        if let Some(h) = &sel.having {
            let (l, c) = pos(h);
            return Err(HiveError::semantic(10025, l, c, "HAVING specified without GROUP BY"));
        }
        for (i, (e, alias)) in items.iter().enumerate() {
            let mut cx =
                Cx { scope: &scope, strings: env.strings, group: None, clause: "SELECT", depth: 0 };
            let (x, t) = cx.expr(e)?;
            stage_rows.push(x);
            columns.push(Column { name: column_name(e, alias.as_deref(), i), ty: t });
        }
    }

    // ORDER BY / SORT BY over the select list's columns (by alias, name or the same text).
    let (order, global_order) = match (&q.order_by, sel.sort_by.is_empty()) {
        (Some(ob), _) => match &ob.kind {
            sql::OrderByKind::Expressions(es) => (es.clone(), true),
            sql::OrderByKind::All(_) => {
                return Err(unsupported(&sel.select_token.0, "ORDER BY ALL"))
            }
        },
        (None, false) => (sel.sort_by.clone(), false),
        (None, true) => (Vec::new(), false),
    };
    let mut sort_keys = Vec::new();
    for o in &order {
        let t = text_of(&o.expr);
        let idx = items.iter().enumerate().position(|(i, (e, alias))| {
            text_of(e) == t || alias.as_deref() == Some(t.as_str()) || columns[i].name == t
        });
        let Some(i) = idx else {
            let (l, c) = pos(&o.expr);
            let names: Vec<String> = columns.iter().map(|c| format!("_u1.{}", c.name)).collect();
            return Err(HiveError::semantic(10004, l, c, format!("Invalid table alias or column reference '{t}': (possible column names are: {})", names.join(", "))));
        };
        sort_keys.push((Expr::Column(i), matches!(o.options.sort, Some(sql::OrderBySort::Desc))));
    }
    let limit = limit_of(q, env)?;
    let separator = match &sink {
        Sink::Table { name, .. } => match env.catalog.get(name).map(|t| &t.serde) {
            Some(crate::catalog::SerDe::Delimited { field }) => field.clone(),
            _ => "\u{1}".into(),
        },
        _ => "\u{1}".into(),
    };
    let types: Vec<Type> = columns.iter().map(|c| c.ty).collect();

    let mut stages: Vec<Stage> = Vec::new();
    let mut next_id = 1;
    let mut new_stage = |inputs: Vec<Input>,
                         shuffle: Option<Shuffle>,
                         reduce_ops: Vec<Op>,
                         forced: Option<u32>,
                         out: Vec<Type>| {
        let s = Stage {
            id: next_id,
            inputs,
            shuffle,
            reduce_ops,
            forced_reducers: forced,
            output_types: out,
            separator: "\u{1}".into(),
        };
        next_id += 1;
        s
    };
    let all_types: Vec<Type> = scope.cols.iter().map(|c| c.ty).collect();

    // The rows the rest of the query reads: the table, the map-joined tables, or a
    // reduce-side join's stage.
    let mut base: Vec<Input> = Vec::new();
    let mut pending_filter = filter;
    let follows = aggregated || distinct || !sort_keys.is_empty();
    match (&from.join, from.tables.as_slice()) {
        (None, [(t, alias)]) => base.push(table_input(0, t, alias)),
        (Some(j), [(lt, la), (rt, ra)]) => {
            let auto =
                env.settings.get("hive.auto.convert.join").is_none_or(|v| v.trim() != "false");
            let (lb, rb) = ((env.table_bytes)(lt), (env.table_bytes)(rt));
            let small_right =
                rb <= SMALL_TABLE_BYTES && (rb <= lb || j.left_outer || lb > SMALL_TABLE_BYTES);
            let small_left = !j.left_outer && lb <= SMALL_TABLE_BYTES;
            if auto && (small_right || small_left) {
                let (big, big_alias, small, small_keys, big_keys, small_first) = if small_right {
                    (lt, la, rt, j.right_keys.clone(), j.left_keys.clone(), false)
                } else {
                    (rt, ra, lt, j.left_keys.clone(), j.right_keys.clone(), true)
                };
                let mut input = table_input(0, big, big_alias);
                input.ops.push(Op::MapJoin(Box::new(MapJoin {
                    small: small.clone(),
                    small_first,
                    big_keys,
                    small_keys,
                    keep_unmatched: j.left_outer,
                    small_width: small.all_columns().len(),
                    rows: BTreeMap::new(),
                })));
                base.push(input);
            } else {
                let inputs = vec![table_input(0, lt, la), table_input(1, rt, ra)];
                let widths = [lt.all_columns().len(), rt.all_columns().len()];
                let shuffle = Shuffle::Join {
                    keys: [j.left_keys.clone(), j.right_keys.clone()],
                    widths,
                    left_outer: j.left_outer,
                };
                let mut ops: Vec<Op> = pending_filter.take().map(Op::Filter).into_iter().collect();
                if follows {
                    stages.push(new_stage(inputs, Some(shuffle), ops, None, all_types.clone()));
                    base.push(stage_input(stages.len() as u32, all_types.clone()));
                } else {
                    ops.push(Op::Project(stage_rows.clone()));
                    ops.extend(limit.map(Op::Limit));
                    stages.push(new_stage(inputs, Some(shuffle), ops, None, types.clone()));
                }
            }
        }
        _ => {
            return Err(unsupported(
                &sel.select_token.0,
                "A FROM clause other than one table or one join of two tables",
            ))
        }
    }
    let mut map_ops: Vec<Op> = pending_filter.take().map(Op::Filter).into_iter().collect();
    let mut fetch_scan = None;
    if !base.is_empty() {
        if aggregated {
            let keys: Vec<Expr> = grouping.keys.iter().map(|(_, x, _)| x.clone()).collect();
            let forced = keys.is_empty().then_some(1);
            let mut ops: Vec<Op> = having.map(Op::Filter).into_iter().collect();
            ops.push(Op::Project(stage_rows.clone()));
            if distinct {
                // SELECT DISTINCT over a grouped select: the select list is a group key too.
                return Err(unsupported(&sel.select_token.0, "SELECT DISTINCT with GROUP BY"));
            }
            if sort_keys.is_empty() {
                ops.extend(limit.map(Op::Limit));
            }
            let inputs = with_ops(base, &mut map_ops);
            stages.push(new_stage(
                inputs,
                Some(Shuffle::Group { keys, aggs: grouping.aggs }),
                ops,
                forced,
                types.clone(),
            ));
        } else if distinct {
            map_ops.push(Op::Project(stage_rows.clone()));
            let keys: Vec<Expr> = (0..types.len()).map(Expr::Column).collect();
            let mut ops = Vec::new();
            if sort_keys.is_empty() {
                ops.extend(limit.map(Op::Limit));
            }
            let inputs = with_ops(base, &mut map_ops);
            stages.push(new_stage(
                inputs,
                Some(Shuffle::Group { keys, aggs: Vec::new() }),
                ops,
                None,
                types.clone(),
            ));
        } else if !sort_keys.is_empty() {
            map_ops.push(Op::Project(stage_rows.clone()));
            let inputs = with_ops(base, &mut map_ops);
            let ops: Vec<Op> = limit.map(Op::Limit).into_iter().collect();
            let forced = global_order.then_some(1);
            stages.push(new_stage(
                inputs,
                Some(Shuffle::Sort { keys: sort_keys.clone() }),
                ops,
                forced,
                types.clone(),
            ));
            sort_keys.clear();
        } else {
            map_ops.push(Op::Project(stage_rows.clone()));
            map_ops.extend(limit.map(Op::Limit));
            let mut inputs = with_ops(base, &mut map_ops);
            let simple = matches!(sink, Sink::Print)
                && inputs.len() == 1
                && !inputs[0].ops.iter().any(|o| matches!(o, Op::MapJoin(_)))
                && matches!(inputs[0].source, Source::Table(_));
            if simple {
                fetch_scan = inputs.pop();
            } else if limit.is_some() && !matches!(sink, Sink::Print) {
                // A LIMIT that must hold across maps: one reducer takes the first rows.
                stages.push(new_stage(
                    inputs,
                    Some(Shuffle::Sort { keys: Vec::new() }),
                    vec![Op::Limit(limit.unwrap_or(0))],
                    Some(1),
                    types.clone(),
                ));
            } else {
                stages.push(new_stage(inputs, None, Vec::new(), None, types.clone()));
            }
        }
    }
    if !sort_keys.is_empty() {
        let prev = stages.len() as u32;
        let ops: Vec<Op> = limit.map(Op::Limit).into_iter().collect();
        let forced = global_order.then_some(1);
        stages.push(new_stage(
            vec![stage_input(prev, types.clone())],
            Some(Shuffle::Sort { keys: sort_keys }),
            ops,
            forced,
            types.clone(),
        ));
    }
    if let Some(last) = stages.last_mut() {
        last.separator = separator;
    }
    Ok(QueryPlan {
        text: env.text.to_string(),
        stages,
        fetch_scan,
        fetch_limit: limit,
        columns,
        sink,
    })
}

fn with_ops(mut inputs: Vec<Input>, ops: &mut Vec<Op>) -> Vec<Input> {
    for i in inputs.iter_mut() {
        i.ops.extend(ops.iter().cloned());
    }
    ops.clear();
    inputs
}

fn table_input(tag: u8, t: &Table, alias: &str) -> Input {
    Input {
        tag,
        source: Source::Table(Box::new(t.clone())),
        types: t.all_columns().iter().map(|c| c.ty).collect(),
        ops: Vec::new(),
        alias: alias.to_string(),
    }
}

fn stage_input(id: u32, types: Vec<Type>) -> Input {
    Input {
        tag: 0,
        source: Source::Stage(id),
        types,
        ops: Vec::new(),
        alias: format!("Stage-{id}"),
    }
}

fn qualified(q: &str, n: &str) -> sql::Expr {
    sql::Expr::CompoundIdentifier(vec![sql::Ident::new(q), sql::Ident::new(n)])
}

/// Hive's name for a select-list column: its alias, its column's name, or `_c<position>`.
fn column_name(e: &sql::Expr, alias: Option<&str>, i: usize) -> String {
    if let Some(a) = alias {
        return a.to_string();
    }
    match e {
        sql::Expr::Identifier(id) => id.value.to_lowercase(),
        sql::Expr::CompoundIdentifier(parts) => {
            parts.last().map_or(format!("_c{i}"), |p| p.value.to_lowercase())
        }
        _ => format!("_c{i}"),
    }
}

fn compile_filter(
    parts: &[sql::Expr],
    scope: &Scope,
    env: &Env<'_>,
) -> Result<Option<Expr>, HiveError> {
    let mut out: Option<Expr> = None;
    for p in parts {
        let mut cx = Cx { scope, strings: env.strings, group: None, clause: "WHERE", depth: 0 };
        let (x, _) = cx.expr(p)?;
        out = Some(match out {
            Some(prev) => Expr::Binary(BinOp::And, Box::new(prev), Box::new(x)),
            None => x,
        });
    }
    Ok(out)
}

fn limit_of(q: &sql::Query, env: &Env<'_>) -> Result<Option<u64>, HiveError> {
    match &q.limit_clause {
        None => Ok(None),
        Some(sql::LimitClause::LimitOffset { limit: Some(e), offset: None, .. }) => match e {
            sql::Expr::Value(v) => match &v.value {
                sql::Value::Number(n, _) => n.parse::<u64>().map(Some).map_err(|_| {
                    let (l, c) = pos(e);
                    HiveError::parse(
                        l,
                        c,
                        format!("cannot recognize input near '{n}' in limit clause"),
                    )
                }),
                _ => {
                    let (l, c) = pos(e);
                    Err(HiveError::parse(
                        l,
                        c,
                        format!("cannot recognize input near '{e}' in limit clause"),
                    ))
                }
            },
            _ => {
                let _ = env;
                let (l, c) = pos(e);
                Err(HiveError::parse(
                    l,
                    c,
                    format!("cannot recognize input near '{e}' in limit clause"),
                ))
            }
        },
        Some(_) => Err(unsupported(&q.body.as_ref().clone(), "LIMIT with OFFSET")),
    }
}

fn table_of(name: &sql::ObjectName, env: &Env<'_>) -> Result<Table, HiveError> {
    let full = name.to_string().to_lowercase();
    let short = full.strip_prefix("default.").unwrap_or(&full).trim_matches('`').to_string();
    env.catalog.get(&short).cloned().ok_or_else(|| {
        let (l, c) = pos(name);
        HiveError::semantic(10001, l, c, format!("Table not found '{short}'"))
    })
}

fn from_clause(sel: &sql::Select, env: &Env<'_>) -> Result<From, HiveError> {
    let [twj] = sel.from.as_slice() else {
        if sel.from.is_empty() {
            // SELECT without FROM (Hive 0.13+): not a MapReduce query; refused here.
            return Err(unsupported(&sel.select_token.0, "SELECT without FROM"));
        }
        return Err(unsupported(&sel.from[1].relation, "A comma join"));
    };
    let first = factor(&twj.relation, env)?;
    let mut tables = vec![first];
    let mut join = None;
    match twj.joins.as_slice() {
        [] => {}
        [j] => {
            tables.push(factor(&j.relation, env)?);
            let (on, left_outer) = match &j.join_operator {
                JoinOperator::Join(JoinConstraint::On(e)) | JoinOperator::Inner(JoinConstraint::On(e)) => (e, false),
                JoinOperator::Left(JoinConstraint::On(e)) | JoinOperator::LeftOuter(JoinConstraint::On(e)) => (e, true),
                _ => return Err(unsupported(&j.relation, "This kind of join (the sandbox joins with JOIN ... ON and LEFT OUTER JOIN ... ON)")),
            };
            join = Some(join_keys(on, &tables, left_outer, env)?);
        }
        more => return Err(unsupported(&more[1].relation, "A join of more than two tables")),
    }
    Ok(From { tables, join })
}

fn factor(f: &TableFactor, env: &Env<'_>) -> Result<(Table, String), HiveError> {
    match f {
        TableFactor::Table { name, alias, .. } => {
            let t = table_of(name, env)?;
            let a = alias.as_ref().map_or_else(|| t.name.clone(), |a| a.name.value.to_lowercase());
            Ok((t, a))
        }
        other => Err(unsupported(other, "A subquery or table function in FROM")),
    }
}

/// The ON clause's key equalities, each side compiled against its own table.
fn join_keys(
    on: &sql::Expr,
    tables: &[(Table, String)],
    left_outer: bool,
    env: &Env<'_>,
) -> Result<JoinSpec, HiveError> {
    let scopes: Vec<Scope> = tables
        .iter()
        .map(|(t, a)| Scope {
            cols: t
                .all_columns()
                .into_iter()
                .map(|c| ScopeCol { qualifier: a.clone(), name: c.name, ty: c.ty })
                .collect(),
        })
        .collect();
    let mut conjuncts = Vec::new();
    split_and(on, &mut conjuncts);
    let mut spec = JoinSpec {
        left_keys: Vec::new(),
        right_keys: Vec::new(),
        left_outer,
        residual: Vec::new(),
    };
    for c in conjuncts {
        if let sql::Expr::BinaryOp { left, op: sql::BinaryOperator::Eq, right } = c {
            let side = |e: &sql::Expr, s: usize| {
                let mut cx = Cx {
                    scope: &scopes[s],
                    strings: env.strings,
                    group: None,
                    clause: "JOIN",
                    depth: 0,
                };
                cx.expr(e).ok().map(|x| x.0)
            };
            if let (Some(a), Some(b)) = (side(left, 0), side(right, 1)) {
                spec.left_keys.push(a);
                spec.right_keys.push(b);
                continue;
            }
            if let (Some(a), Some(b)) = (side(right, 0), side(left, 1)) {
                spec.left_keys.push(a);
                spec.right_keys.push(b);
                continue;
            }
        }
        if left_outer {
            let (l, col) = pos(c);
            return Err(HiveError::semantic(
                10017,
                l,
                col,
                format!("Both left and right aliases encountered in JOIN '{c}'"),
            ));
        }
        spec.residual.push(c.clone());
    }
    if spec.left_keys.is_empty() {
        let (l, c) = pos(on);
        return Err(HiveError::semantic(10017, l, c, format!("Both left and right aliases encountered in JOIN '{on}': the sandbox joins on equal keys")));
    }
    Ok(spec)
}

fn split_and<'a>(e: &'a sql::Expr, out: &mut Vec<&'a sql::Expr>) {
    match e {
        sql::Expr::BinaryOp { left, op: sql::BinaryOperator::And, right } => {
            split_and(left, out);
            split_and(right, out);
        }
        sql::Expr::Nested(x) => split_and(x, out),
        other => out.push(other),
    }
}
