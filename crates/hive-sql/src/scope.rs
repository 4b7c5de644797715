//! Names to positions: the columns a query sees, and sqlparser's expressions compiled against
//! them (with Hive's errors for what does not resolve). In a grouped query the select list,
//! HAVING and ORDER BY see the group keys and the aggregates, nothing else.

use sqlparser::ast::{
    self as sql, BinaryOperator, CastKind, DataType, FunctionArg, FunctionArgExpr,
    FunctionArguments, Spanned, UnaryOperator,
};

use crate::error::HiveError;
use crate::expr::{like_regex, Agg, AggFn, BinOp, Expr, Func};
use crate::lex;
use crate::value::{Type, Value};

#[derive(Clone, Debug)]
pub struct ScopeCol {
    /// The table's alias (or name), lower case.
    pub qualifier: String,
    pub name: String,
    pub ty: Type,
}

#[derive(Clone, Debug, Default)]
pub struct Scope {
    pub cols: Vec<ScopeCol>,
}

/// The group keys (by their text) and the aggregates found so far.
#[derive(Debug, Default)]
pub struct Grouping {
    pub keys: Vec<(String, Expr, Type)>,
    pub aggs: Vec<Agg>,
}

/// Where an error points: Hive's line (from 1) and column (from 0).
pub fn pos(e: &impl Spanned) -> (u64, u64) {
    let s = e.span().start;
    (s.line.max(1), s.column.saturating_sub(1))
}

pub fn ident_pos(i: &sql::Ident) -> (u64, u64) {
    (i.span.start.line.max(1), i.span.start.column.saturating_sub(1))
}

pub struct Cx<'a> {
    pub scope: &'a Scope,
    pub strings: &'a [String],
    pub group: Option<&'a mut Grouping>,
    /// Where aggregates are refused (WHERE, JOIN ... ON, GROUP BY).
    pub clause: &'static str,
    pub depth: u32,
}

/// Expressions deeper than this are refused (sqlparser's own limit guards the parse).
const MAX_DEPTH: u32 = 64;

pub fn text_of(e: &sql::Expr) -> String {
    e.to_string().to_lowercase()
}

fn agg_fn(name: &str) -> Option<AggFn> {
    Some(match name {
        "count" => AggFn::Count,
        "sum" => AggFn::Sum,
        "avg" => AggFn::Avg,
        "min" => AggFn::Min,
        "max" => AggFn::Max,
        _ => return None,
    })
}

/// Whether an expression holds an aggregate call.
pub fn has_aggregate(e: &sql::Expr) -> bool {
    use sql::Expr as E;
    let any = |es: &[&sql::Expr]| es.iter().any(|x| has_aggregate(x));
    match e {
        E::Function(f) => {
            agg_fn(&f.name.to_string().to_lowercase()).is_some()
                || match &f.args {
                    FunctionArguments::List(l) => l.args.iter().any(|a| match a {
                        FunctionArg::Unnamed(FunctionArgExpr::Expr(x)) => has_aggregate(x),
                        _ => false,
                    }),
                    _ => false,
                }
        }
        E::BinaryOp { left, right, .. } => any(&[left, right]),
        E::UnaryOp { expr, .. } | E::Nested(expr) | E::IsNull(expr) | E::IsNotNull(expr) => {
            has_aggregate(expr)
        }
        E::Cast { expr, .. } => has_aggregate(expr),
        E::Like { expr, pattern, .. } | E::RLike { expr, pattern, .. } => any(&[expr, pattern]),
        E::Between { expr, low, high, .. } => any(&[expr, low, high]),
        E::In { expr, target: sql::InTarget::List(list), .. } => {
            has_aggregate(expr) || list.iter().any(has_aggregate)
        }
        E::Case { operand, conditions, else_result, .. } => {
            operand.as_deref().is_some_and(has_aggregate)
                || conditions
                    .iter()
                    .any(|w| has_aggregate(&w.condition) || has_aggregate(&w.result))
                || else_result.as_deref().is_some_and(has_aggregate)
        }
        E::CompoundFieldAccess { root, .. } => has_aggregate(root),
        _ => false,
    }
}

impl Cx<'_> {
    fn row_cx(&self) -> Cx<'_> {
        Cx {
            scope: self.scope,
            strings: self.strings,
            group: None,
            clause: "UDAF",
            depth: self.depth,
        }
    }

    pub fn resolve(
        &self,
        qualifier: Option<&sql::Ident>,
        name: &sql::Ident,
    ) -> Result<(usize, Type), HiveError> {
        let n = name.value.to_lowercase();
        let q = qualifier.map(|q| q.value.to_lowercase());
        if let Some(q) = &q {
            if !self.scope.cols.iter().any(|c| &c.qualifier == q) {
                let (l, c) = ident_pos(qualifier.unwrap_or(name));
                return Err(HiveError::semantic(10004, l, c, format!("Invalid table alias '{q}'")));
            }
        }
        let hits: Vec<usize> = self
            .scope
            .cols
            .iter()
            .enumerate()
            .filter(|(_, c)| c.name == n && q.as_ref().is_none_or(|q| &c.qualifier == q))
            .map(|(i, _)| i)
            .collect();
        match hits.as_slice() {
            [i] => Ok((*i, self.scope.cols[*i].ty)),
            [] => {
                let (l, c) = ident_pos(name);
                let names: Vec<String> =
                    self.scope.cols.iter().map(|c| format!("{}.{}", c.qualifier, c.name)).collect();
                let shown =
                    if q.is_some() { format!("{}.{n}", q.unwrap_or_default()) } else { n.clone() };
                Err(HiveError::semantic(
                    10004,
                    l,
                    c,
                    format!("Invalid table alias or column reference '{shown}': (possible column names are: {})", names.join(", ")),
                ))
            }
            _ => {
                let (l, c) = ident_pos(name);
                Err(HiveError::semantic(10007, l, c, format!("Ambiguous column reference {n}")))
            }
        }
    }

    pub fn expr(&mut self, e: &sql::Expr) -> Result<(Expr, Type), HiveError> {
        if self.depth > MAX_DEPTH {
            let (l, c) = pos(e);
            return Err(HiveError::parse(l, c, "the expression is nested too deeply"));
        }
        self.depth += 1;
        let out = self.expr_inner(e);
        self.depth -= 1;
        out
    }

    fn expr_inner(&mut self, e: &sql::Expr) -> Result<(Expr, Type), HiveError> {
        if let Some(g) = self.group.as_deref() {
            let t = text_of(e);
            if let Some(i) = g.keys.iter().position(|(k, _, _)| *k == t) {
                return Ok((Expr::Column(i), g.keys[i].2));
            }
        }
        let (l, c) = pos(e);
        Ok(match e {
            sql::Expr::Nested(inner) => return self.expr(inner),
            sql::Expr::Identifier(id) => {
                if self.group.is_some() {
                    return Err(HiveError::semantic(
                        10025,
                        l,
                        c,
                        format!("Expression not in GROUP BY key '{}'", id.value),
                    ));
                }
                let (i, t) = self.resolve(None, id)?;
                (Expr::Column(i), t)
            }
            sql::Expr::CompoundIdentifier(parts) if parts.len() == 2 => {
                if self.group.is_some() {
                    return Err(HiveError::semantic(
                        10025,
                        l,
                        c,
                        format!("Expression not in GROUP BY key '{}'", parts[1].value),
                    ));
                }
                let (i, t) = self.resolve(Some(&parts[0]), &parts[1])?;
                (Expr::Column(i), t)
            }
            sql::Expr::Value(v) => literal(&v.value, self.strings, l, c)?,
            sql::Expr::BinaryOp { left, op, right } => {
                let (a, ta) = self.expr(left)?;
                let (b, tb) = self.expr(right)?;
                let (op, ty) = match op {
                    BinaryOperator::Plus | BinaryOperator::Minus | BinaryOperator::Multiply | BinaryOperator::Modulo => {
                        for t in [ta, tb] {
                            if matches!(t, Type::Boolean | Type::Array) {
                                return Err(HiveError::semantic(10014, l, c, format!("Wrong arguments '{right}': No matching method for class org.apache.hadoop.hive.ql.udf.generic.GenericUDFOP{} with ({}, {})", op_class(op), ta.name(), tb.name())));
                            }
                        }
                        let ty = if ta == Type::Double || tb == Type::Double || !ta.numeric() || !tb.numeric() {
                            Type::Double
                        } else if ta == Type::BigInt || tb == Type::BigInt {
                            Type::BigInt
                        } else {
                            Type::Int
                        };
                        let o = match op {
                            BinaryOperator::Plus => BinOp::Add,
                            BinaryOperator::Minus => BinOp::Sub,
                            BinaryOperator::Multiply => BinOp::Mul,
                            _ => BinOp::Mod,
                        };
                        (o, ty)
                    }
                    BinaryOperator::Divide => (BinOp::Div, Type::Double),
                    BinaryOperator::Eq => (BinOp::Eq, Type::Boolean),
                    BinaryOperator::NotEq => (BinOp::Ne, Type::Boolean),
                    BinaryOperator::Lt => (BinOp::Lt, Type::Boolean),
                    BinaryOperator::LtEq => (BinOp::Le, Type::Boolean),
                    BinaryOperator::Gt => (BinOp::Gt, Type::Boolean),
                    BinaryOperator::GtEq => (BinOp::Ge, Type::Boolean),
                    BinaryOperator::And => (BinOp::And, Type::Boolean),
                    BinaryOperator::Or => (BinOp::Or, Type::Boolean),
                    BinaryOperator::StringConcat => {
                        return Ok((Expr::Call(Func::Concat, vec![a, b]), Type::String));
                    }
                    other => return Err(HiveError::parse(l, c, format!("cannot recognize input near '{other}': the operator is not one Hive has"))),
                };
                (Expr::Binary(op, Box::new(a), Box::new(b)), ty)
            }
            sql::Expr::UnaryOp { op, expr } => {
                let (a, t) = self.expr(expr)?;
                match op {
                    UnaryOperator::Not | UnaryOperator::BangNot => {
                        (Expr::Not(Box::new(a)), Type::Boolean)
                    }
                    UnaryOperator::Minus => (Expr::Neg(Box::new(a)), t),
                    UnaryOperator::Plus => (a, t),
                    other => {
                        return Err(HiveError::parse(
                            l,
                            c,
                            format!("cannot recognize input near '{other}'"),
                        ))
                    }
                }
            }
            sql::Expr::IsNull(x) => (Expr::IsNull(Box::new(self.expr(x)?.0), false), Type::Boolean),
            sql::Expr::IsNotNull(x) => {
                (Expr::IsNull(Box::new(self.expr(x)?.0), true), Type::Boolean)
            }
            sql::Expr::Like { negated, expr, pattern, .. } => {
                let (x, _) = self.expr(expr)?;
                let p = self.constant_string(pattern, "LIKE")?;
                let pattern = like_regex(&p).map_err(|m| HiveError::semantic(10014, l, c, m))?;
                (Expr::Like { expr: Box::new(x), pattern, negated: *negated }, Type::Boolean)
            }
            sql::Expr::RLike { negated, expr, pattern, .. } => {
                let (x, _) = self.expr(expr)?;
                let p = self.constant_string(pattern, "RLIKE")?;
                let regex = compile_regex(&p, pattern.as_ref())?;
                (Expr::Rlike { expr: Box::new(x), regex, negated: *negated }, Type::Boolean)
            }
            sql::Expr::In { expr, target: sql::InTarget::List(list), negated, .. } => {
                let (x, _) = self.expr(expr)?;
                let mut items = Vec::new();
                for i in list {
                    items.push(self.expr(i)?.0);
                }
                (Expr::InList { expr: Box::new(x), list: items, negated: *negated }, Type::Boolean)
            }
            sql::Expr::Between { expr, negated, low, high } => (
                Expr::Between {
                    expr: Box::new(self.expr(expr)?.0),
                    low: Box::new(self.expr(low)?.0),
                    high: Box::new(self.expr(high)?.0),
                    negated: *negated,
                },
                Type::Boolean,
            ),
            sql::Expr::Case { operand, conditions, else_result, .. } => {
                let operand = match operand {
                    Some(o) => Some(Box::new(self.expr(o)?.0)),
                    None => None,
                };
                let mut whens = Vec::new();
                let mut ty = None;
                for w in conditions {
                    let cond = self.expr(&w.condition)?.0;
                    let (r, t) = self.expr(&w.result)?;
                    if t != Type::String || ty.is_none() {
                        ty = ty.or(Some(t));
                    }
                    whens.push((cond, r));
                }
                let otherwise = match else_result {
                    Some(e) => {
                        let (x, t) = self.expr(e)?;
                        ty = ty.or(Some(t));
                        Some(Box::new(x))
                    }
                    None => None,
                };
                (Expr::Case { operand, whens, otherwise }, ty.unwrap_or(Type::String))
            }
            sql::Expr::Cast { kind: CastKind::Cast, expr, data_type, .. } => {
                let t = column_type(data_type).ok_or_else(|| HiveError::parse(l, c, format!("cannot recognize input near '{data_type}' in primitive type specification")))?;
                (Expr::Cast(Box::new(self.expr(expr)?.0), t), t)
            }
            sql::Expr::CompoundFieldAccess { root, access_chain } => {
                let (mut x, mut t) = self.expr(root)?;
                for a in access_chain {
                    match a {
                        sql::AccessExpr::Subscript(sql::Subscript::Index { index }) => {
                            let (i, _) = self.expr(index)?;
                            x = Expr::Index(Box::new(x), Box::new(i));
                            t = Type::String;
                        }
                        _ => return Err(HiveError::parse(
                            l,
                            c,
                            "cannot recognize input near '.': only array subscripts are read here",
                        )),
                    }
                }
                (x, t)
            }
            sql::Expr::Function(f) => return self.function(f, e),
            sql::Expr::Substring { expr, substring_from, substring_for, .. } => {
                let mut args = vec![self.expr(expr)?.0];
                args.push(match substring_from {
                    Some(f) => self.expr(f)?.0,
                    None => Expr::Literal(Value::Int(1)),
                });
                if let Some(n) = substring_for {
                    args.push(self.expr(n)?.0);
                }
                (Expr::Call(Func::Substr, args), Type::String)
            }
            sql::Expr::Trim { expr, trim_where: None, trim_what: None, trim_characters: None } => {
                (Expr::Call(Func::Trim, vec![self.expr(expr)?.0]), Type::String)
            }
            sql::Expr::Ceil {
                expr,
                field: sql::CeilFloorKind::DateTimeField(sql::DateTimeField::NoDateTime),
            } => (Expr::Call(Func::Ceil, vec![self.expr(expr)?.0]), Type::BigInt),
            sql::Expr::Floor {
                expr,
                field: sql::CeilFloorKind::DateTimeField(sql::DateTimeField::NoDateTime),
            } => (Expr::Call(Func::Floor, vec![self.expr(expr)?.0]), Type::BigInt),
            other => {
                return Err(HiveError::parse(l, c, format!("cannot recognize input near '{other}': not an expression the sandbox's Hive reads")));
            }
        })
    }

    fn constant_string(&mut self, e: &sql::Expr, what: &str) -> Result<String, HiveError> {
        match e {
            sql::Expr::Value(v) => match &v.value {
                sql::Value::SingleQuotedString(s) => Ok(lex::literal(s, self.strings)),
                _ => {
                    let (l, c) = pos(e);
                    Err(HiveError::semantic(
                        10016,
                        l,
                        c,
                        format!(
                            "Argument type mismatch '{e}': {what} takes a string constant here"
                        ),
                    ))
                }
            },
            _ => {
                let (l, c) = pos(e);
                Err(HiveError::semantic(10016, l, c, format!("Argument type mismatch '{e}': the sandbox takes {what} patterns as constants")))
            }
        }
    }

    fn function(
        &mut self,
        f: &sql::Function,
        whole: &sql::Expr,
    ) -> Result<(Expr, Type), HiveError> {
        let name = f.name.to_string().to_lowercase();
        let (l, c) = pos(&f.name);
        let (args, distinct, star) = match &f.args {
            FunctionArguments::List(list) => {
                let distinct =
                    matches!(list.duplicate_treatment, Some(sql::DuplicateTreatment::Distinct));
                let mut exprs = Vec::new();
                let mut star = false;
                for a in &list.args {
                    match a {
                        FunctionArg::Unnamed(FunctionArgExpr::Expr(x)) => exprs.push(x.clone()),
                        FunctionArg::Unnamed(FunctionArgExpr::Wildcard) => star = true,
                        _ => {
                            return Err(HiveError::parse(
                                l,
                                c,
                                format!("cannot recognize input near '{a}'"),
                            ))
                        }
                    }
                }
                (exprs, distinct, star)
            }
            FunctionArguments::None => (Vec::new(), false, false),
            FunctionArguments::Subquery(_) => {
                return Err(HiveError::parse(
                    l,
                    c,
                    "cannot recognize input near 'SELECT': subqueries are not read here",
                ));
            }
        };
        if let Some(func) = agg_fn(&name) {
            if self.group.is_none() {
                let place = if self.clause == "UDAF" {
                    format!("Not yet supported place for UDAF '{name}': an aggregate inside an aggregate")
                } else {
                    format!("Not yet supported place for UDAF '{name}'")
                };
                return Err(HiveError::semantic(10128, l, c, place));
            }
            let text = text_of(whole);
            let func = match (func, star, distinct) {
                (AggFn::Count, true, _) => AggFn::CountStar,
                (AggFn::Count, false, true) => AggFn::CountDistinct,
                (f, _, _) => f,
            };
            if func != AggFn::CountStar && args.len() != 1 {
                return Err(HiveError::semantic(
                    10015,
                    l,
                    c,
                    format!("Arguments length mismatch '{name}': {name} takes one argument"),
                ));
            }
            let (arg, ty) = match args.first() {
                Some(a) => {
                    let mut rcx = self.row_cx();
                    if has_aggregate(a) {
                        let (al, ac) = pos(a);
                        return Err(HiveError::semantic(
                            10128,
                            al,
                            ac,
                            "Not yet supported place for UDAF: an aggregate inside an aggregate",
                        ));
                    }
                    let (x, t) = rcx.expr(a)?;
                    (Some(x), t)
                }
                None => (None, Type::BigInt),
            };
            let out_ty = match func {
                AggFn::CountStar | AggFn::Count | AggFn::CountDistinct => Type::BigInt,
                AggFn::Avg => Type::Double,
                AggFn::Sum => {
                    if matches!(ty, Type::Int | Type::BigInt) {
                        Type::BigInt
                    } else {
                        Type::Double
                    }
                }
                AggFn::Min | AggFn::Max => ty,
            };
            let Some(g) = self.group.as_deref_mut() else {
                return Err(HiveError::semantic(
                    10128,
                    l,
                    c,
                    format!("Not yet supported place for UDAF '{name}'"),
                ));
            };
            let nkeys = g.keys.len();
            if let Some(i) = g.aggs.iter().position(|a| a.text == text) {
                return Ok((Expr::Column(nkeys + i), out_ty));
            }
            g.aggs.push(Agg { func, arg, ty: out_ty, text });
            return Ok((Expr::Column(nkeys + g.aggs.len() - 1), out_ty));
        }
        let Some((func, min, max)) = Func::lookup(&name) else {
            return Err(HiveError::semantic(10011, l, c, format!("Invalid function {name}")));
        };
        if args.len() < min || args.len() > max {
            return Err(HiveError::semantic(
                10015,
                l,
                c,
                format!(
                    "Arguments length mismatch '{}': {name} takes {}",
                    args.last().map_or(name.clone(), |a| a.to_string()),
                    if min == max {
                        format!("{min} argument(s)")
                    } else {
                        format!("{min} to {max} arguments")
                    }
                ),
            ));
        }
        // regexp_extract with a constant pattern compiles it once, and a bad pattern is an
        // error before any job runs.
        if func == Func::RegexpExtractDyn {
            if let Some(sql::Expr::Value(v)) = args.get(1) {
                if let sql::Value::SingleQuotedString(s) = &v.value {
                    let p = lex::literal(s, self.strings);
                    let re = compile_regex(&p, &args[1])?;
                    let (x, _) = self.expr(&args[0])?;
                    let idx = match args.get(2) {
                        Some(i) => self.expr(i)?.0,
                        None => Expr::Literal(Value::Int(1)),
                    };
                    return Ok((Expr::RegexpExtract(Box::new(x), re, Box::new(idx)), Type::String));
                }
            }
        }
        let mut compiled = Vec::new();
        let mut types = Vec::new();
        for a in &args {
            let (x, t) = self.expr(a)?;
            compiled.push(x);
            types.push(t);
        }
        Ok((Expr::Call(func, compiled), func.ty(&types)))
    }
}

fn op_class(op: &BinaryOperator) -> &'static str {
    match op {
        BinaryOperator::Plus => "Plus",
        BinaryOperator::Minus => "Minus",
        BinaryOperator::Multiply => "Multiply",
        _ => "Mod",
    }
}

/// A regex written in the script, compiled: a pattern that does not compile is Hive's
/// PatternSyntaxException, pointed at the pattern.
pub fn compile_regex(p: &str, at: &impl Spanned) -> Result<regex_lite::Regex, HiveError> {
    regex_lite::Regex::new(p).map_err(|e| {
        let (l, c) = pos(at);
        let first = e.to_string().lines().last().unwrap_or_default().trim().to_string();
        HiveError::semantic(10014, l, c, format!("Wrong arguments '{p}': java.util.regex.PatternSyntaxException: {first} near index 0"))
    })
}

pub fn literal(
    v: &sql::Value,
    strings: &[String],
    l: u64,
    c: u64,
) -> Result<(Expr, Type), HiveError> {
    Ok(match v {
        sql::Value::Number(n, _) => {
            if let Ok(i) = n.parse::<i64>() {
                let ty = if i32::try_from(i).is_ok() { Type::Int } else { Type::BigInt };
                (Expr::Literal(Value::Int(i)), ty)
            } else if let Ok(d) = n.parse::<f64>() {
                (Expr::Literal(Value::Double(d)), Type::Double)
            } else {
                return Err(HiveError::parse(l, c, format!("cannot recognize input near '{n}'")));
            }
        }
        sql::Value::SingleQuotedString(s) => {
            (Expr::Literal(Value::Str(lex::literal(s, strings))), Type::String)
        }
        sql::Value::Boolean(b) => (Expr::Literal(Value::Bool(*b)), Type::Boolean),
        sql::Value::Null => (Expr::Literal(Value::Null), Type::String),
        other => {
            return Err(HiveError::parse(l, c, format!("cannot recognize input near '{other}'")))
        }
    })
}

/// A column type as Hive names it.
pub fn column_type(t: &DataType) -> Option<Type> {
    Some(match t {
        DataType::String(_) | DataType::Varchar(_) | DataType::Char(_) | DataType::Text => {
            Type::String
        }
        DataType::Int(_) | DataType::Integer(_) | DataType::SmallInt(_) | DataType::TinyInt(_) => {
            Type::Int
        }
        DataType::BigInt(_) => Type::BigInt,
        DataType::Double(_)
        | DataType::Float(_)
        | DataType::Real
        | DataType::Decimal(_)
        | DataType::DoublePrecision => Type::Double,
        DataType::Boolean | DataType::Bool => Type::Boolean,
        DataType::Timestamp(..) => Type::Timestamp,
        DataType::Date => Type::Date,
        DataType::Array(_) => Type::Array,
        _ => return None,
    })
}
