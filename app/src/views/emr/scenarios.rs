//! The setups of the presets that compare or need more than one call: the same sort on 3
//! and on 10 core nodes; a storage face-off between a persistent cluster on HDFS and
//! transient ones on EMRFS; EMR's security groups tried from outside and inside; an IAM user
//! submitting a step; a cluster hidden from another user under 2019's rules; the sandbox's
//! Hive scripts as HIVE steps on transient clusters.

use engine::api::Call;
use engine::ec2::reach::Source;
use engine::ec2::Ec2Command;
use engine::emr::wire::{Application, HadoopJarStepConfig, StepConfig};
use engine::emr::EmrCommand;
use engine::Command;
use serde_json::json;

use super::builder::{ensure_results_bucket, FirstStep, Plan};
use crate::driver::Sim;

const MINUTE: u64 = 60_000;

/// `hadoop jar hadoop-mapreduce-examples.jar <args>` as a step.
fn examples_step(name: &str, args: &[&str]) -> StepConfig {
    let mut all = vec![
        "hadoop".to_string(),
        "jar".into(),
        "/usr/lib/hadoop-mapreduce/hadoop-mapreduce-examples.jar".into(),
    ];
    all.extend(args.iter().map(|a| a.to_string()));
    StepConfig {
        name: Some(name.into()),
        action_on_failure: Some("TERMINATE_CLUSTER".into()),
        hadoop_jar_step: Some(HadoopJarStepConfig {
            jar: Some("command-runner.jar".into()),
            args: Some(all),
            ..Default::default()
        }),
    }
}

/// Two transient clusters, 3 and 10 core nodes, each generating 20 MB in 1 MB blocks and
/// sorting it (TeraGen, then TeraSort: 20 map tasks), launched at the same moment.
pub fn run_it_faster(sim: Sim) {
    for core in [3, 10] {
        let plan = Plan {
            name: format!("sort-on-{core}-core-nodes"),
            core,
            keep_alive: false,
            block_size: Some("1m"),
            first_step: FirstStep::TeraGen,
            ..Plan::default()
        };
        let mut input = plan.input();
        if let Some(steps) = input.steps.as_mut() {
            steps.push(examples_step("TeraSort", &["terasort", "/teragen", "/terasort"]));
        }
        let _ = sim.call(Call::new(&input));
    }
}

/// A persistent cluster keeping its word count in HDFS and a transient one writing it to S3,
/// an hour on: the transient one has come and gone, the persistent one waits (and bills).
pub fn storage_face_off(sim: Sim) {
    ensure_results_bucket(sim);
    let persistent = Plan {
        name: "persistent-hdfs".into(),
        core: 2,
        keep_alive: true,
        first_step: FirstStep::WordCountToHdfs,
        ..Plan::default()
    };
    let _ = sim.call(Call::new(&persistent.input()));
    let transient = Plan {
        name: "transient-emrfs".into(),
        core: 2,
        keep_alive: false,
        first_step: FirstStep::WordCountToS3,
        ..Plan::default()
    };
    let _ = sim.call(Call::new(&transient.input()));
    sim.skip(60 * MINUTE);
}

/// A long-running cluster, then three connections tried: SSH from the internet, the EMR
/// service on the primary's service port, the primary to a core node.
pub fn security_groups(sim: Sim) {
    let plan = Plan { name: "fenced".into(), core: 2, ..Plan::default() };
    let _ = sim.call(Call::new(&plan.input()));
    sim.skip(10 * MINUTE);
    let Some(c) = sim.with_world(|w| {
        let emr = w.view().emr();
        emr.clusters().first().and_then(|s| emr.cluster(&s.id))
    }) else {
        return;
    };
    let node = |role: &str| c.nodes.iter().find(|n| n.role == role).map(|n| n.ec2_id.clone());
    let (Some(primary), Some(core)) = (node("MASTER"), node("CORE")) else { return };
    let tries = [
        (Source::Internet, primary.clone(), 22),
        (Source::EmrService, primary.clone(), 8443),
        (Source::Node { instance: primary }, core.clone(), 9866),
        (Source::Internet, core, 9866),
    ];
    for (source, instance, port) in tries {
        let line = format!("connect from {} to {instance} on TCP {port}", source.text());
        let command =
            Command::Ec2(Ec2Command::Connect { source, instance, protocol: "tcp".into(), port });
        let _ = sim.act_told(command, &line, |body| {
            let v: serde_json::Value = serde_json::from_str(body).unwrap_or_default();
            v["Message"].as_str().unwrap_or_default().to_string()
        });
    }
}

/// The IAM user `name` with one inline policy allowing `actions` on every cluster.
fn user_with(sim: Sim, name: &str, actions: &[&str]) {
    let _ = sim.act_checked(
        Command::api("iam.CreateUser", json!({ "UserName": name }).to_string()),
        &format!("aws iam create-user --user-name {name}"),
    );
    let policy = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": actions, "Resource": "*"}]});
    let _ = sim.act_checked(
        Command::api(
            "iam.PutUserPolicy",
            json!({"UserName": name, "PolicyName": "emr", "PolicyDocument": policy.to_string()})
                .to_string(),
        ),
        &format!("aws iam put-user-policy --user-name {name} --policy-name emr --policy-document '{policy}'"),
    );
}

/// A step that lists HDFS's root, as `aws emr add-steps` sends it.
fn list_hdfs(cluster: &str) -> String {
    json!({"JobFlowId": cluster, "Steps": [{"Name": "List HDFS", "ActionOnFailure": "CONTINUE",
        "HadoopJarStep": {"Jar": "command-runner.jar", "Args": ["hdfs", "dfs", "-ls", "/"]}}]})
    .to_string()
}

/// Root launches a cluster; bob (allowed AddJobFlowSteps) and carol (no policy) each submit
/// a step with their own keys.
pub fn another_user_submits(sim: Sim) {
    let plan = Plan { name: "shared".into(), core: 2, ..Plan::default() };
    let _ = sim.call(Call::new(&plan.input()));
    let Some(id) = sim.with_world(|w| w.view().emr().clusters().first().map(|c| c.id.clone()))
    else {
        return;
    };
    user_with(sim, "bob", &["elasticmapreduce:AddJobFlowSteps", "elasticmapreduce:Describe*"]);
    let _ = sim.act_checked(
        Command::api("iam.CreateUser", json!({ "UserName": "carol" }).to_string()),
        "aws iam create-user --user-name carol",
    );
    for user in ["bob", "carol"] {
        let line = format!(
            "aws emr add-steps --cluster-id {id} --steps Type=CUSTOM_JAR,Name=\"List HDFS\",Jar=command-runner.jar,Args=[hdfs,dfs,-ls,/] --profile {user}"
        );
        let _ = sim.act_checked(
            Command::api_as(user, "ElasticMapReduce.AddJobFlowSteps", list_hdfs(&id)),
            &line,
        );
    }
    sim.skip(15 * MINUTE);
}

/// Under 2019's rules, alice launches a cluster with VisibleToAllUsers false; bob, allowed
/// every EMR action, does not list it.
pub fn hidden_cluster_2019(sim: Sim) {
    let _ = sim.act_checked(
        Command::Emr(EmrCommand::SetEra { ssh_open_to_world: false, visibility_2019: true }),
        "use 2019's rules: VisibleToAllUsers false hides a cluster",
    );
    for user in ["alice", "bob"] {
        user_with(sim, user, &["elasticmapreduce:*", "iam:PassRole"]);
    }
    let plan = Plan { name: "alices-cluster".into(), core: 2, ..Plan::default() };
    let mut input = plan.input();
    input.visible_to_all_users = Some(false);
    let body = serde_json::to_string(&input).unwrap_or_default();
    let _ = sim.act_checked(
        Command::api_as("alice", "ElasticMapReduce.RunJobFlow", body),
        "aws emr create-cluster --name alices-cluster --release-label emr-7.1.0 --no-visible-to-all-users ... --profile alice",
    );
    sim.skip(10 * MINUTE);
}

/// A transient cluster with Hive whose one step runs `script` from the sample bucket, as
/// `aws emr create-cluster --applications Name=Hadoop Name=Hive --steps Type=HIVE,...`
/// sends it.
pub fn hive_script(sim: Sim, name: &str, script: &str) {
    let plan = Plan { name: name.into(), core: 2, keep_alive: false, ..Plan::default() };
    let mut input = plan.input();
    input
        .applications
        .get_or_insert_with(Vec::new)
        .push(Application { name: Some("Hive".into()), ..Default::default() });
    let args = ["hive-script", "--run-hive-script", "--args", "-f"]
        .iter()
        .map(|a| a.to_string())
        .chain([format!("s3://elasticmapreduce/samples/hive/{script}")])
        .collect();
    input.steps = Some(vec![StepConfig {
        name: Some("Hive program".into()),
        action_on_failure: Some("TERMINATE_CLUSTER".into()),
        hadoop_jar_step: Some(HadoopJarStepConfig {
            jar: Some("command-runner.jar".into()),
            args: Some(args),
            ..Default::default()
        }),
    }]);
    let _ = sim.call(Call::new(&input));
}
