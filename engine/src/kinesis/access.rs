//! Resource policies at work: every call that names a stream or a consumer is decided against
//! the policy attached to it (PutResourcePolicy), with IAM's evaluation (`iam-policy`).
//!
//! Who calls is [`crate::sim::caller`]'s business. The account's own principals are allowed by
//! their identity policies (the sandbox has none yet: they act with the account's full
//! permissions), so for them only an explicit Deny in the resource policy matters; principals
//! of another account get only what the resource policy allows them. Calls that name no stream
//! (ListStreams, DescribeLimits) are not decided here.

use iam_policy::{Context, Decision, PolicyType, Principal, Request};
use serde_json::Value;

use super::ops::messages;
use super::Kinesis;
use crate::api::ApiError;
use crate::sim::Ctx;

/// The resource policy operations: the root user of the owning account may always use them
/// (so a policy that locks everyone out can be removed), other principals as policies say.
pub const POLICY_ACTIONS: [&str; 3] =
    ["PutResourcePolicy", "GetResourcePolicy", "DeleteResourcePolicy"];

/// Decides `action` (`PutRecord`) with the request `body` for the call's principal. Cheap when
/// no policy is attached anywhere and the caller is of this account: the body is not read.
pub fn authorize(k: &Kinesis, ctx: &Ctx<'_>, action: &str, body: &str) -> Result<(), ApiError> {
    let principal = ctx.principal();
    let account = ctx.config.account_id.as_str();
    let own = principal.account() == Some(account);
    if own && k.policies.is_empty() {
        return Ok(());
    }
    if POLICY_ACTIONS.contains(&action) && principal == Principal::root(account) {
        return Ok(());
    }
    let Some(resource) = resource_named(k, ctx, body) else { return Ok(()) };
    let policy = k.policies.get(&resource);
    let full_action = format!("kinesis:{action}");
    let context = Context::default()
        .with("aws:PrincipalArn", principal.arn())
        .with("aws:PrincipalAccount", principal.account().unwrap_or_default());
    let request = Request::new(&principal, &full_action, &resource, &context);
    let decision = match policy {
        Some(p) => iam_policy::evaluate(&[("resource policy", p)], &request).decision,
        None => Decision::ImplicitlyDenied,
    };
    let refused = match decision {
        Decision::ExplicitlyDenied => true,
        Decision::ImplicitlyDenied => !own,
        Decision::Allowed => false,
    };
    if !refused {
        return Ok(());
    }
    let text = iam_policy::access_denied_message(
        &principal,
        &full_action,
        &resource,
        decision,
        PolicyType::ResourceBased,
    );
    Err(messages::access_denied(text.unwrap_or_default()))
}

/// The ARN of the stream or consumer a request names: ConsumerARN, ResourceARN, StreamARN (with
/// ConsumerName, the consumer), or StreamName in this account and region.
fn resource_named(k: &Kinesis, ctx: &Ctx<'_>, body: &str) -> Option<String> {
    let Ok(Value::Object(members)) = serde_json::from_str::<Value>(body) else { return None };
    let text = |key: &str| members.get(key).and_then(Value::as_str);
    if let Some(arn) = text("ConsumerARN").or(text("ResourceARN")) {
        return Some(arn.to_string());
    }
    let stream_arn = match (text("StreamARN"), text("StreamName")) {
        (Some(arn), _) => arn.to_string(),
        (None, Some(name)) => super::ops::stream_arn(ctx, name),
        (None, None) => return None,
    };
    let consumer = text("ConsumerName").and_then(|c| {
        let name = stream_arn.rsplit_once("stream/").map(|(_, n)| n)?;
        k.streams.get(name)?.consumers.get(c).map(|c| c.arn.clone())
    });
    Some(consumer.unwrap_or(stream_arn))
}
