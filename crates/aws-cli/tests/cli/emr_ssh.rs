//! `aws emr ssh` as ssh.py runs it: the cluster's state checked, a starting cluster waited for
//! on the virtual clock ("Waiting for the cluster to start."), then the `ssh` command line the
//! CLI prints before running it; ssh's warning for a key file that is not there; the errors for
//! an ending cluster and a missing option.

use aws_cli::{CliOutput, LocalFiles, MemoryFiles};
use engine::{Command, World, WorldConfig};

use crate::support::CLI;

/// A line on the World's virtual clock with these files: the output and the waiter's sleeps.
fn run(w: &mut World, files: &mut MemoryFiles, line: &str) -> (CliOutput, Vec<u64>) {
    let world = std::cell::RefCell::new(w);
    let mut slept = Vec::new();
    let out = CLI.run_with_clock(
        line,
        &mut |target, body| world.borrow_mut().apply(Command::api(target, body)).result,
        files,
        1_767_225_600,
        &mut |seconds| {
            slept.push(seconds);
            world.borrow_mut().advance_by(seconds * 1000);
        },
    );
    (out, slept)
}

fn create(w: &mut World, files: &mut MemoryFiles) -> String {
    let (out, _) = run(
        w,
        files,
        "aws emr create-cluster --name lab --release-label emr-7.1.0 --applications Name=Hadoop Name=Hive \
         --instance-type m5.xlarge --instance-count 3 --use-default-roles \
         --ec2-attributes KeyName=lab-key --query ClusterId --output text",
    );
    assert_eq!(out.exit_code, 0, "{out:?}");
    out.stdout.trim().to_string()
}

fn dns(w: &mut World, files: &mut MemoryFiles, id: &str) -> String {
    let line = format!(
        "aws emr describe-cluster --cluster-id {id} --query Cluster.MasterPublicDnsName --output text"
    );
    run(w, files, &line).0.stdout.trim().to_string()
}

#[test]
fn ssh_waits_for_a_starting_cluster_then_prints_the_ssh_command_it_runs() {
    let mut w = World::new(WorldConfig::with_seed(3));
    let files = &mut MemoryFiles::new();
    files.write("lab-key.pem", b"-----BEGIN RSA PRIVATE KEY-----\n".to_vec(), 0);
    let id = create(&mut w, files);
    let line = format!("aws emr ssh --cluster-id {id} --key-pair-file lab-key.pem");
    let (out, slept) = run(&mut w, files, &line);
    let host = dns(&mut w, files, &id);
    assert!(host.starts_with("ec2-") && host.ends_with(".compute-1.amazonaws.com"), "{host}");
    assert_eq!(
        out,
        CliOutput {
            stdout: format!("Waiting for the cluster to start.\nssh -o StrictHostKeyChecking=no -o ServerAliveInterval=10 -i lab-key.pem hadoop@{host} -t\n"),
            stderr: String::new(),
            exit_code: 0,
        }
    );
    // Nine polls 30 seconds apart: the cluster is up after 4.5 virtual minutes.
    assert_eq!(slept, [30; 9]);
    let request = CLI.ssh_request(&line, files).expect("an ssh line");
    assert_eq!(
        (request.cluster_id.as_str(), request.key_pair_file.as_str(), request.key_found),
        (id.as_str(), "lab-key.pem", true)
    );
    assert_eq!(request.command, None);

    // Up already: no wait. A key file that is not there: ssh's warning.
    let line =
        format!("aws emr ssh --cluster-id {id} --key-pair-file ~/other.pem --command whoami");
    let (out, slept) = run(&mut w, files, &line);
    assert!(slept.is_empty());
    assert_eq!(out.stdout, format!("ssh -o StrictHostKeyChecking=no -o ServerAliveInterval=10 -i ~/other.pem hadoop@{host} -t whoami\n"));
    assert_eq!(
        out.stderr,
        "Warning: Identity file ~/other.pem not accessible: No such file or directory.\n"
    );
    assert_eq!(out.exit_code, 0);
    let request = CLI.ssh_request(&line, files).expect("an ssh line");
    assert!(!request.key_found);
    assert_eq!(request.command.as_deref(), Some("whoami"));
    assert_eq!(CLI.ssh_request("aws emr list-clusters", files), None);
}

#[test]
fn ssh_refuses_an_ending_cluster_an_unknown_one_and_a_missing_option() {
    let mut w = World::new(WorldConfig::with_seed(4));
    let files = &mut MemoryFiles::new();
    let id = create(&mut w, files);
    let (out, _) = run(&mut w, files, &format!("aws emr terminate-clusters --cluster-ids {id}"));
    assert_eq!(out.exit_code, 0);
    let (out, slept) =
        run(&mut w, files, &format!("aws emr ssh --cluster-id {id} --key-pair-file lab-key.pem"));
    assert!(slept.is_empty());
    assert_eq!(
        out,
        CliOutput {
            stdout: String::new(),
            stderr: "\naws: error: Cluster terminating or already terminated.\n".into(),
            exit_code: 255,
        }
    );
    let (out, _) =
        run(&mut w, files, "aws emr ssh --cluster-id j-NOPE --key-pair-file lab-key.pem");
    assert_eq!(out.exit_code, 254);
    assert!(out.stderr.contains("when calling the DescribeCluster operation: "), "{}", out.stderr);
    let (out, _) = run(&mut w, files, &format!("aws emr ssh --cluster-id {id}"));
    assert_eq!(out.exit_code, 252);
    assert!(
        out.stderr.contains("the following arguments are required: --key-pair-file"),
        "{}",
        out.stderr
    );
}
