//! Who may make an EMR call: the caller's IAM policies (`crate::iam`) decide
//! `elasticmapreduce:<Action>` on the cluster's ARN (or `*` for an action on no cluster), with
//! the cluster's tags as `elasticmapreduce:ResourceTag/<key>` and the request's as
//! `aws:RequestTag/<key>`; and, with 2019's rules, a cluster launched with VisibleToAllUsers
//! false is only for the principal that launched it and the root user.

use iam_policy::{Context, Principal};
use serde_json::Value;

use crate::api::{ApiError, ErrorCode};
use crate::iam::Asked;
use crate::sim::{Ctx, Services};

use crate::emr::model::Cluster;

/// The cluster a request body names, if any.
fn named_cluster(body: &Value) -> Option<&str> {
    ["ClusterId", "JobFlowId", "ResourceId"]
        .iter()
        .find_map(|k| body.get(*k).and_then(Value::as_str))
        .or_else(|| body.get("JobFlowIds").and_then(|v| v.get(0)).and_then(Value::as_str))
}

/// Whether `principal` may see `c` (2019's VisibleToAllUsers rule; today every principal
/// may, subject to its policies).
pub fn visible(services: &Services, principal: &Principal, c: &Cluster) -> bool {
    !services.emr.era.visibility_2019
        || c.visible_to_all_users
        || matches!(principal, Principal::Root { .. })
        || principal.arn() == c.created_by
}

/// Allows the call or answers AccessDeniedException. Unknown actions pass (they then fail as
/// UnknownOperationException), and so do bodies that are not JSON objects (they then fail as
/// SerializationException): the gate adds no error of its own to those.
pub fn check(
    services: &Services,
    ctx: &mut Ctx<'_>,
    action: &str,
    body: &str,
) -> Result<(), ApiError> {
    let Ok(body) = serde_json::from_str::<Value>(if body.trim().is_empty() { "{}" } else { body })
    else {
        return Ok(());
    };
    let cluster = named_cluster(&body).and_then(|id| services.emr.clusters.get(id));
    let resource = cluster.map_or_else(|| "*".to_string(), |c| c.arn.clone());
    let qualified = format!("elasticmapreduce:{action}");
    let principal = ctx.principal();
    if let Some(c) = cluster {
        if !visible(services, &principal, c) {
            // 2019: "only the IAM user that created a cluster can view and manage it". AWS's
            // words for the refusal are not on record; the sandbox's follow IAM's AccessDenied.
            return Err(ApiError::new(
                ErrorCode::AccessDenied,
                format!(
                    "User: {} is not authorized to perform: {qualified} on resource: {resource} because the cluster was launched by {} with VisibleToAllUsers set to false",
                    principal.arn(),
                    c.created_by
                ),
            ));
        }
    }
    let mut context = Context::default();
    for (k, v) in cluster.map(|c| c.tags.as_slice()).unwrap_or_default() {
        context = context.with(&format!("elasticmapreduce:ResourceTag/{k}"), v.clone());
    }
    for tag in body.get("Tags").and_then(Value::as_array).into_iter().flatten() {
        if let (Some(k), Some(v)) =
            (tag.get("Key").and_then(Value::as_str), tag.get("Value").and_then(Value::as_str))
        {
            context = context.with(&format!("aws:RequestTag/{k}"), v);
        }
    }
    crate::iam::authorize(
        services,
        ctx,
        &Asked { action: &qualified, resource: &resource, context: &context },
    )?;
    if action == "RunJobFlow" {
        pass_roles(services, ctx, &body)?;
    }
    Ok(())
}

/// RunJobFlow hands EMR its roles, which needs `iam:PassRole` on each ("RunJobFlow needs
/// iam:PassRole for the roles", EMR Management Guide): the service role, passed to
/// `elasticmapreduce.amazonaws.com`, and the instance profile's role, passed to
/// `ec2.amazonaws.com` (the sandbox takes the role of the profile's name, as the default
/// profile EMR_EC2_DefaultRole holds the role of that name). Refused with IAM's
/// AccessDeniedException text for iam:PassRole on the role's ARN.
fn pass_roles(services: &Services, ctx: &mut Ctx<'_>, body: &Value) -> Result<(), ApiError> {
    let account = ctx.config.account_id.clone();
    let passed =
        [("ServiceRole", "elasticmapreduce.amazonaws.com"), ("JobFlowRole", "ec2.amazonaws.com")];
    for (member, service) in passed {
        let Some(role) = body.get(member).and_then(Value::as_str).filter(|r| !r.is_empty()) else {
            continue;
        };
        let arn = if role.starts_with("arn:") {
            role.to_string()
        } else {
            format!("arn:aws:iam::{account}:role/{role}")
        };
        let context = Context::default().with("iam:PassedToService", service);
        crate::iam::authorize(
            services,
            ctx,
            &Asked { action: "iam:PassRole", resource: &arn, context: &context },
        )?;
    }
    Ok(())
}
