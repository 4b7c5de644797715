//! AWS IAM, its smallest useful part for EMR access: the account's IAM users with inline
//! identity policies, and the decision every EMR call goes through ([`authorize`]): explicit
//! deny beats allow, allow beats the default deny, and the event log records the statement
//! that decided.
//!
//! IAM speaks the query protocol; its calls reach [`dispatch`] as `iam.<Action>` commands with
//! the input shape in JSON (CreateUser, ListUsers, PutUserPolicy, ListUserPolicies,
//! DeleteUserPolicy, AttachUserPolicy with a few AWS managed policies ([`managed`]),
//! DetachUserPolicy, ListAttachedUserPolicies, GetUser, SimulatePrincipalPolicy).
//!
//! Who is asked: a call's caller (`crate::sim::caller`). The root user is never refused. A
//! user IAM knows (made with CreateUser) gets exactly what its policies allow. A name IAM does
//! not know keeps the sandbox's older rule (everything allowed, as with AdministratorAccess),
//! so links and endpoint scripts from before IAM users existed work as they did.
//!
//! Rooms: [`model`] (users, events), [`ops`] (the actions), [`authorize`] (the decision).
//! IAM schedules nothing and has no learner commands of its own.

pub mod attach;
pub mod authorize;
pub mod managed;
pub mod model;
pub mod ops;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use authorize::{authorize, Asked};
pub use model::{Event, Wake};
pub(crate) use ops::{dispatch, wake};

use crate::api::ApiError;
use crate::sim::{Ctx, Services};

/// The account's IAM users, by name.
#[derive(Clone, Debug, Default)]
pub struct Iam {
    pub(crate) users: BTreeMap<String, model::User>,
}

impl Iam {
    /// Whether IAM knows user `name` (and so decides its calls by its policies).
    pub fn has_user(&self, name: &str) -> bool {
        self.users.contains_key(name)
    }
}

/// IAM has no learner commands: everything goes through its API.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum IamCommand {}

pub use IamCommand as LearnerCommand;

impl IamCommand {
    pub fn action(&self) -> &'static str {
        match *self {}
    }
}

pub(crate) fn command(
    _services: &mut Services,
    _ctx: &mut Ctx<'_>,
    command: &IamCommand,
) -> Result<String, ApiError> {
    match *command {}
}

/// Read-only view: the users and their policy names.
pub struct Snapshot<'a> {
    iam: &'a Iam,
}

impl<'a> Snapshot<'a> {
    pub(crate) fn new(iam: &'a Iam, _now_unix_ms: i64) -> Self {
        Self { iam }
    }

    /// (user name, its inline policies' names), by name.
    pub fn users(&self) -> Vec<(String, Vec<String>)> {
        self.iam
            .users
            .values()
            .map(|u| (u.name.clone(), u.policies.keys().cloned().collect()))
            .collect()
    }
}
