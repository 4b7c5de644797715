//! EC2's request and response shapes for the actions the sandbox serves, member names as
//! botocore's `ec2` model spells them (the query protocol's members, in JSON: the endpoint's
//! codec turns `IpPermissions.1.IpRanges.1.CidrIp=...` into these).

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct IpRange {
    pub cidr_ip: Option<String>,
    pub description: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Ipv6Range {
    pub cidr_ipv6: Option<String>,
    pub description: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct GroupPair {
    pub group_id: Option<String>,
    pub group_name: Option<String>,
    pub description: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PrefixListId {
    pub prefix_list_id: Option<String>,
    pub description: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct IpPermission {
    pub ip_protocol: Option<String>,
    pub from_port: Option<i64>,
    pub to_port: Option<i64>,
    pub ip_ranges: Vec<IpRange>,
    pub ipv6_ranges: Vec<Ipv6Range>,
    pub user_id_group_pairs: Vec<GroupPair>,
    pub prefix_list_ids: Vec<PrefixListId>,
}

/// AuthorizeSecurityGroupIngress and RevokeSecurityGroupIngress: the group by id or (default
/// VPC) name; the rules as IpPermissions, or the older flat members the CLI's `--protocol
/// --port --cidr --source-group` fill in.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct IngressInput {
    pub group_id: Option<String>,
    pub group_name: Option<String>,
    pub ip_permissions: Vec<IpPermission>,
    pub ip_protocol: Option<String>,
    pub from_port: Option<i64>,
    pub to_port: Option<i64>,
    pub cidr_ip: Option<String>,
    pub source_security_group_name: Option<String>,
    pub dry_run: Option<bool>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReturnOutput {
    #[serde(rename = "Return")]
    pub ok: bool,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CreateSecurityGroupInput {
    pub group_name: Option<String>,
    pub description: Option<String>,
    pub vpc_id: Option<String>,
    pub dry_run: Option<bool>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateSecurityGroupOutput {
    pub group_id: String,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Filter {
    pub name: Option<String>,
    pub values: Vec<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DescribeSecurityGroupsInput {
    pub group_ids: Vec<String>,
    pub group_names: Vec<String>,
    pub filters: Vec<Filter>,
    pub dry_run: Option<bool>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct IpRangeOut {
    pub cidr_ip: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Ipv6RangeOut {
    pub cidr_ipv6: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GroupPairOut {
    pub group_id: String,
    pub user_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PrefixListOut {
    pub prefix_list_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// One IpPermission as DescribeSecurityGroups answers: the rules that share protocol and
/// ports, their peers listed together.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct IpPermissionOut {
    pub ip_protocol: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_port: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_port: Option<i64>,
    pub ip_ranges: Vec<IpRangeOut>,
    pub ipv6_ranges: Vec<Ipv6RangeOut>,
    pub prefix_list_ids: Vec<PrefixListOut>,
    pub user_id_group_pairs: Vec<GroupPairOut>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SecurityGroupOut {
    pub group_id: String,
    pub group_name: String,
    pub description: String,
    pub owner_id: String,
    pub vpc_id: String,
    pub ip_permissions: Vec<IpPermissionOut>,
    pub ip_permissions_egress: Vec<IpPermissionOut>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeSecurityGroupsOutput {
    pub security_groups: Vec<SecurityGroupOut>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DescribeInstancesInput {
    pub instance_ids: Vec<String>,
    pub filters: Vec<Filter>,
    pub dry_run: Option<bool>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceStateOut {
    pub code: i64,
    pub name: String,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GroupIdentifier {
    pub group_id: String,
    pub group_name: String,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TagOut {
    pub key: String,
    pub value: String,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceOut {
    pub instance_id: String,
    pub instance_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_name: Option<String>,
    pub private_ip_address: String,
    pub private_dns_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_ip_address: Option<String>,
    pub public_dns_name: String,
    pub state: InstanceStateOut,
    pub security_groups: Vec<GroupIdentifier>,
    pub vpc_id: String,
    pub tags: Vec<TagOut>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReservationOut {
    pub reservation_id: String,
    pub owner_id: String,
    pub instances: Vec<InstanceOut>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeInstancesOutput {
    pub reservations: Vec<ReservationOut>,
}
