//! IAM users and what a learner observes of IAM.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq)]
pub struct User {
    pub name: String,
    /// `AIDA` + 17 characters, as IAM's user ids look.
    pub id: String,
    pub arn: String,
    pub created_ms: i64,
    /// Inline policies by name: the document as given, and as parsed.
    pub policies: BTreeMap<String, iam_policy::Policy>,
    /// AWS managed policies attached (AttachUserPolicy), by name (`AdministratorAccess`).
    pub attached: std::collections::BTreeSet<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Event {
    UserCreated {
        user: String,
    },
    UserPolicyPut {
        user: String,
        policy: String,
    },
    UserPolicyDeleted {
        user: String,
        policy: String,
    },
    /// A call by an IAM user decided by its policies: `allowed`, `explicitDeny` or
    /// `implicitDeny` (IAM's EvalDecision words), and the statement that decided
    /// (`policy#index (Sid)`), if one did.
    AccessDecided {
        principal: String,
        action: String,
        resource: String,
        decision: String,
        statement: Option<String>,
    },
    /// An AWS managed policy attached to a user (its ARN), or detached.
    UserPolicyAttached {
        user: String,
        policy_arn: String,
    },
    UserPolicyDetached {
        user: String,
        policy_arn: String,
    },
}

/// IAM schedules nothing: no wake-up can exist.
#[derive(Clone, Debug)]
pub enum Wake {}
