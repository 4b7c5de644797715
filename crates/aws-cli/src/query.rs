//! `--query`: JMESPath via the `jmespath` crate. Python's jmespath keeps dict order, but the
//! crate's objects are sorted maps, so results get their key order back afterwards: a
//! multi-select hash keeps the order written in the expression, any other object the order its
//! keys first appear in the response.

use std::collections::HashMap;

use jmespath::ast::Ast;
use jmespath::Variable;

use super::json::Json;

pub struct Query {
    expression: jmespath::Expression<'static>,
    /// Key orders of each multi-select hash in the expression.
    hash_orders: Vec<Vec<String>>,
}

impl Query {
    /// Compiles `--query`; the error is the CLI's "Bad value for --query" text.
    pub fn compile(text: &str) -> Result<Query, String> {
        let expression = jmespath::compile(&legacy_literals(text))
            .map_err(|e| format!("Bad value for --query {text}: {e}"))?;
        let mut hash_orders = Vec::new();
        collect_hashes(expression.as_ast(), &mut hash_orders);
        Ok(Query { expression, hash_orders })
    }

    pub fn search(&self, data: &Json) -> Result<Json, String> {
        let variable = Variable::try_from(data.to_serde()).map_err(|e| e.to_string())?;
        let result = self.expression.search(variable).map_err(|e| e.to_string())?;
        let mut ranks = HashMap::new();
        rank_keys(data, &mut ranks);
        Ok(self.to_json(&result, &ranks))
    }

    fn to_json(&self, v: &Variable, ranks: &HashMap<String, usize>) -> Json {
        match v {
            Variable::Null | Variable::Expref(_) => Json::Null,
            Variable::Bool(b) => Json::Bool(*b),
            Variable::String(s) => Json::String(s.clone()),
            Variable::Number(n) => {
                if let Some(i) = n.as_i64() {
                    Json::Int(i.into())
                } else if let Some(u) = n.as_u64() {
                    Json::Int(u.into())
                } else {
                    Json::Float(n.as_f64().unwrap_or(0.0))
                }
            }
            Variable::Array(items) => {
                Json::Array(items.iter().map(|i| self.to_json(i, ranks)).collect())
            }
            Variable::Object(map) => {
                let mut members: Vec<(String, Json)> =
                    map.iter().map(|(k, v)| (k.clone(), self.to_json(v, ranks))).collect();
                let keys: Vec<&str> = map.keys().map(String::as_str).collect();
                let hash = self.hash_orders.iter().find(|order| {
                    order.len() == keys.len() && order.iter().all(|k| keys.contains(&k.as_str()))
                });
                match hash {
                    Some(order) => members.sort_by_key(|(k, _)| order.iter().position(|o| o == k)),
                    None => {
                        members.sort_by_key(|(k, _)| ranks.get(k).copied().unwrap_or(usize::MAX))
                    }
                }
                Json::Object(members)
            }
        }
    }
}

fn collect_hashes(ast: &Ast, out: &mut Vec<Vec<String>>) {
    match ast {
        Ast::MultiHash { elements, .. } => {
            out.push(elements.iter().map(|kv| kv.key.clone()).collect());
            for kv in elements {
                collect_hashes(&kv.value, out);
            }
        }
        Ast::MultiList { elements, .. } => elements.iter().for_each(|e| collect_hashes(e, out)),
        Ast::Function { args, .. } => args.iter().for_each(|e| collect_hashes(e, out)),
        Ast::Expref { ast, .. }
        | Ast::Flatten { node: ast, .. }
        | Ast::Not { node: ast, .. }
        | Ast::ObjectValues { node: ast, .. } => collect_hashes(ast, out),
        Ast::Projection { lhs, rhs, .. }
        | Ast::Subexpr { lhs, rhs, .. }
        | Ast::And { lhs, rhs, .. }
        | Ast::Or { lhs, rhs, .. }
        | Ast::Comparison { lhs, rhs, .. } => {
            collect_hashes(lhs, out);
            collect_hashes(rhs, out);
        }
        Ast::Condition { predicate, then, .. } => {
            collect_hashes(predicate, out);
            collect_hashes(then, out);
        }
        _ => {}
    }
}

/// Each key's first position in a depth-first walk of the response.
fn rank_keys(data: &Json, ranks: &mut HashMap<String, usize>) {
    match data {
        Json::Object(members) => {
            for (k, v) in members {
                let next = ranks.len();
                ranks.entry(k.clone()).or_insert(next);
                rank_keys(v, ranks);
            }
        }
        Json::Array(items) => items.iter().for_each(|i| rank_keys(i, ranks)),
        _ => {}
    }
}

/// Python jmespath's legacy literals, which the CLI's `--query` accepts: a backtick literal
/// that is not JSON (`` `@status` ``) is read as the string of its text, left-trimmed (jmespath's
/// lexer `_consume_literal`, with a PendingDeprecationWarning nobody sees). The Rust crate only
/// takes JSON, so such literals are rewritten as JSON strings first.
fn legacy_literals(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    // The quote of the raw string ('...') or identifier ("...") being copied, if any.
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(_), '\\') => {
                out.push(c);
                out.extend(chars.next());
            }
            (Some(q), c) if c == q => {
                quote = None;
                out.push(c);
            }
            (None, '\'' | '"') => {
                quote = Some(c);
                out.push(c);
            }
            (None, '`') => {
                let mut literal = String::new();
                let mut closed = false;
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => {
                            literal.push(c);
                            literal.extend(chars.next());
                        }
                        '`' => {
                            closed = true;
                            break;
                        }
                        c => literal.push(c),
                    }
                }
                out.push('`');
                let json = literal.replace("\\`", "`");
                if !closed || serde_json::from_str::<serde_json::Value>(&json).is_ok() {
                    out.push_str(&literal);
                } else {
                    let quoted = serde_json::to_string(json.trim_start()).unwrap_or_default();
                    out.push_str(&quoted.replace('`', "\\`"));
                }
                if closed {
                    out.push('`');
                }
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_orders() {
        let data = Json::parse(r#"{"Z":{"b":1,"a":2},"A":[{"y":1,"x":2}]}"#).unwrap();
        let q = Query::compile("Z").unwrap();
        assert_eq!(q.search(&data).unwrap().to_wire(), r#"{"b":1,"a":2}"#);
        let q = Query::compile("A[].{Y: y, X: x}").unwrap();
        assert_eq!(q.search(&data).unwrap().to_wire(), r#"[{"Y":1,"X":2}]"#);
        assert!(Query::compile("[[[").is_err());
    }

    #[test]
    fn a_literal_that_is_not_json_is_the_string_of_its_text() {
        assert_eq!(legacy_literals("a[?key==`@status`].v"), "a[?key==`\"@status\"`].v");
        assert_eq!(legacy_literals("a[?n==`1`]"), "a[?n==`1`]");
        assert_eq!(legacy_literals("a[?k=='`x`']"), "a[?k=='`x`']");
    }
}
