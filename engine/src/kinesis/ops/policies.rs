//! Resource policies: PutResourcePolicy, GetResourcePolicy, DeleteResourcePolicy. The policy is
//! a real IAM policy document, checked as IAM checks one and decided on every later call to
//! its stream or consumer ([`crate::kinesis::access`]).

use iam_policy::{Policy, PolicyKind};

use super::*;
use crate::kinesis::wire::*;
use crate::kinesis::{Event, Kinesis};

fn check_resource(v: &mut Validator, arn: Option<&String>, stream_id: Option<&str>) {
    if v.required("resourceARN", arn) {
        v.string(
            "resourceARN",
            arn.map(String::as_str),
            Some(1),
            Some(2048),
            Some(validate::RESOURCE_ARN),
        );
    }
    v.string("streamId", stream_id, Some(1), Some(24), Some(validate::STREAM_ID));
}

/// The stream or consumer an ARN names must exist: a policy is attached to something.
fn existing_resource(k: &Kinesis, ctx: &Ctx<'_>, arn: &str) -> Result<(), ApiError> {
    let account = ctx.config.account_id.as_str();
    let prefix = format!("arn:aws:kinesis:{}:{account}:stream/", ctx.config.region);
    let rest = arn.strip_prefix(&prefix).ok_or_else(|| stream_not_found(arn, account))?;
    let (stream, consumer) = match rest.split_once("/consumer/") {
        Some((s, c)) => (s, Some(c)),
        None => (rest, None),
    };
    let s = k.streams.get(stream).ok_or_else(|| stream_not_found(arn, account))?;
    match consumer {
        None => Ok(()),
        Some(_) if s.consumers.values().any(|c| c.arn == arn) => Ok(()),
        Some(_) => Err(consumer_not_found(arn, account)),
    }
}

/// Only principals of the owning account may manage its policies.
fn same_account(ctx: &Ctx<'_>, action: &str, arn: &str) -> Result<(), ApiError> {
    let principal = ctx.principal();
    if principal.account() == Some(ctx.config.account_id.as_str()) {
        return Ok(());
    }
    let text = iam_policy::access_denied_message(
        &principal,
        &format!("kinesis:{action}"),
        arn,
        iam_policy::Decision::ImplicitlyDenied,
        iam_policy::PolicyType::ResourceBased,
    );
    Err(access_denied(text.unwrap_or_default()))
}

pub fn put_resource_policy(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    req: PutResourcePolicyInput,
) -> Result<Empty, ApiError> {
    let mut v = Validator::new();
    v.required("policy", req.policy.as_ref());
    check_resource(&mut v, req.resource_arn.as_ref(), req.stream_id.as_deref());
    v.finish()?;
    let arn = req.resource_arn.unwrap_or_default();
    same_account(ctx, "PutResourcePolicy", &arn)?;
    existing_resource(k, ctx, &arn)?;
    let text = req.policy.unwrap_or_default();
    let policy =
        Policy::parse(&text, PolicyKind::Resource).map_err(|e| malformed_policy(e.message()))?;
    k.policies.insert(arn.clone(), policy);
    ctx.emit(Event::StreamUpdated { stream: arn, what: "ResourcePolicy".into() });
    Ok(Empty)
}

pub fn get_resource_policy(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    req: ResourcePolicyRef,
) -> Result<GetResourcePolicyOutput, ApiError> {
    let mut v = Validator::new();
    check_resource(&mut v, req.resource_arn.as_ref(), req.stream_id.as_deref());
    v.finish()?;
    let arn = req.resource_arn.unwrap_or_default();
    same_account(ctx, "GetResourcePolicy", &arn)?;
    existing_resource(k, ctx, &arn)?;
    // A resource without a policy answers with an empty one (`{}`), as AWS does.
    let policy = k.policies.get(&arn).map_or_else(|| "{}".to_string(), |p| p.text.clone());
    Ok(GetResourcePolicyOutput { policy })
}

pub fn delete_resource_policy(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    req: ResourcePolicyRef,
) -> Result<Empty, ApiError> {
    let mut v = Validator::new();
    check_resource(&mut v, req.resource_arn.as_ref(), req.stream_id.as_deref());
    v.finish()?;
    let arn = req.resource_arn.unwrap_or_default();
    same_account(ctx, "DeleteResourcePolicy", &arn)?;
    existing_resource(k, ctx, &arn)?;
    if k.policies.remove(&arn).is_none() {
        return Err(no_policy(&arn));
    }
    ctx.emit(Event::StreamUpdated { stream: arn, what: "ResourcePolicy".into() });
    Ok(Empty)
}
