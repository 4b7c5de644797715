//! EMR access (issue 14): the managed security groups and their default rules (S26-S28), the
//! EC2 actions on them, reachability, block public access.

use engine::ec2::reach::Source;
use engine::ec2::Ec2Command;
use engine::{Command, World};
use serde_json::{json, Value};

use crate::support::{call, emr_cluster, emr_ok, failure, world};

fn ec2(w: &mut World, action: &str, body: Value) -> Result<Value, engine::api::ApiError> {
    call(w, "ec2", action, body)
}

fn ec2_ok(w: &mut World, action: &str, body: Value) -> Value {
    ec2(w, action, body).unwrap_or_else(|e| panic!("{action}: {e:?}"))
}

/// (primary instance id, a core instance id, master group id, slave group id)
fn nodes(w: &mut World, cluster: &str) -> (String, String, String, String) {
    let d = emr_ok(w, "DescribeCluster", json!({"ClusterId": cluster}));
    let attrs = &d["Cluster"]["Ec2InstanceAttributes"];
    let master_sg = attrs["EmrManagedMasterSecurityGroup"].as_str().unwrap_or_default().to_string();
    let slave_sg = attrs["EmrManagedSlaveSecurityGroup"].as_str().unwrap_or_default().to_string();
    let list = emr_ok(w, "ListInstances", json!({"ClusterId": cluster}));
    let mut master = String::new();
    let mut core = String::new();
    let groups = emr_ok(w, "ListInstanceGroups", json!({"ClusterId": cluster}));
    for i in list["Instances"].as_array().unwrap() {
        let group = i["InstanceGroupId"].as_str().unwrap();
        let role = groups["InstanceGroups"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["Id"] == group)
            .map(|g| g["InstanceGroupType"].as_str().unwrap().to_string())
            .unwrap();
        let id = i["Ec2InstanceId"].as_str().unwrap().to_string();
        if role == "MASTER" {
            master = id;
        } else if core.is_empty() {
            core = id;
        }
    }
    (master, core, master_sg, slave_sg)
}

fn connect(w: &mut World, source: Source, instance: &str, protocol: &str, port: i64) -> Value {
    let out = w.apply(Command::Ec2(Ec2Command::Connect {
        source,
        instance: instance.into(),
        protocol: protocol.into(),
        port,
    }));
    serde_json::from_str(&out.result.expect("connect answers")).unwrap()
}

fn group<'a>(groups: &'a Value, id: &str) -> &'a Value {
    groups["SecurityGroups"].as_array().unwrap().iter().find(|g| g["GroupId"] == id).unwrap()
}

#[test]
fn a_launch_creates_the_two_managed_groups_with_their_default_rules() {
    let mut w = world(14);
    let cluster = emr_cluster(&mut w, 2, json!([]));
    let (_, _, master, slave) = nodes(&mut w, &cluster);
    let all = ec2_ok(&mut w, "DescribeSecurityGroups", json!({}));
    let names: Vec<&str> = all["SecurityGroups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["GroupName"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 2);
    assert!(
        names.contains(&"ElasticMapReduce-master") && names.contains(&"ElasticMapReduce-slave")
    );
    let m = group(&all, &master);
    assert!(m["Description"]
        .as_str()
        .unwrap()
        .starts_with("Master group for Elastic MapReduce created on 20"));
    // ICMP, TCP, UDP from both cluster groups, and TCP 8443 for the cluster manager: no CIDR,
    // so nothing from outside.
    let perms = m["IpPermissions"].as_array().unwrap();
    assert_eq!(perms.len(), 4);
    assert_eq!(perms[0]["IpProtocol"], "icmp");
    assert_eq!(
        (
            perms[1]["IpProtocol"].as_str(),
            perms[1]["FromPort"].as_i64(),
            perms[1]["ToPort"].as_i64()
        ),
        (Some("tcp"), Some(0), Some(65535))
    );
    let pairs: Vec<&str> = perms[1]["UserIdGroupPairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["GroupId"].as_str().unwrap())
        .collect();
    assert_eq!(pairs, [master.as_str(), slave.as_str()]);
    assert_eq!(perms[3]["FromPort"], 8443);
    assert_eq!(
        perms[3]["PrefixListIds"][0]["Description"],
        "Allows the cluster manager to communicate with the master nodes"
    );
    for g in all["SecurityGroups"].as_array().unwrap() {
        for p in g["IpPermissions"].as_array().unwrap() {
            assert!(
                p["IpRanges"].as_array().unwrap().is_empty(),
                "{} admits a CIDR: {p}",
                g["GroupName"]
            );
        }
        assert_eq!(g["IpPermissionsEgress"][0]["IpRanges"][0]["CidrIp"], "0.0.0.0/0");
    }
    let s = group(&all, &slave);
    assert_eq!(s["IpPermissions"].as_array().unwrap().len(), 3);
    // A second cluster shares the groups.
    let second = emr_cluster(&mut w, 1, json!([]));
    let (_, _, master2, _) = nodes(&mut w, &second);
    assert_eq!(master2, master);
    assert_eq!(
        ec2_ok(&mut w, "DescribeSecurityGroups", json!({}))["SecurityGroups"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn nothing_outside_reaches_the_nodes_but_the_primary_reaches_the_core_nodes() {
    let mut w = world(15);
    let cluster = emr_cluster(&mut w, 2, json!([]));
    let (master, core, master_sg, slave_sg) = nodes(&mut w, &cluster);
    let v = connect(&mut w, Source::Internet, &master, "tcp", 22);
    assert_eq!(v["Allowed"], false);
    assert_eq!(
        v["Message"],
        format!("No inbound rule of ElasticMapReduce-master ({master_sg}) admits TCP 22 from the internet (203.0.113.50): the packets are dropped and the connection times out.")
    );
    assert_eq!(connect(&mut w, Source::Learner, &core, "tcp", 8042)["Allowed"], false);
    let v = connect(&mut w, Source::EmrService, &master, "tcp", 8443);
    assert_eq!(v["Rule"], "TCP 8443 from pl-0e5a1c2b3d4f60789");
    // S28: the secondary nodes admit the primary (and each other), not the EMR service.
    let v = connect(&mut w, Source::Node { instance: master.clone() }, &core, "tcp", 9866);
    assert_eq!(v["Message"], format!("Allowed by ElasticMapReduce-slave ({slave_sg}): inbound All TCP from {master_sg} (ElasticMapReduce-master)."));
    assert_eq!(connect(&mut w, Source::EmrService, &core, "tcp", 8443)["Allowed"], false);
    assert_eq!(
        connect(&mut w, Source::Node { instance: core.clone() }, &master, "udp", 53)["Allowed"],
        true
    );
    let tried = w
        .events_since(0)
        .events
        .iter()
        .filter(|e| format!("{:?}", e.event).contains("ConnectionTried"))
        .count();
    assert_eq!(tried, 6);
}

#[test]
fn ssh_from_your_address_works_once_a_rule_admits_it() {
    let mut w = world(16);
    let cluster = emr_cluster(&mut w, 1, json!([]));
    let (master, _, master_sg, _) = nodes(&mut w, &cluster);
    assert_eq!(connect(&mut w, Source::Learner, &master, "tcp", 22)["Allowed"], false);
    let rule = json!({"GroupId": master_sg, "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "198.51.100.7/32", "Description": "My IP"}]}]});
    assert_eq!(
        ec2_ok(&mut w, "AuthorizeSecurityGroupIngress", rule.clone()),
        json!({"Return": true})
    );
    let v = connect(&mut w, Source::Learner, &master, "tcp", 22);
    assert_eq!(v["Rule"], "TCP 22 from 198.51.100.7/32");
    assert_eq!(connect(&mut w, Source::Internet, &master, "tcp", 22)["Allowed"], false);
    let (code, message) =
        failure(ec2(&mut w, "AuthorizeSecurityGroupIngress", rule.clone()), "again");
    assert_eq!(code, "InvalidPermission.Duplicate");
    assert_eq!(message, "the specified rule \"peer: 198.51.100.7/32, TCP, from port: 22, to port: 22, ALLOW\" already exists");
    ec2_ok(&mut w, "RevokeSecurityGroupIngress", rule.clone());
    assert_eq!(connect(&mut w, Source::Learner, &master, "tcp", 22)["Allowed"], false);
    let (code, message) = failure(ec2(&mut w, "RevokeSecurityGroupIngress", rule), "revoke twice");
    assert_eq!(
        (code.as_str(), message.as_str()),
        ("InvalidPermission.NotFound", "The specified rule does not exist in this security group.")
    );
}

#[test]
fn a_launch_puts_back_a_removed_default_rule() {
    let mut w = world(17);
    let cluster = emr_cluster(&mut w, 1, json!([]));
    let (master, core, master_sg, slave_sg) = nodes(&mut w, &cluster);
    let rule = json!({"GroupId": slave_sg, "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 0, "ToPort": 65535, "UserIdGroupPairs": [{"GroupId": master_sg}]}]});
    ec2_ok(&mut w, "RevokeSecurityGroupIngress", rule);
    assert_eq!(
        connect(&mut w, Source::Node { instance: master.clone() }, &core, "tcp", 9866)["Allowed"],
        false
    );
    emr_cluster(&mut w, 1, json!([]));
    assert_eq!(
        connect(&mut w, Source::Node { instance: master }, &core, "tcp", 9866)["Allowed"],
        true
    );
}

#[test]
fn before_december_2020_ssh_was_open_to_the_world() {
    let mut w = world(18);
    w.apply(Command::Emr(engine::emr::EmrCommand::SetEra {
        ssh_open_to_world: true,
        visibility_2019: false,
    }));
    let cluster = emr_cluster(&mut w, 1, json!([]));
    let (master, core, master_sg, _) = nodes(&mut w, &cluster);
    let v = connect(&mut w, Source::Internet, &master, "tcp", 22);
    assert_eq!(
        v["Message"],
        format!("Allowed by ElasticMapReduce-master ({master_sg}): inbound TCP 22 from 0.0.0.0/0.")
    );
    // S27: one port for the service, one for SSH, from outside the cluster.
    let m = ec2_ok(&mut w, "DescribeSecurityGroups", json!({"GroupIds": [master_sg]}));
    let outside: Vec<i64> = m["SecurityGroups"][0]["IpPermissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["UserIdGroupPairs"].as_array().unwrap().is_empty())
        .map(|p| p["FromPort"].as_i64().unwrap())
        .collect();
    assert_eq!(outside, [8443, 22]);
    // Port 22 is block public access's default exception, so the launch went ahead; the core
    // nodes stay closed.
    assert_eq!(connect(&mut w, Source::Internet, &core, "tcp", 22)["Allowed"], false);
}

#[test]
fn block_public_access_refuses_a_group_open_to_the_world() {
    let mut w = world(19);
    let web =
        ec2_ok(&mut w, "CreateSecurityGroup", json!({"GroupName": "web", "Description": "web UI"}))
            ["GroupId"]
            .as_str()
            .unwrap()
            .to_string();
    ec2_ok(
        &mut w,
        "AuthorizeSecurityGroupIngress",
        json!({"GroupId": web, "IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "CidrIp": "0.0.0.0/0"}),
    );
    let run = json!({
        "Name": "open", "ReleaseLabel": "emr-7.1.0", "ServiceRole": "EMR_DefaultRole",
        "Instances": {"InstanceGroups": [{"InstanceRole": "MASTER", "InstanceType": "m5.xlarge", "InstanceCount": 1}],
                      "KeepJobFlowAliveWhenNoSteps": true, "AdditionalMasterSecurityGroups": [web]},
    });
    let (code, message) =
        failure(crate::support::emr(&mut w, "RunJobFlow", run.clone()), "RunJobFlow");
    assert_eq!(code, "ValidationException");
    assert_eq!(message, format!("Block public access is enabled for this account. The security group web ({web}) has a rule that allows inbound traffic from 0.0.0.0/0 on TCP 80, which is not a permitted port range (PermittedPublicSecurityGroupRuleRanges)."));
    assert_eq!(emr_ok(&mut w, "ListClusters", json!({}))["Clusters"].as_array().unwrap().len(), 0);
    let bpa = emr_ok(&mut w, "GetBlockPublicAccessConfiguration", json!({}));
    assert_eq!(
        bpa["BlockPublicAccessConfiguration"],
        json!({"BlockPublicSecurityGroupRules": true, "PermittedPublicSecurityGroupRuleRanges": [{"MinRange": 22, "MaxRange": 22}]})
    );
    emr_ok(
        &mut w,
        "PutBlockPublicAccessConfiguration",
        json!({"BlockPublicAccessConfiguration": {"BlockPublicSecurityGroupRules": true, "PermittedPublicSecurityGroupRuleRanges": [{"MinRange": 22, "MaxRange": 22}, {"MinRange": 80, "MaxRange": 80}]}}),
    );
    assert!(emr_ok(&mut w, "RunJobFlow", run)["JobFlowId"].is_string());
}

#[test]
fn ec2_answers_bad_rules_with_its_errors() {
    let mut w = world(20);
    let sg =
        ec2_ok(&mut w, "CreateSecurityGroup", json!({"GroupName": "lab", "Description": "lab"}))
            ["GroupId"]
            .as_str()
            .unwrap()
            .to_string();
    let cases = [
        (json!({"GroupId": sg, "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "10.0.0.300/24"}), "InvalidParameterValue", "Value (10.0.0.300/24) for parameter cidrIp is invalid. This is not a valid CIDR block."),
        (json!({"GroupId": sg, "IpPermissions": [{"IpProtocol": "tcp", "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}]}), "InvalidParameterValue", "Invalid value 'Must specify both from and to ports with TCP/UDP.' for portRange."),
        (json!({"GroupId": sg, "IpProtocol": "tcp", "FromPort": 22, "ToPort": 70000, "CidrIp": "10.0.0.0/8"}), "InvalidPermission.Malformed", "TCP/UDP port (70000) out of range"),
        (json!({"GroupId": sg, "IpProtocol": "tcpx", "FromPort": 22, "ToPort": 22, "CidrIp": "10.0.0.0/8"}), "InvalidParameterValue", "Invalid value 'tcpx' for IP protocol. Unknown protocol."),
        (json!({"GroupId": "sg-0000", "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "10.0.0.0/8"}), "InvalidGroup.NotFound", "The security group 'sg-0000' does not exist"),
    ];
    for (body, code, message) in cases {
        let (c, m) =
            failure(ec2(&mut w, "AuthorizeSecurityGroupIngress", body.clone()), "authorize");
        assert_eq!((c.as_str(), m.as_str()), (code, message), "{body}");
    }
    let (c, m) = failure(
        ec2(&mut w, "CreateSecurityGroup", json!({"GroupName": "lab", "Description": "again"})),
        "create",
    );
    assert_eq!(c, "InvalidGroup.Duplicate");
    assert_eq!(m, "The security group 'lab' already exists for VPC 'vpc-0a1b2c3d4e5f60718'");
    let (c, _) = failure(
        ec2(&mut w, "DescribeInstances", json!({"InstanceIds": ["i-0123456789abcdef0"]})),
        "describe",
    );
    assert_eq!(c, "InvalidInstanceID.NotFound");
    for garbage in ["[", "{\"IpPermissions\": 3}", "null"] {
        let out = w.apply(Command::api("ec2.AuthorizeSecurityGroupIngress", garbage));
        assert!(out.result.is_err(), "{garbage}");
    }
}

#[test]
fn describe_instances_shows_the_nodes_with_their_groups() {
    let mut w = world(21);
    let cluster = emr_cluster(&mut w, 2, json!([]));
    let (master, _, master_sg, slave_sg) = nodes(&mut w, &cluster);
    let out = ec2_ok(
        &mut w,
        "DescribeInstances",
        json!({"Filters": [{"Name": "tag:aws:elasticmapreduce:job-flow-id", "Values": [cluster]}]}),
    );
    let reservations = out["Reservations"].as_array().unwrap();
    assert_eq!(reservations.len(), 2);
    let primary = &reservations[0]["Instances"][0];
    assert_eq!(primary["InstanceId"], master.as_str());
    assert_eq!(primary["State"], json!({"Code": 16, "Name": "running"}));
    assert_eq!(
        primary["SecurityGroups"],
        json!([{"GroupId": master_sg, "GroupName": "ElasticMapReduce-master"}])
    );
    assert_eq!(reservations[1]["Instances"].as_array().unwrap().len(), 2);
    assert_eq!(reservations[1]["Instances"][0]["SecurityGroups"][0]["GroupId"], slave_sg.as_str());
}
