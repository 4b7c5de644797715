//! IAM's actions for EMR access: CreateUser, ListUsers, PutUserPolicy, ListUserPolicies,
//! DeleteUserPolicy, SimulatePrincipalPolicy (as the IAM policy simulator answers: allowed,
//! implicitDeny or explicitDeny, with the statement that matched).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::api::json::call;
use crate::api::wire::Timestamp;
use crate::api::{ApiError, ErrorCode};
use crate::sim::{Ctx, Services};

use super::authorize::{decision_word, evaluate, Asked};
use super::model::{Event, User, Wake};

/// Runs `iam.<action>` through EMR's code table (the page fetches IAM's code with EMR's).
pub(crate) fn dispatch(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    action: &str,
    body: &str,
) -> Result<String, ApiError> {
    crate::emr::iam_dispatch(services, ctx, action, body)
}

pub(crate) fn dispatch_linked(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    action: &str,
    body: &str,
) -> Result<String, ApiError> {
    match action {
        "CreateUser" => call(services, ctx, body, create_user),
        "ListUsers" => call(services, ctx, body, list_users),
        "PutUserPolicy" => call(services, ctx, body, put_user_policy),
        "ListUserPolicies" => call(services, ctx, body, list_user_policies),
        "DeleteUserPolicy" => call(services, ctx, body, delete_user_policy),
        "SimulatePrincipalPolicy" => call(services, ctx, body, simulate_principal_policy),
        "AttachUserPolicy" => call(services, ctx, body, super::attach::attach_user_policy),
        "DetachUserPolicy" => call(services, ctx, body, super::attach::detach_user_policy),
        "ListAttachedUserPolicies" => {
            call(services, ctx, body, super::attach::list_attached_user_policies)
        }
        "GetUser" => call(services, ctx, body, super::attach::get_user),
        _ => Err(ApiError::unknown_operation()),
    }
}

pub(crate) fn wake(_services: &mut Services, _ctx: &mut Ctx<'_>, wake: Wake) {
    match wake {}
}

pub(super) fn err(code: &str, message: String) -> ApiError {
    ApiError::new(ErrorCode::Other(code.to_string()), message)
}

pub(super) fn no_such_user(name: &str) -> ApiError {
    let mut e = err("NoSuchEntity", format!("The user with name {name} cannot be found."));
    e.status = 404;
    e
}

/// IAM's user names: 1-64 of `[\w+=,.@-]`.
fn check_name(member: &str, name: &str) -> Result<(), ApiError> {
    let ok = (1..=64).contains(&name.chars().count())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || "_+=,.@-".contains(c));
    if ok {
        return Ok(());
    }
    Err(ApiError::new(
        ErrorCode::Validation,
        format!("1 validation error detected: Value '{name}' at '{member}' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+"),
    ))
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct UserNameInput {
    pub user_name: Option<String>,
    pub path: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserOut {
    pub path: String,
    pub user_name: String,
    pub user_id: String,
    pub arn: String,
    pub create_date: Timestamp,
}

pub(super) fn user_out(u: &User) -> UserOut {
    UserOut {
        path: "/".into(),
        user_name: u.name.clone(),
        user_id: u.id.clone(),
        arn: u.arn.clone(),
        create_date: Timestamp(u.created_ms),
    }
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateUserOutput {
    pub user: UserOut,
}

pub fn create_user(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    input: UserNameInput,
) -> Result<CreateUserOutput, ApiError> {
    let name = input.user_name.unwrap_or_default();
    check_name("userName", &name)?;
    // IAM user names are unique without regard to case.
    if services.iam.users.keys().any(|k| k.eq_ignore_ascii_case(&name)) {
        let mut e = err("EntityAlreadyExists", format!("User with name {name} already exists."));
        e.status = 409;
        return Err(e);
    }
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let id: String =
        (0..17).map(|_| ALPHABET[ctx.rng.below(ALPHABET.len() as u64) as usize] as char).collect();
    let user = User {
        name: name.clone(),
        id: format!("AIDA{id}"),
        arn: format!("arn:aws:iam::{}:user/{name}", ctx.config.account_id),
        created_ms: ctx.unix_ms(),
        policies: BTreeMap::new(),
        attached: Default::default(),
    };
    let out = user_out(&user);
    services.iam.users.insert(name.clone(), user);
    ctx.emit(Event::UserCreated { user: name });
    Ok(CreateUserOutput { user: out })
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListUsersOutput {
    pub users: Vec<UserOut>,
    pub is_truncated: bool,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ListUsersInput {
    pub path_prefix: Option<String>,
    pub marker: Option<String>,
    pub max_items: Option<i64>,
}

pub fn list_users(
    services: &mut Services,
    _ctx: &mut Ctx<'_>,
    _input: ListUsersInput,
) -> Result<ListUsersOutput, ApiError> {
    Ok(ListUsersOutput {
        users: services.iam.users.values().map(user_out).collect(),
        is_truncated: false,
    })
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PutUserPolicyInput {
    pub user_name: Option<String>,
    pub policy_name: Option<String>,
    pub policy_document: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Empty {}

pub fn put_user_policy(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    input: PutUserPolicyInput,
) -> Result<Empty, ApiError> {
    let user = input.user_name.unwrap_or_default();
    let name = input.policy_name.unwrap_or_default();
    check_name("userName", &user)?;
    check_name("policyName", &name)?;
    let text = input.policy_document.unwrap_or_default();
    let policy = iam_policy::Policy::parse(&text, iam_policy::PolicyKind::Identity)
        .map_err(|e| err("MalformedPolicyDocument", e.message().to_string()))?;
    let u = services.iam.users.get_mut(&user).ok_or_else(|| no_such_user(&user))?;
    u.policies.insert(name.clone(), policy);
    ctx.emit(Event::UserPolicyPut { user, policy: name });
    Ok(Empty {})
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct UserPolicyInput {
    pub user_name: Option<String>,
    pub policy_name: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListUserPoliciesOutput {
    pub policy_names: Vec<String>,
    pub is_truncated: bool,
}

pub fn list_user_policies(
    services: &mut Services,
    _ctx: &mut Ctx<'_>,
    input: UserPolicyInput,
) -> Result<ListUserPoliciesOutput, ApiError> {
    let user = input.user_name.unwrap_or_default();
    let u = services.iam.users.get(&user).ok_or_else(|| no_such_user(&user))?;
    Ok(ListUserPoliciesOutput {
        policy_names: u.policies.keys().cloned().collect(),
        is_truncated: false,
    })
}

pub fn delete_user_policy(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    input: UserPolicyInput,
) -> Result<Empty, ApiError> {
    let user = input.user_name.unwrap_or_default();
    let name = input.policy_name.unwrap_or_default();
    let u = services.iam.users.get_mut(&user).ok_or_else(|| no_such_user(&user))?;
    if u.policies.remove(&name).is_none() {
        let mut e =
            err("NoSuchEntity", format!("The user policy with name {name} cannot be found."));
        e.status = 404;
        return Err(e);
    }
    ctx.emit(Event::UserPolicyDeleted { user, policy: name });
    Ok(Empty {})
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ContextEntry {
    pub context_key_name: Option<String>,
    pub context_key_values: Vec<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct SimulateInput {
    pub policy_source_arn: Option<String>,
    pub action_names: Vec<String>,
    pub resource_arns: Vec<String>,
    pub context_entries: Vec<ContextEntry>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MatchedStatement {
    pub source_policy_id: String,
    pub source_policy_type: String,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EvaluationResult {
    pub eval_action_name: String,
    pub eval_resource_name: String,
    pub eval_decision: String,
    pub matched_statements: Vec<MatchedStatement>,
    pub missing_context_values: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SimulateOutput {
    pub evaluation_results: Vec<EvaluationResult>,
    pub is_truncated: bool,
}

/// The policy simulator for a user: each action on each resource (`*` when none is given).
pub fn simulate_principal_policy(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    input: SimulateInput,
) -> Result<SimulateOutput, ApiError> {
    let arn = input.policy_source_arn.unwrap_or_default();
    let account = ctx.config.account_id.clone();
    let prefix = format!("arn:aws:iam::{account}:user/");
    let Some(name) = arn.strip_prefix(&prefix) else {
        return Err(err("InvalidInput", format!("Invalid ARN: {arn}")));
    };
    if !services.iam.has_user(name) {
        return Err(no_such_user(name));
    }
    let principal = iam_policy::Principal::user(&account, name);
    let mut context = iam_policy::Context::default();
    for e in &input.context_entries {
        if let (Some(k), Some(v)) = (&e.context_key_name, e.context_key_values.first()) {
            context = context.with(k, v.clone());
        }
    }
    let resources = if input.resource_arns.is_empty() {
        vec!["*".to_string()]
    } else {
        input.resource_arns.clone()
    };
    let mut results = Vec::new();
    for action in &input.action_names {
        for resource in &resources {
            let asked = Asked { action, resource, context: &context };
            let Some(e) = evaluate(services, &principal, &account, &asked) else { continue };
            results.push(EvaluationResult {
                eval_action_name: action.clone(),
                eval_resource_name: resource.clone(),
                eval_decision: decision_word(e.decision).into(),
                matched_statements: e
                    .statement
                    .map(|s| MatchedStatement {
                        // The model's PolicySourceType: an inline user policy is `user`.
                        source_policy_type: if super::managed::MANAGED
                            .iter()
                            .any(|m| m.name == s.policy)
                        {
                            "aws-managed".into()
                        } else {
                            "user".into()
                        },
                        source_policy_id: s.policy,
                    })
                    .into_iter()
                    .collect(),
                missing_context_values: Vec::new(),
            });
        }
    }
    Ok(SimulateOutput { evaluation_results: results, is_truncated: false })
}
