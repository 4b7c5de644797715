//! A cluster in a private subnet (issue 14, S26-S27): EMR's private managed groups
//! (ElasticMapReduce-Master-Private, -Slave-Private, ElasticMapReduce-ServiceAccess) with the
//! rules the facts file lists, the service reaching the primary through ServiceAccess, and
//! block public access not taking effect there.

use engine::ec2::model::PRIVATE_SUBNET;
use engine::ec2::reach::Source;
use engine::ec2::Ec2Command;
use engine::{Command, World};
use serde_json::{json, Value};

use crate::support::{call, emr, emr_ok, world};

fn run_job_flow(subnet: &str, extra_master: &[&str]) -> Value {
    json!({"Name": "private", "ReleaseLabel": "emr-7.1.0", "ServiceRole": "EMR_DefaultRole",
           "Instances": {"InstanceGroups": [
               {"InstanceRole": "MASTER", "InstanceType": "m5.xlarge", "InstanceCount": 1},
               {"InstanceRole": "CORE", "InstanceType": "m5.xlarge", "InstanceCount": 1}],
               "KeepJobFlowAliveWhenNoSteps": true, "Ec2SubnetId": subnet,
               "AdditionalMasterSecurityGroups": extra_master}})
}

fn groups(w: &mut World) -> Vec<Value> {
    let out = call(
        w,
        "ec2",
        "DescribeSecurityGroups",
        json!({"Filters": [
        {"Name": "group-name", "Values": ["ElasticMapReduce-*"]}]}),
    )
    .expect("describe");
    out["SecurityGroups"].as_array().cloned().unwrap_or_default()
}

fn by_name<'a>(all: &'a [Value], name: &str) -> &'a Value {
    all.iter().find(|g| g["GroupName"] == json!(name)).unwrap_or_else(|| panic!("{name}"))
}

#[test]
fn a_private_subnet_gets_the_private_groups_and_the_service_access_group() {
    let mut w = world(27);
    let out = emr_ok(&mut w, "RunJobFlow", run_job_flow(PRIVATE_SUBNET, &[]));
    let cluster = out["JobFlowId"].as_str().unwrap_or_default().to_string();
    w.advance_by(270_000);
    let all = groups(&mut w);
    let mut names: Vec<&str> = all.iter().filter_map(|g| g["GroupName"].as_str()).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "ElasticMapReduce-Master-Private",
            "ElasticMapReduce-ServiceAccess",
            "ElasticMapReduce-Slave-Private"
        ]
    );
    let master = by_name(&all, "ElasticMapReduce-Master-Private");
    let slave = by_name(&all, "ElasticMapReduce-Slave-Private");
    let service = by_name(&all, "ElasticMapReduce-ServiceAccess");
    let (m, s, sa) = (&master["GroupId"], &slave["GroupId"], &service["GroupId"]);
    assert!(service["Description"]
        .as_str()
        .unwrap_or_default()
        .starts_with("Service access group for Elastic MapReduce created on "));
    let tcp_8443 = |g: &Value| {
        g["IpPermissions"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|p| p["FromPort"] == json!(8443))
            .map(|p| p["UserIdGroupPairs"][0]["GroupId"].clone())
    };
    assert_eq!(tcp_8443(master), Some(sa.clone()));
    assert_eq!(tcp_8443(slave), Some(sa.clone()));
    assert_eq!(
        service["IpPermissions"],
        json!([{"IpProtocol": "tcp", "FromPort": 9443, "ToPort": 9443, "IpRanges": [], "Ipv6Ranges": [],
                "PrefixListIds": [], "UserIdGroupPairs": [{"GroupId": m, "UserId": "000000000000"}]}])
    );
    assert_eq!(
        service["IpPermissionsEgress"],
        json!([{"IpProtocol": "tcp", "FromPort": 8443, "ToPort": 8443, "IpRanges": [], "Ipv6Ranges": [],
                "PrefixListIds": [], "UserIdGroupPairs": [
                    {"GroupId": m, "UserId": "000000000000"}, {"GroupId": s, "UserId": "000000000000"}]}])
    );
    let d = emr_ok(&mut w, "DescribeCluster", json!({"ClusterId": cluster}));
    assert_eq!(d["Cluster"]["Ec2InstanceAttributes"]["ServiceAccessSecurityGroup"], *sa);
    assert_eq!(d["Cluster"]["Ec2InstanceAttributes"]["EmrManagedMasterSecurityGroup"], *m);
    // The cluster manager reaches the primary on 8443 through ServiceAccess.
    let nodes = call(
        &mut w,
        "ec2",
        "DescribeInstances",
        json!({"Filters": [
        {"Name": "tag:aws:elasticmapreduce:instance-group-role", "Values": ["MASTER"]}]}),
    )
    .expect("instances");
    let primary = nodes["Reservations"][0]["Instances"][0]["InstanceId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let out = w.apply(Command::Ec2(Ec2Command::Connect {
        source: Source::EmrService,
        instance: primary,
        protocol: "tcp".into(),
        port: 8443,
    }));
    let text = out.result.expect("verdict");
    let verdict: Value = serde_json::from_str(&text).unwrap_or_else(|_| panic!("{text}"));
    assert_eq!(
        verdict["Message"],
        json!(format!("Allowed by ElasticMapReduce-Master-Private ({}): inbound TCP 8443 from {} (ElasticMapReduce-ServiceAccess).", m.as_str().unwrap_or_default(), sa.as_str().unwrap_or_default())),
        "{verdict}"
    );
}

#[test]
fn block_public_access_does_not_take_effect_in_a_private_subnet() {
    let mut w = world(26);
    let open = call(
        &mut w,
        "ec2",
        "CreateSecurityGroup",
        json!({"GroupName": "web", "Description": "web"}),
    )
    .expect("group");
    let web = open["GroupId"].as_str().unwrap_or_default().to_string();
    call(&mut w, "ec2", "AuthorizeSecurityGroupIngress", json!({"GroupId": web, "IpPermissions": [
        {"IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}))
    .expect("rule");
    let public = emr(&mut w, "RunJobFlow", run_job_flow("subnet-0a1b2c3d4e5f60001", &[&web]));
    let e = public.expect_err("block public access refuses the public subnet");
    assert!(
        e.message.starts_with("Block public access is enabled for this account."),
        "{}",
        e.message
    );
    emr_ok(&mut w, "RunJobFlow", run_job_flow(PRIVATE_SUBNET, &[&web]));
}
