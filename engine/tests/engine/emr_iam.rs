//! IAM principals on EMR (issue 14): users other than root submit steps when their policies
//! allow it (S29); a cluster launched by one user hidden from another under 2019's
//! VisibleToAllUsers rule, and not today (S30); policy evaluation and the simulator.

use engine::{Command, World};
use serde_json::{json, Value};

use crate::support::{call, emr_cluster, emr_ok, failure, world};

const ACCOUNT: &str = "000000000000";

fn iam_ok(w: &mut World, action: &str, body: Value) -> Value {
    call(w, "iam", action, body).unwrap_or_else(|e| panic!("{action}: {e:?}"))
}

/// An EMR call signed by `user`.
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

fn user_with(w: &mut World, user: &str, policy: Value) {
    iam_ok(w, "CreateUser", json!({"UserName": user}));
    iam_ok(
        w,
        "PutUserPolicy",
        json!({"UserName": user, "PolicyName": "emr", "PolicyDocument": policy.to_string()}),
    );
}

fn step_body(cluster: &str) -> Value {
    json!({"JobFlowId": cluster, "Steps": [{"Name": "ls", "ActionOnFailure": "CONTINUE",
        "HadoopJarStep": {"Jar": "command-runner.jar", "Args": ["hdfs", "dfs", "-ls", "/"]}}]})
}

#[test]
fn a_user_the_policy_allows_submits_a_step_that_runs_as_hadoop() {
    let mut w = world(30);
    let cluster = emr_cluster(&mut w, 1, json!([]));
    let arn = emr_ok(&mut w, "DescribeCluster", json!({"ClusterId": cluster}))["Cluster"]
        ["ClusterArn"]
        .as_str()
        .unwrap()
        .to_string();
    user_with(
        &mut w,
        "bob",
        json!({"Version": "2012-10-17", "Statement": [
        {"Sid": "SubmitJobs", "Effect": "Allow", "Action": ["elasticmapreduce:AddJobFlowSteps", "elasticmapreduce:Describe*"], "Resource": "arn:aws:elasticmapreduce:*:*:cluster/*"}]}),
    );
    iam_ok(&mut w, "CreateUser", json!({"UserName": "carol"}));
    let out =
        emr_as(&mut w, "bob", "AddJobFlowSteps", step_body(&cluster)).expect("bob may submit");
    let step = out["StepIds"][0].as_str().unwrap().to_string();
    let view = w.view().emr().cluster(&cluster).unwrap();
    let s = view.steps.iter().find(|s| s.id == step).unwrap();
    assert_eq!(s.submitted_by, "arn:aws:iam::000000000000:user/bob");
    assert_eq!(s.runs_as, "hadoop");
    // carol has no policy: the default deny, in AWS's words.
    let (code, message) =
        failure(emr_as(&mut w, "carol", "AddJobFlowSteps", step_body(&cluster)), "carol");
    assert_eq!(code, "AccessDeniedException");
    assert_eq!(message, format!("User: arn:aws:iam::{ACCOUNT}:user/carol is not authorized to perform: elasticmapreduce:AddJobFlowSteps on resource: {arn} because no identity-based policy allows the elasticmapreduce:AddJobFlowSteps action"));
    // bob may not terminate: not in his policy.
    let (code, _) = failure(
        emr_as(&mut w, "bob", "TerminateJobFlows", json!({"JobFlowIds": [cluster]})),
        "bob terminates",
    );
    assert_eq!(code, "AccessDeniedException");
    let decided: Vec<String> = w
        .events_since(0)
        .events
        .iter()
        .map(|e| format!("{:?}", e.event))
        .filter(|e| e.contains("AccessDecided"))
        .collect();
    assert_eq!(decided.len(), 3);
    assert!(
        decided[0].contains("decision: \"allowed\"") && decided[0].contains("emr#0 (SubmitJobs)"),
        "{}",
        decided[0]
    );
    assert!(decided[1].contains("implicitDeny"));
}

#[test]
fn an_explicit_deny_beats_an_allow_and_tags_decide_conditions() {
    let mut w = world(31);
    let dev = emr_cluster(&mut w, 1, json!([]));
    emr_ok(
        &mut w,
        "AddTags",
        json!({"ResourceId": dev, "Tags": [{"Key": "department", "Value": "dev"}]}),
    );
    let prod = emr_cluster(&mut w, 1, json!([]));
    user_with(
        &mut w,
        "alice",
        json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "elasticmapreduce:*", "Resource": "*",
         "Condition": {"StringEquals": {"elasticmapreduce:ResourceTag/department": "dev"}}},
        {"Sid": "NeverTerminate", "Effect": "Deny", "Action": "elasticmapreduce:Terminate*", "Resource": "*"}]}),
    );
    assert!(emr_as(&mut w, "alice", "DescribeCluster", json!({"ClusterId": dev})).is_ok());
    let (code, message) =
        failure(emr_as(&mut w, "alice", "DescribeCluster", json!({"ClusterId": prod})), "prod");
    assert_eq!(code, "AccessDeniedException");
    assert!(message.ends_with(
        "because no identity-based policy allows the elasticmapreduce:DescribeCluster action"
    ));
    let (_, message) = failure(
        emr_as(&mut w, "alice", "TerminateJobFlows", json!({"JobFlowIds": [dev]})),
        "terminate",
    );
    let dev_arn = emr_ok(&mut w, "DescribeCluster", json!({"ClusterId": dev}))["Cluster"]
        ["ClusterArn"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        message,
        format!("User: arn:aws:iam::{ACCOUNT}:user/alice is not authorized to perform: elasticmapreduce:TerminateJobFlows on resource: {dev_arn} with an explicit deny in an identity-based policy")
    );
    // The simulator answers the same, naming the policy.
    let sim = iam_ok(
        &mut w,
        "SimulatePrincipalPolicy",
        json!({
        "PolicySourceArn": format!("arn:aws:iam::{ACCOUNT}:user/alice"),
        "ActionNames": ["elasticmapreduce:TerminateJobFlows", "elasticmapreduce:ListSteps", "s3:GetObject"],
        "ContextEntries": [{"ContextKeyName": "elasticmapreduce:ResourceTag/department", "ContextKeyValues": ["dev"], "ContextKeyType": "string"}]}),
    );
    let decisions: Vec<&str> = sim["EvaluationResults"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["EvalDecision"].as_str().unwrap())
        .collect();
    assert_eq!(decisions, ["explicitDeny", "allowed", "implicitDeny"]);
    assert_eq!(sim["EvaluationResults"][0]["MatchedStatements"][0]["SourcePolicyId"], "emr");
    // A user IAM has no user for keeps the sandbox's older rule, and root is never refused.
    assert!(emr_as(&mut w, "sandbox", "TerminateJobFlows", json!({"JobFlowIds": [prod]})).is_ok());
}

#[test]
fn iam_refuses_malformed_policies_and_unknown_users() {
    let mut w = world(32);
    iam_ok(&mut w, "CreateUser", json!({"UserName": "bob"}));
    let (code, message) =
        failure(call(&mut w, "iam", "CreateUser", json!({"UserName": "bob"})), "again");
    assert_eq!(
        (code.as_str(), message.as_str()),
        ("EntityAlreadyExists", "User with name bob already exists.")
    );
    let (code, message) = failure(
        call(
            &mut w,
            "iam",
            "PutUserPolicy",
            json!({"UserName": "bob", "PolicyName": "p", "PolicyDocument": "{not json"}),
        ),
        "bad json",
    );
    assert_eq!(
        (code.as_str(), message.as_str()),
        ("MalformedPolicyDocument", "Syntax errors in policy.")
    );
    let (code, message) = failure(
        call(
            &mut w,
            "iam",
            "PutUserPolicy",
            json!({"UserName": "dave", "PolicyName": "p", "PolicyDocument": "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}]}"}),
        ),
        "no user",
    );
    assert_eq!(
        (code.as_str(), message.as_str()),
        ("NoSuchEntity", "The user with name dave cannot be found.")
    );
    let users = iam_ok(&mut w, "ListUsers", json!({}));
    assert_eq!(users["Users"][0]["Arn"], "arn:aws:iam::000000000000:user/bob");
    assert!(users["Users"][0]["UserId"].as_str().unwrap().starts_with("AIDA"));
}

/// Launches a cluster as `user` with VisibleToAllUsers false.
fn hidden_cluster(w: &mut World, user: &str) -> String {
    let out = emr_as(w, user, "RunJobFlow", json!({
        "Name": "alice's", "ReleaseLabel": "emr-7.1.0", "ServiceRole": "EMR_DefaultRole", "VisibleToAllUsers": false,
        "Instances": {"InstanceGroups": [{"InstanceRole": "MASTER", "InstanceType": "m5.xlarge", "InstanceCount": 1}], "KeepJobFlowAliveWhenNoSteps": true}}))
    .expect("launch");
    out["JobFlowId"].as_str().unwrap().to_string()
}

fn everything(w: &mut World, users: &[&str]) {
    for u in users {
        user_with(
            w,
            u,
            json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["elasticmapreduce:*", "iam:PassRole"], "Resource": "*"}]}),
        );
    }
}

#[test]
fn in_2019_a_cluster_with_visible_to_all_users_false_was_hidden_from_other_users() {
    let mut w = world(33);
    w.apply(Command::Emr(engine::emr::EmrCommand::SetEra {
        ssh_open_to_world: false,
        visibility_2019: true,
    }));
    everything(&mut w, &["alice", "bob"]);
    let cluster = hidden_cluster(&mut w, "alice");
    let listed = |w: &mut World, who: &str| {
        emr_as(w, who, "ListClusters", json!({})).unwrap()["Clusters"].as_array().unwrap().len()
    };
    assert_eq!(listed(&mut w, "alice"), 1);
    assert_eq!(listed(&mut w, "bob"), 0);
    assert_eq!(
        emr_ok(&mut w, "ListClusters", json!({}))["Clusters"].as_array().unwrap().len(),
        1,
        "root sees it"
    );
    let (code, message) =
        failure(emr_as(&mut w, "bob", "AddJobFlowSteps", step_body(&cluster)), "bob");
    assert_eq!(code, "AccessDeniedException");
    assert!(message.ends_with("because the cluster was launched by arn:aws:iam::000000000000:user/alice with VisibleToAllUsers set to false"), "{message}");
    // Setting it true shows it to bob.
    emr_as(
        &mut w,
        "alice",
        "SetVisibleToAllUsers",
        json!({"JobFlowIds": [cluster], "VisibleToAllUsers": true}),
    )
    .unwrap();
    assert_eq!(listed(&mut w, "bob"), 1);
}

#[test]
fn today_visible_to_all_users_false_has_no_effect() {
    let mut w = world(34);
    everything(&mut w, &["alice", "bob"]);
    let cluster = hidden_cluster(&mut w, "alice");
    let bob = emr_as(&mut w, "bob", "ListClusters", json!({})).unwrap();
    assert_eq!(bob["Clusters"][0]["Id"], cluster.as_str());
    assert!(emr_as(&mut w, "bob", "AddJobFlowSteps", step_body(&cluster)).is_ok());
}
