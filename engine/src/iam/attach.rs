//! AttachUserPolicy, DetachUserPolicy, ListAttachedUserPolicies (AWS managed policies only:
//! [`super::managed`]) and GetUser.

use serde::{Deserialize, Serialize};

use crate::api::ApiError;
use crate::sim::{Ctx, Services};

use super::managed::{self, Managed};
use super::model::Event;
use super::ops::{err, no_such_user, user_out, Empty, UserOut};

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct AttachInput {
    pub user_name: Option<String>,
    pub policy_arn: Option<String>,
}

/// The managed policy an ARN names: IAM's InvalidInput for what is no ARN, NoSuchEntity for a
/// policy it does not have (the sandbox has only [`managed::MANAGED`]; customer managed
/// policies are not simulated).
fn policy(arn: &str) -> Result<&'static Managed, ApiError> {
    if !arn.starts_with("arn:") || arn.split(':').count() < 6 {
        return Err(err("InvalidInput", format!("ARN {arn} is not valid.")));
    }
    managed::by_arn(arn).ok_or_else(|| {
        let mut e =
            err("NoSuchEntity", format!("Policy {arn} does not exist or is not attachable."));
        e.status = 404;
        e
    })
}

pub fn attach_user_policy(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    input: AttachInput,
) -> Result<Empty, ApiError> {
    let user = input.user_name.unwrap_or_default();
    let arn = input.policy_arn.unwrap_or_default();
    let m = policy(&arn)?;
    let u = services.iam.users.get_mut(&user).ok_or_else(|| no_such_user(&user))?;
    // Attaching a policy that is attached already succeeds and changes nothing, as in IAM.
    if u.attached.insert(m.name.to_string()) {
        ctx.emit(Event::UserPolicyAttached { user, policy_arn: m.arn() });
    }
    Ok(Empty {})
}

pub fn detach_user_policy(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    input: AttachInput,
) -> Result<Empty, ApiError> {
    let user = input.user_name.unwrap_or_default();
    let arn = input.policy_arn.unwrap_or_default();
    let m = policy(&arn)?;
    let u = services.iam.users.get_mut(&user).ok_or_else(|| no_such_user(&user))?;
    if !u.attached.remove(m.name) {
        let mut e = err("NoSuchEntity", format!("Policy {arn} was not found."));
        e.status = 404;
        return Err(e);
    }
    ctx.emit(Event::UserPolicyDetached { user, policy_arn: m.arn() });
    Ok(Empty {})
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ListAttachedInput {
    pub user_name: Option<String>,
    pub path_prefix: Option<String>,
    pub marker: Option<String>,
    pub max_items: Option<i64>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttachedPolicy {
    pub policy_name: String,
    pub policy_arn: String,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListAttachedOutput {
    pub attached_policies: Vec<AttachedPolicy>,
    pub is_truncated: bool,
}

pub fn list_attached_user_policies(
    services: &mut Services,
    _ctx: &mut Ctx<'_>,
    input: ListAttachedInput,
) -> Result<ListAttachedOutput, ApiError> {
    let user = input.user_name.unwrap_or_default();
    let u = services.iam.users.get(&user).ok_or_else(|| no_such_user(&user))?;
    let attached_policies = u
        .attached
        .iter()
        .map(|name| AttachedPolicy {
            policy_name: name.clone(),
            policy_arn: format!("arn:aws:iam::aws:policy/{name}"),
        })
        .collect();
    Ok(ListAttachedOutput { attached_policies, is_truncated: false })
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct GetUserInput {
    pub user_name: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetUserOutput {
    pub user: UserOut,
}

/// GetUser: the named user, or (no name) the IAM user making the call.
pub fn get_user(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    input: GetUserInput,
) -> Result<GetUserOutput, ApiError> {
    let name = match input.user_name {
        Some(n) => n,
        None => match ctx.principal() {
            iam_policy::Principal::User { name, .. } => name,
            // The root user has no IAM user to describe; the sandbox answers as IAM does for
            // a name it does not know.
            _ => String::new(),
        },
    };
    let u = services.iam.users.get(&name).ok_or_else(|| no_such_user(&name))?;
    Ok(GetUserOutput { user: user_out(u) })
}
