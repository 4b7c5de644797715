//! EXPLAIN: the stages and their operator trees, in the layout Hive prints (dependencies
//! first, then each stage's map and reduce operator trees, then the fetch). Expressions name
//! columns `_colN` by position, as Hive's plans do after the first Select Operator.

use crate::expr::{AggFn, BinOp, Expr};
use crate::plan::{Input, Op, QueryPlan, Shuffle, Sink, Source, Stage};

pub fn explain(q: &QueryPlan) -> Vec<String> {
    let mut out = vec!["STAGE DEPENDENCIES:".to_string()];
    for (i, s) in q.stages.iter().enumerate() {
        if i == 0 {
            out.push(format!("  {} is a root stage", s.name()));
        } else {
            out.push(format!("  {} depends on stages: {}", s.name(), q.stages[i - 1].name()));
        }
    }
    match q.stages.last() {
        Some(last) => out.push(format!("  Stage-0 depends on stages: {}", last.name())),
        None => out.push("  Stage-0 is a root stage".into()),
    }
    out.push(String::new());
    out.push("STAGE PLANS:".into());
    for s in &q.stages {
        stage(s, &mut out);
    }
    out.push("  Stage: Stage-0".into());
    match &q.sink {
        Sink::Print => {
            out.push("    Fetch Operator".into());
            out.push(format!(
                "      limit: {}",
                q.fetch_limit.map_or("-1".to_string(), |l| l.to_string())
            ));
            if let Some(scan) = &q.fetch_scan {
                out.push("      Processor Tree:".into());
                input(scan, 8, &mut out);
                out.push(format!("{}ListSink", pad(8 + 2 * scan.ops.len() + 2)));
            }
        }
        Sink::Table { name, .. } => {
            out.push("    Move Operator".into());
            out.push("      tables:".into());
            out.push(format!("          name: default.{name}"));
        }
        Sink::Directory { path } => {
            out.push("    Move Operator".into());
            out.push("      files:".into());
            out.push("          hdfs directory: true".into());
            out.push(format!("          destination: {path}"));
        }
        Sink::CreateTable(t) => {
            out.push("    Move Operator".into());
            out.push("      files:".into());
            out.push(format!("          destination: {}", t.location));
            out.push(String::new());
            out.push("  Stage: Stage-3".into());
            out.push("      Create Table Operator:".into());
            out.push("        Create Table".into());
            let cols: Vec<String> =
                t.columns.iter().map(|c| format!("{} {}", c.name, c.ty.name())).collect();
            out.push(format!("          columns: {}", cols.join(", ")));
            out.push(format!("          name: default.{}", t.name));
        }
    }
    out.push(String::new());
    out
}

fn pad(n: usize) -> String {
    " ".repeat(n)
}

fn stage(s: &Stage, out: &mut Vec<String>) {
    out.push(format!("  Stage: {}", s.name()));
    out.push("    Map Reduce".into());
    out.push("      Map Operator Tree:".into());
    for i in &s.inputs {
        let depth = input(i, 10, out);
        let p = pad(depth);
        match &s.shuffle {
            None => out.push(format!("{p}File Output Operator")),
            Some(sh) => {
                if let Shuffle::Group { keys, aggs } = sh {
                    out.push(format!("{p}Group By Operator"));
                    if !aggs.is_empty() {
                        out.push(format!(
                            "{p}  aggregations: {}",
                            aggs.iter().map(|a| a.text.clone()).collect::<Vec<_>>().join(", ")
                        ));
                    }
                    if !keys.is_empty() {
                        out.push(format!(
                            "{p}  keys: {}",
                            keys.iter().map(describe).collect::<Vec<_>>().join(", ")
                        ));
                    }
                    out.push(format!("{p}  mode: hash"));
                }
                out.push(format!("{p}  Reduce Output Operator"));
                let (keys, order): (Vec<String>, String) = match sh {
                    Shuffle::Group { keys, .. } => (
                        (0..keys.len()).map(|k| format!("_col{k}")).collect(),
                        "+".repeat(keys.len()),
                    ),
                    Shuffle::Join { keys, .. } => (
                        keys[usize::from(i.tag.min(1))].iter().map(describe).collect(),
                        "+".repeat(keys[0].len()),
                    ),
                    Shuffle::Sort { keys } => (
                        keys.iter().map(|(k, _)| describe(k)).collect(),
                        keys.iter().map(|(_, d)| if *d { '-' } else { '+' }).collect(),
                    ),
                };
                if !keys.is_empty() {
                    out.push(format!("{p}    key expressions: {}", keys.join(", ")));
                }
                out.push(format!("{p}    sort order: {order}"));
                if let Shuffle::Join { .. } = sh {
                    out.push(format!("{p}    tag: {}", i.tag));
                }
            }
        }
    }
    if let Some(sh) = &s.shuffle {
        out.push("      Reduce Operator Tree:".into());
        let mut depth = 8;
        match sh {
            Shuffle::Group { keys, aggs } => {
                out.push(format!("{}Group By Operator", pad(depth)));
                if !aggs.is_empty() {
                    let merged: Vec<String> = aggs
                        .iter()
                        .enumerate()
                        .map(|(n, a)| format!("{}(VALUE._col{n})", agg_name(a.func)))
                        .collect();
                    out.push(format!("{}  aggregations: {}", pad(depth), merged.join(", ")));
                }
                if !keys.is_empty() {
                    let ks: Vec<String> = (0..keys.len()).map(|k| format!("KEY._col{k}")).collect();
                    out.push(format!("{}  keys: {}", pad(depth), ks.join(", ")));
                }
                out.push(format!("{}  mode: mergepartial", pad(depth)));
            }
            Shuffle::Join { left_outer, .. } => {
                out.push(format!("{}Join Operator", pad(depth)));
                out.push(format!("{}  condition map:", pad(depth)));
                out.push(format!(
                    "{}       {} Join 0 to 1",
                    pad(depth),
                    if *left_outer { "Left Outer" } else { "Inner" }
                ));
            }
            Shuffle::Sort { .. } => {
                out.push(format!("{}Select Operator", pad(depth)));
            }
        }
        depth += 2;
        for op in &s.reduce_ops {
            operator(op, depth, out);
            depth += 2;
        }
        out.push(format!("{}File Output Operator", pad(depth)));
    }
    out.push(String::new());
}

/// An input's scan and map-side operators; returns the depth after them.
fn input(i: &Input, start: usize, out: &mut Vec<String>) -> usize {
    out.push(format!("{}TableScan", pad(start)));
    let alias = match &i.source {
        Source::Table(_) => i.alias.clone(),
        Source::Stage(_) => "intermediate".into(),
    };
    out.push(format!("{}  alias: {alias}", pad(start)));
    let mut depth = start + 2;
    for op in &i.ops {
        operator(op, depth, out);
        depth += 2;
    }
    depth
}

fn operator(op: &Op, depth: usize, out: &mut Vec<String>) {
    let p = pad(depth);
    match op {
        Op::Filter(e) => {
            out.push(format!("{p}Filter Operator"));
            out.push(format!("{p}  predicate: {}", describe(e)));
        }
        Op::Project(es) => {
            out.push(format!("{p}Select Operator"));
            out.push(format!(
                "{p}  expressions: {}",
                es.iter().map(describe).collect::<Vec<_>>().join(", ")
            ));
        }
        Op::MapJoin(j) => {
            out.push(format!("{p}Map Join Operator"));
            out.push(format!("{p}  condition map:"));
            out.push(format!(
                "{p}       {} Join 0 to 1",
                if j.keep_unmatched { "Left Outer" } else { "Inner" }
            ));
            out.push(format!("{p}  small table: {} (loaded into every mapper: under hive.mapjoin.smalltable.filesize)", j.small.name));
        }
        Op::Limit(n) => {
            out.push(format!("{p}Limit"));
            out.push(format!("{p}  Number of rows: {n}"));
        }
    }
}

fn agg_name(f: AggFn) -> &'static str {
    match f {
        AggFn::CountStar | AggFn::Count | AggFn::CountDistinct => "count",
        AggFn::Sum => "sum",
        AggFn::Avg => "avg",
        AggFn::Min => "min",
        AggFn::Max => "max",
    }
}

/// An expression with columns as `_colN`.
pub fn describe(e: &Expr) -> String {
    match e {
        Expr::Column(i) => format!("_col{i}"),
        Expr::Literal(v) => match v {
            crate::value::Value::Str(s) => format!("'{s}'"),
            other => other.display(),
        },
        Expr::Binary(op, a, b) => {
            let o = match op {
                BinOp::Add => "+",
                BinOp::Sub => "-",
                BinOp::Mul => "*",
                BinOp::Div => "/",
                BinOp::Mod => "%",
                BinOp::Eq => "=",
                BinOp::Ne => "<>",
                BinOp::Lt => "<",
                BinOp::Le => "<=",
                BinOp::Gt => ">",
                BinOp::Ge => ">=",
                BinOp::And => "and",
                BinOp::Or => "or",
            };
            format!("({} {o} {})", describe(a), describe(b))
        }
        Expr::Not(x) => format!("(not {})", describe(x)),
        Expr::Neg(x) => format!("(- {})", describe(x)),
        Expr::IsNull(x, neg) => {
            format!("{} is {}null", describe(x), if *neg { "not " } else { "" })
        }
        Expr::Like { expr, .. } => format!("({} like ...)", describe(expr)),
        Expr::Rlike { expr, regex, .. } => {
            format!("({} regexp '{}')", describe(expr), regex.as_str())
        }
        Expr::InList { expr, list, negated } => format!(
            "({} {}in ({}))",
            describe(expr),
            if *negated { "not " } else { "" },
            list.iter().map(describe).collect::<Vec<_>>().join(", ")
        ),
        Expr::Between { expr, low, high, .. } => {
            format!("{} BETWEEN {} AND {}", describe(expr), describe(low), describe(high))
        }
        Expr::Case { .. } => "CASE (...) END".into(),
        Expr::Cast(x, t) => format!("UDFToType({}) (type: {})", describe(x), t.name()),
        Expr::Index(a, i) => format!("{}[{}]", describe(a), describe(i)),
        Expr::Call(f, args) => format!(
            "{}({})",
            format!("{f:?}").to_lowercase(),
            args.iter().map(describe).collect::<Vec<_>>().join(", ")
        ),
        Expr::RegexpExtract(x, re, i) => {
            format!("regexp_extract({}, '{}', {})", describe(x), re.as_str(), describe(i))
        }
    }
}
