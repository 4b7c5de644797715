//! Every message EC2 says. EC2's codes carry dots (`InvalidGroup.NotFound`) and no
//! `Exception` suffix; they are spelled here once, as `ErrorCode::Other`.

use crate::api::{ApiError, ErrorCode};

fn err(code: &str, message: String) -> ApiError {
    ApiError::new(ErrorCode::Other(code.to_string()), message)
}

pub fn group_not_found(group: &str) -> ApiError {
    err("InvalidGroup.NotFound", format!("The security group '{group}' does not exist"))
}

/// A group asked for by name, which EC2 looks up in the default VPC.
pub fn group_name_not_found(name: &str, vpc: &str) -> ApiError {
    err(
        "InvalidGroup.NotFound",
        format!("The security group '{name}' does not exist in default VPC '{vpc}'"),
    )
}

pub fn group_duplicate(name: &str, vpc: &str) -> ApiError {
    err(
        "InvalidGroup.Duplicate",
        format!("The security group '{name}' already exists for VPC '{vpc}'"),
    )
}

/// `the specified rule "peer: 0.0.0.0/0, TCP, from port: 22, to port: 22, ALLOW" already
/// exists` (lower-case "the", as EC2 writes it).
pub fn permission_duplicate(rule: &str) -> ApiError {
    err("InvalidPermission.Duplicate", format!("the specified rule \"{rule}\" already exists"))
}

pub fn permission_not_found() -> ApiError {
    err(
        "InvalidPermission.NotFound",
        "The specified rule does not exist in this security group.".into(),
    )
}

pub fn bad_cidr(cidr: &str) -> ApiError {
    err(
        "InvalidParameterValue",
        format!("Value ({cidr}) for parameter cidrIp is invalid. This is not a valid CIDR block."),
    )
}

pub fn bad_protocol(proto: &str) -> ApiError {
    err(
        "InvalidParameterValue",
        format!("Invalid value '{proto}' for IP protocol. Unknown protocol."),
    )
}

pub fn ports_required() -> ApiError {
    err(
        "InvalidParameterValue",
        "Invalid value 'Must specify both from and to ports with TCP/UDP.' for portRange.".into(),
    )
}

pub fn port_out_of_range(port: i64) -> ApiError {
    err("InvalidPermission.Malformed", format!("TCP/UDP port ({port}) out of range"))
}

pub fn missing(parameter: &str) -> ApiError {
    err("MissingParameter", format!("The request must contain the parameter {parameter}"))
}

pub fn instance_not_found(id: &str) -> ApiError {
    err("InvalidInstanceID.NotFound", format!("The instance ID '{id}' does not exist"))
}

/// `DryRun`: EC2 checks the permissions and answers this instead of acting.
pub fn dry_run() -> ApiError {
    let mut e =
        err("DryRunOperation", "Request would have succeeded, but DryRun flag is set.".into());
    e.status = 412;
    e
}
