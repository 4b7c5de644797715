//! `aws ec2 authorize-security-group-ingress` and `revoke-security-group-ingress`'s shorthand
//! (awscli/customizations/ec2/secgroupsimplify.py): `--protocol`, `--port`, `--cidr`,
//! `--source-group` and `--group-owner` build the one IpPermission the flat model members
//! (`--ip-protocol`, `--from-port`, ...) would otherwise describe; they cannot be mixed with
//! `--ip-permissions`.

use super::argparse::{Nargs, OptSpec, Parsed};
use super::arguments::{Arg, ArgKind};
use super::error::CliError;
use super::json::Json;
use super::model::{Operation, Service};

/// One of the shorthand options.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecGroupArg {
    Protocol,
    Port,
    Cidr,
    SourceGroup,
    GroupOwner,
}

impl SecGroupArg {
    fn option(self) -> &'static str {
        match self {
            SecGroupArg::Protocol => "protocol",
            SecGroupArg::Port => "port",
            SecGroupArg::Cidr => "cidr",
            SecGroupArg::SourceGroup => "source-group",
            SecGroupArg::GroupOwner => "group-owner",
        }
    }
}

/// The shorthand options, after the model's, for the ingress (and egress) operations.
pub fn modify_argument_table(service: &Service, op: &Operation, table: &mut Vec<Arg>) {
    let simplified = matches!(
        op.name.as_str(),
        "AuthorizeSecurityGroupIngress"
            | "AuthorizeSecurityGroupEgress"
            | "RevokeSecurityGroupIngress"
            | "RevokeSecurityGroupEgress"
    );
    if service.cli_name != "ec2" || !simplified {
        return;
    }
    let docs = [
        (SecGroupArg::Protocol, "The IP protocol: tcp | udp | icmp"),
        (SecGroupArg::Port, "For TCP or UDP: The range of ports to allow. A single integer or a range (min-max)."),
        (SecGroupArg::Cidr, "The IPv4 address range, in CIDR format."),
        (SecGroupArg::SourceGroup, "The name or ID of the source security group."),
        (SecGroupArg::GroupOwner, "The AWS account ID that owns the source security group. Cannot be used when specifying a CIDR IP address."),
    ];
    for (kind, doc) in docs {
        table.push(Arg {
            spec: OptSpec {
                name: kind.option().into(),
                nargs: Nargs::One,
                required: false,
                choices: Vec::new(),
            },
            kind: ArgKind::SecGroup(kind),
            documentation: doc.into(),
        });
    }
}

/// `_check_args`: the first shorthand option given beside `--ip-permissions`, in table order.
pub fn check_args(table: &[Arg], parsed: &Parsed) -> Result<(), CliError> {
    let given = |name: &str| {
        table.iter().position(|a| a.spec.name == name).is_some_and(|i| parsed.get(i).is_some())
    };
    if !given("ip-permissions") {
        return Ok(());
    }
    for arg in table {
        if let ArgKind::SecGroup(kind) = arg.kind {
            if given(kind.option()) {
                return Err(CliError::exception(format!(
                    "The --{} option is not compatible with the --ip-permissions option ",
                    kind.option()
                )));
            }
        }
    }
    Ok(())
}

/// `add_to_params` of each shorthand option: its part of `IpPermissions[0]`.
pub fn add_to_params(kind: SecGroupArg, value: &str, params: &mut Json) -> Result<(), CliError> {
    if value.is_empty() {
        return Ok(());
    }
    match kind {
        SecGroupArg::Protocol => {
            // A number out of range raises inside awscli's `try`, whose `except` then finds no
            // protocol name either: both end in the same message.
            let value = match value.parse::<i64>() {
                Ok(n) if (0..=255).contains(&n) || n == -1 => value.to_string(),
                _ if value == "all" => "-1".to_string(),
                _ if matches!(value, "tcp" | "udp" | "icmp") => value.to_string(),
                _ => {
                    return Err(CliError::exception(
                        "protocol parameter should be one of: tcp|udp|icmp|all or any valid protocol number.",
                    ))
                }
            };
            if let Some(p) = permission(params) {
                p.insert("IpProtocol", Json::String(value));
            }
        }
        SecGroupArg::Port => {
            let (from, to) = match value {
                "-1" | "all" => ("-1", "-1"),
                v => v.split_once('-').unwrap_or((v, v)),
            };
            // Python's int() takes surrounding blanks and a sign.
            let int = |t: &str| t.trim().parse::<i64>().ok();
            let (Some(from), Some(to)) = (int(from), int(to)) else {
                return Err(CliError::exception(
                    "port parameter should be of the form <from[-to]> (e.g. 22 or 22-25)",
                ));
            };
            if let Some(p) = permission(params) {
                p.insert("FromPort", Json::Int(from.into()));
                p.insert("ToPort", Json::Int(to.into()));
            }
        }
        SecGroupArg::Cidr => {
            let range = Json::Object(vec![("CidrIp".into(), Json::String(value.into()))]);
            if let Some(p) = permission(params) {
                p.insert("IpRanges", Json::Array(vec![range]));
            }
        }
        SecGroupArg::SourceGroup => {
            let key = if value.starts_with("sg-") { "GroupId" } else { "GroupName" };
            if let Some(p) = pair(params) {
                p.insert(key, Json::String(value.into()));
            }
        }
        SecGroupArg::GroupOwner => {
            if let Some(p) = pair(params) {
                p.insert("UserId", Json::String(value.into()));
            }
        }
    }
    Ok(())
}

/// `params[key][0]`, made an object in a one-item list if it is not one already (`None` only
/// if `params` is not an object, which the CLI's parameters always are).
fn first_item<'a>(params: &'a mut Json, key: &str) -> Option<&'a mut Json> {
    let ok = matches!(params.get(key), Some(Json::Array(items)) if matches!(items.first(), Some(Json::Object(_))));
    if !ok {
        params.insert(key, Json::Array(vec![Json::Object(Vec::new())]));
    }
    match params.get_mut(key) {
        Some(Json::Array(items)) => items.first_mut(),
        _ => None,
    }
}

/// `params['IpPermissions'][0]`.
fn permission(params: &mut Json) -> Option<&mut Json> {
    first_item(params, "IpPermissions")
}

/// `params['IpPermissions'][0]['UserIdGroupPairs'][0]`.
fn pair(params: &mut Json) -> Option<&mut Json> {
    first_item(permission(params)?, "UserIdGroupPairs")
}
