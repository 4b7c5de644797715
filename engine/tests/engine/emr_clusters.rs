//! EMR clusters through the API: the state machine on the virtual clock with AWS's reason
//! codes and messages, steps and ActionOnFailure, termination protection, listings, resizes,
//! and AWS's error texts.

use serde_json::{json, Value};

use crate::support::{call, failure, world};
use engine::World;

const EMR: &str = "ElasticMapReduce";

fn emr(w: &mut World, action: &str, body: Value) -> Result<Value, engine::api::ApiError> {
    call(w, EMR, action, body)
}

fn ok(w: &mut World, action: &str, body: Value) -> Value {
    emr(w, action, body).unwrap_or_else(|e| panic!("{action}: {e:?}"))
}

/// A cluster of one m5.xlarge primary node and `core` core nodes.
fn run(w: &mut World, keep_alive: bool, core: u32, steps: Value) -> String {
    let mut groups =
        vec![json!({"InstanceRole": "MASTER", "InstanceType": "m5.xlarge", "InstanceCount": 1})];
    if core > 0 {
        groups.push(
            json!({"InstanceRole": "CORE", "InstanceType": "m5.xlarge", "InstanceCount": core}),
        );
    }
    let out = ok(
        w,
        "RunJobFlow",
        json!({
            "Name": "demo",
            "ReleaseLabel": "emr-7.1.0",
            "ServiceRole": "EMR_DefaultRole",
            "JobFlowRole": "EMR_EC2_DefaultRole",
            "Instances": {"InstanceGroups": groups, "KeepJobFlowAliveWhenNoSteps": keep_alive},
            "Steps": steps,
        }),
    );
    out["JobFlowId"].as_str().expect("JobFlowId").to_string()
}

fn state(w: &mut World, id: &str) -> (String, Value) {
    let d = ok(w, "DescribeCluster", json!({"ClusterId": id}));
    let s = &d["Cluster"]["Status"];
    (s["State"].as_str().unwrap_or_default().to_string(), s["StateChangeReason"].clone())
}

fn step_states(w: &mut World, id: &str) -> Vec<(String, String)> {
    let out = ok(w, "ListSteps", json!({"ClusterId": id}));
    out["Steps"]
        .as_array()
        .expect("Steps")
        .iter()
        .map(|s| {
            (
                s["Name"].as_str().unwrap_or_default().into(),
                s["Status"]["State"].as_str().unwrap_or_default().into(),
            )
        })
        .collect()
}

fn step(name: &str, action: &str, args: &[&str]) -> Value {
    json!({"Name": name, "ActionOnFailure": action, "HadoopJarStep": {"Jar": "command-runner.jar", "Args": args}})
}

const MIN: u64 = 60_000;

#[test]
fn a_long_running_cluster_starts_and_waits_with_awss_messages() {
    let mut w = world(1);
    let id = run(&mut w, true, 2, json!([]));
    assert!(id.starts_with("j-") && id.len() == 15, "{id}");
    assert_eq!(
        state(&mut w, &id),
        ("STARTING".into(), json!({"Message": "Provisioning Amazon EC2 capacity"}))
    );
    w.advance_by(2 * MIN);
    assert_eq!(
        state(&mut w, &id),
        ("STARTING".into(), json!({"Message": "Configuring cluster software"}))
    );
    w.advance_by(2 * MIN);
    assert_eq!(state(&mut w, &id), ("BOOTSTRAPPING".into(), json!({})));
    w.advance_by(30_000);
    assert_eq!(
        state(&mut w, &id),
        ("WAITING".into(), json!({"Message": "Cluster ready to run steps."}))
    );
    w.advance_by(MIN);
    let d = ok(&mut w, "DescribeCluster", json!({"ClusterId": id}));
    let c = &d["Cluster"];
    assert_eq!(c["AutoTerminate"], json!(false));
    assert_eq!(c["TerminationProtected"], json!(false));
    assert_eq!(c["VisibleToAllUsers"], json!(true));
    assert_eq!(c["ReleaseLabel"], json!("emr-7.1.0"));
    assert_eq!(c["Applications"], json!([{"Name": "Hadoop", "Version": "3.3.6"}]));
    assert_eq!(
        c["ClusterArn"],
        json!(format!("arn:aws:elasticmapreduce:us-east-1:000000000000:cluster/{id}"))
    );
    assert_eq!(c["StepConcurrencyLevel"], json!(1));
    assert_eq!(c["NormalizedInstanceHours"], json!(24), "3 m5.xlarge x 8 for the started hour");
    assert!(c["MasterPublicDnsName"]
        .as_str()
        .is_some_and(|d| d.ends_with(".compute-1.amazonaws.com")));
    assert_eq!(c["Status"]["Timeline"]["ReadyDateTime"].as_f64(), Some(1_767_225_600.0 + 270.0));
}

#[test]
fn a_transient_cluster_runs_its_steps_then_terminates_with_steps_completed() {
    let mut w = world(2);
    let id = run(
        &mut w,
        false,
        1,
        json!([
            step("one", "CONTINUE", &["echo", "hi"]),
            step("two", "CONTINUE", &["sleep", "60"])
        ]),
    );
    w.advance_by(270_000);
    assert_eq!(state(&mut w, &id), ("RUNNING".into(), json!({"Message": "Running step"})));
    assert_eq!(
        step_states(&mut w, &id),
        [("two".into(), "PENDING".into()), ("one".into(), "RUNNING".into())]
    );
    w.advance_by(10_000);
    assert_eq!(
        step_states(&mut w, &id),
        [("two".into(), "RUNNING".into()), ("one".into(), "COMPLETED".into())]
    );
    w.advance_by(70_000);
    assert_eq!(
        state(&mut w, &id),
        (
            "TERMINATING".into(),
            json!({"Code": "ALL_STEPS_COMPLETED", "Message": "Steps completed"})
        )
    );
    w.advance_by(MIN);
    assert_eq!(
        state(&mut w, &id),
        ("TERMINATED".into(), json!({"Code": "ALL_STEPS_COMPLETED", "Message": "Steps completed"}))
    );
    let groups = ok(&mut w, "ListInstanceGroups", json!({"ClusterId": id}));
    for g in groups["InstanceGroups"].as_array().expect("groups") {
        assert_eq!(g["Status"]["State"], json!("TERMINATED"));
        assert_eq!(g["RunningInstanceCount"], json!(0));
    }
}

#[test]
fn a_transient_cluster_without_steps_ends_as_soon_as_it_is_up() {
    let mut w = world(3);
    let id = run(&mut w, false, 1, json!([]));
    w.advance_by(270_000);
    assert_eq!(state(&mut w, &id).0, "TERMINATING");
}

#[test]
fn action_on_failure_continue_cancel_and_wait_and_terminate_cluster() {
    // CONTINUE: the next step runs.
    let mut w = world(4);
    let id = run(
        &mut w,
        true,
        1,
        json!([step("bad", "CONTINUE", &["false"]), step("good", "CONTINUE", &["true"])]),
    );
    w.advance_by(270_000 + 30_000);
    assert_eq!(
        step_states(&mut w, &id),
        [("good".into(), "COMPLETED".into()), ("bad".into(), "FAILED".into())]
    );
    assert_eq!(
        state(&mut w, &id),
        ("WAITING".into(), json!({"Message": "Cluster ready after last step completed."}))
    );
    let steps = ok(&mut w, "ListSteps", json!({"ClusterId": id, "StepStates": ["FAILED"]}));
    assert_eq!(
        steps["Steps"][0]["Status"]["FailureDetails"],
        json!({"Reason": "Unknown Error", "Message": "Command exiting with ret '1'"})
    );

    // CANCEL_AND_WAIT: the pending steps are cancelled, the cluster waits.
    let mut w = world(5);
    let id = run(
        &mut w,
        true,
        1,
        json!([step("bad", "CANCEL_AND_WAIT", &["false"]), step("later", "CONTINUE", &["true"])]),
    );
    w.advance_by(270_000 + 30_000);
    assert_eq!(
        step_states(&mut w, &id),
        [("later".into(), "CANCELLED".into()), ("bad".into(), "FAILED".into())]
    );
    assert_eq!(state(&mut w, &id).0, "WAITING");

    // TERMINATE_CLUSTER: the cluster ends with errors.
    let mut w = world(6);
    let id = run(
        &mut w,
        true,
        1,
        json!([step("bad", "TERMINATE_CLUSTER", &["false"]), step("later", "CONTINUE", &["true"])]),
    );
    w.advance_by(270_000 + 10_000);
    assert_eq!(
        step_states(&mut w, &id),
        [("later".into(), "CANCELLED".into()), ("bad".into(), "FAILED".into())]
    );
    let stopping = json!({"Code": "STEP_FAILURE", "Message": "Shut down as step failed"});
    assert_eq!(state(&mut w, &id), ("TERMINATING".into(), stopping.clone()));
    w.advance_by(MIN);
    assert_eq!(state(&mut w, &id), ("TERMINATED_WITH_ERRORS".into(), stopping));
}

#[test]
fn termination_protection_refuses_terminate_job_flows_until_lifted() {
    let mut w = world(7);
    let out = ok(
        &mut w,
        "RunJobFlow",
        json!({"Name": "p", "ReleaseLabel": "emr-6.15.0", "ServiceRole": "EMR_DefaultRole",
               "Instances": {"MasterInstanceType": "m5.xlarge", "SlaveInstanceType": "m5.xlarge", "InstanceCount": 3,
                             "KeepJobFlowAliveWhenNoSteps": true, "TerminationProtected": true}}),
    );
    let id = out["JobFlowId"].as_str().expect("id").to_string();
    w.advance_by(270_000);
    ok(
        &mut w,
        "AddJobFlowSteps",
        json!({"JobFlowId": id, "Steps": [step("long", "CONTINUE", &["sleep", "600"])]}),
    );
    let refused =
        failure(emr(&mut w, "TerminateJobFlows", json!({"JobFlowIds": [id]})), "TerminateJobFlows");
    assert_eq!(
        refused,
        (
            "ValidationException".into(),
            "Could not shut down one or more job flows since they are termination protected."
                .into()
        )
    );
    ok(
        &mut w,
        "SetTerminationProtection",
        json!({"JobFlowIds": [id], "TerminationProtected": false}),
    );
    ok(&mut w, "TerminateJobFlows", json!({"JobFlowIds": [id]}));
    assert_eq!(
        state(&mut w, &id),
        (
            "TERMINATING".into(),
            json!({"Code": "USER_REQUEST", "Message": "Terminated by user request"})
        )
    );
    assert_eq!(step_states(&mut w, &id), [("long".into(), "INTERRUPTED".into())]);
    let late = failure(
        emr(
            &mut w,
            "AddJobFlowSteps",
            json!({"JobFlowId": id, "Steps": [step("x", "CONTINUE", &["true"])]}),
        ),
        "AddJobFlowSteps",
    );
    assert_eq!(
        late.1,
        "A job flow that is shutting down, terminated, or finished may not be modified."
    );
    let groups = ok(&mut w, "ListInstanceGroups", json!({"ClusterId": id}));
    let names: Vec<&str> = groups["InstanceGroups"]
        .as_array()
        .expect("g")
        .iter()
        .filter_map(|g| g["Name"].as_str())
        .collect();
    assert_eq!(names, ["MASTER", "CORE"]);
}

#[test]
fn unknown_ids_get_awss_texts() {
    let mut w = world(8);
    assert_eq!(
        failure(emr(&mut w, "DescribeCluster", json!({"ClusterId": "j-NOPE"})), "DescribeCluster"),
        ("InvalidRequestException".into(), "Cluster id 'j-NOPE' is not valid.".into())
    );
    let id = run(&mut w, true, 1, json!([]));
    assert_eq!(
        failure(
            emr(&mut w, "DescribeStep", json!({"ClusterId": id, "StepId": "s-X"})),
            "DescribeStep"
        ),
        ("InvalidRequestException".into(), "Step id 's-X' is not valid.".into())
    );
    assert_eq!(
        failure(
            emr(&mut w, "AddJobFlowSteps", json!({"JobFlowId": "j-NOPE", "Steps": []})),
            "AddJobFlowSteps"
        ),
        ("ValidationException".into(), "Specified job flow ID not valid".into())
    );
}

#[test]
fn run_job_flow_refuses_what_emr_refuses() {
    let mut w = world(9);
    let base = || {
        json!({"Name": "x", "ReleaseLabel": "emr-7.1.0", "ServiceRole": "EMR_DefaultRole",
               "Instances": {"InstanceGroups": [{"InstanceRole": "MASTER", "InstanceType": "m5.xlarge", "InstanceCount": 1}]}})
    };
    let refused = |w: &mut World, body: Value| failure(emr(w, "RunJobFlow", body), "RunJobFlow").1;
    let mut b = base();
    b.as_object_mut().map(|o| o.remove("ServiceRole"));
    assert_eq!(refused(&mut w, b), "ServiceRole is required for creating cluster.");
    let mut b = base();
    b["ReleaseLabel"] = json!("emr-9.9.9");
    assert_eq!(refused(&mut w, b), "The supplied release label is invalid: emr-9.9.9.");
    let mut b = base();
    b["AmiVersion"] = json!("3.8.0");
    assert_eq!(refused(&mut w, b), "Only one AMI version and release label may be specified. Provided AMI: 3.8.0, release label: emr-7.1.0.");
    let mut b = base();
    b["Instances"]["InstanceGroups"] =
        json!([{"InstanceRole": "CORE", "InstanceType": "m5.xlarge", "InstanceCount": 1}]);
    assert_eq!(
        refused(&mut w, b),
        "Zero master instance groups supplied, you must specify exactly one master instance group"
    );
    let mut b = base();
    b["Instances"]["InstanceGroups"] = json!([
        {"InstanceRole": "MASTER", "InstanceType": "m5.xlarge", "InstanceCount": 1},
        {"InstanceRole": "TASK", "InstanceType": "m5.xlarge", "InstanceCount": 1}]);
    assert_eq!(refused(&mut w, b), "Clusters with task nodes must also define core nodes.");
    let mut b = base();
    b["Instances"]["InstanceGroups"][0]["InstanceCount"] = json!(2);
    assert_eq!(
        refused(&mut w, b),
        "Master instance group must have exactly 3 instances for HA clusters."
    );
    let mut b = base();
    b["Instances"]["InstanceCount"] = json!(3);
    assert_eq!(
        refused(&mut w, b),
        "Please configure instances using one and only one of the following: instance groups; instance fleets; instance count, master and slave instance type."
    );
    let mut b = base();
    b["ServiceRole"] = json!("MyRole");
    assert!(refused(&mut w, b).starts_with("Service role 'MyRole' does not exist."));
    let mut b = base();
    b["StepConcurrencyLevel"] = json!(300);
    assert_eq!(
        refused(&mut w, b),
        "Invalid step concurrency level. Allowed level is from 1 to 256"
    );
    let mut b = base();
    b.as_object_mut().map(|o| o.remove("Name"));
    assert_eq!(
        failure(emr(&mut w, "RunJobFlow", b), "RunJobFlow"),
        ("ValidationException".into(), "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null".into())
    );
}

#[test]
fn cancel_steps_cancels_pending_at_once_and_running_asynchronously() {
    let mut w = world(10);
    let id = run(
        &mut w,
        true,
        1,
        json!([step("a", "CONTINUE", &["sleep", "300"]), step("b", "CONTINUE", &["true"])]),
    );
    w.advance_by(270_000);
    let ids: Vec<String> = ok(&mut w, "ListSteps", json!({"ClusterId": id}))["Steps"]
        .as_array()
        .expect("steps")
        .iter()
        .filter_map(|s| s["Id"].as_str().map(str::to_string))
        .collect();
    let (b, a) = (&ids[0], &ids[1]);
    let out = ok(&mut w, "CancelSteps", json!({"ClusterId": id, "StepIds": [b, a]}));
    assert_eq!(
        out["CancelStepsInfoList"],
        json!([{"StepId": b, "Status": "SUBMITTED"}, {"StepId": a, "Status": "SUBMITTED"}])
    );
    assert_eq!(
        step_states(&mut w, &id),
        [("b".into(), "CANCELLED".into()), ("a".into(), "CANCEL_PENDING".into())]
    );
    w.advance_by(5_000);
    assert_eq!(
        step_states(&mut w, &id),
        [("b".into(), "CANCELLED".into()), ("a".into(), "CANCELLED".into())]
    );
    assert_eq!(state(&mut w, &id).0, "WAITING");
    let again = ok(&mut w, "CancelSteps", json!({"ClusterId": id, "StepIds": [a]}));
    assert_eq!(again["CancelStepsInfoList"][0]["Status"], json!("FAILED"));
}

#[test]
fn list_clusters_newest_first_fifty_a_page_with_a_marker_and_a_state_filter() {
    let mut w = world(11);
    let ids: Vec<String> = (0..55).map(|_| run(&mut w, true, 0, json!([]))).collect();
    let first = ok(&mut w, "ListClusters", json!({}));
    let page: Vec<&str> =
        first["Clusters"].as_array().expect("c").iter().filter_map(|c| c["Id"].as_str()).collect();
    assert_eq!(page.len(), 50);
    assert_eq!(page[0], ids[54]);
    let marker = first["Marker"].as_str().expect("marker").to_string();
    let second = ok(&mut w, "ListClusters", json!({"Marker": marker}));
    assert_eq!(second["Clusters"].as_array().map(Vec::len), Some(5));
    assert!(second.get("Marker").is_none());
    ok(&mut w, "TerminateJobFlows", json!({"JobFlowIds": [ids[0]]}));
    let terminating = ok(&mut w, "ListClusters", json!({"ClusterStates": ["TERMINATING"]}));
    assert_eq!(terminating["Clusters"].as_array().map(Vec::len), Some(1));
    let bad =
        failure(emr(&mut w, "ListClusters", json!({"ClusterStates": ["DONE"]})), "ListClusters");
    assert!(bad.1.contains("Member must satisfy enum value set: [STARTING, BOOTSTRAPPING, RUNNING, WAITING, TERMINATING, TERMINATED, TERMINATED_WITH_ERRORS]"), "{}", bad.1);
}

#[test]
fn step_concurrency_runs_steps_side_by_side() {
    let mut w = world(12);
    let id = run(&mut w, true, 1, json!([]));
    w.advance_by(270_000);
    ok(&mut w, "ModifyCluster", json!({"ClusterId": id, "StepConcurrencyLevel": 2}));
    ok(
        &mut w,
        "AddJobFlowSteps",
        json!({"JobFlowId": id, "Steps": [
        step("a", "CONTINUE", &["sleep", "60"]), step("b", "CONTINUE", &["sleep", "60"]), step("c", "CONTINUE", &["sleep", "60"])]}),
    );
    assert_eq!(
        step_states(&mut w, &id),
        [
            ("c".into(), "PENDING".into()),
            ("b".into(), "RUNNING".into()),
            ("a".into(), "RUNNING".into())
        ]
    );
    let refused = failure(
        emr(
            &mut w,
            "AddJobFlowSteps",
            json!({"JobFlowId": id, "Steps": [step("d", "CANCEL_AND_WAIT", &["true"])]}),
        ),
        "AddJobFlowSteps",
    );
    assert_eq!(refused.1, "Action on failure 'CANCEL_AND_WAIT' is invalid.");
}

#[test]
fn modify_instance_groups_grows_the_core_group_and_refuses_to_shrink_below_replication() {
    let mut w = world(13);
    let id = run(&mut w, true, 2, json!([]));
    w.advance_by(270_000);
    let groups = ok(&mut w, "ListInstanceGroups", json!({"ClusterId": id}));
    let core = groups["InstanceGroups"][1]["Id"].as_str().expect("core id").to_string();
    ok(
        &mut w,
        "ModifyInstanceGroups",
        json!({"ClusterId": id, "InstanceGroups": [{"InstanceGroupId": core, "InstanceCount": 4}]}),
    );
    let g = ok(&mut w, "ListInstanceGroups", json!({"ClusterId": id}));
    assert_eq!(g["InstanceGroups"][1]["Status"]["State"], json!("RESIZING"));
    assert_eq!(g["InstanceGroups"][1]["RequestedInstanceCount"], json!(4));
    assert_eq!(g["InstanceGroups"][1]["RunningInstanceCount"], json!(2));
    w.advance_by(150_000);
    let g = ok(&mut w, "ListInstanceGroups", json!({"ClusterId": id}));
    assert_eq!(g["InstanceGroups"][1]["Status"]["State"], json!("RUNNING"));
    assert_eq!(g["InstanceGroups"][1]["RunningInstanceCount"], json!(4));
    let inst =
        ok(&mut w, "ListInstances", json!({"ClusterId": id, "InstanceGroupTypes": ["CORE"]}));
    assert_eq!(inst["Instances"].as_array().map(Vec::len), Some(4));
    let refused = failure(
        emr(
            &mut w,
            "ModifyInstanceGroups",
            json!({"InstanceGroups": [{"InstanceGroupId": core, "InstanceCount": 0}]}),
        ),
        "ModifyInstanceGroups",
    );
    assert!(
        refused.1.starts_with("Cannot shrink the core instance group to 0 instances"),
        "{}",
        refused.1
    );
}

#[test]
fn add_instance_groups_adds_task_groups_to_a_running_cluster() {
    let mut w = world(17);
    let id = run(&mut w, true, 1, json!([]));
    let task = json!({"InstanceRole": "TASK", "InstanceType": "m5.xlarge", "InstanceCount": 2,
                      "Market": "SPOT", "BidPrice": "0.10", "Name": "spot"});
    let early = failure(
        emr(&mut w, "AddInstanceGroups", json!({"JobFlowId": id, "InstanceGroups": [task]})),
        "AddInstanceGroups",
    );
    assert_eq!(early.0, "ValidationException");
    w.advance_by(270_000);
    let added = ok(&mut w, "AddInstanceGroups", json!({"JobFlowId": id, "InstanceGroups": [task]}));
    assert_eq!(added["JobFlowId"], json!(id));
    assert!(added["ClusterArn"].as_str().is_some_and(|a| a.ends_with(&id)));
    let gid = added["InstanceGroupIds"][0].as_str().expect("group id").to_string();
    let g = ok(&mut w, "ListInstanceGroups", json!({"ClusterId": id}));
    let new = &g["InstanceGroups"][2];
    assert_eq!(new["Id"], json!(gid));
    assert_eq!(new["InstanceGroupType"], json!("TASK"));
    assert_eq!(new["Status"]["State"], json!("PROVISIONING"));
    assert_eq!(new["RequestedInstanceCount"], json!(2));
    w.advance_by(150_000);
    let g = ok(&mut w, "ListInstanceGroups", json!({"ClusterId": id}));
    assert_eq!(g["InstanceGroups"][2]["Status"]["State"], json!("RUNNING"));
    assert_eq!(g["InstanceGroups"][2]["RunningInstanceCount"], json!(2));
    let inst =
        ok(&mut w, "ListInstances", json!({"ClusterId": id, "InstanceGroupTypes": ["TASK"]}));
    assert_eq!(inst["Instances"].as_array().map(Vec::len), Some(2));
    for (role, text) in [
        ("MASTER", "Multiple master instance groups supplied"),
        ("CORE", "Multiple core instance groups supplied"),
    ] {
        let group = json!({"InstanceRole": role, "InstanceType": "m5.xlarge", "InstanceCount": 1});
        let refused = failure(
            emr(&mut w, "AddInstanceGroups", json!({"JobFlowId": id, "InstanceGroups": [group]})),
            "AddInstanceGroups",
        );
        assert!(refused.1.starts_with(text), "{}", refused.1);
    }
}
