//! A policy document: its statements, read from JSON the way IAM reads it, with IAM's
//! MalformedPolicyDocument texts for what it refuses.

use serde_json::{Map, Value};

use crate::condition::Condition;

/// Identity policies (attached to a user or role) name no principal; resource policies (on a
/// stream, a bucket) must.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyKind {
    Identity,
    Resource,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    Allow,
    Deny,
}

/// A list of patterns, or everything but them (`Action` / `NotAction` and the like).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Patterns {
    Listed(Vec<String>),
    AllBut(Vec<String>),
}

/// `Principal` / `NotPrincipal`: the element's key (`AWS`, `Service`, `*`) and its values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Principals {
    pub(crate) negated: bool,
    pub(crate) entries: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    pub sid: Option<String>,
    pub effect: Effect,
    pub(crate) principals: Option<Principals>,
    pub(crate) actions: Patterns,
    pub(crate) resources: Patterns,
    pub(crate) conditions: Vec<Condition>,
}

/// A parsed policy. The text it came from is kept: GetResourcePolicy answers with it as given.
#[derive(Clone, Debug, PartialEq)]
pub struct Policy {
    pub text: String,
    pub version: Option<String>,
    pub statements: Vec<Statement>,
}

/// Why IAM refuses a document (MalformedPolicyDocument), in IAM's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PolicyError {
    Syntax,
    ProhibitedPrincipal,
    MissingPrincipal,
    MissingEffect,
    NoActions,
    NoResources,
    UnknownVersion,
}

impl PolicyError {
    pub fn message(&self) -> &'static str {
        match self {
            PolicyError::Syntax => "Syntax errors in policy.",
            PolicyError::ProhibitedPrincipal => "Has prohibited field Principal",
            PolicyError::MissingPrincipal => "Missing required field Principal",
            PolicyError::MissingEffect => "Missing required field Effect",
            PolicyError::NoActions => "Policy statement must contain actions.",
            PolicyError::NoResources => "Policy statement must contain resources.",
            PolicyError::UnknownVersion => "The policy failed legacy parsing",
        }
    }
}

impl std::fmt::Display for PolicyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.message())
    }
}

impl Policy {
    pub fn parse(text: &str, kind: PolicyKind) -> Result<Policy, PolicyError> {
        let Ok(Value::Object(top)) = serde_json::from_str::<Value>(text) else {
            return Err(PolicyError::Syntax);
        };
        let version = match top.get("Version") {
            None => None,
            Some(Value::String(v)) if v == "2012-10-17" || v == "2008-10-17" => Some(v.clone()),
            Some(Value::String(_)) => return Err(PolicyError::UnknownVersion),
            Some(_) => return Err(PolicyError::Syntax),
        };
        if top.keys().any(|k| !matches!(k.as_str(), "Version" | "Id" | "Statement")) {
            return Err(PolicyError::Syntax);
        }
        let statements = match top.get("Statement") {
            Some(Value::Object(s)) => vec![statement(s, kind)?],
            Some(Value::Array(items)) if !items.is_empty() => items
                .iter()
                .map(|s| match s {
                    Value::Object(s) => statement(s, kind),
                    _ => Err(PolicyError::Syntax),
                })
                .collect::<Result<_, _>>()?,
            _ => return Err(PolicyError::Syntax),
        };
        Ok(Policy { text: text.to_string(), version, statements })
    }
}

const STATEMENT_KEYS: [&str; 9] = [
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];

fn statement(s: &Map<String, Value>, kind: PolicyKind) -> Result<Statement, PolicyError> {
    if s.keys().any(|k| !STATEMENT_KEYS.contains(&k.as_str())) {
        return Err(PolicyError::Syntax);
    }
    let sid = match s.get("Sid") {
        None => None,
        Some(Value::String(sid)) => Some(sid.clone()),
        Some(_) => return Err(PolicyError::Syntax),
    };
    let effect = match s.get("Effect") {
        Some(Value::String(e)) if e == "Allow" => Effect::Allow,
        Some(Value::String(e)) if e == "Deny" => Effect::Deny,
        Some(_) => return Err(PolicyError::Syntax),
        None => return Err(PolicyError::MissingEffect),
    };
    let principals = principals(s)?;
    match (kind, &principals) {
        (PolicyKind::Identity, Some(_)) => return Err(PolicyError::ProhibitedPrincipal),
        (PolicyKind::Resource, None) => return Err(PolicyError::MissingPrincipal),
        _ => {}
    }
    let actions = patterns(s, "Action", "NotAction")?.ok_or(PolicyError::NoActions)?;
    let resources = patterns(s, "Resource", "NotResource")?.ok_or(PolicyError::NoResources)?;
    let conditions = match s.get("Condition") {
        None => Vec::new(),
        Some(Value::Object(c)) => Condition::parse_block(c).ok_or(PolicyError::Syntax)?,
        Some(_) => return Err(PolicyError::Syntax),
    };
    Ok(Statement { sid, effect, principals, actions, resources, conditions })
}

/// A string or a non-empty list of strings.
fn strings(v: &Value) -> Option<Vec<String>> {
    match v {
        Value::String(s) => Some(vec![s.clone()]),
        Value::Array(items) if !items.is_empty() => {
            items.iter().map(|i| i.as_str().map(str::to_string)).collect()
        }
        _ => None,
    }
}

fn patterns(
    s: &Map<String, Value>,
    listed: &str,
    all_but: &str,
) -> Result<Option<Patterns>, PolicyError> {
    match (s.get(listed), s.get(all_but)) {
        (Some(_), Some(_)) => Err(PolicyError::Syntax),
        (Some(v), None) => strings(v).map(|p| Some(Patterns::Listed(p))).ok_or(PolicyError::Syntax),
        (None, Some(v)) => strings(v).map(|p| Some(Patterns::AllBut(p))).ok_or(PolicyError::Syntax),
        (None, None) => Ok(None),
    }
}

fn principals(s: &Map<String, Value>) -> Result<Option<Principals>, PolicyError> {
    let (value, negated) = match (s.get("Principal"), s.get("NotPrincipal")) {
        (Some(_), Some(_)) => return Err(PolicyError::Syntax),
        (Some(v), None) => (v, false),
        (None, Some(v)) => (v, true),
        (None, None) => return Ok(None),
    };
    let entries = match value {
        Value::String(star) if star == "*" => vec![("*".to_string(), "*".to_string())],
        Value::Object(map) if !map.is_empty() => {
            let mut entries = Vec::new();
            for (key, v) in map {
                if !matches!(key.as_str(), "AWS" | "Service" | "Federated" | "CanonicalUser") {
                    return Err(PolicyError::Syntax);
                }
                for value in strings(v).ok_or(PolicyError::Syntax)? {
                    entries.push((key.clone(), value));
                }
            }
            entries
        }
        _ => return Err(PolicyError::Syntax),
    };
    Ok(Some(Principals { negated, entries }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str, kind: PolicyKind) -> Result<Policy, String> {
        Policy::parse(text, kind).map_err(|e| e.message().to_string())
    }

    #[test]
    fn documents_iam_refuses() {
        let stmt = |s: &str| format!(r#"{{"Version": "2012-10-17", "Statement": [{s}]}}"#);
        let cases = [
            ("not json", PolicyKind::Resource, "Syntax errors in policy."),
            ("[]", PolicyKind::Resource, "Syntax errors in policy."),
            (r#"{"Statement": []}"#, PolicyKind::Resource, "Syntax errors in policy."),
            (
                &stmt(r#"{"Effect": "Allow", "Action": "kinesis:*", "Resource": "*"}"#),
                PolicyKind::Resource,
                "Missing required field Principal",
            ),
            (
                &stmt(
                    r#"{"Effect": "Allow", "Principal": "*", "Action": "kinesis:*", "Resource": "*"}"#,
                ),
                PolicyKind::Identity,
                "Has prohibited field Principal",
            ),
            (
                &stmt(r#"{"Effect": "Allow", "Action": "kinesis:*"}"#),
                PolicyKind::Identity,
                "Policy statement must contain resources.",
            ),
            (
                &stmt(r#"{"Effect": "Allow", "Principal": "*", "Resource": "*"}"#),
                PolicyKind::Resource,
                "Policy statement must contain actions.",
            ),
            (
                &stmt(r#"{"Principal": "*", "Action": "a:b", "Resource": "*"}"#),
                PolicyKind::Resource,
                "Missing required field Effect",
            ),
            (
                &stmt(
                    r#"{"Effect": "Permit", "Principal": "*", "Action": "a:b", "Resource": "*"}"#,
                ),
                PolicyKind::Resource,
                "Syntax errors in policy.",
            ),
            (
                r#"{"Version": "2020-01-01", "Statement": {"Effect": "Allow", "Principal": "*", "Action": "a:b"}}"#,
                PolicyKind::Resource,
                "The policy failed legacy parsing",
            ),
        ];
        for (text, kind, message) in cases {
            assert_eq!(parse(text, kind).err().as_deref(), Some(message), "{text}");
        }
    }

    #[test]
    fn one_statement_may_stand_alone() {
        let p = parse(
            r#"{"Statement": {"Sid": "A", "Effect": "Allow", "Principal": {"AWS": ["1", "2"]}, "Action": "kinesis:PutRecord", "Resource": "*"}}"#,
            PolicyKind::Resource,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p.statements.len(), 1);
        assert_eq!(p.statements[0].sid.as_deref(), Some("A"));
        let principals = p.statements[0].principals.clone().map(|p| p.entries.len());
        assert_eq!(principals, Some(2));
    }
}
