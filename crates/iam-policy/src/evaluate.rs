//! Deciding a request against policies: explicit deny beats allow, allow beats the default
//! (implicit) deny ("Policy evaluation logic", IAM User Guide).

use crate::condition::Context;
use crate::document::{Effect, Patterns, Policy, Statement};
use crate::matching::{action_matches, text_matches};
use crate::principal::Principal;

/// What is asked: `principal` wants to do `action` (`kinesis:PutRecord`) on `resource` (an
/// ARN), with these condition keys.
#[derive(Clone, Copy, Debug)]
pub struct Request<'a> {
    pub principal: &'a Principal,
    pub action: &'a str,
    pub resource: &'a str,
    pub context: &'a Context,
}

impl<'a> Request<'a> {
    pub fn new(
        principal: &'a Principal,
        action: &'a str,
        resource: &'a str,
        context: &'a Context,
    ) -> Self {
        Request { principal, action, resource, context }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Allowed,
    ExplicitlyDenied,
    /// No statement allowed it (the default for everything).
    ImplicitlyDenied,
}

/// The statement that decided: which policy (by the name the caller gave it), which statement
/// (from 0), and its Sid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatementRef {
    pub policy: String,
    pub index: usize,
    pub sid: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evaluation {
    pub decision: Decision,
    /// `None` for an implicit deny: no statement decided it.
    pub statement: Option<StatementRef>,
}

/// Decides `request` against named policies. The first explicit Deny (in policy order, then
/// statement order) decides; failing that, the first Allow; failing that, the implicit deny.
pub fn evaluate(policies: &[(&str, &Policy)], request: &Request<'_>) -> Evaluation {
    let mut allow = None;
    for (name, policy) in policies {
        for (index, statement) in policy.statements.iter().enumerate() {
            if !applies(statement, request) {
                continue;
            }
            let found =
                || StatementRef { policy: name.to_string(), index, sid: statement.sid.clone() };
            match statement.effect {
                Effect::Deny => {
                    return Evaluation {
                        decision: Decision::ExplicitlyDenied,
                        statement: Some(found()),
                    }
                }
                Effect::Allow if allow.is_none() => allow = Some(found()),
                Effect::Allow => {}
            }
        }
    }
    match allow {
        Some(statement) => Evaluation { decision: Decision::Allowed, statement: Some(statement) },
        None => Evaluation { decision: Decision::ImplicitlyDenied, statement: None },
    }
}

/// Whether every element of the statement matches the request.
fn applies(s: &Statement, r: &Request<'_>) -> bool {
    let principal_ok = s.principals.as_ref().is_none_or(|p| {
        let named = p.entries.iter().any(|(kind, value)| r.principal.named_by(kind, value));
        named != p.negated
    });
    principal_ok
        && matches_patterns(&s.actions, |p| action_matches(p, r.action))
        && matches_patterns(&s.resources, |p| text_matches(p, r.resource))
        && s.conditions.iter().all(|c| c.holds(r.context))
}

fn matches_patterns(p: &Patterns, matches: impl Fn(&str) -> bool) -> bool {
    match p {
        Patterns::Listed(list) => list.iter().any(|x| matches(x)),
        Patterns::AllBut(list) => !list.iter().any(|x| matches(x)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::PolicyKind;

    const STREAM: &str = "arn:aws:kinesis:us-east-1:111122223333:stream/orders";

    fn policy(statements: &str) -> Policy {
        let text = format!(r#"{{"Version": "2012-10-17", "Statement": [{statements}]}}"#);
        Policy::parse(&text, PolicyKind::Resource).unwrap_or_else(|e| panic!("{e}: {text}"))
    }

    fn decide(p: &Policy, who: &Principal, action: &str) -> Evaluation {
        let context = Context::default();
        evaluate(&[("stream", p)], &Request::new(who, action, STREAM, &context))
    }

    #[test]
    fn explicit_deny_beats_allow_and_nothing_denies_implicitly() {
        let p = policy(
            r#"{"Sid": "Everyone", "Effect": "Allow", "Principal": "*", "Action": "kinesis:*", "Resource": "*"},
               {"Sid": "NotBob", "Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::111122223333:user/bob"},
                "Action": ["kinesis:PutRecord", "kinesis:PutRecords"], "Resource": "arn:aws:kinesis:*:*:stream/orders"}"#,
        );
        let bob = Principal::user("111122223333", "bob");
        let alice = Principal::user("111122223333", "alice");
        let e = decide(&p, &bob, "kinesis:PutRecord");
        assert_eq!(e.decision, Decision::ExplicitlyDenied);
        assert_eq!(e.statement.and_then(|s| s.sid).as_deref(), Some("NotBob"));
        let e = decide(&p, &alice, "kinesis:PutRecord");
        assert_eq!((e.decision, e.statement.map(|s| s.index)), (Decision::Allowed, Some(0)));
        assert_eq!(decide(&p, &bob, "kinesis:GetRecords").decision, Decision::Allowed);
        let only_reads = policy(
            r#"{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "kinesis:Get*", "Resource": "*"}"#,
        );
        let e = decide(&only_reads, &alice, "kinesis:PutRecord");
        assert_eq!(e, Evaluation { decision: Decision::ImplicitlyDenied, statement: None });
    }

    #[test]
    fn not_elements_invert_their_match() {
        let p = policy(
            r#"{"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:user/alice"},
                "NotAction": "kinesis:Describe*", "NotResource": "arn:aws:kinesis:*:*:stream/public"}"#,
        );
        let bob = Principal::user("111122223333", "bob");
        let alice = Principal::user("111122223333", "alice");
        assert_eq!(decide(&p, &bob, "kinesis:PutRecord").decision, Decision::ExplicitlyDenied);
        assert_eq!(decide(&p, &bob, "kinesis:DescribeStream").decision, Decision::ImplicitlyDenied);
        assert_eq!(decide(&p, &alice, "kinesis:PutRecord").decision, Decision::ImplicitlyDenied);
    }

    #[test]
    fn conditions_decide_with_the_request_context() {
        let p = policy(
            r#"{"Effect": "Allow", "Principal": "*", "Action": "kinesis:PutRecord", "Resource": "*",
                "Condition": {"StringEquals": {"aws:PrincipalTag/team": "orders"}}}"#,
        );
        let bob = Principal::user("111122223333", "bob");
        let tagged = Context::default().with("aws:PrincipalTag/team", "orders");
        let with =
            evaluate(&[("s", &p)], &Request::new(&bob, "kinesis:PutRecord", STREAM, &tagged));
        assert_eq!(with.decision, Decision::Allowed);
        assert_eq!(decide(&p, &bob, "kinesis:PutRecord").decision, Decision::ImplicitlyDenied);
    }
}
