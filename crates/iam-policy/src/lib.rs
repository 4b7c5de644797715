//! IAM policy documents and their evaluation, as IAM defines them ("IAM JSON policy elements
//! reference", "Policy evaluation logic" in the IAM User Guide): parse a policy the way IAM
//! refuses a malformed one, and decide a request made by a principal, for an action, on a
//! resource, in a context of condition keys.
//!
//! The decision follows IAM's order: an explicit `Deny` in any policy wins; otherwise an
//! `Allow` in any policy allows; otherwise the request is implicitly denied. Every answer names
//! the statement that decided it, which is what the IAM policy simulator shows.
//!
//! Engine-pure (no I/O, no clock): Kinesis resource policies use it today; EMR's identity
//! policies and the policy simulator (issue 14) reuse it as they are.
//!
//! ```
//! use iam_policy::{Context, Decision, Policy, PolicyKind, Principal, Request};
//!
//! let policy = Policy::parse(
//!     r#"{"Version": "2012-10-17", "Statement": [{"Sid": "NoWrites", "Effect": "Deny",
//!         "Principal": {"AWS": "arn:aws:iam::111122223333:user/bob"},
//!         "Action": "kinesis:Put*", "Resource": "*"}]}"#,
//!     PolicyKind::Resource,
//! )
//! .unwrap();
//! let bob = Principal::user("111122223333", "bob");
//! let context = Context::default();
//! let request = Request::new(&bob, "kinesis:PutRecord", "arn:aws:kinesis:us-east-1:111122223333:stream/s", &context);
//! let answer = iam_policy::evaluate(&[("stream policy", &policy)], &request);
//! assert_eq!(answer.decision, Decision::ExplicitlyDenied);
//! assert_eq!(answer.statement.unwrap().sid.as_deref(), Some("NoWrites"));
//! ```

mod condition;
mod document;
mod evaluate;
mod matching;
mod principal;

pub use condition::{Condition, Context};
pub use document::{Effect, Policy, PolicyError, PolicyKind, Statement};
pub use evaluate::{evaluate, Decision, Evaluation, Request, StatementRef};
pub use principal::Principal;

/// The kind of policy an AccessDenied text names ("... because no resource-based policy
/// allows ...").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyType {
    IdentityBased,
    ResourceBased,
}

impl PolicyType {
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyType::IdentityBased => "identity-based",
            PolicyType::ResourceBased => "resource-based",
        }
    }
}

/// AWS's AccessDenied text ("Troubleshoot access denied error messages", IAM User Guide):
/// `User: ARN is not authorized to perform: ACTION on resource: ARN with an explicit deny in a
/// resource-based policy`, or `... because no resource-based policy allows the ACTION action`.
/// `None` when the decision allows.
pub fn access_denied_message(
    principal: &Principal,
    action: &str,
    resource: &str,
    decision: Decision,
    policy_type: PolicyType,
) -> Option<String> {
    let head = format!(
        "User: {} is not authorized to perform: {action} on resource: {resource}",
        principal.arn()
    );
    let kind = policy_type.as_str();
    // "in an identity-based policy", "in a resource-based policy".
    let article = match policy_type {
        PolicyType::IdentityBased => "an",
        PolicyType::ResourceBased => "a",
    };
    match decision {
        Decision::Allowed => None,
        Decision::ExplicitlyDenied => {
            Some(format!("{head} with an explicit deny in {article} {kind} policy"))
        }
        Decision::ImplicitlyDenied => {
            Some(format!("{head} because no {kind} policy allows the {action} action"))
        }
    }
}
