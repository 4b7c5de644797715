//! SSH to the primary node (issue 14, S28): today's master group admits no SSH, so the login
//! times out; a rule for the learner's address lets port 22 in; then only the cluster's key
//! pair logs in, as `hadoop`.

use engine::ec2::reach::Source;
use engine::ec2::Ec2Command;
use engine::{Command, World};
use serde_json::{json, Value};

use crate::support::{call, emr_ok, failure, world};

fn launch(w: &mut World) -> String {
    let out = emr_ok(
        w,
        "RunJobFlow",
        json!({"Name": "lab", "ReleaseLabel": "emr-7.1.0", "ServiceRole": "EMR_DefaultRole",
               "JobFlowRole": "EMR_EC2_DefaultRole",
               "Instances": {"InstanceGroups": [
                   {"InstanceRole": "MASTER", "InstanceType": "m5.xlarge", "InstanceCount": 1}],
                   "KeepJobFlowAliveWhenNoSteps": true, "Ec2KeyName": "lab-key"}}),
    );
    w.advance_by(270_000);
    out["JobFlowId"].as_str().expect("JobFlowId").to_string()
}

fn ssh(
    w: &mut World,
    source: Source,
    cluster: &str,
    key: &str,
) -> Result<Value, engine::api::ApiError> {
    let out = w.apply(Command::Ec2(Ec2Command::Ssh {
        source,
        cluster: cluster.into(),
        key_pair_file: key.into(),
    }));
    out.result.map(|s| serde_json::from_str(&s).unwrap_or(Value::Null))
}

/// The primary node's public DNS name and its master group's id.
fn primary(w: &mut World, cluster: &str) -> (String, String) {
    let d = emr_ok(w, "DescribeCluster", json!({"ClusterId": cluster}));
    let dns = d["Cluster"]["MasterPublicDnsName"].as_str().unwrap_or_default().to_string();
    let sg = d["Cluster"]["Ec2InstanceAttributes"]["EmrManagedMasterSecurityGroup"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    (dns, sg)
}

#[test]
fn ssh_times_out_until_a_rule_admits_port_22_then_only_the_clusters_key_logs_in() {
    let mut w = world(28);
    let cluster = launch(&mut w);
    let (host, master) = primary(&mut w, &cluster);
    assert!(host.ends_with(".compute-1.amazonaws.com"), "{host}");

    let out = ssh(&mut w, Source::Learner, &cluster, "lab-key.pem").expect("an answer");
    assert_eq!(out["connected"], json!(false));
    assert_eq!(
        out["message"],
        json!(format!("ssh: connect to host {host} port 22: Connection timed out"))
    );
    assert_eq!(
        out["reason"],
        json!(format!("No inbound rule of ElasticMapReduce-master ({master}) admits TCP 22 from your address (198.51.100.7): the packets are dropped and the connection times out."))
    );

    call(
        &mut w,
        "ec2",
        "AuthorizeSecurityGroupIngress",
        json!({"GroupId": master,
        "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
            "IpRanges": [{"CidrIp": "198.51.100.7/32"}]}]}),
    )
    .expect("rule added");
    let wrong =
        ssh(&mut w, Source::Learner, &cluster, "/home/me/.ssh/other-key.pem").expect("an answer");
    assert_eq!(wrong["connected"], json!(false));
    assert_eq!(wrong["message"], json!(format!("hadoop@{host}: Permission denied (publickey).")));

    let ok = ssh(&mut w, Source::Learner, &cluster, "lab-key.pem").expect("an answer");
    assert_eq!(ok["connected"], json!(true));
    assert_eq!(ok["user"], json!("hadoop"));
    assert!(ok["prompt"].as_str().unwrap_or_default().starts_with("[hadoop@ip-"), "{ok}");
    assert_eq!(
        ok["reason"],
        json!(format!(
            "Allowed by ElasticMapReduce-master ({master}): inbound TCP 22 from 198.51.100.7/32."
        ))
    );
    // The rule names the learner's address only: the rest of the internet still times out.
    let other = ssh(&mut w, Source::Internet, &cluster, "lab-key.pem").expect("an answer");
    assert_eq!(other["connected"], json!(false));
    let tried: Vec<String> = w
        .events_since(0)
        .events
        .iter()
        .map(|e| format!("{:?}", e.event))
        .filter(|e| e.contains("SshTried"))
        .collect();
    assert_eq!(tried.len(), 4, "{tried:?}");
    assert!(tried[2].contains("connected: true"), "{tried:?}");
}

#[test]
fn ssh_to_a_terminated_or_unknown_cluster_is_refused_before_connecting() {
    let mut w = world(29);
    let cluster = launch(&mut w);
    emr_ok(&mut w, "TerminateJobFlows", json!({"JobFlowIds": [cluster]}));
    let got = failure(ssh(&mut w, Source::Learner, &cluster, "lab-key.pem"), "terminated");
    assert_eq!(
        got,
        (
            "ClusterTerminatedError".into(),
            "aws: error: Cluster terminating or already terminated.".into()
        )
    );
    let got = failure(ssh(&mut w, Source::Learner, "j-NOPE", "lab-key.pem"), "unknown");
    assert_eq!(got, ("InvalidRequestException".into(), "Cluster id 'j-NOPE' is not valid.".into()));
}
