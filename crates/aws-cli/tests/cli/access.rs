//! `aws ec2` and `aws iam` against the engine's World, as the console runs them, and
//! `--profile NAME` acting as IAM user NAME (the console signs with the profile's name as its
//! access key id, as the endpoint's callers do).

use aws_cli::{caller_of, CliOutput, MemoryFiles};
use engine::{Command, World, WorldConfig};

use crate::support::CLI;

fn run(w: &mut World, line: &str) -> CliOutput {
    let caller = caller_of(line);
    let mut send = |target: &str, body: &str| {
        let call = match &caller {
            Some(key) => Command::api_as(key.clone(), target, body),
            None => Command::api(target, body),
        };
        w.apply(call).result
    };
    CLI.run_with_files(line, &mut send, &mut MemoryFiles::new(), 1_767_225_600)
}

fn ok(w: &mut World, line: &str) -> String {
    let out = run(w, line);
    assert_eq!(out.exit_code, 0, "{line}: {}", out.stderr);
    out.stdout
}

#[test]
fn the_profile_names_the_acting_user() {
    assert_eq!(caller_of("aws emr list-clusters --profile bob").as_deref(), Some("bob"));
    assert_eq!(caller_of("aws --profile alice iam list-users").as_deref(), Some("alice"));
    assert_eq!(caller_of("aws emr list-clusters"), None);
    assert_eq!(caller_of("aws emr list-clusters --profile default"), None);
    assert_eq!(caller_of("aws emr list-clusters --profile sandbox"), None);
}

#[test]
fn a_user_with_a_list_only_policy_lists_but_cannot_terminate() {
    let mut w = World::new(WorldConfig::with_seed(7));
    ok(&mut w, "aws iam create-user --user-name bob");
    let policy = r#"{"Version":"2012-10-17","Statement":[{"Sid":"ListOnly","Effect":"Allow","Action":"elasticmapreduce:List*","Resource":"*"}]}"#;
    ok(&mut w, &format!("aws iam put-user-policy --user-name bob --policy-name emr-read --policy-document '{policy}'"));
    let created = ok(&mut w, "aws emr create-cluster --name lab --release-label emr-7.1.0 --instance-type m5.xlarge --instance-count 1 --use-default-roles");
    let v: serde_json::Value = serde_json::from_str(&created).unwrap_or_default();
    let id = v["ClusterId"].as_str().unwrap_or_default().to_string();
    let listed =
        ok(&mut w, "aws emr list-clusters --query Clusters[].Id --output text --profile bob");
    assert_eq!(listed, format!("{id}\n"));
    let denied =
        run(&mut w, &format!("aws emr terminate-clusters --cluster-ids {id} --profile bob"));
    assert_eq!(denied.exit_code, 254);
    assert_eq!(
        denied.stderr,
        format!("\nAn error occurred (AccessDeniedException) when calling the TerminateJobFlows operation: User: arn:aws:iam::000000000000:user/bob is not authorized to perform: elasticmapreduce:TerminateJobFlows on resource: arn:aws:elasticmapreduce:us-east-1:000000000000:cluster/{id} because no identity-based policy allows the elasticmapreduce:TerminateJobFlows action\n")
    );
    // The root user (no profile) may.
    ok(&mut w, &format!("aws emr terminate-clusters --cluster-ids {id}"));
    let users = ok(&mut w, "aws iam list-users --query Users[].UserName --output text");
    assert_eq!(users, "bob\n");
}

#[test]
fn the_security_group_shorthand_builds_one_permission() {
    let mut w = World::new(WorldConfig::with_seed(7));
    let created =
        ok(&mut w, "aws ec2 create-security-group --group-name lab --description 'Learner group'");
    assert!(created.starts_with("{\n    \"GroupId\": \"sg-"), "{created}");
    let added = ok(&mut w, "aws ec2 authorize-security-group-ingress --group-name lab --protocol tcp --port 22 --cidr 198.51.100.7/32");
    assert_eq!(added, "{\n    \"Return\": true\n}\n");
    let again = run(&mut w, "aws ec2 authorize-security-group-ingress --group-name lab --protocol tcp --port 22 --cidr 198.51.100.7/32");
    assert_eq!(
        again.stderr,
        "\nAn error occurred (InvalidPermission.Duplicate) when calling the AuthorizeSecurityGroupIngress operation: the specified rule \"peer: 198.51.100.7/32, TCP, from port: 22, to port: 22, ALLOW\" already exists\n"
    );
    let rules = ok(&mut w, "aws ec2 describe-security-groups --group-names lab --query SecurityGroups[0].IpPermissions[0].[IpProtocol,FromPort,ToPort,IpRanges[0].CidrIp] --output text");
    assert_eq!(rules, "tcp\t22\t22\t198.51.100.7/32\n");
    let bad = run(&mut w, "aws ec2 authorize-security-group-ingress --group-name lab --protocol tcp --port 22-x --cidr 10.0.0.0/8");
    assert_eq!(
        (bad.exit_code, bad.stderr.as_str()),
        (255, "\nport parameter should be of the form <from[-to]> (e.g. 22 or 22-25)\n")
    );
    let mixed = run(&mut w, "aws ec2 revoke-security-group-ingress --group-name lab --port 22 --ip-permissions IpProtocol=tcp,FromPort=22,ToPort=22");
    assert_eq!(
        mixed.stderr,
        "\nThe --port option is not compatible with the --ip-permissions option \n"
    );
}
