//! IAM (issue 14): AWS managed policies attached to a user (AttachUserPolicy), and RunJobFlow's
//! `iam:PassRole` for the roles it hands EMR.

use engine::{Command, World};
use serde_json::{json, Value};

use crate::support::{call, emr_cluster, failure, world};

const ACCOUNT: &str = "000000000000";
const READ_ONLY: &str = "arn:aws:iam::aws:policy/AmazonEMRReadOnlyAccessPolicy_v2";
const FULL: &str = "arn:aws:iam::aws:policy/AmazonEMRFullAccessPolicy_v2";

fn iam(w: &mut World, action: &str, body: Value) -> Result<Value, engine::api::ApiError> {
    call(w, "iam", action, body)
}

fn iam_ok(w: &mut World, action: &str, body: Value) -> Value {
    iam(w, action, body.clone()).unwrap_or_else(|e| panic!("{action} {body}: {e:?}"))
}

fn emr_as(
    w: &mut World,
    user: &str,
    action: &str,
    body: Value,
) -> Result<Value, engine::api::ApiError> {
    let out =
        w.apply(Command::api_as(user, format!("ElasticMapReduce.{action}"), body.to_string()));
    out.result.map(|s| serde_json::from_str(&s).unwrap_or(Value::Null))
}

fn run_job_flow(service_role: &str, tagged: bool) -> Value {
    let tags = if tagged {
        json!([{"Key": "for-use-with-amazon-emr-managed-policies", "Value": "true"}])
    } else {
        json!([])
    };
    json!({"Name": "lab", "ReleaseLabel": "emr-7.1.0", "ServiceRole": service_role,
           "JobFlowRole": "EMR_EC2_DefaultRole", "Tags": tags,
           "Instances": {"InstanceGroups": [
               {"InstanceRole": "MASTER", "InstanceType": "m5.xlarge", "InstanceCount": 1}],
               "KeepJobFlowAliveWhenNoSteps": true}})
}

#[test]
fn a_managed_read_only_policy_lists_but_does_not_terminate_until_detached() {
    let mut w = world(41);
    let cluster = emr_cluster(&mut w, 0, json!([]));
    iam_ok(&mut w, "CreateUser", json!({"UserName": "dana"}));
    iam_ok(&mut w, "AttachUserPolicy", json!({"UserName": "dana", "PolicyArn": READ_ONLY}));
    // Attaching it again changes nothing and succeeds.
    iam_ok(&mut w, "AttachUserPolicy", json!({"UserName": "dana", "PolicyArn": READ_ONLY}));
    assert_eq!(
        iam_ok(&mut w, "ListAttachedUserPolicies", json!({"UserName": "dana"})),
        json!({"AttachedPolicies": [{"PolicyName": "AmazonEMRReadOnlyAccessPolicy_v2",
            "PolicyArn": READ_ONLY}], "IsTruncated": false})
    );
    let listed = emr_as(&mut w, "dana", "ListClusters", json!({})).expect("read-only lists");
    assert_eq!(listed["Clusters"][0]["Id"], json!(cluster));
    let (code, message) = failure(
        emr_as(&mut w, "dana", "TerminateJobFlows", json!({"JobFlowIds": [cluster]})),
        "dana terminates",
    );
    assert_eq!(code, "AccessDeniedException");
    assert!(
        message.ends_with(
            "because no identity-based policy allows the elasticmapreduce:TerminateJobFlows action"
        ),
        "{message}"
    );
    let sim = iam_ok(
        &mut w,
        "SimulatePrincipalPolicy",
        json!({"PolicySourceArn": format!("arn:aws:iam::{ACCOUNT}:user/dana"),
               "ActionNames": ["elasticmapreduce:DescribeCluster"]}),
    );
    assert_eq!(
        sim["EvaluationResults"][0]["MatchedStatements"],
        json!([{"SourcePolicyId": "AmazonEMRReadOnlyAccessPolicy_v2", "SourcePolicyType": "aws-managed"}])
    );
    iam_ok(&mut w, "DetachUserPolicy", json!({"UserName": "dana", "PolicyArn": READ_ONLY}));
    let (code, _) = failure(emr_as(&mut w, "dana", "ListClusters", json!({})), "after detach");
    assert_eq!(code, "AccessDeniedException");
}

#[test]
fn unknown_and_malformed_policy_arns_get_iams_errors() {
    let mut w = world(42);
    iam_ok(&mut w, "CreateUser", json!({"UserName": "dana"}));
    let cases = [
        (
            "AttachUserPolicy",
            "arn:aws:iam::aws:policy/NoSuchPolicy",
            "NoSuchEntity",
            "Policy arn:aws:iam::aws:policy/NoSuchPolicy does not exist or is not attachable.",
        ),
        (
            "AttachUserPolicy",
            "AdministratorAccess",
            "InvalidInput",
            "ARN AdministratorAccess is not valid.",
        ),
        (
            "DetachUserPolicy",
            FULL,
            "NoSuchEntity",
            "Policy arn:aws:iam::aws:policy/AmazonEMRFullAccessPolicy_v2 was not found.",
        ),
    ];
    for (action, arn, want_code, want_message) in cases {
        let got = failure(iam(&mut w, action, json!({"UserName": "dana", "PolicyArn": arn})), arn);
        assert_eq!(got, (want_code.to_string(), want_message.to_string()));
    }
    let got = failure(
        iam(&mut w, "AttachUserPolicy", json!({"UserName": "erin", "PolicyArn": FULL})),
        "erin",
    );
    assert_eq!(got, ("NoSuchEntity".into(), "The user with name erin cannot be found.".into()));
}

#[test]
fn run_job_flow_needs_pass_role_for_each_role_it_hands_emr() {
    let mut w = world(43);
    iam_ok(&mut w, "CreateUser", json!({"UserName": "erin"}));
    iam_ok(&mut w, "AttachUserPolicy", json!({"UserName": "erin", "PolicyArn": FULL}));
    // The v2 policy allows RunJobFlow only with its tag...
    let (code, message) = failure(
        emr_as(&mut w, "erin", "RunJobFlow", run_job_flow("EMR_DefaultRole_V2", false)),
        "untagged",
    );
    assert_eq!(code, "AccessDeniedException");
    assert_eq!(message, format!("User: arn:aws:iam::{ACCOUNT}:user/erin is not authorized to perform: elasticmapreduce:RunJobFlow on resource: * because no identity-based policy allows the elasticmapreduce:RunJobFlow action"));
    // ...and passes EMR_DefaultRole_V2, not the older EMR_DefaultRole.
    let (code, message) = failure(
        emr_as(&mut w, "erin", "RunJobFlow", run_job_flow("EMR_DefaultRole", true)),
        "old role",
    );
    assert_eq!(code, "AccessDeniedException");
    assert_eq!(message, format!("User: arn:aws:iam::{ACCOUNT}:user/erin is not authorized to perform: iam:PassRole on resource: arn:aws:iam::{ACCOUNT}:role/EMR_DefaultRole because no identity-based policy allows the iam:PassRole action"));
    // Tagged, with the v2 role: IAM allows both; the sandbox's account then has no
    // EMR_DefaultRole_V2 (only the roles `aws emr create-default-roles` makes).
    let (code, message) = failure(
        emr_as(&mut w, "erin", "RunJobFlow", run_job_flow("EMR_DefaultRole_V2", true)),
        "v2 role",
    );
    assert_eq!(code, "ValidationException");
    assert!(message.starts_with("Service role 'EMR_DefaultRole_V2' does not exist."), "{message}");
    let decided: Vec<String> = w
        .events_since(0)
        .events
        .iter()
        .map(|e| format!("{:?}", e.event))
        .filter(|e| e.contains("iam:PassRole") && e.contains("allowed"))
        .collect();
    assert_eq!(decided.len(), 2, "{decided:?}");
    assert!(
        decided[0].contains("AmazonEMRFullAccessPolicy_v2#2 (PassRoleForElasticMapReduce)"),
        "{decided:?}"
    );
    assert!(decided[1].contains("AmazonEMRFullAccessPolicy_v2#3 (PassRoleForEC2)"), "{decided:?}");

    // An inline policy allowing every EMR action but no PassRole: refused on the roles.
    iam_ok(&mut w, "CreateUser", json!({"UserName": "finn"}));
    let all_emr = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "elasticmapreduce:*", "Resource": "*"}]});
    iam_ok(
        &mut w,
        "PutUserPolicy",
        json!({"UserName": "finn", "PolicyName": "emr",
        "PolicyDocument": all_emr.to_string()}),
    );
    let (_, message) = failure(
        emr_as(&mut w, "finn", "RunJobFlow", run_job_flow("EMR_DefaultRole", false)),
        "finn",
    );
    assert!(
        message
            .contains("iam:PassRole on resource: arn:aws:iam::000000000000:role/EMR_DefaultRole"),
        "{message}"
    );
    // PassRole to ec2 for the instance profile's role, and to EMR for the service role.
    let pass = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "elasticmapreduce:*", "Resource": "*"},
        {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::*:role/EMR_*"}]});
    iam_ok(
        &mut w,
        "PutUserPolicy",
        json!({"UserName": "finn", "PolicyName": "emr",
        "PolicyDocument": pass.to_string()}),
    );
    emr_as(&mut w, "finn", "RunJobFlow", run_job_flow("EMR_DefaultRole", false))
        .expect("finn may pass");
    // The root user needs no policy.
    call(&mut w, "ElasticMapReduce", "RunJobFlow", run_job_flow("EMR_DefaultRole", false))
        .expect("root");
}
