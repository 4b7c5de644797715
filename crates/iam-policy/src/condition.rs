//! The `Condition` element: operators over the request's context keys ("IAM JSON policy
//! elements: Condition operators"). Supported: the String, Arn, Numeric and Bool families, Null,
//! the `...IfExists` suffix and the `ForAnyValue:` / `ForAllValues:` set qualifiers. An operator
//! IAM has and this evaluator lacks (dates, IP addresses) never matches, so an Allow that needs
//! it does not allow, and a Deny that needs it does not deny.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::matching::{arn_matches, text_matches};

/// The request's condition keys (`aws:username`, `kinesis:...`), each with one or more values.
/// Keys compare without regard to case, as IAM's do.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Context {
    values: BTreeMap<String, Vec<String>>,
}

impl Context {
    pub fn with(mut self, key: &str, value: impl Into<String>) -> Self {
        self.values.entry(key.to_ascii_lowercase()).or_default().push(value.into());
        self
    }

    fn get(&self, key: &str) -> Option<&[String]> {
        self.values.get(&key.to_ascii_lowercase()).map(Vec::as_slice)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Test {
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    ArnEquals,
    ArnNotEquals,
    ArnLike,
    ArnNotLike,
    NumericEquals,
    NumericNotEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    Bool,
    Null,
    /// An operator the evaluator does not know: never true.
    Unsupported,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SetQualifier {
    Single,
    AnyValue,
    AllValues,
}

/// One operator applied to one key: `"StringEquals": {"aws:username": ["alice", "bob"]}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Condition {
    test: Test,
    qualifier: SetQualifier,
    if_exists: bool,
    key: String,
    values: Vec<String>,
}

impl Condition {
    /// The statement's `Condition` object, or `None` if it is not shaped like one.
    pub(crate) fn parse_block(block: &Map<String, Value>) -> Option<Vec<Condition>> {
        let mut out = Vec::new();
        for (operator, keys) in block {
            let Value::Object(keys) = keys else { return None };
            let (qualifier, rest) = if let Some(r) = operator.strip_prefix("ForAnyValue:") {
                (SetQualifier::AnyValue, r)
            } else if let Some(r) = operator.strip_prefix("ForAllValues:") {
                (SetQualifier::AllValues, r)
            } else {
                (SetQualifier::Single, operator.as_str())
            };
            let (name, if_exists) = match rest.strip_suffix("IfExists") {
                Some(name) => (name, true),
                None => (rest, false),
            };
            let test = test_named(name);
            for (key, values) in keys {
                let values = match values {
                    Value::Array(items) => items.iter().map(scalar).collect::<Option<Vec<_>>>()?,
                    v => vec![scalar(v)?],
                };
                out.push(Condition { test, qualifier, if_exists, key: key.clone(), values });
            }
        }
        Some(out)
    }

    pub(crate) fn holds(&self, context: &Context) -> bool {
        let found = context.get(&self.key);
        if self.test == Test::Null {
            // `"Null": {"k": "true"}`: the key is absent.
            let wants_absent = self.values.iter().any(|v| v.eq_ignore_ascii_case("true"));
            return wants_absent == found.is_none();
        }
        let Some(found) = found.filter(|f| !f.is_empty()) else {
            // A missing key: true only for ...IfExists and ForAllValues (vacuously).
            return self.if_exists || self.qualifier == SetQualifier::AllValues;
        };
        let one = |value: &str| self.values.iter().any(|p| test(self.test, p, value));
        let negated = matches!(
            self.test,
            Test::StringNotEquals
                | Test::StringNotEqualsIgnoreCase
                | Test::StringNotLike
                | Test::ArnNotEquals
                | Test::ArnNotLike
                | Test::NumericNotEquals
        );
        // A negated operator holds when the value matches none of the policy's values.
        let holds = |value: &str| if negated { !one(value) } else { one(value) };
        match self.qualifier {
            SetQualifier::Single | SetQualifier::AnyValue => found.iter().any(|v| holds(v)),
            SetQualifier::AllValues => found.iter().all(|v| holds(v)),
        }
    }
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn test_named(name: &str) -> Test {
    match name {
        "StringEquals" => Test::StringEquals,
        "StringNotEquals" => Test::StringNotEquals,
        "StringEqualsIgnoreCase" => Test::StringEqualsIgnoreCase,
        "StringNotEqualsIgnoreCase" => Test::StringNotEqualsIgnoreCase,
        "StringLike" => Test::StringLike,
        "StringNotLike" => Test::StringNotLike,
        "ArnEquals" => Test::ArnEquals,
        "ArnNotEquals" => Test::ArnNotEquals,
        "ArnLike" => Test::ArnLike,
        "ArnNotLike" => Test::ArnNotLike,
        "NumericEquals" => Test::NumericEquals,
        "NumericNotEquals" => Test::NumericNotEquals,
        "NumericLessThan" => Test::NumericLessThan,
        "NumericLessThanEquals" => Test::NumericLessThanEquals,
        "NumericGreaterThan" => Test::NumericGreaterThan,
        "NumericGreaterThanEquals" => Test::NumericGreaterThanEquals,
        "Bool" => Test::Bool,
        "Null" => Test::Null,
        _ => Test::Unsupported,
    }
}

/// Whether the context's `value` passes `test` against one of the policy's values, before
/// negation (a Not operator asks the positive question and inverts the answer).
fn test(test: Test, policy: &str, value: &str) -> bool {
    let number = |s: &str| s.trim().parse::<f64>().ok();
    let compare = |f: fn(f64, f64) -> bool| match (number(value), number(policy)) {
        (Some(v), Some(p)) => f(v, p),
        _ => false,
    };
    match test {
        Test::StringEquals | Test::StringNotEquals | Test::ArnEquals | Test::ArnNotEquals => {
            policy == value
        }
        Test::StringEqualsIgnoreCase | Test::StringNotEqualsIgnoreCase => {
            policy.to_lowercase() == value.to_lowercase()
        }
        Test::StringLike | Test::StringNotLike => text_matches(policy, value),
        Test::ArnLike | Test::ArnNotLike => arn_matches(policy, value),
        Test::NumericEquals | Test::NumericNotEquals => compare(|v, p| v == p),
        Test::NumericLessThan => compare(|v, p| v < p),
        Test::NumericLessThanEquals => compare(|v, p| v <= p),
        Test::NumericGreaterThan => compare(|v, p| v > p),
        Test::NumericGreaterThanEquals => compare(|v, p| v >= p),
        Test::Bool => policy.eq_ignore_ascii_case(value),
        Test::Null | Test::Unsupported => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conditions(json: &str) -> Vec<Condition> {
        let Ok(Value::Object(block)) = serde_json::from_str::<Value>(json) else { return vec![] };
        Condition::parse_block(&block).unwrap_or_default()
    }

    fn all_hold(json: &str, context: &Context) -> bool {
        conditions(json).iter().all(|c| c.holds(context))
    }

    #[test]
    fn operators() {
        let alice = Context::default().with("aws:username", "alice").with("kinesis:Count", "3");
        assert!(all_hold(r#"{"StringEquals": {"aws:username": ["bob", "alice"]}}"#, &alice));
        assert!(!all_hold(r#"{"StringNotEquals": {"aws:username": "alice"}}"#, &alice));
        assert!(all_hold(r#"{"StringLike": {"AWS:UserName": "al*"}}"#, &alice));
        assert!(all_hold(r#"{"NumericLessThan": {"kinesis:count": 4}}"#, &alice));
        assert!(!all_hold(r#"{"NumericGreaterThan": {"kinesis:count": "4"}}"#, &alice));
        assert!(all_hold(r#"{"Null": {"aws:SourceIp": "true"}}"#, &alice));
        assert!(!all_hold(r#"{"StringEquals": {"aws:SourceVpc": "vpc-1"}}"#, &alice));
        assert!(all_hold(r#"{"StringEqualsIfExists": {"aws:SourceVpc": "vpc-1"}}"#, &alice));
        assert!(!all_hold(r#"{"DateLessThan": {"aws:CurrentTime": "2030-01-01"}}"#, &alice));
        let tags = Context::default().with("aws:TagKeys", "team").with("aws:TagKeys", "cost");
        assert!(all_hold(r#"{"ForAnyValue:StringEquals": {"aws:TagKeys": "cost"}}"#, &tags));
        assert!(!all_hold(r#"{"ForAllValues:StringEquals": {"aws:TagKeys": "cost"}}"#, &tags));
        assert!(all_hold(
            r#"{"ForAllValues:StringEquals": {"aws:TagKeys": ["cost", "team"]}}"#,
            &tags
        ));
    }
}
