//! `aws snowball create-job --resources file://...` as the real CLI takes it: the option's value
//! is read from the console's files (awscli's paramfile), then parsed as the JobResource
//! structure, Lambda functions and AMIs included.

use aws_cli::{CliOutput, LocalFiles, MemoryFiles};
use engine::{Command, World, WorldConfig};

use crate::support::CLI;

fn run_in(w: &mut World, files: &mut MemoryFiles, line: &str) -> CliOutput {
    let mut send = |target: &str, body: &str| w.apply(Command::api(target, body)).result;
    CLI.run_with_files(line, &mut send, files, 1_767_225_600)
}

#[test]
fn create_job_reads_its_resources_from_a_file() {
    let mut w = World::new(WorldConfig::with_seed(7));
    let mut files = MemoryFiles::new();
    assert!(w
        .apply(Command::api("s3.CreateBucket", r#"{"Bucket": "edge-results"}"#))
        .result
        .is_ok());
    let address = r#"{"Address": {"Name": "Jane Roe", "Street1": "123 Any Street", "City": "Anytown", "StateOrProvince": "WA", "Country": "US", "PostalCode": "91011", "PhoneNumber": "206-555-1111"}}"#;
    let out = w.apply(Command::api("AWSIESnowballJobManagementService.CreateAddress", address));
    let v: serde_json::Value =
        serde_json::from_str(&out.result.unwrap_or_default()).unwrap_or_default();
    let addr = v["AddressId"].as_str().unwrap_or_default().to_string();
    let line = format!("aws snowball create-job --job-type IMPORT --snowball-type EDGE --address-id {addr} --shipping-option SECOND_DAY --resources file://edge-resources.json");
    let missing = run_in(&mut w, &mut files, &line);
    assert_eq!(missing.stderr, "\nError parsing parameter '--resources': Unable to load paramfile file://edge-resources.json: [Errno 2] No such file or directory: 'edge-resources.json'\n");
    let resources = r#"{"S3Resources": [{"BucketArn": "arn:aws:s3:::edge-results"}], "LambdaResources": [{"LambdaArn": "arn:aws:lambda:us-east-1:000000000000:function:sandbox-filter:ERROR", "EventTriggers": [{"EventResourceARN": "arn:aws:s3:::edge-results"}]}], "Ec2AmiResources": [{"AmiId": "ami-0a1b2c3d4e5f60718"}]}"#;
    files.write("edge-resources.json", resources.as_bytes().to_vec(), 0);
    let created = run_in(&mut w, &mut files, &line);
    assert_eq!(created.exit_code, 0, "{}", created.stderr);
    let v: serde_json::Value = serde_json::from_str(&created.stdout).unwrap_or_default();
    let job = v["JobId"].as_str().unwrap_or_default().to_string();
    assert_eq!(job.len(), 39);
    let described = run_in(&mut w, &mut files, &format!("aws snowball describe-job --job-id {job} --query 'JobMetadata.Resources.[LambdaResources[0].LambdaArn, Ec2AmiResources[0].AmiId]' --output text"));
    assert_eq!(
        described.stdout,
        "arn:aws:lambda:us-east-1:000000000000:function:sandbox-filter:ERROR\tami-0a1b2c3d4e5f60718\n"
    );
}
