//! `aws emr`'s high-level commands against the engine's World, as the console runs them: the
//! getting-started tutorial from create-cluster to terminate-clusters, with what each command
//! prints.

use aws_cli::{CliOutput, MemoryFiles};
use engine::{Command, World, WorldConfig};

use crate::support::CLI;

fn run(w: &mut World, files: &mut MemoryFiles, line: &str) -> CliOutput {
    let mut send = |target: &str, body: &str| w.apply(Command::api(target, body)).result;
    CLI.run_with_files(line, &mut send, files, 1_767_225_600)
}

fn ok(w: &mut World, files: &mut MemoryFiles, line: &str) -> String {
    let out = run(w, files, line);
    assert_eq!(out.exit_code, 0, "{line}\n{}", out.stderr);
    out.stdout
}

#[test]
fn the_tutorial_runs_from_the_console() {
    let mut w = World::new(WorldConfig::with_seed(7));
    let files = &mut MemoryFiles::new();
    ok(&mut w, files, "aws s3 mb s3://lake");
    let created = ok(
        &mut w,
        files,
        "aws emr create-cluster --name 'My first cluster' --release-label emr-7.1.0 \
         --applications Name=Hadoop --instance-type m5.xlarge --instance-count 3 \
         --use-default-roles --tags team=data",
    );
    let v: serde_json::Value = serde_json::from_str(&created).expect("json");
    let id = v["ClusterId"].as_str().expect("ClusterId").to_string();
    assert!(v["ClusterArn"].as_str().is_some_and(|a| a.ends_with(&format!("cluster/{id}"))));
    assert_eq!(
        created,
        format!(
            "{{\n    \"ClusterId\": \"{id}\",\n    \"ClusterArn\": \"{}\"\n}}\n",
            v["ClusterArn"].as_str().unwrap_or_default()
        )
    );

    let state = format!(
        "aws emr describe-cluster --cluster-id {id} --query Cluster.Status.State --output text"
    );
    assert_eq!(ok(&mut w, files, &state), "STARTING\n");
    w.advance_by(270_000);
    assert_eq!(ok(&mut w, files, &state), "WAITING\n");

    // describe-cluster merges the instance groups and bootstrap actions into the cluster.
    let described: serde_json::Value = serde_json::from_str(&ok(
        &mut w,
        files,
        &format!("aws emr describe-cluster --cluster-id {id}"),
    ))
    .expect("json");
    let cluster = &described["Cluster"];
    assert_eq!(cluster["Name"], "My first cluster");
    assert_eq!(cluster["ServiceRole"], "EMR_DefaultRole");
    assert_eq!(cluster["Ec2InstanceAttributes"]["IamInstanceProfile"], "EMR_EC2_DefaultRole");
    assert_eq!(cluster["BootstrapActions"], serde_json::json!([]));
    let groups: Vec<(&str, i64)> = cluster["InstanceGroups"]
        .as_array()
        .expect("groups")
        .iter()
        .map(|g| {
            (
                g["InstanceGroupType"].as_str().unwrap_or_default(),
                g["RunningInstanceCount"].as_i64().unwrap_or(-1),
            )
        })
        .collect();
    let mut sorted = groups.clone();
    sorted.sort();
    assert_eq!(sorted, [("CORE", 2), ("MASTER", 1)]);

    // The tutorial's streaming word count, added as the CLI builds it.
    let added = ok(
        &mut w,
        files,
        &format!(
            "aws emr add-steps --cluster-id {id} --steps Type=STREAMING,Name='Word count',\
             ActionOnFailure=CONTINUE,Args=[-files,s3://elasticmapreduce/samples/wordcount/wordSplitter.py,\
             -mapper,wordSplitter.py,-reducer,aggregate,-input,\
             s3://elasticmapreduce/samples/wordcount/input,-output,s3://lake/wordcount] \
             --query StepIds[0] --output text"
        ),
    );
    let step = added.trim().to_string();
    assert!(step.starts_with("s-"), "{added}");
    let args = ok(
        &mut w,
        files,
        &format!(
            "aws emr describe-step --cluster-id {id} --step-id {step} --query Step.Config.[Jar,Args[0]] --output text"
        ),
    );
    assert_eq!(args, "command-runner.jar\thadoop-streaming\n");
    w.advance_by(30 * 60_000);
    let status = ok(
        &mut w,
        files,
        &format!(
            "aws emr list-steps --cluster-id {id} --query Steps[0].Status.State --output text"
        ),
    );
    assert_eq!(status, "COMPLETED\n");
    let listing = ok(&mut w, files, "aws s3 ls s3://lake/wordcount/");
    assert!(listing.contains(" _SUCCESS\n"), "{listing}");
    assert!(listing.contains(" part-00000\n"), "{listing}");

    let active =
        ok(&mut w, files, "aws emr list-clusters --active --query Clusters[].Name --output text");
    assert_eq!(active, "My first cluster\n");

    let added = ok(
        &mut w,
        files,
        &format!(
            "aws emr add-instance-groups --cluster-id {id} --instance-groups \
             InstanceGroupType=TASK,InstanceCount=1,InstanceType=m5.xlarge,BidPrice=OnDemandPrice \
             --query InstanceGroupIds --output text"
        ),
    );
    assert!(added.starts_with("ig-"), "{added}");
    let market = ok(
        &mut w,
        files,
        &format!(
            "aws emr list-instances --cluster-id {id} --instance-group-types TASK --query Instances[].Market --output text"
        ),
    );
    assert_eq!(market, "SPOT\n");

    // Protected, the cluster survives terminate-clusters; unprotected, it goes.
    ok(
        &mut w,
        files,
        &format!("aws emr modify-cluster-attributes --cluster-id {id} --termination-protected"),
    );
    let refused = run(&mut w, files, &format!("aws emr terminate-clusters --cluster-ids {id}"));
    assert_eq!(refused.exit_code, 254, "{refused:?}");
    assert!(refused.stderr.contains("TerminateJobFlows operation"), "{}", refused.stderr);
    ok(
        &mut w,
        files,
        &format!("aws emr modify-cluster-attributes --cluster-id {id} --no-termination-protected"),
    );
    assert_eq!(ok(&mut w, files, &format!("aws emr terminate-clusters --cluster-ids {id}")), "");
    w.advance_by(120_000);
    let terminated = ok(
        &mut w,
        files,
        "aws emr list-clusters --terminated --query Clusters[].Status.State --output text",
    );
    assert_eq!(terminated, "TERMINATED\n");
}

#[test]
fn high_level_commands_stand_in_for_the_low_level_ones() {
    let mut w = World::new(WorldConfig::with_seed(1));
    let files = &mut MemoryFiles::new();
    let out = run(&mut w, files, "aws emr run-job-flow --name x");
    assert_eq!(out.exit_code, 252);
    assert!(out.stderr.contains("Invalid choice, valid choices are:"), "{}", out.stderr);
    assert!(!out.stderr.contains("run-job-flow"), "{}", out.stderr);
    let out = run(&mut w, files, "aws emr socks --cluster-id j-1 --key-pair-file k.pem");
    assert_eq!(out.exit_code, 255);
    assert!(
        out.stderr.contains("aws emr socks is not available in this console"),
        "{}",
        out.stderr
    );
    let out = run(&mut w, files, "aws emr wait cluster-running --cluster-id j-1");
    assert!(out.stderr.contains("aws emr wait is not available"), "{}", out.stderr);
    let out = run(
        &mut w,
        files,
        "aws emr create-cluster --release-label emr-7.1.0 --instance-fleets InstanceFleetType=MASTER,TargetOnDemandCapacity=1",
    );
    assert_eq!(out.exit_code, 255);
    assert!(out.stderr.contains("--instance-fleets is not available"), "{}", out.stderr);
    let help = run(&mut w, files, "aws emr create-cluster help");
    assert_eq!(help.exit_code, 0);
    assert!(help.stdout.contains("[--instance-groups <value>]"), "{}", help.stdout);
    let candidates = CLI.complete("aws emr create-c", 16);
    assert_eq!(candidates, ["create-cluster"]);
    let options = CLI.complete("aws emr add-steps --", 20);
    assert_eq!(&options[..2], ["--cluster-id", "--steps"]);
    // A model command the UI echoes still parses into its call.
    let call = CLI.parse("aws emr describe-cluster --cluster-id j-1").expect("parses");
    assert_eq!(call.target, "ElasticMapReduce.DescribeCluster");
}

/// Runs a line as the console does: the World's virtual clock is the CLI's, so a waiter's
/// delays run it forward. Returns the output and the seconds the waiter slept.
fn run_on_clock(w: &mut World, line: &str) -> (CliOutput, Vec<u64>) {
    let world = std::cell::RefCell::new(w);
    let mut slept = Vec::new();
    let out = CLI.run_with_clock(
        line,
        &mut |target, body| world.borrow_mut().apply(Command::api(target, body)).result,
        &mut MemoryFiles::new(),
        1_767_225_600,
        &mut |seconds| {
            slept.push(seconds);
            world.borrow_mut().advance_by(seconds * 1000);
        },
    );
    (out, slept)
}

#[test]
fn waiters_poll_while_the_virtual_clock_runs() {
    let mut w = World::new(WorldConfig::with_seed(7));
    let files = &mut MemoryFiles::new();
    ok(&mut w, files, "aws s3 mb s3://lake");
    let id = ok(
        &mut w,
        files,
        "aws emr create-cluster --release-label emr-7.1.0 --instance-type m5.xlarge \
         --instance-count 3 --use-default-roles --query ClusterId --output text",
    )
    .trim()
    .to_string();

    // The cluster takes 4.5 virtual minutes to come up: nine 30-second sleeps, then WAITING.
    let start = w.now();
    let (out, slept) =
        run_on_clock(&mut w, &format!("aws emr wait cluster-running --cluster-id {id}"));
    assert_eq!(out, CliOutput::default(), "nothing printed, exit 0");
    assert_eq!(slept, [30; 9]);
    assert_eq!(w.now() - start, 270_000);
    let state = format!(
        "aws emr describe-cluster --cluster-id {id} --query Cluster.Status.State --output text"
    );
    assert_eq!(ok(&mut w, files, &state), "WAITING\n");
    // Already up: one poll, no sleep.
    let (out, slept) =
        run_on_clock(&mut w, &format!("aws emr wait cluster-running --cluster-id {id}"));
    assert_eq!((out.exit_code, slept.len()), (0, 0));

    // The tutorial's word count completes under step-complete.
    let word_count = |w: &mut World, files: &mut MemoryFiles| {
        let line = format!(
            "aws emr add-steps --cluster-id {id} --steps Type=STREAMING,Name=wc,Args=[-files,\
             s3://elasticmapreduce/samples/wordcount/wordSplitter.py,-mapper,wordSplitter.py,\
             -reducer,aggregate,-input,s3://elasticmapreduce/samples/wordcount/input,-output,\
             s3://lake/wc] --query StepIds[0] --output text"
        );
        ok(w, files, &line).trim().to_string()
    };
    let step = word_count(&mut w, files);
    let wait_step = format!("aws emr wait step-complete --cluster-id {id} --step-id {step}");
    let (out, slept) = run_on_clock(&mut w, &wait_step);
    assert_eq!(out, CliOutput::default());
    assert!(!slept.is_empty() && slept.iter().all(|s| *s == 30), "{slept:?}");
    assert!(ok(&mut w, files, "aws s3 ls s3://lake/wc/").contains(" _SUCCESS\n"));

    // The same output again: the step fails (CONTINUE keeps the cluster) and so does the wait.
    let again = word_count(&mut w, files);
    let (out, _) = run_on_clock(
        &mut w,
        &format!("aws emr wait step-complete --cluster-id {id} --step-id {again}"),
    );
    assert_eq!(out.exit_code, 255);
    assert_eq!(
        out.stderr,
        "\nWaiter StepComplete failed: Waiter encountered a terminal failure state: For expression \"Step.Status.State\" we matched expected path: \"FAILED\"\n"
    );

    // Terminated by request: cluster-terminated waits it out; cluster-running now fails.
    ok(&mut w, files, &format!("aws emr terminate-clusters --cluster-ids {id}"));
    let (out, slept) =
        run_on_clock(&mut w, &format!("aws emr wait cluster-terminated --cluster-id {id}"));
    assert_eq!((out.exit_code, out.stderr.as_str()), (0, ""));
    assert!(!slept.is_empty(), "terminating takes time");
    assert_eq!(ok(&mut w, files, &state), "TERMINATED\n");
    let (out, _) = run_on_clock(&mut w, &format!("aws emr wait cluster-running --cluster-id {id}"));
    assert_eq!(
        out.stderr,
        "\nWaiter ClusterRunning failed: Waiter encountered a terminal failure state: For expression \"Cluster.Status.State\" we matched expected path: \"TERMINATED\"\n"
    );
    let (out, slept) = run_on_clock(&mut w, "aws emr wait cluster-running --cluster-id j-NOPE");
    assert_eq!(
        (out.stderr.as_str(), out.exit_code, slept.len()),
        (
            "\nWaiter ClusterRunning failed: An error occurred (InvalidRequestException): Cluster id 'j-NOPE' is not valid.\n",
            255,
            0
        )
    );
}

#[test]
fn a_waiter_gives_up_after_its_attempts() {
    // A stream that never goes away: stream-not-exists polls 18 times, 10 s apart.
    let mut w = World::new(WorldConfig::with_seed(3));
    let (out, _) =
        run_on_clock(&mut w, "aws kinesis create-stream --stream-name s --shard-count 1");
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    let (out, slept) = run_on_clock(&mut w, "aws kinesis wait stream-exists --stream-name s");
    assert_eq!((out.exit_code, slept.len()), (0, 1), "ACTIVE at the second poll");
    let start = w.now();
    let (out, slept) = run_on_clock(&mut w, "aws kinesis wait stream-not-exists --stream-name s");
    assert_eq!(out.stderr, "\nWaiter StreamNotExists failed: Max attempts exceeded\n");
    assert_eq!(out.exit_code, 255);
    assert_eq!(slept, [10; 17]);
    assert_eq!(w.now() - start, 170_000);
    run_on_clock(&mut w, "aws kinesis delete-stream --stream-name s");
    let (out, _) = run_on_clock(&mut w, "aws kinesis wait stream-not-exists --stream-name s");
    assert_eq!(out, CliOutput::default());
}
