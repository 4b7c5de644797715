//! The decision every EMR call goes through, as IAM makes it for an identity-based policy.

use iam_policy::{Context, Decision, PolicyType, Principal, Request};

use super::model::Event;
use crate::api::{ApiError, ErrorCode};
use crate::sim::{Ctx, Services};

/// What a call asks to do: `elasticmapreduce:AddJobFlowSteps` on a cluster's ARN (or `*`),
/// with the condition keys the request carries.
pub struct Asked<'a> {
    pub action: &'a str,
    pub resource: &'a str,
    pub context: &'a Context,
}

/// IAM's EvalDecision word for a decision.
pub fn decision_word(d: Decision) -> &'static str {
    match d {
        Decision::Allowed => "allowed",
        Decision::ExplicitlyDenied => "explicitDeny",
        Decision::ImplicitlyDenied => "implicitDeny",
    }
}

/// Decides `asked` for `principal` from its identity policies; `None` when IAM does not
/// decide for it (the root user, or a caller IAM has no user for).
pub fn evaluate(
    services: &Services,
    principal: &Principal,
    account: &str,
    asked: &Asked<'_>,
) -> Option<iam_policy::Evaluation> {
    let Principal::User { account: of, name } = principal else { return None };
    if of != account {
        return None;
    }
    let user = services.iam.users.get(name)?;
    // Inline policies first, then the attached managed ones (the order only picks which of
    // several deciding statements is reported).
    let managed: Vec<(&str, iam_policy::Policy)> = user
        .attached
        .iter()
        .filter_map(|n| {
            let m = super::managed::MANAGED.iter().find(|m| m.name == n)?;
            Some((m.name, m.policy()?))
        })
        .collect();
    let mut policies: Vec<(&str, &iam_policy::Policy)> =
        user.policies.iter().map(|(n, p)| (n.as_str(), p)).collect();
    policies.extend(managed.iter().map(|(n, p)| (*n, p)));
    Some(iam_policy::evaluate(
        &policies,
        &Request::new(principal, asked.action, asked.resource, asked.context),
    ))
}

/// Allows or refuses the call being handled, recording the decision for an IAM user.
pub fn authorize(
    services: &Services,
    ctx: &mut Ctx<'_>,
    asked: &Asked<'_>,
) -> Result<(), ApiError> {
    let principal = ctx.principal();
    let account = ctx.config.account_id.clone();
    let Some(e) = evaluate(services, &principal, &account, asked) else { return Ok(()) };
    ctx.emit(Event::AccessDecided {
        principal: principal.arn(),
        action: asked.action.to_string(),
        resource: asked.resource.to_string(),
        decision: decision_word(e.decision).to_string(),
        statement: e.statement.as_ref().map(|s| match &s.sid {
            Some(sid) => format!("{}#{} ({sid})", s.policy, s.index),
            None => format!("{}#{}", s.policy, s.index),
        }),
    });
    match iam_policy::access_denied_message(
        &principal,
        asked.action,
        asked.resource,
        e.decision,
        PolicyType::IdentityBased,
    ) {
        None => Ok(()),
        Some(text) => Err(ApiError::new(ErrorCode::AccessDenied, text)),
    }
}
