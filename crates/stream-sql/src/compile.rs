//! From sqlparser's AST to a [`Program`]: names resolved, windows recognised, expressions
//! compiled. Semantic errors say what is wrong in the learner's words and where.

use std::collections::{BTreeMap, HashMap};

use sqlparser::ast::{
    self as ast, BinaryOperator, CeilFloorKind, DateTimeField, FunctionArg, FunctionArgExpr,
    FunctionArguments, GroupByExpr, JoinConstraint, JoinOperator, NamedWindowExpr, ObjectName,
    ObjectNamePart, SelectItem, SetExpr, Spanned, Statement, TableFactor, UnaryOperator,
    WindowFrameBound, WindowFrameUnits, WindowType,
};
use sqlparser::tokenizer::Location;

use super::expr::{AggFunc, BinOp, Expr, Func, TrimSide};
use super::parse::{self, Source};
use super::program::{
    Catalog, Column, Frame, Grouped, Join, Kind, Program, Pump, Sliding, StreamSchema, Windowing,
};
use super::value::{SqlType, Value};
use super::{SqlError, Syntax};

/// The message for an aggregate over a stream without a window. Kinesis Data Analytics'
/// SQL reference ("GROUP BY clause", "Streaming GROUP BY"): GROUP BY can be used in a
/// streaming query only when one grouping expression is a non-constant monotonic or
/// time-based expression.
pub const NO_MONOTONIC_GROUP_BY: &str = "An aggregate over a stream needs a window: GROUP BY \
     must contain a non-constant monotonic or time-based expression, such as \
     STEP(\"SOURCE_SQL_STREAM_001\".ROWTIME BY INTERVAL '60' SECOND) or \
     FLOOR(\"SOURCE_SQL_STREAM_001\".ROWTIME TO MINUTE); otherwise the group never ends and \
     no result is ever reported.";

fn err_at(msg: impl Into<String>, loc: Location) -> SqlError {
    SqlError::at(&msg.into(), loc.line, loc.column)
}

fn loc_of(e: &ast::Expr) -> Location {
    e.span().start
}

/// A name as the learner wrote it: quoted names are exact, unquoted ones upper-cased.
fn norm(id: &ast::Ident) -> String {
    if id.quote_style.is_some() {
        id.value.clone()
    } else {
        id.value.to_ascii_uppercase()
    }
}

fn object_name(n: &ObjectName) -> (String, Location) {
    let mut last = None;
    for p in &n.0 {
        if let ObjectNamePart::Identifier(id) = p {
            last = Some(id);
        }
    }
    match last {
        Some(id) => (norm(id), id.span.start),
        None => (n.to_string(), Location { line: 0, column: 0 }),
    }
}

fn same(a: &str, b: &str) -> bool {
    a == b || a.eq_ignore_ascii_case(b)
}

/// One relation visible to expressions: its names, where its columns start in the row.
struct Rel {
    names: Vec<String>,
    offset: usize,
    columns: Vec<Column>,
}

struct Scope {
    rels: Vec<Rel>,
    flink_window: bool,
}

impl Scope {
    fn column(&self, qual: Option<&str>, name: &str) -> Option<(usize, SqlType)> {
        let rels =
            self.rels.iter().filter(|r| qual.is_none_or(|q| r.names.iter().any(|n| same(n, q))));
        let rels: Vec<&Rel> = rels.collect();
        for exact in [true, false] {
            for r in &rels {
                for (i, c) in r.columns.iter().enumerate() {
                    if (exact && c.name == name) || (!exact && c.name.eq_ignore_ascii_case(name)) {
                        return Some((r.offset + i, c.sql_type));
                    }
                }
            }
        }
        None
    }

    fn has_rel(&self, q: &str) -> bool {
        self.rels.iter().any(|r| r.names.iter().any(|n| same(n, q)))
    }
}

/// What the expressions of one SELECT collect while they compile.
struct Cx<'a> {
    scope: &'a Scope,
    windows: &'a HashMap<String, ast::WindowSpec>,
    allow_agg: bool,
    aggs: Vec<(AggFunc, Option<Expr>)>,
    sliding: Vec<Sliding>,
    first_agg: Option<Location>,
}

fn interval_ms(e: &ast::Expr) -> Option<i64> {
    match e {
        ast::Expr::Interval(iv) => {
            let n: f64 = match iv.value.as_ref() {
                ast::Expr::Value(v) => match &v.value {
                    ast::Value::SingleQuotedString(s) => s.trim().parse().ok()?,
                    ast::Value::Number(s, _) => s.parse().ok()?,
                    _ => return None,
                },
                _ => return None,
            };
            let unit = unit_ms(iv.leading_field.as_ref().unwrap_or(&DateTimeField::Second))?;
            Some((n * unit as f64) as i64)
        }
        ast::Expr::Nested(e) => interval_ms(e),
        _ => None,
    }
}

fn unit_ms(f: &DateTimeField) -> Option<i64> {
    Some(match f {
        DateTimeField::Millisecond | DateTimeField::Milliseconds => 1,
        DateTimeField::Second | DateTimeField::Seconds => 1_000,
        DateTimeField::Minute | DateTimeField::Minutes => 60_000,
        DateTimeField::Hour | DateTimeField::Hours => 3_600_000,
        DateTimeField::Day | DateTimeField::Days => 86_400_000,
        DateTimeField::Week(_) | DateTimeField::Weeks => 7 * 86_400_000,
        _ => return None,
    })
}

fn is_rowtime(e: &ast::Expr) -> bool {
    match e {
        ast::Expr::Identifier(id) => id.value.eq_ignore_ascii_case("ROWTIME"),
        ast::Expr::CompoundIdentifier(ids) => {
            ids.last().is_some_and(|id| id.value.eq_ignore_ascii_case("ROWTIME"))
        }
        ast::Expr::Nested(e) => is_rowtime(e),
        _ => false,
    }
}

fn func_name(f: &ast::Function) -> String {
    object_name(&f.name).0.to_ascii_uppercase()
}

fn func_args(f: &ast::Function) -> Vec<&FunctionArgExpr> {
    match &f.args {
        FunctionArguments::List(l) => l
            .args
            .iter()
            .map(|a| match a {
                FunctionArg::Unnamed(e) => e,
                FunctionArg::Named { arg, .. } | FunctionArg::ExprNamed { arg, .. } => arg,
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn arg_exprs(f: &ast::Function, at: Location) -> Result<Vec<&ast::Expr>, SqlError> {
    func_args(f)
        .into_iter()
        .map(|a| match a {
            FunctionArgExpr::Expr(e) => Ok(e),
            _ => Err(err_at(format!("{} does not take *", func_name(f)), at)),
        })
        .collect()
}

/// The tumbling window a GROUP BY expression defines, if it is monotonic in ROWTIME.
fn monotonic_window(e: &ast::Expr) -> Option<i64> {
    match e {
        e if is_rowtime(e) => Some(1),
        ast::Expr::Floor { expr, field: CeilFloorKind::DateTimeField(f) } if is_rowtime(expr) => {
            unit_ms(f)
        }
        ast::Expr::Function(f) if func_name(f) == "STEP" => {
            let args = func_args(f);
            match args.as_slice() {
                [FunctionArgExpr::Expr(x), FunctionArgExpr::Expr(w)] if is_rowtime(x) => {
                    interval_ms(w).filter(|w| *w > 0)
                }
                _ => None,
            }
        }
        ast::Expr::Nested(e) => monotonic_window(e),
        _ => None,
    }
}

impl Cx<'_> {
    fn expr(&mut self, e: &ast::Expr) -> Result<Expr, SqlError> {
        let at = loc_of(e);
        let b = |x: Expr| Box::new(x);
        Ok(match e {
            ast::Expr::Identifier(id) => self.ident(None, id)?,
            ast::Expr::CompoundIdentifier(ids) => {
                let (last, quals) = ids.split_last().ok_or_else(|| err_at("Empty name", at))?;
                let q = quals.last().map(norm);
                if let Some(q) = &q {
                    if !self.scope.has_rel(q) {
                        return Err(err_at(
                            format!("Table '{q}' not found"),
                            quals[quals.len() - 1].span.start,
                        ));
                    }
                }
                self.ident(q.as_deref(), last)?
            }
            ast::Expr::Nested(e) => self.expr(e)?,
            ast::Expr::Value(v) => Expr::Lit(literal(&v.value, at)?),
            ast::Expr::TypedString(ts) => {
                let s = match &ts.value.value {
                    ast::Value::SingleQuotedString(s) => s.clone(),
                    other => other.to_string(),
                };
                let ty = SqlType::parse(&ts.data_type.to_string()).unwrap_or(SqlType::Varchar(256));
                Expr::Lit(ty.coerce(&Value::str(&s)).map_err(|m| err_at(m, at))?)
            }
            ast::Expr::Interval(_) => {
                Expr::Lit(Value::Interval(interval_ms(e).ok_or_else(|| {
                    err_at(
                        "This INTERVAL is not supported: write INTERVAL 'n' SECOND|MINUTE|HOUR|DAY",
                        at,
                    )
                })?))
            }
            ast::Expr::BinaryOp { left, op, right } => {
                let op = match op {
                    BinaryOperator::Plus => BinOp::Add,
                    BinaryOperator::Minus => BinOp::Sub,
                    BinaryOperator::Multiply => BinOp::Mul,
                    BinaryOperator::Divide => BinOp::Div,
                    BinaryOperator::Modulo => BinOp::Mod,
                    BinaryOperator::StringConcat => BinOp::Concat,
                    BinaryOperator::Eq => BinOp::Eq,
                    BinaryOperator::NotEq => BinOp::NotEq,
                    BinaryOperator::Lt => BinOp::Lt,
                    BinaryOperator::LtEq => BinOp::LtEq,
                    BinaryOperator::Gt => BinOp::Gt,
                    BinaryOperator::GtEq => BinOp::GtEq,
                    BinaryOperator::And => BinOp::And,
                    BinaryOperator::Or => BinOp::Or,
                    other => {
                        return Err(err_at(format!("The operator {other} is not supported"), at));
                    }
                };
                Expr::Bin(op, b(self.expr(left)?), b(self.expr(right)?))
            }
            ast::Expr::UnaryOp { op, expr } => match op {
                UnaryOperator::Not => Expr::Not(b(self.expr(expr)?)),
                UnaryOperator::Minus => Expr::Neg(b(self.expr(expr)?)),
                UnaryOperator::Plus => self.expr(expr)?,
                other => return Err(err_at(format!("The operator {other} is not supported"), at)),
            },
            ast::Expr::IsNull(x) => Expr::IsNull(b(self.expr(x)?), false),
            ast::Expr::IsNotNull(x) => Expr::IsNull(b(self.expr(x)?), true),
            ast::Expr::Cast { expr, data_type, .. } => {
                let t = SqlType::parse(&data_type.to_string())
                    .ok_or_else(|| err_at(format!("Unknown type {data_type}"), at))?;
                Expr::Cast(b(self.expr(expr)?), t)
            }
            ast::Expr::Floor { expr, field } | ast::Expr::Ceil { expr, field } => {
                let unit = match field {
                    CeilFloorKind::DateTimeField(DateTimeField::NoDateTime) => 0,
                    CeilFloorKind::DateTimeField(f) => unit_ms(f)
                        .ok_or_else(|| err_at(format!("FLOOR/CEIL to {f} is not supported"), at))?,
                    CeilFloorKind::Scale(_) => 0,
                };
                let x = b(self.expr(expr)?);
                if matches!(e, ast::Expr::Floor { .. }) {
                    Expr::FloorTo(x, unit)
                } else {
                    Expr::CeilTo(x, unit)
                }
            }
            ast::Expr::Substring { expr, substring_from, substring_for, .. } => {
                let mut args = vec![self.expr(expr)?];
                args.push(match substring_from {
                    Some(f) => self.expr(f)?,
                    None => Expr::Lit(Value::Int(1)),
                });
                if let Some(f) = substring_for {
                    args.push(self.expr(f)?);
                }
                Expr::Func(Func::Substring, args)
            }
            ast::Expr::Position { expr, r#in } => {
                Expr::Func(Func::Position, vec![self.expr(expr)?, self.expr(r#in)?])
            }
            ast::Expr::Trim { expr, trim_where, trim_what, .. } => {
                let side = match trim_where {
                    Some(ast::TrimWhereField::Leading) => TrimSide::Leading,
                    Some(ast::TrimWhereField::Trailing) => TrimSide::Trailing,
                    _ => TrimSide::Both,
                };
                let mut args = vec![self.expr(expr)?];
                if let Some(w) = trim_what {
                    args.push(self.expr(w)?);
                }
                Expr::Func(Func::Trim(side), args)
            }
            ast::Expr::Case { operand, conditions, else_result, .. } => {
                let operand = match operand {
                    Some(o) => Some(b(self.expr(o)?)),
                    None => None,
                };
                let mut whens = Vec::new();
                for c in conditions {
                    whens.push((self.expr(&c.condition)?, self.expr(&c.result)?));
                }
                let otherwise = match else_result {
                    Some(e) => Some(b(self.expr(e)?)),
                    None => None,
                };
                Expr::Case(operand, whens, otherwise)
            }
            ast::Expr::Between { expr, negated, low, high } => Expr::Between(
                b(self.expr(expr)?),
                b(self.expr(low)?),
                b(self.expr(high)?),
                *negated,
            ),
            ast::Expr::In { expr, target: ast::InTarget::List(list), negated, .. } => {
                let mut l = Vec::new();
                for x in list {
                    l.push(self.expr(x)?);
                }
                Expr::InList(b(self.expr(expr)?), l, *negated)
            }
            ast::Expr::Like { negated, expr, pattern, .. } => {
                Expr::Like(b(self.expr(expr)?), b(self.expr(pattern)?), *negated)
            }
            ast::Expr::Function(f) => self.function(f, at)?,
            other => {
                let text = other.to_string();
                let short: String = text.chars().take(40).collect();
                return Err(err_at(
                    format!("This expression is not supported in the sandbox: {short}"),
                    at,
                ));
            }
        })
    }

    fn ident(&mut self, qual: Option<&str>, id: &ast::Ident) -> Result<Expr, SqlError> {
        let name = norm(id);
        let at = id.span.start;
        if let Some((i, _)) = self.scope.column(qual, &name) {
            return Ok(Expr::Col(i));
        }
        if name.eq_ignore_ascii_case("ROWTIME") {
            return Ok(Expr::RowTime);
        }
        if self.scope.flink_window && qual.is_none() {
            if name.eq_ignore_ascii_case("window_start") {
                return Ok(Expr::WindowStart);
            }
            if name.eq_ignore_ascii_case("window_end") {
                return Ok(Expr::WindowEnd);
            }
            if name.eq_ignore_ascii_case("window_time") {
                return Ok(Expr::Bin(
                    BinOp::Sub,
                    Box::new(Expr::WindowEnd),
                    Box::new(Expr::Lit(Value::Interval(1))),
                ));
            }
        }
        Err(match qual {
            Some(q) => err_at(format!("Column '{name}' not found in table '{q}'"), at),
            None => err_at(format!("Column '{name}' not found in any table"), at),
        })
    }

    fn function(&mut self, f: &ast::Function, at: Location) -> Result<Expr, SqlError> {
        let name = func_name(f);
        if let Some(agg) = AggFunc::of_name(&name) {
            let args = func_args(f);
            let arg = match args.as_slice() {
                [FunctionArgExpr::Wildcard] if agg == AggFunc::Count => None,
                [] if agg == AggFunc::Count => None,
                [FunctionArgExpr::Expr(x)] => Some(self.expr(x)?),
                _ => return Err(err_at(format!("{name} takes one argument"), at)),
            };
            if let Some(over) = &f.over {
                let spec = match over {
                    WindowType::WindowSpec(s) => s.clone(),
                    WindowType::NamedWindow(w) => {
                        self.windows.get(&norm(w)).cloned().ok_or_else(|| {
                            err_at(format!("Window '{}' not found", norm(w)), w.span.start)
                        })?
                    }
                };
                let mut partition = Vec::new();
                for p in &spec.partition_by {
                    partition.push(self.expr(p)?);
                }
                let frame = match &spec.window_frame {
                    None => Frame::Rows(u64::MAX / 4),
                    Some(fr) => {
                        let n = match &fr.start_bound {
                            WindowFrameBound::Preceding(Some(x)) => Some(x.as_ref()),
                            WindowFrameBound::CurrentRow => None,
                            _ => {
                                return Err(err_at(
                                    "A window on a stream looks back: write RANGE INTERVAL 'n' UNIT PRECEDING or ROWS n PRECEDING",
                                    at,
                                ));
                            }
                        };
                        match fr.units {
                            WindowFrameUnits::Range => Frame::Range(match n {
                                None => 0,
                                Some(x) => interval_ms(x)
                                    .ok_or_else(|| err_at("RANGE needs an INTERVAL, e.g. RANGE INTERVAL '1' MINUTE PRECEDING", at))?,
                            }),
                            WindowFrameUnits::Rows => Frame::Rows(match n {
                                None => 0,
                                Some(ast::Expr::Value(v)) => match &v.value {
                                    ast::Value::Number(s, _) => s.parse().map_err(|_| err_at("ROWS needs a whole number", at))?,
                                    _ => return Err(err_at("ROWS needs a whole number", at)),
                                },
                                Some(_) => return Err(err_at("ROWS needs a whole number", at)),
                            }),
                            WindowFrameUnits::Groups => return Err(err_at("GROUPS windows are not supported", at)),
                        }
                    }
                };
                let i = self.sliding.len();
                self.sliding.push(Sliding {
                    func: agg,
                    arg,
                    partition,
                    frame,
                    parts: HashMap::new(),
                });
                return Ok(Expr::Agg(i));
            }
            if !self.allow_agg {
                return Err(err_at(format!("Aggregate {name} is not allowed here"), at));
            }
            self.first_agg.get_or_insert(at);
            let i = self.aggs.len();
            self.aggs.push((agg, arg));
            return Ok(Expr::Agg(i));
        }
        let args = arg_exprs(f, at)?;
        let mut compiled = Vec::new();
        for a in &args {
            compiled.push(self.expr(a)?);
        }
        let arity = |n: std::ops::RangeInclusive<usize>| -> Result<(), SqlError> {
            if n.contains(&compiled.len()) {
                Ok(())
            } else {
                Err(err_at(format!("Invalid number of arguments to function '{name}'"), at))
            }
        };
        Ok(match name.as_str() {
            "STEP" => {
                arity(2..=2)?;
                let mut it = compiled.into_iter();
                let (Some(x), Some(w)) = (it.next(), it.next()) else { unreachable!() };
                Expr::Step(Box::new(x), Box::new(w))
            }
            "UPPER" => {
                arity(1..=1)?;
                Expr::Func(Func::Upper, compiled)
            }
            "LOWER" => {
                arity(1..=1)?;
                Expr::Func(Func::Lower, compiled)
            }
            "CHAR_LENGTH" | "CHARACTER_LENGTH" | "LENGTH" => {
                arity(1..=1)?;
                Expr::Func(Func::CharLength, compiled)
            }
            "ABS" => {
                arity(1..=1)?;
                Expr::Func(Func::Abs, compiled)
            }
            "ROUND" => {
                arity(1..=2)?;
                Expr::Func(Func::Round, compiled)
            }
            "CEIL" | "CEILING" => {
                arity(1..=1)?;
                Expr::Func(Func::Ceil, compiled)
            }
            "FLOOR" => {
                arity(1..=1)?;
                Expr::Func(Func::Floor, compiled)
            }
            "COALESCE" => {
                arity(1..=16)?;
                Expr::Func(Func::Coalesce, compiled)
            }
            "SUBSTRING" => {
                arity(2..=3)?;
                Expr::Func(Func::Substring, compiled)
            }
            "REPLACE" => {
                arity(3..=3)?;
                Expr::Func(Func::Replace, compiled)
            }
            "MOD" => {
                arity(2..=2)?;
                let mut it = compiled.into_iter();
                let (Some(a), Some(b)) = (it.next(), it.next()) else { unreachable!() };
                Expr::Bin(BinOp::Mod, Box::new(a), Box::new(b))
            }
            _ => {
                return Err(err_at(
                    format!("No match found for function signature {name}"),
                    f.name.span().start,
                ));
            }
        })
    }
}

fn literal(v: &ast::Value, at: Location) -> Result<Value, SqlError> {
    Ok(match v {
        ast::Value::Number(s, _) => match s.parse::<i64>() {
            Ok(i) => Value::Int(i),
            Err(_) => Value::Num(s.parse().map_err(|_| err_at(format!("Bad number {s}"), at))?),
        },
        ast::Value::SingleQuotedString(s) | ast::Value::DoubleQuotedString(s) => Value::str(s),
        ast::Value::Boolean(b) => Value::Bool(*b),
        ast::Value::Null => Value::Null,
        other => return Err(err_at(format!("This literal is not supported: {other}"), at)),
    })
}

/// The compiler's state across statements.
pub(crate) struct Compiler {
    pub syntax: Syntax,
    pub program: Program,
}

impl Compiler {
    pub fn new(syntax: Syntax, catalog: &Catalog) -> Compiler {
        let streams = catalog.streams.clone();
        let n = streams.len();
        Compiler {
            syntax,
            program: Program {
                sources: n,
                readers: vec![Vec::new(); n],
                last_rowtime: vec![i64::MIN; n],
                streams,
                tables: catalog.tables.clone(),
                pumps: Vec::new(),
                errors: Vec::new(),
                emissions: Vec::new(),
            },
        }
    }

    fn find_stream(&self, name: &str) -> Option<usize> {
        let s = &self.program.streams;
        s.iter()
            .position(|x| x.name == name)
            .or_else(|| s.iter().position(|x| x.name.eq_ignore_ascii_case(name)))
    }

    fn find_table(&self, name: &str) -> Option<usize> {
        let t = &self.program.tables;
        t.iter()
            .position(|x| x.name == name)
            .or_else(|| t.iter().position(|x| x.name.eq_ignore_ascii_case(name)))
    }

    fn add_stream(&mut self, schema: StreamSchema) -> usize {
        self.program.streams.push(schema);
        self.program.readers.push(Vec::new());
        self.program.last_rowtime.push(i64::MIN);
        self.program.streams.len() - 1
    }

    pub fn statement(&mut self, src: &Source, toks: &[parse::Tok]) -> Result<(), SqlError> {
        let first = &toks[0];
        let flink = self.syntax == Syntax::Flink;
        let prepared = parse::prepare(src, toks, flink)?;
        let st = parse::parse_one(&prepared.text, first.loc)?;
        match st {
            Statement::CreateTable(ct) if prepared.creates_stream || flink => {
                let (name, at) = object_name(&ct.name);
                if let Some(i) = self.find_stream(&name) {
                    if i < self.program.sources {
                        return Err(err_at(
                            format!(
                                "Stream '{name}' is the application's input stream and cannot be replaced"
                            ),
                            at,
                        ));
                    }
                }
                let mut columns = Vec::new();
                for c in &ct.columns {
                    let t = SqlType::parse(&c.data_type.to_string()).ok_or_else(|| {
                        err_at(
                            format!("Unknown type {} for column {}", c.data_type, norm(&c.name)),
                            c.name.span.start,
                        )
                    })?;
                    columns.push(Column { name: norm(&c.name), sql_type: t });
                }
                if columns.is_empty() {
                    return Err(err_at(format!("Stream '{name}' needs at least one column"), at));
                }
                match self.find_stream(&name) {
                    Some(i) => self.program.streams[i] = StreamSchema { name, columns },
                    None => {
                        self.add_stream(StreamSchema { name, columns });
                    }
                }
                Ok(())
            }
            Statement::Insert(ins) => {
                let ast::TableObject::TableName(t) = &ins.table else {
                    return Err(err_at("INSERT INTO needs a stream name", first.loc));
                };
                let (name, at) = object_name(t);
                let target = self
                    .find_stream(&name)
                    .ok_or_else(|| err_at(format!("Object '{name}' not found"), at))?;
                let Some(q) = &ins.source else {
                    return Err(err_at("INSERT INTO a stream needs SELECT STREAM ...", first.loc));
                };
                let cols: Vec<String> = ins.columns.iter().map(|c| object_name(c).0).collect();
                let pump_name = prepared
                    .pump
                    .as_ref()
                    .map(|p| p.0.clone())
                    .unwrap_or_else(|| format!("PUMP_{}", self.program.pumps.len() + 1));
                self.query(q, Some((target, cols, at)), pump_name, prepared.stagger, first.loc)
            }
            Statement::Query(q) => {
                let pump_name = format!("QUERY_{}", self.program.pumps.len() + 1);
                self.query(&q, None, pump_name, prepared.stagger, first.loc)
            }
            _ => Err(err_at(
                match self.syntax {
                    Syntax::KinesisSql => {
                        "Only CREATE OR REPLACE STREAM, CREATE OR REPLACE PUMP ... AS INSERT INTO ... SELECT STREAM ... and SELECT STREAM statements run in an application"
                    }
                    Syntax::Flink => {
                        "Only SELECT, INSERT INTO ... SELECT and CREATE TABLE statements run here"
                    }
                },
                first.loc,
            )),
        }
    }

    fn query(
        &mut self,
        q: &ast::Query,
        target: Option<(usize, Vec<String>, Location)>,
        pump_name: String,
        stagger: Option<(Vec<ast::Expr>, Location)>,
        at: Location,
    ) -> Result<(), SqlError> {
        let SetExpr::Select(sel) = q.body.as_ref() else {
            return Err(err_at("Expected a SELECT", at));
        };
        if q.order_by.is_some() || q.limit_clause.is_some() {
            return Err(err_at("ORDER BY and LIMIT do not apply to a stream", at));
        }
        if sel.distinct.is_some() {
            return Err(err_at("SELECT DISTINCT is not supported on a stream", at));
        }
        // FROM: one stream (or a Flink window function over it), optionally joined with a
        // reference table.
        if sel.from.len() != 1 {
            return Err(err_at(
                "Select from exactly one stream: FROM \"SOURCE_SQL_STREAM_001\"",
                at,
            ));
        }
        let twj = &sel.from[0];
        let mut flink_window: Option<Windowing> = None;
        let (source, alias) = match &twj.relation {
            TableFactor::Table { name, alias, args, .. } => {
                let (fname, fat) = object_name(name);
                match args {
                    Some(a) if self.syntax == Syntax::Flink => {
                        let (src, w) = self.window_tvf(&fname, &a.args, fat)?;
                        flink_window = Some(w);
                        (src, alias.as_ref().map(|a| norm(&a.name)))
                    }
                    Some(_) => return Err(err_at(format!("'{fname}' is not a stream"), fat)),
                    None => {
                        let s = self.find_stream(&fname).or_else(|| {
                            (self.syntax == Syntax::Flink && fname.eq_ignore_ascii_case("source"))
                                .then_some(0)
                        });
                        let s = s.filter(|s| *s < self.program.streams.len()).ok_or_else(|| {
                            if self.find_table(&fname).is_some() {
                                err_at(
                                    format!(
                                        "'{fname}' is a reference table: join it with a stream"
                                    ),
                                    fat,
                                )
                            } else {
                                err_at(format!("Object '{fname}' not found"), fat)
                            }
                        })?;
                        (s, alias.as_ref().map(|a| norm(&a.name)))
                    }
                }
            }
            other => return Err(err_at("Select from a stream by name", other.span().start)),
        };
        let src_schema = self.program.streams[source].clone();
        let mut rels = vec![Rel {
            names: std::iter::once(src_schema.name.clone())
                .chain(alias)
                .chain((self.syntax == Syntax::Flink).then(|| "source".to_string()))
                .collect(),
            offset: 0,
            columns: src_schema.columns.clone(),
        }];
        let mut join_spec = None;
        if twj.joins.len() > 1 {
            return Err(err_at("Join the stream with at most one reference table", at));
        }
        if let Some(j) = twj.joins.first() {
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
            rels.push(Rel {
                names: std::iter::once(t.name.clone())
                    .chain(alias.as_ref().map(|a| norm(&a.name)))
                    .collect(),
                offset: src_schema.columns.len(),
                columns: t.columns.clone(),
            });
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
            join_spec = Some((ti, on.clone(), left));
        }
        let scope = Scope { rels, flink_window: flink_window.is_some() };
        let mut windows = HashMap::new();
        for w in &sel.named_window {
            let ast::NamedWindowDefinition(name, def) = w;
            if let NamedWindowExpr::WindowSpec(spec) = def {
                windows.insert(norm(name), spec.clone());
            }
        }
        let mut cx = Cx {
            scope: &scope,
            windows: &windows,
            allow_agg: false,
            aggs: Vec::new(),
            sliding: Vec::new(),
            first_agg: None,
        };
        let join = match join_spec {
            Some((table, on, left)) => Some(Join { table, on: cx.expr(&on)?, left }),
            None => None,
        };
        let filter = match &sel.selection {
            Some(w) => Some(cx.expr(w)?),
            None => None,
        };
        // GROUP BY (and STAGGER's PARTITION BY) expressions: a select item equal to one of
        // them reads the group's key, so STEP(ROWTIME ...) in the select list is the window's
        // start, not recomputed from the emitted row's ROWTIME.
        let group_exprs: Vec<ast::Expr> = match &sel.group_by {
            GroupByExpr::Expressions(e, _) => e.clone(),
            GroupByExpr::All(_) => {
                return Err(err_at("GROUP BY ALL is not supported on a stream", at))
            }
        };
        let mut key_asts: Vec<ast::Expr> = group_exprs.clone();
        if let Some((exprs, _)) = &stagger {
            key_asts.extend(exprs.iter().take(exprs.len().saturating_sub(1)).cloned());
        }
        let key_of = |e: &ast::Expr| key_asts.iter().position(|k| k == e);
        // Projection.
        cx.allow_agg = true;
        let mut proj = Vec::new();
        let mut names = Vec::new();
        let mut types = Vec::new();
        for item in &sel.projection {
            match item {
                SelectItem::UnnamedExpr(e) => {
                    let c = cx.expr(e)?;
                    names.push(default_name(e, names.len()));
                    types.push(infer(&c, &scope, &cx));
                    proj.push(if uses_window(&c) { c } else { key_of(e).map_or(c, Expr::Key) });
                }
                SelectItem::ExprWithAlias { expr, alias } => {
                    let c = cx.expr(expr)?;
                    names.push(norm(alias));
                    types.push(infer(&c, &scope, &cx));
                    proj.push(if uses_window(&c) { c } else { key_of(expr).map_or(c, Expr::Key) });
                }
                SelectItem::Wildcard(_) | SelectItem::QualifiedWildcard(..) => {
                    for (i, col) in src_schema.columns.iter().enumerate() {
                        proj.push(Expr::Col(i));
                        names.push(col.name.clone());
                        types.push(col.sql_type);
                    }
                }
                _ => return Err(err_at("This select item is not supported", at)),
            }
        }
        // GROUP BY and windows.
        let group_exprs: Vec<ast::Expr> = match &sel.group_by {
            GroupByExpr::Expressions(e, _) => e.clone(),
            GroupByExpr::All(_) => {
                return Err(err_at("GROUP BY ALL is not supported on a stream", at));
            }
        };
        let mut keys = Vec::new();
        let mut tumbling = None;
        let mut has_window_col = false;
        for g in &group_exprs {
            cx.allow_agg = false;
            if let Some(size) = monotonic_window(g) {
                tumbling = Some(tumbling.map_or(size, |s: i64| s.max(size)));
            }
            let k = cx.expr(g)?;
            has_window_col |= matches!(k, Expr::WindowStart | Expr::WindowEnd);
            keys.push(k);
        }
        let having = match &sel.having {
            Some(h) => {
                cx.allow_agg = true;
                Some(cx.expr(h)?)
            }
            None => None,
        };
        let mut stagger_window = None;
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
                keys.push(cx.expr(e)?);
            }
            stagger_window = Some(Windowing::Stagger { range: range_ms });
        }
        let aggregating =
            !cx.aggs.is_empty() || !group_exprs.is_empty() || stagger_window.is_some();
        if !cx.sliding.is_empty() && aggregating {
            return Err(err_at(
                "Mixing GROUP BY aggregates and OVER windows in one SELECT is not supported",
                at,
            ));
        }
        let kind = if aggregating {
            let windowing = match (stagger_window, flink_window, tumbling) {
                (Some(w), _, _) => w,
                (None, Some(w), _) if has_window_col => w,
                (None, Some(_), _) => {
                    return Err(err_at(
                        "GROUP BY window_start, window_end to aggregate each window",
                        at,
                    ));
                }
                (None, None, Some(size)) => Windowing::Tumbling { size },
                (None, None, None) => {
                    let where_ = group_exprs.first().map(loc_of).or(cx.first_agg).unwrap_or(at);
                    return Err(err_at(NO_MONOTONIC_GROUP_BY, where_));
                }
            };
            Kind::Grouped(Box::new(Grouped {
                windowing,
                keys,
                aggs: std::mem::take(&mut cx.aggs),
                having,
                open: BTreeMap::new(),
                stagger_index: HashMap::new(),
                seq: 0,
                scratch: Vec::new(),
            }))
        } else if !cx.sliding.is_empty() {
            Kind::Sliding(std::mem::take(&mut cx.sliding))
        } else {
            if flink_window.is_some() {
                return Err(err_at(
                    "GROUP BY window_start, window_end to aggregate each window",
                    at,
                ));
            }
            Kind::Map
        };
        // Where the rows go.
        let (target, target_map) = match target {
            Some((t, cols, tat)) => {
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
                let map: Vec<Option<usize>> = if cols.is_empty() {
                    if schema.columns.len() != proj.len() {
                        return Err(err_at(
                            format!(
                                "Number of INSERT target columns ({}) does not equal number of source items ({})",
                                schema.columns.len(),
                                proj.len()
                            ),
                            tat,
                        ));
                    }
                    (0..proj.len()).map(Some).collect()
                } else {
                    if cols.len() != proj.len() {
                        return Err(err_at(
                            format!(
                                "Number of INSERT target columns ({}) does not equal number of source items ({})",
                                cols.len(),
                                proj.len()
                            ),
                            tat,
                        ));
                    }
                    let mut map = vec![None; schema.columns.len()];
                    for (i, c) in cols.iter().enumerate() {
                        let ci = schema
                            .columns
                            .iter()
                            .position(|x| x.name == *c)
                            .or_else(|| {
                                schema.columns.iter().position(|x| x.name.eq_ignore_ascii_case(c))
                            })
                            .ok_or_else(|| err_at(format!("Unknown target column '{c}'"), tat))?;
                        map[ci] = Some(i);
                    }
                    map
                };
                (t, map)
            }
            None => {
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
                let columns = names
                    .iter()
                    .zip(&types)
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
                (t, (0..proj.len()).map(Some).collect())
            }
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
            proj,
            kind,
        });
        Ok(())
    }

    /// Flink's `TUMBLE(TABLE t, DESCRIPTOR(rowtime), size)` and `HOP(TABLE t,
    /// DESCRIPTOR(rowtime), slide, size)` (the pre-pass already removed `TABLE`).
    fn window_tvf(
        &self,
        fname: &str,
        args: &[FunctionArg],
        at: Location,
    ) -> Result<(usize, Windowing), SqlError> {
        let exprs: Vec<&ast::Expr> = args
            .iter()
            .filter_map(|a| match a {
                FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => Some(e),
                FunctionArg::Named { arg: FunctionArgExpr::Expr(e), .. } => Some(e),
                _ => None,
            })
            .collect();
        let kind = fname.to_ascii_uppercase();
        let want = match kind.as_str() {
            "TUMBLE" => 3,
            "HOP" => 4,
            "CUMULATE" | "SESSION" => {
                return Err(err_at(
                    format!(
                        "{kind} windows are not supported in the sandbox yet: use TUMBLE or HOP"
                    ),
                    at,
                ));
            }
            _ => return Err(err_at(format!("No match found for function signature {kind}"), at)),
        };
        if exprs.len() != want {
            return Err(err_at(
                match want {
                    3 => "TUMBLE(TABLE t, DESCRIPTOR(rowtime), INTERVAL 'n' UNIT)".to_string(),
                    _ => "HOP(TABLE t, DESCRIPTOR(rowtime), INTERVAL slide, INTERVAL size)"
                        .to_string(),
                },
                at,
            ));
        }
        let (tname, tat) = match exprs[0] {
            ast::Expr::Identifier(id) => (norm(id), id.span.start),
            ast::Expr::CompoundIdentifier(ids) => match ids.last() {
                Some(id) => (norm(id), id.span.start),
                None => return Err(err_at("Expected a table name", at)),
            },
            other => return Err(err_at("Expected TABLE <name>", loc_of(other))),
        };
        let source = self
            .find_stream(&tname)
            .or_else(|| tname.eq_ignore_ascii_case("source").then_some(0))
            .filter(|s| *s < self.program.streams.len())
            .ok_or_else(|| err_at(format!("Object '{tname}' not found"), tat))?;
        // DESCRIPTOR(rowtime): the sandbox's time attribute is the arrival time.
        match exprs[1] {
            ast::Expr::Function(f) if func_name(f) == "DESCRIPTOR" => {
                let ok = func_args(f)
                    .iter()
                    .all(|a| matches!(a, FunctionArgExpr::Expr(e) if is_rowtime(e)));
                if !ok {
                    return Err(err_at(
                        "The time attribute here is the row's arrival time: DESCRIPTOR(rowtime)",
                        loc_of(exprs[1]),
                    ));
                }
            }
            other => return Err(err_at("Expected DESCRIPTOR(rowtime)", loc_of(other))),
        }
        let ms = |e: &ast::Expr| {
            interval_ms(e)
                .filter(|m| *m > 0)
                .ok_or_else(|| err_at("Expected an INTERVAL, e.g. INTERVAL '1' MINUTE", loc_of(e)))
        };
        let w = if want == 3 {
            Windowing::Tumbling { size: ms(exprs[2])? }
        } else {
            let (slide, size) = (ms(exprs[2])?, ms(exprs[3])?);
            if size / slide > 1000 {
                return Err(err_at("HOP's size may be at most 1000 slides", loc_of(exprs[3])));
            }
            Windowing::Hop { slide, size }
        };
        Ok((source, w))
    }
}

/// Whether an expression reads Flink's window_start or window_end (known per window, not
/// per group key).
fn uses_window(e: &Expr) -> bool {
    match e {
        Expr::WindowStart | Expr::WindowEnd => true,
        Expr::Bin(_, a, b) => uses_window(a) || uses_window(b),
        Expr::Not(a) | Expr::Neg(a) | Expr::IsNull(a, _) | Expr::Cast(a, _) => uses_window(a),
        Expr::FloorTo(a, _) | Expr::CeilTo(a, _) => uses_window(a),
        Expr::Step(a, b) => uses_window(a) || uses_window(b),
        Expr::Func(_, args) => args.iter().any(uses_window),
        _ => false,
    }
}

fn default_name(e: &ast::Expr, i: usize) -> String {
    match e {
        ast::Expr::Identifier(id) => norm(id),
        ast::Expr::CompoundIdentifier(ids) => ids.last().map(norm).unwrap_or_default(),
        _ => format!("EXPR${i}"),
    }
}

fn infer(e: &Expr, scope: &Scope, cx: &Cx<'_>) -> SqlType {
    match e {
        Expr::Col(i) => scope
            .rels
            .iter()
            .find_map(|r| {
                (*i >= r.offset && *i < r.offset + r.columns.len())
                    .then(|| r.columns[*i - r.offset].sql_type)
            })
            .unwrap_or(SqlType::Varchar(256)),
        Expr::RowTime
        | Expr::WindowStart
        | Expr::WindowEnd
        | Expr::FloorTo(..)
        | Expr::CeilTo(..) => SqlType::Timestamp,
        Expr::Step(x, _) => infer(x, scope, cx),
        Expr::Agg(i) => {
            match cx.aggs.get(*i).map(|a| a.0).or_else(|| cx.sliding.get(*i).map(|s| s.func)) {
                Some(AggFunc::Count) => SqlType::Bigint,
                _ => SqlType::Double,
            }
        }
        Expr::Lit(Value::Int(_)) => SqlType::Integer,
        Expr::Lit(Value::Num(_)) => SqlType::Double,
        Expr::Lit(Value::Bool(_))
        | Expr::Not(_)
        | Expr::IsNull(..)
        | Expr::Between(..)
        | Expr::InList(..)
        | Expr::Like(..) => SqlType::Boolean,
        Expr::Cast(_, t) => *t,
        Expr::Bin(op, a, _) => match op {
            BinOp::Concat => SqlType::Varchar(256),
            BinOp::Eq
            | BinOp::NotEq
            | BinOp::Lt
            | BinOp::LtEq
            | BinOp::Gt
            | BinOp::GtEq
            | BinOp::And
            | BinOp::Or => SqlType::Boolean,
            _ => match infer(a, scope, cx) {
                SqlType::Timestamp => SqlType::Timestamp,
                t if t.is_numeric() => SqlType::Double,
                _ => SqlType::Double,
            },
        },
        Expr::Func(Func::CharLength | Func::Position, _) => SqlType::Integer,
        Expr::Func(Func::Abs | Func::Round | Func::Ceil | Func::Floor, _) => SqlType::Double,
        _ => SqlType::Varchar(256),
    }
}
