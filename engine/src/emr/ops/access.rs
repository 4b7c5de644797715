//! GetBlockPublicAccessConfiguration and PutBlockPublicAccessConfiguration: the account's
//! block public access setting in the region (see [`crate::emr::access`]).

use serde::{Deserialize, Serialize};

use crate::api::{ApiError, ErrorCode};
use crate::sim::{Ctx, Services};

use crate::emr::wire::Empty;

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PortRange {
    #[serde(default)]
    pub min_range: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_range: Option<i64>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct BlockPublicAccessConfiguration {
    #[serde(default)]
    pub block_public_security_group_rules: Option<bool>,
    #[serde(default)]
    pub permitted_public_security_group_rule_ranges: Vec<PortRange>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Metadata {
    pub creation_date_time: f64,
    pub created_by_arn: String,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetOutput {
    pub block_public_access_configuration: BlockPublicAccessConfiguration,
    pub block_public_access_configuration_metadata: Metadata,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PutInput {
    #[serde(default)]
    pub block_public_access_configuration: Option<BlockPublicAccessConfiguration>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct GetInput {}

pub fn get_block_public_access_configuration(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    _input: GetInput,
) -> Result<GetOutput, ApiError> {
    let b = &services.emr.block_public_access;
    // Never set: the account's default, as made with the account (the scenario's epoch).
    let (by, at) = b.set_by.clone().unwrap_or_else(|| (ctx.principal().arn(), ctx.config.epoch_ms));
    Ok(GetOutput {
        block_public_access_configuration: BlockPublicAccessConfiguration {
            block_public_security_group_rules: Some(b.enabled),
            permitted_public_security_group_rule_ranges: b
                .permitted
                .iter()
                .map(|(lo, hi)| PortRange { min_range: Some(*lo), max_range: Some(*hi) })
                .collect(),
        },
        block_public_access_configuration_metadata: Metadata {
            creation_date_time: at as f64 / 1000.0,
            created_by_arn: by,
        },
    })
}

pub fn put_block_public_access_configuration(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    input: PutInput,
) -> Result<Empty, ApiError> {
    let mut v = crate::api::validate::Validator::new();
    let config = input.block_public_access_configuration;
    if v.required("blockPublicAccessConfiguration", config.as_ref()) {
        let enabled = config.as_ref().and_then(|c| c.block_public_security_group_rules);
        v.required(
            "blockPublicAccessConfiguration.blockPublicSecurityGroupRules",
            enabled.as_ref(),
        );
    }
    v.finish()?;
    let config = config.unwrap_or_default();
    let mut permitted = Vec::new();
    for r in &config.permitted_public_security_group_rule_ranges {
        let lo = r.min_range.unwrap_or(-1);
        let hi = r.max_range.unwrap_or(lo);
        if !(0..=65535).contains(&lo) || !(0..=65535).contains(&hi) || lo > hi {
            return Err(ApiError::new(
                ErrorCode::InvalidRequest,
                format!("Invalid port range {lo}-{hi}: ports must be between 0 and 65535, the minimum no greater than the maximum."),
            ));
        }
        permitted.push((lo, hi));
    }
    let b = &mut services.emr.block_public_access;
    b.enabled = config.block_public_security_group_rules.unwrap_or(true);
    b.permitted = permitted;
    b.set_by = Some((ctx.principal().arn(), ctx.unix_ms()));
    Ok(Empty)
}
