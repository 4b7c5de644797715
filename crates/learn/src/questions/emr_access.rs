//! EMR access questions: who reaches a cluster's nodes through its managed security groups
//! (S26-S28), and which IAM users see and use a cluster (S29, S30). A run is watched in the
//! console (`aws ec2 describe-security-groups`, `aws emr list-clusters`).

use engine::ec2::reach::Source;
use engine::emr::EmrCommand;
use engine::{Command, World};

use crate::catalog::BOTH;
use crate::question::{Choice, Observation, Question};
use crate::script::Script;

use super::emr::{cluster_id, run_job_flow, Cluster};

pub const QUESTIONS: &[Question] = &[
    Question {
        id: "ssh-primary",
        title: "SSH to a new cluster's primary node",
        covers: &["S26", "S27"],
        exams: BOTH,
        view: "console",
        params: |d| vec![("era", d.pick(&[0, 1]))],
        prompt: "A first cluster is launched {era|today|in 2019}, with EMR's managed security groups and nothing added to them. From your own machine you run ssh hadoop@<primary node> (TCP 22). What happens?",
        choices: &[
            Choice { label: "It times out: no inbound rule of ElasticMapReduce-master admits your address", act: None, holds: |o, _| o.get("ssh") == 0 },
            Choice { label: "It connects: ElasticMapReduce-master admits SSH from anywhere", act: None, holds: |o, _| o.get("ssh") == 1 },
            Choice { label: "Block public access refuses the connection", act: None, holds: |_, _| false },
        ],
        setup: |p| {
            let mut s = Script::new();
            s.push(Command::Emr(EmrCommand::SetEra { ssh_open_to_world: p.get("era") == 1, visibility_2019: false }));
            s.push(run_job_flow(&Cluster { keep_alive: true, ..Cluster::default() }, &[]));
            s.finish()
        },
        fork_at: 0,
        run_ms: |_| 10 * 60_000,
        observe: |w, _| {
            let mut o = Observation::default();
            let (allowed, message) = try_connect(w, Source::Learner, "MASTER", 22);
            o.text("ssh", "SSH from your address", allowed as i64, message);
            let (service, message) = try_connect(w, Source::EmrService, "MASTER", 8443);
            o.text("service", "The EMR service on TCP 8443", service as i64, message);
            o
        },
        why: "EMR creates two security groups with a cluster, ElasticMapReduce-master for the primary node and ElasticMapReduce-slave for the others; by default neither admits traffic from outside the cluster except the EMR service itself, which reaches the primary node on TCP 8443. Before December 2020 the master group also had a rule admitting SSH (TCP 22) from 0.0.0.0/0; today you add one yourself, best from your own address only (198.51.100.7/32 here). Block public access checks a group's rules when a cluster launches; it does not judge connections, and port 22 is its default exception.",
    },
    Question {
        id: "core-node-reach",
        title: "Who reaches a core node?",
        covers: &["S26", "S28"],
        exams: BOTH,
        view: "console",
        params: |d| vec![("port", d.pick(&[8042, 9866, 22]))],
        prompt: "A cluster runs with EMR's default security groups. Who can open a TCP connection to port {port} of one of its core nodes?",
        choices: &[
            Choice { label: "Only the cluster's own nodes: the primary node and the other core nodes", act: None, holds: |o, _| o.get("primary") == 1 && o.get("internet") == 0 && o.get("service") == 0 },
            Choice { label: "The primary node and the EMR service", act: None, holds: |o, _| o.get("primary") == 1 && o.get("service") == 1 },
            Choice { label: "Anyone: core nodes have public addresses", act: None, holds: |o, _| o.get("internet") == 1 },
        ],
        setup: |_| {
            let mut s = Script::new();
            s.push(run_job_flow(&Cluster { keep_alive: true, ..Cluster::default() }, &[]));
            s.finish()
        },
        fork_at: 0,
        run_ms: |_| 10 * 60_000,
        observe: |w, p| {
            let mut o = Observation::default();
            let port = p.get("port");
            let from_primary = primary(w).map(|instance| Source::Node { instance });
            let (allowed, message) = from_primary.map_or((false, String::new()), |s| try_connect(w, s, "CORE", port));
            o.text("primary", "From the primary node", allowed as i64, message);
            let (allowed, message) = try_connect(w, Source::Internet, "CORE", port);
            o.text("internet", "From the internet", allowed as i64, message);
            let (allowed, message) = try_connect(w, Source::EmrService, "CORE", port);
            o.text("service", "From the EMR service", allowed as i64, message);
            o
        },
        why: "ElasticMapReduce-slave, the group of the core and task nodes, admits all ICMP, TCP and UDP traffic from ElasticMapReduce-master and from itself, and nothing else: not the internet, not even the EMR service, which talks to the primary node. The nodes work as one cluster (DataNodes on 9866, NodeManagers on 8042) while nothing outside can reach them.",
    },
    Question {
        id: "visible-to-all-users",
        title: "A cluster launched by another IAM user",
        covers: &["S30"],
        exams: BOTH,
        view: "console",
        params: |d| vec![("era", d.pick(&[0, 1]))],
        prompt: "{era|Today|In 2019}, IAM user alice launches a cluster with VisibleToAllUsers set to false. IAM user bob's policy allows elasticmapreduce:* on every resource. bob runs aws emr list-clusters. Does he see alice's cluster?",
        choices: &[
            Choice { label: "No: only the IAM principal that launched it (and the root user) can see and manage it", act: None, holds: |o, _| o.get("bob") == 0 && o.get("alice") == 1 },
            Choice { label: "Yes: the flag no longer has an effect, and bob's policy allows it", act: None, holds: |o, _| o.get("bob") == 1 },
            Choice { label: "Not even alice sees it until it is set visible", act: None, holds: |o, _| o.get("alice") == 0 },
        ],
        setup: |p| {
            let mut s = Script::new();
            s.push(Command::Emr(EmrCommand::SetEra { ssh_open_to_world: false, visibility_2019: p.get("era") == 1 }));
            s.push_all(user_with_policy("alice", ALL_EMR));
            s.push_all(user_with_policy("bob", ALL_EMR));
            let mut launch: serde_json::Value = match run_job_flow(&Cluster { keep_alive: true, ..Cluster::default() }, &[]) {
                Command::Api { body, .. } => serde_json::from_str(&body).unwrap_or_default(),
                _ => serde_json::Value::Null,
            };
            launch["VisibleToAllUsers"] = serde_json::json!(false);
            s.push(Command::api_as("alice", "ElasticMapReduce.RunJobFlow", launch.to_string()));
            s.finish()
        },
        fork_at: 0,
        run_ms: |_| 10 * 60_000,
        observe: |w, _| {
            let mut o = Observation::default();
            let alice = w.view().emr().clusters_visible_to("alice").len();
            let bob = w.view().emr().clusters_visible_to("bob").len();
            o.count("alice", "Clusters alice lists", alice as u64, "");
            o.count("bob", "Clusters bob lists", bob as u64, "");
            o
        },
        why: "VisibleToAllUsers once decided whether other IAM users of the account could see a cluster at all: set to false, only the IAM principal that created it and the account's root user could view and manage it, whatever the others' policies said. Today the parameter is no longer supported: the value is true, setting it false has no effect, and IAM policies alone decide who may act on a cluster (for example, with conditions on its tags).",
    },
    Question {
        id: "step-submitter",
        title: "A step submitted by an IAM user",
        covers: &["S29"],
        exams: BOTH,
        view: "console",
        params: |d| vec![("allowed", d.pick(&[0, 1]))],
        prompt: "IAM user bob's policy {allowed|does not allow|allows} elasticmapreduce:RunJobFlow (and iam:PassRole for EMR's roles). bob launches a cluster whose one step lists HDFS. What happens to the step?",
        choices: &[
            Choice { label: "The step runs on the cluster as the hadoop user; the step's record names bob as who submitted it", act: None, holds: |o, _| o.get("steps") == 1 },
            Choice { label: "Nothing runs: AccessDeniedException, no identity-based policy allows elasticmapreduce:RunJobFlow", act: None, holds: |o, _| o.get("steps") == 0 },
            Choice { label: "The step runs as a Linux user named bob", act: None, holds: |_, _| false },
        ],
        setup: |p| {
            let mut s = Script::new();
            let actions = if p.get("allowed") == 1 { "elasticmapreduce:RunJobFlow" } else { "elasticmapreduce:Describe*" };
            s.push_all(user_with_policy("bob", actions));
            let step = serde_json::json!({"Name": "ls", "ActionOnFailure": "CONTINUE",
                "HadoopJarStep": {"Jar": "command-runner.jar", "Args": ["hdfs", "dfs", "-ls", "/"]}});
            if let Command::Api { target, body, .. } = run_job_flow(&Cluster { keep_alive: true, ..Cluster::default() }, &[step]) {
                s.push(Command::api_as("bob", target, body));
            }
            s.finish()
        },
        fork_at: 0,
        run_ms: |_| 12 * 60_000,
        observe: |w, _| {
            let mut o = Observation::default();
            let c = cluster_id(w).and_then(|id| w.view().emr().cluster(&id));
            let by_bob = c.map(|c| c.steps.into_iter().filter(|s| s.submitted_by.ends_with(":user/bob")).collect::<Vec<_>>()).unwrap_or_default();
            let shown = by_bob.first().map(|s| format!("{} as {}", s.state, s.runs_as)).unwrap_or_else(|| "none".into());
            o.text("steps", "Steps submitted by bob", by_bob.len() as i64, shown);
            o
        },
        why: "Who may submit work to a cluster is an IAM question: any IAM user (or role) whose policy allows it (elasticmapreduce:RunJobFlow with its steps, elasticmapreduce:AddJobFlowSteps on a running cluster) can submit jobs, not only the hadoop user you reach over SSH. On the cluster the step runs as the hadoop Linux user whoever submitted it; EMR records the IAM principal. Without the permission the call is refused with AccessDeniedException, before anything reaches the cluster.",
    },
];

const ALL_EMR: &str = "elasticmapreduce:*";

/// CreateUser and an inline policy allowing `action` on every resource.
fn user_with_policy(user: &str, action: &str) -> Vec<Command> {
    let policy = serde_json::json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": [action, "iam:PassRole"], "Resource": "*"}]});
    vec![
        Command::api("iam.CreateUser", serde_json::json!({"UserName": user}).to_string()),
        Command::api(
            "iam.PutUserPolicy",
            serde_json::json!({"UserName": user, "PolicyName": "emr", "PolicyDocument": policy.to_string()}).to_string(),
        ),
    ]
}

fn nodes_of(w: &World, role: &str) -> Vec<String> {
    cluster_id(w)
        .and_then(|id| w.view().emr().cluster(&id))
        .map(|c| {
            c.nodes
                .into_iter()
                .filter(|n| n.role == role && n.state == "RUNNING")
                .map(|n| n.ec2_id)
                .collect()
        })
        .unwrap_or_default()
}

fn primary(w: &World) -> Option<String> {
    nodes_of(w, "MASTER").into_iter().next()
}

/// Connects from `source` to the first running node of `role`: (allowed, the answer).
fn try_connect(w: &World, source: Source, role: &str, port: i64) -> (bool, String) {
    let Some(target) = nodes_of(w, role).into_iter().next() else {
        return (false, "no running node".into());
    };
    match w.view().connect(&source, &target, "tcp", port) {
        Ok(v) => (v.allowed, v.message),
        Err(e) => (false, e.message),
    }
}
