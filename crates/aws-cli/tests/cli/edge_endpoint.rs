//! `aws s3 ... --endpoint http://192.0.2.0:8080` typed in the console while a Snowball is on
//! site (issue 18, Deliver 2): the copy lands on the device, not in the bucket; an address
//! where nothing listens answers with the real CLI's connection failure (its text and exit
//! codes as AWS CLI 1.45 printed them against a closed port here); a locked device too, with
//! the sandbox's note.

use aws_cli::{CliOutput, LocalFiles, MemoryFiles};
use engine::snowball::SnowballCommand;
use engine::{Command, World, WorldConfig};
use serde_json::{json, Value};

use crate::support::CLI;

const HOUR: u64 = 3_600_000;
const DAY: u64 = 24 * HOUR;

fn run_in(w: &mut World, files: &mut MemoryFiles, line: &str) -> CliOutput {
    let now = w.now_unix_ms().div_euclid(1000);
    let mut send = |target: &str, body: &str| w.apply(Command::api(target, body)).result;
    CLI.run_with_files(line, &mut send, files, now)
}

fn snowball(w: &mut World, action: &str, body: Value) -> Value {
    let out = w.apply(Command::api(
        format!("AWSIESnowballJobManagementService.{action}"),
        body.to_string(),
    ));
    serde_json::from_str(&out.result.unwrap_or_default()).unwrap_or_default()
}

/// An Edge import into `edge-results`, its device delivered to the customer (still locked).
fn delivered(w: &mut World) -> String {
    assert!(w
        .apply(Command::api("s3.CreateBucket", r#"{"Bucket": "edge-results"}"#))
        .result
        .is_ok());
    let a = json!({"Address": {"Name": "Jane Roe", "Street1": "123 Any Street", "City": "Anytown",
        "StateOrProvince": "WA", "Country": "US", "PostalCode": "91011", "PhoneNumber": "206-555-1111"}});
    let addr =
        snowball(w, "CreateAddress", a)["AddressId"].as_str().unwrap_or_default().to_string();
    let job = snowball(
        w,
        "CreateJob",
        json!({"JobType": "IMPORT", "SnowballType": "EDGE",
        "AddressId": addr, "ShippingOption": "SECOND_DAY",
        "Resources": {"S3Resources": [{"BucketArn": "arn:aws:s3:::edge-results"}]}}),
    )["JobId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    w.advance_by(HOUR + 4 * DAY);
    job
}

fn unlock(w: &mut World, job: &str) {
    let manifest = snowball(w, "GetJobManifest", json!({"JobId": job}))["ManifestURI"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let code = snowball(w, "GetJobUnlockCode", json!({"JobId": job}))["UnlockCode"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let c = SnowballCommand::UnlockDevice { job_id: job.into(), manifest, unlock_code: code };
    assert!(w.apply(Command::Snowball(c)).result.is_ok());
}

#[test]
fn aws_s3_cp_with_the_devices_endpoint_writes_onto_the_device() {
    let mut w = World::new(WorldConfig::with_seed(5));
    let mut files = MemoryFiles::new();
    files.write("f.txt", b"hello\n".to_vec(), 0);
    files.write("raw/a.csv", b"a,1\n".to_vec(), 0);
    files.write("raw/b.csv", b"b,2\n".to_vec(), 0);
    let job = delivered(&mut w);
    let cp = "aws s3 cp f.txt s3://edge-results/raw/f.txt --endpoint http://192.0.2.0:8080";

    // Locked: its S3 adapter has not started, so nothing listens.
    let out = run_in(&mut w, &mut files, cp);
    assert_eq!(out.stdout, "");
    assert_eq!(
        out.stderr,
        format!("upload failed: ./f.txt to s3://edge-results/raw/f.txt Could not connect to the endpoint URL: \"http://192.0.2.0:8080/edge-results/raw/f.txt\"\n(The sandbox: the Snowball of job {job} at 192.0.2.0 is locked, and a locked device has not started its S3 adapter, so nothing listens on port 8080. Unlock it first: snowballEdge unlock-device, or snowball start -i 192.0.2.0 -m MANIFEST -u CODE in the transfer view. AWS documents no other answer.)\n")
    );
    assert_eq!(out.exit_code, 1);

    unlock(&mut w, &job);
    let out = run_in(&mut w, &mut files, cp);
    assert_eq!(
        (out.stdout.as_str(), out.stderr.as_str(), out.exit_code),
        ("upload: ./f.txt to s3://edge-results/raw/f.txt\n", "", 0)
    );
    // On the device, not in the bucket.
    let view = w.view().snowball().job(&job);
    let paths: Vec<String> =
        view.iter().flat_map(|j| j.device.files.iter().map(|f| f.path.clone())).collect();
    assert_eq!(paths, ["edge-results/raw/f.txt"]);
    let bucket = run_in(&mut w, &mut files, "aws s3 ls s3://edge-results/raw/");
    assert_eq!((bucket.stdout.as_str(), bucket.exit_code), ("", 1));

    // `--endpoint-url` and `sync` as well; `ls` lists the device.
    w.advance_by(1_000);
    let out = run_in(
        &mut w,
        &mut files,
        "aws s3 sync raw s3://edge-results/raw --endpoint-url http://192.0.2.0:8080",
    );
    assert_eq!(
        (out.stdout.as_str(), out.exit_code),
        ("upload: raw/a.csv to s3://edge-results/raw/a.csv\nupload: raw/b.csv to s3://edge-results/raw/b.csv\n", 0),
        "{}",
        out.stderr
    );
    let out = run_in(
        &mut w,
        &mut files,
        "aws s3 ls s3://edge-results/raw/ --endpoint http://192.0.2.0:8080",
    );
    // Each file's time is its copy's on the virtual clock (the sync ran a second later).
    assert_eq!(
        out.stdout,
        "2026-01-05 01:00:01          4 a.csv\n2026-01-05 01:00:01          4 b.csv\n2026-01-05 01:00:00          6 f.txt\n"
    );
    let out = run_in(&mut w, &mut files, "aws s3 ls --endpoint http://192.0.2.0:8080");
    assert_eq!(out.stdout, "2026-01-01 00:00:00 edge-results\n");
    // Nothing to do the second time: the device's times are the copies'.
    let out = run_in(
        &mut w,
        &mut files,
        "aws s3 sync raw s3://edge-results/raw --endpoint-url http://192.0.2.0:8080",
    );
    assert_eq!((out.stdout.as_str(), out.exit_code), ("", 0));
    // 8 MiB and more go in parts, which the adapter joins.
    let big: Vec<u8> = (0..9 * 1024 * 1024u32).map(|i| (i % 251) as u8).collect();
    files.write("big.bin", big.clone(), 0);
    w.advance_by(1_000);
    let out = run_in(
        &mut w,
        &mut files,
        "aws s3 cp big.bin s3://edge-results/big.bin --endpoint http://192.0.2.0:8080",
    );
    assert_eq!(
        (out.stdout.as_str(), out.stderr.as_str()),
        ("upload: ./big.bin to s3://edge-results/big.bin\n", "")
    );
    w.advance_by(1_000);
    let out = run_in(
        &mut w,
        &mut files,
        "aws s3 cp s3://edge-results/big.bin back.bin --endpoint http://192.0.2.0:8080",
    );
    assert_eq!(out.stdout, "download: s3://edge-results/big.bin to ./back.bin\n", "{}", out.stderr);
    assert_eq!(files.read("back.bin").map(|b| b.len()), Some(big.len()));
    assert!(files.read("back.bin").is_some_and(|b| b == big.as_slice()), "the same bytes back");
}

#[test]
fn a_device_call_reads_as_the_s3_call_with_its_endpoint() {
    let body = r#"{"Endpoint":"http://192.0.2.0:8080","Action":"ListObjectsV2","Input":{"Bucket":"edge-results","Prefix":"raw/"}}"#;
    assert_eq!(
        CLI.command_line_for("AWSIESnowballJobManagementService.DeviceS3", body),
        "aws s3api list-objects-v2 --bucket edge-results --prefix raw/ --endpoint-url http://192.0.2.0:8080"
    );
}

#[test]
fn an_address_with_no_device_answers_as_the_cli_does_when_nothing_listens() {
    let mut w = World::new(WorldConfig::with_seed(6));
    let mut files = MemoryFiles::new();
    files.write("f.txt", b"hello\n".to_vec(), 0);
    files.write("d/a.csv", b"a\n".to_vec(), 0);
    let at = "--endpoint http://10.0.0.9:8080";
    let out =
        run_in(&mut w, &mut files, &format!("aws s3 cp f.txt s3://edge-results/raw/f.txt {at}"));
    assert_eq!(
        (out.stderr.as_str(), out.exit_code),
        ("upload failed: ./f.txt to s3://edge-results/raw/f.txt Could not connect to the endpoint URL: \"http://10.0.0.9:8080/edge-results/raw/f.txt\"\n", 1)
    );
    let out = run_in(&mut w, &mut files, &format!("aws s3 ls s3://edge-results/raw/ {at}"));
    assert_eq!(
        (out.stderr.as_str(), out.exit_code),
        ("\nCould not connect to the endpoint URL: \"http://10.0.0.9:8080/edge-results?list-type=2&prefix=raw%2F&delimiter=%2F&encoding-type=url\"\n", 255)
    );
    let out = run_in(&mut w, &mut files, &format!("aws s3 ls {at}"));
    assert_eq!(
        (out.stderr.as_str(), out.exit_code),
        ("\nCould not connect to the endpoint URL: \"http://10.0.0.9:8080/\"\n", 255)
    );
    let out = run_in(&mut w, &mut files, &format!("aws s3 sync d s3://edge-results/raw {at}"));
    assert_eq!(
        (out.stderr.as_str(), out.exit_code),
        ("fatal error: Could not connect to the endpoint URL: \"http://10.0.0.9:8080/edge-results?list-type=2&prefix=raw%2F&encoding-type=url\"\n", 1)
    );
    let out = run_in(
        &mut w,
        &mut files,
        &format!("aws s3 cp \"s3://edge-results/raw/my file.csv\" x {at}"),
    );
    assert_eq!(
        (out.stderr.as_str(), out.exit_code),
        ("fatal error: Could not connect to the endpoint URL: \"http://10.0.0.9:8080/edge-results/raw/my%20file.csv\"\n", 1)
    );
    // The sandbox's own endpoint is still the sandbox's S3.
    assert!(w
        .apply(Command::api("s3.CreateBucket", r#"{"Bucket": "edge-results"}"#))
        .result
        .is_ok());
    let out = run_in(
        &mut w,
        &mut files,
        "aws s3 cp f.txt s3://edge-results/f.txt --endpoint-url http://127.0.0.1:4567",
    );
    assert_eq!(
        (out.stdout.as_str(), out.exit_code),
        ("upload: ./f.txt to s3://edge-results/f.txt\n", 0)
    );
}
